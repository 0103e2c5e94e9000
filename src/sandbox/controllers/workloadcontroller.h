#pragma once

#include "controllerbase.h"
#include "eventrecorder.h"
#include "kubeletsim.h"

#include <QDateTime>
#include <QJsonObject>

#include <chrono>
#include <memory>
#include <optional>

namespace pd::sandbox::controllers {

// Simulates the deployment, replicaset and statefulset controllers plus a kubelet
// that starts every container: Deployments get a ReplicaSet per pod template
// (older ones scaled to 0), ReplicaSets and StatefulSets get Pods (and PVCs from
// volumeClaimTemplates, a ControllerRevision per template), pods turn Running and
// Ready after a delay, and every status (replicas, readyReplicas,
// availableReplicas, conditions Available/Progressing) follows.
// Evidence as the real components leave it (EventRecorder): a ReplicaSet whose pod is
// refused (quota, LimitRange) gets a Warning FailedCreate Event "Error creating: ..."
// and a ReplicaFailure condition, which its Deployment carries too; a Deployment
// without progress for progressDeadlineSeconds turns Progressing=False
// ProgressDeadlineExceeded (re-checked at the deadline by the store's clock; resync()
// re-checks at once); ScalingReplicaSet (deployment-controller), SuccessfulCreate and
// SuccessfulDelete (replicaset-, statefulset-controller) for every pod made or removed.
// Pods are bound and started by KubeletSimulator (kubeletsim.h), which also holds the
// rules for failing ones (ImagePullBackOff, CrashLoopBackOff, OOMKilled, Unschedulable).
// What the deployment controller saw in one round besides the counters.
struct RolloutFacts
{
    bool newReplicaSet = false;     // it created the ReplicaSet of the current template
    QJsonObject replicaFailure;     // a ReplicaSet's ReplicaFailure condition, or {}
};

class WorkloadController final : public ControllerBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkloadController)
public:
    WorkloadController(ObjectStore *store, std::chrono::milliseconds readyDelay, QObject *parent = nullptr);
    ~WorkloadController() override;
    void start();

    // pod-template-hash of a pod template (stable across runs).
    static QString podTemplateHash(const QJsonObject &podTemplate);
    // The ReplicaSet the controller makes for a Deployment (seeds use it too).
    static QJsonObject replicaSetFor(const QJsonObject &deployment, int revision);
    // A pod of `owner` (ReplicaSet or StatefulSet) from `podTemplate`; `name` empty
    // = generateName "<owner>-"; running and ready at `readyAt` when valid.
    static QJsonObject podFor(const QJsonObject &owner, const QJsonObject &podTemplate, const QString &name,
                              const QDateTime &readyAt = {});
    // Status a Deployment reports when `ready` of `replicas` pods are ready (workloadstatus.cpp):
    // Available, Progressing (ProgressDeadlineExceeded once spec.progressDeadlineSeconds,
    // default 600, pass without progress), and ReplicaFailure from its ReplicaSet.
    static QJsonObject deploymentStatus(const QJsonObject &deployment, int replicas, int updated, int ready,
                                        const QString &replicaSetName, const QJsonObject &previous,
                                        const QString &now, const RolloutFacts &facts = {});
    // When a Deployment still progressing times out (nullopt: it cannot).
    static std::optional<QDateTime> progressDeadline(const QJsonObject &deployment);

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

    void scheduleDeadlineCheck(const QJsonObject &deployment);

    std::chrono::milliseconds m_readyDelay;
    std::unique_ptr<EventRecorder> m_replicaSetEvents;
    std::unique_ptr<EventRecorder> m_deploymentEvents;
    std::unique_ptr<EventRecorder> m_statefulSetEvents;
    std::unique_ptr<KubeletSimulator> m_kubelet;   // binds and starts the pods (kubeletsim.h)
    QSet<QString> m_deadlineChecks;   // "ns/name" of Deployments with a pending deadline timer
};

} // namespace pd::sandbox::controllers
