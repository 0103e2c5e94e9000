// ApiServer: discovery, CRUD, errors, lists (selectors, paging, tables), dryRun,
// scale and status subresources.
#include "apitesthelper.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pd::sandbox;
using namespace pd::sandbox::test;

class TestApiServer final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void discoveryCore();
    void discoveryGroups();
    void discoveryApps();
    void version();
    void openApiMinimal();
    void unknownResource();

    void createGetList();
    void createReturnsServerFields();
    void createErrors_data();
    void createErrors();
    void updateStaleConflict();
    void updateNameMismatch();
    void listSortedAcrossNamespaces();
    void labelSelectors_data();
    void labelSelectors();
    void fieldSelectors_data();
    void fieldSelectors();
    void pagingOverSnapshot();
    void staleContinueExpires();
    void tableForPods();
    void tableForNamespacesAndDefault();
    void partialMetadataList();
    void dryRunCreateAndDelete();
    void scaleSubresource();
    void statusSubresource();
    void deleteReturnsStatus();
    void deleteCollection();
    void methodNotAllowed();
    void yamlBody();

private:
    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<ApiServer> m_api;
};

void TestApiServer::init()
{
    m_store = std::make_unique<ObjectStore>();
    m_api = std::make_unique<ApiServer>(m_store.get());
}

void TestApiServer::cleanup()
{
    m_api.reset();
    m_store.reset();
}

static QJsonObject findResource(const QJsonArray &resources, const QString &name)
{
    for (const auto &r : resources)
        if (r.toObject().value(u"name"_s).toString() == name)
            return r.toObject();
    return {};
}

void TestApiServer::discoveryCore()
{
    const Reply api = call(*m_api, "GET", u"/api"_s);
    QCOMPARE(api.status, 200);
    QCOMPARE(api.json.value(u"kind"_s).toString(), u"APIVersions"_s);
    QCOMPARE(api.json.value(u"versions"_s).toArray(), QJsonArray{u"v1"_s});

    const Reply v1 = call(*m_api, "GET", u"/api/v1"_s);
    QCOMPARE(v1.json.value(u"kind"_s).toString(), u"APIResourceList"_s);
    QCOMPARE(v1.json.value(u"groupVersion"_s).toString(), u"v1"_s);
    const QJsonArray resources = v1.json.value(u"resources"_s).toArray();
    const QJsonObject pods = findResource(resources, u"pods"_s);
    QCOMPARE(pods.value(u"kind"_s).toString(), u"Pod"_s);
    QCOMPARE(pods.value(u"namespaced"_s).toBool(), true);
    QCOMPARE(pods.value(u"shortNames"_s).toArray(), QJsonArray{u"po"_s});
    QCOMPARE(pods.value(u"categories"_s).toArray(), QJsonArray{u"all"_s});
    QVERIFY(pods.value(u"verbs"_s).toArray().contains(u"watch"_s));
    QVERIFY(!findResource(resources, u"pods/log"_s).isEmpty());
    QCOMPARE(findResource(resources, u"namespaces"_s).value(u"namespaced"_s).toBool(), false);
    QCOMPARE(findResource(resources, u"configmaps"_s).value(u"shortNames"_s).toArray(), QJsonArray{u"cm"_s});
    QVERIFY(!findResource(resources, u"configmaps"_s).contains(u"categories"_s));
}

void TestApiServer::discoveryGroups()
{
    const Reply apis = call(*m_api, "GET", u"/apis"_s);
    QCOMPARE(apis.json.value(u"kind"_s).toString(), u"APIGroupList"_s);
    QStringList names;
    QJsonObject autoscaling;
    for (const auto &g : apis.json.value(u"groups"_s).toArray()) {
        names << g.toObject().value(u"name"_s).toString();
        if (names.last() == u"autoscaling"_s)
            autoscaling = g.toObject();
    }
    for (const QString &group : {u"apps"_s, u"batch"_s, u"networking.k8s.io"_s, u"policy"_s, u"rbac.authorization.k8s.io"_s,
                                 u"coordination.k8s.io"_s, u"discovery.k8s.io"_s, u"events.k8s.io"_s,
                                 u"apiextensions.k8s.io"_s, u"authorization.k8s.io"_s, u"metrics.k8s.io"_s})
        QVERIFY2(names.contains(group), qPrintable(group));
    QVERIFY(!names.contains(QString()));
    QCOMPARE(autoscaling.value(u"preferredVersion"_s).toObject().value(u"groupVersion"_s).toString(), u"autoscaling/v2"_s);
    QCOMPARE(autoscaling.value(u"versions"_s).toArray().size(), 2);
    const Reply group = call(*m_api, "GET", u"/apis/apps"_s);
    QCOMPARE(group.json.value(u"kind"_s).toString(), u"APIGroup"_s);
}

void TestApiServer::discoveryApps()
{
    const Reply apps = call(*m_api, "GET", u"/apis/apps/v1"_s);
    const QJsonArray resources = apps.json.value(u"resources"_s).toArray();
    const QJsonObject scale = findResource(resources, u"deployments/scale"_s);
    QCOMPARE(scale.value(u"group"_s).toString(), u"autoscaling"_s);
    QCOMPARE(scale.value(u"version"_s).toString(), u"v1"_s);
    QCOMPARE(scale.value(u"kind"_s).toString(), u"Scale"_s);
    QCOMPARE(findResource(resources, u"deployments"_s).value(u"shortNames"_s).toArray(), QJsonArray{u"deploy"_s});
    QCOMPARE(findResource(resources, u"statefulsets"_s).value(u"categories"_s).toArray(), QJsonArray{u"all"_s});
    QVERIFY(!findResource(resources, u"controllerrevisions"_s).isEmpty());
    const Reply v1 = call(*m_api, "GET", u"/apis/autoscaling/v1"_s);
    QVERIFY(!findResource(v1.json.value(u"resources"_s).toArray(), u"horizontalpodautoscalers"_s).isEmpty());
}

void TestApiServer::version()
{
    const Reply r = call(*m_api, "GET", u"/version"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(u"major"_s).toString(), u"1"_s);
    QCOMPARE(r.json.value(u"minor"_s).toString(), u"32"_s);
    QVERIFY(r.json.value(u"gitVersion"_s).toString().startsWith(u"v1.32"_s));
    QCOMPARE(call(*m_api, "GET", u"/healthz"_s).body, QByteArray("ok"));
}

void TestApiServer::openApiMinimal()
{
    QCOMPARE(call(*m_api, "GET", u"/openapi/v2"_s).status, 404);
    // v3 holds only what kubectl's fieldValidation probe reads.
    const Reply root = call(*m_api, "GET", u"/openapi/v3"_s);
    QCOMPARE(root.status, 200);
    QCOMPARE(root.json.value(u"paths"_s).toObject().value(u"apis/apps/v1"_s).toObject().value(u"serverRelativeURL"_s).toString(),
             u"/openapi/v3/apis/apps/v1?hash=previewdesk"_s);
    const Reply apps = call(*m_api, "GET", u"/openapi/v3/apis/apps/v1"_s);
    const QJsonObject patch = apps.json.value(u"paths"_s).toObject()
                                  .value(u"/apis/apps/v1/namespaces/{namespace}/deployments/{name}"_s).toObject().value(u"patch"_s).toObject();
    QCOMPARE(patch.value(u"x-kubernetes-group-version-kind"_s).toObject().value(u"kind"_s).toString(), u"Deployment"_s);
    QCOMPARE(patch.value(u"parameters"_s).toArray().first().toObject().value(u"name"_s).toString(), u"fieldValidation"_s);
    QCOMPARE(call(*m_api, "GET", u"/openapi/v3/apis/nope/v1"_s).status, 404);
}

void TestApiServer::unknownResource()
{
    const Reply r = call(*m_api, "GET", u"/api/v1/namespaces/default/widgets"_s);
    QCOMPARE(r.status, 404);
    QCOMPARE(r.json.value(u"kind"_s).toString(), u"Status"_s);
    QCOMPARE(r.message(), u"the server could not find the requested resource"_s);
}

void TestApiServer::createGetList()
{
    const Reply created = call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s,
                               object(u"v1"_s, u"ConfigMap"_s, u"settings"_s, {{u"data"_s, QJsonObject{{u"a"_s, u"1"_s}}}}));
    QCOMPARE(created.status, 201);
    const Reply got = call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps/settings"_s);
    QCOMPARE(got.status, 200);
    QCOMPARE(got.json.value(u"data"_s).toObject().value(u"a"_s).toString(), u"1"_s);
    QCOMPARE(got.metadata().value(u"namespace"_s).toString(), u"default"_s);
    const Reply list = call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps"_s);
    QCOMPARE(list.json.value(u"kind"_s).toString(), u"ConfigMapList"_s);
    QCOMPARE(list.json.value(u"apiVersion"_s).toString(), u"v1"_s);
    QCOMPARE(list.itemNames(), QStringList{u"settings"_s});
    QCOMPARE(list.metadata().value(u"resourceVersion"_s).toString(), QString::number(m_store->resourceVersion()));
    const Reply missing = call(*m_api, "GET", u"/apis/apps/v1/namespaces/default/deployments/web"_s);
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.reason(), u"NotFound"_s);
    QCOMPARE(missing.message(), u"deployments.apps \"web\" not found"_s);
    QCOMPARE(missing.json.value(u"details"_s).toObject().value(u"kind"_s).toString(), u"deployments"_s);
}

void TestApiServer::createReturnsServerFields()
{
    QJsonObject body = deploymentObject(QString(), 1);
    QJsonObject meta{{u"generateName"_s, u"web-"_s}};
    body.insert(u"metadata"_s, meta);
    const Reply r = call(*m_api, "POST", u"/apis/apps/v1/namespaces/default/deployments"_s, body);
    QCOMPARE(r.status, 201);
    const QJsonObject m = r.metadata();
    QVERIFY(QRegularExpression(u"^web-[bcdfghjklmnpqrstvwxz2456789]{5}$"_s).match(m.value(u"name"_s).toString()).hasMatch());
    QVERIFY(!m.value(u"uid"_s).toString().isEmpty());
    QVERIFY(m.value(u"creationTimestamp"_s).toString().endsWith(u'Z'));
    QCOMPARE(m.value(u"generation"_s).toInt(), 1);
    QCOMPARE(m.value(u"resourceVersion"_s).toString(), QString::number(m_store->resourceVersion()));
}

void TestApiServer::createErrors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing namespace") << u"/api/v1/namespaces/nope/configmaps"_s
                                       << object(u"v1"_s, u"ConfigMap"_s, u"a"_s) << 404 << u"NotFound"_s
                                       << u"namespaces \"nope\" not found"_s;
    QTest::newRow("invalid name") << u"/api/v1/namespaces/default/configmaps"_s
                                  << object(u"v1"_s, u"ConfigMap"_s, u"Bad_Name"_s) << 422 << u"Invalid"_s
                                  << u"ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"_s;
    QTest::newRow("no name") << u"/api/v1/namespaces/default/configmaps"_s
                             << QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s}, {u"metadata"_s, QJsonObject{}}}
                             << 422 << u"Invalid"_s
                             << u"ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required"_s;
    QTest::newRow("wrong kind") << u"/api/v1/namespaces/default/configmaps"_s
                                << object(u"v1"_s, u"Secret"_s, u"a"_s) << 400 << u"BadRequest"_s
                                << u"the kind in the data (Secret) does not match the expected kind (ConfigMap)"_s;
    QTest::newRow("wrong apiVersion") << u"/apis/apps/v1/namespaces/default/deployments"_s
                                      << object(u"apps/v1beta1"_s, u"Deployment"_s, u"a"_s) << 400 << u"BadRequest"_s
                                      << u"the API version in the data (apps/v1beta1) does not match the expected API version (apps/v1)"_s;
    QJsonObject otherNs = object(u"v1"_s, u"ConfigMap"_s, u"a"_s);
    otherNs.insert(u"metadata"_s, QJsonObject{{u"name"_s, u"a"_s}, {u"namespace"_s, u"kube-system"_s}});
    QTest::newRow("namespace mismatch") << u"/api/v1/namespaces/default/configmaps"_s << otherNs << 400 << u"BadRequest"_s
                                        << u"the namespace of the provided object does not match the namespace sent on the request"_s;
}

void TestApiServer::createErrors()
{
    QFETCH(QString, path);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, reason);
    QFETCH(QString, message);
    const Reply r = call(*m_api, "POST", path, body);
    QCOMPARE(r.status, status);
    QCOMPARE(r.json.value(u"kind"_s).toString(), u"Status"_s);
    QCOMPARE(r.json.value(u"status"_s).toString(), u"Failure"_s);
    QCOMPARE(r.json.value(u"code"_s).toInt(), status);
    QCOMPARE(r.reason(), reason);
    QCOMPARE(r.message(), message);
    if (status == 422)
        QCOMPARE(r.json.value(u"details"_s).toObject().value(u"causes"_s).toArray().first().toObject().value(u"field"_s).toString(),
                 u"metadata.name"_s);
}

void TestApiServer::updateStaleConflict()
{
    const Reply created = call(*m_api, "POST", u"/apis/apps/v1/namespaces/default/deployments"_s, deploymentObject(u"web"_s, 1));
    QJsonObject o = created.json;
    QJsonObject spec = o.value(u"spec"_s).toObject();
    spec.insert(u"replicas"_s, 2);
    o.insert(u"spec"_s, spec);
    QCOMPARE(call(*m_api, "PUT", u"/apis/apps/v1/namespaces/default/deployments/web"_s, o).status, 200);
    const Reply stale = call(*m_api, "PUT", u"/apis/apps/v1/namespaces/default/deployments/web"_s, o);
    QCOMPARE(stale.status, 409);
    QCOMPARE(stale.reason(), u"Conflict"_s);
    QCOMPARE(stale.message(), u"Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again"_s);
    const Reply again = call(*m_api, "POST", u"/apis/apps/v1/namespaces/default/deployments"_s, deploymentObject(u"web"_s, 1));
    QCOMPARE(again.status, 409);
    QCOMPARE(again.reason(), u"AlreadyExists"_s);
}

void TestApiServer::updateNameMismatch()
{
    call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"a"_s));
    const Reply r = call(*m_api, "PUT", u"/api/v1/namespaces/default/configmaps/b"_s, object(u"v1"_s, u"ConfigMap"_s, u"a"_s));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.message(), u"the name of the object (a) does not match the name on the URL (b)"_s);
    QCOMPARE(call(*m_api, "PUT", u"/api/v1/namespaces/default/configmaps/zz"_s, object(u"v1"_s, u"ConfigMap"_s, u"zz"_s)).status, 404);
}

void TestApiServer::listSortedAcrossNamespaces()
{
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces"_s, namespaceObject(u"alpha"_s)).status, 201);
    for (const auto &[ns, name] : {std::pair{u"default"_s, u"b"_s}, {u"alpha"_s, u"z"_s}, {u"default"_s, u"a"_s}})
        QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces/"_s + ns + u"/pods"_s, podObject(name)).status, 201);
    const Reply all = call(*m_api, "GET", u"/api/v1/pods"_s);
    QCOMPARE(all.itemNames(), (QStringList{u"z"_s, u"a"_s, u"b"_s}));
    QCOMPARE(all.items().first().toObject().value(u"metadata"_s).toObject().value(u"namespace"_s).toString(), u"alpha"_s);
    QCOMPARE(all.items().first().toObject().value(u"kind"_s).toString(), u"Pod"_s);
}

void TestApiServer::labelSelectors_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("equals") << u"app=web"_s << QStringList{u"web-1"_s, u"web-2"_s};
    QTest::newRow("double equals") << u"tier==front"_s << QStringList{u"web-1"_s};
    QTest::newRow("not equals includes missing") << u"tier!=front"_s << QStringList{u"db-1"_s, u"plain"_s, u"web-2"_s};
    QTest::newRow("in") << u"app in (db,web)"_s << QStringList{u"db-1"_s, u"web-1"_s, u"web-2"_s};
    QTest::newRow("notin") << u"app notin (web)"_s << QStringList{u"db-1"_s, u"plain"_s};
    QTest::newRow("exists") << u"tier"_s << QStringList{u"db-1"_s, u"web-1"_s};
    QTest::newRow("not exists") << u"!tier"_s << QStringList{u"plain"_s, u"web-2"_s};
    QTest::newRow("and") << u"app=web,tier=front"_s << QStringList{u"web-1"_s};
}

void TestApiServer::labelSelectors()
{
    QFETCH(QString, selector);
    QFETCH(QStringList, expected);
    call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, podObject(u"web-1"_s, {{u"app"_s, u"web"_s}, {u"tier"_s, u"front"_s}}));
    call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, podObject(u"web-2"_s, {{u"app"_s, u"web"_s}}));
    call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, podObject(u"db-1"_s, {{u"app"_s, u"db"_s}, {u"tier"_s, u"back"_s}}));
    call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, podObject(u"plain"_s));
    const Reply r = call(*m_api, "GET", u"/api/v1/namespaces/default/pods?labelSelector="_s + QString::fromLatin1(QUrl::toPercentEncoding(selector)));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.itemNames(), expected);
}

void TestApiServer::fieldSelectors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("name") << u"/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Drunning"_s << 200 << QStringList{u"running"_s};
    QTest::newRow("phase") << u"/api/v1/pods?fieldSelector=status.phase%3DPending"_s << 200 << QStringList{u"pending"_s};
    QTest::newRow("phase not") << u"/api/v1/pods?fieldSelector=status.phase!%3DPending"_s << 200 << QStringList{u"running"_s};
    QTest::newRow("namespace") << u"/api/v1/pods?fieldSelector=metadata.namespace%3Dkube-system"_s << 200 << QStringList{};
    QTest::newRow("namespace phase") << u"/api/v1/namespaces?fieldSelector=status.phase%3DActive"_s << 200
                                     << QStringList{u"default"_s, u"kube-node-lease"_s, u"kube-public"_s, u"kube-system"_s};
    QTest::newRow("unsupported") << u"/api/v1/pods?fieldSelector=spec.foo%3Dx"_s << 400 << QStringList{};
}

void TestApiServer::fieldSelectors()
{
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QStringList, expected);
    call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, podObject(u"running"_s));
    call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, podObject(u"pending"_s, {}, u"Pending"_s));
    const Reply r = call(*m_api, "GET", path);
    QCOMPARE(r.status, status);
    if (status == 200)
        QCOMPARE(r.itemNames(), expected);
    else
        QVERIFY(r.message().contains(u"spec.foo"_s));
}

void TestApiServer::pagingOverSnapshot()
{
    for (int i = 0; i < 5; ++i)
        call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"cm-"_s + QString::number(i)));
    const Reply first = call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps?limit=2"_s);
    QCOMPARE(first.itemNames(), (QStringList{u"cm-0"_s, u"cm-1"_s}));
    QCOMPARE(first.metadata().value(u"remainingItemCount"_s).toInt(), 3);
    const QString token = first.metadata().value(u"continue"_s).toString();
    QVERIFY(!token.isEmpty());
    // Changes after the first page do not show in later pages (one snapshot).
    call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"cm-2a"_s));
    const Reply second = call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps?limit=2&continue="_s + token);
    QCOMPARE(second.itemNames(), (QStringList{u"cm-2"_s, u"cm-3"_s}));
    QCOMPARE(second.metadata().value(u"resourceVersion"_s), first.metadata().value(u"resourceVersion"_s));
    const Reply last = call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps?limit=2&continue="_s
                                               + second.metadata().value(u"continue"_s).toString());
    QCOMPARE(last.itemNames(), QStringList{u"cm-4"_s});
    QVERIFY(!last.metadata().contains(u"continue"_s));
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps?limit=2&continue=garbage"_s).status, 400);
}

void TestApiServer::staleContinueExpires()
{
    for (int i = 0; i < 3; ++i)
        call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"cm-"_s + QString::number(i)));
    for (int i = 0; i < 3; ++i)
        call(*m_api, "POST", u"/api/v1/namespaces/default/secrets"_s, object(u"v1"_s, u"Secret"_s, u"s-"_s + QString::number(i)));
    const Reply first = call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps?limit=1"_s);
    m_api->compactHistory();
    // A paged list after the compaction (no write between) must not take over the old token's
    // snapshot: snapshot numbers restarted at 1 and page 2 of configmaps came from secrets.
    const Reply secrets = call(*m_api, "GET", u"/api/v1/namespaces/default/secrets?limit=1"_s);
    QVERIFY(secrets.metadata().contains(u"continue"_s));
    const Reply r = call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps?limit=1&continue="_s
                                            + first.metadata().value(u"continue"_s).toString());
    QCOMPARE(r.status, 410);
    QCOMPARE(r.reason(), u"Expired"_s);
}

static const QList<QPair<QByteArray, QByteArray>> kTableAccept{
    {"accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"}};

void TestApiServer::tableForPods()
{
    call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, podObject(u"web"_s));
    const Reply r = call(*m_api, "GET", u"/api/v1/namespaces/default/pods"_s, {}, "application/json", kTableAccept);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(u"kind"_s).toString(), u"Table"_s);
    QCOMPARE(r.json.value(u"apiVersion"_s).toString(), u"meta.k8s.io/v1"_s);
    QStringList columns;
    for (const auto &c : r.json.value(u"columnDefinitions"_s).toArray())
        if (c.toObject().value(u"priority"_s).toInt() == 0)
            columns << c.toObject().value(u"name"_s).toString();
    QCOMPARE(columns, (QStringList{u"Name"_s, u"Ready"_s, u"Status"_s, u"Restarts"_s, u"Age"_s}));
    const QJsonObject row = r.json.value(u"rows"_s).toArray().first().toObject();
    const QJsonArray cells = row.value(u"cells"_s).toArray();
    QCOMPARE(cells.at(0).toString(), u"web"_s);
    QCOMPARE(cells.at(1).toString(), u"0/1"_s);
    QCOMPARE(cells.at(2).toString(), u"Running"_s);
    QCOMPARE(row.value(u"object"_s).toObject().value(u"kind"_s).toString(), u"PartialObjectMetadata"_s);
    QCOMPARE(row.value(u"object"_s).toObject().value(u"metadata"_s).toObject().value(u"name"_s).toString(), u"web"_s);
}

void TestApiServer::tableForNamespacesAndDefault()
{
    const Reply ns = call(*m_api, "GET", u"/api/v1/namespaces"_s, {}, "application/json", kTableAccept);
    const QJsonArray cells = ns.json.value(u"rows"_s).toArray().first().toObject().value(u"cells"_s).toArray();
    QCOMPARE(cells.at(0).toString(), u"default"_s);
    QCOMPARE(cells.at(1).toString(), u"Active"_s);
    call(*m_api, "POST", u"/apis/coordination.k8s.io/v1/namespaces/default/leases"_s, object(u"coordination.k8s.io/v1"_s, u"Lease"_s, u"l"_s));
    const Reply lease = call(*m_api, "GET", u"/apis/coordination.k8s.io/v1/namespaces/default/leases/l"_s, {}, "application/json", kTableAccept);
    QCOMPARE(lease.json.value(u"columnDefinitions"_s).toArray().size(), 2);
    QCOMPARE(lease.json.value(u"rows"_s).toArray().size(), 1);
}

void TestApiServer::partialMetadataList()
{
    call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, podObject(u"web"_s));
    const Reply r = call(*m_api, "GET", u"/api/v1/pods"_s, {}, "application/json",
                         {{"accept", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"}});
    QCOMPARE(r.json.value(u"kind"_s).toString(), u"PartialObjectMetadataList"_s);
    const QJsonObject item = r.items().first().toObject();
    QCOMPARE(item.value(u"kind"_s).toString(), u"PartialObjectMetadata"_s);
    QVERIFY(!item.contains(u"spec"_s));
    QCOMPARE(item.value(u"metadata"_s).toObject().value(u"name"_s).toString(), u"web"_s);
}

void TestApiServer::dryRunCreateAndDelete()
{
    const qint64 rv = m_store->resourceVersion();
    const Reply r = call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps?dryRun=All"_s, object(u"v1"_s, u"ConfigMap"_s, u"a"_s));
    QCOMPARE(r.status, 201);
    QCOMPARE(m_store->resourceVersion(), rv);
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps/a"_s).status, 404);
    call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"b"_s));
    QCOMPARE(call(*m_api, "DELETE", u"/api/v1/namespaces/default/configmaps/b?dryRun=All"_s).status, 200);
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps/b"_s).status, 200);
}

void TestApiServer::scaleSubresource()
{
    call(*m_api, "POST", u"/apis/apps/v1/namespaces/default/deployments"_s, deploymentObject(u"web"_s, 2));
    const QString path = u"/apis/apps/v1/namespaces/default/deployments/web/scale"_s;
    const Reply scale = call(*m_api, "GET", path);
    QCOMPARE(scale.status, 200);
    QCOMPARE(scale.json.value(u"kind"_s).toString(), u"Scale"_s);
    QCOMPARE(scale.json.value(u"apiVersion"_s).toString(), u"autoscaling/v1"_s);
    QCOMPARE(scale.json.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 2);
    QCOMPARE(scale.json.value(u"status"_s).toObject().value(u"selector"_s).toString(), u"app=web"_s);
    // kubectl scale: a merge patch on /scale.
    const Reply patched = callRaw(*m_api, "PATCH", path, R"({"spec":{"replicas":5}})", "application/merge-patch+json");
    QCOMPARE(patched.status, 200);
    QCOMPARE(patched.json.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 5);
    QCOMPARE(m_store->get({u"apps"_s, u"deployments"_s}, u"default"_s, u"web"_s)->value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 5);
    QJsonObject put = patched.json;
    put.insert(u"spec"_s, QJsonObject{{u"replicas"_s, 0}});
    QCOMPARE(call(*m_api, "PUT", path, put).json.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 0);
    QCOMPARE(call(*m_api, "PUT", path, put).status, 409);   // stale resourceVersion
}

void TestApiServer::statusSubresource()
{
    const Reply created = call(*m_api, "POST", u"/apis/apps/v1/namespaces/default/deployments"_s, deploymentObject(u"web"_s, 1));
    QJsonObject o = created.json;
    o.insert(u"status"_s, QJsonObject{{u"readyReplicas"_s, 1}});
    const Reply main = call(*m_api, "PUT", u"/apis/apps/v1/namespaces/default/deployments/web"_s, o);
    QVERIFY(!main.json.contains(u"status"_s));
    o = main.json;
    o.insert(u"status"_s, QJsonObject{{u"readyReplicas"_s, 1}});
    o.insert(u"spec"_s, QJsonObject{{u"replicas"_s, 9}});
    const Reply status = call(*m_api, "PUT", u"/apis/apps/v1/namespaces/default/deployments/web/status"_s, o);
    QCOMPARE(status.status, 200);
    QCOMPARE(status.json.value(u"status"_s).toObject().value(u"readyReplicas"_s).toInt(), 1);
    QCOMPARE(status.json.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 1);
    const Reply patched = callRaw(*m_api, "PATCH", u"/apis/apps/v1/namespaces/default/deployments/web/status"_s,
                                  R"({"status":{"readyReplicas":3}})", "application/merge-patch+json");
    QCOMPARE(patched.json.value(u"status"_s).toObject().value(u"readyReplicas"_s).toInt(), 3);
}

void TestApiServer::deleteReturnsStatus()
{
    call(*m_api, "POST", u"/apis/apps/v1/namespaces/default/deployments"_s, deploymentObject(u"web"_s, 1));
    const Reply r = call(*m_api, "DELETE", u"/apis/apps/v1/namespaces/default/deployments/web"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(u"kind"_s).toString(), u"Status"_s);
    QCOMPARE(r.json.value(u"status"_s).toString(), u"Success"_s);
    QCOMPARE(r.json.value(u"details"_s).toObject().value(u"name"_s).toString(), u"web"_s);
    QCOMPARE(call(*m_api, "DELETE", u"/apis/apps/v1/namespaces/default/deployments/web"_s).status, 404);
    call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, podObject(u"p"_s));
    const Reply pod = call(*m_api, "DELETE", u"/api/v1/namespaces/default/pods/p"_s);
    QCOMPARE(pod.json.value(u"kind"_s).toString(), u"Pod"_s);
    call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, podObject(u"q"_s));
    const Reply pre = call(*m_api, "DELETE", u"/api/v1/namespaces/default/pods/q"_s,
                           QJsonObject{{u"kind"_s, u"DeleteOptions"_s}, {u"preconditions"_s, QJsonObject{{u"uid"_s, u"nope"_s}}}});
    QCOMPARE(pre.status, 409);
    QVERIFY(pre.message().contains(u"Precondition failed: UID in precondition: nope"_s));
}

void TestApiServer::deleteCollection()
{
    call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, podObject(u"a"_s, {{u"app"_s, u"x"_s}}));
    call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, podObject(u"b"_s, {{u"app"_s, u"y"_s}}));
    const Reply r = call(*m_api, "DELETE", u"/api/v1/namespaces/default/pods?labelSelector=app%3Dx"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.itemNames(), QStringList{u"a"_s});
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/default/pods"_s).itemNames(), QStringList{u"b"_s});
}

void TestApiServer::methodNotAllowed()
{
    const Reply r = call(*m_api, "DELETE", u"/api/v1/namespaces"_s);
    QCOMPARE(r.status, 405);
    QCOMPARE(r.reason(), u"MethodNotAllowed"_s);
}

void TestApiServer::yamlBody()
{
    const QByteArray yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  port: \"8080\"\n";
    const Reply r = callRaw(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, yaml, "application/yaml");
    QCOMPARE(r.status, 201);
    QCOMPARE(r.json.value(u"data"_s).toObject().value(u"port"_s).toString(), u"8080"_s);
}

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_apiserver.moc"
