#pragma once

#include "costreport.h"

#include <QList>

namespace pd::core {

// A CostReport from OpenCost's allocation aggregated by namespace: only what those rows
// can say. totalCost is the sum of every row as OpenCost reported it (its "__idle__" and
// "__unallocated__" included when present); mostExpensive holds the top
// options.topPreviews namespaces, costliest first, restricted to options.previewNamespaces
// when that is not empty, and never OpenCost's own "__...__" entries. The window is
// [windowStartMs, windowEndMs). By day, by environment, idle, rightsizing and guardrail
// savings stay empty: OpenCost's per-namespace totals do not carry them.
CostReport costReportFromOpenCost(const QList<CostRow> &byNamespaceRows, qint64 windowStartMs, qint64 windowEndMs,
                                  const CostReportOptions &options = {});

} // namespace pd::core
