#include "cronexpression.h"

#include <QDate>
#include <QHash>

namespace pd::kube {

namespace {

constexpr quint64 StarBit = quint64(1) << 63;
constexpr qint64 UnixEpochJulianDay = 2440588;

struct Bounds
{
    const char *field;
    int min;
    int max;
    const QHash<QString, int> *names;
};

const QHash<QString, int> &monthNames()
{
    static const QHash<QString, int> names{
        {QStringLiteral("jan"), 1}, {QStringLiteral("feb"), 2},  {QStringLiteral("mar"), 3},  {QStringLiteral("apr"), 4},
        {QStringLiteral("may"), 5}, {QStringLiteral("jun"), 6},  {QStringLiteral("jul"), 7},  {QStringLiteral("aug"), 8},
        {QStringLiteral("sep"), 9}, {QStringLiteral("oct"), 10}, {QStringLiteral("nov"), 11}, {QStringLiteral("dec"), 12}};
    return names;
}

const QHash<QString, int> &weekdayNames()
{
    static const QHash<QString, int> names{{QStringLiteral("sun"), 0}, {QStringLiteral("mon"), 1},
                                           {QStringLiteral("tue"), 2}, {QStringLiteral("wed"), 3},
                                           {QStringLiteral("thu"), 4}, {QStringLiteral("fri"), 5},
                                           {QStringLiteral("sat"), 6}};
    return names;
}

quint64 bits(int min, int max, int step)
{
    quint64 result = 0;
    for (int i = min; i <= max; i += step)
        result |= quint64(1) << i;
    return result;
}

bool parseValue(const QString &text, const Bounds &bounds, int *value, QString *error)
{
    if (bounds.names) {
        const auto it = bounds.names->constFind(text.toLower());
        if (it != bounds.names->constEnd()) {
            *value = it.value();
            return true;
        }
    }
    bool ok = false;
    const int number = text.toInt(&ok);
    if (!ok || text.startsWith(u'+')) {
        *error = bounds.names ? QStringLiteral("%1: '%2' is neither a number nor a name such as %3")
                                    .arg(QLatin1String(bounds.field), text,
                                         bounds.names == &monthNames() ? QStringLiteral("JAN") : QStringLiteral("MON"))
                              : QStringLiteral("%1: '%2' is not a number").arg(QLatin1String(bounds.field), text);
        return false;
    }
    if (number < 0) {
        *error = QStringLiteral("%1: negative number %2 is not allowed").arg(QLatin1String(bounds.field), text);
        return false;
    }
    *value = number;
    return true;
}

// One comma-separated item: `*`, `?`, N, N-M, with an optional /STEP ("N/STEP" = N-max/STEP).
bool parseRange(const QString &expr, const Bounds &bounds, quint64 *result, QString *error)
{
    const QStringList rangeAndStep = expr.split(u'/');
    if (rangeAndStep.size() > 2) {
        *error = QStringLiteral("%1: too many slashes in '%2'").arg(QLatin1String(bounds.field), expr);
        return false;
    }
    const QStringList lowAndHigh = rangeAndStep.first().split(u'-');
    int start = 0;
    int end = 0;
    quint64 extra = 0;
    if (lowAndHigh.first() == QLatin1String("*") || lowAndHigh.first() == QLatin1String("?")) {
        if (lowAndHigh.size() > 1) {
            *error = QStringLiteral("%1: '%2' mixes '*' with a range").arg(QLatin1String(bounds.field), expr);
            return false;
        }
        start = bounds.min;
        end = bounds.max;
        extra = StarBit;
    } else {
        if (lowAndHigh.size() > 2) {
            *error = QStringLiteral("%1: too many hyphens in '%2'").arg(QLatin1String(bounds.field), expr);
            return false;
        }
        if (lowAndHigh.contains(QString())) {
            *error = QStringLiteral("%1: '%2' is missing a number").arg(QLatin1String(bounds.field), expr);
            return false;
        }
        if (!parseValue(lowAndHigh.first(), bounds, &start, error))
            return false;
        end = start;
        if (lowAndHigh.size() == 2 && !parseValue(lowAndHigh.at(1), bounds, &end, error))
            return false;
    }
    int step = 1;
    if (rangeAndStep.size() == 2) {
        bool ok = false;
        step = rangeAndStep.at(1).toInt(&ok);
        if (!ok || step <= 0) {
            *error = QStringLiteral("%1: the step in '%2' must be a positive number").arg(QLatin1String(bounds.field), expr);
            return false;
        }
        if (lowAndHigh.size() == 1)
            end = bounds.max;
        if (step > 1)
            extra = 0;
    }
    if (start < bounds.min) {
        *error = QStringLiteral("%1: %2 is below the minimum %3").arg(QLatin1String(bounds.field)).arg(start).arg(bounds.min);
        return false;
    }
    if (end > bounds.max) {
        *error = QStringLiteral("%1: %2 is above the maximum %3").arg(QLatin1String(bounds.field)).arg(end).arg(bounds.max);
        if (bounds.names == &weekdayNames() && end == 7)
            *error += QStringLiteral(" (write Sunday as 0 or SUN)");
        return false;
    }
    if (start > end) {
        *error = QStringLiteral("%1: range '%2' starts after it ends").arg(QLatin1String(bounds.field), expr);
        return false;
    }
    *result |= bits(start, end, step) | extra;
    return true;
}

bool parseField(const QString &field, const Bounds &bounds, quint64 *result, QString *error)
{
    *result = 0;
    const QStringList items = field.split(u',');
    for (const QString &item : items) {
        if (item.isEmpty()) {
            *error = QStringLiteral("%1: empty item in '%2'").arg(QLatin1String(bounds.field), field);
            return false;
        }
        if (!parseRange(item, bounds, result, error))
            return false;
    }
    return true;
}

// --- Go's time package, as far as robfig/cron's Next relies on it -----------------

struct Local
{
    int year;
    int month;
    int day;
    int hour;
    int minute;
    int second;
    int weekday; // 0 = Sunday
};

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

class GoClock final
{
public:
    explicit GoClock(const QTimeZone &zone)
        : m_zone(zone)
    {
    }

    int offsetAt(qint64 epoch) const
    {
        return m_zone.offsetFromUtc(QDateTime::fromSecsSinceEpoch(epoch, QTimeZone::utc()));
    }

    Local local(qint64 epoch) const
    {
        const qint64 wall = epoch + offsetAt(epoch);
        const qint64 days = floorDiv(wall, 86400);
        const qint64 secs = wall - days * 86400;
        const QDate date = QDate::fromJulianDay(days + UnixEpochJulianDay);
        return Local{date.year(),     date.month(),        date.day(), int(secs / 3600), int(secs / 60 % 60),
                     int(secs % 60), date.dayOfWeek() % 7};
    }

    // time.Date: normalises overflowing fields, then picks the offset the way Go
    // does for skipped and repeated wall times.
    qint64 date(int year, int month, int day, int hour, int minute, int second) const
    {
        const int m0 = month - 1;
        year += int(floorDiv(m0, 12));
        const int normalisedMonth = int(m0 - floorDiv(m0, 12) * 12) + 1;
        const qint64 days = QDate(year, normalisedMonth, 1).toJulianDay() - UnixEpochJulianDay + day - 1;
        const qint64 wall = days * 86400 + qint64(hour) * 3600 + qint64(minute) * 60 + second;
        int offset = offsetAt(wall);
        const int atGuess = offsetAt(wall - offset);
        if (atGuess != offset)
            offset = atGuess;
        return wall - offset;
    }

private:
    QTimeZone m_zone;
};

bool has(quint64 set, int bit)
{
    return (set & (quint64(1) << bit)) != 0;
}

} // namespace

std::optional<CronExpression> CronExpression::parse(const QString &text, QString *error)
{
    QString scratch;
    QString &err = error ? *error : scratch;
    const QString spec = text.trimmed();
    if (spec.isEmpty()) {
        err = QStringLiteral("the schedule is empty");
        return std::nullopt;
    }
    if (spec.startsWith(QLatin1String("TZ=")) || spec.startsWith(QLatin1String("CRON_TZ="))) {
        err = QStringLiteral("put the time zone in the time zone field, not in the schedule (Kubernetes rejects TZ= in a CronJob schedule)");
        return std::nullopt;
    }
    CronExpression cron;
    cron.m_text = spec;
    if (spec.startsWith(u'@')) {
        const quint64 allDom = bits(1, 31, 1) | StarBit;
        const quint64 allMonths = bits(1, 12, 1) | StarBit;
        const quint64 allDow = bits(0, 6, 1) | StarBit;
        cron.m_minute = 1;
        cron.m_hour = 1;
        cron.m_dom = allDom;
        cron.m_month = allMonths;
        cron.m_dow = allDow;
        if (spec == QLatin1String("@yearly") || spec == QLatin1String("@annually")) {
            cron.m_dom = quint64(1) << 1;
            cron.m_month = quint64(1) << 1;
        } else if (spec == QLatin1String("@monthly")) {
            cron.m_dom = quint64(1) << 1;
        } else if (spec == QLatin1String("@weekly")) {
            cron.m_dow = 1;
        } else if (spec == QLatin1String("@daily") || spec == QLatin1String("@midnight")) {
        } else if (spec == QLatin1String("@hourly")) {
            cron.m_hour = bits(0, 23, 1) | StarBit;
        } else if (spec.startsWith(QLatin1String("@every"))) {
            err = QStringLiteral("'@every' intervals are not supported; write the interval as five fields (*/15 * * * *)");
            return std::nullopt;
        } else {
            err = QStringLiteral("unknown descriptor '%1' (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)")
                      .arg(spec);
            return std::nullopt;
        }
        return cron;
    }
    const QStringList words = spec.simplified().split(u' ');
    if (words.size() != 5) {
        err = QStringLiteral("expected 5 fields (minute hour day-of-month month day-of-week), found %1: '%2'")
                  .arg(words.size())
                  .arg(spec);
        return std::nullopt;
    }
    static const Bounds minute{"minute", 0, 59, nullptr};
    static const Bounds hour{"hour", 0, 23, nullptr};
    static const Bounds dom{"day of month", 1, 31, nullptr};
    static const Bounds month{"month", 1, 12, &monthNames()};
    static const Bounds dow{"day of week", 0, 6, &weekdayNames()};
    if (!parseField(words.at(0), minute, &cron.m_minute, &err) || !parseField(words.at(1), hour, &cron.m_hour, &err)
        || !parseField(words.at(2), dom, &cron.m_dom, &err) || !parseField(words.at(3), month, &cron.m_month, &err)
        || !parseField(words.at(4), dow, &cron.m_dow, &err))
        return std::nullopt;
    return cron;
}

bool CronExpression::dayMatches(int dayOfMonth, int dayOfWeek) const
{
    const bool domMatch = has(m_dom, dayOfMonth);
    const bool dowMatch = has(m_dow, dayOfWeek);
    if ((m_dom & StarBit) || (m_dow & StarBit))
        return domMatch && dowMatch;
    return domMatch || dowMatch;
}

// A transcription of robfig/cron v3 SpecSchedule.Next (seconds fixed at 0), with
// Go's time arithmetic: Add moves absolute time, Date/AddDate work on wall time.
QDateTime CronExpression::next(const QDateTime &after, const QTimeZone &zone) const
{
    if (!isValid() || !after.isValid() || !zone.isValid())
        return {};
    const GoClock clock(zone);
    qint64 t = floorDiv(after.toMSecsSinceEpoch(), 1000) + 1;
    bool added = false;
    const int yearLimit = clock.local(t).year + 5;
    Local l{};

wrap:
    l = clock.local(t);
    if (l.year > yearLimit)
        return {};

    while (!has(m_month, l.month)) {
        if (!added) {
            added = true;
            t = clock.date(l.year, l.month, 1, 0, 0, 0);
            l = clock.local(t);
        }
        t = clock.date(l.year, l.month + 1, l.day, l.hour, l.minute, l.second);
        l = clock.local(t);
        if (l.month == 1)
            goto wrap;
    }

    while (!dayMatches(l.day, l.weekday)) {
        if (!added) {
            added = true;
            t = clock.date(l.year, l.month, l.day, 0, 0, 0);
            l = clock.local(t);
        }
        t = clock.date(l.year, l.month, l.day + 1, l.hour, l.minute, l.second);
        l = clock.local(t);
        // Midnight may not exist (DST at 00:00): move back onto the day's start.
        if (l.hour != 0) {
            t += l.hour > 12 ? qint64(24 - l.hour) * 3600 : -qint64(l.hour) * 3600;
            l = clock.local(t);
        }
        if (l.day == 1)
            goto wrap;
    }

    while (!has(m_hour, l.hour)) {
        if (!added) {
            added = true;
            t = clock.date(l.year, l.month, l.day, l.hour, 0, 0);
        }
        t += 3600;
        l = clock.local(t);
        if (l.hour == 0)
            goto wrap;
    }

    while (!has(m_minute, l.minute)) {
        if (!added) {
            added = true;
            t -= t - floorDiv(t, 60) * 60;
        }
        t += 60;
        l = clock.local(t);
        if (l.minute == 0)
            goto wrap;
    }

    // The standard parser fixes seconds at 0.
    // (robfig steps one second at a time up to the next minute; jumping there is the same.)
    if (l.second != 0) {
        added = true;
        t += 60 - l.second;
        goto wrap;
    }

    return QDateTime::fromSecsSinceEpoch(t, zone);
}

QList<QDateTime> CronExpression::nextRuns(const QDateTime &from, int count, const QTimeZone &zone) const
{
    QList<QDateTime> runs;
    QDateTime cursor = from;
    for (int i = 0; i < count; ++i) {
        cursor = next(cursor, zone);
        if (!cursor.isValid())
            break;
        runs.append(cursor);
    }
    return runs;
}

} // namespace pd::kube
