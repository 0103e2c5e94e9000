#include "idleandrightsizing.h"

#include "costpricing.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

using namespace Qt::StringLiterals;

namespace pd::core {

QList<IdlePreview> findIdlePreviews(const AttributionInput &input, const IdleOptions &options)
{
    // Running at the window's end: a sample whose time reaches into its last interval.
    const qint64 interval = std::max<qint64>(1, input.options.nominalIntervalMs);
    QSet<QString> running;
    for (const UsageSample &s : input.samples) {
        if (s.timestampMs < input.windowEndMs && s.timestampMs + interval >= input.windowEndMs)
            running.insert(s.namespaceName);
    }
    QList<IdlePreview> idle;
    for (const CostRow &row : attribute(input, CostGrouping::Namespace)) {
        if (!running.contains(row.key) || row.cpuCoreHoursRequested <= 0)
            continue;
        IdlePreview preview;
        preview.namespaceName = row.key;
        preview.cost = row;
        preview.cpuUsageRatio = row.cpuCoreHoursUsed / row.cpuCoreHoursRequested;
        if (preview.cpuUsageRatio < options.usageRatio)
            idle.append(preview);
    }
    return idle;   // attribute() already sorted by cost
}

double percentile(QList<double> &values, double p)
{
    if (values.isEmpty())
        return 0;
    const auto rank = std::clamp<qsizetype>(qsizetype(std::ceil(p * double(values.size()))), 1, values.size());
    std::nth_element(values.begin(), values.begin() + (rank - 1), values.end());
    return values.at(rank - 1);
}

namespace {

struct Series
{
    QList<double> cpu;
    QList<double> memory;
    qint64 latest = std::numeric_limits<qint64>::min();
    qint64 earliest = std::numeric_limits<qint64>::max();
    double cpuRequest = 0;
    double memoryRequest = 0;
    double hours = 0;
};

} // namespace

QList<RightsizingSuggestion> suggestRightsizing(const AttributionInput &input, const RightsizingOptions &options)
{
    // Container-hours per workload come from attribution, so gaps count as attribute() counts them.
    QHash<QString, Series> byContainer;   // "ns/workload/container"
    for (const UsageSample &s : input.samples) {
        if (s.timestampMs < input.windowStartMs || s.timestampMs >= input.windowEndMs)
            continue;
        Series &series = byContainer[s.namespaceName + u'/' + s.workload + u'/' + s.container];
        series.cpu.append(s.cpuUsageCores);
        series.memory.append(s.memoryUsageBytes);
        series.earliest = std::min(series.earliest, s.timestampMs);
        if (s.timestampMs >= series.latest) {
            series.latest = s.timestampMs;
            series.cpuRequest = s.cpuRequestCores;
            series.memoryRequest = s.memoryRequestBytes;
        }
    }
    // Container-hours per workload container: attribute each container's samples alone.
    AttributionInput perContainer = input;
    perContainer.pvcs.clear();
    for (UsageSample &s : perContainer.samples)
        s.workload = s.workload + u'/' + s.container;
    for (const CostRow &row : attribute(perContainer, CostGrouping::Workload)) {
        auto it = byContainer.find(row.key);
        if (it != byContainer.end())
            it->hours = row.hours;
    }

    const double mib = 1024.0 * 1024.0;
    QList<RightsizingSuggestion> out;
    for (auto it = byContainer.begin(); it != byContainer.end(); ++it) {
        const QStringList parts = it.key().split(u'/');
        RightsizingSuggestion r;
        r.namespaceName = parts.value(0);
        r.container = parts.value(parts.size() - 1);
        r.workload = parts.mid(1, parts.size() - 2).join(u'/');
        r.cpuRequestCores = it->cpuRequest;
        r.memoryRequestBytes = it->memoryRequest;
        r.cpuP95Cores = percentile(it->cpu, options.percentile);
        r.memoryP95Bytes = percentile(it->memory, options.percentile);
        // Round up at the units requests are written in; the epsilon keeps 0.12 from becoming 121m.
        r.suggestedCpuCores = std::ceil(r.cpuP95Cores * options.headroom * 1000.0 - 1e-6) / 1000.0;
        r.suggestedMemoryBytes = std::ceil(r.memoryP95Bytes * options.headroom / mib - 1e-6) * mib;
        // Replicas while the workload was there: a preview sampled for 2 h of a 7-day window
        // runs a whole replica, not 1/84 of one.
        const qint64 from = std::max(input.windowStartMs, it->earliest);
        const qint64 until = std::min(input.windowEndMs, it->latest + std::max<qint64>(1, input.options.nominalIntervalMs));
        const double presentHours = double(std::max<qint64>(0, until - from)) / 3600000.0;
        r.averageReplicas = presentHours > 0 ? it->hours / presentHours : 0;
        const PricedResources month = priceRequests(r.cpuRequestCores - r.suggestedCpuCores,
                                                    r.memoryRequestBytes - r.suggestedMemoryBytes, 0,
                                                    options.hoursPerMonth, input.prices);
        r.monthlySaving = (month.cpu + month.memory) * r.averageReplicas;
        out.append(r);
    }
    std::sort(out.begin(), out.end(), [](const RightsizingSuggestion &a, const RightsizingSuggestion &b) {
        if (a.monthlySaving != b.monthlySaving)
            return a.monthlySaving > b.monthlySaving;
        return std::tie(a.namespaceName, a.workload, a.container) < std::tie(b.namespaceName, b.workload, b.container);
    });
    return out;
}

} // namespace pd::core
