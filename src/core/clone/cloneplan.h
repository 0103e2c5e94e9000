#pragma once

#include "clonedecision.h"
#include "cloneoptions.h"
#include "planrow.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::core {

// Creation order: objects of a tier are created in parallel, tiers one after another.
// Configuration holds a restore's VolumeSnapshot(s), which are ready before the claims that
// read them are made; Datastores (StatefulSets with a seed) are Ready before the Seed Jobs
// run, and those are Complete before the Workloads start (cloneexecutor.h).
enum class CloneTier { Namespace = 0, Guards, Configuration, ServicesAndStorage, Datastores, Seed, Workloads, Ingress };

struct PlannedObject
{
    QJsonObject object;
    CloneTier tier = CloneTier::Configuration;
};

// A decision still open; the clone does not start while one is. Quota and Exposure are
// the planner's own (the environment does not fit the quota cap; --expose names a Service
// or port the source does not have): a flag answers them by changing the request.
using PendingDecision = CloneDecision;

struct ClonePlan
{
    QString sourceNamespace;
    QString targetNamespace;
    QString cloneId;
    CloneMode mode = CloneMode::CdOnly;
    QString url;                        // the preview's primary URL: its ingress, or the exposed front Service
    QList<PlannedObject> objects;       // in creation order
    QList<PlanRow> rows;
    QList<CloneDecision> decisions;     // every decision the clone needed, made or open, once each
    QList<PendingDecision> pendingDecisions;   // the open ones among them
    QStringList warnings;               // e.g. requests above the quota even after capping

    bool canProceed() const { return pendingDecisions.isEmpty(); }
    QList<QJsonObject> objectsOfTier(CloneTier tier) const;
    // The plan for `--dry-run -o json`: rows and objects, Secret data masked.
    QJsonObject toJson() const;
    // The objects as a `kubectl apply -f` stream would take them (GitOps export).
    // Secret values are included only when `includeSecretValues`.
    QList<QJsonObject> manifests(bool includeSecretValues) const;
};

// A copy of `object` whose Secret data (data, stringData) is replaced by a mask.
QJsonObject maskSecretData(const QJsonObject &object);

} // namespace pd::core
