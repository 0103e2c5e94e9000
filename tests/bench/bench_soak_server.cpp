#include "bench_soak_server.h"

#include "sandbox/faultinjector.h"
#include "sandbox/sandboxcluster.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace pd::bench {

int serveSandbox(int namespaces, quint32 seed, bool demo, const QString &kubeconfigOut)
{
    pd::sandbox::SandboxOptions options;
    options.scale = namespaces;
    options.demo = demo;
    options.podReadyDelay = 200ms;
    pd::sandbox::SandboxCluster cluster;
    QString error;
    if (!cluster.start(options, &error)) {
        std::fprintf(stderr, "bench_soak --serve: the sandbox did not start: %s\n", qPrintable(error));
        return 1;
    }
    if (!kubeconfigOut.isEmpty() && !cluster.writeKubeconfig(kubeconfigOut, &error)) {
        std::fprintf(stderr, "bench_soak --serve: writing %s: %s\n", qPrintable(kubeconfigOut), qPrintable(error));
        return 1;
    }
    pd::sandbox::FaultInjector *faults = cluster.faults();
    faults->setSeed(seed);
    std::printf("ready %s %s\n", qPrintable(cluster.url().toString()), qPrintable(cluster.adminToken()));
    std::fflush(stdout);

    QByteArray pending;
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &cluster, [&] {
        char buffer[256];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            QCoreApplication::quit();
            return;
        }
        pending.append(buffer, n);
        for (qsizetype end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
            const QByteArray line = pending.left(end).trimmed();
            pending.remove(0, end + 1);
            if (line == "reset")
                faults->reset();
            else
                pd::bench::inject(faults, Fault(line.toInt()));
        }
    });
    return QCoreApplication::exec();
}

SoakServer::~SoakServer()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }
}

bool SoakServer::start(const QString &program, int namespaces, quint32 seed, QString *error)
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(program, {u"--serve"_s, u"--namespaces"_s, QString::number(namespaces), u"--seed"_s,
                              QString::number(seed), u"--kubeconfig-out"_s, kubeconfigPath()});
    if (!m_process.waitForStarted(10000)) {
        *error = m_process.errorString();
        return false;
    }
    while (m_process.state() == QProcess::Running && !m_process.canReadLine())
        m_process.waitForReadyRead(120000);
    const QList<QByteArray> words = m_process.readLine().trimmed().split(' ');
    if (words.size() != 3 || words.at(0) != "ready") {
        *error = u"the sandbox child did not print ready <URL> <TOKEN>"_s;
        return false;
    }
    m_endpoint.server = QUrl(QString::fromUtf8(words.at(1)));
    m_endpoint.token = QString::fromUtf8(words.at(2));
    return true;
}

QString SoakServer::exitDescription() const
{
    if (m_process.state() != QProcess::NotRunning)
        return {};
    if (m_process.exitStatus() == QProcess::CrashExit)
        return u"the sandbox child crashed (%1)"_s.arg(m_process.errorString());
    return u"the sandbox child exited with code %1"_s.arg(m_process.exitCode());
}

void SoakServer::inject(Fault fault)
{
    send(QByteArray::number(int(fault)));
}

void SoakServer::reset()
{
    send("reset");
}

void SoakServer::send(const QByteArray &line)
{
    m_process.write(line + '\n');
    m_process.waitForBytesWritten(1000);
}

} // namespace pd::bench
