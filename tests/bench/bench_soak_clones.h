#pragma once
// The second half of bench_soak: `previewctl clone` of the shop's staging, run again and
// again with a fault injected at a random point. Every run must either complete (the
// preview is there and not Incomplete) or leave nothing behind (the namespace goes).

#include <QString>

namespace pd::bench {

class SoakServer;

struct CloneSoakResult
{
    int completed = 0;
    int rolledBack = 0;
    int leftBehind = 0;   // failures of the promise: a half-made preview stayed
    qint64 worstMs = 0;   // the slowest clone, fault included
};

CloneSoakResult soakClones(const QString &previewctl, SoakServer &server, int clones, quint32 seed);

} // namespace pd::bench
