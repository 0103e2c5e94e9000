#pragma once

#include "costsampler.h"
#include "coststore.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace pd::core {

// Samples a cluster on a timer into a CostStore's history (the app runs one per session;
// `previewctl cost record` runs one until it is stopped). The lists are fetched in the
// client's thread, decoded on the global thread pool and written on the store's thread: the
// recorder's own thread only starts each step. A tick while a sample is still out (being
// fetched or written) is skipped. Neither the client nor the store is owned; both must
// outlive the recorder.
class CostRecorder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostRecorder)
public:
    CostRecorder(pd::kube::ApiClient *client, CostStore *store,
                 std::chrono::milliseconds interval = std::chrono::minutes(5), QObject *parent = nullptr);
    ~CostRecorder() override;

    std::chrono::milliseconds interval() const { return m_interval; }
    void setInterval(std::chrono::milliseconds interval);
    // Data older than this many days is pruned after a sample, at most hourly (0: keep all).
    void setRetentionDays(int days) { m_retentionDays = days; }
    void setNamespace(const QString &namespaceName) { m_sampler.setNamespace(namespaceName); }

    bool isRunning() const { return m_timer.isActive(); }
    bool isSampling() const { return m_busy; }
    // Starts the timer and takes the first sample now.
    void start();
    void stop();
    // One sample now (also while stopped); false when one is already out.
    bool sampleNow();

Q_SIGNALS:
    // A snapshot went into the history; warnings are its partial answers.
    void recorded(qint64 timestampMs, int containers, int pvcs, const QStringList &warnings);
    // Sampling or storing failed; the recorder keeps its schedule.
    void failed(const QString &error);

private:
    void onSampled();
    void onWritten();

    CostSampler m_sampler;
    CostStore *m_store;
    std::chrono::milliseconds m_interval;
    int m_retentionDays = 0;
    qint64 m_lastPruneMs = 0;
    QTimer m_timer;
    bool m_busy = false;                    // from sampleNow() until written or failed
    bool m_sampling = false;                // m_watcher follows a sample being taken
    QFutureWatcher<CostSnapshot> m_watcher;
    QFutureWatcher<CostStoreStatus> m_writing;
    // The snapshot being written, for recorded(): its time, counts and warnings.
    qint64 m_writingTimestampMs = 0;
    int m_writingContainers = 0;
    int m_writingPvcs = 0;
    QStringList m_writingWarnings;
};

} // namespace pd::core
