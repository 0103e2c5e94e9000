#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::sandbox {

// The outcome of an admission step: allowed, or a Forbidden message as the
// API server words it ("exceeded quota: compute, requested: ...").
struct AdmissionResult
{
    bool allowed = true;
    QString message;
};

// LimitRange defaulting, then min/max validation, for a Pod being created:
// fills missing container requests from defaultRequest and limits from default
// (a missing request takes the limit, as Kubernetes does). Edits `pod` in place.
AdmissionResult applyLimitRanges(QJsonObject &pod, const QList<QJsonObject> &limitRanges);

// Usage that an object adds to ResourceQuota keys (pods, requests.cpu,
// limits.memory, count/deployments.apps, persistentvolumeclaims, requests.storage ...).
// `resource` and `group` name the object's kind (plural) and API group.
QJsonObject quotaUsageOf(const QJsonObject &object, const QString &resource, const QString &group);

// Checks whether creating `object` fits every quota; on success returns the
// quotas with status.used updated (status.hard mirrors spec.hard).
// A pod lacking a request/limit that a quota constrains is rejected, as Kubernetes does.
AdmissionResult admitAgainstQuotas(const QJsonObject &object, const QString &resource, const QString &group,
                                   const QList<QJsonObject> &quotas, QList<QJsonObject> *updatedQuotas);

// Recomputes status.used of one quota from all objects in its namespace
// (`objects` holds pairs of resource plural/group and the objects).
struct QuotaInput { QString resource; QString group; QJsonObject object; };
QJsonObject recomputeQuotaStatus(const QJsonObject &quota, const QList<QuotaInput> &namespaceObjects);

} // namespace pd::sandbox
