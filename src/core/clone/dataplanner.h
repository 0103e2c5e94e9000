#pragma once

#include "cloneplan.h"

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QStringList>

namespace pd::core::clone {

// What the preview's datastores start with (DESIGN.md, invariant 9). A datastore is a
// StatefulSet with volumeClaimTemplates, or a standalone PersistentVolumeClaim. For each,
// the plan carries a Data decision (a flag, the clone profile, or `empty` by default):
//  - empty: new volumes; a standalone claim's dataSource pointing into the source is removed;
//  - seed: the profile's seed Job runs in the preview once the datastore is Ready and
//    before the workloads that use it start (tiers Datastores, Seed);
//  - snapshot[:NAME]: restored from a VolumeSnapshot of the source. VolumeSnapshots are
//    namespaced, so the preview gets a pre-provisioned VolumeSnapshotContent
//    ("PREVIEW.NAME", deletionPolicy Retain, the golden content's snapshotHandle) bound to
//    its own VolumeSnapshot NAME, and the claim (template) reads it through dataSource,
//    with the snapshot's size and the source claim's storage class. Retain means that
//    deleting the preview's objects never deletes the storage-side snapshot.
// Restoring a snapshot that is not golden, or one of a source not marked dataSafe, needs
// the SourceData confirmation (--allow-source-data, the source's name typed in the app).
struct DataPlan
{
    QList<QJsonObject> objects;           // VolumeSnapshotContents, VolumeSnapshots, seed Jobs
    QSet<QString> seededStatefulSets;     // created and Ready before their seed Job runs
    QList<PlanRow> rows;
    // One Data decision per datastore, open when it cannot be met; an open one for a --data
    // flag naming no datastore; SourceData when a restore needs the confirmation.
    QList<CloneDecision> decisions;
    QStringList warnings;
};

// `sourceObjects`: the export, VolumeSnapshots of the source namespace and the
// VolumeSnapshotContents bound to them included; `planned`: the preview's objects so far,
// changed in place (claims' dataSource, size and storage class).
DataPlan planData(const QList<QJsonObject> &sourceObjects, QList<QJsonObject> &planned, const CloneOptions &options);

// The name of the pre-provisioned content a preview gets for a snapshot ("pr-7.postgres-golden"):
// a DNS subdomain unique in the cluster, because preview names have no dots.
QString previewSnapshotContentName(const QString &preview, const QString &snapshot);

} // namespace pd::core::clone
