#include "idleandrightsizing.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

using namespace Qt::StringLiterals;

namespace pd::core {

QList<IdlePreview> findIdlePreviews(const AttributionInput &input, const IdleOptions &options)
{
    QHash<QString, qint64> lastSample;   // per namespace, the end of its newest sample's time
    for (const UsageSample &s : input.samples) {
        if (s.timestampMs >= input.windowEndMs)
            continue;
        const qint64 end = s.timestampMs + input.options.nominalIntervalMs;
        auto it = lastSample.find(s.namespaceName);
        if (it == lastSample.end())
            lastSample.insert(s.namespaceName, end);
        else
            *it = std::max(*it, end);
    }

    QList<IdlePreview> idle;
    for (const CostRow &row : attribute(input, CostGrouping::Namespace)) {
        IdlePreview preview;
        preview.namespaceName = row.key;
        preview.cost = row;
        preview.cpuUsageRatio = row.cpuCoreHoursRequested > 0 ? row.cpuCoreHoursUsed / row.cpuCoreHoursRequested : 0;
        const qint64 since = std::clamp(lastSample.value(row.key, input.windowStartMs), input.windowStartMs,
                                        input.windowEndMs);
        const qint64 down = input.windowEndMs - since;
        preview.hoursScaledDown = double(down) / 3600000.0;
        if (down > options.scaledDownMs) {
            preview.reason = IdlePreview::Reason::ScaledDown;
        } else if (row.cpuCoreHoursRequested > 0 && preview.cpuUsageRatio < options.usageRatio) {
            preview.reason = IdlePreview::Reason::LowUsage;
        } else {
            continue;
        }
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

    const double windowHours = double(input.windowEndMs - input.windowStartMs) / 3600000.0;
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
        r.averageReplicas = windowHours > 0 ? it->hours / windowHours : 0;
        r.monthlySaving = ((r.cpuRequestCores - r.suggestedCpuCores) * input.prices.cpuPerCoreHour
                           + (r.memoryRequestBytes - r.suggestedMemoryBytes) / bytesPerGiB * input.prices.memoryPerGiBHour)
            * options.hoursPerMonth * r.averageReplicas;
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
