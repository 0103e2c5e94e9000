// Faults on demand, over real loopback HTTP: latency, error rates per verb, 429 with
// Retry-After, dropped watches, forced expiry; repeatable with a seed.
#include "sandbox/faultinjector.h"
#include "sandbox/httpserver.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

using namespace pd::sandbox;
using namespace std::chrono_literals;

class TestFaultInjector final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void verbOf_data();
    void verbOf();
    void offByDefault();
    void errorRatePerVerb();
    void sameSeedSameFaults();
    void tooManyRequestsCarriesRetryAfter();
    void latencyDelaysAnswers();
    void dropWatchesAbortsStreams();
    void forceExpiredCallsTheHandler();

private:
    QNetworkReply *send(const QByteArray &method, const QString &path);
    QList<int> statusesOf(int count, const QByteArray &method, const QString &path);

    std::unique_ptr<HttpServer> m_server;
    std::unique_ptr<FaultInjector> m_faults;
    std::unique_ptr<QNetworkAccessManager> m_network;
    int m_innerCalls = 0;
};

void TestFaultInjector::init()
{
    m_innerCalls = 0;
    m_faults = std::make_unique<FaultInjector>();
    m_server = std::make_unique<HttpServer>();
    m_server->setHandler(m_faults->wrap([this](HttpExchange *e) {
        ++m_innerCalls;
        if (FaultInjector::verbOf(e->request()) == QLatin1String("watch")) {
            e->beginStream(200, "application/json");
            e->writeChunk("{\"type\":\"ADDED\"}\n");
            return;
        }
        e->respond(200, "application/json", "{}");
    }));
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestFaultInjector::cleanup()
{
    m_network.reset();
    m_server.reset();
    m_faults.reset();
}

QNetworkReply *TestFaultInjector::send(const QByteArray &method, const QString &path)
{
    QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(m_server->serverPort()));
    const qsizetype q = path.indexOf(u'?');
    url.setPath(q < 0 ? path : path.left(q));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return m_network->sendCustomRequest(request, method, method == "GET" || method == "DELETE" ? QByteArray() : QByteArray("{}"));
}

QList<int> TestFaultInjector::statusesOf(int count, const QByteArray &method, const QString &path)
{
    QList<int> statuses;
    for (int i = 0; i < count; ++i) {
        std::unique_ptr<QNetworkReply> reply(send(method, path));
        QSignalSpy done(reply.get(), &QNetworkReply::finished);
        if (!done.wait(5000))
            return {};
        statuses.append(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
    }
    return statuses;
}

void TestFaultInjector::verbOf_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("verb");
    QTest::newRow("list") << QByteArray("GET") << QStringLiteral("/api/v1/namespaces/a/pods") << QStringLiteral("list");
    QTest::newRow("list all") << QByteArray("GET") << QStringLiteral("/apis/apps/v1/deployments") << QStringLiteral("list");
    QTest::newRow("get") << QByteArray("GET") << QStringLiteral("/apis/apps/v1/namespaces/a/deployments/web") << QStringLiteral("get");
    QTest::newRow("get namespace") << QByteArray("GET") << QStringLiteral("/api/v1/namespaces/a") << QStringLiteral("get");
    QTest::newRow("list namespaces") << QByteArray("GET") << QStringLiteral("/api/v1/namespaces") << QStringLiteral("list");
    QTest::newRow("watch") << QByteArray("GET") << QStringLiteral("/api/v1/pods?watch=true") << QStringLiteral("watch");
    QTest::newRow("create") << QByteArray("POST") << QStringLiteral("/api/v1/namespaces/a/configmaps") << QStringLiteral("create");
    QTest::newRow("update") << QByteArray("PUT") << QStringLiteral("/api/v1/namespaces/a/configmaps/c") << QStringLiteral("update");
    QTest::newRow("patch scale") << QByteArray("PATCH") << QStringLiteral("/apis/apps/v1/namespaces/a/deployments/w/scale") << QStringLiteral("patch");
    QTest::newRow("delete") << QByteArray("DELETE") << QStringLiteral("/api/v1/namespaces/a/configmaps/c") << QStringLiteral("delete");
    QTest::newRow("deletecollection") << QByteArray("DELETE") << QStringLiteral("/api/v1/namespaces/a/configmaps") << QStringLiteral("deletecollection");
    QTest::newRow("discovery") << QByteArray("GET") << QStringLiteral("/apis/apps/v1") << QString();
    QTest::newRow("version") << QByteArray("GET") << QStringLiteral("/version") << QString();
}

void TestFaultInjector::verbOf()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, target);
    QFETCH(QString, verb);
    HttpRequest request;
    request.method = method;
    const qsizetype q = target.indexOf(u'?');
    request.path = q < 0 ? target : target.left(q);
    if (q >= 0)
        request.query = QUrlQuery(target.mid(q + 1));
    QCOMPARE(FaultInjector::verbOf(request), verb);
}

void TestFaultInjector::offByDefault()
{
    QCOMPARE(statusesOf(5, "GET", QStringLiteral("/api/v1/namespaces/a/pods")), QList<int>(5, 200));
    QCOMPARE(m_faults->injectedCount(), 0);
    QCOMPARE(m_innerCalls, 5);
}

void TestFaultInjector::errorRatePerVerb()
{
    m_faults->setErrorRate(QStringLiteral("create"), 1.0, 503);
    QCOMPARE(statusesOf(3, "POST", QStringLiteral("/api/v1/namespaces/a/configmaps")), QList<int>(3, 503));
    QCOMPARE(statusesOf(2, "GET", QStringLiteral("/api/v1/namespaces/a/configmaps")), QList<int>(2, 200));
    QCOMPARE(m_innerCalls, 2);
    QCOMPARE(m_faults->injectedCount(), 3);

    // The answer is a Status with the chosen code.
    std::unique_ptr<QNetworkReply> reply(send("POST", QStringLiteral("/api/v1/namespaces/a/configmaps")));
    QSignalSpy done(reply.get(), &QNetworkReply::finished);
    QVERIFY(done.wait(5000));
    const QJsonObject status = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(status.value(QStringLiteral("kind")).toString(), QStringLiteral("Status"));
    QCOMPARE(status.value(QStringLiteral("code")).toInt(), 503);
    QCOMPARE(status.value(QStringLiteral("reason")).toString(), QStringLiteral("ServiceUnavailable"));

    // Discovery is spared by default.
    m_faults->setErrorRate(QStringLiteral("*"), 1.0, 500);
    QCOMPARE(statusesOf(1, "GET", QStringLiteral("/apis/apps/v1")), QList<int>{200});
    m_faults->setAffectsDiscovery(true);
    QCOMPARE(statusesOf(1, "GET", QStringLiteral("/apis/apps/v1")), QList<int>{500});
    m_faults->reset();
    QCOMPARE(statusesOf(1, "POST", QStringLiteral("/api/v1/namespaces/a/configmaps")), QList<int>{200});
}

void TestFaultInjector::sameSeedSameFaults()
{
    m_faults->setSeed(42);
    m_faults->setErrorRate(QStringLiteral("list"), 0.5, 500);
    const QList<int> first = statusesOf(20, "GET", QStringLiteral("/api/v1/pods"));
    QVERIFY(first.contains(500));
    QVERIFY(first.contains(200));
    m_faults->setSeed(42);
    QCOMPARE(statusesOf(20, "GET", QStringLiteral("/api/v1/pods")), first);
}

void TestFaultInjector::tooManyRequestsCarriesRetryAfter()
{
    m_faults->setTooManyRequests(1.0, 3);
    std::unique_ptr<QNetworkReply> reply(send("GET", QStringLiteral("/api/v1/pods")));
    QSignalSpy done(reply.get(), &QNetworkReply::finished);
    QVERIFY(done.wait(5000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 429);
    QCOMPARE(reply->rawHeader("Retry-After"), QByteArray("3"));
    const QJsonObject status = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(status.value(QStringLiteral("reason")).toString(), QStringLiteral("TooManyRequests"));
    QCOMPARE(status.value(QStringLiteral("details")).toObject().value(QStringLiteral("retryAfterSeconds")).toInt(), 3);
}

void TestFaultInjector::latencyDelaysAnswers()
{
    m_faults->setLatency(200ms);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(statusesOf(1, "GET", QStringLiteral("/api/v1/pods")), QList<int>{200});
    QVERIFY2(timer.elapsed() >= 200, qPrintable(QString::number(timer.elapsed())));
}

void TestFaultInjector::dropWatchesAbortsStreams()
{
    std::unique_ptr<QNetworkReply> watch(send("GET", QStringLiteral("/api/v1/pods?watch=1")));
    QByteArray received;
    QObject::connect(watch.get(), &QNetworkReply::readyRead, watch.get(), [&] { received += watch->readAll(); });
    QTRY_VERIFY(received.contains("ADDED"));
    QCOMPARE(m_faults->openWatchCount(), 1);
    QSignalSpy finished(watch.get(), &QNetworkReply::finished);
    m_faults->dropWatches();
    QVERIFY(finished.wait(5000));
    QVERIFY(watch->error() != QNetworkReply::NoError);     // cut off, not ended
    QTRY_COMPARE(m_faults->openWatchCount(), 0);
}

void TestFaultInjector::forceExpiredCallsTheHandler()
{
    int expired = 0;
    m_faults->setExpireHandler([&expired] { ++expired; });
    QSignalSpy injected(m_faults.get(), &FaultInjector::faultInjected);
    m_faults->forceExpired();
    QCOMPARE(expired, 1);
    QCOMPARE(injected.count(), 1);
    QCOMPARE(injected.first().first().toString(), QStringLiteral("410"));
}

QTEST_GUILESS_MAIN(TestFaultInjector)
#include "tst_faultinjector.moc"
