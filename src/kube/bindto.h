#pragma once
// The one way to continue asynchronous work: bindTo(context, future, fn). No continuation
// runs without a living context. (Qt 6.4's QFuture::then(context, fn) asserts when the
// context dies before the future finishes; Launch::Sync plus a QPointer was the workaround.)
#include <QFuture>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QPromise>
#include <QThread>

#include <memory>
#include <type_traits>
#include <utility>

namespace pd {

namespace detail {

template <typename T, typename Fn>
struct BoundResult
{
    using type = std::invoke_result_t<Fn &, const T &>;
};
template <typename Fn>
struct BoundResult<void, Fn>
{
    using type = std::invoke_result_t<Fn &>;
};

} // namespace detail

// Runs fn(result) (fn() for a QFuture<void>) in context's thread once future has finished,
// only while context lives, and returns a future of what fn returns. A context that is gone
// by then, or a cancelled future, cancels the returned future and fn never runs. On an
// already finished future in context's thread fn runs at once, as QFuture::then would.
template <typename T, typename Fn>
auto bindTo(QObject *context, const QFuture<T> &future, Fn fn)
{
    using R = typename detail::BoundResult<T, Fn>::type;
    struct State
    {
        QPointer<QObject> context;
        Fn fn;
        QPromise<R> promise;
        void cancel()
        {
            promise.future().cancel();
            promise.finish();
        }
        void run(const QFuture<T> &done)
        {
            if (!context || done.isCanceled())
                return cancel();
            if constexpr (std::is_void_v<T>) {
                if constexpr (std::is_void_v<R>)
                    fn();
                else
                    promise.addResult(fn());
            } else {
                if (done.resultCount() == 0)
                    return cancel();
                if constexpr (std::is_void_v<R>)
                    fn(done.result());
                else
                    promise.addResult(fn(done.result()));
            }
            promise.finish();
        }
    };
    auto state = std::make_shared<State>(State{QPointer<QObject>(context), std::move(fn), QPromise<R>()});
    state->promise.start();
    QFuture<R> result = state->promise.future();
    QFuture<T>(future)
        .then(QtFuture::Launch::Sync,
              [state](const QFuture<T> &done) {
                  QObject *target = state->context.data();
                  if (target && target->thread() != QThread::currentThread())
                      // If the context dies before the call is delivered, the call and the
                      // state go with it, and the promise cancels itself.
                      QMetaObject::invokeMethod(target, [state, done] { state->run(done); }, Qt::QueuedConnection);
                  else
                      state->run(done);
              })
        .onCanceled([state] { state->cancel(); });
    return result;
}

} // namespace pd
