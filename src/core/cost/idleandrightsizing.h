#pragma once

#include "costattribution.h"

#include <QList>
#include <QString>

namespace pd::core {

struct IdleOptions
{
    double usageRatio = 0.05;          // CPU usage under this share of CPU requests: idle
    qint64 scaledDownMs = 24LL * 3600 * 1000;  // no running container for longer than this: idle
};

struct IdlePreview
{
    enum class Reason { LowUsage, ScaledDown };
    QString namespaceName;
    Reason reason = Reason::LowUsage;
    double cpuUsageRatio = 0;          // used / requested core-hours over the window
    double hoursScaledDown = 0;        // since the last sample (or the window start) until the window end
    CostRow cost;                      // the namespace's cost over the window
};

// Preview namespaces (every namespace with samples or PVCs in the input) that are idle over
// the window: CPU usage under usageRatio of requests, or no container sampled for longer
// than scaledDownMs up to the window end (what they still cost is their storage). Sorted by
// cost, highest first. CPU decides because resident memory rarely falls when a service idles.
QList<IdlePreview> findIdlePreviews(const AttributionInput &input, const IdleOptions &options = {});

struct RightsizingOptions
{
    double percentile = 0.95;
    double headroom = 1.2;
    double hoursPerMonth = 730;
};

// One container of one workload: p95 usage x headroom against its request.
struct RightsizingSuggestion
{
    QString namespaceName;
    QString workload;
    QString container;
    double cpuRequestCores = 0;        // the latest sample's request
    double memoryRequestBytes = 0;
    double cpuP95Cores = 0;
    double memoryP95Bytes = 0;
    double suggestedCpuCores = 0;      // p95 x headroom, rounded up to a millicore
    double suggestedMemoryBytes = 0;   // p95 x headroom, rounded up to a MiB
    double averageReplicas = 0;        // container-hours / window hours
    // (request - suggestion) x price x hoursPerMonth x averageReplicas for CPU plus memory;
    // negative when the workload asks for less than it uses.
    double monthlySaving = 0;
};

// Sorted by monthlySaving, highest first.
QList<RightsizingSuggestion> suggestRightsizing(const AttributionInput &input,
                                                const RightsizingOptions &options = {});

// The nearest-rank percentile (0 < p <= 1) of values; 0 for none. Reorders values.
double percentile(QList<double> &values, double p);

} // namespace pd::core
