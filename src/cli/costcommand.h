#pragma once

#include <QStringList>

namespace pd::cli {

// previewctl cost [--window 7d] [--by namespace|workload|owner|environment|day]
//   [-o table|csv|json] [--namespace NS] [--prices FILE]
//   [--source auto|history|estimate|opencost] [--db FILE] [--opencost-service NS/SVC:PORT]
// auto: the recorded usage history when it has samples in the window, else the current
// usage and requests (metrics.k8s.io) held for the whole window; the header says which.
// `previewctl cost record ...` goes to runCostRecordCommand.
int runCostCommand(const QStringList &arguments);

} // namespace pd::cli
