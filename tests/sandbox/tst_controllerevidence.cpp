// The evidence the simulated controllers leave, in the real components' wire shapes:
// FailedCreate Events and ReplicaFailure conditions (quota, LimitRange), the
// Deployment's ProgressDeadlineExceeded (by an injected clock), the kubelet's image
// pull Events, the ExternalSecret's SecretSyncedError with its Event, and Events
// listed and watched by field selector through the API as kubectl asks for them.
#include "apitesthelper.h"

#include <sandbox/controllers/controllermanager.h>
#include <sandbox/controllers/eventrecorder.h>
#include <sandbox/controllers/externalsecretcontroller.h>
#include <sandbox/controllers/workloadcontroller.h>
#include <sandbox/objectimport.h>

#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pd::sandbox;
using namespace pd::sandbox::test;

namespace {

const GroupResource kDeployments{u"apps"_s, u"deployments"_s};
const GroupResource kReplicaSets{u"apps"_s, u"replicasets"_s};
const GroupResource kEvents{QString(), u"events"_s};
const GroupResource kEventsV1{u"events.k8s.io"_s, u"events"_s};
const GroupResource kExternalSecrets{u"external-secrets.io"_s, u"externalsecrets"_s};

QJsonObject conditionOf(const QJsonObject &object, const QString &type)
{
    for (const QJsonValue &c : object.value(u"status"_s).toObject().value(u"conditions"_s).toArray())
        if (c.toObject().value(u"type"_s).toString() == type)
            return c.toObject();
    return {};
}

QString statusReason(const QJsonObject &condition)
{
    return condition.value(u"status"_s).toString() + u'/' + condition.value(u"reason"_s).toString();
}

QJsonObject withImage(QJsonObject deployment, const QString &image)
{
    QJsonObject spec = deployment.value(u"spec"_s).toObject();
    QJsonObject tpl = spec.value(u"template"_s).toObject();
    QJsonObject podSpec = tpl.value(u"spec"_s).toObject();
    podSpec.insert(u"containers"_s, QJsonArray{QJsonObject{{u"name"_s, u"web"_s}, {u"image"_s, image}}});
    tpl.insert(u"spec"_s, podSpec);
    spec.insert(u"template"_s, tpl);
    deployment.insert(u"spec"_s, spec);
    return deployment;
}

QJsonObject withSpec(QJsonObject o, const QString &key, const QJsonValue &value)
{
    QJsonObject spec = o.value(u"spec"_s).toObject();
    spec.insert(key, value);
    o.insert(u"spec"_s, spec);
    return o;
}

} // namespace

class TestControllerEvidence final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void quotaRefusalRecordsFailedCreate();
    void limitRangeRefusalRecordsFailedCreate();
    void failureClearsOnceCreated();
    void progressDeadlineExceeded();
    void finishedOrDefaultDeadline();
    void imagePullFailureEvents();
    void repeatedEventsAggregate();
    void eventsWatchedByFieldSelector();
    void externalSecretSyncFailure();
    void importedSyncedSourceTeachesTheSecretManager();

private:
    Reply post(const QString &path, const QJsonObject &body) { return call(*m_api, "POST", path, body); }
    QList<QJsonObject> eventsOf(const QString &kind, const QString &reason)
    {
        const Reply r = call(*m_api, "GET", u"/api/v1/namespaces/shop/events?fieldSelector=involvedObject.kind%3D%1,reason%3D%2"_s
                                                .arg(kind, reason));
        QList<QJsonObject> out;
        for (const QJsonValue &v : r.items())
            out << v.toObject();
        return out;
    }
    void startControllers(bool externalSecrets = false);

    QDateTime m_now;
    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<ApiServer> m_api;
    std::unique_ptr<ControllerManager> m_controllers;
};

void TestControllerEvidence::init()
{
    m_now = QDateTime(QDate(2026, 12, 2), QTime(8, 0), Qt::UTC);
    m_store = std::make_unique<ObjectStore>();
    m_store->setClock([this] { return m_now; });
    m_api = std::make_unique<ApiServer>(m_store.get());
    QCOMPARE(post(u"/api/v1/namespaces"_s, namespaceObject(u"shop"_s)).status, 201);
}

void TestControllerEvidence::cleanup()
{
    m_controllers.reset();
    m_api.reset();
    m_store.reset();
}

void TestControllerEvidence::startControllers(bool externalSecrets)
{
    ControllerOptions options;
    options.podReadyDelay = std::chrono::milliseconds(0);
    options.cronJobs = false;
    options.externalSecrets = externalSecrets;
    m_controllers = std::make_unique<ControllerManager>(m_store.get(), options);
    m_controllers->start();
}

void TestControllerEvidence::quotaRefusalRecordsFailedCreate()
{
    startControllers();
    QCOMPARE(post(u"/api/v1/namespaces/shop/resourcequotas"_s,
                  object(u"v1"_s, u"ResourceQuota"_s, u"compute"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"hard"_s, QJsonObject{{u"pods"_s, u"2"_s}}}}}}))
                 .status, 201);
    QCOMPARE(post(u"/apis/apps/v1/namespaces/shop/deployments"_s, deploymentObject(u"web"_s, 3)).status, 201);
    QTRY_VERIFY(!eventsOf(u"ReplicaSet"_s, u"FailedCreate"_s).isEmpty());

    const QJsonObject event = eventsOf(u"ReplicaSet"_s, u"FailedCreate"_s).first();
    const QJsonObject rs = m_store->list(kReplicaSets, u"shop"_s).first();
    const QString rsName = rs.value(u"metadata"_s).toObject().value(u"name"_s).toString();
    QCOMPARE(event.value(u"type"_s).toString(), u"Warning"_s);
    QCOMPARE(event.value(u"source"_s).toObject().value(u"component"_s).toString(), u"replicaset-controller"_s);
    QCOMPARE(event.value(u"reportingComponent"_s).toString(), u"replicaset-controller"_s);
    const QJsonObject involved = event.value(u"involvedObject"_s).toObject();
    QCOMPARE(involved.value(u"kind"_s).toString(), u"ReplicaSet"_s);
    QCOMPARE(involved.value(u"apiVersion"_s).toString(), u"apps/v1"_s);
    QCOMPARE(involved.value(u"name"_s).toString(), rsName);
    QCOMPARE(involved.value(u"namespace"_s).toString(), u"shop"_s);
    QCOMPARE(involved.value(u"uid"_s), rs.value(u"metadata"_s).toObject().value(u"uid"_s));
    QCOMPARE(event.value(u"count"_s).toInt(), 1);
    QCOMPARE(event.value(u"firstTimestamp"_s).toString(), u"2026-12-02T08:00:00Z"_s);
    QVERIFY(event.value(u"metadata"_s).toObject().value(u"name"_s).toString().startsWith(rsName + u'.'));
    const QString message = event.value(u"message"_s).toString();
    QVERIFY2(message.startsWith(u"Error creating: pods \""_s + rsName + u'-'), qPrintable(message));
    QVERIFY2(message.contains(u"\" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2"_s),
             qPrintable(message));

    QTRY_COMPARE(statusReason(conditionOf(*m_store->get(kReplicaSets, u"shop"_s, rsName), u"ReplicaFailure"_s)),
                 u"True/FailedCreate"_s);
    const QJsonObject rsCondition = conditionOf(*m_store->get(kReplicaSets, u"shop"_s, rsName), u"ReplicaFailure"_s);
    QCOMPARE(u"Error creating: "_s + rsCondition.value(u"message"_s).toString(), message);
    QTRY_COMPARE(statusReason(conditionOf(*m_store->get(kDeployments, u"shop"_s, u"web"_s), u"ReplicaFailure"_s)),
                 u"True/FailedCreate"_s);
    const QJsonObject deploymentCondition = conditionOf(*m_store->get(kDeployments, u"shop"_s, u"web"_s), u"ReplicaFailure"_s);
    QCOMPARE(deploymentCondition.value(u"message"_s), rsCondition.value(u"message"_s));
    QCOMPARE(deploymentCondition.value(u"lastUpdateTime"_s), rsCondition.value(u"lastTransitionTime"_s));

    // The same Event through events.k8s.io/v1.
    const Reply v1 = call(*m_api, "GET", u"/apis/events.k8s.io/v1/namespaces/shop/events?fieldSelector=reason%3DFailedCreate"_s);
    QCOMPARE(v1.status, 200);
    QVERIFY(!v1.items().isEmpty());
    const QJsonObject twin = v1.items().first().toObject();
    QCOMPARE(twin.value(u"regarding"_s).toObject().value(u"name"_s).toString(), rsName);
    QCOMPARE(twin.value(u"note"_s).toString(), message);
    QCOMPARE(twin.value(u"reportingController"_s).toString(), u"replicaset-controller"_s);
    QCOMPARE(twin.value(u"deprecatedCount"_s).toInt(), 1);
}

void TestControllerEvidence::limitRangeRefusalRecordsFailedCreate()
{
    startControllers();
    const QJsonObject limits{{u"spec"_s, QJsonObject{{u"limits"_s, QJsonArray{QJsonObject{
        {u"type"_s, u"Container"_s}, {u"max"_s, QJsonObject{{u"cpu"_s, u"500m"_s}}}, {u"default"_s, QJsonObject{{u"cpu"_s, u"1"_s}}}}}}}}};
    QCOMPARE(post(u"/api/v1/namespaces/shop/limitranges"_s, object(u"v1"_s, u"LimitRange"_s, u"limits"_s, limits)).status, 201);
    QCOMPARE(post(u"/apis/apps/v1/namespaces/shop/deployments"_s, deploymentObject(u"api"_s, 1)).status, 201);
    QTRY_VERIFY(!eventsOf(u"ReplicaSet"_s, u"FailedCreate"_s).isEmpty());
    const QString message = eventsOf(u"ReplicaSet"_s, u"FailedCreate"_s).first().value(u"message"_s).toString();
    QVERIFY2(message.startsWith(u"Error creating: pods \"api-"_s), qPrintable(message));
    QVERIFY2(message.contains(u"is forbidden: maximum cpu usage per Container is 500m"_s), qPrintable(message));
}

void TestControllerEvidence::failureClearsOnceCreated()
{
    startControllers();
    QCOMPARE(post(u"/api/v1/namespaces/shop/resourcequotas"_s,
                  object(u"v1"_s, u"ResourceQuota"_s, u"compute"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"hard"_s, QJsonObject{{u"pods"_s, u"0"_s}}}}}}))
                 .status, 201);
    QCOMPARE(post(u"/apis/apps/v1/namespaces/shop/deployments"_s, deploymentObject(u"web"_s, 1)).status, 201);
    QTRY_COMPARE(statusReason(conditionOf(*m_store->get(kDeployments, u"shop"_s, u"web"_s), u"ReplicaFailure"_s)), u"True/FailedCreate"_s);
    QCOMPARE(call(*m_api, "DELETE", u"/api/v1/namespaces/shop/resourcequotas/compute"_s).status, 200);
    m_controllers->workloads()->resync();   // the controller's retry, without waiting for its backoff
    QTRY_COMPARE(m_store->count({QString(), u"pods"_s}, u"shop"_s), qsizetype(1));
    QTRY_VERIFY(conditionOf(*m_store->get(kDeployments, u"shop"_s, u"web"_s), u"ReplicaFailure"_s).isEmpty());
    QVERIFY(conditionOf(m_store->list(kReplicaSets, u"shop"_s).first(), u"ReplicaFailure"_s).isEmpty());
}

void TestControllerEvidence::progressDeadlineExceeded()
{
    startControllers();
    QJsonObject d = withSpec(withImage(deploymentObject(u"web"_s, 1), u"shop/web:pr-1-does-not-exist"_s),
                             u"progressDeadlineSeconds"_s, 30);
    QCOMPARE(post(u"/apis/apps/v1/namespaces/shop/deployments"_s, d).status, 201);
    QTRY_COMPARE(m_store->get(kDeployments, u"shop"_s, u"web"_s)->value(u"status"_s).toObject().value(u"replicas"_s).toInt(), 1);
    QCOMPARE(statusReason(conditionOf(*m_store->get(kDeployments, u"shop"_s, u"web"_s), u"Progressing"_s)), u"True/ReplicaSetUpdated"_s);

    m_now = m_now.addSecs(29);
    m_controllers->workloads()->resync();
    m_controllers->workloads()->processPending();
    QCOMPARE(statusReason(conditionOf(*m_store->get(kDeployments, u"shop"_s, u"web"_s), u"Progressing"_s)), u"True/ReplicaSetUpdated"_s);

    m_now = m_now.addSecs(2);
    m_controllers->workloads()->resync();
    m_controllers->workloads()->processPending();
    const QJsonObject progressing = conditionOf(*m_store->get(kDeployments, u"shop"_s, u"web"_s), u"Progressing"_s);
    QCOMPARE(statusReason(progressing), u"False/ProgressDeadlineExceeded"_s);
    const QString rsName = m_store->list(kReplicaSets, u"shop"_s).first().value(u"metadata"_s).toObject().value(u"name"_s).toString();
    QCOMPARE(progressing.value(u"message"_s).toString(), u"ReplicaSet \"%1\" has timed out progressing."_s.arg(rsName));
    QCOMPARE(progressing.value(u"lastTransitionTime"_s).toString(), u"2026-12-02T08:00:31Z"_s);
    QCOMPARE(statusReason(conditionOf(*m_store->get(kDeployments, u"shop"_s, u"web"_s), u"Available"_s)), u"False/MinimumReplicasUnavailable"_s);
}

void TestControllerEvidence::finishedOrDefaultDeadline()
{
    startControllers();
    QCOMPARE(post(u"/apis/apps/v1/namespaces/shop/deployments"_s,
                  withSpec(deploymentObject(u"web"_s, 1), u"progressDeadlineSeconds"_s, 30)).status, 201);
    QTRY_COMPARE(statusReason(conditionOf(*m_store->get(kDeployments, u"shop"_s, u"web"_s), u"Progressing"_s)),
                 u"True/NewReplicaSetAvailable"_s);
    // A finished rollout never times out, however long it stays.
    m_now = m_now.addDays(2);
    m_controllers->workloads()->resync();
    m_controllers->workloads()->processPending();
    QCOMPARE(statusReason(conditionOf(*m_store->get(kDeployments, u"shop"_s, u"web"_s), u"Progressing"_s)),
             u"True/NewReplicaSetAvailable"_s);
    // Without a deadline (absent: 600 s) a stuck rollout is still progressing after 599 s.
    QCOMPARE(post(u"/apis/apps/v1/namespaces/shop/deployments"_s,
                  withImage(deploymentObject(u"stuck"_s, 1), u"shop/web:does-not-exist"_s)).status, 201);
    QTRY_COMPARE(m_store->get(kDeployments, u"shop"_s, u"stuck"_s)->value(u"status"_s).toObject().value(u"replicas"_s).toInt(), 1);
    m_now = m_now.addSecs(599);
    m_controllers->workloads()->resync();
    m_controllers->workloads()->processPending();
    QCOMPARE(statusReason(conditionOf(*m_store->get(kDeployments, u"shop"_s, u"stuck"_s), u"Progressing"_s)), u"True/ReplicaSetUpdated"_s);
    m_now = m_now.addSecs(2);
    m_controllers->workloads()->resync();
    m_controllers->workloads()->processPending();
    QCOMPARE(statusReason(conditionOf(*m_store->get(kDeployments, u"shop"_s, u"stuck"_s), u"Progressing"_s)),
             u"False/ProgressDeadlineExceeded"_s);
}

void TestControllerEvidence::imagePullFailureEvents()
{
    startControllers();
    QCOMPARE(post(u"/apis/apps/v1/namespaces/shop/deployments"_s,
                  withImage(deploymentObject(u"web"_s, 1), u"shop/web:pr-7-does-not-exist"_s)).status, 201);
    QTRY_COMPARE(eventsOf(u"Pod"_s, u"BackOff"_s).size(), qsizetype(1));
    const QJsonObject pod = m_store->list({QString(), u"pods"_s}, u"shop"_s).first();
    const QString podName = pod.value(u"metadata"_s).toObject().value(u"name"_s).toString();
    const Reply all = call(*m_api, "GET", u"/api/v1/namespaces/shop/events?fieldSelector=involvedObject.name%3D"_s + podName);
    QStringList seen;
    for (const QJsonValue &v : all.items()) {
        const QJsonObject e = v.toObject();
        if (e.value(u"source"_s).toObject().value(u"component"_s).toString() == u"default-scheduler"_s) {
            QCOMPARE(e.value(u"reason"_s).toString(), u"Scheduled"_s);   // bound before the kubelet pulls
            continue;
        }
        seen << e.value(u"type"_s).toString() + u' ' + e.value(u"reason"_s).toString() + u": "_s + e.value(u"message"_s).toString();
        QCOMPARE(e.value(u"source"_s).toObject().value(u"component"_s).toString(), u"kubelet"_s);
        QCOMPARE(e.value(u"involvedObject"_s).toObject().value(u"fieldPath"_s).toString(), u"spec.containers{web}"_s);
    }
    seen.sort();
    const QString image = u"shop/web:pr-7-does-not-exist"_s;
    QStringList expected{u"Normal Pulling: Pulling image \"%1\""_s.arg(image),
                         u"Warning Failed: Failed to pull image \"%1\": rpc error: code = NotFound desc = failed to pull and unpack image \"%1\": failed to resolve reference \"%1\": %1: not found"_s.arg(image),
                         u"Warning Failed: Error: ErrImagePull"_s,
                         u"Normal BackOff: Back-off pulling image \"%1\""_s.arg(image),
                         u"Warning Failed: Error: ImagePullBackOff"_s};
    expected.sort();
    QCOMPARE(seen, expected);
}

void TestControllerEvidence::repeatedEventsAggregate()
{
    startControllers();
    pd::sandbox::controllers::EventRecorder recorder(m_store.get(), u"tester"_s);
    const QJsonObject rs = object(u"apps/v1"_s, u"ReplicaSet"_s, u"web-1"_s);
    QJsonObject involved = rs;
    QJsonObject meta = involved.value(u"metadata"_s).toObject();
    meta.insert(u"namespace"_s, u"shop"_s);
    meta.insert(u"uid"_s, u"uid-1"_s);
    involved.insert(u"metadata"_s, meta);
    recorder.record(involved, u"Warning"_s, u"FailedCreate"_s, u"same"_s);
    m_now = m_now.addSecs(5);
    recorder.record(involved, u"Warning"_s, u"FailedCreate"_s, u"same"_s);
    QCOMPARE(m_store->count(kEvents, u"shop"_s), qsizetype(1));
    const QJsonObject event = m_store->list(kEvents, u"shop"_s).first();
    QCOMPARE(event.value(u"count"_s).toInt(), 2);
    QCOMPARE(event.value(u"firstTimestamp"_s).toString(), u"2026-12-02T08:00:00Z"_s);
    QCOMPARE(event.value(u"lastTimestamp"_s).toString(), u"2026-12-02T08:00:05Z"_s);
    QCOMPARE(m_store->list(kEventsV1, u"shop"_s).first().value(u"deprecatedCount"_s).toInt(), 2);
    // Ten different messages of one reason: the tenth and later become one combined Event.
    for (int i = 0; i < 12; ++i)
        recorder.record(involved, u"Warning"_s, u"FailedCreate"_s, u"message %1"_s.arg(i));
    QCOMPARE(m_store->count(kEvents, u"shop"_s), qsizetype(1 + 8 + 1));
    QStringList combined;
    for (const QJsonObject &e : m_store->list(kEvents, u"shop"_s))
        if (e.value(u"message"_s).toString().startsWith(u"(combined from similar events): "_s))
            combined << e.value(u"message"_s).toString() + u" x"_s + QString::number(e.value(u"count"_s).toInt());
    QCOMPARE(combined, QStringList{u"(combined from similar events): message 11 x4"_s});
}

void TestControllerEvidence::eventsWatchedByFieldSelector()
{
    startControllers();
    TestExchange watch(makeRequest("GET", u"/api/v1/namespaces/shop/events?watch=true&fieldSelector=involvedObject.kind%3DReplicaSet"_s));
    m_api->handle(&watch);
    QVERIFY(watch.streaming);
    QCOMPARE(post(u"/api/v1/namespaces/shop/resourcequotas"_s,
                  object(u"v1"_s, u"ResourceQuota"_s, u"none"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"hard"_s, QJsonObject{{u"pods"_s, u"0"_s}}}}}}))
                 .status, 201);
    QCOMPARE(post(u"/apis/apps/v1/namespaces/shop/deployments"_s, deploymentObject(u"web"_s, 1)).status, 201);
    QTRY_VERIFY(!watch.events().isEmpty());
    const QJsonObject first = watch.events().first();
    QCOMPARE(first.value(u"type"_s).toString(), u"ADDED"_s);
    QCOMPARE(first.value(u"object"_s).toObject().value(u"reason"_s).toString(), u"FailedCreate"_s);
    for (const QJsonObject &e : watch.events())
        QCOMPARE(e.value(u"object"_s).toObject().value(u"involvedObject"_s).toObject().value(u"kind"_s).toString(), u"ReplicaSet"_s);
}

void TestControllerEvidence::externalSecretSyncFailure()
{
    startControllers(true);
    const QJsonObject es = object(u"external-secrets.io/v1"_s, u"ExternalSecret"_s, u"payments"_s, QJsonObject{{u"spec"_s, QJsonObject{
        {u"secretStoreRef"_s, QJsonObject{{u"kind"_s, u"ClusterSecretStore"_s}, {u"name"_s, u"aws-secrets-manager"_s}}},
        {u"target"_s, QJsonObject{{u"name"_s, u"payments"_s}}},
        {u"data"_s, QJsonArray{QJsonObject{{u"secretKey"_s, u"KEY"_s}, {u"remoteRef"_s, QJsonObject{{u"key"_s, u"team-x/missing"_s}}}}}}}}});
    QCOMPARE(post(u"/apis/external-secrets.io/v1/namespaces/shop/externalsecrets"_s, es).status, 201);
    QTRY_COMPARE(statusReason(conditionOf(*m_store->get(kExternalSecrets, u"shop"_s, u"payments"_s), u"Ready"_s)),
                 u"False/SecretSyncedError"_s);
    QCOMPARE(conditionOf(*m_store->get(kExternalSecrets, u"shop"_s, u"payments"_s), u"Ready"_s).value(u"message"_s).toString(),
             u"could not get secret data from provider"_s);
    QTRY_COMPARE(eventsOf(u"ExternalSecret"_s, u"UpdateFailed"_s).size(), qsizetype(1));
    const QJsonObject event = eventsOf(u"ExternalSecret"_s, u"UpdateFailed"_s).first();
    QCOMPARE(event.value(u"type"_s).toString(), u"Warning"_s);
    QCOMPARE(event.value(u"message"_s).toString(), u"error processing spec.data[0] (key: team-x/missing), err: Secret does not exist"_s);
    QCOMPARE(event.value(u"source"_s).toObject().value(u"component"_s).toString(), u"external-secrets"_s);
}

void TestControllerEvidence::importedSyncedSourceTeachesTheSecretManager()
{
    // A source exported from a cluster where its ExternalSecret had synced.
    const QJsonObject secret = QJsonDocument::fromJson(R"({"apiVersion":"v1","kind":"Secret",
        "metadata":{"name":"billing","namespace":"shop"},"type":"Opaque",
        "data":{"TOKEN":"czNjcjN0","USER":"YmlsbA=="}})").object();
    const QJsonObject es = QJsonDocument::fromJson(R"({"apiVersion":"external-secrets.io/v1","kind":"ExternalSecret",
        "metadata":{"name":"billing","namespace":"shop"},
        "spec":{"secretStoreRef":{"kind":"ClusterSecretStore","name":"aws-secrets-manager"},"target":{"name":"billing"},
                "data":[{"secretKey":"TOKEN","remoteRef":{"key":"billing/staging/token"}},
                        {"secretKey":"USER","remoteRef":{"key":"billing/staging/db","property":"user"}}]},
        "status":{"conditions":[{"type":"Ready","status":"True","reason":"SecretSynced"}]}})").object();
    startControllers(true);
    const ImportReport report = importObjects(m_store.get(), {secret, es});
    QCOMPARE(report.created, 2);
    auto &manager = m_controllers->externalSecrets()->secretManager();
    QCOMPARE(manager.value(u"billing/staging/token"_s), std::optional<QString>(u"s3cr3t"_s));
    QCOMPARE(manager.value(u"billing/staging/db"_s, u"user"_s), std::optional<QString>(u"bill"_s));
    // A preview's copy of the ExternalSecret (no Secret, no status) now syncs.
    QJsonObject copy = es;
    copy.remove(u"status"_s);
    QJsonObject meta{{u"name"_s, u"billing"_s}};
    copy.insert(u"metadata"_s, meta);
    QCOMPARE(post(u"/api/v1/namespaces"_s, namespaceObject(u"preview"_s)).status, 201);
    QCOMPARE(post(u"/apis/external-secrets.io/v1/namespaces/preview/externalsecrets"_s, copy).status, 201);
    QTRY_COMPARE(statusReason(conditionOf(*m_store->get(kExternalSecrets, u"preview"_s, u"billing"_s), u"Ready"_s)),
                 u"True/SecretSynced"_s);
    const auto synced = m_store->get({QString(), u"secrets"_s}, u"preview"_s, u"billing"_s);
    QVERIFY(synced);
    QCOMPARE(synced->value(u"data"_s).toObject().value(u"TOKEN"_s).toString(), u"czNjcjN0"_s);
}

QTEST_GUILESS_MAIN(TestControllerEvidence)
#include "tst_controllerevidence.moc"
