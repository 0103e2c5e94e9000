#include "sandbox/httpserver.h"

#include "sandbox/httpconnection.h"

#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace pd::sandbox {

namespace {

// TLS or plain HTTP on one port: the first byte of a TLS record of a ClientHello is 0x16
// (handshake), which no HTTP method starts with.
class SniffingServer final : public QTcpServer
{
public:
    SniffingServer(const QSslConfiguration &configuration, QObject *parent)
        : QTcpServer(parent), m_configuration(configuration)
    {
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        auto *deadline = new QTimer(socket);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, socket, &QObject::deleteLater);   // never spoke, or a stuck handshake
        deadline->start(10000);
        connect(socket, &QSslSocket::errorOccurred, socket, [socket, deadline] {
            if (deadline->isActive() && socket->state() != QAbstractSocket::ConnectedState)
                socket->deleteLater();
        });
        connect(socket, &QSslSocket::encrypted, this, [this, socket, deadline] {
            deadline->stop();
            addPendingConnection(socket);
        });
        connect(socket, &QSslSocket::readyRead, this, [this, socket, deadline] {
            if (!deadline->isActive() || socket->isEncrypted() || socket->mode() != QSslSocket::UnencryptedMode)
                return;
            char first = 0;
            if (socket->peek(&first, 1) != 1)
                return;
            if (first == 0x16) {
                socket->setSslConfiguration(m_configuration);
                socket->startServerEncryption();
                return;
            }
            deadline->stop();
            disconnect(socket, &QSslSocket::readyRead, this, nullptr);
            addPendingConnection(socket);
        });
    }

private:
    QSslConfiguration m_configuration;
};

} // namespace

HttpServer::HttpServer(QObject *parent)
    : QObject(parent)
{
}

HttpServer::~HttpServer()
{
    close();
}

void HttpServer::setHandler(RequestHandler handler)
{
    m_handler = std::move(handler);
}

void HttpServer::setRequestTransform(std::function<void(HttpRequest &request)> transform)
{
    m_transform = std::move(transform);
}

void HttpServer::transform(HttpRequest &request) const
{
    if (m_transform)
        m_transform(request);
}

void HttpServer::setLimits(const HttpLimits &limits)
{
    m_limits = limits;
}

void HttpServer::setTlsConfiguration(const QSslConfiguration &configuration)
{
    m_tlsConfiguration = configuration;
    m_tls = true;
}

bool HttpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_server) {
        if (error)
            *error = QStringLiteral("already listening");
        return false;
    }
    if (m_tls && m_plainAccepted) {
        m_server = new SniffingServer(m_tlsConfiguration, this);
    } else if (m_tls) {
        auto *ssl = new QSslServer(this);
        ssl->setSslConfiguration(m_tlsConfiguration);
        ssl->setHandshakeTimeout(10000);
        m_server = ssl;
    } else {
        m_server = new QTcpServer(this);
    }
    m_server->setMaxPendingConnections(1024);
    // QSslServer queues a connection only after its handshake: pendingConnectionAvailable, not newConnection.
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::acceptPending);
    if (!m_server->listen(address, port)) {
        if (error)
            *error = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return false;
    }
    return true;
}

bool HttpServer::isListening() const
{
    return m_server && m_server->isListening();
}

QHostAddress HttpServer::serverAddress() const
{
    return m_server ? m_server->serverAddress() : QHostAddress();
}

quint16 HttpServer::serverPort() const
{
    return m_server ? m_server->serverPort() : 0;
}

void HttpServer::close()
{
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
    const auto connections = m_connections;
    m_connections.clear();
    for (const QPointer<HttpConnection> &c : connections) {
        if (c) {
            c->abortConnection();
            delete c.data();
        }
    }
}

int HttpServer::connectionCount() const
{
    int n = 0;
    for (const auto &c : m_connections)
        n += c ? 1 : 0;
    return n;
}

int HttpServer::openStreamCount() const
{
    int n = 0;
    for (const auto &c : m_connections)
        n += (c && c->isStreaming()) ? 1 : 0;
    return n;
}

void HttpServer::dispatch(HttpExchange *exchange)
{
    if (m_handler)
        m_handler(exchange);
    else
        exchange->respond(404, "text/plain", "no handler\n");
}

void HttpServer::acceptPending()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            break;
        auto *connection = new HttpConnection(socket, this, m_limits);
        m_connections.append(connection);
        connect(connection, &HttpConnection::closed, this, [this, connection] {
            m_connections.removeAll(connection);
            Q_EMIT connectionClosed();
        });
        Q_EMIT connectionOpened();
    }
}

} // namespace pd::sandbox
