#pragma once
// The event-loop latency probe of bench_gui: a 1 ms precise timer whose lateness (time
// since its last firing minus 1 ms) is recorded with when it fired, so any stretch of
// the run can be asked for its worst and 99th-percentile stall.

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

namespace pd::bench {

struct StallFigures
{
    qint64 worstMs = 0;
    qint64 p99Ms = 0;
    qint64 over50 = 0;   // firings at least 50 ms late
};

class LatencyProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LatencyProbe)
public:
    explicit LatencyProbe(QObject *parent = nullptr);

    void start();
    // Milliseconds on the probe's clock (the same for every figure of a run).
    qint64 nowMs() const { return m_clock.elapsed(); }
    // Stalls of the firings in [fromMs, toMs] (only their part after fromMs), plus the
    // stall still running at toMs.
    StallFigures between(qint64 fromMs, qint64 toMs) const;

private:
    void fired();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastUs = 0;
    QList<qint64> m_firedAtUs;
    QList<qint64> m_latenessUs;
};

} // namespace pd::bench
