// Cost attribution over 150,000 pods x 24 hourly samples (3.6 million samples), then the
// same samples through the SQLite cost history (recorded hour by hour, read back).
// Not a unit test: prints the time, for comparison between builds. "cpu" is this process's
// CPU time, steadier than wall time on a busy machine.
#include "core/cost/costattribution.h"
#include "core/cost/costhistory.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdio>
#include <ctime>

namespace {

double cpuMs()
{
    return double(std::clock()) * 1000.0 / CLOCKS_PER_SEC;
}

} // namespace

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
        const double cpu = cpuMs();
        const QList<CostRow> rows = attribute(input, grouping);
        const qint64 ms = timer.elapsed();
        double total = 0;
        for (const CostRow &row : rows)
            total += row.totalCost;
        std::printf("bench_cost: attribute %d pods x %d samples by %s: %lld ms (cpu %.0f ms; %lld rows, total $%.2f)\n",
                    pods, hours, qPrintable(toString(grouping)), static_cast<long long>(ms), cpuMs() - cpu,
                    static_cast<long long>(rows.size()), total);
    }

    // The history round trip: 24 record() calls of 150,000 samples each, then one input().
    QTemporaryDir dir;
    CostHistory history;
    if (!history.open(dir.filePath(u"bench.sqlite"_s))) {
        std::printf("bench_cost: %s\n", qPrintable(history.error()));
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    double cpu = cpuMs();
    for (int h = 0; h < hours; ++h) {
        const QList<UsageSample> slice = input.samples.mid(qsizetype(h) * pods, pods);
        if (!history.record(start + h * hourMs, slice, {}, {}, {}, hourMs)) {
            std::printf("bench_cost: %s\n", qPrintable(history.error()));
            return 1;
        }
    }
    const qint64 recordMs = timer.elapsed();
    const double recordCpu = cpuMs() - cpu;
    timer.restart();
    cpu = cpuMs();
    const AttributionInput back = history.input(input.windowStartMs, input.windowEndMs);
    const qint64 readMs = timer.elapsed();
    const double readCpu = cpuMs() - cpu;
    double total = 0;
    for (const CostRow &row : attribute(back, CostGrouping::Namespace))
        total += row.totalCost;
    QFileInfo file(history.path());
    const qint64 bytes = file.size() + QFileInfo(history.path() + u"-wal"_s).size();
    std::printf("bench_cost: history record %d x %d samples: %.2f s (cpu %.2f s); read back %lld samples: %.2f s "
                "(cpu %.2f s); file %.1f MB; total $%.2f\n",
                hours, pods, double(recordMs) / 1000.0, recordCpu / 1000.0, static_cast<long long>(back.samples.size()),
                double(readMs) / 1000.0, readCpu / 1000.0, double(bytes) / 1e6, total);
    return 0;
}
