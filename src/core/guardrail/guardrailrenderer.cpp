#include "guardrailrenderer.h"

#include "core/contract.h"

#include "guardrailscript.h"
#include "workinghours.h"

#include <QJsonDocument>

#include <algorithm>

namespace pd::core {

namespace {

QJsonObject rule(const QStringList &groups, const QStringList &resources, const QStringList &verbs)
{
    return QJsonObject{{QStringLiteral("apiGroups"), QJsonArray::fromStringList(groups)},
                       {QStringLiteral("resources"), QJsonArray::fromStringList(resources)},
                       {QStringLiteral("verbs"), QJsonArray::fromStringList(verbs)}};
}

void fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace

GuardrailRenderer::GuardrailRenderer(QString image, QString systemNamespace)
    : m_image(std::move(image))
    , m_namespace(std::move(systemNamespace))
{
}

QString GuardrailRenderer::serviceAccountName(const QString &guardrailName)
{
    return QStringLiteral("guardrail-") + guardrailName;
}

QString GuardrailRenderer::clusterRoleName(const QString &guardrailName)
{
    return QStringLiteral("previewdesk:guardrail:") + guardrailName;
}

QStringList GuardrailRenderer::cronJobNames(const Guardrail &guardrail)
{
    const QString base = QStringLiteral("guardrail-") + guardrail.name;
    if (guardrail.schedule.isWorkingHours())
        return {base + QStringLiteral("-up"), base + QStringLiteral("-down")};
    return {base};
}

QString GuardrailRenderer::labelSelector(const QString &guardrailName)
{
    const QString base = QStringLiteral("%1=%2,%3=%4").arg(contract::ManagedByLabel, contract::ManagedByValue,
                                                           contract::ComponentLabel, contract::GuardrailComponent);
    return guardrailName.isEmpty() ? base : base + QStringLiteral(",%1=%2").arg(contract::GuardrailLabel, guardrailName);
}

QJsonObject GuardrailRenderer::metadata(const Guardrail &guardrail, const QString &name, bool namespaced) const
{
    QJsonObject metadata{{QStringLiteral("name"), name},
                         {QStringLiteral("labels"),
                          QJsonObject{{QString(contract::ManagedByLabel), QString(contract::ManagedByValue)},
                                      {QString(contract::ComponentLabel), QString(contract::GuardrailComponent)},
                                      {QLatin1String(GuardrailLabel), guardrail.name}}}};
    if (namespaced)
        metadata.insert(QStringLiteral("namespace"), m_namespace);
    return metadata;
}

QJsonArray GuardrailRenderer::rules(const Guardrail &guardrail)
{
    QJsonArray rules;
    if (!guardrail.isDestructive()) {
        rules.append(rule({QString()}, {QStringLiteral("namespaces")}, {QStringLiteral("get"), QStringLiteral("list")}));
        rules.append(rule({QStringLiteral("apps")}, {QStringLiteral("deployments"), QStringLiteral("statefulsets")},
                          {QStringLiteral("get"), QStringLiteral("list"), QStringLiteral("patch")}));
        rules.append(rule({QStringLiteral("apps")}, {QStringLiteral("deployments/scale"), QStringLiteral("statefulsets/scale")},
                          {QStringLiteral("get"), QStringLiteral("patch"), QStringLiteral("update")}));
        rules.append(rule({QStringLiteral("batch")}, {QStringLiteral("cronjobs")},
                          {QStringLiteral("get"), QStringLiteral("list"), QStringLiteral("patch")}));
        return rules;
    }
    // A restore's VolumeSnapshotContents go with the preview (they are cluster-wide).
    rules.append(rule({QStringLiteral("snapshot.storage.k8s.io")}, {QStringLiteral("volumesnapshotcontents")},
                      {QStringLiteral("list"), QStringLiteral("delete")}));
    if (guardrail.noticeSeconds() > 0) {
        // The notice is recorded on the namespace (kubectl annotate: get + patch).
        rules.append(rule({QString()}, {QStringLiteral("namespaces")},
                          {QStringLiteral("get"), QStringLiteral("list"), QStringLiteral("patch"), QStringLiteral("delete")}));
        rules.append(rule({QString()}, {QStringLiteral("events")}, {QStringLiteral("create")}));
    } else {
        rules.append(rule({QString()}, {QStringLiteral("namespaces")}, {QStringLiteral("list"), QStringLiteral("delete")}));
    }
    return rules;
}

QJsonObject GuardrailRenderer::serviceAccount(const Guardrail &guardrail) const
{
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("kind"), QStringLiteral("ServiceAccount")},
                       {QStringLiteral("metadata"), metadata(guardrail, serviceAccountName(guardrail.name), true)}};
}

QJsonObject GuardrailRenderer::clusterRole(const Guardrail &guardrail) const
{
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1")},
                       {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
                       {QStringLiteral("metadata"), metadata(guardrail, clusterRoleName(guardrail.name), false)},
                       {QStringLiteral("rules"), rules(guardrail)}};
}

QJsonObject GuardrailRenderer::clusterRoleBinding(const Guardrail &guardrail) const
{
    const QJsonObject subject{{QStringLiteral("kind"), QStringLiteral("ServiceAccount")},
                              {QStringLiteral("name"), serviceAccountName(guardrail.name)},
                              {QStringLiteral("namespace"), m_namespace}};
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1")},
                       {QStringLiteral("kind"), QStringLiteral("ClusterRoleBinding")},
                       {QStringLiteral("metadata"), metadata(guardrail, clusterRoleName(guardrail.name), false)},
                       {QStringLiteral("roleRef"),
                        QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                                    {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
                                    {QStringLiteral("name"), clusterRoleName(guardrail.name)}}},
                       {QStringLiteral("subjects"), QJsonArray{subject}}};
}

QJsonObject GuardrailRenderer::cronJob(const Guardrail &guardrail, GuardrailAction action, const QString &name,
                                       const QString &schedule, const QString &timeZone) const
{
    QJsonObject meta = metadata(guardrail, name, true);
    meta.insert(QStringLiteral("annotations"),
                QJsonObject{{QLatin1String(GuardrailAnnotation),
                             QString::fromUtf8(QJsonDocument(guardrail.toJson()).toJson(QJsonDocument::Compact))},
                            {QLatin1String(ActionAnnotation), guardrailActionName(action)}});
    const QJsonObject container{
        {QStringLiteral("name"), QStringLiteral("guardrail")},
        {QStringLiteral("image"), m_image},
        {QStringLiteral("command"), QJsonArray{QStringLiteral("/bin/sh"), QStringLiteral("-c")}},
        {QStringLiteral("args"), QJsonArray{guardrailScript(guardrail, action)}},
        {QStringLiteral("env"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("DRY_RUN")},
                                                       {QStringLiteral("value"), QStringLiteral("0")}}}},
        {QStringLiteral("resources"),
         QJsonObject{{QStringLiteral("requests"),
                      QJsonObject{{QStringLiteral("cpu"), QStringLiteral("10m")}, {QStringLiteral("memory"), QStringLiteral("64Mi")}}},
                     {QStringLiteral("limits"), QJsonObject{{QStringLiteral("memory"), QStringLiteral("128Mi")}}}}},
        {QStringLiteral("securityContext"),
         QJsonObject{{QStringLiteral("allowPrivilegeEscalation"), false},
                     {QStringLiteral("capabilities"), QJsonObject{{QStringLiteral("drop"), QJsonArray{QStringLiteral("ALL")}}}}}}};
    const QJsonObject podSpec{{QStringLiteral("serviceAccountName"), serviceAccountName(guardrail.name)},
                              {QStringLiteral("restartPolicy"), QStringLiteral("Never")},
                              {QStringLiteral("containers"), QJsonArray{container}}};
    const QJsonObject podLabels{{QString(contract::ManagedByLabel), QString(contract::ManagedByValue)},
                                {QString(contract::ComponentLabel), QString(contract::GuardrailComponent)},
                                {QLatin1String(GuardrailLabel), guardrail.name}};
    const QJsonObject jobSpec{
        // The scripts are idempotent, so a retry is safe.
        {QStringLiteral("backoffLimit"), 2},
        {QStringLiteral("ttlSecondsAfterFinished"), 86400},
        {QStringLiteral("template"),
         QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("labels"), podLabels}}},
                     {QStringLiteral("spec"), podSpec}}}};
    const QJsonObject spec{{QStringLiteral("schedule"), schedule},
                           {QStringLiteral("timeZone"), timeZone},
                           {QStringLiteral("concurrencyPolicy"), QStringLiteral("Forbid")},
                           {QStringLiteral("suspend"), !guardrail.enabled},
                           {QStringLiteral("startingDeadlineSeconds"), 600},
                           {QStringLiteral("successfulJobsHistoryLimit"), 3},
                           {QStringLiteral("failedJobsHistoryLimit"), 3},
                           {QStringLiteral("jobTemplate"), QJsonObject{{QStringLiteral("spec"), jobSpec}}}};
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("batch/v1")},
                       {QStringLiteral("kind"), QStringLiteral("CronJob")},
                       {QStringLiteral("metadata"), meta},
                       {QStringLiteral("spec"), spec}};
}

QList<QJsonObject> GuardrailRenderer::cronJobs(const Guardrail &guardrail) const
{
    const QStringList names = cronJobNames(guardrail);
    if (guardrail.schedule.isWorkingHours()) {
        const auto hours = WorkingHours::parse(guardrail.schedule.workingHours);
        if (!hours)
            return {};
        return {cronJob(guardrail, GuardrailAction::ScaleUp, names.at(0), hours->scaleUpSchedule(), hours->timeZone()),
                cronJob(guardrail, GuardrailAction::ScaleDown, names.at(1), hours->scaleDownSchedule(), hours->timeZone())};
    }
    return {cronJob(guardrail, guardrail.action, names.first(), guardrail.schedule.cron, guardrail.schedule.timeZone)};
}

QList<QJsonObject> GuardrailRenderer::render(const Guardrail &guardrail) const
{
    return QList<QJsonObject>{serviceAccount(guardrail), clusterRole(guardrail), clusterRoleBinding(guardrail)}
         + cronJobs(guardrail);
}

std::optional<Guardrail> GuardrailRenderer::fromCronJob(const QJsonObject &cronJob, QString *error)
{
    const QJsonObject metadata = cronJob.value(QStringLiteral("metadata")).toObject();
    const QString name = metadata.value(QStringLiteral("name")).toString();
    const QJsonValue annotation =
        metadata.value(QStringLiteral("annotations")).toObject().value(QLatin1String(GuardrailAnnotation));
    if (!annotation.isString()) {
        fail(error, QStringLiteral("CronJob %1 carries no %2 annotation").arg(name, QLatin1String(GuardrailAnnotation)));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(annotation.toString().toUtf8(), &parseError);
    if (!document.isObject()) {
        fail(error, QStringLiteral("CronJob %1: annotation %2 is not a JSON object (%3)")
                        .arg(name, QLatin1String(GuardrailAnnotation), parseError.errorString()));
        return std::nullopt;
    }
    QString jsonError;
    auto guardrail = Guardrail::fromJson(document.object(), &jsonError);
    if (!guardrail) {
        fail(error, QStringLiteral("CronJob %1: %2").arg(name, jsonError));
        return std::nullopt;
    }
    const QJsonValue suspend = cronJob.value(QStringLiteral("spec")).toObject().value(QStringLiteral("suspend"));
    if (suspend.isBool())
        guardrail->enabled = !suspend.toBool();
    return guardrail;
}

QList<Guardrail> GuardrailRenderer::fromCronJobs(const QList<QJsonObject> &cronJobs)
{
    QList<Guardrail> guardrails;
    for (const QJsonObject &cronJob : cronJobs) {
        const auto guardrail = fromCronJob(cronJob);
        if (!guardrail)
            continue;
        const auto same = std::find_if(guardrails.begin(), guardrails.end(),
                                       [&guardrail](const Guardrail &g) { return g.name == guardrail->name; });
        if (same == guardrails.end())
            guardrails.append(*guardrail);
        else if (!guardrail->enabled)
            same->enabled = false; // half of a working-hours pair suspended: the guardrail is not fully on
    }
    std::sort(guardrails.begin(), guardrails.end(), [](const Guardrail &a, const Guardrail &b) { return a.name < b.name; });
    return guardrails;
}

} // namespace pd::core
