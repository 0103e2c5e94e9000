#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace pd::kube {

// A five-field cron schedule as a Kubernetes CronJob reads it (robfig/cron v3's
// standard parser): minute hour day-of-month month day-of-week; lists, ranges,
// steps, `*`/`?`, month and weekday names (JAN, mon; case-insensitive), and the
// descriptors @yearly @annually @monthly @weekly @daily @midnight @hourly.
// Day-of-month and day-of-week combine with OR when both are restricted and with
// AND when either starts with `*` (as Vixie cron and robfig do; `*/2` counts as
// restricted). Weekday 7 is rejected, as the CronJob API rejects it.
class CronExpression final
{
public:
    CronExpression() = default;

    // nullopt and *error (one specific sentence) when the text is not a schedule.
    static std::optional<CronExpression> parse(const QString &text, QString *error = nullptr);

    bool isValid() const { return m_minute != 0; }
    QString text() const { return m_text; }

    // The first activation strictly after `after`, computed in `zone` exactly as
    // robfig/cron's SpecSchedule.Next (so as the CronJob controller does):
    // a local time skipped by a spring-forward change does not run that day; a
    // local time repeated by a fall-back change runs twice (once per offset).
    // Invalid QDateTime when nothing matches within five years (30 Feb).
    QDateTime next(const QDateTime &after, const QTimeZone &zone) const;
    // `count` activations after `from`, each one in `zone`.
    QList<QDateTime> nextRuns(const QDateTime &from, int count, const QTimeZone &zone) const;

    friend bool operator==(const CronExpression &a, const CronExpression &b)
    {
        return a.m_minute == b.m_minute && a.m_hour == b.m_hour && a.m_dom == b.m_dom && a.m_month == b.m_month
            && a.m_dow == b.m_dow;
    }

private:
    bool dayMatches(int dayOfMonth, int dayOfWeek) const;

    QString m_text;
    quint64 m_minute = 0;
    quint64 m_hour = 0;
    quint64 m_dom = 0;
    quint64 m_month = 0;
    quint64 m_dow = 0;
};

} // namespace pd::kube
