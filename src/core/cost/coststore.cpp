#include "coststore.h"

#include "costperday.h"

#include <QThread>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

using namespace Qt::StringLiterals;

namespace pd::core {

struct CostStore::Impl
{
    struct Task
    {
        std::function<void(CostHistory &)> run;
        std::function<void()> drop;
        std::function<void()> interrupt;
    };

    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Task> queue;
    std::function<void()> interruptRunning;   // of the task running, if it has one
    bool stopping = false;
    std::unique_ptr<QThread> thread;

    // The store's thread: the history lives and dies here.
    void loop()
    {
        CostHistory history;
        for (;;) {
            Task task;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [this] { return stopping || !queue.empty(); });
                if (queue.empty())
                    return;
                task = std::move(queue.front());
                queue.pop_front();
                interruptRunning = task.interrupt;
            }
            task.run(history);
            std::lock_guard lock(mutex);
            interruptRunning = {};
        }
    }
};

CostStore::CostStore() : d(std::make_unique<Impl>())
{
    d->thread.reset(QThread::create([impl = d.get()] { impl->loop(); }));
    d->thread->setObjectName(u"cost history"_s);
    d->thread->start();
}

CostStore::~CostStore()
{
    std::deque<Impl::Task> dropped;
    {
        std::lock_guard lock(d->mutex);
        d->stopping = true;
        dropped.swap(d->queue);
        if (d->interruptRunning)
            d->interruptRunning();
    }
    d->wake.notify_all();
    // Outside the lock: a continuation of a cancelled future may queue again (and is refused).
    for (const Impl::Task &task : dropped)
        task.drop();
    d->thread->wait();
}

QThread *CostStore::thread() const
{
    return d->thread.get();
}

void CostStore::enqueue(std::function<void(CostHistory &)> run, std::function<void()> drop,
                        std::function<void()> interrupt)
{
    {
        std::lock_guard lock(d->mutex);
        if (!d->stopping) {
            d->queue.push_back(Impl::Task{std::move(run), std::move(drop), std::move(interrupt)});
            d->wake.notify_one();
            return;
        }
    }
    drop();
}

template <typename R, typename Fn>
QFuture<R> CostStore::runInterruptible(Fn fn)
{
    auto promise = std::make_shared<QPromise<R>>();
    promise->start();
    QFuture<R> future = promise->future();
    enqueue(
        [promise, fn = std::move(fn)](CostHistory &history) mutable {
            if (!promise->isCanceled())
                fn(history, *promise);
            promise->finish();
        },
        [promise] {
            promise->future().cancel();
            promise->finish();
        },
        [promise] { promise->future().cancel(); });
    return future;
}

QFuture<CostStoreStatus> CostStore::open(const QString &path, const ClusterIdentity &cluster)
{
    return run([path, cluster](CostHistory &history) {
        CostStoreStatus status;
        status.ok = history.open(path, cluster);
        status.error = status.ok ? QString() : history.error();
        status.notice = history.notice();
        return status;
    });
}

QFuture<CostStoreStatus> CostStore::record(const CostSnapshot &snapshot, qint64 intervalMs)
{
    return run([snapshot, intervalMs](CostHistory &history) {
        CostStoreStatus status;
        status.ok = history.record(snapshot, intervalMs);
        if (!status.ok)
            status.error = history.error();
        return status;
    });
}

QFuture<CostStoreStatus> CostStore::prune(qint64 nowMs, int days)
{
    return run([nowMs, days](CostHistory &history) {
        CostStoreStatus status;
        status.removed = history.prune(nowMs, days);
        status.ok = status.removed >= 0;
        if (!status.ok)
            status.error = history.error();
        return status;
    });
}

QFuture<CostCoverage> CostStore::coverage(qint64 windowStartMs, qint64 windowEndMs)
{
    return run([=](CostHistory &history) { return history.coverage(windowStartMs, windowEndMs); });
}

QFuture<QHash<QString, QString>> CostStore::roles(qint64 atMs)
{
    return run([atMs](CostHistory &history) { return history.roles(atMs); });
}

namespace {

QSet<QString> previewsOf(CostHistory &history, qint64 atMs)
{
    QSet<QString> previews;
    const QHash<QString, QString> roles = history.roles(atMs);
    for (auto it = roles.cbegin(); it != roles.cend(); ++it) {
        if (it.value() == u"preview"_s)
            previews.insert(it.key());
    }
    return previews;
}

} // namespace

QFuture<QSet<QString>> CostStore::previewNamespaces(qint64 atMs)
{
    return run([atMs](CostHistory &history) { return previewsOf(history, atMs); });
}

QFuture<QHash<QString, double>> CostStore::costPerDay(qint64 nowMs, const Prices &prices)
{
    using PerDay = QHash<QString, double>;
    return runInterruptible<PerDay>([nowMs, prices](CostHistory &history, QPromise<PerDay> &promise) {
        const auto goOn = [&promise] { return !promise.isCanceled(); };
        if (std::optional<PerDay> perDay = costPerDayByNamespace(history, nowMs, prices, goOn))
            promise.addResult(std::move(*perDay));
    });
}

std::optional<CostHistoryReport> costHistoryReport(CostHistory &history, const CostHistoryReportRequest &request,
                                                   const std::function<bool(int done, int steps)> &goOn)
{
    enum Step { Coverage = 1, Previews, Input, Report, Steps = Report };
    CostHistoryReport out;
    out.coverage = history.coverage(request.windowStartMs, request.nowMs);
    if (!goOn(Coverage, Steps))
        return std::nullopt;
    CostReportOptions options = request.options;
    if (options.previewNamespaces.isEmpty())
        options.previewNamespaces = previewsOf(history, request.nowMs);
    if (!goOn(Previews, Steps))
        return std::nullopt;
    const AttributionInput input =
        history.input(request.windowStartMs, out.coverage.pricedUntil(request.nowMs), request.prices);
    if (!goOn(Input, Steps))
        return std::nullopt;
    out.report = buildCostReport(input, options);
    if (!goOn(Report, Steps))
        return std::nullopt;
    return out;
}

QFuture<CostHistoryReport> CostStore::report(const CostHistoryReportRequest &request)
{
    return runInterruptible<CostHistoryReport>(
        [request](CostHistory &history, QPromise<CostHistoryReport> &promise) {
            const auto goOn = [&promise](int done, int steps) {
                if (promise.future().progressMaximum() != steps)
                    promise.setProgressRange(0, steps);
                promise.setProgressValue(done);
                return !promise.isCanceled();
            };
            if (std::optional<CostHistoryReport> out = costHistoryReport(history, request, goOn))
                promise.addResult(std::move(*out));
        });
}

} // namespace pd::core
