#pragma once

#include "costattribution.h"
#include "costprojection.h"
#include "idleandrightsizing.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace pd::core {

struct CostReportOptions
{
    int topNamespaces = 8;       // "By day" stacks these, the rest sum into "other"
    int topPreviews = 10;        // "Most expensive"
    // The namespaces that are previews (most expensive, idle, guardrail savings); empty:
    // every namespace in the input counts as one. "By day" and "by workload" show all.
    QSet<QString> previewNamespaces;
    // The namespaces that exist now; empty: not known (every one does). A destroyed
    // namespace stays in the history views (by day, by workload, most expensive) only.
    QSet<QString> liveNamespaces;
    IdleOptions idle;
    RightsizingOptions rightsizing;
};

// One stack of the "By day" chart: values[i] is the cost on CostReport::days[i].
struct DailyNamespaceCost
{
    QString name;                // a namespace, or CostReport::otherName()
    QList<double> values;
    double total = 0;
};

// The workloads of one environment, costliest first. A row's key is the workload name
// ("web", "pvc:data"), or "namespace/workload" when the environment spans namespaces.
struct EnvironmentWorkloadCost
{
    QString environment;
    double totalCost = 0;
    QList<CostRow> workloads;
};

// What stopping a preview outside working hours saved. The rule: for each preview
// namespace, the hours of the window after its first running container during which no
// container of it ran (scaled down: between sampled runs, and from its last sample to the
// window end, as findIdlePreviews counts), times its average hourly compute cost while it
// ran ((CPU + memory cost) / hours with at least one container running). Storage is left
// out: a PVC costs the same whether or not anything mounts it.
struct GuardrailSaving
{
    QString namespaceName;
    double runningHours = 0;
    double hoursScaledDown = 0;
    double hourlyCost = 0;
    double saving = 0;           // hoursScaledDown x hourlyCost
};

struct CostReport
{
    qint64 windowStartMs = 0;
    qint64 windowEndMs = 0;
    double totalCost = 0;
    QStringList days;                                // "YYYY-MM-DD" (UTC), every day of the window
    QList<DailyNamespaceCost> byDay;                 // top namespaces by total, then "other" if any
    QList<EnvironmentWorkloadCost> byEnvironment;    // costliest environment first
    QList<CostRow> mostExpensive;                    // previews by environment, top N
    QList<IdlePreview> idle;
    QList<RightsizingSuggestion> rightsizing;
    QList<GuardrailSaving> guardrailSavings;         // highest saving first, zero savings left out

    // Nothing was sampled or priced in the window: show a placeholder, not zeros. A report
    // from OpenCost (costreportopencost.h) fills only mostExpensive.
    bool isEmpty() const { return byDay.isEmpty() && byEnvironment.isEmpty() && mostExpensive.isEmpty(); }
    static QString otherName() { return QStringLiteral("other"); }
};

CostReport buildCostReport(const AttributionInput &input, const CostReportOptions &options = {});

// The guardrail savings alone (see GuardrailSaving for the rule), for every namespace in input.
QList<GuardrailSaving> guardrailSavings(const AttributionInput &input);

} // namespace pd::core
