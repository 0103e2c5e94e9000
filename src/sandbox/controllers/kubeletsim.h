#pragma once

#include "eventrecorder.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>

namespace pd::sandbox {
class ObjectStore;
}

namespace pd::sandbox::controllers {

// What happens to a simulated pod, decided from its spec (the sandbox's rules, so a
// demo or a test can ask for each failure a real cluster shows):
// - an image whose reference contains "does-not-exist" cannot be pulled;
// - an image containing "crashloop" exits with code 1 right after it starts;
// - an image containing "oomkill" is killed for memory (exit 137, OOMKilled);
// - a pod whose containers request more than the node has (kNodeCpuCores CPU,
//   kNodeMemoryGiB memory) is never scheduled;
// - a pod whose PersistentVolumeClaim is not Bound (one restored from a snapshot that is not
//   ready) waits unscheduled until it is (KubeletSimulator::claimBound).
enum class PodFate { Runs, ImagePullBackOff, CrashLoopBackOff, OOMKilled, Unschedulable };
PodFate podFate(const QJsonObject &podSpec);

inline constexpr double kNodeCpuCores = 16;
inline constexpr double kNodeMemoryGiB = 64;
inline const QString kNodeName = QStringLiteral("sandbox-node");

// Pod statuses as the kubelet writes them, at RFC 3339 `time`.
QJsonObject runningPodStatus(const QJsonObject &pod, const QString &time);
// Just bound: containers waiting in ContainerCreating.
QJsonObject creatingPodStatus(const QJsonObject &podSpec, const QString &time);
// Never bound: PodScheduled False, reason Unschedulable, the scheduler's message.
QJsonObject unschedulablePodStatus(const QJsonObject &podSpec, const QString &time);
// The failing state of `fate` (ImagePullBackOff: waiting ImagePullBackOff; CrashLoopBackOff
// and OOMKilled: waiting CrashLoopBackOff with lastState terminated Error/OOMKilled and
// `restarts`), not ready since `notReadySince`.
QJsonObject failingPodStatus(const QJsonObject &pod, PodFate fate, int restarts, const QString &notReadySince,
                             const QString &time);

// The kubelet and the scheduler of the sandbox's one node: binds pods (Scheduled or
// FailedScheduling), starts their containers (Pulling, Pulled, Created, Started) or fails
// them the way the real ones do (Failed ErrImagePull/ImagePullBackOff and BackOff; BackOff
// "restarting failed container" with restarts growing on the kubelet's back-off, 10 s
// doubling to 5 min), writing the pod status and the Events.
class KubeletSimulator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KubeletSimulator)
public:
    explicit KubeletSimulator(ObjectStore *store, QObject *parent = nullptr);
    ~KubeletSimulator() override;

    // The pod was just created: the scheduler's verdict as an Event.
    void podCreated(const QJsonObject &pod);
    // Start the containers of a Pending pod (after the controller's ready delay).
    void startPod(const QString &ns, const QString &name);
    // `claim` turned Bound: the pods that waited for it are scheduled now; their names,
    // to be started.
    QStringList claimBound(const QString &ns, const QString &claim);

private:
    void crash(const QString &ns, const QString &name, int restarts);
    QString podRef(const QJsonObject &pod) const;
    // The first claim of the pod's volumes that is missing or not Bound, or "".
    QString unboundClaim(const QJsonObject &pod) const;

    ObjectStore *m_store;
    EventRecorder m_kubelet;
    EventRecorder m_scheduler;
};

} // namespace pd::sandbox::controllers
