#include "costreport.h"

#include <QDate>
#include <QHash>

#include <algorithm>
#include <functional>
#include <utility>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

constexpr qint64 msPerHour = 3600 * 1000;
constexpr qint64 msPerDay = 24 * msPerHour;
constexpr qint64 maxWindowDays = 400;   // a longer window lists only the days with cost

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

QString dayKey(qint64 dayIndex)
{
    return QDate(1970, 1, 1).addDays(dayIndex).toString(Qt::ISODate);
}

// The same input restricted to some namespaces.
AttributionInput restricted(const AttributionInput &input, const std::function<bool(const QString &)> &keep)
{
    AttributionInput out;
    out.prices = input.prices;
    out.windowStartMs = input.windowStartMs;
    out.windowEndMs = input.windowEndMs;
    out.options = input.options;
    out.ownerByNamespace = input.ownerByNamespace;
    out.environmentByNamespace = input.environmentByNamespace;
    for (const UsageSample &s : input.samples) {
        if (keep(s.namespaceName))
            out.samples.append(s);
    }
    for (const PvcUsage &pvc : input.pvcs) {
        if (keep(pvc.namespaceName))
            out.pvcs.append(pvc);
    }
    return out;
}

QStringList windowDays(const AttributionInput &input, const QList<CostRow> &dayRows)
{
    QStringList days;
    if (input.windowEndMs <= input.windowStartMs)
        return days;
    const qint64 first = floorDiv(input.windowStartMs, msPerDay);
    const qint64 last = floorDiv(input.windowEndMs - 1, msPerDay);
    if (last - first < maxWindowDays) {
        for (qint64 day = first; day <= last; ++day)
            days << dayKey(day);
        return days;
    }
    for (const CostRow &row : dayRows)
        days << row.key;
    days.sort();
    return days;
}

void fillByDay(const AttributionInput &input, const QList<CostRow> &namespaceRows, int topN, CostReport *report)
{
    const QList<CostRow> allDays = attribute(input, CostGrouping::Day);
    report->days = windowDays(input, allDays);
    if (namespaceRows.isEmpty())
        return;
    QHash<QString, int> stackOf;   // namespace -> index in byDay; absent: "other"
    const int top = std::max(0, std::min(topN, int(namespaceRows.size())));
    for (int i = 0; i < top; ++i) {
        stackOf.insert(namespaceRows.at(i).key, i);
        report->byDay.append(DailyNamespaceCost{namespaceRows.at(i).key, {}, 0});
    }
    if (namespaceRows.size() > top)
        report->byDay.append(DailyNamespaceCost{CostReport::otherName(), {}, 0});

    // One pass per stack over disjoint parts of the input: linear in the samples overall.
    QHash<QString, int> dayIndex;
    for (int i = 0; i < report->days.size(); ++i)
        dayIndex.insert(report->days.at(i), i);
    for (int stack = 0; stack < report->byDay.size(); ++stack) {
        DailyNamespaceCost &series = report->byDay[stack];
        series.values = QList<double>(report->days.size(), 0.0);
        const bool other = stack >= top;
        const AttributionInput part = restricted(input, [&](const QString &ns) {
            return other ? !stackOf.contains(ns) : stackOf.value(ns, -1) == stack;
        });
        for (const CostRow &row : attribute(part, CostGrouping::Day)) {
            const auto it = dayIndex.constFind(row.key);
            if (it != dayIndex.constEnd())
                series.values[*it] += row.totalCost;
            series.total += row.totalCost;
        }
    }
}

QList<EnvironmentWorkloadCost> byEnvironment(const AttributionInput &input)
{
    const auto environmentOf = [&](const QString &ns) { return input.environmentByNamespace.value(ns, ns); };
    QHash<QString, QSet<QString>> namespacesOf;
    const QList<CostRow> rows = attribute(input, CostGrouping::Workload);
    for (const CostRow &row : rows) {
        const QString ns = row.key.section(u'/', 0, 0);
        namespacesOf[environmentOf(ns)].insert(ns);
    }
    QHash<QString, EnvironmentWorkloadCost> out;
    for (CostRow row : rows) {   // already costliest first
        const QString ns = row.key.section(u'/', 0, 0);
        const QString environment = environmentOf(ns);
        if (namespacesOf.value(environment).size() == 1)
            row.key = row.key.section(u'/', 1);
        EnvironmentWorkloadCost &env = out[environment];
        env.environment = environment;
        env.totalCost += row.totalCost;
        env.workloads.append(row);
    }
    QList<EnvironmentWorkloadCost> list = out.values();
    std::sort(list.begin(), list.end(), [](const EnvironmentWorkloadCost &a, const EnvironmentWorkloadCost &b) {
        if (a.totalCost != b.totalCost)
            return a.totalCost > b.totalCost;
        return a.environment < b.environment;
    });
    return list;
}

} // namespace

QList<GuardrailSaving> guardrailSavings(const AttributionInput &input)
{
    // Running spans per container series, priced as attribute() prices them: a sample
    // covers the time to the next one, or one interval across a long gap or at the end.
    const qint64 interval = std::max<qint64>(1, input.options.nominalIntervalMs);
    const auto maxGap = qint64(double(interval) * std::max(1.0, input.options.maxGapFactor));
    QHash<QString, QList<qint64>> seriesTimes;
    QHash<QString, QString> seriesNamespace;
    for (const UsageSample &s : input.samples) {
        const QString key = s.namespaceName + u'\n' + s.pod + u'\n' + s.container;
        seriesTimes[key].append(s.timestampMs);
        seriesNamespace.insert(key, s.namespaceName);
    }
    QHash<QString, QList<std::pair<qint64, qint64>>> spans;   // per namespace
    for (auto it = seriesTimes.begin(); it != seriesTimes.end(); ++it) {
        QList<qint64> &times = *it;
        std::sort(times.begin(), times.end());
        auto &out = spans[seriesNamespace.value(it.key())];
        for (qsizetype i = 0; i < times.size(); ++i) {
            const qint64 t = times.at(i);
            const qint64 next = i + 1 < times.size() ? times.at(i + 1) : t + interval;
            const qint64 end = next - t > maxGap ? t + interval : next;
            const qint64 a = std::max(t, input.windowStartMs);
            const qint64 b = std::min(end, input.windowEndMs);
            if (a < b)
                out.append({a, b});
        }
    }

    QHash<QString, double> computeCost;
    for (const CostRow &row : attribute(input, CostGrouping::Namespace))
        computeCost.insert(row.key, row.cpuCost + row.memoryCost);

    QList<GuardrailSaving> savings;
    for (auto it = spans.begin(); it != spans.end(); ++it) {
        auto &list = *it;
        if (list.isEmpty())
            continue;
        std::sort(list.begin(), list.end());
        qint64 running = 0;
        qint64 start = list.first().first;
        qint64 end = list.first().second;
        for (const auto &[a, b] : std::as_const(list)) {
            if (a > end) {
                running += end - start;
                start = a;
            }
            end = std::max(end, b);
        }
        running += end - start;
        GuardrailSaving saving;
        saving.namespaceName = it.key();
        saving.runningHours = double(running) / double(msPerHour);
        saving.hoursScaledDown = double(input.windowEndMs - list.first().first - running) / double(msPerHour);
        saving.hourlyCost = saving.runningHours > 0 ? computeCost.value(it.key()) / saving.runningHours : 0;
        saving.saving = saving.hoursScaledDown * saving.hourlyCost;
        if (saving.saving > 0)
            savings.append(saving);
    }
    std::sort(savings.begin(), savings.end(), [](const GuardrailSaving &a, const GuardrailSaving &b) {
        if (a.saving != b.saving)
            return a.saving > b.saving;
        return a.namespaceName < b.namespaceName;
    });
    return savings;
}

CostReport buildCostReport(const AttributionInput &input, const CostReportOptions &options)
{
    CostReport report;
    report.windowStartMs = input.windowStartMs;
    report.windowEndMs = input.windowEndMs;
    const QList<CostRow> namespaceRows = attribute(input, CostGrouping::Namespace);
    for (const CostRow &row : namespaceRows)
        report.totalCost += row.totalCost;
    fillByDay(input, namespaceRows, options.topNamespaces, &report);
    report.byEnvironment = byEnvironment(input);

    const AttributionInput previews = options.previewNamespaces.isEmpty()
        ? input
        : restricted(input, [&](const QString &ns) { return options.previewNamespaces.contains(ns); });
    report.mostExpensive = attribute(previews, CostGrouping::Environment).mid(0, std::max(0, options.topPreviews));
    const AttributionInput live = options.liveNamespaces.isEmpty()
        ? previews
        : restricted(previews, [&](const QString &ns) { return options.liveNamespaces.contains(ns); });
    report.idle = findIdlePreviews(live, options.idle);
    report.guardrailSavings = guardrailSavings(live);
    report.rightsizing = suggestRightsizing(input, options.rightsizing);
    return report;
}

} // namespace pd::core
