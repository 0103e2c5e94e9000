#include "sandbox/serverexchange.h"

#include "sandbox/httpconnection.h"

namespace pd::sandbox {

QByteArray httpReasonPhrase(int statusCode)
{
    switch (statusCode) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Request Entity Too Large";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return statusCode < 400 ? "OK" : "Error";
    }
}

ServerExchange::ServerExchange(HttpRequest request, bool http10, bool keepAlive, HttpConnection *connection)
    : m_request(std::move(request)), m_connection(connection), m_http10(http10), m_keepAlive(keepAlive)
{
}

ServerExchange::~ServerExchange() = default;

QByteArray ServerExchange::statusHead(int statusCode) const
{
    QByteArray head = m_http10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    head += QByteArray::number(statusCode) + ' ' + httpReasonPhrase(statusCode) + "\r\n";
    if (!m_keepAlive)
        head += "Connection: close\r\n";
    else if (m_http10)
        head += "Connection: keep-alive\r\n";
    return head;
}

void ServerExchange::respond(int statusCode, const QByteArray &contentType, const QByteArray &body,
                             const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    if (m_state != State::Pending || !m_connection)
        return;
    const bool noBody = statusCode == 204 || statusCode == 304 || (statusCode >= 100 && statusCode < 200);
    QByteArray out = statusHead(statusCode);
    if (!contentType.isEmpty() && !noBody)
        out += "Content-Type: " + contentType + "\r\n";
    for (const auto &h : extraHeaders)
        out += h.first + ": " + h.second + "\r\n";
    if (!noBody)
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n";
    if (!noBody && m_request.method != "HEAD")
        out += body;
    m_connection->writeBytes(out);
    finish();
}

void ServerExchange::beginStream(int statusCode, const QByteArray &contentType)
{
    if (m_state != State::Pending || !m_connection)
        return;
    if (m_http10)
        m_keepAlive = false;    // no chunked encoding in HTTP/1.0: the end of the stream is the close
    QByteArray out = statusHead(statusCode);
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    out += "Cache-Control: no-cache, private\r\n";
    if (!m_http10)
        out += "Transfer-Encoding: chunked\r\n";
    out += "\r\n";
    m_state = State::Streaming;
    m_connection->writeBytes(out);
}

void ServerExchange::writeChunk(const QByteArray &data)
{
    if (m_state != State::Streaming || !m_connection || data.isEmpty())
        return;
    if (m_http10) {
        m_connection->writeBytes(data);
        return;
    }
    m_connection->writeBytes(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void ServerExchange::endStream()
{
    if (m_state != State::Streaming || !m_connection)
        return;
    if (!m_http10)
        m_connection->writeBytes(QByteArrayLiteral("0\r\n\r\n"));
    finish();
}

void ServerExchange::abort()
{
    if (m_state == State::Done || m_state == State::Lost || !m_connection)
        return;
    m_connection->abortConnection();
}

bool ServerExchange::isOpen() const
{
    return m_connection && (m_state == State::Pending || m_state == State::Streaming);
}

void ServerExchange::connectionLost(bool deferSignal)
{
    if (m_state == State::Done || m_state == State::Lost)
        return;
    m_state = State::Lost;
    m_connection = nullptr;
    if (deferSignal) {
        // abort() came from the handler's own code: let it return before it hears of the close.
        QMetaObject::invokeMethod(this, [this] {
            Q_EMIT peerClosed();
            deleteLater();
        }, Qt::QueuedConnection);
    } else {
        Q_EMIT peerClosed();
        deleteLater();
    }
}

void ServerExchange::finish()
{
    m_state = State::Done;
    if (m_connection)
        m_connection->exchangeFinished(this, m_keepAlive);
    deleteLater();
}

} // namespace pd::sandbox
