// Cost attribution over 150,000 pods x 24 hourly samples (3.6 million samples), then the
// same samples through the SQLite cost history (recorded hour by hour, read back) beside the
// history's previous storage, and a day of 5-minute samples of a 10,000-namespace cluster.
// Not a unit test: prints the time, for comparison between builds. "cpu" is this process's
// CPU time, steadier than wall time on a busy machine.
#include "core/cost/costattribution.h"
#include "core/cost/costhistory.h"
#include "sandbox/controllers/podmetrics.h"

#include "bench_cost_v1.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdio>
#include <ctime>

using namespace Qt::StringLiterals;

namespace {

double cpuMs()
{
    return double(std::clock()) * 1000.0 / CLOCKS_PER_SEC;
}

qint64 fileBytes(const QString &path)
{
    return QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size();
}

} // namespace

using namespace pd::core;

namespace {

bool dayOfFiveMinuteSamples(const QString &path)
{
    constexpr int namespaces = 10000;
    constexpr int podsPerNamespace = 15;
    constexpr int times = 24 * 12;
    constexpr qint64 interval = 5 * 60 * 1000;
    const qint64 start = 1795564800000;   // 2026-11-25T00:00:00Z
    struct Pod
    {
        QString ns, name, workload, key;
        qint64 cpuMilli, memoryBytes;
    };
    std::vector<Pod> podList;
    podList.reserve(size_t(namespaces) * podsPerNamespace);
    const QString container = u"app"_s;
    for (int n = 0; n < namespaces; ++n) {
        const QString ns = u"shop-pr-%1"_s.arg(n);
        for (int p = 0; p < podsPerNamespace; ++p) {
            const QString workload = u"svc-%1"_s.arg(p % 5);
            const QString name = workload + u"-6d4b9c8f7-"_s + QString::number(n * 31 + p, 36);
            podList.push_back(Pod{ns, name, workload, ns + u'/' + name + u'/' + container, 100 + 100 * (p % 5),
                                  qint64(128) * 1024 * 1024 * (1 + p % 8)});
        }
    }
    CostHistory history;
    if (!history.open(path)) {
        std::printf("bench_cost: %s\n", qPrintable(history.error()));
        return false;
    }
    qint64 recordMs = 0;
    QElapsedTimer timer;
    for (int i = 0; i < times; ++i) {
        const qint64 t = start + i * interval;
        QList<UsageSample> samples;
        samples.reserve(qsizetype(podList.size()));
        for (const Pod &pod : podList) {
            const auto usage = pd::sandbox::controllers::simulatedContainerUsage(pod.key, t / 1000, pod.cpuMilli, pod.memoryBytes);
            samples.append(UsageSample{t, pod.ns, pod.name, container, pod.workload, double(usage.nanoCores) / 1e9,
                                       double(usage.kib) * 1024.0, double(pod.cpuMilli) / 1000.0, double(pod.memoryBytes)});
        }
        timer.start();
        if (!history.record(t, samples, {}, {}, {}, interval)) {
            std::printf("bench_cost: %s\n", qPrintable(history.error()));
            return false;
        }
        recordMs += timer.elapsed();
    }
    timer.start();
    const qsizetype read = history.input(start, start + times * interval).samples.size();
    const qint64 readMs = timer.elapsed();
    std::printf("bench_cost: a day of 5-minute samples, %d namespaces x %d pods (%d x %zu samples): file %.1f MB "
                "(goal < 50 MB; history v1 would take about %.0f MB, 60 bytes a sample); record %.1f ms a sample time; "
                "read back the day (%lld samples) %.2f s\n",
                namespaces, podsPerNamespace, times, podList.size(), double(fileBytes(history.path())) / 1e6,
                double(times) * double(podList.size()) * 60.0 / 1e6, double(recordMs) / times,
                static_cast<long long>(read), double(readMs) / 1000.0);
    return true;
}

} // namespace

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

    // The history round trip: 24 record() calls of 150,000 samples each, then one input(),
    // beside the row-per-sample storage of history version 1 on the same samples.
    QTemporaryDir dir;
    {
        RowPerSampleHistory v1(dir.filePath(u"v1.sqlite"_s));
        if (!v1.ok()) {
            std::printf("bench_cost: cannot create the version 1 baseline\n");
            return 1;
        }
        QElapsedTimer timer;
        timer.start();
        for (int h = 0; h < hours; ++h)
            v1.record(start + h * hourMs, input.samples.mid(qsizetype(h) * pods, pods));
        const qint64 recordMs = timer.elapsed();
        timer.restart();
        const qsizetype read = v1.read(input.windowStartMs - 2 * hourMs, input.windowEndMs).size();
        const qint64 readMs = timer.elapsed();
        std::printf("bench_cost: baseline (history v1, a row per sample): record %d x %d samples %.2f s; read back %lld "
                    "samples %.2f s; file %.1f MB\n",
                    hours, pods, double(recordMs) / 1000.0, static_cast<long long>(read), double(readMs) / 1000.0,
                    double(fileBytes(dir.filePath(u"v1.sqlite"_s))) / 1e6);
    }
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
    double exactTotal = 0;
    for (const CostRow &row : attribute(input, CostGrouping::Namespace))
        exactTotal += row.totalCost;
    std::printf("bench_cost: history (v%d, compact frames): record %d x %d samples %.2f s (cpu %.2f s; goal < 3 s); "
                "read back %lld samples %.2f s (cpu %.2f s; goal < 1 s); file %.1f MB; total $%.2f (from the samples "
                "themselves $%.2f)\n",
                CostHistory::schemaVersion, hours, pods, double(recordMs) / 1000.0, recordCpu / 1000.0,
                static_cast<long long>(back.samples.size()), double(readMs) / 1000.0, readCpu / 1000.0,
                double(fileBytes(history.path())) / 1e6, total, exactTotal);

    // A day of 5-minute samples of a 10,000-namespace cluster (15 pods each), its usage as the
    // sandbox's simulated metrics-server reports it: a slow wave with jitter, idle and bursty pods.
    if (!dayOfFiveMinuteSamples(dir.filePath(u"day.sqlite"_s)))
        return 1;
    return 0;
}

