#pragma once

#include "planrow.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::core::clone {

// Why an object of the source is not cloned, or nothing when it is: it belongs to
// the source's one namespace (events, a tool's records such as Helm's release
// history, leader-election Leases), a controller makes it (ReplicaSets, Jobs of
// CronJobs, EndpointSlices, service-account tokens, cert-manager's TLS Secrets),
// or the preview gets its own (quota, the namespace's defaults, the clone profile).
// The one table of these rules; Secrets are judged here first, then by secretplanner.h.
struct DropVerdict
{
    QString reason;                     // names the tool: "Helm release record: ..."
    PlanRule rule = PlanRule::Dropped;  // SecretController when a controller makes the preview's own

    bool dropped() const { return !reason.isEmpty(); }
};

// The StatefulSet and volume claim template a claim was made from ("data-postgres-0" ->
// postgres, data); both empty for a claim of no StatefulSet of `sourceObjects`.
struct ClaimTemplate
{
    QString statefulSet;
    QString claimTemplate;
};
ClaimTemplate claimTemplateOf(const QString &claimName, const QList<QJsonObject> &sourceObjects);

// `profileConfigMap`: the source's clone profile ConfigMap (CloneOptions::cloneProfileConfigMap).
DropVerdict dropVerdict(const QJsonObject &object, const QList<QJsonObject> &sourceObjects,
                        const QString &profileConfigMap = {});
QString dropReason(const QJsonObject &object, const QList<QJsonObject> &sourceObjects,
                   const QString &profileConfigMap = {});

} // namespace pd::core::clone
