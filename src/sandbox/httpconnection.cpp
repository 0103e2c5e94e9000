#include "sandbox/httpconnection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace pd::sandbox {

namespace {

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
    : m_socket(socket), m_server(server), m_limits(limits), m_parser(limits)
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
        if (!m_current && m_parser.isIdle())
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
        m_parser.discardAll();
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
    m_parser.discardAll();
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
    m_parser.append(m_socket->readAll());
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
        m_parser.parse();
        dispatchAvailable();
        maybeSendContinue();
    } while (m_pumpAgain);
    m_pumping = false;
    updateIdleTimer();
}

void HttpConnection::updateIdleTimer()
{
    if (!m_dead && !m_current && m_parser.isIdle() && m_limits.idleTimeoutMs > 0)
        m_idleTimer.start(m_limits.idleTimeoutMs);
}

void HttpConnection::maybeSendContinue()
{
    // Only when nothing earlier is being answered, so the interim line cannot split another response.
    if (m_dead || m_current || m_parser.hasRequest())
        return;
    if (m_parser.takeContinueRequest())
        writeBytes(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
}

void HttpConnection::dispatchAvailable()
{
    while (!m_dead && !m_current && m_parser.hasRequest()) {
        ParsedRequest next = m_parser.takeRequest();
        if (next.errorCode != 0) {
            writeError(next.errorCode, next.errorMessage);
            return;
        }
        next.request.peer = m_socket->peerAddress();
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
    m_parser.discardAll();
    m_socket->disconnectFromHost();
}

} // namespace pd::sandbox
