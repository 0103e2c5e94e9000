#pragma once
// What ApiClient's calls return: the result's future, plus a handle that aborts the request.
#include "apiresult.h"

#include <QFuture>
#include <QList>

#include <algorithm>
#include <functional>
#include <memory>
#include <utility>

namespace pd::kube {

// A QFuture<ApiResult> (so `.then(...)`, waitFor() and QFuture<ApiResult> variables keep
// working) that can also abort its request: a queued request never goes out, one on the
// wire is aborted, a retry waiting is dropped. The future then resolves exactly once, at
// once, with outcome() Cancelled. After it resolved, abort() does nothing. Copies share
// the one request; a default-constructed call has none.
class ApiCall : public QFuture<ApiResult>
{
public:
    ApiCall() = default;
    ApiCall(QFuture<ApiResult> future, std::function<void()> abort)
        : QFuture<ApiResult>(std::move(future))
        , m_abort(std::make_shared<std::function<void()>>(std::move(abort)))
    {
    }
    void abort() const
    {
        if (m_abort && *m_abort)
            (*m_abort)();
    }

private:
    std::shared_ptr<std::function<void()>> m_abort;
};

// The calls a worker has on the wire, aborted together (a cancel, a closed window).
// Finished calls are dropped as new ones are added.
class ApiCalls
{
public:
    ApiCall add(const ApiCall &call)
    {
        m_calls.removeIf([](const ApiCall &c) { return c.isFinished(); });
        m_calls.append(call);
        return call;
    }
    void abortAll()
    {
        const QList<ApiCall> calls = std::exchange(m_calls, {});
        for (const ApiCall &call : calls)
            call.abort();
    }
    qsizetype pending() const
    {
        return std::count_if(m_calls.cbegin(), m_calls.cend(), [](const ApiCall &c) { return !c.isFinished(); });
    }

private:
    QList<ApiCall> m_calls;
};

} // namespace pd::kube
