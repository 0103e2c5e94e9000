#include "sandboxcommand.h"

#include "sandbox/sandboxcluster.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace pd::cli {

namespace {

int g_signalFd = -1;

void onSignal(int signalNumber)
{
    const char byte = char(signalNumber);
    if (g_signalFd >= 0)
        [[maybe_unused]] const auto written = ::write(g_signalFd, &byte, 1);
}

void printError(const QString &message)
{
    std::fprintf(stderr, "previewctl sandbox: %s\n", message.toLocal8Bit().constData());
}

// "127.0.0.1:8080", "[::1]:0", ":6443", "localhost:0", "8080".
bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    QString host;
    QString portText;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0 || text.mid(close + 1, 1) != QLatin1String(":"))
            return false;
        host = text.mid(1, close - 1);
        portText = text.mid(close + 2);
    } else if (text.contains(u':')) {
        const qsizetype colon = text.lastIndexOf(u':');
        host = text.left(colon);
        portText = text.mid(colon + 1);
    } else {
        portText = text;
    }
    bool ok = false;
    const uint value = portText.toUInt(&ok);
    if (!ok || value > 65535)
        return false;
    *port = quint16(value);
    if (host.isEmpty() || host == QLatin1String("localhost"))
        *address = QHostAddress(QHostAddress::LocalHost);
    else if (!address->setAddress(host))
        return false;
    return true;
}

} // namespace

int runSandboxCommand(const QStringList &arguments)
{
    QStringList args = arguments;
    if (!args.isEmpty() && args.first() == QLatin1String("sandbox"))
        args.removeFirst();
    args.prepend(QStringLiteral("previewctl sandbox"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Serve an embedded Kubernetes API server until SIGINT/SIGTERM."));
    parser.addHelpOption();
    const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Address and port (default 127.0.0.1:0, any free port)."),
                                    QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:0"));
    const QCommandLineOption load(QStringLiteral("load"), QStringLiteral("Import objects from a YAML/JSON file (repeatable)."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption kubeconfigOut(QStringLiteral("kubeconfig-out"),
                                           QStringLiteral("Write a kubeconfig (contexts sandbox-admin, sandbox-viewer)."),
                                           QStringLiteral("FILE"));
    const QCommandLineOption tls(QStringLiteral("tls"), QStringLiteral("Serve HTTPS with a CA made at start-up."));
    const QCommandLineOption scale(QStringLiteral("scale"), QStringLiteral("Seed N preview environments."), QStringLiteral("N"));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Seed the demo environments."));
    const QCommandLineOption noControllers(QStringLiteral("no-controllers"), QStringLiteral("Run no simulated controllers."));
    const QCommandLineOption noAuthorization(QStringLiteral("no-authorization"), QStringLiteral("Turn RBAC authorization off."));
    const QCommandLineOption podReadyDelay(QStringLiteral("pod-ready-delay"),
                                           QStringLiteral("Milliseconds a simulated pod takes to turn Ready (default 1500)."),
                                           QStringLiteral("MS"), QStringLiteral("1500"));
    const QCommandLineOption jobDuration(QStringLiteral("job-duration"),
                                         QStringLiteral("Milliseconds a Job of no CronJob (a seed Job) runs before it "
                                                        "completes (default 2000)."),
                                         QStringLiteral("MS"), QStringLiteral("2000"));
    const QCommandLineOption ingressPort(QStringLiteral("ingress-port"),
                                         QStringLiteral("Run a simulated ingress controller on PORT of the listen address "
                                                        "(0: any free port): http:// and https:// URLs of every Ingress "
                                                        "host answer a page naming what serves them; the demo's hosts "
                                                        "become *.localhost names."),
                                         QStringLiteral("PORT"));

    const QCommandLineOption snapshotReadyDelay(QStringLiteral("snapshot-ready-delay"),
                                                QStringLiteral("Milliseconds a VolumeSnapshot of a claim takes to turn "
                                                               "readyToUse (default 2000)."),
                                                QStringLiteral("MS"), QStringLiteral("2000"));
    parser.addOptions({listen, load, kubeconfigOut, tls, scale, demo, noControllers, noAuthorization, podReadyDelay, jobDuration,
                       snapshotReadyDelay, ingressPort});
    if (!parser.parse(args)) {
        printError(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fprintf(stderr, "%s", parser.helpText().toLocal8Bit().constData());
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("unexpected argument %1").arg(parser.positionalArguments().first()));
        return 2;
    }

    pd::sandbox::SandboxOptions options;
    if (!parseListen(parser.value(listen), &options.address, &options.port)) {
        printError(QStringLiteral("--listen wants HOST:PORT, got %1").arg(parser.value(listen)));
        return 2;
    }
    options.tls = parser.isSet(tls);
    options.demo = parser.isSet(demo);
    options.controllers = !parser.isSet(noControllers);
    options.authorization = !parser.isSet(noAuthorization);
    bool delayOk = false;
    options.podReadyDelay = std::chrono::milliseconds(parser.value(podReadyDelay).toInt(&delayOk));
    if (!delayOk || options.podReadyDelay.count() < 0) {
        printError(QStringLiteral("--pod-ready-delay wants milliseconds, got %1").arg(parser.value(podReadyDelay)));
        return 2;
    }
    options.jobRunDuration = std::chrono::milliseconds(parser.value(jobDuration).toInt(&delayOk));
    if (!delayOk || options.jobRunDuration.count() < 0) {
        printError(QStringLiteral("--job-duration wants milliseconds, got %1").arg(parser.value(jobDuration)));
        return 2;
    }
    options.snapshotReadyDelay = std::chrono::milliseconds(parser.value(snapshotReadyDelay).toInt(&delayOk));
    if (!delayOk || options.snapshotReadyDelay.count() < 0) {
        printError(QStringLiteral("--snapshot-ready-delay wants milliseconds, got %1").arg(parser.value(snapshotReadyDelay)));
        return 2;
    }
    if (parser.isSet(ingressPort)) {
        bool ok = false;
        options.ingressPort = parser.value(ingressPort).toInt(&ok);
        if (!ok || options.ingressPort < 0 || options.ingressPort > 65535) {
            printError(QStringLiteral("--ingress-port wants a port number (0 for any free port), got %1").arg(parser.value(ingressPort)));
            return 2;
        }
    }
    if (parser.isSet(scale)) {
        bool ok = false;
        options.scale = parser.value(scale).toInt(&ok);
        if (!ok || options.scale < 0) {
            printError(QStringLiteral("--scale wants a number, got %1").arg(parser.value(scale)));
            return 2;
        }
    }
    for (const QString &file : parser.values(load)) {
        if (!QFileInfo(file).isReadable()) {
            printError(QStringLiteral("cannot read %1").arg(file));
            return 2;
        }
        options.loadFiles.append(file);
    }

    // Signals arrive on a socket pair so the event loop handles them (self-pipe trick).
    int fds[2] = {-1, -1};
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        printError(QStringLiteral("socketpair failed"));
        return 1;
    }
    g_signalFd = fds[0];
    QSocketNotifier notifier(fds[1], QSocketNotifier::Read);
    int exitSignal = 0;
    QObject::connect(&notifier, &QSocketNotifier::activated, qApp, [&exitSignal, fd = fds[1]] {
        char byte = 0;
        if (::read(fd, &byte, 1) == 1)
            exitSignal = int(byte);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    struct sigaction oldInt = {};
    struct sigaction oldTerm = {};
    sigaction(SIGINT, &action, &oldInt);
    sigaction(SIGTERM, &action, &oldTerm);
    auto restoreSignals = [&] {
        sigaction(SIGINT, &oldInt, nullptr);
        sigaction(SIGTERM, &oldTerm, nullptr);
        g_signalFd = -1;
        ::close(fds[0]);
        ::close(fds[1]);
    };

    int code = 0;
    {
        pd::sandbox::SandboxCluster cluster;
        QString error;
        if (!cluster.start(options, &error)) {
            printError(error);
            code = 1;
        } else if (parser.isSet(kubeconfigOut) && !cluster.writeKubeconfig(parser.value(kubeconfigOut), &error)) {
            printError(QStringLiteral("writing %1: %2").arg(parser.value(kubeconfigOut), error));
            code = 1;
        } else {
            std::fprintf(stdout, "ready %s\n", cluster.url().toString().toUtf8().constData());
            if (cluster.ingressPort() > 0)
                std::fprintf(stderr, "previewctl sandbox: ingress controller on http://localhost:%u/ (every Ingress host, "
                                     "also as HOST.localhost)\n", unsigned(cluster.ingressPort()));
            std::fflush(stdout);
            QCoreApplication::exec();
            std::fprintf(stderr, "previewctl sandbox: stopping (signal %d)\n", exitSignal);
            cluster.stop();
        }
    }
    notifier.setEnabled(false);
    restoreSignals();
    return code;
}

} // namespace pd::cli
