#include "cronschedule.h"

#include <QStringList>

namespace pd::sandbox::controllers {

using namespace Qt::Literals::StringLiterals;

namespace {

const QStringList kMonths{u"jan"_s, u"feb"_s, u"mar"_s, u"apr"_s, u"may"_s, u"jun"_s,
                          u"jul"_s, u"aug"_s, u"sep"_s, u"oct"_s, u"nov"_s, u"dec"_s};
const QStringList kDays{u"sun"_s, u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s, u"fri"_s, u"sat"_s};

std::optional<int> number(const QString &text, const QStringList &names, int nameBase)
{
    const int index = names.indexOf(text.toLower());
    if (index >= 0)
        return index + nameBase;
    bool ok = false;
    const int n = text.toInt(&ok);
    return ok ? std::optional<int>(n) : std::nullopt;
}

// One field into a bit set; false on a malformed field or an out-of-range value.
bool parseField(const QString &field, int min, int max, const QStringList &names, int nameBase, quint64 *bits,
                bool *star)
{
    *bits = 0;
    *star = false;
    for (const QString &part : field.split(u',')) {
        QString range = part;
        int step = 1;
        if (const qsizetype slash = part.indexOf(u'/'); slash >= 0) {
            bool ok = false;
            step = part.mid(slash + 1).toInt(&ok);
            if (!ok || step <= 0)
                return false;
            range = part.left(slash);
        }
        int from = min, to = max;
        if (range == u"*"_s || range == u"?"_s) {
            if (step == 1)
                *star = true;
        } else if (const qsizetype dash = range.indexOf(u'-'); dash > 0) {
            const auto a = number(range.left(dash), names, nameBase);
            const auto b = number(range.mid(dash + 1), names, nameBase);
            if (!a || !b)
                return false;
            from = *a;
            to = *b;
        } else {
            const auto a = number(range, names, nameBase);
            if (!a)
                return false;
            from = *a;
            to = part.contains(u'/') ? max : *a;
        }
        if (from < min || to > max || from > to)
            return false;
        for (int v = from; v <= to; v += step)
            *bits |= quint64(1) << v;
    }
    return true;
}

} // namespace

std::optional<CronSchedule> CronSchedule::parse(const QString &spec, QString *error)
{
    QString text = spec.trimmed();
    static const QList<std::pair<QString, QString>> descriptors{
        {u"@yearly"_s, u"0 0 1 1 *"_s}, {u"@annually"_s, u"0 0 1 1 *"_s}, {u"@monthly"_s, u"0 0 1 * *"_s},
        {u"@weekly"_s, u"0 0 * * 0"_s}, {u"@daily"_s, u"0 0 * * *"_s},   {u"@midnight"_s, u"0 0 * * *"_s},
        {u"@hourly"_s, u"0 * * * *"_s}};
    for (const auto &[name, expansion] : descriptors) {
        if (text == name)
            text = expansion;
    }
    const QStringList fields = text.split(u' ', Qt::SkipEmptyParts);
    auto fail = [&](const QString &why) -> std::optional<CronSchedule> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (fields.size() != 5)
        return fail(u"expected exactly 5 fields, found %1: %2"_s.arg(fields.size()).arg(spec));
    CronSchedule s;
    quint64 bits = 0;
    bool star = false;
    if (!parseField(fields[0], 0, 59, {}, 0, &s.m_minutes, &star))
        return fail(u"invalid minute field: "_s + fields[0]);
    if (!parseField(fields[1], 0, 23, {}, 0, &bits, &star))
        return fail(u"invalid hour field: "_s + fields[1]);
    s.m_hours = quint32(bits);
    if (!parseField(fields[2], 1, 31, {}, 0, &bits, &s.m_daysStar))
        return fail(u"invalid day-of-month field: "_s + fields[2]);
    s.m_days = quint32(bits);
    if (!parseField(fields[3], 1, 12, kMonths, 1, &bits, &star))
        return fail(u"invalid month field: "_s + fields[3]);
    s.m_months = quint32(bits);
    if (!parseField(fields[4], 0, 7, kDays, 0, &bits, &s.m_weekdaysStar))
        return fail(u"invalid day-of-week field: "_s + fields[4]);
    if (bits & (quint64(1) << 7))
        bits = (bits | 1) & ~(quint64(1) << 7);
    s.m_weekdays = quint32(bits);
    return s;
}

QDateTime CronSchedule::next(const QDateTime &after, const QTimeZone &zone) const
{
    const QDateTime local = after.toTimeZone(zone);
    QDate day = local.date();
    QTime from = QTime(local.time().hour(), local.time().minute());
    for (int i = 0; i < 366 * 5; ++i, day = day.addDays(1), from = QTime(0, 0)) {
        if (!(m_months & (1u << day.month())))
            continue;
        const bool dom = m_days & (1u << day.day());
        const bool dow = m_weekdays & (1u << (day.dayOfWeek() % 7));
        const bool dayOk = (m_daysStar || m_weekdaysStar) ? (dom && dow) : (dom || dow);
        if (!dayOk)
            continue;
        for (int h = from.hour(); h < 24; ++h) {
            if (!(m_hours & (1u << h)))
                continue;
            for (int m = (h == from.hour() ? from.minute() : 0); m < 60; ++m) {
                if (!(m_minutes & (quint64(1) << m)))
                    continue;
                const QDateTime candidate(day, QTime(h, m), zone);
                if (candidate > after)
                    return candidate;
            }
        }
    }
    return {};
}

} // namespace pd::sandbox::controllers
