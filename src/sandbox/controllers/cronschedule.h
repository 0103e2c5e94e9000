#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace pd::sandbox::controllers {

// A CronJob schedule as the CronJob controller (robfig/cron) reads it: five
// fields (minute hour day-of-month month day-of-week) with `*`, `?`, lists,
// ranges, steps and names (jan-dec, sun-sat; 7 = Sunday), or one of @yearly
// @annually @monthly @weekly @daily @midnight @hourly. When both day fields are
// restricted a day matching either runs (classic cron).
class CronSchedule final
{
public:
    static std::optional<CronSchedule> parse(const QString &spec, QString *error = nullptr);

    // The first run strictly after `after`, in wall-clock time of `zone`
    // (invalid QDateTime when none within five years).
    QDateTime next(const QDateTime &after, const QTimeZone &zone) const;

private:
    quint64 m_minutes = 0;
    quint32 m_hours = 0;
    quint32 m_days = 0;     // bits 1..31
    quint32 m_months = 0;   // bits 1..12
    quint32 m_weekdays = 0; // bits 0..6, 0 = Sunday
    bool m_daysStar = false;
    bool m_weekdaysStar = false;
};

} // namespace pd::sandbox::controllers
