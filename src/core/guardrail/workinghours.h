#pragma once

#include <QString>

#include <optional>

namespace pd::core {

// A working-hours window in kube-downscaler's form (`downscaler/uptime`):
// `Mon-Fri 07:30-20:30 Europe/Berlin` — a weekday or weekday range (a range may
// wrap, Fri-Mon), a start and an end time (HH:MM, end after start within the day)
// and an IANA time zone. Previews run inside the window: scale up at its start,
// scale down at its end.
class WorkingHours final
{
public:
    // nullopt and *error (what is wrong and where) when the text is not a window.
    static std::optional<WorkingHours> parse(const QString &text, QString *error = nullptr);

    QString text() const { return m_text; }
    // Cron day-of-week field: "1-5", or "5,6,0,1" for a wrapping range.
    QString weekdays() const { return m_weekdays; }
    int startMinutes() const { return m_start; } // minutes after midnight
    int endMinutes() const { return m_end; }
    QString timeZone() const { return m_timeZone; }

    // "30 7 * * 1-5": when previews come up.
    QString scaleUpSchedule() const;
    // "30 20 * * 1-5": when they go down.
    QString scaleDownSchedule() const;

    friend bool operator==(const WorkingHours &, const WorkingHours &) = default;

private:
    QString m_text;
    QString m_weekdays;
    int m_start = 0;
    int m_end = 0;
    QString m_timeZone;
};

// True when `id` names an IANA time zone this system knows ("Europe/Berlin", "UTC").
bool isIanaTimeZone(const QString &id);

} // namespace pd::core
