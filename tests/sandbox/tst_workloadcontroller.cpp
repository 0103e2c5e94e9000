// The simulated deployment/replicaset/statefulset controllers on a real ObjectStore.
#include "sandbox/controllers/controllermanager.h"
#include "sandbox/controllers/workloadcontroller.h"
#include "sandbox/objectstore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace pd::sandbox;
using pd::sandbox::controllers::WorkloadController;
using namespace Qt::Literals::StringLiterals;

namespace {

const GroupResource kDeployments{u"apps"_s, u"deployments"_s};
const GroupResource kReplicaSets{u"apps"_s, u"replicasets"_s};
const GroupResource kStatefulSets{u"apps"_s, u"statefulsets"_s};
const GroupResource kRevisions{u"apps"_s, u"controllerrevisions"_s};
const GroupResource kPods{{}, u"pods"_s};
const GroupResource kPvcs{{}, u"persistentvolumeclaims"_s};
const GroupResource kNamespaces{{}, u"namespaces"_s};

QJsonObject json(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }

QJsonObject deployment(const QString &name, int replicas, const QString &image)
{
    QJsonObject d = json(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"namespace":"shop"},
        "spec":{"selector":{"matchLabels":{"app":"x"}},
                "template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"main","image":"x"}]}}}})");
    QJsonObject meta = d.value(u"metadata"_s).toObject();
    meta.insert(u"name"_s, name);
    d.insert(u"metadata"_s, meta);
    QJsonObject spec = d.value(u"spec"_s).toObject();
    spec.insert(u"replicas"_s, replicas);
    QJsonObject tpl = spec.value(u"template"_s).toObject();
    QJsonObject podSpec = tpl.value(u"spec"_s).toObject();
    podSpec.insert(u"containers"_s, QJsonArray{QJsonObject{{u"name"_s, u"main"_s}, {u"image"_s, image}}});
    tpl.insert(u"spec"_s, podSpec);
    QJsonObject tplMeta{{u"labels"_s, QJsonObject{{u"app"_s, name}}}};
    tpl.insert(u"metadata"_s, tplMeta);
    spec.insert(u"template"_s, tpl);
    spec.insert(u"selector"_s, QJsonObject{{u"matchLabels"_s, QJsonObject{{u"app"_s, name}}}});
    d.insert(u"spec"_s, spec);
    return d;
}

QJsonObject status(ObjectStore &store, const GroupResource &r, const QString &name)
{
    return store.get(r, u"shop"_s, name).value_or(QJsonObject{}).value(u"status"_s).toObject();
}

int readyReplicas(ObjectStore &store, const GroupResource &r, const QString &name)
{
    return status(store, r, name).value(u"readyReplicas"_s).toInt();
}

QString conditionReason(const QJsonObject &st, const QString &type)
{
    for (const QJsonValue &c : st.value(u"conditions"_s).toArray()) {
        if (c.toObject().value(u"type"_s).toString() == type)
            return c.toObject().value(u"status"_s).toString() + u'/' + c.toObject().value(u"reason"_s).toString();
    }
    return {};
}

void setReplicas(ObjectStore &store, const GroupResource &r, const QString &name, int replicas)
{
    const StoreResult res = store.modify(r, u"shop"_s, name, [&](QJsonObject &o) {
        QJsonObject spec = o.value(u"spec"_s).toObject();
        spec.insert(u"replicas"_s, replicas);
        o.insert(u"spec"_s, spec);
        return true;
    });
    QVERIFY(res.ok());
}

} // namespace

class TestWorkloadController final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<ControllerManager> m_manager;

    void startManager(std::chrono::milliseconds delay)
    {
        ControllerOptions options;
        options.podReadyDelay = delay;
        options.cronJobs = false;
        options.externalSecrets = false;
        m_manager = std::make_unique<ControllerManager>(m_store.get(), options);
        m_manager->start();
    }

private slots:
    void init()
    {
        m_store = std::make_unique<ObjectStore>();
        QVERIFY(m_store->create(kNamespaces, json(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}})")).ok());
    }

    void cleanup()
    {
        m_manager.reset();
        m_store.reset();
    }

    void deploymentBecomesReady()
    {
        startManager(std::chrono::milliseconds(0));
        QVERIFY(m_store->create(kDeployments, deployment(u"web"_s, 3, u"nginx:1.27"_s)).ok());
        QTRY_COMPARE(readyReplicas(*m_store, kDeployments, u"web"_s), 3);
        const QJsonObject st = status(*m_store, kDeployments, u"web"_s);
        QCOMPARE(st.value(u"availableReplicas"_s).toInt(), 3);
        QCOMPARE(st.value(u"updatedReplicas"_s).toInt(), 3);
        QCOMPARE(st.value(u"observedGeneration"_s).toInt(), 1);
        QCOMPARE(conditionReason(st, u"Available"_s), u"True/MinimumReplicasAvailable"_s);
        QCOMPARE(conditionReason(st, u"Progressing"_s), u"True/NewReplicaSetAvailable"_s);

        const QList<QJsonObject> sets = m_store->list(kReplicaSets, u"shop"_s);
        QCOMPARE(sets.size(), 1);
        const QJsonObject rs = sets.first();
        const QString hash = WorkloadController::podTemplateHash(m_store->get(kDeployments, u"shop"_s, u"web"_s)->value(u"spec"_s).toObject().value(u"template"_s).toObject());
        QCOMPARE(rs.value(u"metadata"_s).toObject().value(u"name"_s).toString(), u"web-"_s + hash);
        QCOMPARE(rs.value(u"metadata"_s).toObject().value(u"ownerReferences"_s).toArray().first().toObject().value(u"kind"_s).toString(), u"Deployment"_s);
        QCOMPARE(rs.value(u"metadata"_s).toObject().value(u"annotations"_s).toObject().value(u"deployment.kubernetes.io/revision"_s).toString(), u"1"_s);

        const QList<QJsonObject> pods = m_store->list(kPods, u"shop"_s);
        QCOMPARE(pods.size(), 3);
        for (const QJsonObject &pod : pods) {
            const QJsonObject meta = pod.value(u"metadata"_s).toObject();
            QVERIFY(meta.value(u"name"_s).toString().startsWith(u"web-"_s + hash + u'-'));
            QCOMPARE(meta.value(u"labels"_s).toObject().value(u"pod-template-hash"_s).toString(), hash);
            QCOMPARE(meta.value(u"ownerReferences"_s).toArray().first().toObject().value(u"uid"_s), rs.value(u"metadata"_s).toObject().value(u"uid"_s));
            QCOMPARE(pod.value(u"status"_s).toObject().value(u"phase"_s).toString(), u"Running"_s);
            QVERIFY(pod.value(u"status"_s).toObject().value(u"podIP"_s).toString().startsWith(u"10.244."_s));
        }
    }

    void followsReplicaChanges_data()
    {
        QTest::addColumn<int>("replicas");
        QTest::newRow("down to 1") << 1;
        QTest::newRow("up to 5") << 5;
        QTest::newRow("to zero") << 0;
    }

    void followsReplicaChanges()
    {
        QFETCH(int, replicas);
        startManager(std::chrono::milliseconds(0));
        QVERIFY(m_store->create(kDeployments, deployment(u"api"_s, 2, u"api:1"_s)).ok());
        QTRY_COMPARE(readyReplicas(*m_store, kDeployments, u"api"_s), 2);
        setReplicas(*m_store, kDeployments, u"api"_s, replicas);
        QTRY_COMPARE(m_store->count(kPods, u"shop"_s), qsizetype(replicas));
        QTRY_COMPARE(readyReplicas(*m_store, kDeployments, u"api"_s), replicas);
        QTRY_COMPARE(status(*m_store, kDeployments, u"api"_s).value(u"replicas"_s).toInt(), replicas);
        QCOMPARE(conditionReason(status(*m_store, kDeployments, u"api"_s), u"Available"_s), u"True/MinimumReplicasAvailable"_s);
        if (replicas == 0)
            QVERIFY(!status(*m_store, kDeployments, u"api"_s).contains(u"readyReplicas"_s)); // omitempty
    }

    void newTemplateRollsOut()
    {
        startManager(std::chrono::milliseconds(0));
        QVERIFY(m_store->create(kDeployments, deployment(u"web"_s, 2, u"web:1"_s)).ok());
        QTRY_COMPARE(readyReplicas(*m_store, kDeployments, u"web"_s), 2);
        QJsonObject updated = deployment(u"web"_s, 2, u"web:2"_s);
        QVERIFY(m_store->update(kDeployments, updated).ok());
        QTRY_COMPARE(m_store->count(kReplicaSets, u"shop"_s), qsizetype(2));
        QTRY_COMPARE(m_store->get(kDeployments, u"shop"_s, u"web"_s)->value(u"metadata"_s).toObject().value(u"annotations"_s).toObject()
                         .value(u"deployment.kubernetes.io/revision"_s).toString(), u"2"_s);
        QTRY_COMPARE(m_store->count(kPods, u"shop"_s), qsizetype(2));
        QTRY_COMPARE(status(*m_store, kDeployments, u"web"_s).value(u"updatedReplicas"_s).toInt(), 2);
        for (const QJsonObject &pod : m_store->list(kPods, u"shop"_s))
            QCOMPARE(pod.value(u"spec"_s).toObject().value(u"containers"_s).toArray().first().toObject().value(u"image"_s).toString(), u"web:2"_s);
    }

    void brokenImageNeverReady()
    {
        startManager(std::chrono::milliseconds(0));
        QVERIFY(m_store->create(kDeployments, deployment(u"web"_s, 1, u"web:pr-9-does-not-exist"_s)).ok());
        QTRY_COMPARE(status(*m_store, kDeployments, u"web"_s).value(u"replicas"_s).toInt(), 1);
        for (int i = 0; i < 5; ++i) // let a wrong "Ready" transition happen if it would
            QCoreApplication::processEvents();
        QCOMPARE(readyReplicas(*m_store, kDeployments, u"web"_s), 0);
        QCOMPARE(conditionReason(status(*m_store, kDeployments, u"web"_s), u"Available"_s), u"False/MinimumReplicasUnavailable"_s);
        QCOMPARE(conditionReason(status(*m_store, kDeployments, u"web"_s), u"Progressing"_s), u"True/ReplicaSetUpdated"_s);
        const QJsonObject pod = m_store->list(kPods, u"shop"_s).first();
        QCOMPARE(pod.value(u"status"_s).toObject().value(u"containerStatuses"_s).toArray().first().toObject()
                     .value(u"state"_s).toObject().value(u"waiting"_s).toObject().value(u"reason"_s).toString(),
                 u"ImagePullBackOff"_s);
    }

    void readinessWaitsForTheDelay()
    {
        startManager(std::chrono::milliseconds(300));
        QVERIFY(m_store->create(kDeployments, deployment(u"web"_s, 1, u"web:1"_s)).ok());
        QTRY_COMPARE(m_store->count(kPods, u"shop"_s), qsizetype(1));
        QCOMPARE(m_store->list(kPods, u"shop"_s).first().value(u"status"_s).toObject().value(u"phase"_s).toString(), u"Pending"_s);
        QTRY_COMPARE(readyReplicas(*m_store, kDeployments, u"web"_s), 1);
    }

    void statefulSetGetsOrdinalPodsAndClaims()
    {
        startManager(std::chrono::milliseconds(0));
        QVERIFY(m_store->create(kStatefulSets, json(R"({"apiVersion":"apps/v1","kind":"StatefulSet",
            "metadata":{"name":"postgres","namespace":"shop"},
            "spec":{"replicas":2,"serviceName":"postgres","selector":{"matchLabels":{"app":"postgres"}},
                    "template":{"metadata":{"labels":{"app":"postgres"}},"spec":{"containers":[{"name":"pg","image":"postgres:16"}]}},
                    "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
                        "resources":{"requests":{"storage":"10Gi"}}}}]}})")).ok());
        QTRY_COMPARE(readyReplicas(*m_store, kStatefulSets, u"postgres"_s), 2);
        QVERIFY(m_store->get(kPods, u"shop"_s, u"postgres-0"_s));
        QVERIFY(m_store->get(kPods, u"shop"_s, u"postgres-1"_s));
        const auto claim = m_store->get(kPvcs, u"shop"_s, u"data-postgres-1"_s);
        QVERIFY(claim);
        QCOMPARE(claim->value(u"status"_s).toObject().value(u"phase"_s).toString(), u"Bound"_s);
        QCOMPARE(m_store->count(kRevisions, u"shop"_s), qsizetype(1));
        const QJsonObject st = status(*m_store, kStatefulSets, u"postgres"_s);
        QCOMPARE(st.value(u"currentRevision"_s), st.value(u"updateRevision"_s));
        QVERIFY(st.value(u"currentRevision"_s).toString().startsWith(u"postgres-"_s));
        const QJsonArray volumes = m_store->get(kPods, u"shop"_s, u"postgres-0"_s)->value(u"spec"_s).toObject().value(u"volumes"_s).toArray();
        QCOMPARE(volumes.first().toObject().value(u"persistentVolumeClaim"_s).toObject().value(u"claimName"_s).toString(), u"data-postgres-0"_s);

        setReplicas(*m_store, kStatefulSets, u"postgres"_s, 1);
        QTRY_COMPARE(m_store->count(kPods, u"shop"_s), qsizetype(1));
        QVERIFY(m_store->get(kPods, u"shop"_s, u"postgres-0"_s));
        QTRY_COMPARE(status(*m_store, kStatefulSets, u"postgres"_s).value(u"replicas"_s).toInt(), 1);
        QCOMPARE(m_store->count(kPvcs, u"shop"_s), qsizetype(2)); // claims stay, as in Kubernetes
    }

    void stoppedManagerDoesNothing()
    {
        startManager(std::chrono::milliseconds(0));
        m_manager->stop();
        QVERIFY(m_store->create(kDeployments, deployment(u"web"_s, 1, u"web:1"_s)).ok());
        for (int i = 0; i < 5; ++i)
            QCoreApplication::processEvents();
        QCOMPARE(m_store->count(kReplicaSets, u"shop"_s), qsizetype(0));
    }
};

QTEST_GUILESS_MAIN(TestWorkloadController)
#include "tst_workloadcontroller.moc"
