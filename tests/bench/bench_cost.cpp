// Cost attribution over 150,000 pods x 24 hourly samples (3.6 million samples).
// Not a unit test: prints the time, for comparison between builds.
#include "core/cost/costattribution.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace pd::core;
using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    constexpr int pods = 150000;
    constexpr int hours = 24;
    constexpr qint64 hourMs = 3600 * 1000;
    const qint64 start = 1764115200000;   // 2025-11-26T00:00:00Z

    AttributionInput input;
    input.windowStartMs = start;
    input.windowEndMs = start + hours * hourMs;
    input.samples.reserve(qsizetype(pods) * hours);
    const QString container = u"app"_s;
    QList<QString> namespaces;
    for (int n = 0; n < 500; ++n)
        namespaces.append(u"preview-%1"_s.arg(n));
    QList<QString> podNames;
    podNames.reserve(pods);
    for (int p = 0; p < pods; ++p)
        podNames.append(u"web-7d4b9c8f6d-%1"_s.arg(p));
    // Scraped hour by hour, as a metrics store would hand them back.
    for (int h = 0; h < hours; ++h) {
        for (int p = 0; p < pods; ++p) {
            UsageSample s;
            s.timestampMs = start + h * hourMs + (p % 60) * 1000;
            s.namespaceName = namespaces.at(p % namespaces.size());
            s.pod = podNames.at(p);
            s.container = container;
            s.workload = u"web"_s;
            s.cpuUsageCores = 0.01 * (p % 50);
            s.memoryUsageBytes = 1048576.0 * (100 + p % 400);
            s.cpuRequestCores = 0.25;
            s.memoryRequestBytes = 536870912.0;
            input.samples.append(s);
        }
    }

    for (CostGrouping grouping : {CostGrouping::Namespace, CostGrouping::Workload, CostGrouping::Day}) {
        QElapsedTimer timer;
        timer.start();
        const QList<CostRow> rows = attribute(input, grouping);
        const qint64 ms = timer.elapsed();
        double total = 0;
        for (const CostRow &row : rows)
            total += row.totalCost;
        std::printf("bench_cost: attribute %d pods x %d samples by %s: %lld ms (%lld rows, total $%.2f)\n", pods,
                    hours, qPrintable(toString(grouping)), static_cast<long long>(ms),
                    static_cast<long long>(rows.size()), total);
    }
    return 0;
}
