#include "environmentbuilder.h"
#include "ingressurl.h"

#include "core/contract.h"
#include "environmenthealth.h"
#include "environmentprojection.h"
#include "expiry.h"
#include "mutationguard.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

QMap<QString, QString> stringMap(const QJsonObject &object)
{
    QMap<QString, QString> map;
    for (auto it = object.begin(); it != object.end(); ++it)
        map.insert(it.key(), it.value().toString());
    return map;
}

// When the rollout last made progress: the Progressing condition's lastUpdateTime,
// which is what the deployment controller measures progressDeadlineSeconds from.
QDateTime lastProgress(const QJsonArray &conditions)
{
    for (const QJsonValue &value : conditions) {
        const QJsonObject condition = value.toObject();
        if (condition.value(u"type"_s).toString() == u"Progressing"_s)
            return EnvironmentBuilder::parseRfc3339(condition.value(u"lastUpdateTime"_s).toString());
    }
    return {};
}

// A condition that says the workload gave up: the message to show, empty if none.
QString failingCondition(const QJsonArray &conditions)
{
    for (const QJsonValue &value : conditions) {
        const QJsonObject condition = value.toObject();
        const QString type = condition.value(u"type"_s).toString();
        const QString status = condition.value(u"status"_s).toString();
        const bool failed = (type == u"Progressing"_s && status == u"False"_s)
                || (type == u"ReplicaFailure"_s && status == u"True"_s);
        if (!failed)
            continue;
        const QString reason = condition.value(u"reason"_s).toString();
        const QString message = condition.value(u"message"_s).toString();
        if (reason.isEmpty())
            return message.isEmpty() ? type : message;
        return message.isEmpty() ? reason : reason % u": "_s % message;
    }
    return {};
}

QList<IngressUrl> ingressUrls(const QList<QJsonObject> &ingresses)
{
    QList<QJsonObject> sorted = ingresses;
    std::sort(sorted.begin(), sorted.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(u"metadata"_s)[u"name"_s].toString() < b.value(u"metadata"_s)[u"name"_s].toString();
    });
    QList<IngressUrl> urls;
    for (const QJsonObject &ingress : std::as_const(sorted)) {
        const QString name = ingress.value(u"metadata"_s)[u"name"_s].toString();
        for (const QJsonValue &rule : ingress.value(u"spec"_s)[u"rules"_s].toArray()) {
            const QString host = rule[u"host"_s].toString();
            if (!host.isEmpty())
                urls.append({name, ingressUrl(ingress, host)});
        }
    }
    return urls;
}

QList<QuotaItem> quotaItems(const QList<QJsonObject> &quotas)
{
    QList<QuotaItem> items;
    for (const QJsonObject &quota : quotas) {
        const QString name = quota.value(u"metadata"_s)[u"name"_s].toString();
        const QJsonObject status = quota.value(u"status"_s).toObject();
        QJsonObject hard = status.value(u"hard"_s).toObject();
        if (hard.isEmpty())   // the quota controller has not filled status in yet
            hard = quota.value(u"spec"_s)[u"hard"_s].toObject();
        const QJsonObject used = status.value(u"used"_s).toObject();
        for (auto it = hard.begin(); it != hard.end(); ++it) {
            QuotaItem item;
            item.quotaName = name;
            item.resource = it.key();
            item.hard = pd::kube::Quantity::fromJson(it.value()).value_or(pd::kube::Quantity());
            item.used = pd::kube::Quantity::fromJson(used.value(it.key())).value_or(pd::kube::Quantity());
            items.append(item);
        }
    }
    return items;
}

} // namespace

EnvironmentBuilder::EnvironmentBuilder(Clock clock)
    : m_clock(std::move(clock))
{
}

QDateTime EnvironmentBuilder::now() const
{
    return m_clock ? m_clock().toUTC() : QDateTime::currentDateTimeUtc();
}

bool EnvironmentBuilder::isEnvironment(const QJsonObject &namespaceObject)
{
    const QJsonObject metadata = namespaceObject.value(u"metadata"_s).toObject();
    if (isSystemNamespace(metadata.value(u"name"_s).toString()))
        return false;
    // The role label alone makes an environment: managed-by=previewdesk is also on
    // PreviewDesk's own system namespace, which is none.
    const QString role = metadata.value(u"labels"_s)[QString(contract::RoleLabel)].toString();
    return role == contract::RoleSource || role == contract::RolePreview;
}

QDateTime EnvironmentBuilder::parseRfc3339(const QString &text)
{
    if (text.isEmpty())
        return {};
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(text, Qt::ISODate);
    // RFC 3339 always carries an offset; without one the value is not RFC 3339.
    if (!time.isValid() || time.timeSpec() == Qt::LocalTime)
        return {};
    return time.toUTC();
}

QDateTime EnvironmentBuilder::parseJanitorExpires(const QString &text)
{
    const QString trimmed = text.trimmed();
    for (const auto &format : {u"yyyy-MM-ddTHH:mm:ssZ"_s, u"yyyy-MM-ddTHH:mm"_s, u"yyyy-MM-dd"_s}) {
        QString value = trimmed;
        QString pattern = format;
        if (format.endsWith(u'Z')) {
            if (!value.endsWith(u'Z'))
                continue;
            value.chop(1);
            pattern.chop(1);
        }
        QDateTime time = QDateTime::fromString(value, pattern);
        if (time.isValid()) {
            time.setTimeZone(QTimeZone::utc());
            return time;
        }
    }
    return {};
}

std::optional<std::chrono::seconds> EnvironmentBuilder::parseJanitorTtl(const QString &text)
{
    static const QRegularExpression pattern(u"^([0-9]+)([smhdw])$"_s);
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;   // "forever" and anything malformed: no expiry
    bool ok = false;
    const qint64 count = match.captured(1).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    const QChar unit = match.captured(2).at(0);
    qint64 factor = 1;
    if (unit == u'm')
        factor = 60;
    else if (unit == u'h')
        factor = 3600;
    else if (unit == u'd')
        factor = 86400;
    else if (unit == u'w')
        factor = 7 * 86400;
    return std::chrono::seconds(count * factor);
}

WorkloadInfo EnvironmentBuilder::workload(const QString &kind, const QJsonObject &object) const
{
    const QJsonObject metadata = object.value(u"metadata"_s).toObject();
    const QJsonObject spec = object.value(u"spec"_s).toObject();
    const QJsonObject status = object.value(u"status"_s).toObject();

    WorkloadInfo info;
    info.kind = kind;
    info.name = metadata.value(u"name"_s).toString();
    info.desired = spec.contains(u"replicas"_s) ? spec.value(u"replicas"_s).toInt() : 1;
    info.ready = status.value(u"readyReplicas"_s).toInt();
    info.updated = status.contains(u"updatedReplicas"_s) ? status.value(u"updatedReplicas"_s).toInt() : info.ready;
    const QJsonArray containers = spec.value(u"template"_s)[u"spec"_s][u"containers"_s].toArray();
    for (const QJsonValue &container : containers)
        info.images.append(container[u"image"_s].toString());

    if (info.desired == 0) {
        info.state = EnvironmentState::ScaledDown;
        return info;
    }
    const QJsonArray conditions = status.value(u"conditions"_s).toArray();
    const QString failure = failingCondition(conditions);
    if (!failure.isEmpty()) {
        info.state = EnvironmentState::Degraded;
        info.message = failure;
        return info;
    }
    const qint64 generation = metadata.value(u"generation"_s).toInteger();
    const qint64 observed = status.value(u"observedGeneration"_s).toInteger(generation);
    if (info.ready >= info.desired && info.updated >= info.desired && observed >= generation) {
        info.state = EnvironmentState::Healthy;
        return info;
    }
    // Not there yet: rolling out within its deadline, or stuck past it.
    QDateTime since = parseRfc3339(metadata.value(u"creationTimestamp"_s).toString());
    const QDateTime conditionTime = lastProgress(conditions);
    if (conditionTime.isValid() && (!since.isValid() || conditionTime > since))
        since = conditionTime;
    const qint64 deadline = spec.value(u"progressDeadlineSeconds"_s).toInteger(defaultProgressDeadline.count());
    const qint64 waited = since.isValid() ? since.secsTo(now()) : 0;
    const QString readiness = QString::number(info.ready) % u'/' % QString::number(info.desired) % u" ready"_s;
    if (waited > deadline) {
        info.state = EnvironmentState::Degraded;
        info.message = readiness % u" for "_s % ageText(waited);
    } else {
        info.state = EnvironmentState::Progressing;
        info.message = readiness;
    }
    return info;
}

std::optional<Environment> EnvironmentBuilder::build(const EnvironmentInputs &inputs) const
{
    const QJsonObject &ns = inputs.namespaceObject;
    if (!isEnvironment(ns))
        return std::nullopt;
    const QJsonObject metadata = ns.value(u"metadata"_s).toObject();
    const QDateTime current = now();

    Environment env;
    env.name = metadata.value(u"name"_s).toString();
    env.labels = stringMap(metadata.value(u"labels"_s).toObject());
    env.annotations = stringMap(metadata.value(u"annotations"_s).toObject());
    env.annotations.remove(lastAppliedAnnotation);   // kubectl's copy of the object: not the environment's
    env.role = env.labels.value(contract::RoleLabel) == contract::RoleSource ? EnvironmentRole::Source : EnvironmentRole::Preview;
    env.environmentName = env.labels.value(contract::EnvironmentLabel, env.name);
    env.pr = env.labels.value(contract::PrLabel);
    env.branch = env.labels.value(contract::BranchLabel);
    env.owner = env.labels.value(contract::OwnerLabel);
    env.isProtected = env.labels.value(contract::ProtectedLabel) == "true"_L1;
    env.mode = env.annotations.value(contract::ModeAnnotation);
    env.parent = env.annotations.value(contract::ParentAnnotation);
    env.renewedAt = parseRfc3339(env.annotations.value(contract::RenewedAtAnnotation));
    env.parentUid = env.annotations.value(contract::ParentUidAnnotation);
    env.created = parseRfc3339(metadata.value(u"creationTimestamp"_s).toString());

    const Expiry expiry = effectiveExpiry(metadata);
    env.expiresAt = expiry.at;
    env.expirySource = expiry.source;

    for (const QJsonObject &object : inputs.deployments)
        env.workloads.append(workload(u"Deployment"_s, object));
    for (const QJsonObject &object : inputs.statefulSets)
        env.workloads.append(workload(u"StatefulSet"_s, object));
    std::sort(env.workloads.begin(), env.workloads.end(), [](const WorkloadInfo &a, const WorkloadInfo &b) {
        return a.name != b.name ? a.name < b.name : a.kind < b.kind;
    });
    env.ingressUrls = ingressUrls(inputs.ingresses);
    const QString annotatedUrl = env.annotations.value(contract::UrlAnnotation);
    if (!annotatedUrl.isEmpty())
        env.url = QUrl(annotatedUrl);
    else if (!env.ingressUrls.isEmpty())
        env.url = env.ingressUrls.first().url;
    env.quotas = quotaItems(inputs.resourceQuotas);

    env.terminating = metadata.contains(u"deletionTimestamp"_s)
            || ns.value(u"status"_s)[u"phase"_s].toString() == u"Terminating"_s;
    applyHealth(env, {}, current);
    return env;
}

} // namespace pd::core
