#pragma once

#include "controllerbase.h"
#include "eventrecorder.h"

namespace pd::sandbox::controllers {

// The external-provisioner of `sandbox.csi.local` with the PV controller's binding, for
// claims nobody bound yet (a StatefulSet's claims without a data source are Bound by the
// workload controller as they are made):
// - a claim without a data source binds at once, capacity = its request;
// - a claim whose dataSource (or dataSourceRef) is a VolumeSnapshot binds only once that
//   snapshot is bound and readyToUse, and not when it asks for less than the snapshot's
//   restoreSize; until then it stays Pending with the provisioner's ProvisioningFailed
//   Warning in the real wording, and is retried whenever the snapshot changes.
class VolumeProvisioner final : public ControllerBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VolumeProvisioner)
public:
    explicit VolumeProvisioner(ObjectStore *store, QObject *parent = nullptr);

    void start();

protected:
    void onEvent(const StoreEvent &event) override;
    void reconcile(const Key &key) override;

private:
    // Why the claim cannot be provisioned from `snapshotName` yet, or "".
    QString snapshotProblem(const QJsonObject &claim, const QString &snapshotName) const;
    void bind(const QJsonObject &claim);
    void stayPending(const QJsonObject &claim);

    EventRecorder m_events;
};

// The VolumeSnapshot a claim spec is to be restored from: dataSourceRef, else dataSource, of
// kind VolumeSnapshot in snapshot.storage.k8s.io; "" when it has none.
QString snapshotDataSourceOf(const QJsonObject &claimSpec);

} // namespace pd::sandbox::controllers
