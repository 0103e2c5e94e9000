#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QSignalSpy>

namespace pd::test {

// Waits (running the event loop, no sleeping) until the future has a result.
// Returns a default value when it did not finish in time; tests then fail on its content.
template<typename T>
T waitFor(QFuture<T> future, int timeoutMs = 10000)
{
    if (!future.isFinished()) {
        QFutureWatcher<T> watcher;
        QSignalSpy spy(&watcher, &QFutureWatcherBase::finished);
        watcher.setFuture(future);
        if (!future.isFinished())
            spy.wait(timeoutMs);
    }
    if (!future.isFinished() || future.isCanceled() || future.resultCount() == 0)
        return T{};
    return future.result();
}

} // namespace pd::test
