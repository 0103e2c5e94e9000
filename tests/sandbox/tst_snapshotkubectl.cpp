// The real kubectl 1.32 on the sandbox's snapshot.storage.k8s.io/v1 with its simulated
// snapshot-controller: apply a class, a claim and a VolumeSnapshot, wait for readyToUse, read
// the upstream printer columns, and see a claim restored from the snapshot bind (its dataSource
// mirrored to dataSourceRef as kube-apiserver does).
#include "kubectlrun.h"
#include "requirekubectl.h"

#include "sandbox/sandboxcluster.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

const QByteArray kManifests = R"(apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotClass
metadata:
  name: fast
driver: sandbox.csi.local
deletionPolicy: Delete
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: shop
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 5Gi
)";

const QByteArray kSnapshot = R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: nightly
  namespace: shop
spec:
  volumeSnapshotClassName: fast
  source:
    persistentVolumeClaimName: data
)";

const QByteArray kRestore = R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: restored
  namespace: shop
spec:
  accessModes: [ReadWriteOnce]
  dataSource:
    apiGroup: snapshot.storage.k8s.io
    kind: VolumeSnapshot
    name: nightly
  resources:
    requests:
      storage: 5Gi
)";

} // namespace

class TestSnapshotKubectl final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void applyWaitAndGet();

private:
    using Result = pd::test::KubectlResult;
    Result kubectl(const QStringList &args, const QByteArray &stdinData = {});

    pd::sandbox::SandboxCluster m_cluster;
    QTemporaryDir m_dir;
    QString m_kubectl;
};

void TestSnapshotKubectl::initTestCase()
{
    PD_REQUIRE_KUBECTL();
    m_kubectl = QStandardPaths::findExecutable(u"kubectl"_s);
    pd::sandbox::SandboxOptions options;
    options.podReadyDelay = std::chrono::milliseconds(0);
    // Long enough that `kubectl wait` really waits.
    options.snapshotReadyDelay = std::chrono::milliseconds(1500);
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    QVERIFY2(m_cluster.writeKubeconfig(m_dir.filePath(u"kubeconfig"_s), &error), qPrintable(error));
}

TestSnapshotKubectl::Result TestSnapshotKubectl::kubectl(const QStringList &args, const QByteArray &stdinData)
{
    return pd::test::runKubectl(m_kubectl, m_dir.filePath(u"kubeconfig"_s), m_dir.filePath(u"cache"_s), args, stdinData);
}

void TestSnapshotKubectl::applyWaitAndGet()
{
    Result r = kubectl({u"api-resources"_s, u"--api-group=snapshot.storage.k8s.io"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const QString &resource : {u"volumesnapshotclasses"_s, u"volumesnapshotcontents"_s, u"volumesnapshots"_s})
        QVERIFY2(r.out.contains(resource), qPrintable(r.out));

    r = kubectl({u"apply"_s, u"-f"_s, u"-"_s}, kManifests);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"volumesnapshotclass.snapshot.storage.k8s.io/fast created"_s), qPrintable(r.out));
    r = kubectl({u"wait"_s, u"-n"_s, u"shop"_s, u"--for=jsonpath={.status.phase}=Bound"_s, u"pvc/data"_s, u"--timeout=30s"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    r = kubectl({u"apply"_s, u"-f"_s, u"-"_s}, kSnapshot);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"volumesnapshot.snapshot.storage.k8s.io/nightly created"_s), qPrintable(r.out));
    // Claimed from the snapshot before it is ready: Pending until it is.
    r = kubectl({u"apply"_s, u"-f"_s, u"-"_s}, kRestore);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // As kube-apiserver does, the claim's dataSource is mirrored to dataSourceRef.
    r = kubectl({u"get"_s, u"-n"_s, u"shop"_s, u"pvc"_s, u"restored"_s, u"-o"_s,
                 u"jsonpath={.spec.dataSourceRef.apiGroup}/{.spec.dataSourceRef.kind}/{.spec.dataSourceRef.name}"_s});
    QCOMPARE(r.out, u"snapshot.storage.k8s.io/VolumeSnapshot/nightly"_s);
    r = kubectl({u"get"_s, u"-n"_s, u"shop"_s, u"volumesnapshot"_s, u"nightly"_s, u"-o"_s, u"jsonpath={.status.readyToUse}"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out, u"false"_s);

    r = kubectl({u"wait"_s, u"-n"_s, u"shop"_s, u"--for=jsonpath={.status.readyToUse}=true"_s, u"volumesnapshot/nightly"_s,
                 u"--timeout=30s"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"volumesnapshot.snapshot.storage.k8s.io/nightly condition met"_s), qPrintable(r.out));

    r = kubectl({u"get"_s, u"-n"_s, u"shop"_s, u"volumesnapshot"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0).split(u' ', Qt::SkipEmptyParts),
             (QStringList{u"NAME"_s, u"READYTOUSE"_s, u"SOURCEPVC"_s, u"SOURCESNAPSHOTCONTENT"_s, u"RESTORESIZE"_s, u"SNAPSHOTCLASS"_s,
                          u"SNAPSHOTCONTENT"_s, u"CREATIONTIME"_s, u"AGE"_s}));
    const QStringList row = lines.at(1).split(u' ', Qt::SkipEmptyParts);
    // SOURCESNAPSHOTCONTENT is empty for a dynamic snapshot, so the row has one cell fewer.
    QCOMPARE(row.size(), 8);
    QCOMPARE(row.mid(0, 5), (QStringList{u"nightly"_s, u"true"_s, u"data"_s, u"5Gi"_s, u"fast"_s}));
    QVERIFY2(row.at(5).startsWith(u"snapcontent-"_s), qPrintable(lines.at(1)));

    r = kubectl({u"get"_s, u"volumesnapshotcontent"_s, row.at(5)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"READYTOUSE"_s) && r.out.contains(u"DELETIONPOLICY"_s) && r.out.contains(u"VOLUMESNAPSHOTNAMESPACE"_s),
             qPrintable(r.out));
    QCOMPARE(r.out.split(u'\n', Qt::SkipEmptyParts).at(1).split(u' ', Qt::SkipEmptyParts).mid(1, 7),
             (QStringList{u"true"_s, u"5368709120"_s, u"Delete"_s, u"sandbox.csi.local"_s, u"fast"_s, u"nightly"_s, u"shop"_s}));
    r = kubectl({u"get"_s, u"vsclass"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out.split(u'\n', Qt::SkipEmptyParts).at(0).split(u' ', Qt::SkipEmptyParts),
             (QStringList{u"NAME"_s, u"DRIVER"_s, u"DELETIONPOLICY"_s, u"AGE"_s}));

    // The restore binds once the snapshot is ready, with its size.
    r = kubectl({u"wait"_s, u"-n"_s, u"shop"_s, u"--for=jsonpath={.status.phase}=Bound"_s, u"pvc/restored"_s, u"--timeout=30s"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = kubectl({u"get"_s, u"-n"_s, u"shop"_s, u"pvc"_s, u"restored"_s, u"-o"_s, u"jsonpath={.status.capacity.storage}"_s});
    QCOMPARE(r.out, u"5Gi"_s);
    r = kubectl({u"get"_s, u"events"_s, u"-n"_s, u"shop"_s, u"--field-selector"_s, u"involvedObject.name=nightly"_s,
                 u"-o"_s, u"jsonpath={range .items[*]}{.reason}{\"\\n\"}{end}"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"SnapshotCreated"_s) && r.out.contains(u"SnapshotReady"_s), qPrintable(r.out));

    // Deleting the snapshot (class policy Delete) takes its content with it.
    r = kubectl({u"delete"_s, u"-n"_s, u"shop"_s, u"volumesnapshot"_s, u"nightly"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = kubectl({u"wait"_s, u"--for=delete"_s, u"volumesnapshotcontent/"_s + row.at(5), u"--timeout=30s"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
}

QTEST_GUILESS_MAIN(TestSnapshotKubectl)
#include "tst_snapshotkubectl.moc"
