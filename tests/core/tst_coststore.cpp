// The cost history on a thread of its own: tasks run there, in order; its answers are the
// synchronous CostHistory's on the same file; a cancelled report stops between its steps and
// gives nothing; a failing open says why; a store destroyed with tasks queued cancels them,
// finishes the one running and joins its thread.
#include "core/cost/costhistory.h"
#include "core/cost/costperday.h"
#include "core/cost/coststore.h"

#include <QFile>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>
#include <thread>

using namespace pd::core;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kInterval = 5 * kMinute;
constexpr qint64 kNow = 1'795'000'000'000;   // 2026-11-18, a fixed instant

UsageSample sample(const QString &ns, const QString &workload, qint64 t, double cpuUse, double cpuRequest)
{
    return UsageSample{t, ns, workload + u"-0"_s, workload, workload, cpuUse, 100.0 * 1024 * 1024, cpuRequest,
                       256.0 * 1024 * 1024};
}

// Six hours of a source, a busy preview and an idle one, every five minutes, ending at kNow.
QList<CostSnapshot> sixHours()
{
    QList<CostSnapshot> snapshots;
    for (qint64 t = kNow - 6 * kHour; t < kNow; t += kInterval) {
        CostSnapshot s;
        s.ok = true;
        s.timestampMs = t;
        s.samples << sample(u"staging"_s, u"checkout-api"_s, t, 0.25, 1.0) << sample(u"staging"_s, u"web"_s, t, 0.4, 0.5)
                  << sample(u"shop-pr-7"_s, u"web"_s, t, 0.45, 0.5) << sample(u"shop-pr-8"_s, u"web"_s, t, 0.005, 0.5);
        s.pvcs << PvcUsage{u"shop-pr-7"_s, u"data"_s, 10.0 * bytesPerGiB, t, t};
        s.ownerByNamespace = {{u"shop-pr-7"_s, u"alice"_s}, {u"shop-pr-8"_s, u"dave"_s}};
        s.roleByNamespace = {{u"staging"_s, u"source"_s}, {u"shop-pr-7"_s, u"preview"_s}, {u"shop-pr-8"_s, u"preview"_s}};
        snapshots << s;
    }
    return snapshots;
}

// What a report shows, as text, so that two reports compare line by line.
QStringList lines(const CostReport &report)
{
    QStringList out{u"window %1..%2 total %3"_s.arg(report.windowStartMs).arg(report.windowEndMs).arg(report.totalCost, 0, 'g', 12),
                    u"days "_s + report.days.join(u',')};
    for (const DailyNamespaceCost &day : report.byDay) {
        QStringList values;
        for (double v : day.values)
            values << QString::number(v, 'g', 12);
        out << u"day %1 %2"_s.arg(day.name, values.join(u','));
    }
    for (const EnvironmentWorkloadCost &env : report.byEnvironment)
        out << u"environment %1 %2 workloads %3"_s.arg(env.environment).arg(env.totalCost, 0, 'g', 12).arg(env.workloads.size());
    for (const CostRow &row : report.mostExpensive)
        out << u"expensive %1 %2"_s.arg(row.key).arg(row.totalCost, 0, 'g', 12);
    for (const IdlePreview &idle : report.idle)
        out << u"idle %1 %2"_s.arg(idle.namespaceName).arg(idle.cpuUsageRatio, 0, 'g', 12);
    for (const RightsizingSuggestion &s : report.rightsizing)
        out << u"rightsize %1/%2 %3"_s.arg(s.namespaceName, s.workload).arg(s.monthlySaving, 0, 'g', 12);
    for (const GuardrailSaving &s : report.guardrailSavings)
        out << u"saving %1 %2"_s.arg(s.namespaceName).arg(s.saving, 0, 'g', 12);
    return out;
}

QString coverageText(const CostCoverage &c)
{
    return u"%1 %2 %3 %4 %5 %6"_s.arg(c.firstMs).arg(c.lastMs).arg(c.sampleTimes).arg(c.samples).arg(c.intervalMs).arg(c.coveredMs);
}

} // namespace

class TestCostStore final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tasksRunOnItsThreadInOrder();
    void answersAreTheSynchronousHistorys();
    void writesAreTheSynchronousHistorys();
    void reportStopsAfterTheStepItWasCancelledIn();
    void costPerDayStopsAfterTheStepItWasCancelledIn();
    void reportCancelledBeforeItStartsNeverRuns();
    void failingOpenSaysWhy();
    void destroyedWithTasksQueued();
};

void TestCostStore::tasksRunOnItsThreadInOrder()
{
    QTemporaryDir dir;
    CostStore store;
    QVERIFY(store.thread() && store.thread() != QThread::currentThread());
    QFuture<CostStoreStatus> opened = store.open(dir.filePath(u"h.sqlite"_s));
    auto order = std::make_shared<QList<int>>();   // touched by the store's thread only
    QList<QFuture<QThread *>> ran;
    for (int i = 0; i < 5; ++i)
        ran << store.run([order, i](CostHistory &history) {
            order->append(history.isOpen() ? i : -1);
            return QThread::currentThread();
        });
    const QList<int> seen = store.run([order](CostHistory &) { return *order; }).result();
    QVERIFY2(opened.result().ok, qPrintable(opened.result().error));
    QCOMPARE(seen, (QList<int>{0, 1, 2, 3, 4}));   // each after the open, in the order queued
    for (QFuture<QThread *> &thread : ran)
        QCOMPARE(thread.result(), store.thread());
}

void TestCostStore::answersAreTheSynchronousHistorys()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"h.sqlite"_s);
    const qint64 start = kNow - 24 * kHour;
    CostCoverage coverage;
    QHash<QString, QString> roles;
    QHash<QString, double> perDay;
    QStringList report;
    {
        CostHistory history;
        QVERIFY2(history.open(path), qPrintable(history.error()));
        for (const CostSnapshot &snapshot : sixHours())
            QVERIFY2(history.record(snapshot, kInterval), qPrintable(history.error()));
        coverage = history.coverage(start, kNow);
        roles = history.roles(kNow);
        perDay = costPerDayByNamespace(history, kNow, {});
        CostReportOptions options;
        options.previewNamespaces = {u"shop-pr-7"_s, u"shop-pr-8"_s};
        report = lines(buildCostReport(history.input(start, coverage.pricedUntil(kNow)), options));
    }
    // What is compared is something: six hours of three namespaces, two of them previews.
    QCOMPARE(coverage.sampleTimes, 72);
    QCOMPARE(roles.size(), 3);
    QCOMPARE(perDay.size(), 3);
    QVERIFY2(report.filter(u"idle shop-pr-8 "_s).size() == 1 && report.filter(u"idle "_s).size() == 1,
             qPrintable(report.join(u'\n')));

    CostStore store;
    QVERIFY(store.open(path).result().ok);
    QCOMPARE(coverageText(store.coverage(start, kNow).result()), coverageText(coverage));
    QCOMPARE(store.roles(kNow).result(), roles);
    QCOMPARE(store.previewNamespaces(kNow).result(), (QSet<QString>{u"shop-pr-7"_s, u"shop-pr-8"_s}));
    QCOMPARE(store.costPerDay(kNow, {}).result(), perDay);
    CostHistoryReportRequest request;
    request.windowStartMs = start;
    request.nowMs = kNow;   // the previews come from the history's roles
    QFuture<CostHistoryReport> answer = store.report(request);
    answer.waitForFinished();
    QCOMPARE(answer.resultCount(), 1);
    QCOMPARE(coverageText(answer.result().coverage), coverageText(coverage));
    QCOMPARE(lines(answer.result().report), report);
    QCOMPARE(answer.progressMaximum(), 4);
    QCOMPARE(answer.progressValue(), 4);
}

void TestCostStore::writesAreTheSynchronousHistorys()
{
    QTemporaryDir dir;
    const QString viaStore = dir.filePath(u"store.sqlite"_s);
    const QString direct = dir.filePath(u"direct.sqlite"_s);
    {
        CostStore store;
        QVERIFY(store.open(viaStore).result().ok);
        QList<QFuture<CostStoreStatus>> written;
        for (const CostSnapshot &snapshot : sixHours())
            written << store.record(snapshot, kInterval);
        for (QFuture<CostStoreStatus> &status : written)
            QVERIFY2(status.result().ok, qPrintable(status.result().error));
        // Two days on, keeping one: the six hours are gone.
        const CostStoreStatus pruned = store.prune(kNow + 48 * kHour, 1).result();
        QVERIFY2(pruned.ok, qPrintable(pruned.error));
        QCOMPARE(pruned.removed, 72);
    }
    CostHistory history;
    QVERIFY2(history.open(direct), qPrintable(history.error()));
    for (const CostSnapshot &snapshot : sixHours())
        QVERIFY(history.record(snapshot, kInterval));
    QCOMPARE(history.prune(kNow + 48 * kHour, 1), 72);
    CostHistory stored;
    QVERIFY2(stored.open(viaStore), qPrintable(stored.error()));
    const qint64 start = kNow - 24 * kHour;
    QCOMPARE(coverageText(stored.coverage(start, kNow)), coverageText(history.coverage(start, kNow)));
    QCOMPARE(stored.roles(kNow + 48 * kHour), history.roles(kNow + 48 * kHour));
    QCOMPARE(stored.roles(kNow + 48 * kHour).value(u"shop-pr-7"_s), u"preview"_s);   // labels in force stay
}

void TestCostStore::reportStopsAfterTheStepItWasCancelledIn()
{
    QTemporaryDir dir;
    CostHistory history;
    QVERIFY(history.open(dir.filePath(u"h.sqlite"_s)));
    for (const CostSnapshot &snapshot : sixHours())
        QVERIFY(history.record(snapshot, kInterval));
    CostHistoryReportRequest request;
    request.windowStartMs = kNow - 24 * kHour;
    request.nowMs = kNow;
    for (int stopAt = 1; stopAt <= 4; ++stopAt) {
        QList<int> steps;
        const auto report = costHistoryReport(history, request, [&](int done, int total) {
            steps << done;
            return total == 4 && done < stopAt;
        });
        QVERIFY2(!report, qPrintable(QString::number(stopAt)));
        QCOMPARE(steps.size(), stopAt);   // nothing after the step that said stop
    }
    const auto whole = costHistoryReport(history, request, [](int, int) { return true; });
    QVERIFY(whole && !whole->report.isEmpty());
}

void TestCostStore::costPerDayStopsAfterTheStepItWasCancelledIn()
{
    QTemporaryDir dir;
    CostHistory history;
    QVERIFY(history.open(dir.filePath(u"h.sqlite"_s)));
    for (const CostSnapshot &snapshot : sixHours())
        QVERIFY(history.record(snapshot, kInterval));
    for (int stopAt = 1; stopAt <= 2; ++stopAt) {
        int steps = 0;
        QVERIFY(!costPerDayByNamespace(history, kNow, {}, [&] { return ++steps < stopAt; }));
        QCOMPARE(steps, stopAt);
    }
    const auto whole = costPerDayByNamespace(history, kNow, {}, [] { return true; });
    QVERIFY(whole);
    QCOMPARE(*whole, costPerDayByNamespace(history, kNow, {}));
    QCOMPARE(whole->size(), 3);
}

void TestCostStore::reportCancelledBeforeItStartsNeverRuns()
{
    QTemporaryDir dir;
    CostStore store;
    QVERIFY(store.open(dir.filePath(u"h.sqlite"_s)).result().ok);
    QSemaphore gate;
    // The store is busy until the gate opens: the report waits in the queue.
    QFuture<void> busy = store.run([&gate](CostHistory &) { gate.acquire(); });
    CostHistoryReportRequest request;
    request.windowStartMs = kNow - 24 * kHour;
    request.nowMs = kNow;
    QFuture<CostHistoryReport> report = store.report(request);
    QFuture<bool> after = store.run([](CostHistory &) { return true; });
    report.cancel();
    gate.release();
    QVERIFY(after.result());   // the queue went on past it
    busy.waitForFinished();
    report.waitForFinished();
    QVERIFY(report.isCanceled());
    QCOMPARE(report.resultCount(), 0);
    QCOMPARE(report.progressValue(), 0);   // not one step was taken
}

void TestCostStore::failingOpenSaysWhy()
{
    QTemporaryDir dir;
    QFile plain(dir.filePath(u"plain"_s));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    CostStore store;
    const CostStoreStatus opened = store.open(dir.filePath(u"plain/sub/h.sqlite"_s)).result();
    QVERIFY(!opened.ok);
    QVERIFY2(opened.error.contains(u"cannot create the directory"_s), qPrintable(opened.error));
    // The rest answers empty, as the history itself does.
    QVERIFY(!store.record(sixHours().first(), kInterval).result().ok);
    QCOMPARE(store.coverage(0, kNow).result().sampleTimes, 0);
    CostHistoryReportRequest request;
    request.nowMs = kNow;
    QVERIFY(store.report(request).result().report.isEmpty());
}

void TestCostStore::destroyedWithTasksQueued()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"h.sqlite"_s);
    auto store = std::make_unique<CostStore>();
    QVERIFY(store->open(path).result().ok);
    QSemaphore started;
    QSemaphore gate;
    QFuture<int> running = store->run([&](CostHistory &) {
        started.release();
        gate.acquire();
        return 42;
    });
    started.acquire();   // the store's thread is inside it now
    QList<QFuture<CostStoreStatus>> queued;
    for (const CostSnapshot &snapshot : sixHours().mid(0, 3))
        queued << store->record(snapshot, kInterval);
    CostHistoryReportRequest request;
    request.nowMs = kNow;
    QFuture<CostHistoryReport> report = store->report(request);
    // The gate opens once the destructor has cancelled what waits (the last one queued).
    std::thread opener([&] {
        report.waitForFinished();
        gate.release();
    });
    store.reset();
    opener.join();
    QCOMPARE(running.resultCount(), 1);
    QCOMPARE(running.result(), 42);
    for (const QFuture<CostStoreStatus> &write : queued) {
        QVERIFY(write.isFinished() && write.isCanceled());
        QCOMPARE(write.resultCount(), 0);
    }
    QVERIFY(report.isCanceled());
    QCOMPARE(report.resultCount(), 0);
    // Nothing queued was written; the file is closed and opens again.
    CostHistory history;
    QVERIFY2(history.open(path), qPrintable(history.error()));
    QCOMPARE(history.coverage(0, kNow).sampleTimes, 0);
}

QTEST_GUILESS_MAIN(TestCostStore)
#include "tst_coststore.moc"
