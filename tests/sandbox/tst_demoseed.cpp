// The demo environments and the --scale seed.
#include "sandbox/controllers/controllermanager.h"
#include "sandbox/controllers/workloadcontroller.h"
#include "sandbox/demoseed.h"
#include "sandbox/objectstore.h"
#include "sandbox/sandboxcluster.h"

#include "core/clone/cloneprofile.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace pd::sandbox;
using namespace Qt::Literals::StringLiterals;

namespace {

const GroupResource kNamespaces{{}, u"namespaces"_s};
const GroupResource kPods{{}, u"pods"_s};
const GroupResource kDeployments{u"apps"_s, u"deployments"_s};
const GroupResource kPvcs{{}, u"persistentvolumeclaims"_s};
const GroupResource kSnapshots{u"snapshot.storage.k8s.io"_s, u"volumesnapshots"_s};
const GroupResource kContents{u"snapshot.storage.k8s.io"_s, u"volumesnapshotcontents"_s};

QJsonValue at(const std::optional<QJsonObject> &o, const QString &path)
{
    QJsonValue v = o ? QJsonValue(*o) : QJsonValue();
    for (const QString &part : path.split(u'.'))
        v = v.toObject().value(part);
    return v;
}
const QDateTime kNow = QDateTime::fromString(u"2026-11-26T09:00:00Z"_s, Qt::ISODate);

QJsonObject find(const QList<QJsonObject> &objects, const QString &kind, const QString &name)
{
    for (const QJsonObject &o : objects) {
        if (o.value(u"kind"_s).toString() == kind && o.value(u"metadata"_s).toObject().value(u"name"_s).toString() == name)
            return o;
    }
    return {};
}

QString annotation(const QJsonObject &o, const QString &key)
{
    return o.value(u"metadata"_s).toObject().value(u"annotations"_s).toObject().value(key).toString();
}

QString progressingReason(const QJsonObject &deployment)
{
    for (const QJsonValue &c : deployment.value(u"status"_s).toObject().value(u"conditions"_s).toArray()) {
        if (c[u"type"_s].toString() == u"Progressing"_s)
            return c[u"reason"_s].toString();
    }
    return {};
}

DemoPreview previewIn(DemoPreview::State state)
{
    for (const DemoPreview &p : demoPreviews()) {
        if (p.state == state)
            return p;
    }
    return {};
}

} // namespace

class TestDemoSeed final : public QObject
{
    Q_OBJECT

private slots:
    void sourceIsEmbedded()
    {
        const QList<QJsonObject> source = demoSourceObjects();
        QVERIFY(source.size() > 20);
        QCOMPARE(find(source, u"Namespace"_s, u"staging"_s).value(u"metadata"_s).toObject().value(u"labels"_s).toObject()
                     .value(u"previewdesk.io/role"_s).toString(), u"source"_s);
    }

    void previewContract_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < demoPreviews().size(); ++i)
            QTest::addRow("%s", qPrintable(demoPreviews().at(i).namespaceName)) << i;
    }

    void previewContract()
    {
        QFETCH(int, index);
        const DemoPreview p = demoPreviews().at(index);
        const QList<QJsonObject> source = demoSourceObjects();
        const QList<QJsonObject> objects = demoPreviewObjects(source, p, kNow);
        const QJsonObject ns = objects.first();
        QCOMPARE(ns.value(u"kind"_s).toString(), u"Namespace"_s);
        const QJsonObject labels = ns.value(u"metadata"_s).toObject().value(u"labels"_s).toObject();
        QCOMPARE(labels.value(u"app.kubernetes.io/managed-by"_s).toString(), u"previewdesk"_s);
        QCOMPARE(labels.value(u"previewdesk.io/role"_s).toString(), u"preview"_s);
        QCOMPARE(labels.value(u"previewdesk.io/pr"_s).toString(), QString::number(p.pullRequest));
        QCOMPARE(labels.value(u"previewdesk.io/owner"_s).toString(), p.owner);
        QCOMPARE(annotation(ns, u"previewdesk.io/parent"_s), u"staging"_s);
        QVERIFY(!annotation(ns, u"previewdesk.io/url"_s).isEmpty());
        QVERIFY(!annotation(ns, u"previewdesk.io/expires-at"_s).isEmpty() || !annotation(ns, u"janitor/expires"_s).isEmpty());

        const QByteArray all = QJsonDocument(QJsonArray::fromVariantList([&] {
            QVariantList l;
            for (const QJsonObject &o : objects)
                l.append(o.toVariantMap());
            return l;
        }())).toJson();
        QVERIFY(!all.contains(".staging.svc"));
        QVERIFY(!all.contains("staging.shop.example.com"));
        QVERIFY(!all.contains("\"uid\""));
        QVERIFY(!all.contains("\"status\""));
        QVERIFY(!all.contains("c3RhZ2luZy1wZy1Ba2o4M2hkMjk0bWNr")); // the source's database password
        QVERIFY(!all.contains("c2tfdGVzdF9zdGFnaW5nXzRlQzM5SHFMa2pXaXNSZQ==")); // the operator's secret is not copied
        for (const QJsonObject &o : objects) {
            if (o.value(u"kind"_s).toString() != u"Namespace"_s)
                QCOMPARE(o.value(u"metadata"_s).toObject().value(u"namespace"_s).toString(), p.namespaceName);
            QVERIFY(o.value(u"kind"_s).toString() != u"Pod"_s && o.value(u"kind"_s).toString() != u"ReplicaSet"_s);
        }
        QVERIFY(!find(objects, u"ResourceQuota"_s, u"preview-quota"_s).isEmpty());
        QVERIFY(!find(objects, u"LimitRange"_s, u"preview-limits"_s).isEmpty());
        QVERIFY(!find(objects, u"NetworkPolicy"_s, u"default-deny"_s).isEmpty());
        QCOMPARE(find(objects, u"RoleBinding"_s, u"previewdesk-owner"_s).value(u"subjects"_s).toArray().first().toObject()
                     .value(u"name"_s).toString(), p.owner);
        QCOMPARE(find(objects, u"ExternalSecret"_s, u"payments-api"_s).value(u"spec"_s).toObject().value(u"data"_s).toArray()
                     .first().toObject().value(u"remoteRef"_s).toObject().value(u"key"_s).toString(),
                 u"shop/previews/payments-api-key"_s);
    }

    void states()
    {
        const QList<QJsonObject> source = demoSourceObjects();
        const auto scaled = demoPreviewObjects(source, previewIn(DemoPreview::State::ScaledDown), kNow);
        const QJsonObject api = find(scaled, u"Deployment"_s, u"checkout-api"_s);
        QCOMPARE(api.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 0);
        QCOMPARE(annotation(api, u"downscaler/original-replicas"_s), u"2"_s);

        const auto expired = demoPreviewObjects(source, previewIn(DemoPreview::State::Expired), kNow);
        QVERIFY(QDateTime::fromString(annotation(expired.first(), u"previewdesk.io/expires-at"_s), Qt::ISODate) < kNow);
        const auto soon = demoPreviewObjects(source, previewIn(DemoPreview::State::ExpiringSoon), kNow);
        const QDateTime soonAt = QDateTime::fromString(annotation(soon.first(), u"previewdesk.io/expires-at"_s), Qt::ISODate);
        QVERIFY(soonAt > kNow && soonAt < kNow.addSecs(6 * 3600));

        const auto degraded = demoPreviewObjects(source, previewIn(DemoPreview::State::Degraded), kNow);
        QVERIFY(find(degraded, u"Deployment"_s, u"checkout-api"_s).value(u"spec"_s).toObject().value(u"template"_s).toObject()
                    .value(u"spec"_s).toObject().value(u"containers"_s).toArray().first().toObject().value(u"image"_s).toString()
                    .contains(u"does-not-exist"_s));
    }

    void seedsIntoStore()
    {
        ObjectStore store;
        const ImportReport report = seedDemo(&store, kNow);
        QVERIFY2(report.errors.isEmpty(), qPrintable(report.errors.join(u'\n')));
        QVERIFY(store.get(kNamespaces, {}, u"staging"_s));
        for (const DemoPreview &p : demoPreviews()) {
            const auto ns = store.get(kNamespaces, {}, p.namespaceName);
            QVERIFY(ns);
            QCOMPARE(annotation(*ns, u"previewdesk.io/parent-uid"_s),
                     store.get(kNamespaces, {}, u"staging"_s)->value(u"metadata"_s).toObject().value(u"uid"_s).toString());
            QVERIFY(store.get(kDeployments, p.namespaceName, u"checkout-api"_s));
        }
    }

    void stagingHasAGoldenSnapshotAndOnePreviewRestoresIt()
    {
        ObjectStore store;
        const ImportReport report = seedDemo(&store, kNow);
        QVERIFY2(report.errors.isEmpty(), qPrintable(report.errors.join(u'\n')));
        const auto golden = store.get(kSnapshots, u"staging"_s, kDemoGoldenSnapshot);
        QVERIFY(at(golden, u"status.readyToUse"_s).toBool());
        QCOMPARE(at(golden, u"status.restoreSize"_s).toString(), u"20Gi"_s);
        QCOMPARE(at(golden, u"spec.source.persistentVolumeClaimName"_s).toString(), kDemoGoldenClaim);
        const auto content = store.get(kContents, {}, at(golden, u"status.boundVolumeSnapshotContentName"_s).toString());
        QCOMPARE(at(content, u"spec.volumeSnapshotRef.uid"_s).toString(), at(golden, u"metadata.uid"_s).toString());
        QCOMPARE(at(content, u"status.snapshotHandle"_s).toString(), demoGoldenSnapshotHandle());
        QCOMPARE(at(content, u"spec.deletionPolicy"_s).toString(), u"Delete"_s);   // the class's

        // The profile marks it golden and staging data-safe, as the planner reads it.
        QList<QJsonObject> staging = store.list(GroupResource{{}, u"configmaps"_s}, u"staging"_s);
        staging << *store.get(kNamespaces, {}, u"staging"_s);
        const pd::core::SourceCloneProfile profile = pd::core::readCloneProfile(staging, u"staging"_s);
        QVERIFY2(profile.found(), qPrintable(profile.error));
        QCOMPARE(profile.configMap, kDemoCloneProfile);
        QCOMPARE(profile.profile.data.goldenSnapshots, QStringList{kDemoGoldenSnapshot});
        QVERIFY(profile.profile.data.dataSafe);
        QVERIFY(profile.profile.data.decisions.isEmpty());   // previews still start empty unless asked

        // The restored preview, as the data planner writes a restore.
        const QString preview = kDemoRestoredPreview;
        const auto restored = store.get(kSnapshots, preview, kDemoGoldenSnapshot);
        QCOMPARE(at(restored, u"spec.source.volumeSnapshotContentName"_s).toString(), preview + u".postgres-golden"_s);
        const auto restoredContent = store.get(kContents, {}, preview + u".postgres-golden"_s);
        QCOMPARE(at(restoredContent, u"spec.deletionPolicy"_s).toString(), u"Retain"_s);
        QCOMPARE(at(restoredContent, u"spec.source.snapshotHandle"_s).toString(), demoGoldenSnapshotHandle());
        QCOMPARE(at(restoredContent, u"metadata.labels"_s).toObject().value(u"previewdesk.io/environment"_s).toString(), preview);
        const QJsonArray templates = at(store.get(GroupResource{u"apps"_s, u"statefulsets"_s}, preview, u"postgres"_s),
                                        u"spec.volumeClaimTemplates"_s).toArray();
        QCOMPARE(templates.first()[u"spec"_s][u"dataSource"_s][u"name"_s].toString(), kDemoGoldenSnapshot);
        // The other previews start empty.
        QVERIFY(!store.get(kSnapshots, u"shop-pr-1402"_s, kDemoGoldenSnapshot));
    }

    void demoClusterComesAlive()
    {
        SandboxCluster cluster;
        SandboxOptions options;
        options.demo = true;
        QString error;
        QVERIFY2(cluster.start(options, &error), qPrintable(error));
        ObjectStore *store = cluster.store();
        const GroupResource externalSecrets{u"external-secrets.io"_s, u"externalsecrets"_s};
        auto ready = [store](const QString &ns, const QString &name) {
            return store->get(kDeployments, ns, name).value_or(QJsonObject{}).value(u"status"_s).toObject().value(u"readyReplicas"_s).toInt();
        };
        QTRY_COMPARE_WITH_TIMEOUT(ready(u"shop-pr-1412"_s, u"checkout-api"_s), 2, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(ready(u"staging"_s, u"checkout-api"_s), 2, 30000);
        // The restored preview's database claim binds from the golden snapshot, with its size.
        QTRY_COMPARE_WITH_TIMEOUT(at(store->get(kPvcs, kDemoRestoredPreview, kDemoGoldenClaim), u"status.phase"_s).toString(),
                                  u"Bound"_s, 30000);
        QCOMPARE(at(store->get(kPvcs, kDemoRestoredPreview, kDemoGoldenClaim), u"status.capacity.storage"_s).toString(), u"20Gi"_s);
        QVERIFY(at(store->get(kSnapshots, kDemoRestoredPreview, kDemoGoldenSnapshot), u"status.readyToUse"_s).toBool());
        QVERIFY(at(store->get(kSnapshots, u"staging"_s, kDemoGoldenSnapshot), u"status.readyToUse"_s).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(store->get(GroupResource{{}, u"secrets"_s}, u"shop-pr-1412"_s, u"payments-api"_s).has_value(), 30000);
        const QJsonObject es = *store->get(externalSecrets, u"shop-pr-1412"_s, u"payments-api"_s);
        QCOMPARE(es.value(u"status"_s).toObject().value(u"conditions"_s).toArray().first().toObject().value(u"status"_s).toString(), u"True"_s);
        // scaled down stays at zero; the stuck rollout never becomes available
        QCOMPARE(store->count(kPods, u"shop-pr-1397"_s), qsizetype(0));
        QTRY_VERIFY_WITH_TIMEOUT(store->get(kDeployments, u"shop-pr-1418"_s, u"checkout-api"_s)->value(u"status"_s).toObject().contains(u"conditions"_s), 30000);
        QCOMPARE(ready(u"shop-pr-1418"_s, u"checkout-api"_s), 0);
        // It has been stuck for 28 minutes: the controller finds its deadline passed.
        QTRY_COMPARE_WITH_TIMEOUT(progressingReason(*store->get(kDeployments, u"shop-pr-1418"_s, u"checkout-api"_s)),
                                  u"ProgressDeadlineExceeded"_s, 30000);
    }

    void degradedPreviewHasItsHistory()
    {
        ObjectStore store;
        store.setClock([] { return kNow; });
        seedDemo(&store, kNow);
        const QString ns = previewIn(DemoPreview::State::Degraded).namespaceName;
        const QList<QJsonObject> pods = store.list(kPods, ns);
        QVERIFY(!pods.isEmpty());
        for (const QJsonObject &pod : pods) {
            const QJsonObject status = pod.value(u"status"_s).toObject();
            QCOMPARE(status.value(u"containerStatuses"_s).toArray().first()[u"state"_s][u"waiting"_s][u"reason"_s].toString(),
                     u"ImagePullBackOff"_s);
            bool readyFalseSince = false;
            for (const QJsonValue &c : status.value(u"conditions"_s).toArray())
                readyFalseSince = readyFalseSince || (c[u"type"_s] == u"Ready"_s && c[u"status"_s] == u"False"_s
                                                      && c[u"lastTransitionTime"_s] == ObjectStore::timestamp(kNow.addSecs(-28 * 60)));
            QVERIFY(readyFalseSince);
        }
        // The Events the controllers, the scheduler and the kubelet wrote, with their counts.
        QHash<QString, int> counts;
        for (const QJsonObject &event : store.list(GroupResource{{}, u"events"_s}, ns)) {
            QCOMPARE(event.value(u"firstTimestamp"_s).toString(), ObjectStore::timestamp(kNow.addSecs(-28 * 60)));
            QVERIFY(event.value(u"lastTimestamp"_s).toString() <= ObjectStore::timestamp(kNow));
            QVERIFY(!event.value(u"involvedObject"_s).toObject().value(u"uid"_s).toString().isEmpty());
            counts[event.value(u"reason"_s).toString()] += event.value(u"count"_s).toInt();
        }
        for (const QString &reason : {u"ScalingReplicaSet"_s, u"SuccessfulCreate"_s, u"Scheduled"_s, u"Pulling"_s,
                                      u"Failed"_s, u"BackOff"_s})
            QVERIFY2(counts.value(reason) > 0, qPrintable(reason));
        QVERIFY(counts.value(u"BackOff"_s) > 100);   // every pod sync for 28 minutes
    }

    void scaledPreviewsAreConsistent()
    {
        ObjectStore store;
        // PREVIEWDESK_SCALE_SEED=N measures a bigger seed by hand (default 40).
        const int namespaces = qEnvironmentVariableIntValue("PREVIEWDESK_SCALE_SEED") > 0
            ? qEnvironmentVariableIntValue("PREVIEWDESK_SCALE_SEED") : 40;
        QElapsedTimer timer;
        timer.start();
        const qsizetype created = seedScaledPreviews(&store, namespaces, kNow);
        qInfo("seeded %d namespaces (%lld objects) in %lld ms", namespaces, qlonglong(created), qlonglong(timer.elapsed()));
        QCOMPARE(store.count(kPods), qsizetype(namespaces * 15));
        QCOMPARE(store.count(kDeployments), qsizetype(namespaces * 4));
        QCOMPARE(store.list(kNamespaces).size(), namespaces + 4);

        // A controller started over the seed finds nothing to change.
        const qint64 version = store.resourceVersion();
        ControllerOptions options;
        // (The operators that install CRDs at start, External Secrets, the snapshot-controller and the GitOps engines, are off.)
        options.namespaceDefaults = options.externalSecrets = options.cronJobs = options.ingresses = options.snapshots = false;
        options.gitOps = false;
        ControllerManager manager(&store, options);
        manager.start();
        for (int i = 0; i < 20; ++i)
            QCoreApplication::processEvents();
        QCOMPARE(store.resourceVersion(), version);
        QCOMPARE(store.count(kPods), qsizetype(namespaces * 15));
    }
};

QTEST_GUILESS_MAIN(TestDemoSeed)
#include "tst_demoseed.moc"
