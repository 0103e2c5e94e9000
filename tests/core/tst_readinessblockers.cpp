// What ends a clone's wait at once (issue 12, item 6), on the wire shapes a real
// cluster sends: core/v1 Events from the ReplicaSet and PV controllers, Deployment and
// ReplicaSet conditions, an ExternalSecret's Ready condition and pod container states.
#include "core/clone/readinessblockers.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using pd::core::ReadinessBlocker;
using pd::core::ReadinessEvidence;

Q_DECLARE_METATYPE(ReadinessEvidence)

namespace {

const QDateTime kStarted = QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

QJsonObject json(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(text, &error).object();
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return object;
}

QJsonArray array(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).array();
}

// kubectl get events -o json, one item as the ReplicaSet controller records it.
const QByteArray kQuotaEvent = R"([{
  "metadata": {"name": "web-7d4b9c.17f3a", "namespace": "pr-7", "creationTimestamp": "2026-11-26T09:00:05Z"},
  "involvedObject": {"kind": "ReplicaSet", "namespace": "pr-7", "name": "web-7d4b9c", "apiVersion": "apps/v1", "uid": "1"},
  "reason": "FailedCreate",
  "message": "Error creating: pods \u0022web-7d4b9c-x2x9k\u0022 is forbidden: exceeded quota: preview-quota, requested: limits.cpu=500m, used: limits.cpu=4, limited: limits.cpu=4",
  "source": {"component": "replicaset-controller"},
  "firstTimestamp": "2026-11-26T09:00:05Z", "lastTimestamp": "2026-11-26T09:00:09Z",
  "count": 3, "type": "Warning", "eventTime": null, "reportingComponent": "replicaset-controller", "reportingInstance": ""
}])";

} // namespace

class TestReadinessBlockers final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void blockers_data()
    {
        QTest::addColumn<ReadinessEvidence>("evidence");
        QTest::addColumn<QStringList>("expected");        // ReadinessBlocker::text()
        QTest::addColumn<QList<bool>>("transient");

        ReadinessEvidence quota;
        quota.events = array(kQuotaEvent);
        QTest::newRow("FailedCreate event (quota)")
            << quota
            << QStringList{u"replicaset/web-7d4b9c: FailedCreate: pods \"web-7d4b9c-x2x9k\" is forbidden: exceeded quota: "
                           "preview-quota, requested: limits.cpu=500m, used: limits.cpu=4, limited: limits.cpu=4"_s}
            << QList<bool>{false};

        ReadinessEvidence old = quota;
        QJsonObject stale = old.events.at(0).toObject();
        stale.insert(u"lastTimestamp"_s, u"2026-11-26T08:40:00Z"_s);   // an earlier run's
        old.events = QJsonArray{stale};
        QTest::newRow("an earlier run's event") << old << QStringList{} << QList<bool>{};

        ReadinessEvidence normal;
        normal.events = array(R"([{"metadata":{"name":"e"},"involvedObject":{"kind":"ReplicaSet","name":"web-1"},
            "reason":"SuccessfulCreate","message":"Created pod: web-1-abc","type":"Normal","lastTimestamp":"2026-11-26T09:00:02Z"}])");
        QTest::newRow("normal events") << normal << QStringList{} << QList<bool>{};

        ReadinessEvidence replicaFailure;
        replicaFailure.workloads << json(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
            "status":{"conditions":[
              {"type":"Progressing","status":"True","reason":"ReplicaSetUpdated","message":"ReplicaSet \u0022web-7d4b9c\u0022 is progressing."},
              {"type":"ReplicaFailure","status":"True","reason":"FailedCreate",
               "message":"pods \u0022web-7d4b9c-x2x9k\u0022 is forbidden: exceeded quota: preview-quota"}]}})");
        QTest::newRow("Deployment ReplicaFailure")
            << replicaFailure << QStringList{u"deployment/web: FailedCreate: pods \"web-7d4b9c-x2x9k\" is forbidden: exceeded quota: preview-quota"_s}
            << QList<bool>{false};

        ReadinessEvidence rsCondition;
        rsCondition.replicaSets = array(R"([{"metadata":{"name":"api-5f6"},"status":{"replicas":0,"conditions":[
            {"type":"ReplicaFailure","status":"True","reason":"FailedCreate","message":"admission webhook denied the request"}]}}])");
        QTest::newRow("ReplicaSet ReplicaFailure (a List item without kind)")
            << rsCondition << QStringList{u"replicaset/api-5f6: FailedCreate: admission webhook denied the request"_s} << QList<bool>{false};

        ReadinessEvidence deadline;
        deadline.workloads << json(R"({"kind":"Deployment","metadata":{"name":"api"},"status":{"conditions":[
            {"type":"Available","status":"False","reason":"MinimumReplicasUnavailable","message":"Deployment does not have minimum availability."},
            {"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded","message":"ReplicaSet \u0022api-5f6\u0022 has timed out progressing."}]}})");
        QTest::newRow("ProgressDeadlineExceeded")
            << deadline << QStringList{u"deployment/api: ProgressDeadlineExceeded: ReplicaSet \"api-5f6\" has timed out progressing."_s}
            << QList<bool>{false};

        ReadinessEvidence stillProgressing;
        stillProgressing.workloads << json(R"({"kind":"Deployment","metadata":{"name":"api"},"status":{"conditions":[
            {"type":"Progressing","status":"True","reason":"NewReplicaSetCreated"}]}})");
        QTest::newRow("progressing is no blocker") << stillProgressing << QStringList{} << QList<bool>{};

        ReadinessEvidence externalSecret;
        externalSecret.workloads << json(R"({"apiVersion":"external-secrets.io/v1","kind":"ExternalSecret","metadata":{"name":"payments"},
            "status":{"refreshTime":null,"conditions":[{"type":"Ready","status":"False","reason":"SecretSyncedError",
              "message":"could not get secret data from provider","lastTransitionTime":"2026-11-26T09:00:03Z"}]}})");
        QTest::newRow("ExternalSecret SecretSyncedError")
            << externalSecret << QStringList{u"externalsecret/payments: SecretSyncedError: could not get secret data from provider"_s}
            << QList<bool>{false};

        ReadinessEvidence claim;
        claim.claims = array(R"([{"metadata":{"name":"data-postgres-0"},"spec":{"storageClassName":"fast"},"status":{"phase":"Pending"}}])");
        claim.events = array(R"([{"metadata":{"name":"data-postgres-0.1"},"involvedObject":{"kind":"PersistentVolumeClaim","name":"data-postgres-0"},
            "reason":"ProvisioningFailed","message":"storageclass.storage.k8s.io \u0022fast\u0022 not found","type":"Warning",
            "lastTimestamp":"2026-11-26T09:00:04Z"}])");
        QTest::newRow("PVC ProvisioningFailed")
            << claim << QStringList{u"persistentvolumeclaim/data-postgres-0: ProvisioningFailed: storageclass.storage.k8s.io \"fast\" not found"_s}
            << QList<bool>{false};
        ReadinessEvidence bound = claim;
        bound.claims = array(R"([{"metadata":{"name":"data-postgres-0"},"status":{"phase":"Bound"}}])");
        QTest::newRow("PVC bound since") << bound << QStringList{} << QList<bool>{};

        ReadinessEvidence pods;
        pods.pods = array(R"([{"metadata":{"name":"web-7d4b9c-x2x9k"},"status":{"phase":"Pending",
            "initContainerStatuses":[{"name":"migrate","ready":false,"state":{"waiting":{"reason":"InvalidImageName",
              "message":"Failed to apply default image tag \u0022registry/Shop:1\u0022: could not parse image name"}}}],
            "containerStatuses":[{"name":"web","ready":false,"state":{"waiting":{"reason":"ImagePullBackOff",
              "message":"Back-off pulling image \u0022registry.example.com/web:pr-7\u0022"}}},
              {"name":"sidecar","ready":false,"state":{"waiting":{"reason":"ContainerCreating"}}}]}}])");
        QTest::newRow("image errors")
            << pods
            << QStringList{u"pod/web-7d4b9c-x2x9k: InvalidImageName: Failed to apply default image tag \"registry/Shop:1\": could not parse image name"_s,
                           u"pod/web-7d4b9c-x2x9k: ImagePullBackOff: Back-off pulling image \"registry.example.com/web:pr-7\""_s}
            << QList<bool>{false, true};
    }

    void blockers()
    {
        QFETCH(ReadinessEvidence, evidence);
        QFETCH(QStringList, expected);
        QFETCH(QList<bool>, transient);
        const QList<ReadinessBlocker> found = pd::core::readinessBlockers(evidence, kStarted);
        QStringList texts;
        QList<bool> kinds;
        for (const ReadinessBlocker &blocker : found) {
            texts << blocker.text();
            kinds << blocker.transient;
        }
        QCOMPARE(texts, expected);
        QCOMPARE(kinds, transient);
    }

    void repeatedEventsSayItOnce()
    {
        ReadinessEvidence evidence;
        QJsonObject older = array(kQuotaEvent).at(0).toObject();
        QJsonObject newer = older;
        older.insert(u"lastTimestamp"_s, u"2026-11-26T09:00:01Z"_s);
        older.insert(u"message"_s, u"Error creating: pods \"web-7d4b9c-aaaaa\" is forbidden: exceeded quota: preview-quota"_s);
        evidence.events = QJsonArray{older, newer};
        const QList<ReadinessBlocker> found = pd::core::readinessBlockers(evidence, kStarted);
        QCOMPARE(found.size(), 1);
        QVERIFY2(found.first().reason.contains(u"web-7d4b9c-x2x9k"_s), qPrintable(found.first().reason));   // the newest
    }
};

QTEST_GUILESS_MAIN(TestReadinessBlockers)
#include "tst_readinessblockers.moc"
