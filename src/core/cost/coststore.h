#pragma once

#include "costhistory.h"
#include "costreport.h"

#include <QFuture>
#include <QHash>
#include <QPromise>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace pd::core {

// How a write (open, record, prune) went: error says why not, in plain words.
struct CostStoreStatus
{
    bool ok = false;
    QString error;
    QString notice;       // open: what the user should hear of (CostHistory::notice()), or empty
    qint64 removed = 0;   // prune: the sample times removed
};

// What the cost window shows from the history: the report over [windowStartMs, nowMs)
// (priced until coverage.pricedUntil(nowMs)) with what the window covers.
struct CostHistoryReport
{
    CostCoverage coverage;
    CostReport report;
};

struct CostHistoryReportRequest
{
    qint64 windowStartMs = 0;
    qint64 nowMs = 0;
    Prices prices;
    // previewNamespaces, when empty, are the namespaces the history last saw labelled as
    // previews at nowMs (CostStore::previewNamespaces).
    CostReportOptions options;
};

// The cost window's report from a history, in steps (coverage, preview roles, the window's
// input, buildCostReport): after each, goOn(done, steps) says whether to continue; nothing
// when it said no.
std::optional<CostHistoryReport> costHistoryReport(CostHistory &history, const CostHistoryReportRequest &request,
                                                   const std::function<bool(int done, int steps)> &goOn);

// One CostHistory on a thread of its own, so that SQLite and the attribution never hold up
// the caller's (the GUI's) event loop. Every call queues a task and returns its future at
// once; tasks run one after another, in the order they were queued, on that thread (a
// QSqlDatabase connection is used only from the thread that opened it: the history is
// made, opened and destroyed there). The futures resolve on the store's thread: follow them
// with pd::bindTo(context, ..) or a QFutureWatcher to be back on one's own.
//
// A task whose future is cancelled before it starts never runs; the report and the cost
// per day also stop between their steps and give no result. Destroying the store cancels
// what is queued (those futures finish cancelled) and a report or cost per day running,
// lets any other task running (a write) finish, and joins the thread.
class CostStore final
{
    Q_DISABLE_COPY_MOVE(CostStore)
public:
    CostStore();
    ~CostStore();

    // The thread the tasks run on.
    QThread *thread() const;

    // CostHistory::open(path, cluster): a conversion of an older file runs here too.
    QFuture<CostStoreStatus> open(const QString &path, const ClusterIdentity &cluster = {});
    QFuture<CostStoreStatus> record(const CostSnapshot &snapshot, qint64 intervalMs);
    QFuture<CostStoreStatus> prune(qint64 nowMs, int days);
    QFuture<CostCoverage> coverage(qint64 windowStartMs, qint64 windowEndMs);
    QFuture<QHash<QString, QString>> roles(qint64 atMs);
    // The namespaces labelled previewdesk.io/role=preview as of atMs.
    QFuture<QSet<QString>> previewNamespaces(qint64 atMs);
    // costPerDayByNamespace (costperday.h) on the store's thread, cancellable between its steps.
    QFuture<QHash<QString, double>> costPerDay(qint64 nowMs, const Prices &prices);
    // costHistoryReport on the store's thread: its steps are the future's progress (0..4), and
    // it stops after the step during which the future was cancelled.
    QFuture<CostHistoryReport> report(const CostHistoryReportRequest &request);

    // Any work on the history: fn(CostHistory &) runs on the store's thread and its return
    // value is the future's result (fn(CostHistory &, QPromise<R> &) adds results itself).
    template <typename R, typename Fn>
    QFuture<R> runWithPromise(Fn fn)
    {
        auto promise = std::make_shared<QPromise<R>>();
        promise->start();
        QFuture<R> future = promise->future();
        enqueue([promise, fn = std::move(fn)](CostHistory &history) mutable {
                    if (!promise->isCanceled())
                        fn(history, *promise);
                    promise->finish();
                },
                [promise] {
                    promise->future().cancel();
                    promise->finish();
                },
                {});
        return future;
    }
    template <typename Fn>
    auto run(Fn fn)
    {
        using R = std::invoke_result_t<Fn &, CostHistory &>;
        return runWithPromise<R>([fn = std::move(fn)](CostHistory &history, QPromise<R> &promise) mutable {
            if constexpr (std::is_void_v<R>)
                fn(history);
            else
                promise.addResult(fn(history));
        });
    }

private:
    // runWithPromise whose future the destructor cancels while fn runs: fn checks it between
    // its steps (reads only: a write is never left half-done).
    template <typename R, typename Fn>
    QFuture<R> runInterruptible(Fn fn);
    // run: on the store's thread; drop: a task never started (the store is going);
    // interrupt (may be empty): asks the task, while it runs, to stop early as the store goes.
    void enqueue(std::function<void(CostHistory &)> run, std::function<void()> drop,
                 std::function<void()> interrupt);

    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace pd::core
