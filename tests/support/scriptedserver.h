#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <optional>

QT_BEGIN_NAMESPACE
class QTcpServer;
class QTcpSocket;
QT_END_NAMESPACE

namespace pd::test {

// One request as the server received it.
struct RecordedRequest
{
    QByteArray method;
    QString path;                          // decoded path without query
    QString rawQuery;                      // as sent (percent-encoded)
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // keys lower-case
    QByteArray body;
    QString clientCertificateCommonName;   // TLS with client certificates: who presented one
    QString proxiedAuthority;              // as an HTTP proxy (absolute-form target): the host:port asked for

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    QString queryValue(const QString &key) const { return query.queryItemValue(key, QUrl::FullyDecoded); }
};

// What the server answers to one request.
struct CannedResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray contentType = "application/json";
    bool stream = false;          // chunked and kept open: the test pushes lines (watch)
    QList<QByteArray> lines;      // stream: lines sent at once (each gets "\n")
    bool drop = false;            // read the request, then reset the connection without answering
    bool silent = false;          // never answer (for client timeouts)

    static CannedResponse json(int status, const QJsonObject &object);
    // A Kubernetes Status body exactly as kube-apiserver writes it.
    static CannedResponse kubeStatus(int code, const QString &reason, const QString &message,
                                     const QJsonObject &details = {});
    static CannedResponse text(int status, const QByteArray &body, const QByteArray &contentType);
    static CannedResponse watchStream(const QList<QByteArray> &initialLines = {});
    static CannedResponse dropConnection();
    static CannedResponse noAnswer();
    CannedResponse &withHeader(const QByteArray &name, const QByteArray &value);
};

// A small HTTP/1.1 server on 127.0.0.1 the tests script: routes answer with canned
// responses in order (the last one repeats), watches stream lines the test pushes
// and can be ended or dropped, and every request is recorded. Optionally TLS.
class ScriptedServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptedServer)
public:
    explicit ScriptedServer(QObject *parent = nullptr);
    ~ScriptedServer() override;

    bool listen();                                                  // plain HTTP, random port
    // TLS; with clientCaPem the server asks for a client certificate signed by it.
    bool listenTls(const QByteArray &certificatePem, const QByteArray &keyPem, const QByteArray &clientCaPem = {});
    QUrl url() const;                                               // http(s)://127.0.0.1:PORT
    quint16 port() const;

    // Answers for METHOD PATH (exact path; query ignored unless querySubstring is given,
    // and routes with a matching querySubstring win). Answers are used in order; the
    // last one repeats. Calling again for the same route appends.
    void on(const QByteArray &method, const QString &path, const CannedResponse &response,
            const QString &querySubstring = {});
    void on(const QByteArray &method, const QString &path, const QList<CannedResponse> &responses,
            const QString &querySubstring = {});
    void clearRoutes();
    // Asked first for every request: a stateful double answers here; nullopt falls back to the routes.
    using Responder = std::function<std::optional<CannedResponse>(const RecordedRequest &)>;
    void setResponder(Responder responder) { m_responder = std::move(responder); }

    QList<RecordedRequest> requests() const { return m_requests; }
    int count(const QByteArray &method, const QString &path, const QString &querySubstring = {}) const;
    RecordedRequest last() const { return m_requests.isEmpty() ? RecordedRequest{} : m_requests.constLast(); }

    // Open streams, oldest first.
    int openStreams() const;
    void pushLine(const QByteArray &line);            // to the newest open stream
    void pushRaw(const QByteArray &bytes);            // a partial line, as one chunk
    void endStream();                                 // terminating chunk, then close (clean end)
    void dropStream();                                // reset the newest stream's connection

Q_SIGNALS:
    void requestReceived(const pd::test::RecordedRequest &request);
    void streamOpened();

private:
    struct Route
    {
        QByteArray method;
        QString path;
        QString querySubstring;
        QList<CannedResponse> responses;
        int served = 0;
    };
    struct Connection
    {
        QByteArray buffer;
        bool streaming = false;
    };
    void accept(QTcpSocket *socket);
    void onReadable(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const RecordedRequest &request);
    QTcpSocket *newestStream() const;

    QTcpServer *m_server = nullptr;
    bool m_tls = false;
    QList<Route> m_routes;
    Responder m_responder;
    QList<RecordedRequest> m_requests;
    QMap<QTcpSocket *, Connection> m_connections;
    QList<QPointer<QTcpSocket>> m_streams;
};

} // namespace pd::test
