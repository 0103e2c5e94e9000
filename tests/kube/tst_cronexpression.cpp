// Cron parsing and next runs, including daylight-saving changes, checked against
// robfig/cron v3 (what the Kubernetes CronJob controller uses): a skipped local time
// does not run that day, a repeated one runs twice.
#include "kube/cronexpression.h"
#include "cronrows.h"

#include <QTest>
#include <QTimeZone>

using pd::kube::CronExpression;

class TestCronExpression final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nextRuns_data();
    void nextRuns();
    void parseErrors_data();
    void parseErrors();
    void equivalentSpellings_data();
    void equivalentSpellings();
    void resultIsInZone();
};

void TestCronExpression::nextRuns_data()
{
    pd::test::addCronNextRunRows();
}

void TestCronExpression::nextRuns()
{
    QFETCH(QString, spec);
    QFETCH(QString, zone);
    QFETCH(QString, from);
    QFETCH(QStringList, expected);

    QString error;
    const auto cron = CronExpression::parse(spec, &error);
    QVERIFY2(cron, qPrintable(error));
    const QTimeZone tz(zone.toUtf8());
    QVERIFY(tz.isValid());
    const QDateTime start = QDateTime::fromString(from, Qt::ISODate);
    QVERIFY(start.isValid());

    const QList<QDateTime> runs = cron->nextRuns(start, int(expected.size()) + (expected.isEmpty() ? 1 : 0), tz);
    QStringList actual;
    for (const QDateTime &run : runs) {
        // Local wall time plus the offset in force: tells the two 01:30s of a fall-back night apart.
        actual << run.toOffsetFromUtc(tz.offsetFromUtc(run)).toString(Qt::ISODate);
        QCOMPARE(run.timeZone(), tz);
    }
    QCOMPARE(actual, expected);
}

void TestCronExpression::parseErrors_data()
{
    pd::test::addCronParseErrorRows();
}

void TestCronExpression::parseErrors()
{
    QFETCH(QString, spec);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!CronExpression::parse(spec, &error));
    QCOMPARE(error, message);
}

void TestCronExpression::equivalentSpellings_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("names") << QStringLiteral("0 9 * jan-mar mon-fri") << QStringLiteral("0 9 * 1-3 1-5");
    QTest::newRow("list = range") << QStringLiteral("1,2,3 * * * *") << QStringLiteral("1-3 * * * *");
    QTest::newRow("N/step = N-max/step") << QStringLiteral("5/20 * * * *") << QStringLiteral("5-59/20 * * * *");
    QTest::newRow("@daily") << QStringLiteral("@daily") << QStringLiteral("0 0 * * *");
    QTest::newRow("@hourly") << QStringLiteral("@hourly") << QStringLiteral("0 * * * *");
    QTest::newRow("@weekly") << QStringLiteral("@weekly") << QStringLiteral("0 0 * * 0");
    QTest::newRow("@monthly") << QStringLiteral("@monthly") << QStringLiteral("0 0 1 * *");
    QTest::newRow("@yearly") << QStringLiteral("@yearly") << QStringLiteral("0 0 1 1 *");
    QTest::newRow("extra whitespace") << QStringLiteral("  0   9\t* * 1 ") << QStringLiteral("0 9 * * 1");
}

void TestCronExpression::equivalentSpellings()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    const auto x = CronExpression::parse(a);
    const auto y = CronExpression::parse(b);
    QVERIFY(x && y);
    QVERIFY(*x == *y);
}

void TestCronExpression::resultIsInZone()
{
    const auto cron = CronExpression::parse(QStringLiteral("30 20 * * 1-5"));
    QVERIFY(cron);
    const QTimeZone berlin("Europe/Berlin");
    const QDateTime run = cron->next(QDateTime::fromString(QStringLiteral("2026-11-26T08:00:00Z"), Qt::ISODate), berlin);
    QCOMPARE(run.timeZone(), berlin);
    QCOMPARE(run.time(), QTime(20, 30));
    QCOMPARE(run.toUTC(), QDateTime::fromString(QStringLiteral("2026-11-26T19:30:00Z"), Qt::ISODate));
    QVERIFY(!cron->next(QDateTime(), berlin).isValid());
    QVERIFY(!CronExpression().isValid());
}

QTEST_GUILESS_MAIN(TestCronExpression)
#include "tst_cronexpression.moc"
