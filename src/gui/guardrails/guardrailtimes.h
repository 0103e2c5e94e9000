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

// A guardrail time as the person reads it: in their own zone, with the schedule's zone
// beside it when the clocks differ there ("Fri 27 Mar 15:30 EDT (20:30 CET Europe/Berlin)").
// withDate adds the year ("Fri 2026-03-27 15:30 EDT"), for the next-runs list.
QString guardrailTimeText(const QDateTime &time, const QString &scheduleZone, const QTimeZone &local,
                          bool withDate = false);

} // namespace pd::gui
