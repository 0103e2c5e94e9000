#include "workinghours.h"

#include <QStringList>
#include <QTimeZone>

namespace pd::core {

namespace {

int weekdayIndex(const QString &name)
{
    static const char *const names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    for (int i = 0; i < 7; ++i) {
        if (name.compare(QLatin1String(names[i]), Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

// "07:30" -> 450; -1 when malformed.
int parseClock(const QString &text)
{
    if (text.size() != 5 || text.at(2) != u':')
        return -1;
    bool okHours = false;
    bool okMinutes = false;
    const int hours = text.left(2).toInt(&okHours);
    const int minutes = text.mid(3).toInt(&okMinutes);
    if (!okHours || !okMinutes || !text.at(0).isDigit() || !text.at(3).isDigit() || hours > 23 || minutes > 59)
        return -1;
    return hours * 60 + minutes;
}

QString cronAt(int minutes, const QString &weekdays)
{
    return QStringLiteral("%1 %2 * * %3").arg(minutes % 60).arg(minutes / 60).arg(weekdays);
}

} // namespace

bool isIanaTimeZone(const QString &id)
{
    if (id.isEmpty() || !QTimeZone::isTimeZoneIdAvailable(id.toUtf8()))
        return false;
    // Offsets such as "UTC+02:00" are Qt ids, not IANA names.
    return id == QLatin1String("UTC") || (id.contains(u'/') && !id.contains(u'+') && !id.contains(u':'));
}

std::optional<WorkingHours> WorkingHours::parse(const QString &text, QString *error)
{
    QString scratch;
    QString &err = error ? *error : scratch;
    const QString trimmed = text.trimmed();
    const QStringList parts = trimmed.simplified().split(u' ', Qt::SkipEmptyParts);
    if (trimmed.contains(u',')) {
        err = QStringLiteral("'%1': only one window is supported (split several windows into several guardrails)").arg(trimmed);
        return std::nullopt;
    }
    if (parts.size() != 3) {
        err = QStringLiteral("'%1': expected 'DAYS HH:MM-HH:MM TIMEZONE', e.g. 'Mon-Fri 07:30-20:30 Europe/Berlin'").arg(trimmed);
        return std::nullopt;
    }
    WorkingHours hours;
    hours.m_text = trimmed;

    const QStringList days = parts.at(0).split(u'-');
    if (days.size() > 2) {
        err = QStringLiteral("days '%1': expected one weekday or a range such as Mon-Fri").arg(parts.at(0));
        return std::nullopt;
    }
    const int first = weekdayIndex(days.first());
    const int last = days.size() == 2 ? weekdayIndex(days.at(1)) : first;
    if (first < 0 || last < 0) {
        err = QStringLiteral("days '%1': weekdays are Mon, Tue, Wed, Thu, Fri, Sat, Sun").arg(parts.at(0));
        return std::nullopt;
    }
    if (first == last)
        hours.m_weekdays = QString::number(first);
    else if (first < last)
        hours.m_weekdays = QStringLiteral("%1-%2").arg(first).arg(last);
    else {
        QStringList list;
        // Wraps past Saturday: Fri-Mon is 5,6,0,1 and Mon-Sun all seven days.
        for (int d = first;; d = (d + 1) % 7) {
            list << QString::number(d);
            if (d == last)
                break;
        }
        hours.m_weekdays = list.join(u',');
    }

    const QStringList times = parts.at(1).split(u'-');
    if (times.size() != 2) {
        err = QStringLiteral("times '%1': expected HH:MM-HH:MM, e.g. 07:30-20:30").arg(parts.at(1));
        return std::nullopt;
    }
    hours.m_start = parseClock(times.at(0));
    hours.m_end = parseClock(times.at(1));
    if (hours.m_start < 0 || hours.m_end < 0) {
        err = QStringLiteral("times '%1': '%2' is not a time of day (HH:MM, 00:00 to 23:59)")
                  .arg(parts.at(1), hours.m_start < 0 ? times.at(0) : times.at(1));
        return std::nullopt;
    }
    if (hours.m_end <= hours.m_start) {
        err = QStringLiteral("times '%1': the end must be after the start on the same day (kube-downscaler has no overnight windows)")
                  .arg(parts.at(1));
        return std::nullopt;
    }

    hours.m_timeZone = parts.at(2);
    if (!isIanaTimeZone(hours.m_timeZone)) {
        err = QStringLiteral("time zone '%1' is not an IANA time zone name such as Europe/Berlin or UTC").arg(parts.at(2));
        return std::nullopt;
    }
    return hours;
}

QString WorkingHours::scaleUpSchedule() const
{
    return cronAt(m_start, m_weekdays);
}

QString WorkingHours::scaleDownSchedule() const
{
    return cronAt(m_end, m_weekdays);
}

} // namespace pd::core
