#pragma once

#include "objectimport.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::sandbox {

class ObjectStore;

// One demo preview of the shop and the state it is shown in.
struct DemoPreview
{
    // Degraded: its checkout-api image was never pushed; the rollout has been stuck in
    // ImagePullBackOff for 28 minutes (its history is seeded: seedStuckRollout).
    enum class State { Healthy, Progressing, Degraded, ScaledDown, ExpiringSoon, Expired };
    QString namespaceName;   // "shop-pr-1412"
    int pullRequest = 0;
    QString branch;          // label-safe
    QString owner;
    State state = State::Healthy;
};

// Where the demo's web front ends are reached. With the sandbox's loopback ingress
// controller (ingressPort > 0) every host of the shop is a *.localhost name, which
// browsers resolve to this machine, and the previews' URLs carry the port, so Open URL
// opens a page; otherwise the hosts are the shop's own (*.shop.example.com).
struct DemoSite
{
    quint16 ingressPort = 0;

    QString domain() const;                                // "shop.localhost" or "shop.example.com"
    QString previewUrl(const QString &namespaceName) const;  // https://NS.preview.DOMAIN[:PORT]
    // The shop's objects with its hosts (and the URLs naming them) on this site's domain.
    QList<QJsonObject> localized(const QList<QJsonObject> &objects) const;
};

// The previews `previewdesk --demo` shows (fixed list, one per state and a few more).
QList<DemoPreview> demoPreviews();

// The shop's staging environment as exported from a live cluster (the embedded
// copy of fixtures/staging-shop.yaml, resource :/demo/staging-shop.yaml).
QList<QJsonObject> demoSourceObjects();

// The objects of one preview cloned from `source` as PreviewDesk would have made
// it (labels/annotations per DESIGN.md's contract, DNS names and hosts rewritten,
// server fields and controller-owned objects dropped, secrets regenerated or
// re-sourced, own quota/limits/network policy/owner RBAC), in its `state`
// relative to `now`. No status: the controllers bring the workloads up.
QList<QJsonObject> demoPreviewObjects(const QList<QJsonObject> &source, const DemoPreview &preview, const QDateTime &now,
                                     const DemoSite &site = {});

// The whole demo: the External Secrets and snapshot CRDs (if missing), staging with its
// golden snapshot and clone profile, every preview (kDemoRestoredPreview restored from it).
ImportReport seedDemo(ObjectStore *store, const QDateTime &now, const DemoSite &site = {});

// Staging's data, as a team with the CSI external-snapshotter keeps it (demoseed_snapshots.cpp):
// a VolumeSnapshotClass of the sandbox's driver (deletionPolicy Delete), a golden, ready
// VolumeSnapshot of the database's claim (20Gi, taken two days before `now`) bound to its
// content, and a clone profile that marks it golden and the source data-safe.
inline const QString kDemoSnapshotClass = QStringLiteral("sandbox-snapclass");
inline const QString kDemoGoldenSnapshot = QStringLiteral("postgres-golden");
inline const QString kDemoGoldenClaim = QStringLiteral("data-postgres-0");
inline const QString kDemoCloneProfile = QStringLiteral("previewdesk-clone-profile");
inline const QString kDemoRestoredPreview = QStringLiteral("shop-pr-1412");
ImportReport seedGoldenSnapshot(ObjectStore *store, const QString &sourceNamespace, const QDateTime &now);
// The storage-side handle of the golden snapshot (what its content's status reports).
QString demoGoldenSnapshotHandle();
// `previewObjects` (demoPreviewObjects) restored from the golden snapshot the way the data
// planner does it: a pre-provisioned Retain content "PREVIEW.postgres-golden" with the golden
// handle, a VolumeSnapshot bound to it in the preview, and the postgres claim template's
// dataSource naming it.
void restoreFromGoldenSnapshot(QList<QJsonObject> &previewObjects, const QString &preview, const QString &sourceNamespace);

// A rollout of Deployment `name` that has been failing since `since`, with the history
// the controllers, the scheduler and the kubelet would have written by now: its
// ReplicaSet and pods (ImagePullBackOff, CrashLoopBackOff ... per kubeletsim.h, not ready
// since `since`), the Deployment's status (Progressing since `since`: the controller
// then finds the deadline passed) and the Events with their counts. demoseed_stuck.cpp.
void seedStuckRollout(ObjectStore *store, const QString &namespaceName, const QString &name, const QDateTime &since);

// --scale N: N preview namespaces "scale-pr-NNNNN" cloned from the shop's shape, each
// with 4 Deployments (+ their ReplicaSets), a StatefulSet and 15 Running pods with
// consistent statuses, 3 Services and a ConfigMap - written straight into the store
// (no admission, no import pass) and kept small so 10,000 namespaces fit. Returns the
// number of objects created.
qsizetype seedScaledPreviews(ObjectStore *store, int count, const QDateTime &now);

} // namespace pd::sandbox
