#pragma once

#include "controllerbase.h"
#include "eventrecorder.h"
#include "simulatedcsidriver.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

#include <chrono>

namespace pd::sandbox::controllers {

// The CSI snapshot-controller and the csi-snapshotter sidecar of `sandbox.csi.local`
// (SimulatedCsiDriver), on snapshot.storage.k8s.io/v1 (it installs the CRDs). The sandbox's
// storage answers for every driver a content names, so the snapshots of an imported cluster
// (ebs.csi.aws.com ...) that arrive ready are its too and restore like its own:
// - dynamic: a VolumeSnapshot of a Bound claim (spec.source.persistentVolumeClaimName)
//   gets the content `snapcontent-<snapshot uid>` with its class's driver and deletionPolicy
//   (the named class, or the driver's default one); the driver cuts the snapshot at once
//   (readyToUse false, restoreSize = the claim's capacity) and it turns ready after
//   `readyDelay`;
// - pre-provisioned: a content with spec.source.snapshotHandle and a volumeSnapshotRef to a
//   VolumeSnapshot whose spec.source.volumeSnapshotContentName names it: both bind, ready at
//   once when the driver knows the handle, else the content carries the driver's NotFound;
// - deleting a VolumeSnapshot deletes its bound content when that says Delete (and the
//   driver's snapshot with it); Retain keeps both, the content's volumeSnapshotRef dangling,
//   and the handle can be bound again by a new content.
// No finalizers: deletions take effect at once, the consequences follow on the next turn.
class SnapshotController final : public ControllerBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnapshotController)
public:
    SnapshotController(ObjectStore *store, std::chrono::milliseconds readyDelay, QObject *parent = nullptr);

    // Installs the CRDs, learns the snapshots existing contents point at, then follows.
    void start();
    const SimulatedCsiDriver &driver() const { return m_driver; }

    static QList<QJsonObject> customResourceDefinitions();

protected:
    void onEvent(const StoreEvent &event) override;
    void reconcile(const Key &key) override;

private:
    struct GoneContent
    {
        QString handle;
        QString deletionPolicy;
        QString snapshotNamespace;
        QString snapshotName;
    };
    void reconcileSnapshot(const QString &ns, const QString &name);
    void reconcileContent(const QString &name);
    void snapshotGone(const QString &ns, const QString &name);
    void contentGone(const QString &name);
    // Dynamic provisioning: the content of `snapshot` made now; empty on failure (event written).
    QString provision(const QJsonObject &snapshot);
    // Pre-provisioned: true when `content` is (now) bound to `snapshot`.
    bool bindPreProvisioned(const QJsonObject &snapshot, const QString &contentName);
    void markReady(const QString &contentName, const QString &uid);
    // A content that reports a ready snapshot: its handle is the storage's.
    void adoptReported(const QJsonObject &content);
    void mirrorContent(const QJsonObject &snapshot, const QString &contentName);
    void fail(const QJsonObject &snapshot, const QString &reason, const QString &message);
    std::optional<QJsonObject> snapshotClassFor(const QJsonObject &snapshot, QString *error) const;

    std::chrono::milliseconds m_readyDelay;
    SimulatedCsiDriver m_driver;
    EventRecorder m_controllerEvents;   // snapshot-controller
    EventRecorder m_sidecarEvents;      // csi-snapshotter
    QHash<QString, QString> m_deletedSnapshotUids;   // "ns/name" -> uid, until reconciled
    QHash<QString, GoneContent> m_deletedContents;   // name -> what it pointed at
};

} // namespace pd::sandbox::controllers
