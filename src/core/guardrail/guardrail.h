#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace pd::core {

enum class GuardrailAction {
    ScaleDown, // every workload of the targets to zero, CronJobs suspended
    ScaleUp,   // back to the recorded replicas, CronJobs as they were
    Destroy,   // delete the target previews (after the notice period)
    Sweep,     // delete previews whose expiry has passed
};

// "scale-down", "scale-up", "destroy", "sweep".
QString guardrailActionName(GuardrailAction action);
std::optional<GuardrailAction> guardrailActionFromName(const QString &name);

// What a guardrail acts on: previews matched by a label selector, or previews named
// one by one (namespace names). Both empty: every preview. Whatever it says, the
// scripts only ever touch namespaces labelled as managed previews.
struct GuardrailTarget
{
    QString selector;
    QStringList environments;

    friend bool operator==(const GuardrailTarget &, const GuardrailTarget &) = default;
};

// A five-field cron schedule with its IANA time zone, or a working-hours window
// (`Mon-Fri 07:30-20:30 Europe/Berlin`, time zone inside; scale actions only).
struct GuardrailSchedule
{
    QString cron;
    QString timeZone;
    QString workingHours;

    bool isWorkingHours() const { return !workingHours.isEmpty(); }
    friend bool operator==(const GuardrailSchedule &, const GuardrailSchedule &) = default;
};

// A scheduled action on previews that runs in the cluster as a CronJob
// (guardrailrenderer.h). A value: compare, copy, round-trip through JSON.
struct Guardrail
{
    QString name; // DNS-1123 label, at most MaxNameLength characters
    bool enabled = true;
    GuardrailAction action = GuardrailAction::ScaleDown;
    GuardrailTarget target;
    GuardrailSchedule schedule;
    // Destroy and sweep: how long before deletion a notice Event goes onto the
    // namespace ("30m", "24h", "7d"); empty: no notice.
    QString notice;

    static constexpr int MaxNameLength = 37; // "guardrail-" + name + "-down" fits a CronJob name (52)

    bool isDestructive() const { return action == GuardrailAction::Destroy || action == GuardrailAction::Sweep; }
    // The notice period in seconds (0 without one, -1 when malformed).
    qint64 noticeSeconds() const;

    // Every problem, one specific sentence each; empty when the guardrail is valid.
    QStringList validate() const;

    // {"name","enabled","action","target":{"selector"|"environments"},
    //  "schedule":{"cron","timeZone"}|{"workingHours"},"notice"}
    QJsonObject toJson() const;
    // Structure and types only (an editor opens an invalid guardrail too; call validate()).
    // Unknown fields are errors; "apiVersion" and "kind": "Guardrail" are accepted for files.
    static std::optional<Guardrail> fromJson(const QJsonObject &json, QString *error = nullptr);

    friend bool operator==(const Guardrail &, const Guardrail &) = default;
};

// Where "add these previews to a scale-down guardrail" puts them. Guardrails name
// previews one by one in target.environments, so: the first scale-down guardrail in
// `existing` that already names its previews, with `names` added (none repeated);
// else a new one named "idle-scale-down" (a free variant when taken) for just them,
// every night at 20:00 in `timeZone` (UTC when that is no IANA name).
struct ScaleDownAddition
{
    Guardrail guardrail;
    bool existing = false;
};
ScaleDownAddition addToScaleDownGuardrail(const QList<Guardrail> &existing, const QStringList &names,
                                          const QString &timeZone);

// "90s", "30m", "24h", "7d", "2w" -> seconds; -1 when malformed.
qint64 parseGuardrailDuration(const QString &text);

// The labels every namespace a guardrail touches must carry (comma-separated
// selector terms): unprotected previews PreviewDesk manages, for every action.
QString guardrailSafetySelector(GuardrailAction action);

} // namespace pd::core
