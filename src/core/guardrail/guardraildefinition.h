#pragma once

#include "guardrail.h"
#include "guardrailrenderer.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace pd::core {

// A guardrail as it is deployed: the value type plus how its CronJobs run it (the
// container image, and DRY_RUN=1 so that the script only prints what it would do).
// This is what the editor edits and what reads back from the cluster unchanged.
struct GuardrailDefinition
{
    Guardrail guardrail;
    QString image = QString::fromLatin1(GuardrailRenderer::DefaultImage);
    bool dryRun = false;

    // guardrail.validate() plus the deployment's own fields.
    QStringList validate() const;
    // ServiceAccount, ClusterRole, ClusterRoleBinding, CronJob(s), in apply order,
    // with DRY_RUN set on every CronJob's container.
    QList<QJsonObject> render(const QString &systemNamespace) const;

    // What a CronJob made by render() carries; nullopt and *error otherwise.
    static std::optional<GuardrailDefinition> fromCronJob(const QJsonObject &cronJob, QString *error = nullptr);

    friend bool operator==(const GuardrailDefinition &, const GuardrailDefinition &) = default;
};

// One activation of a guardrail's schedule: when, and what it does then (a
// working-hours window alternates scale-up at its start and scale-down at its end).
struct GuardrailRun
{
    QDateTime time; // in the schedule's time zone
    GuardrailAction action = GuardrailAction::ScaleDown;

    friend bool operator==(const GuardrailRun &, const GuardrailRun &) = default;
};

// The next `count` activations strictly after `after`, earliest first, each in the
// schedule's time zone. Empty when the schedule does not parse.
QList<GuardrailRun> guardrailUpcomingRuns(const Guardrail &guardrail, const QDateTime &after, int count);
// The first of those (invalid when there is none).
QDateTime guardrailNextRun(const Guardrail &guardrail, const QDateTime &after);

} // namespace pd::core
