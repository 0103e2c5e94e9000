#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace pd::core {
struct Guardrail;
}

namespace pd::gui {

// The IANA zone a guardrail's schedule runs in (the cron time zone, or the one a
// working-hours window names); empty when it has none.
QString guardrailZone(const pd::core::Guardrail &guardrail);

// Short: for a table whose Schedule column names the zone ("Fri 27 Mar 15:30 EDT (20:30 CET)");
// Full: with the year and the zone's name, for the next-runs list
// ("Fri 2026-03-27 15:30 EDT (20:30 CET Europe/Berlin)").
enum class TimeTextForm { Short, Full };

// A guardrail time as the person reads it: in their own zone, with the schedule's zone
// beside it when the clocks differ there.
QString guardrailTimeText(const QDateTime &time, const QString &scheduleZone, const QTimeZone &local,
                          TimeTextForm form = TimeTextForm::Short);

} // namespace pd::gui
