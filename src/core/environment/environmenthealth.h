#pragma once

#include "environment.h"

#include <QDateTime>
#include <QList>

#include <chrono>

namespace pd::core {

// How long a pod may sit in a failure the kubelet or scheduler reports (ImagePullBackOff,
// CrashLoopBackOff ...) before its environment counts as Degraded rather than starting.
inline constexpr std::chrono::seconds podFailureGrace{60};

// Whether a pod problem means "this will not come up by itself": ImagePullBackOff,
// ErrImagePull (and the other pull failures), CrashLoopBackOff, OOMKilled,
// Unschedulable, and an owner that cannot create its pods (FailedCreate).
bool degradesHealth(const PodProblem &problem);

// The one health computation: sets env.state, env.stateReason and the Services counts
// (servicesReady, servicesTotal, servicesScaledDown) from the namespace facts already
// in `env` (terminating, incomplete annotation, expiry, creation), its workloads'
// own states (EnvironmentBuilder::workload) and the pod problems known for it.
// Rules, first match wins:
//  1. Terminating; Incomplete (previewdesk.io/incomplete).
//  2. Expired: expiresAt has passed.
//  3. Degraded: a workload failed by its own conditions or its progress deadline, or a
//     workload that is not ready has a pod problem that degradesHealth() for longer
//     than podFailureGrace.
//  4. Progressing: a workload is rolling out within its deadline (its pod problem, if
//     any, is still within the grace), or the namespace is young and has no workloads.
//  5. Scaled down: every workload wants zero replicas.
//  6. Healthy: every workload that wants replicas has them all ready.
// A workload counts as ready when its own state is Healthy and none of its pods has a
// degrading problem past the grace, so Healthy always means "N of N ready".
void applyHealth(Environment &env, const QList<PodProblem> &podProblems, const QDateTime &now);

// "45 s", "12 min", "5 h", "3 d": how long a state has lasted, in reasons.
QString ageText(qint64 seconds);

// "3 of 4 ready", "4 of 4 ready, 1 scaled to zero", "none (no workloads)".
QString servicesText(const Environment &env);

} // namespace pd::core
