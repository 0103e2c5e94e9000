#pragma once

#include <QStringList>

namespace pd::cli {

// previewctl cost record [--interval 5m] [--once] [--db FILE] [--retention 30d] [--namespace NS]
// Samples usage (pods, metrics.k8s.io, PVCs, namespace labels) into the cost history every
// interval until SIGINT/SIGTERM, or once (a CronJob); prunes what is older than --retention.
int runCostRecordCommand(const QStringList &arguments);

} // namespace pd::cli
