// Samples from a PodList and a metrics.k8s.io PodMetricsList as an API server returns them.
#include "core/cost/podmetricssamples.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace pd::core;
using namespace Qt::StringLiterals;

namespace {

QJsonArray array(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).array();
}

} // namespace

class TestPodMetricsSamples final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void samplesFromPodsAndMetrics()
    {
        const QJsonArray pods = array(R"([
 {"metadata":{"name":"web-7d4b9c8f6d-x2kqz","namespace":"shop",
   "ownerReferences":[{"kind":"ReplicaSet","name":"web-7d4b9c8f6d","controller":true}]},
  "spec":{"containers":[{"name":"app","resources":{"requests":{"cpu":"250m","memory":"512Mi"}}},
                        {"name":"proxy"}]},
  "status":{"phase":"Running"}},
 {"metadata":{"name":"db-0","namespace":"shop","ownerReferences":[{"kind":"StatefulSet","name":"db","controller":true}]},
  "spec":{"containers":[{"name":"db","resources":{"requests":{"cpu":1,"memory":"1Gi"}}}]},
  "status":{"phase":"Running"}},
 {"metadata":{"name":"done","namespace":"shop"},"spec":{"containers":[{"name":"x"}]},"status":{"phase":"Succeeded"}}
])");
        const QJsonArray metrics = array(R"([
 {"metadata":{"name":"web-7d4b9c8f6d-x2kqz","namespace":"shop"},"timestamp":"2026-11-26T10:00:00Z","window":"30s",
  "containers":[{"name":"app","usage":{"cpu":"1523041n","memory":"4308Ki"}},
                {"name":"proxy","usage":{"cpu":"2m","memory":"10Mi"}}]}
])");
        const QList<UsageSample> samples = samplesFromPodMetrics(pods, metrics, 42);
        QCOMPARE(samples.size(), 3);
        const UsageSample &app = samples.at(0);
        QCOMPARE(app.timestampMs, qint64(42));
        QCOMPARE(app.namespaceName, u"shop"_s);
        QCOMPARE(app.pod, u"web-7d4b9c8f6d-x2kqz"_s);
        QCOMPARE(app.container, u"app"_s);
        QCOMPARE(app.workload, u"web"_s);
        QCOMPARE(app.cpuRequestCores, 0.25);
        QCOMPARE(app.memoryRequestBytes, 512.0 * 1024 * 1024);
        QCOMPARE(app.cpuUsageCores, 0.001523041);
        QCOMPARE(app.memoryUsageBytes, 4308.0 * 1024);
        const UsageSample &proxy = samples.at(1);
        QCOMPARE(proxy.cpuRequestCores, 0.0);
        QCOMPARE(proxy.cpuUsageCores, 0.002);
        QCOMPARE(proxy.memoryUsageBytes, 10.0 * 1024 * 1024);
        // Running without metrics: requests only.
        const UsageSample &db = samples.at(2);
        QCOMPARE(db.workload, u"db"_s);
        QCOMPARE(db.cpuRequestCores, 1.0);
        QCOMPARE(db.memoryRequestBytes, 1024.0 * 1024 * 1024);
        QCOMPARE(db.cpuUsageCores, 0.0);

        // The projection each listed pod is reduced to gives the same samples, in fewer bytes.
        QJsonArray projected;
        qsizetype wholeBytes = 0;
        qsizetype projectedBytes = 0;
        for (const QJsonValue &pod : pods) {
            QJsonObject served = pod.toObject();
            QJsonObject meta = served.value(u"metadata"_s).toObject();
            meta.insert(u"managedFields"_s, QJsonArray{QJsonObject{{u"manager"_s, u"kubelet"_s}}});
            meta.insert(u"labels"_s, QJsonObject{{u"app"_s, u"web"_s}});
            served.insert(u"metadata"_s, meta);
            projected.append(podForCostSample(served));
            wholeBytes += QJsonDocument(served).toJson(QJsonDocument::Compact).size();
            projectedBytes += QJsonDocument(projected.last().toObject()).toJson(QJsonDocument::Compact).size();
        }
        const QList<UsageSample> fromProjected = samplesFromPodMetrics(projected, metrics, 42);
        QCOMPARE(fromProjected.size(), samples.size());
        for (qsizetype i = 0; i < samples.size(); ++i) {
            QCOMPARE(fromProjected.at(i).pod, samples.at(i).pod);
            QCOMPARE(fromProjected.at(i).workload, samples.at(i).workload);
            QCOMPARE(fromProjected.at(i).cpuRequestCores, samples.at(i).cpuRequestCores);
            QCOMPARE(fromProjected.at(i).memoryUsageBytes, samples.at(i).memoryUsageBytes);
        }
        QVERIFY2(projectedBytes < wholeBytes, qPrintable(u"%1 of %2"_s.arg(projectedBytes).arg(wholeBytes)));
        QVERIFY(!projected.at(0).toObject().value(u"metadata"_s).toObject().contains(u"labels"_s));
    }

    void namespacesKeepTheirLabels()
    {
        const QJsonArray namespaces = array(R"([
 {"metadata":{"name":"pr-1","labels":{"previewdesk.io/owner":"alice"},"annotations":{"a":"b"},"managedFields":[{}]}},
 {"metadata":{"name":"pr-2"}}])");
        QJsonArray projected;
        for (const QJsonValue &ns : namespaces)
            projected.append(namespaceForCostSample(ns.toObject()));
        QCOMPARE(namespaceLabel(projected, u"previewdesk.io/owner"_s), namespaceLabel(namespaces, u"previewdesk.io/owner"_s));
        QCOMPARE(namespaceLabel(projected, u"previewdesk.io/owner"_s).value(u"pr-1"_s), u"alice"_s);
        QVERIFY(!projected.at(0).toObject().value(u"metadata"_s).toObject().contains(u"annotations"_s));
    }

    void claimsAndLabels()
    {
        const QList<PvcUsage> pvcs = pvcsFromClaims(array(R"([
 {"metadata":{"name":"data","namespace":"shop"},"spec":{"resources":{"requests":{"storage":"10Gi"}}}}])"), 1, 2);
        QCOMPARE(pvcs.size(), 1);
        QCOMPARE(pvcs.at(0).name, u"data"_s);
        QCOMPARE(pvcs.at(0).requestedBytes, 10.0 * 1024 * 1024 * 1024);
        QCOMPARE(pvcs.at(0).startMs, qint64(1));
        QCOMPARE(pvcs.at(0).endMs, qint64(2));

        const QHash<QString, QString> owners = namespaceLabel(array(R"([
 {"metadata":{"name":"pr-1","labels":{"previewdesk.io/owner":"alice"}}},
 {"metadata":{"name":"kube-system"}}])"), u"previewdesk.io/owner"_s);
        QCOMPARE(owners.size(), 1);
        QCOMPARE(owners.value(u"pr-1"_s), u"alice"_s);
    }

    void snapshotStorageIsCountedWhereItWasTaken()
    {
        // staging's golden snapshot (taken of its claim) holds 20Gi; the preview's copy of it
        // (pre-provisioned from the golden content) holds nothing of its own; an unready one
        // is not stored yet.
        const QList<PvcUsage> storage = storageFromVolumeSnapshots(array(R"([
 {"metadata":{"name":"postgres-golden","namespace":"staging"},
  "spec":{"source":{"persistentVolumeClaimName":"data-postgres-0"}},"status":{"readyToUse":true,"restoreSize":"20Gi"}},
 {"metadata":{"name":"postgres-golden","namespace":"pr-1"},
  "spec":{"source":{"volumeSnapshotContentName":"pr-1.postgres-golden"}},"status":{"readyToUse":true,"restoreSize":"20Gi"}},
 {"metadata":{"name":"before-migration","namespace":"pr-1"},
  "spec":{"source":{"persistentVolumeClaimName":"data-postgres-0"}},"status":{"readyToUse":false}}])"), 5, 6);
        QCOMPARE(storage.size(), 1);
        QCOMPARE(storage.at(0).namespaceName, u"staging"_s);
        QCOMPARE(storage.at(0).name, u"snapshot/postgres-golden"_s);
        QCOMPARE(storage.at(0).requestedBytes, 20.0 * 1024 * 1024 * 1024);
        QCOMPARE(storage.at(0).startMs, qint64(5));
    }
};

QTEST_GUILESS_MAIN(TestPodMetricsSamples)
#include "tst_podmetricssamples.moc"
