// The sandbox's own HTTP/1.1 layer over real loopback sockets.
#include "sandbox/httpserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace pd::sandbox;

namespace {

// One parsed response as a raw client sees it.
struct RawResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
};

// Takes one complete response off the front of `buffer` (Content-Length or chunked).
bool takeResponse(QByteArray &buffer, RawResponse *out)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    RawResponse r;
    r.status = lines.first().split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        r.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    qsizetype pos = headEnd + 4;
    if (r.header("transfer-encoding") == "chunked") {
        for (;;) {
            const qsizetype lineEnd = buffer.indexOf("\r\n", pos);
            if (lineEnd < 0)
                return false;
            const qsizetype size = buffer.mid(pos, lineEnd - pos).toLongLong(nullptr, 16);
            if (buffer.size() < lineEnd + 2 + size + 2)
                return false;
            r.body += buffer.mid(lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
            if (size == 0)
                break;
        }
    } else if (r.status != 100) {
        const qsizetype length = r.header("content-length").toLongLong();
        if (buffer.size() < pos + length)
            return false;
        r.body = buffer.mid(pos, length);
        pos += length;
    }
    buffer.remove(0, pos);
    *out = r;
    return true;
}

// A raw loopback client that accumulates what the server sends.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { m_buffer += m_socket.readAll(); });
    }
    bool waitConnected() { return m_socket.waitForConnected(5000); }
    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);     // buffered until connected
        if (m_socket.state() == QAbstractSocket::ConnectedState)
            m_socket.flush();
    }
    bool responseReady()
    {
        QByteArray copy = m_buffer;
        RawResponse ignored;
        return takeResponse(copy, &ignored);
    }
    RawResponse take()
    {
        RawResponse r;
        takeResponse(m_buffer, &r);
        return r;
    }
    QByteArray &buffer() { return m_buffer; }
    QTcpSocket &socket() { return m_socket; }
    bool isClosed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

QByteArray get(const QByteArray &path, const QByteArray &extra = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + extra + "\r\n";
}

} // namespace

class TestHttpServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void keepAliveServesSeveralRequests();
    void connectionCloseIsHonoured();
    void http10ClosesAfterResponse();
    void pipelinedRequestsAnswerInOrder();
    void contentLengthAndChunkedBodies_data();
    void contentLengthAndChunkedBodies();
    void expectContinueGetsInterimResponse();
    void pathAndQueryAreDecoded();
    void malformedRequests_data();
    void malformedRequests();
    void chunkedStreamFlushesEachChunk();
    void peerCloseIsReported();
    void abortClosesTheConnection();
    void closeEndsOpenStreams();
    void manyConcurrentStreams();

private:
    std::unique_ptr<HttpServer> m_server;
    RequestHandler m_handler;
};

void TestHttpServer::init()
{
    m_server = std::make_unique<HttpServer>();
    // Default: echo method, path and body.
    m_handler = [](HttpExchange *e) {
        const HttpRequest &r = e->request();
        e->respond(200, "text/plain", r.method + ' ' + r.path.toUtf8() + '\n' + r.body);
    };
    m_server->setHandler([this](HttpExchange *e) { m_handler(e); });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void TestHttpServer::cleanup()
{
    m_server.reset();
}

void TestHttpServer::keepAliveServesSeveralRequests()
{
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    for (int i = 0; i < 3; ++i) {
        client.send(get("/r" + QByteArray::number(i)));
        QTRY_VERIFY(client.responseReady());
        const RawResponse r = client.take();
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, "GET /r" + QByteArray::number(i) + '\n');
        QVERIFY(r.header("connection").isEmpty());
    }
    QCOMPARE(m_server->connectionCount(), 1);
    QVERIFY(!client.isClosed());
}

void TestHttpServer::connectionCloseIsHonoured()
{
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/x", "Connection: close\r\n"));
    QTRY_VERIFY(client.isClosed());
    const RawResponse r = client.take();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("connection"), QByteArray("close"));
}

void TestHttpServer::http10ClosesAfterResponse()
{
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send("GET /old HTTP/1.0\r\n\r\n");
    QTRY_VERIFY(client.isClosed());
    QVERIFY(client.buffer().startsWith("HTTP/1.0 200 OK\r\n"));
    QCOMPARE(client.take().body, QByteArray("GET /old\n"));
}

void TestHttpServer::pipelinedRequestsAnswerInOrder()
{
    // The first answer comes late; the second and third must still follow it.
    int handled = 0;
    m_handler = [&handled](HttpExchange *e) {
        ++handled;
        const QByteArray body = e->request().path.toUtf8();
        if (body == "/slow") {
            QPointer<HttpExchange> guard(e);
            QTimer::singleShot(50, e, [guard, body] { guard->respond(200, "text/plain", body); });
            return;
        }
        e->respond(200, "text/plain", body);
    };
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/slow") + "POST /two HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc" + get("/three"));
    QStringList order;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        while (client.responseReady())
            order.append(QString::fromUtf8(client.take().body));
        return order.size() == 3;
    }()), 5000);
    QCOMPARE(order, (QStringList{QStringLiteral("/slow"), QStringLiteral("/two"), QStringLiteral("/three")}));
    QCOMPARE(handled, 3);
}

void TestHttpServer::contentLengthAndChunkedBodies_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("expectedBody");
    QTest::newRow("content-length") << QByteArray("PUT /a HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world")
                                    << QByteArray("PUT /a\nhello world");
    QTest::newRow("chunked") << QByteArray("PATCH /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                                           "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n")
                             << QByteArray("PATCH /b\nhello world");
    QTest::newRow("chunked with trailer") << QByteArray("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                        "3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n")
                                          << QByteArray("POST /c\nabc");
    QTest::newRow("empty body") << QByteArray("DELETE /d HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
                                << QByteArray("DELETE /d\n");
}

void TestHttpServer::contentLengthAndChunkedBodies()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, expectedBody);
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    // Byte by byte for the first half: the parser must cope with any split.
    const qsizetype half = request.size() / 2;
    for (qsizetype i = 0; i < half; ++i) {
        client.send(request.mid(i, 1));
        QCoreApplication::processEvents();
    }
    client.send(request.mid(half));
    QTRY_VERIFY(client.responseReady());
    const RawResponse r = client.take();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, expectedBody);
}

void TestHttpServer::expectContinueGetsInterimResponse()
{
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send("POST /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
    QTRY_VERIFY(client.buffer().contains("\r\n\r\n"));
    QCOMPARE(client.buffer(), QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
    client.buffer().clear();
    client.send("body");
    QTRY_VERIFY(client.responseReady());
    QCOMPARE(client.take().body, QByteArray("POST /e\nbody"));
}

void TestHttpServer::pathAndQueryAreDecoded()
{
    HttpRequest seen;
    m_handler = [&seen](HttpExchange *e) {
        seen = e->request();
        e->respond(204, {}, {});
    };
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/api/v1/namespaces/a%2Db/pods?labelSelector=app+in+%28a%2Cb%29&fieldSelector=metadata.name%3Dx%2By&watch=1",
                    "Authorization: Bearer abc\r\nX-Mixed-Case:  v  \r\n"));
    QTRY_VERIFY(client.responseReady());
    QCOMPARE(client.take().status, 204);
    QCOMPARE(seen.method, QByteArray("GET"));
    QCOMPARE(seen.path, QStringLiteral("/api/v1/namespaces/a-b/pods"));
    QCOMPARE(seen.query.queryItemValue(QStringLiteral("labelSelector"), QUrl::FullyDecoded), QStringLiteral("app in (a,b)"));
    QCOMPARE(seen.query.queryItemValue(QStringLiteral("fieldSelector"), QUrl::FullyDecoded), QStringLiteral("metadata.name=x+y"));
    QCOMPARE(seen.query.queryItemValue(QStringLiteral("watch")), QStringLiteral("1"));
    QCOMPARE(seen.header("authorization"), QByteArray("Bearer abc"));
    QCOMPARE(seen.header("x-mixed-case"), QByteArray("v"));
    QCOMPARE(seen.peer, QHostAddress(QHostAddress::LocalHost));
}

void TestHttpServer::malformedRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("expectedStatus");
    QTest::newRow("garbage") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("bad version") << QByteArray("GET / HTTP/2.0\r\nHost: h\r\n\r\n") << 400;
    QTest::newRow("no host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("bad target") << QByteArray("GET nope HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
    QTest::newRow("header without colon") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nBroken\r\n\r\n") << 400;
    QTest::newRow("folded header") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n") << 400;
    QTest::newRow("bad content-length") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n") << 400;
    QTest::newRow("negative content-length") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("conflicting lengths") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400;
    QTest::newRow("te and cl") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n") << 400;
    QTest::newRow("unknown te") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n") << 501;
    QTest::newRow("bad chunk size") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << 400;
    QTest::newRow("chunk without crlf") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY") << 400;
    QTest::newRow("body too large") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2000\r\n\r\n") << 413;
    QTest::newRow("chunks too large") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n") << 413;
    QTest::newRow("headers too large") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nX: " + QByteArray(3000, 'a') + "\r\n\r\n") << 431;
    QTest::newRow("unterminated huge head") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nX: " + QByteArray(6000, 'a')) << 431;
    QTest::newRow("request line too long") << QByteArray("GET /" + QByteArray(1500, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
}

void TestHttpServer::malformedRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(int, expectedStatus);
    HttpLimits limits;
    limits.maxBodyBytes = 1024;
    limits.maxHeaderBytes = 2048;
    limits.maxRequestLineBytes = 1024;
    m_server = std::make_unique<HttpServer>();
    m_server->setLimits(limits);
    int handled = 0;
    m_server->setHandler([&handled](HttpExchange *e) {
        ++handled;
        e->respond(200, "text/plain", "ok");
    });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    // A valid request first: it is answered before the broken one.
    client.send(get("/fine") + request);
    QTRY_VERIFY(client.isClosed());
    QVERIFY(client.responseReady());
    QCOMPARE(client.take().status, 200);
    QVERIFY2(client.responseReady(), client.buffer().constData());
    const RawResponse error = client.take();
    QCOMPARE(error.status, expectedStatus);
    QCOMPARE(error.header("connection"), QByteArray("close"));
    QVERIFY(error.body.contains("\"kind\":\"Status\""));
    QCOMPARE(handled, 1);
}

void TestHttpServer::chunkedStreamFlushesEachChunk()
{
    QPointer<HttpExchange> stream;
    m_handler = [&stream](HttpExchange *e) {
        if (e->request().path == QLatin1String("/watch")) {
            stream = e;
            e->beginStream(200, "application/json");
            e->writeChunk("{\"type\":\"ADDED\"}\n");
            return;
        }
        e->respond(200, "text/plain", "after");
    };
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/watch") + get("/next"));
    QTRY_VERIFY(client.buffer().endsWith("{\"type\":\"ADDED\"}\n\r\n"));
    QVERIFY(client.buffer().contains("Transfer-Encoding: chunked\r\n"));
    QVERIFY(client.buffer().contains("\r\n\r\n11\r\n{\"type\":\"ADDED\"}\n\r\n"));
    QVERIFY(stream);
    QCOMPARE(m_server->openStreamCount(), 1);
    stream->writeChunk("{\"type\":\"MODIFIED\"}\n");
    QTRY_VERIFY(client.buffer().endsWith("14\r\n{\"type\":\"MODIFIED\"}\n\r\n"));
    QVERIFY(!client.buffer().contains("after"));      // the pipelined request waits for the stream
    stream->endStream();
    QTRY_VERIFY(client.buffer().contains("after"));
    RawResponse watch = client.take();
    QCOMPARE(watch.body, QByteArray("{\"type\":\"ADDED\"}\n{\"type\":\"MODIFIED\"}\n"));
    QTRY_VERIFY(client.responseReady());
    QCOMPARE(client.take().body, QByteArray("after"));
    QTRY_VERIFY(!stream);      // deleted by the HTTP layer once ended
    QCOMPARE(m_server->openStreamCount(), 0);
}

void TestHttpServer::peerCloseIsReported()
{
    QPointer<HttpExchange> stream;
    std::unique_ptr<QSignalSpy> spy;
    m_handler = [&](HttpExchange *e) {
        stream = e;
        spy = std::make_unique<QSignalSpy>(e, &HttpExchange::peerClosed);
        e->beginStream(200, "application/json");
    };
    {
        RawClient client(m_server->serverPort());
        QVERIFY(client.waitConnected());
        client.send(get("/watch"));
        QTRY_VERIFY(stream);
        QTRY_COMPARE(m_server->openStreamCount(), 1);
        QVERIFY(stream->isOpen());
    }   // the client goes away
    QTRY_COMPARE(spy->count(), 1);
    QTRY_VERIFY(!stream);
    QTRY_COMPARE(m_server->connectionCount(), 0);
}

void TestHttpServer::abortClosesTheConnection()
{
    QPointer<HttpExchange> stream;
    std::unique_ptr<QSignalSpy> spy;
    m_handler = [&](HttpExchange *e) {
        stream = e;
        spy = std::make_unique<QSignalSpy>(e, &HttpExchange::peerClosed);
        e->beginStream(200, "application/json");
        e->writeChunk("x");
    };
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/watch"));
    QTRY_VERIFY(client.buffer().endsWith("1\r\nx\r\n"));
    stream->abort();
    QVERIFY(!stream->isOpen());
    QCOMPARE(spy->count(), 0);                // not re-entrantly: the caller may be iterating its watchers
    stream->writeChunk("ignored");            // harmless after abort
    QTRY_COMPARE(spy->count(), 1);
    QTRY_VERIFY(client.isClosed());
    QVERIFY(!client.buffer().contains("0\r\n\r\n"));   // no proper end
    QTRY_VERIFY(!stream);
}

void TestHttpServer::closeEndsOpenStreams()
{
    QPointer<HttpExchange> stream;
    m_handler = [&](HttpExchange *e) {
        stream = e;
        e->beginStream(200, "application/json");
    };
    RawClient client(m_server->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/watch"));
    QTRY_VERIFY(stream);
    m_server->close();
    QVERIFY(!m_server->isListening());
    QTRY_VERIFY(client.isClosed());
    QTRY_VERIFY(!stream);
}

void TestHttpServer::manyConcurrentStreams()
{
    // 500 open watch-like streams; one event fanned out to all of them.
    constexpr int streams = 500;
    QList<QPointer<HttpExchange>> exchanges;
    m_handler = [&exchanges](HttpExchange *e) {
        e->beginStream(200, "application/json");
        exchanges.append(e);
    };
    auto rssKiB = [] {
        QFile status(QStringLiteral("/proc/self/status"));
        if (!status.open(QIODevice::ReadOnly))
            return qint64(0);
        for (const QByteArray &line : status.readAll().split('\n'))
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').first().toLongLong();
        return qint64(0);
    };
    const qint64 rssBefore = rssKiB();
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < streams; ++i) {
        clients.push_back(std::make_unique<RawClient>(m_server->serverPort()));
        clients.back()->send(get("/watch/" + QByteArray::number(i)));
    }
    QTRY_COMPARE_WITH_TIMEOUT(exchanges.size(), streams, 20000);
    QCOMPARE(m_server->openStreamCount(), streams);
    const qint64 rssOpen = rssKiB();

    const QByteArray event = "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}}\n";
    QElapsedTimer timer;
    timer.start();
    for (const auto &e : std::as_const(exchanges))
        e->writeChunk(event);
    const qint64 writeNs = timer.nsecsElapsed();
    const QByteArray chunkEnd = event + "\r\n";
    auto allReceived = [&clients, &chunkEnd] {
        for (const auto &c : clients)
            if (!c->buffer().endsWith(chunkEnd))
                return false;
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(allReceived(), 20000);
    const qint64 deliveredNs = timer.nsecsElapsed();
    qInfo("%d streams: RSS +%lld KiB for server and clients together; writing one event to all: %.2f ms; "
          "all clients had it after %.2f ms",
          streams, rssOpen - rssBefore, writeNs / 1e6, deliveredNs / 1e6);
    clients.clear();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, 20000);
}

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
