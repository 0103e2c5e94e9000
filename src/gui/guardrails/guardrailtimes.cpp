#include "guardrailtimes.h"

#include "core/guardrail/guardrail.h"
#include "core/guardrail/workinghours.h"

using namespace Qt::StringLiterals;

namespace pd::gui {

QString guardrailZone(const pd::core::Guardrail &guardrail)
{
    if (!guardrail.schedule.isWorkingHours())
        return guardrail.schedule.timeZone;
    const auto hours = pd::core::WorkingHours::parse(guardrail.schedule.workingHours);
    return hours ? hours->timeZone() : QString();
}

QString guardrailTimeText(const QDateTime &time, const QString &scheduleZone, const QTimeZone &local, TimeTextForm form)
{
    if (!time.isValid())
        return {};
    const QDateTime mine = time.toTimeZone(local);
    const bool full = form == TimeTextForm::Full;
    QString text = mine.toString(full ? u"ddd yyyy-MM-dd HH:mm t"_s : u"ddd d MMM HH:mm t"_s);
    const QTimeZone zone(scheduleZone.toUtf8());
    if (!zone.isValid() || zone.offsetFromUtc(time) == local.offsetFromUtc(time))
        return text;
    const QDateTime theirs = time.toTimeZone(zone);
    // The day only when it is another day there.
    const QString format = theirs.date() == mine.date() ? u"HH:mm t"_s : u"ddd HH:mm t"_s;
    return text + u" ("_s + theirs.toString(format) + (full ? u' ' + scheduleZone : QString()) + u')';
}

} // namespace pd::gui
