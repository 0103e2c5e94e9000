// ApiServer: PATCH in its four flavours, server-side apply and managedFields.
#include "apitesthelper.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pd::sandbox;
using namespace pd::sandbox::test;

class TestApiServerPatch final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void jsonPatch();
    void jsonPatchFailure();
    void mergePatch();
    void strategicMergeByName();
    void strategicOnCustomResourceIs415();
    void unknownPatchTypeIs415();
    void patchMissingIs404();
    void applyCreatesAndRecordsManager();
    void applyNeedsFieldManager();
    void applyConflictsAndForce();
    void applyRemovesDroppedFields();
    void applyDryRun();

private:
    QString deploymentPath() const { return u"/apis/apps/v1/namespaces/default/deployments/web"_s; }
    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<ApiServer> m_api;
};

void TestApiServerPatch::init()
{
    m_store = std::make_unique<ObjectStore>();
    m_api = std::make_unique<ApiServer>(m_store.get());
}

void TestApiServerPatch::cleanup()
{
    m_api.reset();
    m_store.reset();
}

void TestApiServerPatch::jsonPatch()
{
    call(*m_api, "POST", u"/apis/apps/v1/namespaces/default/deployments"_s, deploymentObject(u"web"_s, 1));
    const Reply r = callRaw(*m_api, "PATCH", deploymentPath(),
                            R"([{"op":"replace","path":"/spec/replicas","value":4},{"op":"add","path":"/metadata/labels","value":{"a":"b"}}])",
                            "application/json-patch+json");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 4);
    QCOMPARE(r.metadata().value(u"labels"_s).toObject().value(u"a"_s).toString(), u"b"_s);
    QCOMPARE(r.metadata().value(u"generation"_s).toInt(), 2);
}

void TestApiServerPatch::jsonPatchFailure()
{
    call(*m_api, "POST", u"/apis/apps/v1/namespaces/default/deployments"_s, deploymentObject(u"web"_s, 1));
    const Reply r = callRaw(*m_api, "PATCH", deploymentPath(), R"([{"op":"test","path":"/spec/replicas","value":7}])",
                            "application/json-patch+json");
    QCOMPARE(r.status, 422);
    QCOMPARE(callRaw(*m_api, "PATCH", deploymentPath(), "{not json", "application/merge-patch+json").status, 400);
}

void TestApiServerPatch::mergePatch()
{
    call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s,
         object(u"v1"_s, u"ConfigMap"_s, u"c"_s, {{u"data"_s, QJsonObject{{u"a"_s, u"1"_s}, {u"b"_s, u"2"_s}}}}));
    const Reply r = callRaw(*m_api, "PATCH", u"/api/v1/namespaces/default/configmaps/c"_s,
                            R"({"data":{"a":null,"c":"3"},"metadata":{"annotations":{"x":"y"}}})", "application/merge-patch+json");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(u"data"_s).toObject(), (QJsonObject{{u"b"_s, u"2"_s}, {u"c"_s, u"3"_s}}));
    QCOMPARE(r.metadata().value(u"annotations"_s).toObject().value(u"x"_s).toString(), u"y"_s);
}

void TestApiServerPatch::strategicMergeByName()
{
    call(*m_api, "POST", u"/apis/apps/v1/namespaces/default/deployments"_s, deploymentObject(u"web"_s, 1));
    const Reply r = callRaw(*m_api, "PATCH", deploymentPath(),
                            R"({"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"envoy:1"},{"name":"web","image":"shop/web:2.0"}]}}}})",
                            "application/strategic-merge-patch+json");
    QCOMPARE(r.status, 200);
    const QJsonArray containers = r.json.value(u"spec"_s).toObject().value(u"template"_s).toObject()
                                      .value(u"spec"_s).toObject().value(u"containers"_s).toArray();
    QCOMPARE(containers.size(), 2);
    QStringList images;
    for (const auto &c : containers)
        images << c.toObject().value(u"image"_s).toString();
    QVERIFY(images.contains(u"shop/web:2.0"_s));
    QVERIFY(images.contains(u"envoy:1"_s));
}

void TestApiServerPatch::strategicOnCustomResourceIs415()
{
    const QJsonObject crd{
        {u"apiVersion"_s, u"apiextensions.k8s.io/v1"_s}, {u"kind"_s, u"CustomResourceDefinition"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, u"widgets.example.com"_s}}},
        {u"spec"_s, QJsonObject{{u"group"_s, u"example.com"_s}, {u"scope"_s, u"Namespaced"_s},
                                {u"names"_s, QJsonObject{{u"plural"_s, u"widgets"_s}, {u"singular"_s, u"widget"_s}, {u"kind"_s, u"Widget"_s}}},
                                {u"versions"_s, QJsonArray{QJsonObject{{u"name"_s, u"v1"_s}, {u"served"_s, true}, {u"storage"_s, true}}}}}}};
    QCOMPARE(call(*m_api, "POST", u"/apis/apiextensions.k8s.io/v1/customresourcedefinitions"_s, crd).status, 201);
    QCOMPARE(call(*m_api, "POST", u"/apis/example.com/v1/namespaces/default/widgets"_s,
                  object(u"example.com/v1"_s, u"Widget"_s, u"w"_s, {{u"spec"_s, QJsonObject{{u"size"_s, 1}}}})).status, 201);
    const Reply r = callRaw(*m_api, "PATCH", u"/apis/example.com/v1/namespaces/default/widgets/w"_s, R"({"spec":{"size":2}})",
                            "application/strategic-merge-patch+json");
    QCOMPARE(r.status, 415);
    QCOMPARE(r.reason(), u"UnsupportedMediaType"_s);
    const Reply merge = callRaw(*m_api, "PATCH", u"/apis/example.com/v1/namespaces/default/widgets/w"_s, R"({"spec":{"size":2}})",
                                "application/merge-patch+json");
    QCOMPARE(merge.json.value(u"spec"_s).toObject().value(u"size"_s).toInt(), 2);
}

void TestApiServerPatch::unknownPatchTypeIs415()
{
    call(*m_api, "POST", u"/apis/apps/v1/namespaces/default/deployments"_s, deploymentObject(u"web"_s, 1));
    QCOMPARE(callRaw(*m_api, "PATCH", deploymentPath(), "{}", "text/plain").status, 415);
}

void TestApiServerPatch::patchMissingIs404()
{
    QCOMPARE(callRaw(*m_api, "PATCH", deploymentPath(), "{}", "application/merge-patch+json").status, 404);
}

static const QByteArray kApplyWeb = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    team: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: shop/web:1.0
)";

void TestApiServerPatch::applyCreatesAndRecordsManager()
{
    const Reply r = callRaw(*m_api, "PATCH", deploymentPath() + u"?fieldManager=ci"_s, kApplyWeb, "application/apply-patch+yaml");
    QCOMPARE(r.status, 201);
    const QJsonArray managed = r.metadata().value(u"managedFields"_s).toArray();
    QCOMPARE(managed.size(), 1);
    const QJsonObject entry = managed.first().toObject();
    QCOMPARE(entry.value(u"manager"_s).toString(), u"ci"_s);
    QCOMPARE(entry.value(u"operation"_s).toString(), u"Apply"_s);
    QCOMPARE(entry.value(u"fieldsType"_s).toString(), u"FieldsV1"_s);
    const QJsonObject spec = entry.value(u"fieldsV1"_s).toObject().value(u"f:spec"_s).toObject();
    QVERIFY(spec.contains(u"f:replicas"_s));
    QVERIFY(spec.value(u"f:template"_s).toObject().value(u"f:spec"_s).toObject().value(u"f:containers"_s).toObject()
                .contains(u"k:{\"name\":\"web\"}"_s));
    // Applying the same again is a no-op: 200, same resourceVersion.
    const Reply again = callRaw(*m_api, "PATCH", deploymentPath() + u"?fieldManager=ci"_s, kApplyWeb, "application/apply-patch+yaml");
    QCOMPARE(again.status, 200);
    QCOMPARE(again.metadata().value(u"resourceVersion"_s), r.metadata().value(u"resourceVersion"_s));
}

void TestApiServerPatch::applyNeedsFieldManager()
{
    const Reply r = callRaw(*m_api, "PATCH", deploymentPath(), kApplyWeb, "application/apply-patch+yaml");
    QCOMPARE(r.status, 422);
    QVERIFY(r.message().contains(u"fieldManager: Required value"_s));
}

void TestApiServerPatch::applyConflictsAndForce()
{
    QCOMPARE(callRaw(*m_api, "PATCH", deploymentPath() + u"?fieldManager=ci"_s, kApplyWeb, "application/apply-patch+yaml").status, 201);
    // Another manager changes replicas (kubectl scale records manager "kubectl").
    const Reply scaled = callRaw(*m_api, "PATCH", deploymentPath() + u"?fieldManager=kubectl"_s, R"({"spec":{"replicas":5}})",
                                 "application/merge-patch+json");
    QCOMPARE(scaled.status, 200);
    QByteArray changed = kApplyWeb;
    changed.replace("replicas: 2", "replicas: 3");
    const Reply conflict = callRaw(*m_api, "PATCH", deploymentPath() + u"?fieldManager=ci"_s, changed, "application/apply-patch+yaml");
    QCOMPARE(conflict.status, 409);
    QCOMPARE(conflict.reason(), u"Conflict"_s);
    QCOMPARE(conflict.message(), u"Apply failed with 1 conflict: conflict with \"kubectl\" using apps/v1: .spec.replicas"_s);
    const QJsonObject cause = conflict.json.value(u"details"_s).toObject().value(u"causes"_s).toArray().first().toObject();
    QCOMPARE(cause.value(u"reason"_s).toString(), u"FieldManagerConflict"_s);
    QCOMPARE(cause.value(u"field"_s).toString(), u".spec.replicas"_s);
    const Reply forced = callRaw(*m_api, "PATCH", deploymentPath() + u"?fieldManager=ci&force=true"_s, changed,
                                 "application/apply-patch+yaml");
    QCOMPARE(forced.status, 200);
    QCOMPARE(forced.json.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 3);
    for (const auto &e : forced.metadata().value(u"managedFields"_s).toArray())
        if (e.toObject().value(u"manager"_s).toString() == u"kubectl"_s)
            QVERIFY(!e.toObject().value(u"fieldsV1"_s).toObject().value(u"f:spec"_s).toObject().contains(u"f:replicas"_s));
}

void TestApiServerPatch::applyRemovesDroppedFields()
{
    QCOMPARE(callRaw(*m_api, "PATCH", deploymentPath() + u"?fieldManager=ci"_s, kApplyWeb, "application/apply-patch+yaml").status, 201);
    QByteArray withoutLabel = kApplyWeb;
    withoutLabel.replace("  labels:\n    team: shop\n", "");
    const Reply r = callRaw(*m_api, "PATCH", deploymentPath() + u"?fieldManager=ci"_s, withoutLabel, "application/apply-patch+yaml");
    QCOMPARE(r.status, 200);
    QVERIFY(!r.metadata().value(u"labels"_s).toObject().contains(u"team"_s));
}

void TestApiServerPatch::applyDryRun()
{
    const Reply r = callRaw(*m_api, "PATCH", deploymentPath() + u"?fieldManager=ci&dryRun=All"_s, kApplyWeb, "application/apply-patch+yaml");
    QCOMPARE(r.status, 201);
    QCOMPARE(call(*m_api, "GET", deploymentPath()).status, 404);
}

QTEST_GUILESS_MAIN(TestApiServerPatch)
#include "tst_apiserverpatch.moc"
