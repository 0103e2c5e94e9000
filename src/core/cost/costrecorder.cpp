#include "costrecorder.h"

#include "coststore.h"

#include "kube/bindto.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace pd::core {

CostRecorder::CostRecorder(pd::kube::ApiClient *client, CostStore *store, std::chrono::milliseconds interval,
                           QObject *parent)
    : QObject(parent), m_sampler(client), m_store(store), m_interval(interval)
{
    m_timer.setInterval(m_interval);
    connect(&m_timer, &QTimer::timeout, this, [this] { sampleNow(); });
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &CostRecorder::onSampled);
    connect(&m_writing, &QFutureWatcherBase::finished, this, &CostRecorder::onWritten);
}

// The watchers go with the recorder, so a late answer reaches nobody (a write already
// queued in the store still happens).
CostRecorder::~CostRecorder() = default;

void CostRecorder::setInterval(std::chrono::milliseconds interval)
{
    m_interval = interval;
    m_timer.setInterval(interval);
}

void CostRecorder::start()
{
    m_timer.start();
    sampleNow();
}

void CostRecorder::stop()
{
    m_timer.stop();
}

bool CostRecorder::sampleNow()
{
    if (m_busy)
        return false;
    m_busy = true;
    m_sampling = true;
    m_watcher.setFuture(m_sampler.sample());
    return true;
}

void CostRecorder::onSampled()
{
    if (!std::exchange(m_sampling, false))
        return;   // the empty future below (it counts as finished)
    const QFuture<CostSnapshot> future = m_watcher.future();
    if (future.resultCount() == 0) {
        m_busy = false;
        Q_EMIT failed(u"the cost sample was cancelled"_s);
        return;
    }
    const CostSnapshot snapshot = future.result();
    m_watcher.setFuture(QFuture<CostSnapshot>());   // the snapshot's lists go once written
    if (!snapshot.ok) {
        m_busy = false;
        Q_EMIT failed(snapshot.error);
        return;
    }
    m_writingTimestampMs = snapshot.timestampMs;
    m_writingContainers = int(snapshot.samples.size());
    m_writingPvcs = int(snapshot.pvcs.size());
    m_writingWarnings = snapshot.warnings;
    m_writing.setFuture(m_store->record(snapshot, m_interval.count()));
}

void CostRecorder::onWritten()
{
    m_busy = false;
    const QFuture<CostStoreStatus> future = m_writing.future();
    if (future.resultCount() == 0) {
        Q_EMIT failed(u"the cost history closed before the sample was written"_s);
        return;
    }
    const CostStoreStatus status = future.result();
    if (!status.ok) {
        Q_EMIT failed(status.error);
        return;
    }
    const qint64 timestampMs = m_writingTimestampMs;
    Q_EMIT recorded(timestampMs, m_writingContainers, m_writingPvcs, m_writingWarnings);
    constexpr qint64 hourMs = 3600 * 1000;
    if (m_retentionDays > 0 && timestampMs - m_lastPruneMs >= hourMs) {
        m_lastPruneMs = timestampMs;
        pd::bindTo(this, m_store->prune(timestampMs, m_retentionDays), [this](const CostStoreStatus &pruned) {
            if (!pruned.ok)
                Q_EMIT failed(pruned.error);
        });
    }
}

} // namespace pd::core
