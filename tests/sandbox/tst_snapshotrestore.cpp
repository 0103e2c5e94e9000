// Issue 15, end to end on the demo sandbox: `previewctl clone staging --data
// postgres=snapshot:postgres-golden` restores the preview's database from staging's golden
// VolumeSnapshot (a pre-provisioned Retain content with the golden handle, a VolumeSnapshot in
// the preview, the claim's dataSource), the claim binds with the golden restore size, and
// `previewctl destroy` removes the preview's content while the golden snapshot, its content
// and the storage-side handle stay exactly as they were (DESIGN.md, invariant 9).
#include "sandbox/demoseed.h"
#include "sandbox/objectstore.h"
#include "sandbox/sandboxcluster.h"
#include "previewctlrun.h"
#include "testpaths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::Literals::StringLiterals;
using pd::sandbox::GroupResource;

namespace {

const GroupResource kNamespaces{{}, u"namespaces"_s};
const GroupResource kPvcs{{}, u"persistentvolumeclaims"_s};
const GroupResource kSnapshots{u"snapshot.storage.k8s.io"_s, u"volumesnapshots"_s};
const GroupResource kContents{u"snapshot.storage.k8s.io"_s, u"volumesnapshotcontents"_s};
const QString kPreview = u"pr-1500"_s;

QJsonValue at(const std::optional<QJsonObject> &o, const QString &path)
{
    QJsonValue v = o ? QJsonValue(*o) : QJsonValue();
    for (const QString &part : path.split(u'.'))
        v = v.toObject().value(part);
    return v;
}

QByteArray text(const std::optional<QJsonObject> &o) { return o ? QJsonDocument(*o).toJson(QJsonDocument::Compact) : QByteArray(); }

} // namespace

class TestSnapshotRestore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void restoresFromTheGoldenSnapshotAndDestroyLeavesItAlone();
    void restoresAnImportedClustersSnapshot();

private:
    pd::test::PreviewctlRun previewctl(const QStringList &arguments);
    pd::sandbox::ObjectStore *store() const { return m_cluster.store(); }

    pd::sandbox::SandboxCluster m_cluster;
    QTemporaryDir m_dir;
};

void TestSnapshotRestore::initTestCase()
{
    QVERIFY2(!pd::test::builtExecutable(u"previewctl"_s).isEmpty(), "previewctl is not built");
    pd::sandbox::SandboxOptions options;
    options.demo = true;
    // Beside the demo, a source exported from a cluster with the EBS CSI driver: its
    // snapshots arrive ready and the sandbox's storage serves their handles.
    options.loadFiles << QDir(pd::test::sourceDir()).filePath(u"tests/fixtures/staging-data.yaml"_s);
    options.podReadyDelay = std::chrono::milliseconds(50);
    options.snapshotReadyDelay = std::chrono::milliseconds(100);
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    QVERIFY2(m_cluster.writeKubeconfig(m_dir.filePath(u"kubeconfig"_s), &error), qPrintable(error));
}

pd::test::PreviewctlRun TestSnapshotRestore::previewctl(const QStringList &arguments)
{
    return pd::test::runPreviewctl(arguments + QStringList{u"--kubeconfig"_s, m_dir.filePath(u"kubeconfig"_s)},
                                   QProcessEnvironment::systemEnvironment(), 120000);
}

void TestSnapshotRestore::restoresFromTheGoldenSnapshotAndDestroyLeavesItAlone()
{
    using namespace pd::sandbox;
    const auto golden = store()->get(kSnapshots, u"staging"_s, kDemoGoldenSnapshot);
    QVERIFY(at(golden, u"status.readyToUse"_s).toBool());
    const QString goldenContentName = at(golden, u"status.boundVolumeSnapshotContentName"_s).toString();
    const auto goldenContent = store()->get(kContents, {}, goldenContentName);
    QCOMPARE(at(goldenContent, u"status.snapshotHandle"_s).toString(), demoGoldenSnapshotHandle());

    const pd::test::PreviewctlRun clone = previewctl({u"clone"_s, u"staging"_s, u"--name"_s, kPreview,
                                                      u"--data"_s, u"postgres=snapshot:postgres-golden"_s,
                                                      u"--secret"_s, u"mail-relay=omit"_s, u"--timeout"_s, u"90"_s});
    QVERIFY2(clone.exitCode == 0, clone.describe());

    // The restore as the planner writes it, bound by the snapshot-controller.
    const QString contentName = kPreview + u'.' + kDemoGoldenSnapshot;
    const auto content = store()->get(kContents, {}, contentName);
    QVERIFY2(content, clone.describe());
    QCOMPARE(at(content, u"spec.deletionPolicy"_s).toString(), u"Retain"_s);
    QCOMPARE(at(content, u"spec.source.snapshotHandle"_s).toString(), demoGoldenSnapshotHandle());
    QCOMPARE(at(content, u"spec.volumeSnapshotRef.namespace"_s).toString(), kPreview);
    const auto restored = store()->get(kSnapshots, kPreview, kDemoGoldenSnapshot);
    QVERIFY(at(restored, u"status.readyToUse"_s).toBool());
    QCOMPARE(at(restored, u"status.boundVolumeSnapshotContentName"_s).toString(), contentName);
    QCOMPARE(at(content, u"spec.volumeSnapshotRef.uid"_s).toString(), at(restored, u"metadata.uid"_s).toString());

    // The database's claim binds with the golden restore size.
    QTRY_COMPARE_WITH_TIMEOUT(at(store()->get(kPvcs, kPreview, kDemoGoldenClaim), u"status.phase"_s).toString(), u"Bound"_s, 30000);
    const auto claim = store()->get(kPvcs, kPreview, kDemoGoldenClaim);
    QCOMPARE(at(claim, u"spec.dataSource.kind"_s).toString(), u"VolumeSnapshot"_s);
    QCOMPARE(at(claim, u"spec.dataSource.name"_s).toString(), kDemoGoldenSnapshot);
    QCOMPARE(at(claim, u"status.capacity.storage"_s).toString(), at(golden, u"status.restoreSize"_s).toString());
    QCOMPARE(at(claim, u"status.capacity.storage"_s).toString(), u"20Gi"_s);

    const pd::test::PreviewctlRun destroy = previewctl({u"destroy"_s, kPreview, u"--yes"_s});
    QVERIFY2(destroy.exitCode == 0, destroy.describe());
    QVERIFY(!store()->get(kNamespaces, {}, kPreview));
    QVERIFY2(!store()->get(kContents, {}, contentName), destroy.describe());

    // The golden copy: not one byte changed, still ready.
    QCOMPARE(text(store()->get(kSnapshots, u"staging"_s, kDemoGoldenSnapshot)), text(golden));
    QCOMPARE(text(store()->get(kContents, {}, goldenContentName)), text(goldenContent));
    QVERIFY(at(store()->get(kSnapshots, u"staging"_s, kDemoGoldenSnapshot), u"status.readyToUse"_s).toBool());
    // And the storage-side snapshot is still there: the next preview restores from it.
    const pd::test::PreviewctlRun again = previewctl({u"clone"_s, u"staging"_s, u"--name"_s, kPreview + u"-b"_s,
                                                      u"--data"_s, u"postgres=snapshot:postgres-golden"_s,
                                                      u"--secret"_s, u"mail-relay=omit"_s, u"--timeout"_s, u"90"_s});
    QVERIFY2(again.exitCode == 0, again.describe());
    QTRY_COMPARE_WITH_TIMEOUT(at(store()->get(kPvcs, kPreview + u"-b"_s, kDemoGoldenClaim), u"status.phase"_s).toString(), u"Bound"_s, 30000);
}

void TestSnapshotRestore::restoresAnImportedClustersSnapshot()
{
    // postgres-golden of staging-data: 5Gi, taken of a 2Gi claim that has grown since; the
    // source has no profile marking it golden or data-safe, so the restore needs the confirmation.
    const auto golden = store()->get(kSnapshots, u"staging-data"_s, u"postgres-golden"_s);
    QVERIFY(at(golden, u"status.readyToUse"_s).toBool());
    const auto goldenContent = store()->get(kContents, {}, u"snapcontent-7d1e"_s);
    const QStringList clone{u"clone"_s, u"staging-data"_s, u"--name"_s, u"pr-1501"_s, u"--data"_s, u"postgres=snapshot:postgres-golden"_s,
                            u"--timeout"_s, u"90"_s};
    const pd::test::PreviewctlRun refused = previewctl(clone);
    QVERIFY2(refused.exitCode == 3, refused.describe());
    QVERIFY2(QString(refused.out + refused.err).contains(u"--allow-source-data"_s), refused.describe());
    QVERIFY(!store()->get(kNamespaces, {}, u"pr-1501"_s));

    const pd::test::PreviewctlRun run = previewctl(clone + QStringList{u"--allow-source-data"_s});
    QVERIFY2(run.exitCode == 0, run.describe());
    const auto content = store()->get(kContents, {}, u"pr-1501.postgres-golden"_s);
    QCOMPARE(at(content, u"spec.driver"_s).toString(), u"ebs.csi.aws.com"_s);
    QCOMPARE(at(content, u"spec.source.snapshotHandle"_s).toString(), u"snap-0f9e8d7c6b5a"_s);
    QTRY_COMPARE_WITH_TIMEOUT(at(store()->get(kPvcs, u"pr-1501"_s, u"data-postgres-0"_s), u"status.phase"_s).toString(), u"Bound"_s, 30000);
    // The template asked for 2Gi; the planner raised it to the snapshot's 5Gi, which binds.
    QCOMPARE(at(store()->get(kPvcs, u"pr-1501"_s, u"data-postgres-0"_s), u"status.capacity.storage"_s).toString(), u"5Gi"_s);

    const pd::test::PreviewctlRun destroy = previewctl({u"destroy"_s, u"pr-1501"_s, u"--yes"_s});
    QVERIFY2(destroy.exitCode == 0, destroy.describe());
    QVERIFY(!store()->get(kContents, {}, u"pr-1501.postgres-golden"_s));
    QCOMPARE(text(store()->get(kSnapshots, u"staging-data"_s, u"postgres-golden"_s)), text(golden));
    QCOMPARE(text(store()->get(kContents, {}, u"snapcontent-7d1e"_s)), text(goldenContent));
}

QTEST_GUILESS_MAIN(TestSnapshotRestore)
#include "tst_snapshotrestore.moc"
