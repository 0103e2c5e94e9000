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

QTEST_GUILESS_MAIN(TestSnapshotRestore)
#include "tst_snapshotrestore.moc"
