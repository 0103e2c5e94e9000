// The environment browser at scale: `previewctl sandbox --scale N` as a separate
// process, then in this process an EnvironmentWatcher filling an EnvironmentModel
// from it, beside kubectl against the same server in the same run. Prints time to
// first rows, time to a fully loaded model, this process's peak RSS, watch events
// per second folded into the model (a burst of deployment scales sent by a second
// client), and `kubectl get pods|deployments -A -o json` with the ratio.
//   bench_browser [--previewctl PATH] [--scales 1000,10000] [--burst 2000] [--page-size N] [--no-kubectl]
// Not a unit test; goals (Release): first rows < 1 s, full load < 5 s at 10,000
// namespaces, >= 2x faster than kubectl get pods -A -o json, peak RSS < 1 GiB.
#include "bench_browser_support.h"

#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "kube/apiclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace pd::bench;

namespace {

struct BrowserRun
{
    qint64 firstRowsMs = -1;
    qint64 fullMs = -1;
    int rows = 0;
    int deployments = 0;
    qint64 peakAfterLoadKb = -1;
    int burst = 0;
    qint64 burstFoldMs = -1;   // first patch sent .. model reflects every patch
    qint64 burstSendMs = -1;   // the second client's own time for its patches
    int burstFailures = 0;
    qint64 peakKb = -1;
    QString error;
};

BrowserRun runBrowser(const pd::kube::ClusterEndpoint &endpoint, int burst, int pageSize)
{
    BrowserRun run;
    resetPeakRss();
    pd::kube::ApiClient client(endpoint);
    pd::core::EnvironmentModel model;
    pd::core::EnvironmentWatcher watcher(&client, &model);
    if (pageSize > 0)
        watcher.setPageSize(pageSize);
    QElapsedTimer timer;
    QEventLoop loop;
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, &loop, [&] {
        if (run.firstRowsMs < 0)
            run.firstRowsMs = timer.elapsed();
    });
    QObject::connect(&watcher, &pd::core::EnvironmentWatcher::synced, &loop, [&] {
        run.fullMs = timer.elapsed();
        loop.quit();
    });
    if (qEnvironmentVariableIsSet("BENCH_BROWSER_VERBOSE")) {
        QObject::connect(&watcher, &pd::core::EnvironmentWatcher::connectionTextChanged, &loop, [&](const QString &text) {
            std::printf("    %6lld ms  %s (%d rows)\n", static_cast<long long>(timer.elapsed()), qPrintable(text),
                        model.rowCount());
        });
    }
    QTimer::singleShot(std::chrono::minutes(5), &loop, &QEventLoop::quit);
    timer.start();
    watcher.start();
    loop.exec();
    if (run.fullMs < 0) {
        run.error = u"no full load within 5 minutes: "_s + watcher.connectionText();
        return run;
    }
    run.rows = model.rowCount();
    run.peakAfterLoadKb = procStatusKb(u"self"_s, "VmHWM");

    // The burst: scale deployments one replica up, spread over as many namespaces as there are.
    for (int row = 0; row < model.rowCount(); ++row) {
        for (const pd::core::WorkloadInfo &workload : model.environment(row).workloads)
            run.deployments += workload.kind == u"Deployment"_s ? 1 : 0;
    }
    BurstPlan plan(model, burst);
    run.burst = int(plan.targets().size());
    if (plan.targets().isEmpty()) {
        run.peakKb = run.peakAfterLoadKb;
        return run;
    }
    QElapsedTimer burstTimer;
    QObject::connect(&model, &QAbstractItemModel::dataChanged, &loop, [&](const QModelIndex &from, const QModelIndex &to) {
        if (plan.fold(from.row(), to.row()) && run.burstFoldMs < 0) {
            run.burstFoldMs = burstTimer.elapsed();
            if (run.burstSendMs >= 0)
                loop.quit();
        }
    });
    BurstPatcher patcher(endpoint, plan.targets());
    QObject::connect(&patcher, &BurstPatcher::finished, &loop, [&](qint64 ms, int failures) {
        run.burstSendMs = ms;
        run.burstFailures = failures;
        if (run.burstFoldMs >= 0)
            loop.quit();
    });
    QTimer::singleShot(std::chrono::minutes(3), &loop, &QEventLoop::quit);
    burstTimer.start();
    patcher.start();
    loop.exec();
    run.peakKb = procStatusKb(u"self"_s, "VmHWM");
    watcher.stop();
    return run;
}

QString seconds(qint64 ms)
{
    return ms < 0 ? u"-"_s : u"%1 s"_s.arg(double(ms) / 1000.0, 0, 'f', 2);
}

QString ratio(qint64 theirs, qint64 ours)
{
    return theirs <= 0 || ours <= 0 ? u"-"_s : u"%1x"_s.arg(double(theirs) / double(ours), 0, 'f', 1);
}

void line(const QString &what, const QString &ours, const QString &kubectl = {}, const QString &r = {})
{
    std::printf("  %-40s %14s %14s %8s\n", qPrintable(what), qPrintable(ours), qPrintable(kubectl), qPrintable(r));
}

int benchScale(const QString &previewctl, int scale, int burst, int pageSize, bool withKubectl)
{
    SandboxProcess sandbox(previewctl, scale);
    QString error;
    if (!sandbox.start(&error)) {
        std::fprintf(stderr, "bench_browser: %s\n", qPrintable(error));
        return 1;
    }
    const auto endpoint = sandbox.endpoint(&error);
    if (!endpoint) {
        std::fprintf(stderr, "bench_browser: %s\n", qPrintable(error));
        return 1;
    }
    const BrowserRun run = runBrowser(*endpoint, burst, pageSize);
    if (!run.error.isEmpty()) {
        std::fprintf(stderr, "bench_browser: scale %d: %s\n", scale, qPrintable(run.error));
        return 1;
    }
    KubectlRun pods;
    KubectlRun deployments;
    if (withKubectl) {
        QTemporaryDir cache;
        runKubectl(sandbox.kubeconfigPath(), cache.path(), {u"api-resources"_s, u"-o"_s, u"name"_s});   // warm discovery
        pods = runKubectl(sandbox.kubeconfigPath(), cache.path(), {u"get"_s, u"pods"_s, u"-A"_s, u"-o"_s, u"json"_s});
        deployments = runKubectl(sandbox.kubeconfigPath(), cache.path(),
                                 {u"get"_s, u"deployments"_s, u"-A"_s, u"-o"_s, u"json"_s});
    }
    std::printf("bench_browser scale %d: %d namespaces (%d rows), %d deployments, %d pods seeded; sandbox ready in %s, "
                "server peak RSS %lld MiB\n",
                scale, scale, run.rows, run.deployments, scale * 15, qPrintable(seconds(sandbox.startMs())),
                static_cast<long long>(sandbox.peakRssKb() / 1024));
    line(u"what"_s, u"PreviewDesk"_s, u"kubectl"_s, u"ratio"_s);
    line(u"time to first rows"_s, seconds(run.firstRowsMs));
    line(u"time to fully loaded model"_s, seconds(run.fullMs));
    if (withKubectl) {
        line(u"vs kubectl get pods -A -o json (%1 MiB)"_s.arg(pods.bytes / 1048576), seconds(run.fullMs),
             pods.ms < 0 ? pods.error : seconds(pods.ms), ratio(pods.ms, run.fullMs));
        line(u"vs kubectl get deployments -A -o json (%1 MiB)"_s.arg(deployments.bytes / 1048576), seconds(run.fullMs),
             deployments.ms < 0 ? deployments.error : seconds(deployments.ms), ratio(deployments.ms, run.fullMs));
    }
    line(u"peak RSS after load / after burst"_s,
         u"%1/%2 MiB"_s.arg(run.peakAfterLoadKb / 1024).arg(run.peakKb / 1024));
    if (run.burst > 0) {
        line(u"burst: %1 deployment scales folded in"_s.arg(run.burst), seconds(run.burstFoldMs));
        line(u"  (second client sent them in, failures)"_s, u"%1, %2"_s.arg(seconds(run.burstSendMs)).arg(run.burstFailures));
        line(u"  watch events/s folded into the model"_s,
             run.burstFoldMs > 0 ? QString::number(qRound64(run.burst * 1000.0 / double(run.burstFoldMs))) : u"-"_s);
    }
    const bool ok = run.firstRowsMs >= 0 && run.firstRowsMs < 1000 && run.fullMs < 5000 && run.peakKb < 1024 * 1024
            && (!withKubectl || (pods.ms > 0 && pods.ms >= 2 * run.fullMs));
    std::printf("  goals (first rows < 1 s, full < 5 s, >= 2x kubectl pods, peak RSS < 1 GiB): %s\n",
                ok ? "met" : "NOT met");
    std::fflush(stdout);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption previewctl(u"previewctl"_s, u"previewctl to start the sandbox with."_s, u"PATH"_s,
                                        QString::fromUtf8(PREVIEWDESK_PREVIEWCTL));
    const QCommandLineOption scales(u"scales"_s, u"Comma-separated --scale values."_s, u"N,..."_s, u"1000,10000"_s);
    const QCommandLineOption burst(u"burst"_s, u"Deployments to scale in the watch burst."_s, u"N"_s, u"2000"_s);
    const QCommandLineOption pageSize(u"page-size"_s, u"Items per LIST page of the watcher (default: its own)."_s, u"N"_s, u"0"_s);
    const QCommandLineOption noKubectl(u"no-kubectl"_s, u"Skip the kubectl baseline."_s);
    parser.addOptions({previewctl, scales, burst, pageSize, noKubectl});
    parser.process(app);
    int code = 0;
    for (const QString &value : parser.value(scales).split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int n = value.toInt(&ok);
        if (!ok || n <= 0) {
            std::fprintf(stderr, "bench_browser: bad scale %s\n", qPrintable(value));
            return 2;
        }
        code |= benchScale(parser.value(previewctl), n, parser.value(burst).toInt(), parser.value(pageSize).toInt(),
                           !parser.isSet(noKubectl));
    }
    return code;
}
