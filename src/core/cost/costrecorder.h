#pragma once

#include "costsampler.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace pd::core {

class CostHistory;

// Samples a cluster on a timer into a CostHistory (the app runs one per session; `previewctl
// cost record` runs one until it is stopped). A tick while a sample is still out is skipped.
// Neither the client nor the history is owned; both must outlive the recorder.
class CostRecorder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostRecorder)
public:
    CostRecorder(pd::kube::ApiClient *client, CostHistory *history,
                 std::chrono::milliseconds interval = std::chrono::minutes(5), QObject *parent = nullptr);
    ~CostRecorder() override;

    std::chrono::milliseconds interval() const { return m_interval; }
    void setInterval(std::chrono::milliseconds interval);
    // Data older than this many days is pruned after a sample, at most hourly (0: keep all).
    void setRetentionDays(int days) { m_retentionDays = days; }
    void setNamespace(const QString &namespaceName) { m_sampler.setNamespace(namespaceName); }

    bool isRunning() const { return m_timer.isActive(); }
    bool isSampling() const { return m_watcher.isRunning(); }
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

    CostSampler m_sampler;
    CostHistory *m_history;
    std::chrono::milliseconds m_interval;
    int m_retentionDays = 0;
    qint64 m_lastPruneMs = 0;
    QTimer m_timer;
    QFutureWatcher<CostSnapshot> m_watcher;
};

} // namespace pd::core
