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

QString guardrailTimeText(const QDateTime &time, const QString &scheduleZone, const QTimeZone &local, bool withDate)
{
    if (!time.isValid())
        return {};
    const QDateTime mine = time.toTimeZone(local);
    QString text = mine.toString(withDate ? u"ddd yyyy-MM-dd HH:mm t"_s : u"ddd d MMM HH:mm t"_s);
    const QTimeZone zone(scheduleZone.toUtf8());
    if (!zone.isValid() || zone.offsetFromUtc(time) == local.offsetFromUtc(time))
        return text;
    const QDateTime theirs = time.toTimeZone(zone);
    // The day only when it is another day there.
    const QString format = theirs.date() == mine.date() ? u"HH:mm t"_s : u"ddd HH:mm t"_s;
    return text + u" ("_s + theirs.toString(format) + u' ' + scheduleZone + u')';
}

} // namespace pd::gui
