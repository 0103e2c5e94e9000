// kube-downscaler's working-hours form -> the scale-up / scale-down cron pair.
#include "kube/cronexpression.h"
#include "core/guardrail/workinghours.h"

#include <QTest>
#include <QTimeZone>

using pd::kube::CronExpression;
using pd::core::WorkingHours;

class TestWorkingHours final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void errors_data();
    void errors();
    void windowRunsInZone();
    void ianaNames_data();
    void ianaNames();
};

void TestWorkingHours::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("up");
    QTest::addColumn<QString>("down");
    QTest::addColumn<QString>("zone");

    QTest::newRow("office week") << QStringLiteral("Mon-Fri 07:30-20:30 Europe/Berlin") << QStringLiteral("30 7 * * 1-5")
                                 << QStringLiteral("30 20 * * 1-5") << QStringLiteral("Europe/Berlin");
    QTest::newRow("lower case, extra spaces") << QStringLiteral("  mon-fri   08:00-18:00  America/New_York ")
                                              << QStringLiteral("0 8 * * 1-5") << QStringLiteral("0 18 * * 1-5")
                                              << QStringLiteral("America/New_York");
    QTest::newRow("one day") << QStringLiteral("Sat 10:00-14:00 UTC") << QStringLiteral("0 10 * * 6")
                             << QStringLiteral("0 14 * * 6") << QStringLiteral("UTC");
    QTest::newRow("weekend ends on Sunday") << QStringLiteral("Sat-Sun 09:05-17:55 Asia/Tokyo")
                                            << QStringLiteral("5 9 * * 6,0") << QStringLiteral("55 17 * * 6,0")
                                            << QStringLiteral("Asia/Tokyo");
    QTest::newRow("range wraps the week") << QStringLiteral("Fri-Mon 00:00-23:59 Europe/London")
                                          << QStringLiteral("0 0 * * 5,6,0,1") << QStringLiteral("59 23 * * 5,6,0,1")
                                          << QStringLiteral("Europe/London");
    QTest::newRow("Sun-Sat is every day") << QStringLiteral("Sun-Sat 06:00-22:00 Europe/Berlin")
                                          << QStringLiteral("0 6 * * 0-6") << QStringLiteral("0 22 * * 0-6")
                                          << QStringLiteral("Europe/Berlin");
    QTest::newRow("Mon-Sun is every day too") << QStringLiteral("Mon-Sun 06:00-22:00 Europe/Berlin")
                                              << QStringLiteral("0 6 * * 1,2,3,4,5,6,0")
                                              << QStringLiteral("0 22 * * 1,2,3,4,5,6,0") << QStringLiteral("Europe/Berlin");
}

void TestWorkingHours::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, up);
    QFETCH(QString, down);
    QFETCH(QString, zone);
    QString error;
    const auto hours = WorkingHours::parse(text, &error);
    QVERIFY2(hours, qPrintable(error));
    QCOMPARE(hours->scaleUpSchedule(), up);
    QCOMPARE(hours->scaleDownSchedule(), down);
    QCOMPARE(hours->timeZone(), zone);
    QCOMPARE(hours->text(), text.trimmed());
    // Both halves are schedules a CronJob accepts.
    QVERIFY(CronExpression::parse(up));
    QVERIFY(CronExpression::parse(down));
}

void TestWorkingHours::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    auto row = [](const char *name, const char *text, const char *message) {
        QTest::newRow(name) << QString::fromLatin1(text) << QString::fromLatin1(message);
    };
    row("empty", "", "'': expected 'DAYS HH:MM-HH:MM TIMEZONE', e.g. 'Mon-Fri 07:30-20:30 Europe/Berlin'");
    row("no zone", "Mon-Fri 07:30-20:30",
        "'Mon-Fri 07:30-20:30': expected 'DAYS HH:MM-HH:MM TIMEZONE', e.g. 'Mon-Fri 07:30-20:30 Europe/Berlin'");
    row("bad day", "Mon-Fry 07:30-20:30 Europe/Berlin", "days 'Mon-Fry': weekdays are Mon, Tue, Wed, Thu, Fri, Sat, Sun");
    row("three days", "Mon-Wed-Fri 07:30-20:30 Europe/Berlin", "days 'Mon-Wed-Fri': expected one weekday or a range such as Mon-Fri");
    row("one time", "Mon-Fri 07:30 Europe/Berlin", "times '07:30': expected HH:MM-HH:MM, e.g. 07:30-20:30");
    row("hour 24", "Mon-Fri 07:30-24:00 Europe/Berlin", "times '07:30-24:00': '24:00' is not a time of day (HH:MM, 00:00 to 23:59)");
    row("one-digit hour", "Mon-Fri 7:30-20:30 Europe/Berlin", "times '7:30-20:30': '7:30' is not a time of day (HH:MM, 00:00 to 23:59)");
    row("minute 60", "Mon-Fri 07:60-20:30 Europe/Berlin", "times '07:60-20:30': '07:60' is not a time of day (HH:MM, 00:00 to 23:59)");
    row("overnight", "Mon-Fri 20:00-06:00 Europe/Berlin",
        "times '20:00-06:00': the end must be after the start on the same day (kube-downscaler has no overnight windows)");
    row("empty window", "Mon-Fri 08:00-08:00 Europe/Berlin",
        "times '08:00-08:00': the end must be after the start on the same day (kube-downscaler has no overnight windows)");
    row("unknown zone", "Mon-Fri 07:30-20:30 Europe/Atlantis",
        "time zone 'Europe/Atlantis' is not an IANA time zone name such as Europe/Berlin or UTC");
    row("offset is not a zone", "Mon-Fri 07:30-20:30 UTC+02:00",
        "time zone 'UTC+02:00' is not an IANA time zone name such as Europe/Berlin or UTC");
    row("two windows", "Mon-Fri 07:30-20:30 Europe/Berlin,Sat-Sun 10:00-12:00 Europe/Berlin",
        "'Mon-Fri 07:30-20:30 Europe/Berlin,Sat-Sun 10:00-12:00 Europe/Berlin': only one window is supported (split several "
        "windows into several guardrails)");
}

void TestWorkingHours::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!WorkingHours::parse(text, &error));
    QCOMPARE(error, message);
}

void TestWorkingHours::windowRunsInZone()
{
    // Up at 07:30 and down at 20:30 Berlin time, on both sides of the autumn change.
    const auto hours = WorkingHours::parse(QStringLiteral("Mon-Fri 07:30-20:30 Europe/Berlin"));
    QVERIFY(hours);
    const QTimeZone zone(hours->timeZone().toUtf8());
    const auto up = CronExpression::parse(hours->scaleUpSchedule());
    const auto down = CronExpression::parse(hours->scaleDownSchedule());
    QVERIFY(up && down);
    const QDateTime from = QDateTime::fromString(QStringLiteral("2026-10-23T12:00:00+02:00"), Qt::ISODate);
    const QList<QDateTime> ups = up->nextRuns(from, 2, zone);
    const QList<QDateTime> downs = down->nextRuns(from, 2, zone);
    QCOMPARE(ups.size(), 2);
    QCOMPARE(downs.size(), 2);
    QCOMPARE(downs.at(0).toUTC(), QDateTime::fromString(QStringLiteral("2026-10-23T18:30:00Z"), Qt::ISODate));
    QCOMPARE(ups.at(0).toUTC(), QDateTime::fromString(QStringLiteral("2026-10-26T06:30:00Z"), Qt::ISODate));
    QCOMPARE(downs.at(1).toUTC(), QDateTime::fromString(QStringLiteral("2026-10-26T19:30:00Z"), Qt::ISODate));
    QCOMPARE(ups.at(1).toUTC(), QDateTime::fromString(QStringLiteral("2026-10-27T06:30:00Z"), Qt::ISODate));
}

void TestWorkingHours::ianaNames_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("iana");
    QTest::newRow("Europe/Berlin") << QStringLiteral("Europe/Berlin") << true;
    QTest::newRow("America/Argentina/Buenos_Aires") << QStringLiteral("America/Argentina/Buenos_Aires") << true;
    QTest::newRow("UTC") << QStringLiteral("UTC") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("offset") << QStringLiteral("UTC+01:00") << false;
    QTest::newRow("unknown") << QStringLiteral("Mars/Olympus_Mons") << false;
}

void TestWorkingHours::ianaNames()
{
    QFETCH(QString, id);
    QFETCH(bool, iana);
    QCOMPARE(pd::core::isIanaTimeZone(id), iana);
}

QTEST_GUILESS_MAIN(TestWorkingHours)
#include "tst_workinghours.moc"
