// Discovery against a scripted server: the resource table, kubectl-style name
// resolution, preferred versions, a broken aggregated API, caching and refresh.
#include "kube/apiclient.h"
#include "kube/bindto.h"
#include "kube/discovery.h"

#include "futurewait.h"
#include "scriptedserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace pd::kube;
using namespace pd::test;
using namespace Qt::StringLiterals;

namespace {

QJsonObject resource(const QString &name, const QString &singular, const QString &kind, bool namespaced,
                     const QStringList &shortNames = {}, const QStringList &verbs = {u"get"_s, u"list"_s, u"watch"_s, u"create"_s, u"update"_s, u"patch"_s, u"delete"_s})
{
    QJsonObject o{{"name"_L1, name}, {"singularName"_L1, singular}, {"namespaced"_L1, namespaced}, {"kind"_L1, kind},
                  {"verbs"_L1, QJsonArray::fromStringList(verbs)}};
    if (!shortNames.isEmpty())
        o.insert("shortNames"_L1, QJsonArray::fromStringList(shortNames));
    return o;
}

QJsonObject resourceList(const QString &groupVersion, const QJsonArray &resources)
{
    return QJsonObject{{"kind"_L1, "APIResourceList"_L1}, {"apiVersion"_L1, "v1"_L1}, {"groupVersion"_L1, groupVersion}, {"resources"_L1, resources}};
}

QJsonObject group(const QString &name, const QStringList &versions, const QString &preferred)
{
    QJsonArray vs;
    for (const QString &v : versions)
        vs.append(QJsonObject{{"groupVersion"_L1, QString(name + u'/' + v)}, {"version"_L1, v}});
    return QJsonObject{{"name"_L1, name}, {"versions"_L1, vs},
                       {"preferredVersion"_L1, QJsonObject{{"groupVersion"_L1, QString(name + u'/' + preferred)}, {"version"_L1, preferred}}}};
}

void scriptCluster(ScriptedServer &server)
{
    server.on("GET", u"/api"_s, CannedResponse::json(200, QJsonObject{{"kind"_L1, "APIVersions"_L1}, {"versions"_L1, QJsonArray{u"v1"_s}}}));
    server.on("GET", u"/apis"_s,
              CannedResponse::json(200, QJsonObject{{"kind"_L1, "APIGroupList"_L1}, {"apiVersion"_L1, "v1"_L1},
                                                    {"groups"_L1, QJsonArray{group(u"apps"_s, {u"v1"_s}, u"v1"_s),
                                                                             group(u"events.k8s.io"_s, {u"v1"_s}, u"v1"_s),
                                                                             group(u"autoscaling"_s, {u"v2"_s, u"v1"_s}, u"v2"_s),
                                                                             group(u"external-secrets.io"_s, {u"v1"_s, u"v1beta1"_s}, u"v1"_s),
                                                                             group(u"metrics.k8s.io"_s, {u"v1beta1"_s}, u"v1beta1"_s)}}}));
    server.on("GET", u"/api/v1"_s,
              CannedResponse::json(200, resourceList(u"v1"_s, QJsonArray{
                  resource(u"pods"_s, u"pod"_s, u"Pod"_s, true, {u"po"_s}),
                  QJsonObject{{"name"_L1, "pods/log"_L1}, {"singularName"_L1, ""_L1}, {"namespaced"_L1, true}, {"kind"_L1, "Pod"_L1}, {"verbs"_L1, QJsonArray{u"get"_s}}},
                  QJsonObject{{"name"_L1, "pods/status"_L1}, {"singularName"_L1, ""_L1}, {"namespaced"_L1, true}, {"kind"_L1, "Pod"_L1}, {"verbs"_L1, QJsonArray{u"get"_s, u"patch"_s}}},
                  resource(u"namespaces"_s, u"namespace"_s, u"Namespace"_s, false, {u"ns"_s}),
                  resource(u"events"_s, u"event"_s, u"Event"_s, true, {u"ev"_s}),
                  resource(u"services"_s, u"service"_s, u"Service"_s, true, {u"svc"_s}),
                  resource(u"configmaps"_s, u"configmap"_s, u"ConfigMap"_s, true, {u"cm"_s})})));
    server.on("GET", u"/apis/apps/v1"_s,
              CannedResponse::json(200, resourceList(u"apps/v1"_s, QJsonArray{
                  resource(u"deployments"_s, u"deployment"_s, u"Deployment"_s, true, {u"deploy"_s}),
                  QJsonObject{{"name"_L1, "deployments/scale"_L1}, {"singularName"_L1, ""_L1}, {"namespaced"_L1, true}, {"group"_L1, "autoscaling"_L1},
                              {"version"_L1, "v1"_L1}, {"kind"_L1, "Scale"_L1}, {"verbs"_L1, QJsonArray{u"get"_s, u"patch"_s, u"update"_s}}},
                  QJsonObject{{"name"_L1, "deployments/status"_L1}, {"singularName"_L1, ""_L1}, {"namespaced"_L1, true}, {"kind"_L1, "Deployment"_L1}, {"verbs"_L1, QJsonArray{u"get"_s}}},
                  resource(u"statefulsets"_s, u"statefulset"_s, u"StatefulSet"_s, true, {u"sts"_s})})));
    server.on("GET", u"/apis/events.k8s.io/v1"_s,
              CannedResponse::json(200, resourceList(u"events.k8s.io/v1"_s, QJsonArray{resource(u"events"_s, u"event"_s, u"Event"_s, true, {u"ev"_s})})));
    server.on("GET", u"/apis/autoscaling/v2"_s,
              CannedResponse::json(200, resourceList(u"autoscaling/v2"_s, QJsonArray{resource(u"horizontalpodautoscalers"_s, u"horizontalpodautoscaler"_s, u"HorizontalPodAutoscaler"_s, true, {u"hpa"_s})})));
    server.on("GET", u"/apis/autoscaling/v1"_s,
              CannedResponse::json(200, resourceList(u"autoscaling/v1"_s, QJsonArray{resource(u"horizontalpodautoscalers"_s, u"horizontalpodautoscaler"_s, u"HorizontalPodAutoscaler"_s, true, {u"hpa"_s})})));
    server.on("GET", u"/apis/external-secrets.io/v1"_s,
              CannedResponse::json(200, resourceList(u"external-secrets.io/v1"_s, QJsonArray{resource(u"externalsecrets"_s, u"externalsecret"_s, u"ExternalSecret"_s, true, {u"es"_s})})));
    server.on("GET", u"/apis/external-secrets.io/v1beta1"_s,
              CannedResponse::json(200, resourceList(u"external-secrets.io/v1beta1"_s, QJsonArray{resource(u"externalsecrets"_s, u"externalsecret"_s, u"ExternalSecret"_s, true, {u"es"_s})})));
    server.on("GET", u"/apis/metrics.k8s.io/v1beta1"_s,
              CannedResponse::kubeStatus(503, u"ServiceUnavailable"_s, u"the server is currently unable to handle the request"_s));
}

} // namespace

class TestDiscovery final : public QObject
{
    Q_OBJECT

private:
    ScriptedServer *m_server = nullptr;
    ApiClient *m_client = nullptr;
    Discovery *m_discovery = nullptr;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = new ScriptedServer(this);
        QVERIFY(m_server->listen());
        scriptCluster(*m_server);
        ClusterEndpoint endpoint;
        endpoint.server = m_server->url();
        m_client = new ApiClient(endpoint, nullptr, this);
        RetryPolicy::Settings fast;
        fast.baseDelay = std::chrono::milliseconds(1);
        fast.maxDelay = std::chrono::milliseconds(2);
        fast.maxAttempts = 2;
        m_client->setRetryPolicy(RetryPolicy(fast));
        m_discovery = new Discovery(m_client, this);
        QSignalSpy refreshed(m_discovery, &Discovery::refreshed);
        const ApiResult r = waitFor(m_discovery->ensureLoaded());
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QVERIFY(m_discovery->isLoaded());
        QCOMPARE(refreshed.size(), 1);
    }

    void table()
    {
        const auto deploy = m_discovery->resolve(u"deployments"_s);
        QVERIFY(deploy.has_value());
        QCOMPARE(deploy->group, u"apps"_s);
        QCOMPARE(deploy->version, u"v1"_s);
        QCOMPARE(deploy->kind, u"Deployment"_s);
        QVERIFY(deploy->namespaced);
        QCOMPARE(deploy->subresources, (QStringList{u"scale"_s, u"status"_s}));
        QVERIFY(deploy->supports(u"patch"_s));
        QCOMPARE(deploy->ref(u"shop"_s, u"web"_s).path(), u"/apis/apps/v1/namespaces/shop/deployments/web"_s);

        const auto ns = m_discovery->resolve(u"ns"_s);
        QVERIFY(ns.has_value());
        QVERIFY(!ns->namespaced);
        QCOMPARE(ns->ref(u"ignored"_s, u"shop"_s).path(), u"/api/v1/namespaces/shop"_s);
        QCOMPARE(m_discovery->resolve(u"pods"_s)->subresources, (QStringList{u"log"_s, u"status"_s}));
        QCOMPARE(m_discovery->groups().constFirst(), QString());   // core first
    }

    void resolvesLikeKubectl_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("groupVersion");
        QTest::addColumn<QString>("plural");

        QTest::newRow("short name") << u"deploy"_s << u"apps/v1"_s << u"deployments"_s;
        QTest::newRow("plural") << u"deployments"_s << u"apps/v1"_s << u"deployments"_s;
        QTest::newRow("singular") << u"deployment"_s << u"apps/v1"_s << u"deployments"_s;
        QTest::newRow("kind") << u"Deployment"_s << u"apps/v1"_s << u"deployments"_s;
        QTest::newRow("upper case") << u"DEPLOY"_s << u"apps/v1"_s << u"deployments"_s;
        QTest::newRow("plural.group") << u"deployments.apps"_s << u"apps/v1"_s << u"deployments"_s;
        QTest::newRow("singular.version.group") << u"deployment.v1.apps"_s << u"apps/v1"_s << u"deployments"_s;
        QTest::newRow("short.group") << u"deploy.apps"_s << u"apps/v1"_s << u"deployments"_s;
        QTest::newRow("core short") << u"po"_s << u"v1"_s << u"pods"_s;
        QTest::newRow("core wins over events.k8s.io") << u"events"_s << u"v1"_s << u"events"_s;
        QTest::newRow("events.k8s.io explicit") << u"events.events.k8s.io"_s << u"events.k8s.io/v1"_s << u"events"_s;
        QTest::newRow("preferred version") << u"hpa"_s << u"autoscaling/v2"_s << u"horizontalpodautoscalers"_s;
        QTest::newRow("explicit older version") << u"hpa.v1.autoscaling"_s << u"autoscaling/v1"_s << u"horizontalpodautoscalers"_s;
        QTest::newRow("dotted group") << u"externalsecrets.external-secrets.io"_s << u"external-secrets.io/v1"_s << u"externalsecrets"_s;
        QTest::newRow("dotted group, version") << u"es.v1beta1.external-secrets.io"_s << u"external-secrets.io/v1beta1"_s << u"externalsecrets"_s;
        QTest::newRow("unknown") << u"widgets"_s << QString() << QString();
        QTest::newRow("unknown group") << u"deployments.extensions"_s << QString() << QString();
    }

    void resolvesLikeKubectl()
    {
        QFETCH(QString, text);
        QFETCH(QString, groupVersion);
        QFETCH(QString, plural);
        const auto info = m_discovery->resolve(text);
        QCOMPARE(info.has_value(), !plural.isEmpty());
        if (info) {
            QCOMPARE(info->groupVersion(), groupVersion);
            QCOMPARE(info->name, plural);
        }
    }

    void versionsAndKinds()
    {
        QCOMPARE(m_discovery->servedVersions(u"external-secrets.io"_s), (QStringList{u"v1"_s, u"v1beta1"_s}));
        QCOMPARE(m_discovery->preferredVersion(u"autoscaling"_s), u"v2"_s);
        QVERIFY(m_discovery->servesGroupVersion(u"external-secrets.io/v1"_s));
        QVERIFY(m_discovery->servesGroupVersion(u"v1"_s));
        QVERIFY(!m_discovery->servesGroupVersion(u"external-secrets.io/v1alpha1"_s));
        QCOMPARE(m_discovery->findKind(u"external-secrets.io/v1beta1"_s, u"ExternalSecret"_s)->version, u"v1beta1"_s);
        QVERIFY(!m_discovery->findKind(u"apps/v1beta2"_s, u"Deployment"_s).has_value());
        QCOMPARE(m_discovery->findGroupKind(u"autoscaling"_s, u"HorizontalPodAutoscaler"_s)->version, u"v2"_s);
        QCOMPARE(m_discovery->findGroupKind({}, u"ConfigMap"_s)->name, u"configmaps"_s);
    }

    void brokenAggregatedApiIsSkipped()
    {
        QCOMPARE(m_discovery->failedGroupVersions(), QStringList{u"metrics.k8s.io/v1beta1"_s});
        QVERIFY(!m_discovery->servesGroupVersion(u"metrics.k8s.io/v1beta1"_s));
        QVERIFY(!m_discovery->groups().contains(u"metrics.k8s.io"_s));
    }

    void cachedUntilRefreshed()
    {
        const int before = m_server->count("GET", u"/apis/apps/v1"_s);
        QVERIFY(waitFor(m_discovery->ensureLoaded()).ok());
        QCOMPARE(m_server->count("GET", u"/apis/apps/v1"_s), before);

        // A new CRD appears: refresh() sees it.
        m_server->on("GET", u"/apis/apps/v1"_s,
                     CannedResponse::json(200, resourceList(u"apps/v1"_s, QJsonArray{resource(u"deployments"_s, u"deployment"_s, u"Deployment"_s, true, {u"deploy"_s}),
                                                                                      resource(u"daemonsets"_s, u"daemonset"_s, u"DaemonSet"_s, true, {u"ds"_s})})));
        QVERIFY(!m_discovery->resolve(u"ds"_s).has_value());
        // Two refreshes at once share one run.
        QFuture<ApiResult> a = m_discovery->refresh();
        QFuture<ApiResult> b = m_discovery->refresh();
        QVERIFY(waitFor(a).ok());
        QVERIFY(waitFor(b).ok());
        QCOMPARE(m_server->count("GET", u"/apis/apps/v1"_s), before + 1);
        QCOMPARE(m_discovery->resolve(u"ds"_s)->kind, u"DaemonSet"_s);
    }

    // Several callers while one run is under way (the browser's session, a clone wizard):
    // every continuation runs, from one run. A QFuture takes a single continuation, so a
    // shared future would answer only the last caller and leave the others waiting.
    void everyCallerOfARunningRefreshIsAnswered()
    {
        const int before = m_server->count("GET", u"/apis"_s);
        QObject context;
        int answered = 0;
        for (int caller = 0; caller < 3; ++caller)
            pd::bindTo(&context, m_discovery->refresh(), [&answered](const ApiResult &r) {
                if (r.ok())
                    ++answered;
            });
        QTRY_COMPARE(answered, 3);
        QCOMPARE(m_server->count("GET", u"/apis"_s), before + 1);
    }

    void rootFailureKeepsTheCache()
    {
        m_server->on("GET", u"/apis"_s, CannedResponse::kubeStatus(403, u"Forbidden"_s, u"forbidden: User \"system:anonymous\" cannot get path \"/apis\""_s));
        const ApiResult r = waitFor(m_discovery->refresh());
        QVERIFY(!r.ok());
        QVERIFY(r.status.isForbidden());
        QVERIFY(m_discovery->isLoaded());
        QVERIFY(m_discovery->resolve(u"deploy"_s).has_value());
    }

    void parseResourceList()
    {
        const auto list = Discovery::parseResourceList(resourceList(u"v1"_s, QJsonArray{
            resource(u"secrets"_s, u"secret"_s, u"Secret"_s, true),
            QJsonObject{{"name"_L1, "bindings"_L1}, {"namespaced"_L1, true}, {"kind"_L1, "Binding"_L1}, {"verbs"_L1, QJsonArray{u"create"_s}}}}));
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).group, QString());
        QCOMPARE(list.at(0).version, u"v1"_s);
        QCOMPARE(list.at(1).singularName, u"binding"_s);   // derived from the kind when absent
        QVERIFY(!list.at(1).supports(u"list"_s));
    }
};

QTEST_GUILESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"
