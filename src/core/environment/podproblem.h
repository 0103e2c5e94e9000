#pragma once

#include <QDateTime>
#include <QString>

namespace pd::core {

// One reason a pod of an environment is not serving, as the kubelet and the
// scheduler report it: a container waiting (ImagePullBackOff, CrashLoopBackOff,
// CreateContainerConfigError ...), terminated (OOMKilled, Error with exit code),
// an unschedulable pod, failing readiness probes (Unhealthy events), a volume that
// cannot be mounted, a ReplicaSet that cannot create its pods (quota).
struct PodProblem
{
    enum class Severity { Warning, Error };

    Severity severity = Severity::Error;
    QString workload;        // owner: Deployment (ReplicaSet minus its hash), StatefulSet ...; else the pod
    QString pod;             // empty for a problem of the owner itself (FailedCreate)
    QString container;       // empty for pod-level problems (scheduling, eviction)
    bool multiContainer = false;   // the pod has more than one container: name it in subject()
    QString reason;          // ImagePullBackOff, OOMKilled, Unschedulable, Unhealthy ...
    QString detail;          // short: "ghcr.io/acme/api:pr-42 not found", "exit code 1, 5 restarts"
    QString message;         // the full text the kubelet/scheduler/event gave
    int restartCount = 0;
    // Since when it has been so (UTC): the pod's Ready (or PodScheduled) condition's
    // lastTransitionTime, the first such Event, else the pod's creation. Invalid: unknown.
    QDateTime since;

    // "api" or "api/sidecar" (workload, plus the container when the pod has several).
    QString subject() const;
    // "api: ImagePullBackOff (ghcr.io/acme/api:pr-42 not found)"
    QString text() const;

    bool operator==(const PodProblem &other) const = default;
};

} // namespace pd::core
