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
// The state and the Services counts come from applyHealth() (environmenthealth.h), with
// no pod problems known yet; a workload's own state is decided here: Degraded on a
// failing condition (Progressing=False, e.g. ProgressDeadlineExceeded; ReplicaFailure=True)
// or wanted replicas not ready for longer than its progress deadline (default 600 s),
// Progressing while rolling out or starting within it, Scaled down at zero replicas.
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
