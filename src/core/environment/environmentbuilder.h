#pragma once

#include "environment.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

#include <chrono>
#include <functional>
#include <optional>

namespace pd::core {

// The cluster objects of one namespace that make up an environment. Items of a
// List carry no `kind`, so each kind has its own list.
struct EnvironmentInputs
{
    QJsonObject namespaceObject;
    QList<QJsonObject> deployments;
    QList<QJsonObject> statefulSets;
    QList<QJsonObject> ingresses;
    QList<QJsonObject> resourceQuotas;
};

// Pure: turns a namespace and its objects into an Environment. The clock is injected
// because age, expiry and "stuck for too long" depend on now.
//
// State rules, first match wins:
//  1. Terminating: the namespace has a deletionTimestamp or phase Terminating.
//     Incomplete: a kept half-made clone (annotation previewdesk.io/incomplete).
//  2. Expired: the earliest of previewdesk.io/expires-at, janitor/expires and
//     creation + janitor/ttl has passed.
//  3. Degraded: a workload has a failing condition (Progressing=False, e.g.
//     ProgressDeadlineExceeded; ReplicaFailure=True) or has wanted replicas that were
//     not ready for longer than its progress deadline (default 600 s).
//  4. Progressing: a workload is rolling out or starting within its deadline, or the
//     namespace is younger than the start-up grace and has no workloads yet.
//  5. Scaled down: every workload wants zero replicas.
//  6. Healthy.
class EnvironmentBuilder final
{
public:
    using Clock = std::function<QDateTime()>;

    static constexpr std::chrono::seconds defaultProgressDeadline{600};

    explicit EnvironmentBuilder(Clock clock = {});

    // Sources and previews: label previewdesk.io/role = source | preview; never a
    // system namespace (previewdesk-system, kube-*) whatever its labels.
    static bool isEnvironment(const QJsonObject &namespaceObject);

    // nullopt when the namespace is not an environment.
    std::optional<Environment> build(const EnvironmentInputs &inputs) const;

    // One workload (kind "Deployment" or "StatefulSet") and its health at now().
    WorkloadInfo workload(const QString &kind, const QJsonObject &object) const;

    // Expiry helpers (UTC; invalid QDateTime on a malformed or absent value).
    static QDateTime parseRfc3339(const QString &text);
    // kube-janitor's janitor/expires: YYYY-MM-DDTHH:MM:SSZ, YYYY-MM-DDTHH:MM, YYYY-MM-DD.
    static QDateTime parseJanitorExpires(const QString &text);
    // kube-janitor's janitor/ttl: "<n>s|m|h|d|w"; nullopt for "forever" and bad values.
    static std::optional<std::chrono::seconds> parseJanitorTtl(const QString &text);

    QDateTime now() const;

private:
    Clock m_clock;
};

} // namespace pd::core
