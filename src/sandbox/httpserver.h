#pragma once

#include "sandbox/httpexchange.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QString>

#include <functional>

class QTcpServer;

namespace pd::sandbox {

class HttpConnection;

// Limits a request must stay within; over them the server answers 400, 413 or
// 431 and closes the connection.
struct HttpLimits
{
    qsizetype maxRequestLineBytes = 16 * 1024;     // longer: 400 (kube-apiserver: 414 is rare; 400 suffices)
    qsizetype maxHeaderBytes = 64 * 1024;          // all header lines together: 431
    int maxHeaderCount = 200;                      // 431
    qsizetype maxBodyBytes = 32 * 1024 * 1024;     // 413 (kube-apiserver caps at 3 MiB per object; bulk imports need more)
    int maxPipelinedRequests = 128;                // parsed but not yet answered, per connection
    int idleTimeoutMs = 5 * 60 * 1000;             // keep-alive connection with nothing in flight
};

// HTTP/1.1 server on QTcpServer, or QSslServer when a TLS configuration is set:
// keep-alive, in-order pipelining, Content-Length and chunked request bodies,
// `Expect: 100-continue`, Content-Length responses and chunked streams flushed
// per chunk. One request per connection is handed to the handler at a time;
// later pipelined ones wait until its response has ended.
class HttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)
public:
    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    void setHandler(RequestHandler handler);
    // Applied to each parsed request before the handler sees it (e.g. protobuf -> JSON bodies).
    void setRequestTransform(std::function<void(HttpRequest &request)> transform);
    void setLimits(const HttpLimits &limits);
    HttpLimits limits() const { return m_limits; }
    // Serve HTTPS with this configuration (certificate + key); call before listen().
    void setTlsConfiguration(const QSslConfiguration &configuration);
    bool isTls() const { return m_tls; }
    // With a TLS configuration: serve TLS and plain HTTP on the one port, as a local
    // ingress controller does for http:// and https:// URLs alike (a connection whose
    // first byte opens a TLS handshake is encrypted).
    void setPlainHttpAccepted(bool accepted) { m_plainAccepted = accepted; }

    bool listen(const QHostAddress &address, quint16 port, QString *error = nullptr);
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    // Stops listening and closes every connection (open streams are aborted).
    void close();

    int connectionCount() const;
    // Exchanges currently streaming (watches).
    int openStreamCount() const;

    // Used by connections.
    void transform(HttpRequest &request) const;
    void dispatch(HttpExchange *exchange);

Q_SIGNALS:
    void connectionOpened();
    void connectionClosed();

private:
    void acceptPending();

    QTcpServer *m_server = nullptr;
    RequestHandler m_handler;
    std::function<void(HttpRequest &request)> m_transform;
    HttpLimits m_limits;
    QSslConfiguration m_tlsConfiguration;
    bool m_tls = false;
    bool m_plainAccepted = false;
    QList<QPointer<HttpConnection>> m_connections;
};

} // namespace pd::sandbox
