#pragma once

#include "costattribution.h"

#include <QList>
#include <QString>

namespace pd::core {

struct IdleOptions
{
    double usageRatio = 0.05;          // CPU usage under this share of CPU requests: idle
};

struct IdlePreview
{
    QString namespaceName;
    double cpuUsageRatio = 0;          // used / requested core-hours over the window
    CostRow cost;                      // the namespace's cost over the window
};

// Idle means running and using under usageRatio of its CPU requests over the window:
// namespaces sampled in the window's last interval (still running) whose used/requested
// core-hours stay under the ratio. Scaled-down previews are not idle (they cost only
// their storage; guardrailSavings() lists them), and neither are gone ones. Sorted by
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
    double averageReplicas = 0;        // container-hours / hours the workload was sampled in the window
    // (request - suggestion) x the context's price x hoursPerMonth x averageReplicas for CPU
    // plus memory (priceRequests); negative when the workload asks for less than it uses.
    double monthlySaving = 0;
};

// Sorted by monthlySaving, highest first.
QList<RightsizingSuggestion> suggestRightsizing(const AttributionInput &input,
                                                const RightsizingOptions &options = {});

// The nearest-rank percentile (0 < p <= 1) of values; 0 for none. Reorders values.
double percentile(QList<double> &values, double p);

} // namespace pd::core
