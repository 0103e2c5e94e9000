#pragma once

#include "controllerbase.h"

#include <QDateTime>
#include <QJsonObject>

#include <chrono>

namespace pd::sandbox::controllers {

// Simulates the deployment, replicaset and statefulset controllers plus a kubelet
// that starts every container: Deployments get a ReplicaSet per pod template
// (older ones scaled to 0), ReplicaSets and StatefulSets get Pods (and PVCs from
// volumeClaimTemplates, a ControllerRevision per template), pods turn Running and
// Ready after a delay, and every status (replicas, readyReplicas,
// availableReplicas, conditions Available/Progressing) follows.
// Simulation rules: an image whose tag contains "does-not-exist" never starts
// (ImagePullBackOff); pods cost nothing and never crash.
class WorkloadController final : public ControllerBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkloadController)
public:
    WorkloadController(ObjectStore *store, std::chrono::milliseconds readyDelay, QObject *parent = nullptr);
    void start();

    // pod-template-hash of a pod template (stable across runs).
    static QString podTemplateHash(const QJsonObject &podTemplate);
    // The ReplicaSet the controller makes for a Deployment (seeds use it too).
    static QJsonObject replicaSetFor(const QJsonObject &deployment, int revision);
    // A pod of `owner` (ReplicaSet or StatefulSet) from `podTemplate`; `name` empty
    // = generateName "<owner>-"; running and ready at `readyAt` when valid.
    static QJsonObject podFor(const QJsonObject &owner, const QJsonObject &podTemplate, const QString &name,
                              const QDateTime &readyAt = {});
    // Status a Deployment/ReplicaSet reports when all `ready` of `replicas` pods are ready.
    static QJsonObject deploymentStatus(const QJsonObject &deployment, int replicas, int updated, int ready,
                                        const QString &replicaSetName, const QJsonObject &previous,
                                        const QString &now);

protected:
    void onEvent(const StoreEvent &event) override;
    void reconcile(const Key &key) override;

private:
    void reconcileDeployment(const QString &ns, const QString &name);
    void reconcileReplicaSet(const QString &ns, const QString &name);
    void reconcileStatefulSet(const QString &ns, const QString &name);
    void ensureStatefulSetClaims(const QJsonObject &sts, int ordinal);
    void startPod(const QString &ns, const QString &name);
    void enqueueOwnerOf(const QStringList &ownerUids);

    std::chrono::milliseconds m_readyDelay;
};

} // namespace pd::sandbox::controllers
