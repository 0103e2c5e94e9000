#pragma once
// One result awaited by several callers. A QFuture takes a single continuation: a second
// then() on the same future replaces the first, whose caller then waits for ever. So work
// that is shared while it runs (discovery, an exec credential plugin) hands every caller
// a future of its own and resolves them all at once.
#include <QFuture>
#include <QList>
#include <QPromise>

#include <memory>
#include <utility>

namespace pd::kube {

template <typename T>
class SharedResult
{
public:
    // A new future for one more caller; it resolves with the value given to resolve().
    QFuture<T> add()
    {
        auto promise = std::make_shared<QPromise<T>>();
        promise->start();
        m_waiters.append(promise);
        return promise->future();
    }

    bool isEmpty() const { return m_waiters.isEmpty(); }

    // Every caller gets the value; callers added by their continuations wait for the next.
    void resolve(const T &value)
    {
        const auto waiters = std::exchange(m_waiters, {});
        for (const auto &promise : waiters) {
            promise->addResult(value);
            promise->finish();
        }
    }

private:
    QList<std::shared_ptr<QPromise<T>>> m_waiters;
};

} // namespace pd::kube
