// Fault soak: the environment watcher and model against the sandbox for a while (default
// 10 min), with faults injected at random (dropped watch connections, forced 410 Gone, 429
// storms with Retry-After, 5xx, latency spikes) while a second client keeps changing the
// cluster. After each fault the second client pauses and the model must come to equal a
// fresh list of the server (a new watcher on a new client). Prints events folded,
// recoveries, the worst time to consistency and RSS against its level after the first minute.
//
// Then `previewctl clone` of the shop's staging runs --clones times (default 50), each with
// a fault at a random point: every run completes or leaves nothing behind.
//
//   bench_soak [--minutes M] [--namespaces N] [--clones C] [--seed S]
#include "bench_soak_clones.h"
#include "bench_soak_server.h"
#include "bench_soak_support.h"

#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "kube/apiclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using pd::bench::Fault;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"minutes"_s, u"How long to soak (default 10)."_s, u"M"_s, u"10"_s});
    parser.addOption({u"namespaces"_s, u"Preview namespaces seeded (default 200)."_s, u"N"_s, u"200"_s});
    parser.addOption({u"seed"_s, u"Seed of the fault and change schedule (default 1)."_s, u"S"_s, u"1"_s});
    parser.addOption({u"clones"_s, u"Clones under a fault at a random point (default 50)."_s, u"C"_s, u"50"_s});
    parser.addOption({u"serve"_s, u"(internal) Serve the sandbox and take faults on stdin."_s});
    parser.addOption({u"kubeconfig-out"_s, u"(internal, with --serve) Where to write the kubeconfig."_s, u"FILE"_s});
    parser.process(app);
    const double minutes = parser.value(u"minutes"_s).toDouble();
    const int namespaces = parser.value(u"namespaces"_s).toInt();
    const quint32 seed = parser.value(u"seed"_s).toUInt();
    const int clones = parser.value(u"clones"_s).toInt();
    if (minutes <= 0 || namespaces <= 0 || clones < 0) {
        std::fprintf(stderr, "bench_soak: --minutes and --namespaces must be positive, --clones at least 0\n");
        return 2;
    }

    if (parser.isSet(u"serve"_s))
        return pd::bench::serveSandbox(namespaces, seed, true, parser.value(u"kubeconfig-out"_s));

    pd::bench::SoakServer server;
    QString error;
    if (!server.start(QCoreApplication::applicationFilePath(), namespaces, seed, &error)) {
        std::fprintf(stderr, "bench_soak: %s\n", qPrintable(error));
        return 1;
    }
    const pd::kube::ClusterEndpoint endpoint = server.endpoint();
    pd::kube::ApiClient client(endpoint);
    pd::core::EnvironmentModel model;
    pd::core::EnvironmentWatcher watcher(&client, &model);
    qint64 folded = 0;
    const auto count = [&folded] { ++folded; };
    QObject::connect(&model, &QAbstractItemModel::dataChanged, &app, count);
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, &app, count);
    QObject::connect(&model, &QAbstractItemModel::rowsRemoved, &app, count);
    {
        QEventLoop loop;
        QObject::connect(&watcher, &pd::core::EnvironmentWatcher::synced, &loop, &QEventLoop::quit);
        QTimer::singleShot(120s, &loop, &QEventLoop::quit);
        watcher.start();
        loop.exec();
        if (!watcher.isSynced()) {
            std::fprintf(stderr, "bench_soak: the watcher did not sync within 120 s\n");
            return 1;
        }
    }

    pd::bench::ClusterChanger changer(endpoint, seed, &app);
    changer.start();
    QRandomGenerator random(seed);
    QElapsedTimer clock;
    clock.start();
    const qint64 endMs = qint64(minutes * 60000);
    qint64 baselineRssKb = -1;
    qint64 worstRssKb = 0;
    qint64 baselineHeapKb = -1;
    qint64 worstHeapKb = 0;
    qint64 worstConsistencyMs = 0;
    int recoveries = 0;
    int failures = 0;
    QMap<Fault, int> byKind;

    while (clock.elapsed() < endMs) {
        pd::bench::spin(std::chrono::milliseconds(2000 + random.bounded(6000)));
        const Fault fault = Fault(random.bounded(int(Fault::Count)));
        ++byKind[fault];
        if (const QString ended = server.exitDescription(); !ended.isEmpty()) {
            std::fprintf(stderr, "bench_soak: %s after %.0f s\n", qPrintable(ended), clock.elapsed() / 1000.0);
            return 1;
        }
        server.inject(fault);
        if (pd::bench::lasts(fault))
            pd::bench::spin(3s);
        server.reset();

        changer.pause();
        pd::bench::spin(100ms); // answers to changes already sent
        QString why;
        const qint64 ms = pd::bench::timeToConsistency(endpoint, model, 60s, &why);
        changer.resume();
        if (ms < 0) {
            ++failures;
            // The watcher's own words say whether a stream is stuck reconnecting or live but stale;
            // a second fresh list says which side the first one was wrong about.
            QString again;
            const bool secondAgrees = pd::bench::timeToConsistency(endpoint, model, 10s, &again) >= 0;
            std::printf("  after %s at %.0f s: NOT consistent within 60 s: %s [watcher: %s]; a second fresh list %s\n",
                        pd::bench::faultName(fault), clock.elapsed() / 1000.0, qPrintable(why),
                        qPrintable(watcher.connectionText()),
                        secondAgrees ? "agrees with the model" : qPrintable(u"differs too: "_s + again));
            std::fflush(stdout);
        } else {
            ++recoveries;
            worstConsistencyMs = std::max(worstConsistencyMs, ms);
        }
        const qint64 rss = pd::bench::currentRssKb();
        const qint64 heap = pd::bench::heapInUseKb();
        if (baselineRssKb < 0 && clock.elapsed() >= std::min<qint64>(60000, endMs / 2)) {
            baselineRssKb = rss;
            baselineHeapKb = heap;
        }
        if (baselineRssKb >= 0) {
            worstRssKb = std::max(worstRssKb, rss);
            worstHeapKb = std::max(worstHeapKb, heap);
        }
    }
    changer.pause();
    pd::bench::spin(1s); // let the last changes be answered before their receiver goes

    std::printf("bench_soak: %.1f min, %d namespaces, seed %u\n", minutes, namespaces, seed);
    std::printf("  faults injected:");
    for (auto it = byKind.cbegin(); it != byKind.cend(); ++it)
        std::printf(" %s %d", pd::bench::faultName(it.key()), it.value());
    std::printf("\n  changes sent by the second client: %lld (%lld refused by a fault)\n",
                static_cast<long long>(changer.sent()), static_cast<long long>(changer.failed()));
    std::printf("  model changes folded: %lld\n", static_cast<long long>(folded));
    std::printf("  recoveries: %d, not consistent: %d\n", recoveries, failures);
    std::printf("  worst time to consistency after a fault: %.2f s\n", worstConsistencyMs / 1000.0);
    const double growth = baselineRssKb > 0 ? 100.0 * double(worstRssKb - baselineRssKb) / double(baselineRssKb) : 0;
    std::printf("  RSS after the first minute %lld MiB, highest later %lld MiB (%+.1f %%)\n",
                static_cast<long long>(baselineRssKb / 1024), static_cast<long long>(worstRssKb / 1024), growth);
    const double heapGrowth = baselineHeapKb > 0 ? 100.0 * double(worstHeapKb - baselineHeapKb) / double(baselineHeapKb) : 0;
    std::printf("  heap in use after the first minute %lld MiB, highest later %lld MiB (%+.1f %%), now %lld MiB\n",
                static_cast<long long>(baselineHeapKb / 1024), static_cast<long long>(worstHeapKb / 1024), heapGrowth,
                static_cast<long long>(pd::bench::heapInUseKb() / 1024));
    std::fflush(stdout);

    const pd::bench::CloneSoakResult cloned = pd::bench::soakClones(QStringLiteral(PREVIEWDESK_PREVIEWCTL), server, clones, seed);
    std::printf("  clones under a fault at a random point: %d, completed %d, rolled back %d, left behind %d; slowest %.1f s\n",
                clones, cloned.completed, cloned.rolledBack, cloned.leftBehind, cloned.worstMs / 1000.0);
    const bool ok = failures == 0 && recoveries > 0 && growth <= 10.0 && cloned.leftBehind == 0;
    std::printf("  goals (consistent after every fault, RSS within 10 %%, no clone left behind): %s\n", ok ? "met" : "NOT met");
    std::fflush(stdout);
    return ok ? 0 : 1;
}
