#pragma once
// The one table of cron rows that every user of pd::kube::CronExpression runs: the
// expression's own test, and the sandbox's CronJob controller, so the guardrail editor's
// "next runs" and the runs the demo cluster makes cannot drift apart. Rows follow
// robfig/cron v3 (what the Kubernetes CronJob controller uses).
#include <QStringList>
#include <QTest>

namespace pd::test {

// Columns: spec, zone, from, expected (ISO 8601 with the local offset in force).
inline void addCronNextRunRows()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QStringList>("expected"); // ISO 8601 with the local offset

    const QString ny = QStringLiteral("America/New_York");
    const QString berlin = QStringLiteral("Europe/Berlin");
    const QString utc = QStringLiteral("UTC");
    auto row = [](const char *name, const char *spec, const QString &zone, const char *from, QStringList expected) {
        QTest::newRow(name) << QString::fromLatin1(spec) << zone << QString::fromLatin1(from) << expected;
    };

    // robfig/cron spec_test.go, New York 2012 (spring forward 11 Mar, fall back 4 Nov).
    row("ny spring: 02:30 on the day is skipped to next year", "30 2 11 3 *", ny, "2012-03-11T00:00:00-05:00",
        {QStringLiteral("2013-03-11T02:30:00-04:00")});
    row("ny spring: hourly jumps 01:00 -> 03:00", "0 * * * *", ny, "2012-03-11T00:00:00-05:00",
        {QStringLiteral("2012-03-11T01:00:00-05:00"), QStringLiteral("2012-03-11T03:00:00-04:00"),
         QStringLiteral("2012-03-11T04:00:00-04:00"), QStringLiteral("2012-03-11T05:00:00-04:00")});
    row("ny spring: 1am nightly", "0 1 * * *", ny, "2012-03-11T00:00:00-05:00",
        {QStringLiteral("2012-03-11T01:00:00-05:00"), QStringLiteral("2012-03-12T01:00:00-04:00")});
    row("ny spring: 2am nightly skipped that day", "0 2 * * *", ny, "2012-03-11T00:00:00-05:00",
        {QStringLiteral("2012-03-12T02:00:00-04:00"), QStringLiteral("2012-03-13T02:00:00-04:00")});
    row("ny fall: 02:30 after the change", "30 2 4 11 *", ny, "2012-11-04T00:00:00-04:00",
        {QStringLiteral("2012-11-04T02:30:00-05:00")});
    row("ny fall: 01:30 repeated runs again", "30 1 4 11 *", ny, "2012-11-04T01:45:00-04:00",
        {QStringLiteral("2012-11-04T01:30:00-05:00")});
    row("ny fall: hourly runs 01:00 twice", "0 * * * *", ny, "2012-11-04T00:00:00-04:00",
        {QStringLiteral("2012-11-04T01:00:00-04:00"), QStringLiteral("2012-11-04T01:00:00-05:00"),
         QStringLiteral("2012-11-04T02:00:00-05:00")});
    row("ny fall: 1am nightly runs twice", "0 1 * * *", ny, "2012-11-04T00:00:00-04:00",
        {QStringLiteral("2012-11-04T01:00:00-04:00"), QStringLiteral("2012-11-04T01:00:00-05:00"),
         QStringLiteral("2012-11-05T01:00:00-05:00")});
    row("ny fall: 2am nightly once", "0 2 * * *", ny, "2012-11-04T00:00:00-04:00",
        {QStringLiteral("2012-11-04T02:00:00-05:00"), QStringLiteral("2012-11-05T02:00:00-05:00")});
    row("ny fall: 3am nightly once", "0 3 * * *", ny, "2012-11-04T00:00:00-04:00",
        {QStringLiteral("2012-11-04T03:00:00-05:00"), QStringLiteral("2012-11-05T03:00:00-05:00")});
    // New York 2026 (8 Mar, 1 Nov).
    row("ny 2026 spring: 02:30 daily skips the 8th", "30 2 * * *", ny, "2026-03-07T12:00:00-05:00",
        {QStringLiteral("2026-03-09T02:30:00-04:00"), QStringLiteral("2026-03-10T02:30:00-04:00")});
    row("ny 2026 fall: 01:30 daily runs twice on the 1st", "30 1 * * *", ny, "2026-10-31T12:00:00-04:00",
        {QStringLiteral("2026-11-01T01:30:00-04:00"), QStringLiteral("2026-11-01T01:30:00-05:00"),
         QStringLiteral("2026-11-02T01:30:00-05:00")});
    row("ny 2026 fall: every 20 minutes through the repeated hour", "*/20 * * * *", ny, "2026-11-01T01:30:00-04:00",
        {QStringLiteral("2026-11-01T01:40:00-04:00"), QStringLiteral("2026-11-01T01:00:00-05:00"),
         QStringLiteral("2026-11-01T01:20:00-05:00"), QStringLiteral("2026-11-01T01:40:00-05:00"),
         QStringLiteral("2026-11-01T02:00:00-05:00")});

    // Berlin 2026 (spring forward 29 Mar 02:00 -> 03:00, fall back 25 Oct 03:00 -> 02:00).
    row("berlin spring: 02:30 daily skips the 29th", "30 2 * * *", berlin, "2026-03-28T12:00:00+01:00",
        {QStringLiteral("2026-03-30T02:30:00+02:00"), QStringLiteral("2026-03-31T02:30:00+02:00")});
    row("berlin spring: half-hourly jumps 01:30 -> 03:00", "*/30 * * * *", berlin, "2026-03-29T01:00:00+01:00",
        {QStringLiteral("2026-03-29T01:30:00+01:00"), QStringLiteral("2026-03-29T03:00:00+02:00"),
         QStringLiteral("2026-03-29T03:30:00+02:00")});
    row("berlin spring: midnight daily", "0 0 * * *", berlin, "2026-03-28T12:00:00+01:00",
        {QStringLiteral("2026-03-29T00:00:00+01:00"), QStringLiteral("2026-03-30T00:00:00+02:00")});
    row("berlin spring: 03:00 on the day still runs", "0 3 29 3 *", berlin, "2026-03-29T00:00:00+01:00",
        {QStringLiteral("2026-03-29T03:00:00+02:00"), QStringLiteral("2027-03-29T03:00:00+02:00")});
    row("berlin fall: 02:30 daily runs twice on the 25th", "30 2 * * *", berlin, "2026-10-24T12:00:00+02:00",
        {QStringLiteral("2026-10-25T02:30:00+02:00"), QStringLiteral("2026-10-25T02:30:00+01:00"),
         QStringLiteral("2026-10-26T02:30:00+01:00")});
    row("berlin fall: hourly runs 02:00 twice", "0 * * * *", berlin, "2026-10-25T01:00:00+02:00",
        {QStringLiteral("2026-10-25T02:00:00+02:00"), QStringLiteral("2026-10-25T02:00:00+01:00"),
         QStringLiteral("2026-10-25T03:00:00+01:00")});
    row("berlin fall: 20:30 on weekdays unaffected", "30 20 * * 1-5", berlin, "2026-10-23T21:00:00+02:00",
        {QStringLiteral("2026-10-26T20:30:00+01:00"), QStringLiteral("2026-10-27T20:30:00+01:00")});
    row("berlin: working hours start over the spring change", "30 7 * * 1-5", berlin, "2026-03-27T08:00:00+01:00",
        {QStringLiteral("2026-03-30T07:30:00+02:00"), QStringLiteral("2026-03-31T07:30:00+02:00")});

    // Plain schedules (robfig/cron spec_test.go), in UTC.
    row("every 15 minutes", "*/15 * * * *", utc, "2012-07-09T14:45:00Z", {QStringLiteral("2012-07-09T15:00:00Z")});
    row("seconds are dropped", "*/15 * * * *", utc, "2012-07-09T14:59:59Z", {QStringLiteral("2012-07-09T15:00:00Z")});
    row("wrap around hours", "20-35/15 * * * *", utc, "2012-07-09T15:45:00Z",
        {QStringLiteral("2012-07-09T16:20:00Z"), QStringLiteral("2012-07-09T16:35:00Z"), QStringLiteral("2012-07-09T17:20:00Z")});
    row("wrap around days", "*/15 * * * *", utc, "2012-07-09T23:46:00Z", {QStringLiteral("2012-07-10T00:00:00Z")});
    row("step on hours", "20-35/15 1/2 * * *", utc, "2012-07-09T23:35:00Z", {QStringLiteral("2012-07-10T01:20:00Z")});
    row("step on days", "20-35/15 1/2 */2 * *", utc, "2012-07-09T23:35:00Z", {QStringLiteral("2012-07-11T01:20:00Z")});
    row("wrap around years", "0 0 * 2 1", utc, "2012-07-09T23:35:00Z", {QStringLiteral("2013-02-04T00:00:00Z")});
    row("weekday step", "0 0 * 2 1/2", utc, "2012-07-09T23:35:00Z", {QStringLiteral("2013-02-01T00:00:00Z")});
    row("leap day", "0 0 29 2 *", utc, "2012-07-09T23:35:00Z", {QStringLiteral("2016-02-29T00:00:00Z")});
    row("new year", "0 0 1 1 *", utc, "2026-12-31T23:59:59Z", {QStringLiteral("2027-01-01T00:00:00Z")});
    row("dom and dow both restricted: OR", "0 0 1,15 * SUN", utc, "2012-07-01T12:00:00Z",
        {QStringLiteral("2012-07-08T00:00:00Z"), QStringLiteral("2012-07-15T00:00:00Z"), QStringLiteral("2012-07-22T00:00:00Z")});
    row("dom step counts as restricted: OR", "0 0 */10 * SUN", utc, "2012-07-09T12:00:00Z",
        {QStringLiteral("2012-07-11T00:00:00Z"), QStringLiteral("2012-07-15T00:00:00Z"), QStringLiteral("2012-07-21T00:00:00Z")});
    row("dom star: AND with dow", "0 0 * * SUN", utc, "2012-07-09T12:00:00Z", {QStringLiteral("2012-07-15T00:00:00Z")});
    row("dom question mark is a star", "0 0 ? * SUN", utc, "2012-07-09T12:00:00Z", {QStringLiteral("2012-07-15T00:00:00Z")});
    row("month and weekday names, ranges", "0 9 * JAN-MAR MON-FRI", utc, "2026-03-31T10:00:00Z",
        {QStringLiteral("2027-01-01T09:00:00Z"), QStringLiteral("2027-01-04T09:00:00Z")});
    row("lower-case names and lists", "0 12 * * mon,wed", utc, "2026-11-26T00:00:00Z",
        {QStringLiteral("2026-11-30T12:00:00Z"), QStringLiteral("2026-12-02T12:00:00Z")});
    row("@hourly", "@hourly", utc, "2026-11-26T09:15:00Z", {QStringLiteral("2026-11-26T10:00:00Z")});
    row("@daily", "@daily", utc, "2026-11-26T09:15:00Z", {QStringLiteral("2026-11-27T00:00:00Z")});
    row("@midnight", "@midnight", utc, "2026-11-26T09:15:00Z", {QStringLiteral("2026-11-27T00:00:00Z")});
    row("@weekly is Sunday", "@weekly", utc, "2026-11-26T09:15:00Z", {QStringLiteral("2026-11-29T00:00:00Z")});
    row("@monthly", "@monthly", utc, "2026-11-26T09:15:00Z", {QStringLiteral("2026-12-01T00:00:00Z")});
    row("@yearly", "@yearly", utc, "2026-11-26T09:15:00Z", {QStringLiteral("2027-01-01T00:00:00Z")});
    row("@annually", "@annually", utc, "2026-11-26T09:15:00Z", {QStringLiteral("2027-01-01T00:00:00Z")});
    row("@daily in Berlin over the spring change", "@daily", berlin, "2026-03-28T12:00:00+01:00",
        {QStringLiteral("2026-03-29T00:00:00+01:00"), QStringLiteral("2026-03-30T00:00:00+02:00")});
    row("30 February never runs", "0 0 30 2 *", utc, "2026-01-01T00:00:00Z", {});
    row("31 April never runs", "0 0 31 4 *", utc, "2026-01-01T00:00:00Z", {});
}

// Columns: spec, message.
inline void addCronParseErrorRows()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("message");

    auto row = [](const char *spec, const char *message) {
        QTest::newRow(spec) << QString::fromLatin1(spec) << QString::fromLatin1(message);
    };
    row("", "the schedule is empty");
    row("* * * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 4: '* * * *'");
    row("0 * * * * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 6: '0 * * * * *'");
    row("60 * * * *", "minute: 60 is above the maximum 59");
    row("* 24 * * *", "hour: 24 is above the maximum 23");
    row("* * 0 * *", "day of month: 0 is below the minimum 1");
    row("* * 32 * *", "day of month: 32 is above the maximum 31");
    row("* * * 13 *", "month: 13 is above the maximum 12");
    row("* * * 0 *", "month: 0 is below the minimum 1");
    row("* * * * 7", "day of week: 7 is above the maximum 6 (write Sunday as 0 or SUN)");
    row("* * * * XYZ", "day of week: 'XYZ' is neither a number nor a name such as MON");
    row("* * * FOO *", "month: 'FOO' is neither a number nor a name such as JAN");
    row("x * * * *", "minute: 'x' is not a number");
    row("-1 * * * *", "minute: '-1' is missing a number");
    row("1- * * * *", "minute: '1-' is missing a number");
    row("5-1 * * * *", "minute: range '5-1' starts after it ends");
    row("*/0 * * * *", "minute: the step in '*/0' must be a positive number");
    row("*/x * * * *", "minute: the step in '*/x' must be a positive number");
    row("1-2-3 * * * *", "minute: too many hyphens in '1-2-3'");
    row("1/2/3 * * * *", "minute: too many slashes in '1/2/3'");
    row("1,,2 * * * *", "minute: empty item in '1,,2'");
    row("*-5 * * * *", "minute: '*-5' mixes '*' with a range");
    row("@every 1h", "'@every' intervals are not supported; write the interval as five fields (*/15 * * * *)");
    row("@reboot", "unknown descriptor '@reboot' (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)");
    row("TZ=Europe/Berlin 0 7 * * *",
        "put the time zone in the time zone field, not in the schedule (Kubernetes rejects TZ= in a CronJob schedule)");
}

} // namespace pd::test
