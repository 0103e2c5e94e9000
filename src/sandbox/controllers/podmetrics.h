#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::sandbox {
class ObjectStore;
}

namespace pd::sandbox::controllers {

// Simulated metrics-server. Usage is a deterministic function of namespace, pod
// and container name and of the time (15 s buckets): a slow wave with a little
// jitter, mostly 15-70 % of the container's requests; about one container in
// seven idles at 1-3 % CPU, about one in thirteen bursts past its request.
// Containers without requests are measured against 100m / 128Mi.

// What one container uses at time t (seconds since the epoch, 15 s buckets); key is
// "namespace/pod/container". Also the cost benchmark's model of a cluster's usage.
struct ContainerUsage
{
    qint64 nanoCores = 0;
    qint64 kib = 0;
};
ContainerUsage simulatedContainerUsage(const QString &key, qint64 t, qint64 cpuRequestMilli, qint64 memoryRequestBytes);

// PodMetrics of one pod (metrics.k8s.io/v1beta1), or an empty object when the
// pod is not Running.
QJsonObject simulatedPodMetrics(const QJsonObject &pod, const QDateTime &now);
// Of every Running pod in a namespace ("" = all namespaces), sorted as the store lists.
QList<QJsonObject> simulatedPodMetricsList(const ObjectStore *store, const QString &namespaceName, const QDateTime &now);

} // namespace pd::sandbox::controllers
