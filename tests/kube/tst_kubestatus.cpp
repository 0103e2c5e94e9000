// Status decoding and encoding, result messages, network error texts, request URLs.
#include "kube/apirequest.h"
#include "kube/apiresult.h"
#include "kube/kubestatus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

// Declared before the test data functions use it with QFETCH/QTest::addColumn.
Q_DECLARE_METATYPE(pd::kube::ApiRequest)

using namespace pd::kube;
using namespace Qt::StringLiterals;

class TestKubeStatus final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesARealStatus()
    {
        // As kube-apiserver 1.32 writes it for a bad Deployment.
        const QByteArray wire = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"Deployment.apps \\\"web\\\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\\\"app\\\":\\\"x\\\"}: `selector` does not match template `labels`\",\"reason\":\"Invalid\",\"details\":{\"name\":\"web\",\"group\":\"apps\",\"kind\":\"Deployment\",\"causes\":[{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: map[string]string{\\\"app\\\":\\\"x\\\"}: `selector` does not match template `labels`\",\"field\":\"spec.template.metadata.labels\"}]},\"code\":422}";
        const auto status = KubeStatus::fromJson(QJsonDocument::fromJson(wire).object());
        QVERIFY(status.has_value());
        QCOMPARE(status->code, 422);
        QCOMPARE(status->reason, u"Invalid"_s);
        QVERIFY(status->isInvalid());
        QCOMPARE(status->details.group, u"apps"_s);
        QCOMPARE(status->details.kind, u"Deployment"_s);
        QCOMPARE(status->details.causes.size(), 1);
        QCOMPARE(status->details.causes.at(0).field, u"spec.template.metadata.labels"_s);
        // The message already names the cause: it is not repeated.
        QCOMPARE(status->toDisplayString(), status->message);
        // Round trip.
        QCOMPARE(KubeStatus::fromJson(status->toJson()), status);
        QCOMPARE(status->toJson(), QJsonDocument::fromJson(wire).object());
    }

    void notAStatus()
    {
        QVERIFY(!KubeStatus::fromJson(QJsonObject{{"kind"_L1, "Pod"_L1}}).has_value());
        QVERIFY(!KubeStatus::fromJson(QJsonObject{}).has_value());
    }

    void failureBuilderWritesTheWireForm()
    {
        StatusDetails details;
        details.name = u"web"_s;
        details.group = u"apps"_s;
        details.kind = u"deployments"_s;
        const KubeStatus s = KubeStatus::failure(404, u"NotFound"_s, u"deployments.apps \"web\" not found"_s, details);
        const QJsonObject o = s.toJson();
        QCOMPARE(o.value("kind"_L1).toString(), u"Status"_s);
        QCOMPARE(o.value("status"_L1).toString(), u"Failure"_s);
        QCOMPARE(o.value("code"_L1).toInt(), 404);
        QCOMPARE(o.value("details"_L1).toObject().value("kind"_L1).toString(), u"deployments"_s);
        QVERIFY(o.value("metadata"_L1).isObject());
    }

    void causesAppendedWhenMissingFromMessage()
    {
        StatusDetails details;
        details.causes = {{u"FieldValueRequired"_s, u"Required value"_s, u"spec.containers[0].image"_s}};
        const KubeStatus s = KubeStatus::failure(422, u"Invalid"_s, u"Pod \"x\" is invalid"_s, details);
        QCOMPARE(s.toDisplayString(), u"Pod \"x\" is invalid (spec.containers[0].image: Required value)"_s);
    }

    void reasonForHttpCode_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");
        QTest::newRow("400") << 400 << u"BadRequest"_s;
        QTest::newRow("401") << 401 << u"Unauthorized"_s;
        QTest::newRow("403") << 403 << u"Forbidden"_s;
        QTest::newRow("404") << 404 << u"NotFound"_s;
        QTest::newRow("405") << 405 << u"MethodNotAllowed"_s;
        QTest::newRow("409") << 409 << u"Conflict"_s;
        QTest::newRow("410") << 410 << u"Gone"_s;
        QTest::newRow("415") << 415 << u"UnsupportedMediaType"_s;
        QTest::newRow("422") << 422 << u"Invalid"_s;
        QTest::newRow("429") << 429 << u"TooManyRequests"_s;
        QTest::newRow("500") << 500 << u"InternalError"_s;
        QTest::newRow("503") << 503 << u"ServiceUnavailable"_s;
        QTest::newRow("502") << 502 << QString();
    }

    void reasonForHttpCode()
    {
        QFETCH(int, code);
        QFETCH(QString, reason);
        QCOMPARE(KubeStatus::reasonForHttpCode(code), reason);
        // A body that is not a Status still yields a reason callers can test.
        const ApiResult r = ApiResult::fromHttp(code, "oops", "text/plain");
        QCOMPARE(r.status.reason, reason);
        QCOMPARE(r.status.code, code);
        QVERIFY(!r.ok());
    }

    void resultAccessors()
    {
        const QByteArray list = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"42\",\"continue\":\"abc\"},\"items\":[{},{}]}";
        const ApiResult r = ApiResult::fromHttp(200, list, "application/json");
        QVERIFY(r.ok());
        QVERIFY(r.message().isEmpty());
        QCOMPARE(r.resourceVersion(), u"42"_s);
        QCOMPARE(r.continueToken(), u"abc"_s);
        QCOMPARE(r.items().size(), 2);
        QVERIFY(r.status.isEmpty());
        // A 200 with a text body (pod logs) keeps the body.
        const ApiResult logs = ApiResult::fromHttp(200, "line 1\nline 2\n", "text/plain");
        QVERIFY(logs.ok());
        QCOMPARE(logs.body, QByteArray("line 1\nline 2\n"));
    }

    void networkErrorTexts_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("startsWith");
        QTest::newRow("refused") << int(QNetworkReply::ConnectionRefusedError) << u"cannot reach https://host:6443: connection refused"_s;
        QTest::newRow("dns") << int(QNetworkReply::HostNotFoundError) << u"cannot reach https://host:6443: host name \"host\" not found"_s;
        QTest::newRow("reset") << int(QNetworkReply::RemoteHostClosedError) << u"https://host:6443 closed the connection unexpectedly"_s;
        QTest::newRow("timeout") << int(QNetworkReply::TimeoutError) << u"https://host:6443 did not answer in time"_s;
        QTest::newRow("tls") << int(QNetworkReply::SslHandshakeFailedError) << u"TLS handshake with https://host:6443 failed"_s;
        QTest::newRow("proxy") << int(QNetworkReply::ProxyConnectionRefusedError) << u"cannot reach the proxy"_s;
        QTest::newRow("protocol") << int(QNetworkReply::ProtocolUnknownError) << u"unsupported address"_s;
    }

    void networkErrorTexts()
    {
        QFETCH(int, error);
        QFETCH(QString, startsWith);
        const QUrl url(u"https://host:6443/api/v1/pods?limit=1"_s);
        const QString text = describeNetworkError(QNetworkReply::NetworkError(error), url, u"qt detail"_s);
        QVERIFY2(text.startsWith(startsWith), qPrintable(text));
        const ApiResult r = ApiResult::fromNetworkError(QNetworkReply::NetworkError(error), url);
        QVERIFY(!r.ok());
        QCOMPARE(r.httpCode, 0);
        QVERIFY(!r.message().isEmpty());
    }

    void urls_data()
    {
        QTest::addColumn<ApiRequest>("request");
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("url");

        const ResourceRef pods{{}, u"v1"_s, u"pods"_s, u"shop"_s, {}, {}};
        const ResourceRef deploy{u"apps"_s, u"v1"_s, u"deployments"_s, u"shop"_s, u"web"_s, {}};
        const QString s = u"https://k:6443"_s;
        QTest::newRow("core collection") << ApiRequest::list(pods) << s << u"https://k:6443/api/v1/namespaces/shop/pods"_s;
        QTest::newRow("all namespaces") << ApiRequest::list(pods.inNamespace({})) << s << u"https://k:6443/api/v1/pods"_s;
        QTest::newRow("cluster scoped") << ApiRequest::get(ResourceRef{u"rbac.authorization.k8s.io"_s, u"v1"_s, u"clusterroles"_s, {}, u"view"_s, {}})
                                        << s << u"https://k:6443/apis/rbac.authorization.k8s.io/v1/clusterroles/view"_s;
        QTest::newRow("namespace object") << ApiRequest::get(ResourceRef{{}, u"v1"_s, u"namespaces"_s, {}, u"shop"_s, {}}) << s
                                          << u"https://k:6443/api/v1/namespaces/shop"_s;
        QTest::newRow("namespace named twice") << ApiRequest::get(ResourceRef{{}, u"v1"_s, u"namespaces"_s, u"shop"_s, u"shop"_s, {}}) << s
                                               << u"https://k:6443/api/v1/namespaces/shop"_s;
        QTest::newRow("namespace finalize") << ApiRequest::update(ResourceRef{{}, u"v1"_s, u"namespaces"_s, {}, u"shop"_s, u"finalize"_s}, {}) << s
                                            << u"https://k:6443/api/v1/namespaces/shop/finalize"_s;
        QTest::newRow("create namespace") << ApiRequest::create(ResourceRef{{}, u"v1"_s, u"namespaces"_s, u"shop"_s, {}, {}}, {}) << s
                                          << u"https://k:6443/api/v1/namespaces"_s;
        QTest::newRow("subresource") << ApiRequest::get(deploy.sub(u"scale"_s)) << s
                                     << u"https://k:6443/apis/apps/v1/namespaces/shop/deployments/web/scale"_s;
        QTest::newRow("prefix") << ApiRequest::get(deploy) << u"https://rancher/k8s/clusters/c-1/"_s
                                << u"https://rancher/k8s/clusters/c-1/apis/apps/v1/namespaces/shop/deployments/web"_s;
        QTest::newRow("selector encoding") << ApiRequest::list(pods, u"app in (a,b),!canary,env=pr+1"_s, 500) << s
                                           << u"https://k:6443/api/v1/namespaces/shop/pods?labelSelector=app%20in%20%28a%2Cb%29%2C%21canary%2Cenv%3Dpr%2B1&limit=500"_s;
        QTest::newRow("watch") << ApiRequest::watch(pods, u"42"_s, 300) << s
                               << u"https://k:6443/api/v1/namespaces/shop/pods?watch=1&resourceVersion=42&allowWatchBookmarks=true&timeoutSeconds=300"_s;
        QTest::newRow("raw") << ApiRequest::raw(u"/apis"_s) << s << u"https://k:6443/apis"_s;
    }

    void urls()
    {
        QFETCH(ApiRequest, request);
        QFETCH(QString, server);
        QFETCH(QString, url);
        QCOMPARE(request.url(QUrl(server)).toString(QUrl::FullyEncoded), url);
    }

    void idempotence()
    {
        const ResourceRef ref{{}, u"v1"_s, u"configmaps"_s, u"shop"_s, u"x"_s, {}};
        QVERIFY(ApiRequest::get(ref).isIdempotent());
        QVERIFY(ApiRequest::update(ref, {}).isIdempotent());
        QVERIFY(ApiRequest::remove(ref).isIdempotent());
        QVERIFY(!ApiRequest::create(ref, {}).isIdempotent());
        QVERIFY(!ApiRequest::patch(ref, PatchType::Merge, QByteArray("{}")).isIdempotent());
        QCOMPARE(ApiRequest::remove(ref.named({})).verb, Verb::DeleteCollection);
    }
};

QTEST_GUILESS_MAIN(TestKubeStatus)
#include "tst_kubestatus.moc"
