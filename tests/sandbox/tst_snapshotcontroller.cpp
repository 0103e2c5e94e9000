// The simulated snapshot-controller, CSI driver (sandbox.csi.local) and volume provisioner on a
// real ObjectStore: dynamic and pre-provisioned snapshots, Retain against Delete, and claims
// restored from a snapshot that wait for it with the provisioner's event.
#include "sandbox/controllers/controllermanager.h"
#include "sandbox/controllers/simulatedcsidriver.h"
#include "sandbox/controllers/snapshotcontroller.h"
#include "sandbox/objectstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

using namespace pd::sandbox;
using namespace Qt::Literals::StringLiterals;

namespace {

const GroupResource kNamespaces{{}, u"namespaces"_s};
const GroupResource kPvcs{{}, u"persistentvolumeclaims"_s};
const GroupResource kEvents{{}, u"events"_s};
const GroupResource kStatefulSets{u"apps"_s, u"statefulsets"_s};
const GroupResource kPods{{}, u"pods"_s};
const GroupResource kSnapshots{u"snapshot.storage.k8s.io"_s, u"volumesnapshots"_s};
const GroupResource kContents{u"snapshot.storage.k8s.io"_s, u"volumesnapshotcontents"_s};
const GroupResource kClasses{u"snapshot.storage.k8s.io"_s, u"volumesnapshotclasses"_s};
const QString kDriver = QString::fromLatin1(controllers::SimulatedCsiDriver::kName);

QJsonObject json(const QByteArray &text) { return QJsonDocument::fromJson(text).object(); }

QJsonValue at(const std::optional<QJsonObject> &o, const QString &path)
{
    QJsonValue v = o ? QJsonValue(*o) : QJsonValue();
    for (const QString &part : path.split(u'.'))
        v = v.toObject().value(part);
    return v;
}

QJsonObject snapshotClass(const QString &name, const QString &policy)
{
    return QJsonObject{{u"apiVersion"_s, u"snapshot.storage.k8s.io/v1"_s}, {u"kind"_s, u"VolumeSnapshotClass"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, name}}}, {u"driver"_s, kDriver}, {u"deletionPolicy"_s, policy}};
}

QJsonObject claim(const QString &ns, const QString &name, const QString &size, const QString &fromSnapshot = {})
{
    QJsonObject spec{{u"accessModes"_s, QJsonArray{u"ReadWriteOnce"_s}},
                     {u"resources"_s, QJsonObject{{u"requests"_s, QJsonObject{{u"storage"_s, size}}}}}};
    if (!fromSnapshot.isEmpty())
        spec.insert(u"dataSource"_s, QJsonObject{{u"apiGroup"_s, u"snapshot.storage.k8s.io"_s}, {u"kind"_s, u"VolumeSnapshot"_s},
                                                {u"name"_s, fromSnapshot}});
    return QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"PersistentVolumeClaim"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}}}, {u"spec"_s, spec}};
}

QJsonObject snapshotOfClaim(const QString &ns, const QString &name, const QString &claimName, const QString &className)
{
    return QJsonObject{{u"apiVersion"_s, u"snapshot.storage.k8s.io/v1"_s}, {u"kind"_s, u"VolumeSnapshot"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}}},
                       {u"spec"_s, QJsonObject{{u"source"_s, QJsonObject{{u"persistentVolumeClaimName"_s, claimName}}},
                                               {u"volumeSnapshotClassName"_s, className}}}};
}

// A restore into `ns` the way the data planner writes one: the content first names the snapshot.
QList<QJsonObject> preProvisioned(const QString &ns, const QString &name, const QString &contentName, const QString &handle)
{
    return {QJsonObject{{u"apiVersion"_s, u"snapshot.storage.k8s.io/v1"_s}, {u"kind"_s, u"VolumeSnapshotContent"_s},
                        {u"metadata"_s, QJsonObject{{u"name"_s, contentName}}},
                        {u"spec"_s, QJsonObject{{u"deletionPolicy"_s, u"Retain"_s}, {u"driver"_s, kDriver},
                                                {u"source"_s, QJsonObject{{u"snapshotHandle"_s, handle}}},
                                                {u"volumeSnapshotRef"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}}}}}},
            QJsonObject{{u"apiVersion"_s, u"snapshot.storage.k8s.io/v1"_s}, {u"kind"_s, u"VolumeSnapshot"_s},
                        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}}},
                        {u"spec"_s, QJsonObject{{u"source"_s, QJsonObject{{u"volumeSnapshotContentName"_s, contentName}}}}}}};
}

} // namespace

class TestSnapshotController final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void servesTheSnapshotCrds();
    void dynamicSnapshotOfABoundClaim();
    void retainKeepsTheContentAndTheHandle();
    void deleteRemovesTheContentAndTheHandle();
    void claimWaitsForItsSnapshotThenBindsWithItsSize();
    void claimSmallerThanTheSnapshotIsRefused();
    void statefulSetClaimRestoresFromASnapshot();

private:
    void startControllers(std::chrono::milliseconds readyDelay);
    void create(const GroupResource &resource, const QJsonObject &object);
    // A ready snapshot `name` of a fresh 5Gi claim in `ns` under `className`; its content's name.
    QString readySnapshot(const QString &ns, const QString &name, const QString &className);
    QStringList events(const QString &ns, const QString &involvedName, const QString &reason) const;
    const controllers::SimulatedCsiDriver &driver() const { return m_controllers->snapshots()->driver(); }

    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<ControllerManager> m_controllers;
};

void TestSnapshotController::init()
{
    m_store = std::make_unique<ObjectStore>();
    for (const QString &ns : {u"shop"_s, u"pr-7"_s})
        create(kNamespaces, QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                                        {u"metadata"_s, QJsonObject{{u"name"_s, ns}}}});
}

void TestSnapshotController::cleanup()
{
    m_controllers.reset();
    m_store.reset();
}

void TestSnapshotController::startControllers(std::chrono::milliseconds readyDelay)
{
    ControllerOptions options;
    options.namespaceDefaults = false;
    options.ingresses = false;
    options.externalSecrets = false;
    options.cronJobs = false;
    options.jobs = false;
    options.podReadyDelay = std::chrono::milliseconds(0);
    options.snapshotReadyDelay = readyDelay;
    m_controllers = std::make_unique<ControllerManager>(m_store.get(), options);
    m_controllers->start();
}

void TestSnapshotController::create(const GroupResource &resource, const QJsonObject &object)
{
    const StoreResult r = m_store->create(resource, object);
    QVERIFY2(r.ok(), qPrintable(r.error.message));
}

QString TestSnapshotController::readySnapshot(const QString &ns, const QString &name, const QString &className)
{
    create(kPvcs, claim(ns, name + u"-data"_s, u"5Gi"_s));
    create(kSnapshots, snapshotOfClaim(ns, name, name + u"-data"_s, className));
    if (!QTest::qWaitFor([&] { return at(m_store->get(kSnapshots, ns, name), u"status.readyToUse"_s).toBool(); }, 10000))
        return {};
    return at(m_store->get(kSnapshots, ns, name), u"status.boundVolumeSnapshotContentName"_s).toString();
}

QStringList TestSnapshotController::events(const QString &ns, const QString &involvedName, const QString &reason) const
{
    QStringList messages;
    for (const QJsonObject &e : m_store->list(kEvents, ns))
        if (e.value(u"involvedObject"_s).toObject().value(u"name"_s).toString() == involvedName
            && e.value(u"reason"_s).toString() == reason)
            messages << e.value(u"message"_s).toString();
    return messages;
}

void TestSnapshotController::servesTheSnapshotCrds()
{
    startControllers(std::chrono::milliseconds(0));
    const ResourceInfo *snapshots = m_store->registry()->findByKind(u"snapshot.storage.k8s.io/v1"_s, u"VolumeSnapshot"_s);
    QVERIFY(snapshots);
    QVERIFY(snapshots->namespaced);
    QVERIFY(snapshots->hasSubresource(u"status"_s));
    QStringList columns;
    for (const QJsonValue &c : snapshots->printerColumns)
        columns << c[u"name"_s].toString();
    QCOMPARE(columns, (QStringList{u"ReadyToUse"_s, u"SourcePVC"_s, u"SourceSnapshotContent"_s, u"RestoreSize"_s,
                                   u"SnapshotClass"_s, u"SnapshotContent"_s, u"CreationTime"_s, u"Age"_s}));
    const ResourceInfo *contents = m_store->registry()->findByKind(u"snapshot.storage.k8s.io/v1"_s, u"VolumeSnapshotContent"_s);
    QVERIFY(contents && !contents->namespaced && contents->hasSubresource(u"status"_s));
    const ResourceInfo *classes = m_store->registry()->findByKind(u"snapshot.storage.k8s.io/v1"_s, u"VolumeSnapshotClass"_s);
    QVERIFY(classes && !classes->namespaced && !classes->hasSubresource(u"status"_s));
}

void TestSnapshotController::dynamicSnapshotOfABoundClaim()
{
    startControllers(std::chrono::milliseconds(300));
    create(kClasses, snapshotClass(u"fast"_s, u"Delete"_s));
    create(kPvcs, claim(u"shop"_s, u"data-db-0"_s, u"5Gi"_s));
    QTRY_COMPARE(at(m_store->get(kPvcs, u"shop"_s, u"data-db-0"_s), u"status.phase"_s).toString(), u"Bound"_s);
    create(kSnapshots, snapshotOfClaim(u"shop"_s, u"nightly"_s, u"data-db-0"_s, u"fast"_s));
    const QString uid = at(m_store->get(kSnapshots, u"shop"_s, u"nightly"_s), u"metadata.uid"_s).toString();
    const QString contentName = u"snapcontent-"_s + uid;

    // Cut at once, not ready yet.
    QTRY_COMPARE(at(m_store->get(kSnapshots, u"shop"_s, u"nightly"_s), u"status.boundVolumeSnapshotContentName"_s).toString(), contentName);
    auto snapshot = m_store->get(kSnapshots, u"shop"_s, u"nightly"_s);
    QCOMPARE(at(snapshot, u"status.readyToUse"_s).toBool(), false);
    QCOMPARE(at(snapshot, u"status.restoreSize"_s).toString(), u"5Gi"_s);
    QVERIFY(!at(snapshot, u"status.creationTime"_s).toString().isEmpty());
    const auto content = m_store->get(kContents, {}, contentName);
    QVERIFY(content);
    QCOMPARE(at(content, u"spec.driver"_s).toString(), kDriver);
    QCOMPARE(at(content, u"spec.deletionPolicy"_s).toString(), u"Delete"_s);
    QCOMPARE(at(content, u"spec.volumeSnapshotClassName"_s).toString(), u"fast"_s);
    QCOMPARE(at(content, u"spec.volumeSnapshotRef.uid"_s).toString(), uid);
    QCOMPARE(at(content, u"spec.volumeSnapshotRef.namespace"_s).toString(), u"shop"_s);
    QCOMPARE(at(content, u"spec.source.volumeHandle"_s).toString(),
             at(m_store->get(kPvcs, u"shop"_s, u"data-db-0"_s), u"spec.volumeName"_s).toString());
    QCOMPARE(at(content, u"status.restoreSize"_s).toInteger(), 5LL * 1024 * 1024 * 1024);
    const QString handle = at(content, u"status.snapshotHandle"_s).toString();
    QVERIFY(driver().find(handle));
    QCOMPARE(events(u"shop"_s, u"nightly"_s, u"SnapshotCreated"_s),
             QStringList{u"Snapshot shop/nightly was successfully created by the CSI driver."_s});
    QVERIFY(events(u"shop"_s, u"nightly"_s, u"SnapshotReady"_s).isEmpty());

    // Ready after the driver's delay.
    QTRY_VERIFY(at(m_store->get(kSnapshots, u"shop"_s, u"nightly"_s), u"status.readyToUse"_s).toBool());
    QVERIFY(at(m_store->get(kContents, {}, contentName), u"status.readyToUse"_s).toBool());
    QCOMPARE(events(u"shop"_s, u"nightly"_s, u"SnapshotReady"_s), QStringList{u"Snapshot shop/nightly is ready to use."_s});
}

void TestSnapshotController::retainKeepsTheContentAndTheHandle()
{
    startControllers(std::chrono::milliseconds(0));
    create(kClasses, snapshotClass(u"keep"_s, u"Retain"_s));
    const QString contentName = readySnapshot(u"shop"_s, u"golden"_s, u"keep"_s);
    QVERIFY(!contentName.isEmpty());
    const QString handle = at(m_store->get(kContents, {}, contentName), u"status.snapshotHandle"_s).toString();

    // Retain: the snapshot goes, the content stays with its reference dangling.
    QVERIFY(m_store->remove(kSnapshots, u"shop"_s, u"golden"_s).ok());
    m_controllers->snapshots()->processPending();   // what the deletion queued: nothing may follow
    QVERIFY(m_store->get(kContents, {}, contentName));
    QCOMPARE(at(m_store->get(kContents, {}, contentName), u"spec.volumeSnapshotRef.name"_s).toString(), u"golden"_s);
    QVERIFY(driver().find(handle));

    // Deleting the Retain content keeps the storage-side snapshot ...
    QVERIFY(m_store->remove(kContents, {}, contentName).ok());
    m_controllers->snapshots()->processPending();
    QVERIFY(driver().find(handle));

    // ... which a new pre-provisioned content binds again, in another namespace.
    const QList<QJsonObject> restore = preProvisioned(u"pr-7"_s, u"golden"_s, u"pr-7.golden"_s, handle);
    create(kContents, restore.at(0));
    create(kSnapshots, restore.at(1));
    QTRY_VERIFY(at(m_store->get(kSnapshots, u"pr-7"_s, u"golden"_s), u"status.readyToUse"_s).toBool());
    const auto snapshot = m_store->get(kSnapshots, u"pr-7"_s, u"golden"_s);
    QCOMPARE(at(snapshot, u"status.boundVolumeSnapshotContentName"_s).toString(), u"pr-7.golden"_s);
    QCOMPARE(at(snapshot, u"status.restoreSize"_s).toString(), u"5Gi"_s);
    const auto content = m_store->get(kContents, {}, u"pr-7.golden"_s);
    QCOMPARE(at(content, u"spec.volumeSnapshotRef.uid"_s).toString(), at(snapshot, u"metadata.uid"_s).toString());
    QCOMPARE(at(content, u"status.snapshotHandle"_s).toString(), handle);
    QCOMPARE(events(u"pr-7"_s, u"golden"_s, u"SnapshotReady"_s), QStringList{u"Snapshot pr-7/golden is ready to use."_s});
    // A pre-provisioned snapshot was never created by the driver: no SnapshotCreated.
    QVERIFY(events(u"pr-7"_s, u"golden"_s, u"SnapshotCreated"_s).isEmpty());
}

void TestSnapshotController::deleteRemovesTheContentAndTheHandle()
{
    startControllers(std::chrono::milliseconds(0));
    create(kClasses, snapshotClass(u"scratch"_s, u"Delete"_s));
    const QString contentName = readySnapshot(u"shop"_s, u"nightly"_s, u"scratch"_s);
    QVERIFY(!contentName.isEmpty());
    const QString handle = at(m_store->get(kContents, {}, contentName), u"status.snapshotHandle"_s).toString();
    QVERIFY(driver().find(handle));

    QVERIFY(m_store->remove(kSnapshots, u"shop"_s, u"nightly"_s).ok());
    QTRY_VERIFY(!m_store->get(kContents, {}, contentName));
    QTRY_VERIFY(!driver().find(handle));

    // The handle is gone for good: a content naming it reports the driver's NotFound.
    const QList<QJsonObject> restore = preProvisioned(u"pr-7"_s, u"nightly"_s, u"pr-7.nightly"_s, handle);
    create(kContents, restore.at(0));
    create(kSnapshots, restore.at(1));
    const QString expected = u"Failed to check and update snapshot content: failed to list snapshot for content pr-7.nightly: "
                             "\"rpc error: code = NotFound desc = snapshot %1 not found\""_s.arg(handle);
    QTRY_COMPARE(at(m_store->get(kSnapshots, u"pr-7"_s, u"nightly"_s), u"status.error.message"_s).toString(), expected);
    QCOMPARE(at(m_store->get(kSnapshots, u"pr-7"_s, u"nightly"_s), u"status.readyToUse"_s).toBool(), false);
    QCOMPARE(events(u"default"_s, u"pr-7.nightly"_s, u"SnapshotContentCheckandUpdateFailed"_s), QStringList{expected});
}

void TestSnapshotController::claimWaitsForItsSnapshotThenBindsWithItsSize()
{
    startControllers(std::chrono::milliseconds(300));
    create(kClasses, snapshotClass(u"fast"_s, u"Delete"_s));
    create(kPvcs, claim(u"shop"_s, u"restored"_s, u"5Gi"_s, u"nightly"_s));
    const QString notFound = u"failed to provision volume with StorageClass \"standard\": error getting handle for DataSource Type "
                             "VolumeSnapshot by Name nightly: error getting snapshot nightly from api server: "
                             "volumesnapshots.snapshot.storage.k8s.io \"nightly\" not found"_s;
    QTRY_COMPARE(events(u"shop"_s, u"restored"_s, u"ProvisioningFailed"_s), QStringList{notFound});
    QCOMPARE(at(m_store->get(kPvcs, u"shop"_s, u"restored"_s), u"status.phase"_s).toString(), u"Pending"_s);
    QCOMPARE(events(u"shop"_s, u"restored"_s, u"Provisioning"_s),
             QStringList{u"External provisioner is provisioning volume for claim \"shop/restored\""_s});
    const QJsonObject failed = [&] {
        for (const QJsonObject &e : m_store->list(kEvents, u"shop"_s))
            if (e.value(u"reason"_s).toString() == u"ProvisioningFailed"_s)
                return e;
        return QJsonObject{};
    }();
    QCOMPARE(failed.value(u"type"_s).toString(), u"Warning"_s);
    QVERIFY(failed.value(u"source"_s).toObject().value(u"component"_s).toString().startsWith(kDriver + u'_'));

    // The snapshot appears but is not ready yet: still Pending, in the provisioner's words.
    create(kPvcs, claim(u"shop"_s, u"source"_s, u"5Gi"_s));
    QTRY_COMPARE(at(m_store->get(kPvcs, u"shop"_s, u"source"_s), u"status.phase"_s).toString(), u"Bound"_s);
    create(kSnapshots, snapshotOfClaim(u"shop"_s, u"nightly"_s, u"source"_s, u"fast"_s));
    QTRY_VERIFY(events(u"shop"_s, u"restored"_s, u"ProvisioningFailed"_s)
                    .contains(u"failed to provision volume with StorageClass \"standard\": error getting handle for DataSource "
                              "Type VolumeSnapshot by Name nightly: snapshot nightly is not Ready"_s));
    QCOMPARE(at(m_store->get(kPvcs, u"shop"_s, u"restored"_s), u"status.phase"_s).toString(), u"Pending"_s);

    // Ready: the claim binds with the snapshot's size.
    QTRY_COMPARE(at(m_store->get(kPvcs, u"shop"_s, u"restored"_s), u"status.phase"_s).toString(), u"Bound"_s);
    const auto bound = m_store->get(kPvcs, u"shop"_s, u"restored"_s);
    QCOMPARE(at(bound, u"status.capacity.storage"_s).toString(),
             at(m_store->get(kSnapshots, u"shop"_s, u"nightly"_s), u"status.restoreSize"_s).toString());
    QCOMPARE(at(bound, u"status.capacity.storage"_s).toString(), u"5Gi"_s);
    const QString volume = at(bound, u"spec.volumeName"_s).toString();
    QVERIFY(volume.startsWith(u"pvc-"_s));
    QCOMPARE(events(u"shop"_s, u"restored"_s, u"ProvisioningSucceeded"_s), QStringList{u"Successfully provisioned volume "_s + volume});
}

void TestSnapshotController::claimSmallerThanTheSnapshotIsRefused()
{
    startControllers(std::chrono::milliseconds(0));
    create(kClasses, snapshotClass(u"fast"_s, u"Delete"_s));
    QVERIFY(!readySnapshot(u"shop"_s, u"nightly"_s, u"fast"_s).isEmpty());
    create(kPvcs, claim(u"shop"_s, u"too-small"_s, u"1Gi"_s, u"nightly"_s));
    QTRY_COMPARE(events(u"shop"_s, u"too-small"_s, u"ProvisioningFailed"_s),
                 QStringList{u"failed to provision volume with StorageClass \"standard\": error getting handle for DataSource "
                             "Type VolumeSnapshot by Name nightly: requested volume size 1073741824 is less than the size "
                             "5368709120 for the source snapshot nightly"_s});
    QCOMPARE(at(m_store->get(kPvcs, u"shop"_s, u"too-small"_s), u"status.phase"_s).toString(), u"Pending"_s);
}

void TestSnapshotController::statefulSetClaimRestoresFromASnapshot()
{
    startControllers(std::chrono::milliseconds(0));
    create(kClasses, snapshotClass(u"fast"_s, u"Delete"_s));
    create(kStatefulSets, json(R"({"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"pr-7"},
        "spec":{"serviceName":"db","replicas":1,"selector":{"matchLabels":{"app":"db"}},
                "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"db","image":"postgres:16"}]}},
                "volumeClaimTemplates":[{"metadata":{"name":"data"},
                    "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"5Gi"}},
                            "dataSource":{"apiGroup":"snapshot.storage.k8s.io","kind":"VolumeSnapshot","name":"nightly"}}}]}})"));
    // Made Pending, not Bound as an empty volume would be.
    QTRY_VERIFY(m_store->get(kPvcs, u"pr-7"_s, u"data-db-0"_s));
    QTRY_COMPARE(events(u"pr-7"_s, u"data-db-0"_s, u"ProvisioningFailed"_s).size(), 1);
    QCOMPARE(at(m_store->get(kPvcs, u"pr-7"_s, u"data-db-0"_s), u"status.phase"_s).toString(), u"Pending"_s);
    // Its pod waits unscheduled, in the scheduler's words.
    const QString unbound = u"0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: "
                            "0/1 nodes are available: 1 Preemption is not helpful for scheduling."_s;
    QTRY_COMPARE(events(u"pr-7"_s, u"db-0"_s, u"FailedScheduling"_s), QStringList{unbound});
    auto pod = m_store->get(kPods, u"pr-7"_s, u"db-0"_s);
    QCOMPARE(at(pod, u"status.phase"_s).toString(), u"Pending"_s);
    QCOMPARE(at(pod, u"status.conditions"_s).toArray().first()[u"reason"_s].toString(), u"Unschedulable"_s);
    QVERIFY(at(pod, u"spec.nodeName"_s).isUndefined());
    QCOMPARE(at(m_store->get(kStatefulSets, u"pr-7"_s, u"db"_s), u"status.readyReplicas"_s).toInt(), 0);

    QVERIFY(!readySnapshot(u"pr-7"_s, u"nightly"_s, u"fast"_s).isEmpty());
    QTRY_COMPARE(at(m_store->get(kPvcs, u"pr-7"_s, u"data-db-0"_s), u"status.phase"_s).toString(), u"Bound"_s);
    QCOMPARE(at(m_store->get(kPvcs, u"pr-7"_s, u"data-db-0"_s), u"status.capacity.storage"_s).toString(), u"5Gi"_s);
    // Scheduled once the claim is bound, then running.
    QTRY_COMPARE(at(m_store->get(kPods, u"pr-7"_s, u"db-0"_s), u"status.phase"_s).toString(), u"Running"_s);
    QCOMPARE(events(u"pr-7"_s, u"db-0"_s, u"Scheduled"_s), QStringList{u"Successfully assigned pr-7/db-0 to sandbox-node"_s});
    QTRY_COMPARE(at(m_store->get(kStatefulSets, u"pr-7"_s, u"db"_s), u"status.readyReplicas"_s).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestSnapshotController)
#include "tst_snapshotcontroller.moc"
