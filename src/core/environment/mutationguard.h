#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace pd::core {

struct Environment;

// Everything PreviewDesk does that changes an environment (DESIGN.md, clone safety 8).
enum class Mutation { ScaleDown, ScaleUp, Extend, Destroy, Sweep };

// `--force-source`: lets a scale (only a scale) act on a source or protected namespace
// that someone named on purpose. Never lets anything touch a system namespace.
enum class MutationOverride { None, ForceSource };

// What the rule reads of a namespace: its name, labels and whether it expires.
struct MutationTarget
{
    QString name;
    QMap<QString, QString> labels;
    bool hasExpiry = false;

    static MutationTarget of(const Environment &environment);
    static MutationTarget of(const QJsonObject &namespaceObject);
};

// previewdesk-system and kube-*: never an environment, whatever their labels say.
bool isSystemNamespace(const QString &name);

// The one rule every path that changes an environment asks first (the app's actions,
// previewctl, the destroyer, guardrail reach): why `mutation` must leave `target`
// alone, as a phrase without the name ("source environment; PreviewDesk never scales
// down sources"), or empty when it may go ahead. In order:
//  1. system namespaces and namespaces without previewdesk.io/role are no environment;
//  2. sources and protected (previewdesk.io/protected=true) namespaces are refused (a scale with
//     ForceSource is let through);
//  3. previews not labelled app.kubernetes.io/managed-by=previewdesk are refused;
//  4. Extend refuses a namespace without an expiry (it would gain one).
QString mutationRefusal(const MutationTarget &target, Mutation mutation,
                        MutationOverride override = MutationOverride::None);
QString mutationRefusal(const Environment &environment, Mutation mutation,
                        MutationOverride override = MutationOverride::None);
QString mutationRefusal(const QJsonObject &namespaceObject, Mutation mutation,
                        MutationOverride override = MutationOverride::None);

// "scale down", "extend", ... as the messages say it.
QString mutationName(Mutation mutation);

} // namespace pd::core
