#include "guardrailreach.h"

#include "core/environment/environment.h"
#include "core/environment/mutationguard.h"

#include "kube/labelselector.h"

#include <QJsonObject>

namespace pd::core {

namespace {

QJsonObject labelsOf(const Environment &environment)
{
    QJsonObject labels;
    for (auto it = environment.labels.constBegin(); it != environment.labels.constEnd(); ++it)
        labels.insert(it.key(), it.value());
    return labels;
}

Mutation mutationOf(GuardrailAction action)
{
    switch (action) {
    case GuardrailAction::ScaleDown: return Mutation::ScaleDown;
    case GuardrailAction::ScaleUp: return Mutation::ScaleUp;
    case GuardrailAction::Destroy: return Mutation::Destroy;
    case GuardrailAction::Sweep: return Mutation::Sweep;
    }
    return Mutation::Destroy;
}

// Why the guardrail leaves a targeted environment alone; empty when it acts on it.
// The same rule as every other path (mutationRefusal), then sweep's own: expired only.
QString exclusionReason(const Guardrail &guardrail, const Environment &environment, const QDateTime &now)
{
    if (const QString refusal = mutationRefusal(environment, mutationOf(guardrail.action)); !refusal.isEmpty())
        return refusal;
    if (guardrail.action == GuardrailAction::Sweep) {
        if (!environment.expiresAt.isValid())
            return QStringLiteral("has no expiry");
        if (environment.expiresAt > now)
            return QStringLiteral("not expired yet (expires %1)").arg(environment.expiresAt.toString(Qt::ISODate));
    }
    return {};
}

} // namespace

GuardrailReach guardrailReach(const Guardrail &guardrail, const QList<Environment> &environments, const QDateTime &now)
{
    GuardrailReach reach;
    std::optional<pd::kube::LabelSelector> selector;
    if (!guardrail.target.selector.isEmpty()) {
        selector = pd::kube::LabelSelector::parse(guardrail.target.selector);
        if (!selector)
            return reach; // an invalid selector selects nothing (validate() says why)
    }
    QStringList seen;
    for (const Environment &environment : environments) {
        if (!guardrail.target.environments.isEmpty() && !guardrail.target.environments.contains(environment.name))
            continue;
        if (selector && !selector->matches(labelsOf(environment)))
            continue;
        seen << environment.name;
        const QString reason = exclusionReason(guardrail, environment, now);
        if (reason.isEmpty())
            reach.touched << environment.name;
        else
            reach.excluded.append(GuardrailExclusion{environment.name, reason});
    }
    for (const QString &name : guardrail.target.environments) {
        if (!seen.contains(name))
            reach.excluded.append(GuardrailExclusion{name, QStringLiteral("no such environment")});
    }
    return reach;
}

} // namespace pd::core
