#pragma once

#include <QStringList>

namespace pd::cli {

// previewctl cost [--window 7d] [--by namespace|workload|owner|environment|day]
//   [-o table|csv|json] [--namespace NS] [--prices FILE]
// Without a metrics history, the current usage and requests (metrics.k8s.io) are held for
// the whole window: an estimate, and the output says so.
int runCostCommand(const QStringList &arguments);

} // namespace pd::cli
