#include "scriptedserver.h"

#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

namespace pd::test {

using namespace Qt::StringLiterals;

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

QByteArray chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

} // namespace

CannedResponse CannedResponse::json(int status, const QJsonObject &object)
{
    CannedResponse r;
    r.status = status;
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

CannedResponse CannedResponse::kubeStatus(int code, const QString &reason, const QString &message,
                                          const QJsonObject &details)
{
    QJsonObject status{{"kind"_L1, "Status"_L1},
                       {"apiVersion"_L1, "v1"_L1},
                       {"metadata"_L1, QJsonObject{}},
                       {"status"_L1, "Failure"_L1},
                       {"message"_L1, message},
                       {"reason"_L1, reason}};
    if (!details.isEmpty())
        status.insert("details"_L1, details);
    status.insert("code"_L1, code);
    return json(code, status);
}

CannedResponse CannedResponse::text(int status, const QByteArray &body, const QByteArray &contentType)
{
    CannedResponse r;
    r.status = status;
    r.body = body;
    r.contentType = contentType;
    return r;
}

CannedResponse CannedResponse::watchStream(const QList<QByteArray> &initialLines)
{
    CannedResponse r;
    r.stream = true;
    r.lines = initialLines;
    return r;
}

CannedResponse CannedResponse::dropConnection()
{
    CannedResponse r;
    r.drop = true;
    return r;
}

CannedResponse CannedResponse::noAnswer()
{
    CannedResponse r;
    r.silent = true;
    return r;
}

CannedResponse &CannedResponse::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

ScriptedServer::ScriptedServer(QObject *parent)
    : QObject(parent)
{
}

ScriptedServer::~ScriptedServer()
{
    for (auto it = m_connections.keyBegin(); it != m_connections.keyEnd(); ++it) {
        (*it)->disconnect(this);
        (*it)->abort();
    }
}

bool ScriptedServer::listen()
{
    m_server = new QTcpServer(this);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            accept(socket);
    });
    return m_server->listen(QHostAddress::LocalHost, 0);
}

bool ScriptedServer::listenTls(const QByteArray &certificatePem, const QByteArray &keyPem, const QByteArray &clientCaPem)
{
    auto *server = new QSslServer(this);
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate(certificatePem, QSsl::Pem));
    QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (!clientCaPem.isEmpty()) {
        config.setCaCertificates(QSslCertificate::fromData(clientCaPem, QSsl::Pem));
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    }
    server->setSslConfiguration(config);
    m_server = server;
    m_tls = true;
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            accept(socket);
    });
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QUrl ScriptedServer::url() const
{
    return QUrl(u"%1://127.0.0.1:%2"_s.arg(m_tls ? u"https"_s : u"http"_s).arg(port()));
}

quint16 ScriptedServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void ScriptedServer::on(const QByteArray &method, const QString &path, const CannedResponse &response,
                        const QString &querySubstring)
{
    on(method, path, QList<CannedResponse>{response}, querySubstring);
}

void ScriptedServer::on(const QByteArray &method, const QString &path, const QList<CannedResponse> &responses,
                        const QString &querySubstring)
{
    for (Route &route : m_routes) {
        if (route.method == method && route.path == path && route.querySubstring == querySubstring) {
            route.responses += responses;
            return;
        }
    }
    m_routes.append(Route{method, path, querySubstring, responses, 0});
}

void ScriptedServer::clearRoutes()
{
    m_routes.clear();
}

int ScriptedServer::count(const QByteArray &method, const QString &path, const QString &querySubstring) const
{
    int n = 0;
    for (const RecordedRequest &r : m_requests) {
        if (r.method == method && r.path == path
            && (querySubstring.isEmpty() || QUrl::fromPercentEncoding(r.rawQuery.toUtf8()).contains(querySubstring)))
            ++n;
    }
    return n;
}

void ScriptedServer::accept(QTcpSocket *socket)
{
    m_connections.insert(socket, Connection{});
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_connections.remove(socket);
        m_streams.removeAll(socket);
        socket->deleteLater();
    });
    if (socket->bytesAvailable() > 0)
        onReadable(socket);
}

void ScriptedServer::onReadable(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->buffer += socket->readAll();
    while (!it->streaming) {
        const qsizetype headerEnd = it->buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = it->buffer.left(headerEnd).split('\n');
        RecordedRequest request;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        QByteArray target = requestLine.value(1);
        if (target.startsWith("http://") || target.startsWith("https://")) {
            // Absolute form: we are being used as a proxy.
            const QUrl absolute(QString::fromLatin1(target));
            request.proxiedAuthority = absolute.authority();
            target = target.mid(target.indexOf('/', target.indexOf("//") + 2));
        }
        const qsizetype q = target.indexOf('?');
        request.path = QUrl::fromPercentEncoding(q < 0 ? target : target.left(q));
        request.rawQuery = q < 0 ? QString() : QString::fromLatin1(target.mid(q + 1));
        request.query = QUrlQuery(request.rawQuery);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
        }
        const qsizetype length = request.header("content-length").toLongLong();
        if (it->buffer.size() < headerEnd + 4 + length)
            return;   // body still coming
        request.body = it->buffer.mid(headerEnd + 4, length);
        if (auto *tls = qobject_cast<QSslSocket *>(socket); tls && !tls->peerCertificate().isNull())
            request.clientCertificateCommonName = tls->peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0);
        it->buffer.remove(0, headerEnd + 4 + length);
        m_requests.append(request);
        Q_EMIT requestReceived(request);
        answer(socket, request);
        it = m_connections.find(socket);
        if (it == m_connections.end())
            return;
    }
}

void ScriptedServer::answer(QTcpSocket *socket, const RecordedRequest &request)
{
    const QString decodedQuery = QUrl::fromPercentEncoding(request.rawQuery.toUtf8());
    Route *match = nullptr;
    for (Route &route : m_routes) {
        if (route.method != request.method || route.path != request.path)
            continue;
        if (!route.querySubstring.isEmpty()) {
            if (decodedQuery.contains(route.querySubstring)) {
                match = &route;
                break;   // a route naming the query wins
            }
        } else if (!match) {
            match = &route;
        }
    }
    CannedResponse response;
    if (std::optional<CannedResponse> dynamic = m_responder ? m_responder(request) : std::nullopt) {
        response = *dynamic;
    } else if (!match || match->responses.isEmpty()) {
        response = CannedResponse::kubeStatus(404, u"NotFound"_s, u"the server could not find the requested resource"_s,
                                              QJsonObject{});
    } else {
        response = match->responses.at(std::min<qsizetype>(match->served, match->responses.size() - 1));
        ++match->served;
    }

    if (response.silent)
        return;
    if (response.drop) {
        m_connections.remove(socket);
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
        return;
    }
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    head += "Content-Type: " + response.contentType + "\r\n";
    for (const auto &[name, value] : std::as_const(response.headers))
        head += name + ": " + value + "\r\n";
    if (response.stream) {
        head += "Transfer-Encoding: chunked\r\n\r\n";
        socket->write(head);
        for (const QByteArray &line : std::as_const(response.lines))
            socket->write(chunk(line + '\n'));
        socket->flush();
        m_connections[socket].streaming = true;
        m_streams.append(socket);
        Q_EMIT streamOpened();
        return;
    }
    head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    head += "Connection: close\r\n\r\n";
    socket->write(head + response.body);
    socket->disconnectFromHost();
}

QTcpSocket *ScriptedServer::newestStream() const
{
    for (qsizetype i = m_streams.size() - 1; i >= 0; --i) {
        if (m_streams.at(i))
            return m_streams.at(i);
    }
    return nullptr;
}

int ScriptedServer::openStreams() const
{
    int n = 0;
    for (const auto &s : m_streams)
        n += s ? 1 : 0;
    return n;
}

void ScriptedServer::pushLine(const QByteArray &line)
{
    pushRaw(line + '\n');
}

void ScriptedServer::pushRaw(const QByteArray &bytes)
{
    if (QTcpSocket *socket = newestStream()) {
        socket->write(chunk(bytes));
        socket->flush();
    }
}

void ScriptedServer::endStream()
{
    if (QTcpSocket *socket = newestStream()) {
        m_streams.removeAll(socket);
        socket->write("0\r\n\r\n");
        socket->disconnectFromHost();
    }
}

void ScriptedServer::dropStream()
{
    if (QTcpSocket *socket = newestStream()) {
        m_streams.removeAll(socket);
        m_connections.remove(socket);
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

} // namespace pd::test
