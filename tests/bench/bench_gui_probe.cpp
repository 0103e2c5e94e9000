#include "bench_gui_probe.h"

#include <algorithm>

namespace pd::bench {

LatencyProbe::LatencyProbe(QObject *parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(1);
    connect(&m_timer, &QTimer::timeout, this, &LatencyProbe::fired);
}

void LatencyProbe::start()
{
    m_clock.start();
    m_lastUs = 0;
    m_timer.start();
}

void LatencyProbe::fired()
{
    const qint64 now = m_clock.nsecsElapsed() / 1000;
    m_firedAtUs.append(now);
    m_latenessUs.append(std::max<qint64>(0, now - m_lastUs - 1000));
    m_lastUs = now;
}

StallFigures LatencyProbe::between(qint64 fromMs, qint64 toMs) const
{
    const auto first = std::lower_bound(m_firedAtUs.cbegin(), m_firedAtUs.cend(), fromMs * 1000);
    const auto last = std::upper_bound(first, m_firedAtUs.cend(), toMs * 1000);
    // Only the part of a stall after fromMs is the phase's.
    QList<qint64> lateness;
    for (auto it = first; it != last; ++it)
        lateness.append(std::min(m_latenessUs.at(it - m_firedAtUs.cbegin()), *it - fromMs * 1000));
    // A stall that has not ended by toMs counts up to toMs.
    const qint64 lastFired = last == m_firedAtUs.cbegin() ? 0 : *(last - 1);
    if (toMs * 1000 - lastFired > 1000)
        lateness.append(toMs * 1000 - lastFired - 1000);
    StallFigures figures;
    if (lateness.isEmpty())
        return figures;
    std::sort(lateness.begin(), lateness.end());
    figures.worstMs = lateness.last() / 1000;
    figures.p99Ms = lateness.at(std::min<qsizetype>(lateness.size() - 1, lateness.size() * 99 / 100)) / 1000;
    figures.over50 = lateness.cend() - std::lower_bound(lateness.cbegin(), lateness.cend(), 50000);
    return figures;
}

} // namespace pd::bench
