#pragma once
// Helpers of bench_soak: the faults it injects, the second client that keeps changing
// the cluster, and the consistency check against a fresh list of the server.

#include "kube/clusterendpoint.h"

#include <QList>
#include <QStringList>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <chrono>
#include <memory>

namespace pd::core {
class EnvironmentModel;
}
namespace pd::kube {
class ApiClient;
}
namespace pd::sandbox {
class FaultInjector;
}

namespace pd::bench {

enum class Fault { DroppedWatches, Gone, TooManyRequests, ServerErrors, Latency, Count };
const char *faultName(Fault fault);
void inject(pd::sandbox::FaultInjector *faults, Fault fault);
// Storms and spikes last a while; a dropped connection or a 410 is one moment.
bool lasts(Fault fault);

// Runs the event loop for `duration` (no sleeping: timers, watches and replies go on).
void spin(std::chrono::milliseconds duration);
// kB of resident memory of this process now (VmRSS).
qint64 currentRssKb();
// kB the heap has handed out and not had back (mallinfo2 uordblks + hblkhd): grows with a
// leak or with what is held, not with fragmentation the allocator keeps as RSS.
qint64 heapInUseKb();

// Milliseconds until every row of `model` equals the same row of a model filled by a new
// watcher on a new client (a fresh list of the server); -1 when not within `timeout`,
// with the first difference left in *why.
qint64 timeToConsistency(const pd::kube::ClusterEndpoint &endpoint, const pd::core::EnvironmentModel &model,
                         std::chrono::milliseconds timeout, QString *why = nullptr);

// A second client that scales deployments, relabels namespaces and creates and deletes
// previews every 50 ms, until paused.
class ClusterChanger final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterChanger)
public:
    ClusterChanger(const pd::kube::ClusterEndpoint &endpoint, quint32 seed, QObject *parent = nullptr);
    ~ClusterChanger() override;

    void start();
    void pause() { m_timer.stop(); }
    void resume() { m_timer.start(); }
    qint64 sent() const { return m_sent; }
    qint64 failed() const { return m_failed; }

private:
    struct Deployment { QString namespaceName, name; };
    void change();

    std::unique_ptr<pd::kube::ApiClient> m_client;
    QRandomGenerator m_random;
    QTimer m_timer;
    QList<Deployment> m_deployments;
    QStringList m_created;
    int m_next = 0;
    qint64 m_sent = 0;
    qint64 m_failed = 0;
};

} // namespace pd::bench
