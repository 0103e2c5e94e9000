#include "costrecorder.h"

#include "costhistory.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace pd::core {

CostRecorder::CostRecorder(pd::kube::ApiClient *client, CostHistory *history, std::chrono::milliseconds interval,
                           QObject *parent)
    : QObject(parent), m_sampler(client), m_history(history), m_interval(interval)
{
    m_timer.setInterval(m_interval);
    connect(&m_timer, &QTimer::timeout, this, [this] { sampleNow(); });
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &CostRecorder::onSampled);
}

// The watcher goes with the recorder, so a late answer reaches nobody.
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
    if (m_watcher.isRunning())
        return false;
    m_watcher.setFuture(m_sampler.sample());
    return true;
}

void CostRecorder::onSampled()
{
    const QFuture<CostSnapshot> future = m_watcher.future();
    if (future.resultCount() == 0) {
        Q_EMIT failed(u"the cost sample was cancelled"_s);
        return;
    }
    const CostSnapshot snapshot = future.result();
    if (!snapshot.ok) {
        Q_EMIT failed(snapshot.error);
        return;
    }
    if (!m_history->record(snapshot, m_interval.count())) {
        Q_EMIT failed(m_history->error());
        return;
    }
    Q_EMIT recorded(snapshot.timestampMs, int(snapshot.samples.size()), int(snapshot.pvcs.size()), snapshot.warnings);
    constexpr qint64 hourMs = 3600 * 1000;
    if (m_retentionDays > 0 && snapshot.timestampMs - m_lastPruneMs >= hourMs) {
        m_lastPruneMs = snapshot.timestampMs;
        if (m_history->prune(snapshot.timestampMs, m_retentionDays) < 0)
            Q_EMIT failed(m_history->error());
    }
}

} // namespace pd::core
