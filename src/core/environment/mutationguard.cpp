#include "mutationguard.h"

#include "core/contract.h"
#include "environment.h"
#include "environmentactions.h"

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

bool isScale(Mutation mutation)
{
    return mutation == Mutation::ScaleDown || mutation == Mutation::ScaleUp;
}

// "scales down", for "PreviewDesk never scales down sources".
QString thirdPerson(Mutation mutation)
{
    switch (mutation) {
    case Mutation::ScaleDown: return u"scales down"_s;
    case Mutation::ScaleUp: return u"scales up"_s;
    case Mutation::Extend: return u"extends"_s;
    case Mutation::Destroy: return u"destroys"_s;
    case Mutation::Sweep: return u"sweeps"_s;
    }
    return {};
}

} // namespace

QString mutationName(Mutation mutation)
{
    switch (mutation) {
    case Mutation::ScaleDown: return u"scale down"_s;
    case Mutation::ScaleUp: return u"scale up"_s;
    case Mutation::Extend: return u"extend"_s;
    case Mutation::Destroy: return u"destroy"_s;
    case Mutation::Sweep: return u"sweep"_s;
    }
    return {};
}

MutationTarget MutationTarget::of(const Environment &environment)
{
    MutationTarget target{environment.name, environment.labels, environment.expiresAt.isValid()};
    // The typed fields say the same as the labels they were read from; an Environment
    // made by hand may carry only the fields.
    if (!target.labels.contains(contract::RoleLabel))
        target.labels.insert(contract::RoleLabel, roleText(environment.role));
    if (environment.isProtected)
        target.labels.insert(contract::ProtectedLabel, u"true"_s);
    return target;
}

MutationTarget MutationTarget::of(const QJsonObject &namespaceObject)
{
    const QJsonObject metadata = namespaceObject.value("metadata"_L1).toObject();
    MutationTarget target;
    target.name = metadata.value("name"_L1).toString();
    const QJsonObject labels = metadata.value("labels"_L1).toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        target.labels.insert(it.key(), it.value().toString());
    target.hasExpiry = EnvironmentActions::currentExpiry(namespaceObject).isValid();
    return target;
}

bool isSystemNamespace(const QString &name)
{
    return name == contract::SystemNamespace || name.startsWith("kube-"_L1);
}

QString mutationRefusal(const MutationTarget &target, Mutation mutation, MutationOverride override)
{
    const QString role = target.labels.value(contract::RoleLabel);
    const QString verb = thirdPerson(mutation);
    if (isSystemNamespace(target.name))
        return u"system namespace; PreviewDesk never %1 it"_s.arg(verb);
    if (role != contract::RoleSource && role != contract::RolePreview)
        return u"not an environment (no %1 label); PreviewDesk never %2 it"_s.arg(contract::RoleLabel, verb);
    const bool forced = override == MutationOverride::ForceSource && isScale(mutation);
    const QString hint = isScale(mutation) ? u" (previewctl --force-source overrides this for a scale)"_s : QString();
    if (!forced && role == contract::RoleSource)
        return u"source environment; PreviewDesk never %1 sources%2"_s.arg(verb, hint);
    if (!forced && target.labels.value(contract::ProtectedLabel) == "true"_L1)
        return u"protected (%1=true); PreviewDesk never %2 it%3"_s.arg(contract::ProtectedLabel, verb, hint);
    if (role == contract::RoleSource)
        return {};   // forced: a source carries no managed-by label
    if (target.labels.value(contract::ManagedByLabel) != contract::ManagedByValue)
        return u"not managed by PreviewDesk (no %1=%2)"_s.arg(contract::ManagedByLabel, contract::ManagedByValue);
    if (mutation == Mutation::Extend && !target.hasExpiry)
        return u"has no expiry; extending would give it one, and PreviewDesk never adds an expiry to a namespace that had none"_s;
    return {};
}

QString mutationRefusal(const Environment &environment, Mutation mutation, MutationOverride override)
{
    return mutationRefusal(MutationTarget::of(environment), mutation, override);
}

QString mutationRefusal(const QJsonObject &namespaceObject, Mutation mutation, MutationOverride override)
{
    return mutationRefusal(MutationTarget::of(namespaceObject), mutation, override);
}

} // namespace pd::core
