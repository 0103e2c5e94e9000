#pragma once

#include "costprices.h"
#include "usagesample.h"

#include <QHash>
#include <QList>
#include <QString>

namespace pd::core {

enum class CostGrouping { Namespace, Workload, Owner, Environment, Day };

// One aggregated line of cost. hours are container-hours of compute (storage adds none).
struct CostRow
{
    QString key;                    // namespace | "ns/workload" | owner | environment | "YYYY-MM-DD" (UTC)
    double hours = 0;
    double cpuCost = 0;
    double memoryCost = 0;
    double storageCost = 0;
    double totalCost = 0;
    // What the costs were computed from (for idle detection and display).
    double cpuCoreHoursUsed = 0;
    double cpuCoreHoursRequested = 0;
    double memoryGiBHoursUsed = 0;
    double memoryGiBHoursRequested = 0;
    double storageGiBHours = 0;
};

struct AttributionOptions
{
    // The sampling period. A gap longer than maxGapFactor x this between two samples of a
    // container (a restart, a pod gone, scaled to zero) is priced for one interval only;
    // the rest of the gap costs nothing. The last sample is priced for one interval.
    qint64 nominalIntervalMs = 3600 * 1000;
    double maxGapFactor = 2.0;
};

struct AttributionInput
{
    QList<UsageSample> samples;
    QList<PvcUsage> pvcs;
    Prices prices;
    qint64 windowStartMs = 0;       // [start, end), ms since the epoch
    qint64 windowEndMs = 0;
    AttributionOptions options;
    QHash<QString, QString> ownerByNamespace;        // namespace label previewdesk.io/owner
    QHash<QString, QString> environmentByNamespace;  // absent: the namespace is the environment
};

// OpenCost's rule per container: max(request, usage) x time x price for CPU and memory,
// plus PVC storage by requested size, clipped to the window, split at UTC midnights for
// CostGrouping::Day. Rows come sorted by totalCost descending, then key.
QList<CostRow> attribute(const AttributionInput &input, CostGrouping grouping);

QString toString(CostGrouping grouping);                               // "namespace" ...
bool parseCostGrouping(const QString &text, CostGrouping *grouping);

inline constexpr double bytesPerGiB = 1024.0 * 1024.0 * 1024.0;

} // namespace pd::core
