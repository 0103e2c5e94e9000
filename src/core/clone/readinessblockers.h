#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::core {

// What a clone's wait for readiness sees of the preview at one moment.
struct ReadinessEvidence
{
    QList<QJsonObject> workloads;   // the planned Deployments, StatefulSets, ExternalSecrets as read now
    QJsonArray events;              // core/v1 Events of the preview namespace
    QJsonArray pods;
    QJsonArray replicaSets;         // items of a List carry no kind: each kind has its own
    QJsonArray claims;              // PersistentVolumeClaims
};

// A reason the wait cannot end well: the object, as kubectl names it, and why.
struct ReadinessBlocker
{
    QString object;        // "replicaset/web-7d4b9c", "pod/web-7d4b9c-x2x9k"
    QString reason;        // "FailedCreate: pods \"...\" is forbidden: exceeded quota: ..."
    bool transient = false;  // an image pull error: may clear up on the next try (see CloneExecutor)

    QString text() const { return object + QLatin1String(": ") + reason; }
    friend bool operator==(const ReadinessBlocker &, const ReadinessBlocker &) = default;
};

// Pure: every blocker in `evidence`, in a stable order (conditions of the planned
// objects first, then events, then pods). Events older than `since` are left out (a
// resumed clone's earlier run). The real shapes:
//  - a Warning Event with reason FailedCreate about a ReplicaSet, StatefulSet, Job or
//    DaemonSet (the controllers' "Error creating: pods ... is forbidden: exceeded quota");
//  - a Deployment's or ReplicaSet's ReplicaFailure=True, or a Deployment's
//    Progressing=False with reason ProgressDeadlineExceeded;
//  - an ExternalSecret's Ready=False with reason SecretSyncedError;
//  - a Warning Event ProvisioningFailed or FailedBinding about a PersistentVolumeClaim
//    that is still Pending;
//  - a pod container (or init container) waiting with InvalidImageName (final), or
//    ErrImagePull / ImagePullBackOff (transient).
QList<ReadinessBlocker> readinessBlockers(const ReadinessEvidence &evidence, const QDateTime &since);

} // namespace pd::core
