// The browser's cost column: a day of history priced by namespace, and a short history
// scaled up to a day rather than shown as a fraction of one.
#include "core/cost/costhistory.h"
#include "core/cost/costperday.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::core::CostHistory;
using pd::core::UsageSample;

namespace {

constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kNow = 1'795'000'000'000;   // 2026-11-18, a fixed instant
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

UsageSample sample(const QString &ns, qint64 t, double cpuRequest, double memoryRequestGiB)
{
    UsageSample s;
    s.timestampMs = t;
    s.namespaceName = ns;
    s.pod = ns + u"-api-0"_s;
    s.container = u"api"_s;
    s.workload = u"api"_s;
    s.cpuRequestCores = cpuRequest;
    s.memoryRequestBytes = memoryRequestGiB * kGiB;
    s.cpuUsageCores = cpuRequest / 10;          // below the request: the request is charged
    s.memoryUsageBytes = memoryRequestGiB * kGiB / 10;
    return s;
}

} // namespace

class TestCostPerDay final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyHistoryGivesNothing();
    void fullDayIsPricedAsIs();
    void shortHistoryIsScaledToADay();
};

void TestCostPerDay::emptyHistoryGivesNothing()
{
    QTemporaryDir dir;
    CostHistory history;
    QVERIFY2(history.open(dir.filePath(u"c.sqlite"_s)), qPrintable(history.error()));
    QVERIFY(pd::core::costPerDayByNamespace(history, kNow).isEmpty());
}

void TestCostPerDay::fullDayIsPricedAsIs()
{
    QTemporaryDir dir;
    CostHistory history;
    QVERIFY2(history.open(dir.filePath(u"c.sqlite"_s)), qPrintable(history.error()));
    // Hourly samples over the whole last day: 2 cores and 4 GiB requested throughout.
    for (qint64 t = kNow - 24 * kHour; t < kNow; t += kHour)
        QVERIFY(history.record(t, {sample(u"pr-1"_s, t, 2, 4)}, {}, {}, {}, kHour));
    const auto perDay = pd::core::costPerDayByNamespace(history, kNow);
    const pd::core::Prices p;
    const double expected = 24 * (2 * p.cpuPerCoreHour + 4 * p.memoryPerGiBHour);   // 1.924 $
    QCOMPARE(perDay.size(), 1);
    QVERIFY2(qAbs(perDay.value(u"pr-1"_s) - expected) < 1e-6,
             qPrintable(u"%1 vs %2"_s.arg(perDay.value(u"pr-1"_s)).arg(expected)));
}

void TestCostPerDay::shortHistoryIsScaledToADay()
{
    QTemporaryDir dir;
    CostHistory history;
    QVERIFY2(history.open(dir.filePath(u"c.sqlite"_s)), qPrintable(history.error()));
    // Two samples five minutes apart, the newest one a minute ago: ten minutes are priced
    // (each sample for one interval) and scaled up to a day.
    const qint64 t0 = kNow - 6 * kMinute;
    QVERIFY(history.record(t0, {sample(u"pr-2"_s, t0, 1, 2)}, {}, {}, {}, 5 * kMinute));
    QVERIFY(history.record(t0 + 5 * kMinute, {sample(u"pr-2"_s, t0 + 5 * kMinute, 1, 2)}, {}, {}, {}, 5 * kMinute));
    const auto perDay = pd::core::costPerDayByNamespace(history, kNow);
    const pd::core::Prices p;
    const double expected = 24 * (1 * p.cpuPerCoreHour + 2 * p.memoryPerGiBHour);
    QVERIFY2(qAbs(perDay.value(u"pr-2"_s) - expected) < 1e-6,
             qPrintable(u"%1 vs %2"_s.arg(perDay.value(u"pr-2"_s)).arg(expected)));
}

QTEST_GUILESS_MAIN(TestCostPerDay)
#include "tst_costperday.moc"
