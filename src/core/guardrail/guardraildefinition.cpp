#include "guardraildefinition.h"

#include "kube/cronexpression.h"
#include "workinghours.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

namespace pd::core {

namespace {

const QString DryRunVariable = QStringLiteral("DRY_RUN");

QJsonObject containerOf(const QJsonObject &cronJob)
{
    return cronJob.value(QLatin1String("spec")).toObject().value(QLatin1String("jobTemplate")).toObject()
        .value(QLatin1String("spec")).toObject().value(QLatin1String("template")).toObject()
        .value(QLatin1String("spec")).toObject().value(QLatin1String("containers")).toArray().first().toObject();
}

// Sets DRY_RUN on the (single) container of a CronJob made by GuardrailRenderer.
void setDryRun(QJsonObject *cronJob, bool dryRun)
{
    QJsonObject spec = cronJob->value(QLatin1String("spec")).toObject();
    QJsonObject jobTemplate = spec.value(QLatin1String("jobTemplate")).toObject();
    QJsonObject jobSpec = jobTemplate.value(QLatin1String("spec")).toObject();
    QJsonObject podTemplate = jobSpec.value(QLatin1String("template")).toObject();
    QJsonObject podSpec = podTemplate.value(QLatin1String("spec")).toObject();
    QJsonArray containers = podSpec.value(QLatin1String("containers")).toArray();
    if (containers.isEmpty())
        return;
    QJsonObject container = containers.first().toObject();
    QJsonArray env = container.value(QLatin1String("env")).toArray();
    const QJsonObject variable{{QStringLiteral("name"), DryRunVariable},
                               {QStringLiteral("value"), dryRun ? QStringLiteral("1") : QStringLiteral("0")}};
    bool replaced = false;
    for (qsizetype i = 0; i < env.size(); ++i) {
        if (env.at(i).toObject().value(QLatin1String("name")).toString() == DryRunVariable) {
            env[i] = variable;
            replaced = true;
        }
    }
    if (!replaced)
        env.append(variable);
    container.insert(QStringLiteral("env"), env);
    containers[0] = container;
    podSpec.insert(QStringLiteral("containers"), containers);
    podTemplate.insert(QStringLiteral("spec"), podSpec);
    jobSpec.insert(QStringLiteral("template"), podTemplate);
    jobTemplate.insert(QStringLiteral("spec"), jobSpec);
    spec.insert(QStringLiteral("jobTemplate"), jobTemplate);
    cronJob->insert(QStringLiteral("spec"), spec);
}

} // namespace

QStringList GuardrailDefinition::validate() const
{
    QStringList problems = guardrail.validate();
    static const QRegularExpression imagePattern(QStringLiteral("^[a-z0-9][^\\s]*$"));
    if (image.isEmpty())
        problems << QStringLiteral("the guardrail needs a container image with sh and kubectl (for example %1)")
                        .arg(QLatin1String(GuardrailRenderer::DefaultImage));
    else if (!imagePattern.match(image).hasMatch())
        problems << QStringLiteral("image '%1' is not an image reference such as %2")
                        .arg(image, QLatin1String(GuardrailRenderer::DefaultImage));
    return problems;
}

QList<QJsonObject> GuardrailDefinition::render(const QString &systemNamespace) const
{
    QList<QJsonObject> objects = GuardrailRenderer(image, systemNamespace).render(guardrail);
    for (QJsonObject &object : objects) {
        if (object.value(QLatin1String("kind")).toString() == QLatin1String("CronJob"))
            setDryRun(&object, dryRun);
    }
    return objects;
}

std::optional<GuardrailDefinition> GuardrailDefinition::fromCronJob(const QJsonObject &cronJob, QString *error)
{
    auto guardrail = GuardrailRenderer::fromCronJob(cronJob, error);
    if (!guardrail)
        return std::nullopt;
    GuardrailDefinition definition;
    definition.guardrail = *guardrail;
    const QJsonObject container = containerOf(cronJob);
    definition.image = container.value(QLatin1String("image")).toString();
    for (const QJsonValue &variable : container.value(QLatin1String("env")).toArray()) {
        if (variable.toObject().value(QLatin1String("name")).toString() == DryRunVariable)
            definition.dryRun = variable.toObject().value(QLatin1String("value")).toString() == QLatin1String("1");
    }
    return definition;
}

QList<GuardrailRun> guardrailUpcomingRuns(const Guardrail &guardrail, const QDateTime &after, int count)
{
    QList<std::pair<QString, GuardrailAction>> schedules;
    QString zoneId = guardrail.schedule.timeZone;
    if (guardrail.schedule.isWorkingHours()) {
        const auto hours = WorkingHours::parse(guardrail.schedule.workingHours);
        if (!hours)
            return {};
        schedules = {{hours->scaleUpSchedule(), GuardrailAction::ScaleUp},
                     {hours->scaleDownSchedule(), GuardrailAction::ScaleDown}};
        zoneId = hours->timeZone();
    } else {
        schedules = {{guardrail.schedule.cron, guardrail.action}};
    }
    if (!isIanaTimeZone(zoneId))
        return {};
    const QTimeZone zone(zoneId.toUtf8());
    QList<GuardrailRun> runs;
    for (const auto &[text, action] : std::as_const(schedules)) {
        const auto cron = pd::kube::CronExpression::parse(text);
        if (!cron)
            return {};
        for (const QDateTime &time : cron->nextRuns(after, count, zone))
            runs.append(GuardrailRun{time, action});
    }
    std::stable_sort(runs.begin(), runs.end(), [](const GuardrailRun &a, const GuardrailRun &b) { return a.time < b.time; });
    if (runs.size() > count)
        runs.resize(count);
    return runs;
}

QDateTime guardrailNextRun(const Guardrail &guardrail, const QDateTime &after)
{
    const QList<GuardrailRun> runs = guardrailUpcomingRuns(guardrail, after, 1);
    return runs.isEmpty() ? QDateTime() : runs.first().time;
}

} // namespace pd::core
