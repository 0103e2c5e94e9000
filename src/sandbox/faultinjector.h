#pragma once

#include "sandbox/httpexchange.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QString>

#include <chrono>
#include <functional>

namespace pd::sandbox {

// Faults on demand for tests, off by default. Wraps the API server's handler:
// latency per request, error answers (a Status with a chosen code) at a rate per
// verb, 429 with Retry-After, dropped watch connections, forced 410 Expired.
// Random choices come from a generator seeded by setSeed(), so a test run is
// repeatable.
class FaultInjector final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultInjector)
public:
    explicit FaultInjector(QObject *parent = nullptr);
    ~FaultInjector() override;

    // Kubernetes verb of a request as kube-apiserver's RequestInfo names it:
    // get list watch create update patch delete deletecollection; "" for non-resource paths.
    static QString verbOf(const HttpRequest &request);

    // The handler that applies the faults, then calls `inner`.
    RequestHandler wrap(RequestHandler inner);

    void setSeed(quint32 seed);
    // Every request waits this long before it is handled.
    void setLatency(std::chrono::milliseconds latency);
    // `rate` in [0,1] of requests with this verb ("*" = any verb) get `code` as a Status.
    void setErrorRate(const QString &verb, double rate, int code = 500);
    // `rate` of all resource requests get 429 TooManyRequests with Retry-After.
    void setTooManyRequests(double rate, int retryAfterSeconds = 1);
    // Every request the predicate selects gets `code` as a Status (a failure at one
    // chosen step, e.g. "POST .../deployments"), until reset().
    void setRequestFault(std::function<bool(const HttpRequest &)> predicate, int code = 500);
    // Discovery (/api, /apis, /version, /openapi) is spared unless this is set.
    void setAffectsDiscovery(bool on);
    // Clears every fault (the seed stays).
    void reset();

    // Closes every open watch connection now, without a proper end.
    void dropWatches();
    int openWatchCount() const;
    // What forceExpired() does (the cluster wires ApiServer::expireAllWatches + compactHistory).
    void setExpireHandler(std::function<void()> handler);
    // Every open watch gets 410 Expired and old resourceVersions become too old.
    void forceExpired();

    int injectedCount() const { return m_injected; }

Q_SIGNALS:
    void faultInjected(const QString &kind);

private:
    struct ErrorRule { double rate = 0; int code = 500; };
    bool roll(double rate);
    bool isDiscovery(const HttpRequest &request) const;
    bool injectError(HttpExchange *exchange, const QString &verb);
    void handle(const RequestHandler &inner, HttpExchange *exchange);

    QRandomGenerator m_random;
    std::chrono::milliseconds m_latency{0};
    QHash<QString, ErrorRule> m_errors;
    double m_tooManyRate = 0;
    int m_retryAfterSeconds = 1;
    bool m_affectsDiscovery = false;
    std::function<void()> m_expireHandler;
    std::function<bool(const HttpRequest &)> m_requestFault;
    int m_requestFaultCode = 500;
    QList<QPointer<HttpExchange>> m_watches;
    int m_injected = 0;
};

} // namespace pd::sandbox
