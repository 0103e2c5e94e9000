#include "costperday.h"

#include "costattribution.h"
#include "costhistory.h"

namespace pd::core {

QHash<QString, double> costPerDayByNamespace(CostHistory &history, qint64 nowMs, const Prices &prices)
{
    constexpr qint64 day = 24LL * 3600 * 1000;
    const qint64 start = nowMs - day;
    const CostCoverage coverage = history.coverage(start, nowMs);
    QHash<QString, double> result;
    if (coverage.coveredMs <= 0)
        return result;
    // The last sample is priced for one interval: the window must reach that far, or the
    // newest sample (the only one, right after start-up) would be priced for nothing.
    const qint64 end = std::max(nowMs, coverage.lastMs + coverage.intervalMs);
    const qint64 covered = std::min(day, std::max(coverage.coveredMs, end - std::max(start, coverage.firstMs)));
    const double scale = double(day) / double(covered);
    for (const CostRow &row : attribute(history.input(start, end, prices), CostGrouping::Namespace))
        result.insert(row.key, row.totalCost * scale);
    return result;
}

} // namespace pd::core
