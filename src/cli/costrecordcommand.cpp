#include "costrecordcommand.h"

#include "clusterconnection.h"
#include "costoutput.h"

#include "core/cost/costhistory.h"
#include "core/cost/costrecorder.h"
#include "core/cost/coststore.h"
#include "core/duration.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace pd::cli {

namespace {

constexpr auto kUsage = "Sample the cluster's usage into the cost history: requests and metrics.k8s.io usage\n"
                        "of every running container, PVCs and namespace labels, every --interval until\n"
                        "SIGINT or SIGTERM, or once with --once (for example from a CronJob). The app reads\n"
                        "the same file; `previewctl cost --source history` prices it.";

int g_signalFd = -1;

void onSignal(int)
{
    const char byte = 1;
    if (g_signalFd >= 0)
        [[maybe_unused]] const auto written = ::write(g_signalFd, &byte, 1);
}

int fail(const QString &message, int code = 1)
{
    printErr(u"previewctl cost record: %1\n"_s.arg(message));
    return code;
}

// Runs `loop` until it quits or SIGINT/SIGTERM arrives (self-pipe: the handler only writes).
int runUntilSignal(QEventLoop &loop)
{
    int fds[2] = {-1, -1};
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        return fail(u"socketpair failed"_s);
    g_signalFd = fds[0];
    int code = 0;
    {
        QSocketNotifier notifier(fds[1], QSocketNotifier::Read);
        QObject::connect(&notifier, &QSocketNotifier::activated, &loop, [&loop] { loop.exit(0); });
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        struct sigaction oldInt = {};
        struct sigaction oldTerm = {};
        sigaction(SIGINT, &action, &oldInt);
        sigaction(SIGTERM, &action, &oldTerm);
        code = loop.exec();
        sigaction(SIGINT, &oldInt, nullptr);
        sigaction(SIGTERM, &oldTerm, nullptr);
    }
    g_signalFd = -1;
    ::close(fds[0]);
    ::close(fds[1]);
    return code;
}

} // namespace

int runCostRecordCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromLatin1(kUsage));
    parser.addHelpOption();
    parser.addOptions({
        {u"interval"_s, u"Time between samples, at least 10s (default 5m)."_s, u"DURATION"_s, u"5m"_s},
        {u"once"_s, u"Take one sample and exit (1 when it failed)."_s},
        {u"db"_s, u"The cost history file (default: the context's file in the app's data directory)."_s, u"FILE"_s},
        {u"retention"_s, u"Delete samples older than this, in whole days (default 30d)."_s, u"DURATION"_s, u"30d"_s},
        {{u"n"_s, u"namespace"_s}, u"Only this namespace (default: all namespaces)."_s, u"NS"_s},
    });
    addClusterOptions(parser);
    if (!parser.parse(QStringList{u"previewctl cost record"_s} + arguments))
        return fail(parser.errorText(), 2);
    if (parser.isSet(u"help"_s)) {
        printOut(commandHelp(parser, u"Usage: previewctl cost record [options]"_s));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(u"unexpected argument \"%1\""_s.arg(parser.positionalArguments().first()), 2);
    QString error;
    const auto interval = pd::core::parseDuration(parser.value(u"interval"_s), &error);
    if (!interval || interval->count() < 10)
        return fail(u"--interval: %1"_s.arg(error.isEmpty() ? u"must be at least 10s"_s : error), 2);
    const auto retention = pd::core::parseDuration(parser.value(u"retention"_s), &error);
    if (!retention || retention->count() < 24 * 3600)
        return fail(u"--retention: %1"_s.arg(error.isEmpty() ? u"must be at least 1d"_s : error), 2);

    ClusterConnection cluster;
    if (!openCluster(parser, &cluster, &error))
        return fail(error);
    const auto [path, identity] = costHistoryFile(parser, cluster);
    // The recorder writes through a store (the app's way); a command may wait for it.
    pd::core::CostStore store;
    const pd::core::CostStoreStatus opened = store.open(path, identity).result();
    if (!opened.ok)
        return fail(opened.error);
    if (!opened.notice.isEmpty())
        printErr(opened.notice + u'\n');

    const bool once = parser.isSet(u"once"_s);
    pd::core::CostRecorder recorder(cluster.client.get(), &store, std::chrono::seconds(interval->count()));
    recorder.setRetentionDays(int(retention->count() / (24 * 3600)));
    recorder.setNamespace(parser.value(u"namespace"_s));
    QEventLoop loop;
    QObject::connect(&recorder, &pd::core::CostRecorder::recorded, &loop,
                     [&](qint64 t, int containers, int pvcs, const QStringList &warnings) {
                         for (const QString &warning : warnings)
                             printErr(u"warning: %1\n"_s.arg(warning));
                         printOut(u"%1 recorded %2 containers and %3 PVCs into %4\n"_s.arg(formatTime(t))
                                      .arg(containers)
                                      .arg(pvcs)
                                      .arg(path));
                         if (once)
                             loop.exit(0);
                     });
    QObject::connect(&recorder, &pd::core::CostRecorder::failed, &loop, [&](const QString &message) {
        printErr(u"previewctl cost record: %1\n"_s.arg(message));
        if (once)
            loop.exit(1);
    });
    if (once)
        recorder.sampleNow();
    else
        recorder.start();
    const int code = runUntilSignal(loop);
    // A sample still out is dropped with the recorder: its answer reaches nobody.
    recorder.stop();
    return code;
}

} // namespace pd::cli
