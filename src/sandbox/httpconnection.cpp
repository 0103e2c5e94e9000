#include "sandbox/httpconnection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QUrl>

namespace pd::sandbox {

namespace {

constexpr qsizetype kMaxChunkLine = 4096;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s)
        if (!isTokenChar(c))
            return false;
    return true;
}

bool hasToken(const QByteArray &headerValue, QByteArrayView token)
{
    const QList<QByteArray> parts = headerValue.split(',');
    for (const QByteArray &part : parts)
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

// Kubernetes answers errors with a Status object; use it for HTTP-level errors too.
QByteArray statusBody(int code, const QByteArray &message)
{
    QByteArray reason = "BadRequest";
    if (code == 413)
        reason = "RequestEntityTooLarge";
    else if (code == 431)
        reason = "RequestHeaderFieldsTooLarge";
    else if (code == 503)
        reason = "ServiceUnavailable";
    const QJsonObject status{
        {QStringLiteral("kind"), QStringLiteral("Status")},
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("metadata"), QJsonObject()},
        {QStringLiteral("status"), QStringLiteral("Failure")},
        {QStringLiteral("message"), QString::fromUtf8(message)},
        {QStringLiteral("reason"), QString::fromLatin1(reason)},
        {QStringLiteral("code"), code},
    };
    return QJsonDocument(status).toJson(QJsonDocument::Compact);
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, HttpServer *server, const HttpLimits &limits)
    : m_socket(socket), m_server(server), m_limits(limits)
{
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        if (!m_current && m_queue.empty() && m_in.isEmpty())
            m_socket->disconnectFromHost();
    });
    updateIdleTimer();
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    if (m_current)
        m_current->connectionLost(false);
}

bool HttpConnection::isStreaming() const
{
    return m_current && m_current->isStreaming();
}

void HttpConnection::writeBytes(const QByteArray &bytes)
{
    if (m_dead)
        return;
    m_socket->write(bytes);
    m_socket->flush();
}

void HttpConnection::exchangeFinished(ServerExchange *exchange, bool keepAlive)
{
    if (exchange != m_current)
        return;
    m_current = nullptr;
    if (!keepAlive || m_closeAfterCurrent) {
        m_dead = true;
        m_queue.clear();
        m_socket->disconnectFromHost();   // after the written bytes have gone out
        return;
    }
    pump();
}

void HttpConnection::abortConnection()
{
    if (m_dead)
        return;
    teardown(true);
    m_socket->abort();
}

void HttpConnection::closeGracefully()
{
    if (m_dead)
        return;
    if (!m_current) {
        m_dead = true;
        m_socket->disconnectFromHost();
        return;
    }
    if (m_current->isStreaming()) {
        abortConnection();
        return;
    }
    m_closeAfterCurrent = true;
}

void HttpConnection::teardown(bool deferSignal)
{
    m_dead = true;
    m_idleTimer.stop();
    m_queue.clear();
    if (m_current) {
        ServerExchange *exchange = m_current;
        m_current = nullptr;
        exchange->connectionLost(deferSignal);
    }
}

void HttpConnection::onDisconnected()
{
    // Reached once per connection: the socket is gone (peer close, abort, or our own close).
    if (m_socket->property("pdClosed").toBool())
        return;
    m_socket->setProperty("pdClosed", true);
    teardown(false);
    Q_EMIT closed();
    deleteLater();
}

void HttpConnection::onReadyRead()
{
    if (m_dead) {
        m_socket->readAll();
        return;
    }
    m_in += m_socket->readAll();
    m_idleTimer.stop();
    pump();
}

void HttpConnection::pump()
{
    if (m_pumping) {
        m_pumpAgain = true;
        return;
    }
    m_pumping = true;
    do {
        m_pumpAgain = false;
        if (m_dead)
            break;
        parseAvailable();
        dispatchAvailable();
        maybeSendContinue();
    } while (m_pumpAgain);
    m_pumping = false;
    updateIdleTimer();
}

void HttpConnection::updateIdleTimer()
{
    if (!m_dead && !m_current && m_queue.empty() && m_in.isEmpty() && m_parseState == ParseState::Head
        && m_limits.idleTimeoutMs > 0)
        m_idleTimer.start(m_limits.idleTimeoutMs);
}

void HttpConnection::fail(int code, const QByteArray &message)
{
    Pending p;
    p.errorCode = code;
    p.errorMessage = message;
    p.keepAlive = false;
    m_queue.push_back(std::move(p));
    m_parseState = ParseState::Failed;
    m_in.clear();
}

void HttpConnection::parseAvailable()
{
    while (m_parseState != ParseState::Failed && qsizetype(m_queue.size()) < m_limits.maxPipelinedRequests) {
        switch (m_parseState) {
        case ParseState::Head: {
            // Tolerate empty lines before a request line (RFC 9112 2.2).
            while (m_in.startsWith("\r\n"))
                m_in.remove(0, 2);
            const qsizetype end = m_in.indexOf("\r\n\r\n");
            if (end < 0) {
                const qsizetype lineEnd = m_in.indexOf("\r\n");
                if ((lineEnd < 0 && m_in.size() > m_limits.maxRequestLineBytes) || lineEnd > m_limits.maxRequestLineBytes)
                    fail(400, "request line too long");
                else if (m_in.size() > m_limits.maxRequestLineBytes + m_limits.maxHeaderBytes)
                    fail(431, "request header fields too large");
                return;
            }
            const QByteArray head = m_in.left(end);
            m_in.remove(0, end + 4);
            if (!parseHead(head))
                return;
            break;
        }
        case ParseState::Body: {
            const qsizetype take = qMin(m_remaining, m_in.size());
            m_partial.request.body += m_in.left(take);
            m_in.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return;
            completeRequest();
            break;
        }
        case ParseState::ChunkSize: {
            const qsizetype lineEnd = m_in.indexOf("\r\n");
            if (lineEnd < 0) {
                if (m_in.size() > kMaxChunkLine)
                    fail(400, "chunk size line too long");
                return;
            }
            QByteArray line = m_in.left(lineEnd);
            m_in.remove(0, lineEnd + 2);
            const qsizetype semicolon = line.indexOf(';');
            if (semicolon >= 0)
                line.truncate(semicolon);
            line = line.trimmed();
            bool ok = false;
            const qlonglong size = line.toLongLong(&ok, 16);
            if (!ok || size < 0 || line.isEmpty() || line.size() > 15) {
                fail(400, "malformed chunk size");
                return;
            }
            if (m_partial.request.body.size() + size > m_limits.maxBodyBytes) {
                fail(413, "the server has received too large a request entity");
                return;
            }
            m_remaining = qsizetype(size);
            m_parseState = size == 0 ? ParseState::Trailer : ParseState::ChunkData;
            break;
        }
        case ParseState::ChunkData: {
            const qsizetype take = qMin(m_remaining, m_in.size());
            m_partial.request.body += m_in.left(take);
            m_in.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return;
            m_parseState = ParseState::ChunkDataEnd;
            break;
        }
        case ParseState::ChunkDataEnd:
            if (m_in.size() < 2)
                return;
            if (!m_in.startsWith("\r\n")) {
                fail(400, "malformed chunk: missing CRLF after data");
                return;
            }
            m_in.remove(0, 2);
            m_parseState = ParseState::ChunkSize;
            break;
        case ParseState::Trailer: {
            const qsizetype lineEnd = m_in.indexOf("\r\n");
            if (lineEnd < 0) {
                if (m_in.size() > m_limits.maxHeaderBytes)
                    fail(431, "request trailer fields too large");
                return;
            }
            m_in.remove(0, lineEnd + 2);
            if (lineEnd == 0)     // empty line: end of trailers (their content is ignored)
                completeRequest();
            break;
        }
        case ParseState::Failed:
            return;
        }
    }
}

bool HttpConnection::parseHead(const QByteArray &head)
{
    m_partial = Pending();
    m_expectContinue = false;
    if (head.size() > m_limits.maxRequestLineBytes + m_limits.maxHeaderBytes) {
        fail(431, "request header fields too large");
        return false;
    }
    const QList<QByteArray> lines = head.split('\n');
    QByteArray requestLine = lines.first();
    if (requestLine.endsWith('\r'))
        requestLine.chop(1);
    if (requestLine.size() > m_limits.maxRequestLineBytes) {
        fail(400, "request line too long");
        return false;
    }
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
        fail(400, "malformed request line");
        return false;
    }
    if (parts[2] == "HTTP/1.0") {
        m_partial.http10 = true;
    } else if (parts[2] != "HTTP/1.1") {
        fail(400, "unsupported HTTP version");
        return false;
    }
    HttpRequest &req = m_partial.request;
    req.method = parts[0];
    QByteArray target = parts[1];
    if (target.startsWith("http://") || target.startsWith("https://")) {   // absolute-form
        const qsizetype pathStart = target.indexOf('/', target.indexOf("//") + 2);
        target = pathStart < 0 ? QByteArray("/") : target.mid(pathStart);
    }
    if (!target.startsWith('/') && target != "*") {
        fail(400, "malformed request target");
        return false;
    }
    const qsizetype q = target.indexOf('?');
    const QByteArray rawPath = q < 0 ? target : target.left(q);
    QByteArray rawQuery = q < 0 ? QByteArray() : target.mid(q + 1);
    const qsizetype fragment = rawQuery.indexOf('#');
    if (fragment >= 0)
        rawQuery.truncate(fragment);
    req.path = QUrl::fromPercentEncoding(rawPath);
    // Go's url.Values encodes a space as '+' (labelSelector=app+in+%28a%2Cb%29); a literal '+' arrives as %2B.
    rawQuery.replace('+', "%20");
    req.query = QUrlQuery(QString::fromUtf8(rawQuery));
    req.peer = m_socket->peerAddress();

    qsizetype headerBytes = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (line.endsWith('\r'))
            line.chop(1);
        headerBytes += line.size();
        if (line.isEmpty())
            continue;
        if (line.startsWith(' ') || line.startsWith('\t')) {
            fail(400, "obsolete header line folding");
            return false;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon))) {
            fail(400, "malformed header line");
            return false;
        }
        req.headers.append({line.left(colon).toLower(), line.mid(colon + 1).trimmed()});
    }
    if (headerBytes > m_limits.maxHeaderBytes || req.headers.size() > m_limits.maxHeaderCount) {
        fail(431, "request header fields too large");
        return false;
    }
    bool hasHost = false;
    QByteArray contentLength;
    QByteArray transferEncoding;
    QByteArray connection;
    for (const auto &h : std::as_const(req.headers)) {
        if (h.first == "host") {
            hasHost = true;
        } else if (h.first == "content-length") {
            if (!contentLength.isNull() && contentLength != h.second) {
                fail(400, "conflicting Content-Length headers");
                return false;
            }
            contentLength = h.second;
        } else if (h.first == "transfer-encoding") {
            transferEncoding += (transferEncoding.isEmpty() ? "" : ",") + h.second;
        } else if (h.first == "connection") {
            connection += (connection.isEmpty() ? "" : ",") + h.second;
        } else if (h.first == "expect" && h.second.compare("100-continue", Qt::CaseInsensitive) == 0) {
            m_expectContinue = true;
        }
    }
    if (!m_partial.http10 && !hasHost) {
        fail(400, "missing required Host header");
        return false;
    }
    m_partial.keepAlive = m_partial.http10 ? hasToken(connection, "keep-alive") : !hasToken(connection, "close");

    if (!transferEncoding.isEmpty()) {
        if (!contentLength.isNull()) {
            fail(400, "both Transfer-Encoding and Content-Length");
            return false;
        }
        if (transferEncoding.trimmed().compare("chunked", Qt::CaseInsensitive) != 0) {
            fail(m_partial.http10 ? 400 : 501, "unsupported transfer encoding");
            return false;
        }
        m_parseState = ParseState::ChunkSize;
        return true;
    }
    if (!contentLength.isNull()) {
        bool ok = contentLength.size() <= 18;
        for (char c : std::as_const(contentLength))
            ok = ok && c >= '0' && c <= '9';
        const qlonglong length = ok ? contentLength.toLongLong(&ok) : -1;
        if (!ok || length < 0 || contentLength.isEmpty()) {
            fail(400, "malformed Content-Length");
            return false;
        }
        if (length > m_limits.maxBodyBytes) {
            fail(413, "the server has received too large a request entity");
            return false;
        }
        if (length > 0) {
            m_remaining = qsizetype(length);
            m_partial.request.body.reserve(m_remaining);
            m_parseState = ParseState::Body;
            return true;
        }
    }
    m_expectContinue = false;
    completeRequest();
    return true;
}

void HttpConnection::completeRequest()
{
    m_expectContinue = false;
    m_queue.push_back(std::move(m_partial));
    m_partial = Pending();
    m_parseState = ParseState::Head;
    m_remaining = 0;
}

void HttpConnection::maybeSendContinue()
{
    // Only when nothing earlier is being answered, so the interim line cannot split another response.
    if (!m_expectContinue || m_dead || m_current || !m_queue.empty())
        return;
    if (m_parseState != ParseState::Body && m_parseState != ParseState::ChunkSize)
        return;
    m_expectContinue = false;
    if (!m_partial.http10)
        writeBytes(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
}

void HttpConnection::dispatchAvailable()
{
    while (!m_dead && !m_current && !m_queue.empty()) {
        Pending next = std::move(m_queue.front());
        m_queue.pop_front();
        if (next.errorCode != 0) {
            writeError(next.errorCode, next.errorMessage);
            return;
        }
        if (m_server)
            m_server->transform(next.request);
        auto *exchange = new ServerExchange(std::move(next.request), next.http10, next.keepAlive, this);
        m_current = exchange;
        if (m_server)
            m_server->dispatch(exchange);
        else
            exchange->respond(503, "application/json", statusBody(503, "server is shutting down"));
    }
}

void HttpConnection::writeError(int code, const QByteArray &message)
{
    const QByteArray body = statusBody(code, message);
    QByteArray out = "HTTP/1.1 " + QByteArray::number(code) + ' ' + httpReasonPhrase(code) + "\r\n"
                     "Content-Type: application/json\r\nConnection: close\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    writeBytes(out);
    m_dead = true;
    m_queue.clear();
    m_socket->disconnectFromHost();
}

} // namespace pd::sandbox
