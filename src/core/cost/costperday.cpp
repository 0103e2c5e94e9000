#include "costperday.h"

#include "costattribution.h"
#include "costhistory.h"

namespace pd::core {

QHash<QString, double> costPerDayByNamespace(CostHistory &history, qint64 nowMs, const Prices &prices)
{
    return *costPerDayByNamespace(history, nowMs, prices, [] { return true; });
}

std::optional<QHash<QString, double>> costPerDayByNamespace(CostHistory &history, qint64 nowMs, const Prices &prices,
                                                            const std::function<bool()> &goOn)
{
    constexpr qint64 day = 24LL * 3600 * 1000;
    const qint64 start = nowMs - day;
    const CostCoverage coverage = history.coverage(start, nowMs);
    QHash<QString, double> result;
    if (coverage.coveredMs <= 0)
        return result;
    if (!goOn())
        return std::nullopt;
    // Right after start-up the newest (only) sample would otherwise be priced for nothing.
    const qint64 end = coverage.pricedUntil(nowMs);
    const qint64 covered = std::min(day, std::max(coverage.coveredMs, end - std::max(start, coverage.firstMs)));
    const double scale = double(day) / double(covered);
    const AttributionInput input = history.input(start, end, prices);
    if (!goOn())
        return std::nullopt;
    for (const CostRow &row : attribute(input, CostGrouping::Namespace))
        result.insert(row.key, row.totalCost * scale);
    return result;
}

} // namespace pd::core
