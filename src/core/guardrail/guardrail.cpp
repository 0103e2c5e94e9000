#include "guardrail.h"

#include <algorithm>

#include "core/contract.h"
#include "core/environment/mutationguard.h"
#include "kube/cronexpression.h"

#include "workinghours.h"

#include "kube/labelselector.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace pd::core {

namespace {

using namespace pd::core::contract;

bool isDnsLabel(const QString &name, int maxLength)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    return !name.isEmpty() && name.size() <= maxLength && pattern.match(name).hasMatch();
}

std::nullopt_t typeError(QString *error, const QString &field, const char *expected)
{
    if (error)
        *error = QStringLiteral("guardrail field '%1' must be %2").arg(field, QLatin1String(expected));
    return std::nullopt;
}

bool checkKeys(const QJsonObject &object, const QSet<QString> &allowed, const QString &where, QString *error)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!allowed.contains(it.key())) {
            if (error)
                *error = QStringLiteral("unknown guardrail field '%1%2'").arg(where, it.key());
            return false;
        }
    }
    return true;
}

// Every guardrail acts on unprotected managed previews only (mutationRefusal): a selector
// that tries to reach sources, protected or unmanaged namespaces is refused rather than
// quietly emptied.
void validateTargetSelector(const pd::kube::LabelSelector &selector, QStringList *problems)
{
    using Op = pd::kube::LabelRequirement::Operator;
    for (const pd::kube::LabelRequirement &r : selector.requirements()) {
        const bool equalsOne = (r.op == Op::Equals || r.op == Op::DoubleEquals || r.op == Op::In) && r.values.size() == 1;
        if (r.key == RoleLabel && !(equalsOne && r.values.first() == RolePreview))
            problems->append(QStringLiteral("target selector term '%1': sources can never be the target of a guardrail "
                                            "(only %2=%3 may appear)")
                                 .arg(r.toString(), RoleLabel, RolePreview));
        else if (r.key == ProtectedLabel)
            problems->append(QStringLiteral("target selector term '%1': protected previews can never be the target of "
                                            "a guardrail (%2 may not appear)")
                                 .arg(r.toString(), ProtectedLabel));
        else if (r.key == ManagedByLabel && !(equalsOne && r.values.first() == ManagedByValue))
            problems->append(QStringLiteral("target selector term '%1': only namespaces managed by PreviewDesk can be "
                                            "the target of a guardrail")
                                 .arg(r.toString()));
    }
}

} // namespace

QString guardrailActionName(GuardrailAction action)
{
    switch (action) {
    case GuardrailAction::ScaleDown:
        return QStringLiteral("scale-down");
    case GuardrailAction::ScaleUp:
        return QStringLiteral("scale-up");
    case GuardrailAction::Destroy:
        return QStringLiteral("destroy");
    case GuardrailAction::Sweep:
        return QStringLiteral("sweep");
    }
    return {};
}

std::optional<GuardrailAction> guardrailActionFromName(const QString &name)
{
    for (GuardrailAction a : {GuardrailAction::ScaleDown, GuardrailAction::ScaleUp, GuardrailAction::Destroy, GuardrailAction::Sweep}) {
        if (guardrailActionName(a) == name)
            return a;
    }
    return std::nullopt;
}

qint64 parseGuardrailDuration(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^([0-9]{1,7})([smhdw])$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return -1;
    const qint64 n = match.captured(1).toLongLong();
    switch (match.captured(2).at(0).unicode()) {
    case 's':
        return n;
    case 'm':
        return n * 60;
    case 'h':
        return n * 3600;
    case 'd':
        return n * 86400;
    default:
        return n * 7 * 86400;
    }
}

QString guardrailSafetySelector(GuardrailAction action)
{
    Q_UNUSED(action); // the same for every action: no guardrail touches a source or protected namespace
    return QStringLiteral("%1=%2,%3=%4,%5!=true").arg(ManagedByLabel, ManagedByValue, RoleLabel, RolePreview, ProtectedLabel);
}

qint64 Guardrail::noticeSeconds() const
{
    return notice.isEmpty() ? 0 : parseGuardrailDuration(notice);
}

QStringList Guardrail::validate() const
{
    QStringList problems;
    if (name.isEmpty())
        problems << QStringLiteral("the guardrail needs a name");
    else if (!isDnsLabel(name, MaxNameLength))
        problems << QStringLiteral("name '%1' must be at most %2 lower-case letters, digits and '-', starting and ending "
                                   "with a letter or digit")
                        .arg(name)
                        .arg(MaxNameLength);

    if (!target.selector.isEmpty() && !target.environments.isEmpty())
        problems << QStringLiteral("the target is either a label selector or a list of environments, not both");
    if (!target.selector.isEmpty()) {
        QString error;
        const auto selector = pd::kube::LabelSelector::parse(target.selector, &error);
        if (!selector)
            problems << QStringLiteral("target selector '%1': %2").arg(target.selector, error);
        else
            validateTargetSelector(*selector, &problems);
    }
    for (const QString &environment : target.environments) {
        if (!isDnsLabel(environment, 63))
            problems << QStringLiteral("target environment '%1' is not a namespace name").arg(environment);
        else if (environment == QLatin1String("default") || isSystemNamespace(environment))
            problems << QStringLiteral("target environment '%1' is a system namespace; guardrails act on previews only")
                            .arg(environment);
    }
    if (action == GuardrailAction::Destroy && target.selector.isEmpty() && target.environments.isEmpty())
        problems << QStringLiteral("destroy needs a target (a selector or environments); it never means 'every preview'");

    if (schedule.isWorkingHours()) {
        if (!schedule.cron.isEmpty())
            problems << QStringLiteral("the schedule is either a cron expression or a working-hours window, not both");
        QString error;
        if (!WorkingHours::parse(schedule.workingHours, &error))
            problems << QStringLiteral("working hours %1").arg(error);
        if (!schedule.timeZone.isEmpty())
            problems << QStringLiteral("a working-hours window carries its own time zone; leave timeZone empty");
        if (isDestructive())
            problems << QStringLiteral("a working-hours window applies to scale-down and scale-up; %1 needs a cron schedule")
                            .arg(guardrailActionName(action));
    } else if (schedule.cron.isEmpty()) {
        problems << QStringLiteral("the guardrail needs a schedule: a cron expression or a working-hours window");
    } else {
        QString error;
        if (!pd::kube::CronExpression::parse(schedule.cron, &error))
            problems << QStringLiteral("cron schedule '%1': %2").arg(schedule.cron, error);
        if (schedule.timeZone.isEmpty())
            problems << QStringLiteral("a cron schedule needs an IANA time zone (for example Europe/Berlin or UTC)");
        else if (!isIanaTimeZone(schedule.timeZone))
            problems << QStringLiteral("time zone '%1' is not an IANA time zone name such as Europe/Berlin or UTC")
                            .arg(schedule.timeZone);
    }

    if (!notice.isEmpty()) {
        if (!isDestructive())
            problems << QStringLiteral("a notice period applies to destroy and sweep only");
        else if (noticeSeconds() < 0)
            problems << QStringLiteral("notice period '%1' must be a number with s, m, h, d or w (e.g. 24h)").arg(notice);
    }
    return problems;
}

QJsonObject Guardrail::toJson() const
{
    QJsonObject json{{QStringLiteral("name"), name},
                     {QStringLiteral("enabled"), enabled},
                     {QStringLiteral("action"), guardrailActionName(action)}};
    QJsonObject targetJson;
    if (!target.selector.isEmpty())
        targetJson.insert(QStringLiteral("selector"), target.selector);
    if (!target.environments.isEmpty())
        targetJson.insert(QStringLiteral("environments"), QJsonArray::fromStringList(target.environments));
    json.insert(QStringLiteral("target"), targetJson);
    QJsonObject scheduleJson;
    if (!schedule.cron.isEmpty())
        scheduleJson.insert(QStringLiteral("cron"), schedule.cron);
    if (!schedule.timeZone.isEmpty())
        scheduleJson.insert(QStringLiteral("timeZone"), schedule.timeZone);
    if (!schedule.workingHours.isEmpty())
        scheduleJson.insert(QStringLiteral("workingHours"), schedule.workingHours);
    json.insert(QStringLiteral("schedule"), scheduleJson);
    if (!notice.isEmpty())
        json.insert(QStringLiteral("notice"), notice);
    return json;
}

std::optional<Guardrail> Guardrail::fromJson(const QJsonObject &json, QString *error)
{
    if (!checkKeys(json,
                   {QStringLiteral("apiVersion"), QStringLiteral("kind"), QStringLiteral("name"), QStringLiteral("enabled"),
                    QStringLiteral("action"), QStringLiteral("target"), QStringLiteral("schedule"), QStringLiteral("notice")},
                   {}, error))
        return std::nullopt;
    if (json.contains(QStringLiteral("kind")) && json.value(QStringLiteral("kind")).toString() != QLatin1String("Guardrail")) {
        if (error)
            *error = QStringLiteral("kind '%1' is not a Guardrail").arg(json.value(QStringLiteral("kind")).toString());
        return std::nullopt;
    }
    Guardrail g;
    auto readString = [&json](const QString &key, QString *out) {
        const QJsonValue v = json.value(key);
        if (v.isUndefined() || v.isNull())
            return true;
        if (!v.isString())
            return false;
        *out = v.toString();
        return true;
    };
    if (!readString(QStringLiteral("name"), &g.name))
        return typeError(error, QStringLiteral("name"), "a string");
    if (!readString(QStringLiteral("notice"), &g.notice))
        return typeError(error, QStringLiteral("notice"), "a duration string such as \"24h\"");
    const QJsonValue enabled = json.value(QStringLiteral("enabled"));
    if (!enabled.isUndefined() && !enabled.isBool())
        return typeError(error, QStringLiteral("enabled"), "true or false");
    g.enabled = enabled.toBool(true);

    QString actionName;
    if (!readString(QStringLiteral("action"), &actionName))
        return typeError(error, QStringLiteral("action"), "a string");
    const auto action = guardrailActionFromName(actionName);
    if (!action) {
        if (error)
            *error = QStringLiteral("guardrail action '%1' is not one of scale-down, scale-up, destroy, sweep").arg(actionName);
        return std::nullopt;
    }
    g.action = *action;

    const QJsonValue target = json.value(QStringLiteral("target"));
    if (!target.isUndefined() && !target.isObject())
        return typeError(error, QStringLiteral("target"), "an object");
    const QJsonObject t = target.toObject();
    if (!checkKeys(t, {QStringLiteral("selector"), QStringLiteral("environments")}, QStringLiteral("target."), error))
        return std::nullopt;
    if (t.contains(QStringLiteral("selector")) && !t.value(QStringLiteral("selector")).isString())
        return typeError(error, QStringLiteral("target.selector"), "a string");
    g.target.selector = t.value(QStringLiteral("selector")).toString();
    const QJsonValue environments = t.value(QStringLiteral("environments"));
    if (!environments.isUndefined() && !environments.isArray())
        return typeError(error, QStringLiteral("target.environments"), "a list of names");
    for (const QJsonValue &e : environments.toArray()) {
        if (!e.isString())
            return typeError(error, QStringLiteral("target.environments"), "a list of names");
        g.target.environments << e.toString();
    }

    const QJsonValue schedule = json.value(QStringLiteral("schedule"));
    if (!schedule.isUndefined() && !schedule.isObject())
        return typeError(error, QStringLiteral("schedule"), "an object");
    const QJsonObject s = schedule.toObject();
    if (!checkKeys(s, {QStringLiteral("cron"), QStringLiteral("timeZone"), QStringLiteral("workingHours")},
                   QStringLiteral("schedule."), error))
        return std::nullopt;
    for (const auto &[key, out] : {std::pair{QStringLiteral("cron"), &g.schedule.cron},
                                   std::pair{QStringLiteral("timeZone"), &g.schedule.timeZone},
                                   std::pair{QStringLiteral("workingHours"), &g.schedule.workingHours}}) {
        const QJsonValue v = s.value(key);
        if (!v.isUndefined() && !v.isString())
            return typeError(error, QStringLiteral("schedule.") + key, "a string");
        *out = v.toString();
    }
    return g;
}

ScaleDownAddition addToScaleDownGuardrail(const QList<Guardrail> &existing, const QStringList &names,
                                          const QString &timeZone)
{
    const auto merged = [&names](QStringList into) {
        for (const QString &name : names) {
            if (!into.contains(name))
                into << name;
        }
        return into;
    };
    for (const Guardrail &guardrail : existing) {
        if (guardrail.action == GuardrailAction::ScaleDown && !guardrail.target.environments.isEmpty()) {
            ScaleDownAddition addition{guardrail, true};
            addition.guardrail.target.environments = merged(guardrail.target.environments);
            return addition;
        }
    }
    const auto taken = [&existing](const QString &name) {
        return std::any_of(existing.cbegin(), existing.cend(), [&name](const Guardrail &g) { return g.name == name; });
    };
    ScaleDownAddition addition;
    addition.guardrail.name = QStringLiteral("idle-scale-down");
    for (int n = 2; taken(addition.guardrail.name); ++n)
        addition.guardrail.name = QStringLiteral("idle-scale-down-%1").arg(n);
    addition.guardrail.action = GuardrailAction::ScaleDown;
    addition.guardrail.target.environments = merged({});
    addition.guardrail.schedule.cron = QStringLiteral("0 20 * * *");
    addition.guardrail.schedule.timeZone = isIanaTimeZone(timeZone) ? timeZone : QStringLiteral("UTC");
    return addition;
}

} // namespace pd::core
