#pragma once

#include "usagesample.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::core {

// One sample per container of every Running pod, taken from a PodList (requests from
// spec.containers[].resources.requests) and a metrics.k8s.io PodMetricsList (usage;
// "1523041n", "4308Ki" via pd::kube::Quantity). A Running pod without metrics is sampled
// with zero usage (its requests are still charged). timestampMs is the sample's time.
QList<UsageSample> samplesFromPodMetrics(const QJsonArray &pods, const QJsonArray &podMetrics, qint64 timestampMs);

// What samplesFromPodMetrics reads of a pod (phase; name, namespace and controller owner;
// containers' names and requests), applied to each listed pod as its page arrives so a
// cluster's pod list is never held whole.
QJsonObject podForCostSample(const QJsonObject &pod);
// What namespaceLabel reads of a namespace: its name and labels.
QJsonObject namespaceForCostSample(const QJsonObject &ns);

// Bound claims from a PersistentVolumeClaimList, by spec.resources.requests.storage,
// each assumed to exist over [startMs, endMs).
QList<PvcUsage> pvcsFromClaims(const QJsonArray &claims, qint64 startMs, qint64 endMs);

// The storage of the VolumeSnapshots a namespace took of its own claims (ready ones,
// spec.source.persistentVolumeClaimName, by status.restoreSize), named "snapshot/NAME",
// each assumed to exist over [startMs, endMs). A snapshot restored from another's content
// (spec.source.volumeSnapshotContentName: a preview's copy of a golden snapshot) holds no
// storage of its own: the storage is counted once, where the snapshot was taken.
QList<PvcUsage> storageFromVolumeSnapshots(const QJsonArray &snapshots, qint64 startMs, qint64 endMs);

// namespace -> the value of one of its labels (previewdesk.io/owner), from a NamespaceList.
QHash<QString, QString> namespaceLabel(const QJsonArray &namespaces, const QString &label);

} // namespace pd::core
