// The API client against a scripted loopback HTTP server: what goes on the wire
// (verbs, paths, queries, headers, bodies), paging with listAll, the in-flight bound,
// path prefixes, impersonation and proxies.
#include "kube/apiclient.h"
#include "kube/credentialprovider.h"

#include "futurewait.h"
#include "scriptedserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace pd::kube;
using namespace pd::test;
using namespace Qt::StringLiterals;

namespace {

RetryPolicy fastRetries(int maxAttempts = 5)
{
    RetryPolicy::Settings s;
    s.maxAttempts = maxAttempts;
    s.baseDelay = std::chrono::milliseconds(1);
    s.maxDelay = std::chrono::milliseconds(5);
    s.retryAfterUnit = std::chrono::milliseconds(2);
    return RetryPolicy(s, [] { return 0.5; });
}

// Counts invalidations; hands out "token-N" where N grows with each invalidate().
class CountingProvider final : public CredentialProvider
{
public:
    QFuture<Credentials> credentials() override
    {
        Credentials c;
        c.bearerToken = u"token-%1"_s.arg(invalidations);
        return QtFuture::makeReadyFuture(c);
    }
    void invalidate() override { ++invalidations; }
    int invalidations = 0;
};

const ResourceRef deployments{u"apps"_s, u"v1"_s, u"deployments"_s, u"shop"_s, {}, {}};
const QString deploymentsPath = u"/apis/apps/v1/namespaces/shop/deployments"_s;

QJsonObject deployment(const QString &name, int replicas = 1)
{
    return QJsonObject{{"apiVersion"_L1, "apps/v1"_L1},
                       {"kind"_L1, "Deployment"_L1},
                       {"metadata"_L1, QJsonObject{{"name"_L1, name}, {"namespace"_L1, "shop"_L1}, {"resourceVersion"_L1, "7"_L1}}},
                       {"spec"_L1, QJsonObject{{"replicas"_L1, replicas}}}};
}

QJsonObject listOf(const QStringList &names, const QString &continueToken, const QString &rv = u"100"_s)
{
    QJsonArray items;
    for (const QString &n : names)
        items.append(QJsonObject{{"metadata"_L1, QJsonObject{{"name"_L1, n}}}});
    QJsonObject meta{{"resourceVersion"_L1, rv}};
    if (!continueToken.isEmpty())
        meta.insert("continue"_L1, continueToken);
    return QJsonObject{{"kind"_L1, "DeploymentList"_L1}, {"apiVersion"_L1, "apps/v1"_L1}, {"metadata"_L1, meta}, {"items"_L1, items}};
}

} // namespace

class TestApiClientRequests final : public QObject
{
    Q_OBJECT

private:
    ScriptedServer *m_server = nullptr;
    ApiClient *m_client = nullptr;
    CountingProvider *m_provider = nullptr;

private Q_SLOTS:
    void init()
    {
        m_server = new ScriptedServer(this);
        QVERIFY(m_server->listen());
        ClusterEndpoint endpoint;
        endpoint.server = m_server->url();
        auto provider = std::make_unique<CountingProvider>();
        m_provider = provider.get();
        m_client = new ApiClient(endpoint, std::move(provider), nullptr, this);
        m_client->setRetryPolicy(fastRetries());
    }

    void cleanup()
    {
        delete m_client;
        delete m_server;
        m_client = nullptr;
        m_server = nullptr;
    }

    void requestShapes_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("query");          // decoded, '&'-joined, in order
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("accept");
        QTest::addColumn<QByteArray>("body");

        const QByteArray json = "application/json";
        QTest::newRow("get") << 0 << QByteArray("GET") << deploymentsPath + u"/web"_s << QString() << QByteArray() << json << QByteArray();
        QTest::newRow("list selectors") << 1 << QByteArray("GET") << deploymentsPath
                                        << u"labelSelector=app in (web,api),tier!=db&fieldSelector=metadata.name!=x&limit=50"_s
                                        << QByteArray() << json << QByteArray();
        QTest::newRow("table") << 2 << QByteArray("GET") << deploymentsPath << QString() << QByteArray()
                               << QByteArray("application/json;as=Table;v=v1;g=meta.k8s.io,application/json") << QByteArray();
        QTest::newRow("partial metadata") << 3 << QByteArray("GET") << u"/api/v1/pods"_s << QString() << QByteArray()
                                          << QByteArray("application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json")
                                          << QByteArray();
        QTest::newRow("create dry run") << 4 << QByteArray("POST") << deploymentsPath << u"dryRun=All"_s << json << json
                                        << QJsonDocument(deployment(u"web"_s)).toJson(QJsonDocument::Compact);
        QTest::newRow("update") << 5 << QByteArray("PUT") << deploymentsPath + u"/web"_s << u"fieldManager=previewdesk"_s << json << json
                                << QJsonDocument(deployment(u"web"_s)).toJson(QJsonDocument::Compact);
        QTest::newRow("json patch") << 6 << QByteArray("PATCH") << deploymentsPath + u"/web"_s << QString()
                                    << QByteArray("application/json-patch+json") << json
                                    << QByteArray(R"([{"op":"replace","path":"/spec/replicas","value":3}])");
        QTest::newRow("strategic merge") << 7 << QByteArray("PATCH") << deploymentsPath + u"/web"_s << QString()
                                         << QByteArray("application/strategic-merge-patch+json") << json << QByteArray(R"({"spec":{"replicas":3}})");
        QTest::newRow("server-side apply") << 8 << QByteArray("PATCH") << deploymentsPath + u"/web"_s
                                           << u"fieldManager=previewdesk&force=true"_s << QByteArray("application/apply-patch+yaml") << json
                                           << QJsonDocument(deployment(u"web"_s)).toJson(QJsonDocument::Compact);
        QTest::newRow("delete foreground") << 9 << QByteArray("DELETE") << deploymentsPath + u"/web"_s
                                           << u"dryRun=All&propagationPolicy=Foreground"_s << json << json
                                           << QByteArray(R"({"apiVersion":"v1","dryRun":["All"],"kind":"DeleteOptions","propagationPolicy":"Foreground"})");
        QTest::newRow("scale") << 10 << QByteArray("PATCH") << deploymentsPath + u"/web/scale"_s << QString()
                               << QByteArray("application/merge-patch+json") << json << QByteArray(R"({"spec":{"replicas":4}})");
        QTest::newRow("status subresource") << 11 << QByteArray("GET") << deploymentsPath + u"/web/status"_s << QString()
                                            << QByteArray() << json << QByteArray();
    }

    void requestShapes()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, query);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, accept);
        QFETCH(QByteArray, body);

        m_server->on(method, path, CannedResponse::json(200, deployment(u"web"_s)));
        const ResourceRef web = deployments.named(u"web"_s);
        QFuture<ApiResult> future;
        switch (kind) {
        case 0: future = m_client->get(web); break;
        case 1: {
            ApiRequest r = ApiRequest::list(deployments, u"app in (web,api),tier!=db"_s, 50);
            r.fieldSelector = u"metadata.name!=x"_s;
            future = m_client->send(r);
            break;
        }
        case 2: future = m_client->list(deployments, {}, AcceptAs::Table); break;
        case 3: future = m_client->list(ResourceRef{{}, u"v1"_s, u"pods"_s, {}, {}, {}}, {}, AcceptAs::PartialMetadataList); break;
        case 4: future = m_client->create(deployments, deployment(u"web"_s), true); break;
        case 5: {
            ApiRequest r = ApiRequest::update(web, deployment(u"web"_s));
            r.fieldManager = u"previewdesk"_s;
            future = m_client->send(r);
            break;
        }
        case 6: future = m_client->patch(web, PatchType::Json, R"([{"op":"replace","path":"/spec/replicas","value":3}])"); break;
        case 7: future = m_client->patch(web, PatchType::StrategicMerge, R"({"spec":{"replicas":3}})"); break;
        case 8: future = m_client->apply(web, deployment(u"web"_s), u"previewdesk"_s, true); break;
        case 9: future = m_client->remove(web, PropagationPolicy::Foreground, true); break;
        case 10: future = m_client->setScale(web, 4); break;
        case 11: future = m_client->get(web.sub(u"status"_s)); break;
        }
        const ApiResult r = waitFor(future);
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QCOMPARE(m_server->requests().size(), 1);
        const RecordedRequest got = m_server->last();
        QCOMPARE(got.method, method);
        QCOMPARE(got.path, path);
        QStringList pairs;
        const auto items = got.query.queryItems(QUrl::FullyDecoded);
        for (const auto &[k, v] : items)
            pairs.append(k + u'=' + v);
        QCOMPARE(pairs.join(u'&'), query);
        QCOMPARE(got.header("Content-Type"), contentType);
        QCOMPARE(got.header("Accept"), accept);
        QCOMPARE(got.body, body);
        QCOMPARE(got.header("Authorization"), QByteArray("Bearer token-0"));
        QVERIFY(got.header("User-Agent").startsWith("previewdesk/"));
    }

    void listAllFollowsContinueTokens()
    {
        m_server->on("GET", deploymentsPath, CannedResponse::json(200, listOf({u"a"_s, u"b"_s}, u"page2"_s)));
        m_server->on("GET", deploymentsPath, CannedResponse::json(200, listOf({u"c"_s, u"d"_s}, u"page3"_s)), u"continue=page2"_s);
        m_server->on("GET", deploymentsPath, CannedResponse::json(200, listOf({u"e"_s}, {})), u"continue=page3"_s);
        ApiRequest request = ApiRequest::list(deployments, {}, 2);
        const ApiResult r = waitFor(m_client->listAll(request));
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QCOMPARE(r.items().size(), 5);
        QCOMPARE(r.items().at(4).toObject().value("metadata"_L1).toObject().value("name"_L1).toString(), u"e"_s);
        QVERIFY(r.continueToken().isEmpty());
        QCOMPARE(r.resourceVersion(), u"100"_s);
        QCOMPARE(r.object.value("kind"_L1).toString(), u"DeploymentList"_s);
        QCOMPARE(m_server->requests().size(), 3);
        for (const RecordedRequest &req : m_server->requests())
            QCOMPARE(req.queryValue(u"limit"_s), u"2"_s);
    }

    void listAllRestartsAfterExpiredContinue()
    {
        const CannedResponse expired = CannedResponse::kubeStatus(
            410, u"Expired"_s,
            u"The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results."_s);
        m_server->on("GET", deploymentsPath, {CannedResponse::json(200, listOf({u"a"_s}, u"stale"_s, u"100"_s)),
                                              CannedResponse::json(200, listOf({u"a"_s}, u"fresh"_s, u"200"_s))});
        m_server->on("GET", deploymentsPath, expired, u"continue=stale"_s);
        m_server->on("GET", deploymentsPath, CannedResponse::json(200, listOf({u"b"_s}, {}, u"200"_s)), u"continue=fresh"_s);
        const ApiResult r = waitFor(m_client->listAll(ApiRequest::list(deployments, {}, 1)));
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QCOMPARE(r.items().size(), 2);   // not 3: the first pass was thrown away
        QCOMPARE(r.resourceVersion(), u"200"_s);
        QCOMPARE(m_server->requests().size(), 4);
    }

    void boundsRequestsInFlight()
    {
        m_client->setMaxInFlight(2);
        m_server->on("GET", u"/version"_s, CannedResponse::json(200, QJsonObject{{"major"_L1, "1"_L1}}));
        int maxInFlight = 0;
        int maxQueued = 0;
        connect(m_client, &ApiClient::inFlightChanged, this, [&](int inFlight, int queued) {
            maxInFlight = std::max(maxInFlight, inFlight);
            maxQueued = std::max(maxQueued, queued);
        });
        QList<QFuture<ApiResult>> futures;
        for (int i = 0; i < 8; ++i)
            futures.append(m_client->send(ApiRequest::raw(u"/version"_s)));
        QCOMPARE(m_client->inFlight(), 2);
        QCOMPARE(m_client->queued(), 6);
        for (const auto &f : std::as_const(futures))
            QVERIFY(waitFor(f).ok());
        QCOMPARE(maxInFlight, 2);
        QCOMPARE(maxQueued, 6);
        QCOMPARE(m_client->inFlight(), 0);
        QCOMPARE(m_server->requests().size(), 8);
    }

    void pathPrefixAndRawPaths()
    {
        ClusterEndpoint endpoint;
        endpoint.server = QUrl(m_server->url().toString() + u"/k8s/clusters/c-1/"_s);
        ApiClient client(endpoint, std::make_unique<CountingProvider>());
        m_server->on("GET", u"/k8s/clusters/c-1/api/v1/namespaces/shop"_s, CannedResponse::json(200, QJsonObject{{"kind"_L1, "Namespace"_L1}}));
        const ApiResult r = waitFor(client.get(ResourceRef{{}, u"v1"_s, u"namespaces"_s, {}, u"shop"_s, {}}));
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QCOMPARE(r.object.value("kind"_L1).toString(), u"Namespace"_s);
    }

    void impersonationHeaders()
    {
        ClusterEndpoint endpoint;
        endpoint.server = m_server->url();
        endpoint.impersonateUser = u"system:serviceaccount:shop:deployer"_s;
        endpoint.impersonateGroups = {u"system:serviceaccounts"_s};
        ApiClient client(endpoint, std::make_unique<CountingProvider>());
        m_server->on("GET", u"/version"_s, CannedResponse::json(200, QJsonObject{}));
        QVERIFY(waitFor(client.send(ApiRequest::raw(u"/version"_s))).ok());
        QCOMPARE(m_server->last().header("Impersonate-User"), QByteArray("system:serviceaccount:shop:deployer"));
        QCOMPARE(m_server->last().header("Impersonate-Group"), QByteArray("system:serviceaccounts"));
    }

    void proxyUrl()
    {
        // The scripted server plays the HTTP proxy: it sees the absolute target.
        ClusterEndpoint endpoint;
        endpoint.server = QUrl(u"http://kube.invalid:6443"_s);
        endpoint.proxyUrl = m_server->url();
        ApiClient client(endpoint, std::make_unique<CountingProvider>());
        m_server->on("GET", u"/version"_s, CannedResponse::json(200, QJsonObject{{"major"_L1, "1"_L1}}));
        const ApiResult r = waitFor(client.send(ApiRequest::raw(u"/version"_s)));
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QCOMPARE(m_server->last().proxiedAuthority, u"kube.invalid:6443"_s);
        QCOMPARE(m_server->last().path, u"/version"_s);
    }

};

QTEST_GUILESS_MAIN(TestApiClientRequests)
#include "tst_apiclientrequests.moc"
