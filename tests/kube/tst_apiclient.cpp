// The API client against a scripted loopback HTTP server: every Status reason,
// non-Status bodies, refused connections, timeouts, retries, 401 re-authentication.
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

} // namespace

class TestApiClient final : public QObject
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

    void statusReasons_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QJsonObject>("details");
        QTest::addColumn<QString>("predicate");

        QTest::newRow("NotFound") << 404 << u"NotFound"_s << u"deployments.apps \"web\" not found"_s
                                  << QJsonObject{{"name"_L1, "web"_L1}, {"group"_L1, "apps"_L1}, {"kind"_L1, "deployments"_L1}}
                                  << u"isNotFound"_s;
        QTest::newRow("AlreadyExists") << 409 << u"AlreadyExists"_s << u"deployments.apps \"web\" already exists"_s
                                       << QJsonObject{{"name"_L1, "web"_L1}, {"group"_L1, "apps"_L1}, {"kind"_L1, "deployments"_L1}}
                                       << u"isAlreadyExists"_s;
        QTest::newRow("Conflict") << 409 << u"Conflict"_s
                                  << u"Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again"_s
                                  << QJsonObject{{"name"_L1, "web"_L1}, {"group"_L1, "apps"_L1}, {"kind"_L1, "deployments"_L1}}
                                  << u"isConflict"_s;
        QTest::newRow("Invalid") << 422 << u"Invalid"_s
                                 << u"Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"_s
                                 << QJsonObject{{"name"_L1, "web"_L1}, {"group"_L1, "apps"_L1}, {"kind"_L1, "Deployment"_L1},
                                                {"causes"_L1, QJsonArray{QJsonObject{{"reason"_L1, "FieldValueInvalid"_L1},
                                                                                     {"message"_L1, "Invalid value: -1: must be greater than or equal to 0"_L1},
                                                                                     {"field"_L1, "spec.replicas"_L1}}}}}
                                 << u"isInvalid"_s;
        QTest::newRow("Forbidden") << 403 << u"Forbidden"_s
                                   << u"pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\""_s
                                   << QJsonObject{{"kind"_L1, "pods"_L1}} << u"isForbidden"_s;
        QTest::newRow("Unauthorized") << 401 << u"Unauthorized"_s << u"Unauthorized"_s << QJsonObject{} << u"isUnauthorized"_s;
        QTest::newRow("BadRequest") << 400 << u"BadRequest"_s
                                    << u"unable to parse requirement: found '(', expected: identifier"_s << QJsonObject{}
                                    << u"isBadRequest"_s;
        QTest::newRow("MethodNotAllowed") << 405 << u"MethodNotAllowed"_s
                                          << u"the server does not allow this method on the requested resource"_s
                                          << QJsonObject{} << u""_s;
        QTest::newRow("UnsupportedMediaType") << 415 << u"UnsupportedMediaType"_s
                                              << u"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"_s
                                              << QJsonObject{} << u""_s;
        QTest::newRow("Expired") << 410 << u"Expired"_s
                                 << u"The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results."_s
                                 << QJsonObject{} << u"isGone"_s;
        QTest::newRow("Gone") << 410 << u"Gone"_s << u"too old resource version: 1 (2024)"_s << QJsonObject{} << u"isGone"_s;
        QTest::newRow("TooManyRequests") << 429 << u"TooManyRequests"_s
                                         << u"the server has received too many requests and has asked us to try again later"_s
                                         << QJsonObject{{"retryAfterSeconds"_L1, 1}} << u"isTooManyRequests"_s;
        QTest::newRow("InternalError") << 500 << u"InternalError"_s
                                       << u"Internal error occurred: etcdserver: request timed out"_s
                                       << QJsonObject{{"causes"_L1, QJsonArray{QJsonObject{{"message"_L1, "etcdserver: request timed out"_L1}}}}}
                                       << u"isServerError"_s;
        QTest::newRow("ServiceUnavailable") << 503 << u"ServiceUnavailable"_s
                                            << u"the server is currently unable to handle the request"_s << QJsonObject{}
                                            << u"isServerError"_s;
    }

    void statusReasons()
    {
        QFETCH(int, code);
        QFETCH(QString, reason);
        QFETCH(QString, message);
        QFETCH(QJsonObject, details);
        QFETCH(QString, predicate);

        m_client->setRetryPolicy(fastRetries(1));
        m_server->on("GET", deploymentsPath + u"/web"_s, CannedResponse::kubeStatus(code, reason, message, details));
        const ApiResult r = waitFor(m_client->get(deployments.named(u"web"_s)));

        QVERIFY(!r.ok());
        QCOMPARE(r.httpCode, code);
        QCOMPARE(r.status.code, code);
        QCOMPARE(r.status.reason, reason);
        QCOMPARE(r.status.message, message);
        QCOMPARE(r.status.status, u"Failure"_s);
        QVERIFY(r.message().startsWith(message));
        QCOMPARE(r.status.details.name, details.value("name"_L1).toString());
        QCOMPARE(r.status.details.causes.size(), details.value("causes"_L1).toArray().size());
        QCOMPARE(r.status.details.retryAfterSeconds, details.value("retryAfterSeconds"_L1).toInt());
        QCOMPARE(r.attempts, code == 401 ? 2 : 1);   // a 401 is resent once with fresh credentials
        QCOMPARE(r.method, u"GET"_s);

        const KubeStatus &s = r.status;
        const QHash<QString, bool> predicates{{u"isNotFound"_s, s.isNotFound()},
                                              {u"isAlreadyExists"_s, s.isAlreadyExists()},
                                              {u"isConflict"_s, s.isConflict()},
                                              {u"isInvalid"_s, s.isInvalid()},
                                              {u"isForbidden"_s, s.isForbidden()},
                                              {u"isUnauthorized"_s, s.isUnauthorized()},
                                              {u"isBadRequest"_s, s.isBadRequest()},
                                              {u"isGone"_s, s.isGone()},
                                              {u"isTooManyRequests"_s, s.isTooManyRequests()},
                                              {u"isServerError"_s, s.isServerError()}};
        for (auto it = predicates.cbegin(); it != predicates.cend(); ++it)
            QVERIFY2(it.value() == (it.key() == predicate), qPrintable(it.key()));
    }

    void invalidCausesAreDecoded()
    {
        const QJsonObject details{{"name"_L1, "web"_L1}, {"kind"_L1, "Deployment"_L1},
                                  {"causes"_L1, QJsonArray{QJsonObject{{"reason"_L1, "FieldValueRequired"_L1}, {"message"_L1, "Required value"_L1}, {"field"_L1, "spec.template.spec.containers[0].image"_L1}},
                                                           QJsonObject{{"reason"_L1, "FieldValueInvalid"_L1}, {"message"_L1, "Invalid value: \"Web\""_L1}, {"field"_L1, "metadata.name"_L1}}}}};
        m_server->on("POST", deploymentsPath, CannedResponse::kubeStatus(422, u"Invalid"_s, u"Deployment.apps \"Web\" is invalid"_s, details));
        const ApiResult r = waitFor(m_client->create(deployments, deployment(u"Web"_s)));
        QCOMPARE(r.httpCode, 422);
        QCOMPARE(r.status.details.causes.size(), 2);
        QCOMPARE(r.status.details.causes.at(0).field, u"spec.template.spec.containers[0].image"_s);
        QCOMPARE(r.status.details.causes.at(0).reason, u"FieldValueRequired"_s);
        QCOMPARE(r.status.details.causes.at(1).message, u"Invalid value: \"Web\""_s);
        QVERIFY(r.message().contains(u"spec.template.spec.containers[0].image: Required value"_s));
    }

    void htmlFromAProxy()
    {
        m_client->setRetryPolicy(fastRetries(1));
        m_server->on("GET", u"/version"_s,
                     CannedResponse::text(502, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
                                          "text/html"));
        const ApiResult r = waitFor(m_client->send(ApiRequest::raw(u"/version"_s)));
        QVERIFY(!r.ok());
        QCOMPARE(r.httpCode, 502);
        QVERIFY(r.status.reason.isEmpty());
        QCOMPARE(r.message(), u"HTTP 502 from %1: 502 Bad Gateway"_s.arg(m_server->url().toString()));
        QCOMPARE(r.contentType, QByteArray("text/html"));
    }

    void connectionRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        ClusterEndpoint endpoint;
        endpoint.server = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
        ApiClient client(endpoint, std::make_unique<CountingProvider>());
        client.setRetryPolicy(fastRetries());
        const ApiResult r = waitFor(client.send(ApiRequest::raw(u"/version"_s)));
        QVERIFY(!r.ok());
        QCOMPARE(r.httpCode, 0);
        QCOMPARE(r.networkError, QNetworkReply::ConnectionRefusedError);
        QVERIFY2(r.message().startsWith(u"cannot reach http://127.0.0.1:%1: connection refused"_s.arg(port)), qPrintable(r.message()));
        QCOMPARE(r.attempts, 1);   // refused is not retried
    }

    void perRequestTimeout()
    {
        m_server->on("GET", u"/slow"_s, CannedResponse::noAnswer());
        ApiRequest request = ApiRequest::raw(u"/slow"_s);
        request.timeout = std::chrono::milliseconds(300);
        const ApiResult r = waitFor(m_client->send(request));
        QVERIFY(!r.ok());
        QVERIFY(r.timedOut);
        QCOMPARE(r.networkError, QNetworkReply::TimeoutError);
        QVERIFY2(r.message().contains(u"timed out"_s), qPrintable(r.message()));
        QCOMPARE(m_server->count("GET", u"/slow"_s), 1);
    }

    void retriesTooManyRequestsHonouringRetryAfter_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::newRow("GET") << QByteArray("GET");
        QTest::newRow("POST") << QByteArray("POST");
        QTest::newRow("PATCH") << QByteArray("PATCH");
    }

    void retriesTooManyRequestsHonouringRetryAfter()
    {
        QFETCH(QByteArray, method);
        const CannedResponse busy = CannedResponse::kubeStatus(429, u"TooManyRequests"_s,
                                                               u"the server has received too many requests and has asked us to try again later"_s,
                                                               QJsonObject{{"retryAfterSeconds"_L1, 1}})
                                        .withHeader("Retry-After", "1");
        const QString path = deploymentsPath + u"/web"_s;
        m_server->on(method, method == "POST" ? deploymentsPath : path,
                     {busy, busy, CannedResponse::json(method == "POST" ? 201 : 200, deployment(u"web"_s))});
        ApiRequest request = method == "GET" ? ApiRequest::get(deployments.named(u"web"_s))
            : method == "POST"               ? ApiRequest::create(deployments, deployment(u"web"_s))
                                             : ApiRequest::patch(deployments.named(u"web"_s), PatchType::Merge, QByteArray("{}"));
        const ApiResult r = waitFor(m_client->send(request));
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QCOMPARE(r.attempts, 3);
        QCOMPARE(m_server->requests().size(), 3);
        QCOMPARE(r.object.value("kind"_L1).toString(), u"Deployment"_s);
    }

    void retriesServiceUnavailableForIdempotentOnly_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<int>("expectedRequests");
        QTest::addColumn<bool>("expectOk");
        QTest::newRow("GET retried") << QByteArray("GET") << 3 << true;
        QTest::newRow("PUT retried") << QByteArray("PUT") << 3 << true;
        QTest::newRow("DELETE retried") << QByteArray("DELETE") << 3 << true;
        QTest::newRow("POST not retried") << QByteArray("POST") << 1 << false;
        QTest::newRow("PATCH not retried") << QByteArray("PATCH") << 1 << false;
    }

    void retriesServiceUnavailableForIdempotentOnly()
    {
        QFETCH(QByteArray, method);
        QFETCH(int, expectedRequests);
        QFETCH(bool, expectOk);
        const CannedResponse unavailable = CannedResponse::kubeStatus(503, u"ServiceUnavailable"_s,
                                                                      u"the server is currently unable to handle the request"_s);
        const QString path = method == "POST" ? deploymentsPath : deploymentsPath + u"/web"_s;
        m_server->on(method, path, {unavailable, unavailable, CannedResponse::json(200, deployment(u"web"_s))});
        const ResourceRef web = deployments.named(u"web"_s);
        ApiRequest request = method == "GET" ? ApiRequest::get(web)
            : method == "PUT"                ? ApiRequest::update(web, deployment(u"web"_s))
            : method == "DELETE"             ? ApiRequest::remove(web)
            : method == "POST"               ? ApiRequest::create(deployments, deployment(u"web"_s))
                                             : ApiRequest::patch(web, PatchType::Merge, QByteArray("{}"));
        const ApiResult r = waitFor(m_client->send(request));
        QCOMPARE(r.ok(), expectOk);
        QCOMPARE(m_server->requests().size(), expectedRequests);
        QCOMPARE(r.attempts, expectedRequests);
        if (!expectOk)
            QCOMPARE(r.status.reason, u"ServiceUnavailable"_s);
    }

    void givesUpAfterMaxAttempts()
    {
        m_client->setRetryPolicy(fastRetries(4));
        m_server->on("GET", u"/version"_s, CannedResponse::kubeStatus(500, u"InternalError"_s, u"Internal error occurred: boom"_s));
        const ApiResult r = waitFor(m_client->send(ApiRequest::raw(u"/version"_s)));
        QCOMPARE(r.httpCode, 500);
        QCOMPARE(r.attempts, 4);
        QCOMPARE(m_server->count("GET", u"/version"_s), 4);
    }

    void droppedConnection()
    {
        // Qt's HTTP layer itself resends a request (any method) up to twice when the
        // connection closes before the first answer byte; past that, our policy decides:
        // a GET is resent, a PATCH is not.
        const CannedResponse drop = CannedResponse::dropConnection();
        const QJsonObject version{{"gitVersion"_L1, "v1.32.0"_L1}};
        m_server->on("GET", u"/version"_s, {drop, drop, drop, drop, CannedResponse::json(200, version)});
        const ApiResult get = waitFor(m_client->send(ApiRequest::raw(u"/version"_s)));
        QVERIFY2(get.ok(), qPrintable(get.message()));
        QCOMPARE(get.object.value("gitVersion"_L1).toString(), u"v1.32.0"_s);
        QVERIFY(get.attempts >= 2);
        QCOMPARE(m_server->count("GET", u"/version"_s), 5);

        const QString path = deploymentsPath + u"/web"_s;
        m_server->on("PATCH", path, {drop, drop, drop, drop, CannedResponse::json(200, deployment(u"web"_s))});
        const ApiResult patch = waitFor(m_client->patch(deployments.named(u"web"_s), PatchType::Merge, "{\"spec\":{\"replicas\":2}}"));
        QVERIFY(!patch.ok());
        QCOMPARE(patch.attempts, 1);
        QVERIFY(m_server->count("PATCH", path) <= 3);
        QCOMPARE(patch.httpCode, 0);
        QCOMPARE(patch.networkError, QNetworkReply::RemoteHostClosedError);
        QVERIFY2(patch.message().contains(u"closed the connection"_s), qPrintable(patch.message()));
    }

    void unauthorizedInvalidatesAndRetriesOnce()
    {
        const CannedResponse unauthorized = CannedResponse::kubeStatus(401, u"Unauthorized"_s, u"Unauthorized"_s);
        m_server->on("GET", u"/version"_s, {unauthorized, CannedResponse::json(200, QJsonObject{{"major"_L1, "1"_L1}})});
        const ApiResult r = waitFor(m_client->send(ApiRequest::raw(u"/version"_s)));
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QCOMPARE(m_provider->invalidations, 1);
        QCOMPARE(m_server->requests().size(), 2);
        QCOMPARE(m_server->requests().at(0).header("Authorization"), QByteArray("Bearer token-0"));
        QCOMPARE(m_server->requests().at(1).header("Authorization"), QByteArray("Bearer token-1"));

        // Still 401 after fresh credentials: give up, no loop.
        m_server->clearRoutes();
        m_server->on("GET", u"/api"_s, unauthorized);
        const ApiResult denied = waitFor(m_client->send(ApiRequest::raw(u"/api"_s)));
        QCOMPARE(denied.httpCode, 401);
        QVERIFY(denied.status.isUnauthorized());
        QCOMPARE(m_server->count("GET", u"/api"_s), 2);
        QCOMPARE(m_provider->invalidations, 2);
    }

    void credentialErrorIsAResult()
    {
        ClusterEndpoint endpoint;
        endpoint.server = m_server->url();
        endpoint.userName = u"alice"_s;
        endpoint.tokenFile = u"/nonexistent/token"_s;
        endpoint.sourceFile = u"/tmp/kubeconfig"_s;
        ApiClient client(endpoint);
        const ApiResult r = waitFor(client.send(ApiRequest::raw(u"/version"_s)));
        QVERIFY(!r.ok());
        QCOMPARE(r.httpCode, 0);
        QVERIFY2(r.message().contains(u"/nonexistent/token"_s), qPrintable(r.message()));
        QCOMPARE(m_server->requests().size(), 0);
    }

    void destroyingTheClientCancelsPending()
    {
        m_server->on("GET", u"/slow"_s, CannedResponse::noAnswer());
        QFuture<ApiResult> f = m_client->send(ApiRequest::raw(u"/slow"_s));
        QTRY_COMPARE(m_server->requests().size(), 1);
        delete m_client;
        m_client = nullptr;
        QVERIFY(f.isFinished());
        QVERIFY(f.isCanceled());
    }
};

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
