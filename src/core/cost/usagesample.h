#pragma once

#include <QString>

#include <limits>

namespace pd::core {

// One observation of one container: what it used and what it requested at that moment.
// Samples arrive at irregular intervals; sample i prices the time until sample i+1.
struct UsageSample
{
    qint64 timestampMs = 0;      // ms since the epoch, UTC
    QString namespaceName;
    QString pod;
    QString container;
    QString workload;            // owner name: the Deployment for a ReplicaSet's pod (see workloadName)
    double cpuUsageCores = 0;
    double memoryUsageBytes = 0;
    double cpuRequestCores = 0;
    double memoryRequestBytes = 0;
};

// A PersistentVolumeClaim, priced by its requested size while it exists.
struct PvcUsage
{
    QString namespaceName;
    QString name;
    double requestedBytes = 0;
    qint64 startMs = 0;                                        // creation
    qint64 endMs = std::numeric_limits<qint64>::max();         // deletion; max: still there
};

// The workload a pod belongs to, from its controller owner: a ReplicaSet named
// "<deployment>-<pod-template-hash>" stands for its Deployment; a Job named
// "<cronjob>-<digits>" for its CronJob; any other owner is itself; no owner: the pod.
QString workloadName(const QString &ownerKind, const QString &ownerName, const QString &podName);

} // namespace pd::core
