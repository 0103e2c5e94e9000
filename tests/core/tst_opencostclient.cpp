// OpenCost's allocation answer: parsed from documented JSON, and fetched through the API
// server's service proxy from a loopback server.
#include "core/cost/opencostclient.h"

#include "kube/apiclient.h"

#include "futurewait.h"
#include "scriptedserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace pd::core;
using namespace pd::kube;
using namespace pd::test;
using namespace Qt::StringLiterals;

namespace {

// Shaped as OpenCost's API documentation shows /allocation?window=7d&aggregate=namespace.
QByteArray documentedAnswer()
{
    return R"({"code":200,"status":"success","data":[{
 "kube-system":{"name":"kube-system","properties":{"cluster":"cluster-one","namespace":"kube-system"},
  "window":{"start":"2026-11-18T00:00:00Z","end":"2026-11-25T00:00:00Z"},
  "start":"2026-11-18T00:00:00Z","end":"2026-11-25T00:00:00Z","minutes":10080,
  "cpuCores":0.28,"cpuCoreRequestAverage":0.75,"cpuCoreUsageAverage":0.05,"cpuCoreHours":47.04,"cpuCost":1.486981,
  "cpuCostAdjustment":0,"cpuEfficiency":0.07,"gpuCount":0,"gpuHours":0,"gpuCost":0,"gpuCostAdjustment":0,
  "networkTransferBytes":0,"networkReceiveBytes":0,"networkCost":0,"loadBalancerCost":0,
  "pvBytes":0,"pvByteHours":0,"pvCost":0,"pvs":null,"pvCostAdjustment":0,
  "ramBytes":268435456,"ramByteRequestAverage":268435456,"ramByteUsageAverage":134217728,
  "ramByteHours":45097156608,"ramCost":0.177962,"ramCostAdjustment":0,"ramEfficiency":0.5,
  "sharedCost":0,"externalCost":0,"totalCost":1.664943,"totalEfficiency":0.12,"rawAllocationOnly":null},
 "preview-pr-42":{"name":"preview-pr-42","properties":{"namespace":"preview-pr-42"},
  "start":"2026-11-20T06:00:00Z","end":"2026-11-25T00:00:00Z","minutes":6840,
  "cpuCoreHours":28.5,"cpuCost":0.9009135,"ramByteHours":61203283968,"ramCost":0.241509,
  "pvByteHours":1224065679360,"pvCost":0.0624609,"totalCost":1.2048834},
 "__idle__":{"name":"__idle__","properties":{"cluster":"cluster-one"},"start":"2026-11-18T00:00:00Z",
  "end":"2026-11-25T00:00:00Z","minutes":10080,"cpuCost":5.1,"ramCost":1.2,"pvCost":0,"totalCost":6.3}
}]})";
}

QString proxyPath()
{
    return u"/api/v1/namespaces/opencost/services/opencost:9003/proxy/allocation"_s;
}

} // namespace

class TestOpenCostClient final : public QObject
{
    Q_OBJECT

private:
    ScriptedServer *m_server = nullptr;
    ApiClient *m_client = nullptr;

private Q_SLOTS:
    void init()
    {
        m_server = new ScriptedServer(this);
        QVERIFY(m_server->listen());
        ClusterEndpoint endpoint;
        endpoint.server = m_server->url();
        endpoint.token = u"bob-token"_s;
        m_client = new ApiClient(endpoint, nullptr, this);
    }

    void cleanup()
    {
        delete m_client;
        delete m_server;
    }

    void parsesDocumentedAnswer()
    {
        const OpenCostResult result = parseOpenCostAllocation(documentedAnswer());
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.rows.size(), 3);
        QCOMPARE(result.start, u"2026-11-18T00:00:00Z"_s);
        QCOMPARE(result.end, u"2026-11-25T00:00:00Z"_s);
        QCOMPARE(result.rows.at(0).key, u"__idle__"_s);
        const CostRow &ks = result.rows.at(1);
        QCOMPARE(ks.key, u"kube-system"_s);
        QCOMPARE(ks.cpuCost, 1.486981);
        QCOMPARE(ks.memoryCost, 0.177962);
        QCOMPARE(ks.storageCost, 0.0);
        QCOMPARE(ks.totalCost, 1.664943);
        QCOMPARE(ks.hours, 168.0);
        QCOMPARE(ks.cpuCoreHoursUsed, 47.04);
        QCOMPARE(ks.memoryGiBHoursUsed, 42.0);
        const CostRow &pr = result.rows.at(2);
        QCOMPARE(pr.key, u"preview-pr-42"_s);
        QCOMPARE(pr.storageCost, 0.0624609);
        QCOMPARE(pr.storageGiBHours, 1140.0);
        QCOMPARE(pr.hours, 114.0);
    }

    void sumsSteps()
    {
        const QJsonObject day1{{u"shop"_s, QJsonObject{{u"name"_s, u"shop"_s}, {u"cpuCost"_s, 1.0}, {u"ramCost"_s, 0.5},
                                                        {u"pvCost"_s, 0.25}, {u"totalCost"_s, 1.75}, {u"minutes"_s, 1440}}}};
        const QJsonObject day2{{u"shop"_s, QJsonObject{{u"name"_s, u"shop"_s}, {u"cpuCost"_s, 2.0}, {u"ramCost"_s, 1.0},
                                                        {u"pvCost"_s, 0.25}, {u"totalCost"_s, 3.25}, {u"minutes"_s, 720}}}};
        const QJsonObject root{{u"code"_s, 200}, {u"data"_s, QJsonArray{day1, QJsonValue(), day2}}};
        const OpenCostResult result = parseOpenCostAllocation(QJsonDocument(root).toJson());
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.rows.size(), 1);
        QCOMPARE(result.rows.at(0).cpuCost, 3.0);
        QCOMPARE(result.rows.at(0).memoryCost, 1.5);
        QCOMPARE(result.rows.at(0).storageCost, 0.5);
        QCOMPARE(result.rows.at(0).totalCost, 5.0);
        QCOMPARE(result.rows.at(0).hours, 36.0);
    }

    void rejectsBadAnswers_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::newRow("not json") << QByteArray("<html>bad gateway</html>") << u"invalid JSON"_s;
        QTest::newRow("array") << QByteArray("[]") << u"other than a JSON object"_s;
        QTest::newRow("error code") << QByteArray(R"({"code":400,"message":"invalid window"})")
                                    << u"OpenCost answered code 400: invalid window"_s;
        QTest::newRow("no data") << QByteArray(R"({"code":200})") << u"no \"data\" array"_s;
    }

    void rejectsBadAnswers()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        const OpenCostResult result = parseOpenCostAllocation(body);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(error), qPrintable(result.error));
        QVERIFY(result.rows.isEmpty());
    }

    void fetchesThroughServiceProxy()
    {
        m_server->on("GET", proxyPath(), CannedResponse::text(200, documentedAnswer(), "application/json"));
        OpenCostClient client(m_client);
        QCOMPARE(client.allocationPath(), proxyPath());
        const OpenCostResult result = waitFor(client.fetchAllocation(u"7d"_s));
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.rows.size(), 3);
        QCOMPARE(result.rows.at(1).key, u"kube-system"_s);
        QCOMPARE(m_server->count("GET", proxyPath()), 1);
        const RecordedRequest request = m_server->last();
        QCOMPARE(request.queryValue(u"window"_s), u"7d"_s);
        QCOMPARE(request.queryValue(u"aggregate"_s), u"namespace"_s);
        QCOMPARE(request.header("authorization"), QByteArray("Bearer bob-token"));
    }

    void reportsMissingOpenCost()
    {
        m_server->on("GET", proxyPath(),
                     CannedResponse::kubeStatus(404, u"NotFound"_s, u"services \"opencost\" not found"_s));
        OpenCostClient client(m_client);
        const OpenCostResult result = waitFor(client.fetchAllocation(u"24h"_s, u"controller"_s));
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(u"OpenCost is not reachable"_s), qPrintable(result.error));
        QVERIFY2(result.error.contains(u"services \"opencost\" not found"_s), qPrintable(result.error));
        QCOMPARE(m_server->last().queryValue(u"aggregate"_s), u"controller"_s);
    }

    void abortStopsTheFetch()
    {
        // OpenCost never answers: abort() (the cost window's refresh, or its closing) ends it now.
        CannedResponse silent = CannedResponse::text(200, documentedAnswer(), "application/json");
        silent.silent = true;
        m_server->on("GET", proxyPath(), silent);
        OpenCostClient client(m_client);
        const QFuture<OpenCostResult> future = client.fetchAllocation(u"7d"_s);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->count("GET", proxyPath()), 1, 10000);
        QVERIFY(!future.isFinished());
        client.abort();
        QVERIFY(future.isFinished());
        const OpenCostResult result = future.result();
        QVERIFY(!result.ok);
        QVERIFY(result.cancelled);
        QCOMPARE(result.status().code, int(pd::kube::Status::Cancelled));
        QVERIFY2(result.error.contains(u"cancelled"_s), qPrintable(result.error));
    }

    void destroyingTheClientAbortsAndCancels()
    {
        CannedResponse silent = CannedResponse::text(200, documentedAnswer(), "application/json");
        silent.silent = true;
        m_server->on("GET", proxyPath(), silent);
        auto *client = new OpenCostClient(m_client);
        const QFuture<OpenCostResult> future = client->fetchAllocation(u"7d"_s);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->count("GET", proxyPath()), 1, 10000);
        delete client;   // aborts on its way out: the future ends now, as cancelled
        QVERIFY(future.isFinished());
        QVERIFY(future.resultCount() == 0 || future.result().cancelled);
        QCOMPARE(m_client->inFlight(), 0);
    }
};

QTEST_GUILESS_MAIN(TestOpenCostClient)
#include "tst_opencostclient.moc"
