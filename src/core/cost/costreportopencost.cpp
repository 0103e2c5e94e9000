#include "costreportopencost.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::core {

CostReport costReportFromOpenCost(const QList<CostRow> &byNamespaceRows, qint64 windowStartMs, qint64 windowEndMs,
                                  const CostReportOptions &options)
{
    CostReport report;
    report.windowStartMs = windowStartMs;
    report.windowEndMs = windowEndMs;
    for (const CostRow &row : byNamespaceRows) {
        report.totalCost += row.totalCost;
        // "__idle__", "__unallocated__": cluster cost no namespace owns, not a preview.
        const bool openCostOwn = row.key.startsWith(u"__"_s) && row.key.endsWith(u"__"_s);
        if (openCostOwn || (!options.previewNamespaces.isEmpty() && !options.previewNamespaces.contains(row.key)))
            continue;
        report.mostExpensive.append(row);
    }
    std::stable_sort(report.mostExpensive.begin(), report.mostExpensive.end(), [](const CostRow &a, const CostRow &b) {
        if (a.totalCost != b.totalCost)
            return a.totalCost > b.totalCost;
        return a.key < b.key;
    });
    if (report.mostExpensive.size() > options.topPreviews)
        report.mostExpensive.resize(std::max(0, options.topPreviews));
    return report;
}

} // namespace pd::core
