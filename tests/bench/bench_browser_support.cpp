#include "bench_browser_support.h"
#include "core/environment/environmentmodel.h"

#include "kube/apiclient.h"
#include "kube/kubeconfig.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QThread>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace pd::bench {

qint64 procStatusKb(const QString &pid, const char *field)
{
    QFile file(u"/proc/"_s + pid + u"/status"_s);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

void resetPeakRss()
{
    QFile file(u"/proc/self/clear_refs"_s);
    if (file.open(QIODevice::WriteOnly))
        file.write("5");
}

SandboxProcess::SandboxProcess(const QString &previewctl, int scale, bool controllers)
    : m_previewctl(previewctl)
    , m_scale(scale)
    , m_controllers(controllers)
{
}

SandboxProcess::~SandboxProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(30000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString SandboxProcess::kubeconfigPath() const
{
    return m_dir.filePath(u"kubeconfig"_s);
}

bool SandboxProcess::start(QString *error)
{
    QElapsedTimer timer;
    timer.start();
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setStandardErrorFile(m_dir.filePath(u"sandbox.err"_s));
    QStringList arguments{u"sandbox"_s, u"--scale"_s, QString::number(m_scale), u"--kubeconfig-out"_s, kubeconfigPath()};
    if (!m_controllers)
        arguments.append(u"--no-controllers"_s);
    m_process.start(m_previewctl, arguments);
    if (!m_process.waitForStarted(10000)) {
        *error = u"cannot start %1: %2"_s.arg(m_previewctl, m_process.errorString());
        return false;
    }
    QByteArray out;
    const QDeadlineTimer deadline(std::chrono::minutes(10));
    while (!out.contains('\n')) {
        if (m_process.state() == QProcess::NotRunning || deadline.hasExpired()
            || (!m_process.waitForReadyRead(int(std::min<qint64>(deadline.remainingTime(), 1000)))
                && m_process.state() == QProcess::NotRunning)) {
            QFile err(m_dir.filePath(u"sandbox.err"_s));
            err.open(QIODevice::ReadOnly);
            *error = u"sandbox did not get ready: "_s + QString::fromUtf8(err.readAll().right(2000));
            return false;
        }
        out += m_process.readAllStandardOutput();
    }
    if (!out.startsWith("ready ")) {
        *error = u"unexpected sandbox output: "_s + QString::fromUtf8(out);
        return false;
    }
    m_startMs = timer.elapsed();
    return true;
}

std::optional<pd::kube::ClusterEndpoint> SandboxProcess::endpoint(QString *error) const
{
    const auto config = pd::kube::KubeConfig::loadFiles({kubeconfigPath()}, error);
    if (!config)
        return std::nullopt;
    return config->endpoint(u"sandbox-admin"_s, error);
}

qint64 SandboxProcess::peakRssKb() const
{
    return procStatusKb(QString::number(m_process.processId()), "VmHWM");
}

namespace {
// utime + stime of a process in clock ticks; -1 when unreadable.
qint64 cpuTicks(qint64 pid)
{
    QFile file(u"/proc/%1/stat"_s.arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    // Fields after the command name in parentheses; utime and stime are the 14th and 15th.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 12 ? fields.at(11).toLongLong() + fields.at(12).toLongLong() : -1;
}
} // namespace

void SandboxProcess::waitUntilIdle(std::chrono::seconds timeout) const
{
    const QDeadlineTimer deadline(timeout);
    const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    qint64 before = cpuTicks(m_process.processId());
    while (before >= 0 && !deadline.hasExpired()) {
        QThread::sleep(1);
        const qint64 after = cpuTicks(m_process.processId());
        if (after < 0 || (after - before) * 5 < ticksPerSecond)
            return;
        before = after;
    }
}

KubectlRun runKubectl(const QString &kubeconfig, const QString &cacheDir, const QStringList &arguments)
{
    KubectlRun run;
    QProcess process;
    process.setStandardErrorFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    process.start(u"kubectl"_s, QStringList{u"--kubeconfig"_s, kubeconfig, u"--cache-dir"_s, cacheDir} + arguments);
    if (!process.waitForStarted(10000)) {
        run.error = process.errorString();
        return run;
    }
    // Read as it comes so kubectl never blocks on a full pipe; only count the bytes.
    while (process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(1000);
        run.bytes += process.readAllStandardOutput().size();
    }
    run.bytes += process.readAllStandardOutput().size();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        run.error = u"kubectl exited with %1"_s.arg(process.exitCode());
        return run;
    }
    run.ms = timer.elapsed();
    return run;
}

struct BurstPatcher::Private
{
    pd::kube::ClusterEndpoint endpoint;
    QList<ScaleTarget> targets;
    std::unique_ptr<QThread> thread;
};

BurstPatcher::BurstPatcher(const pd::kube::ClusterEndpoint &endpoint, QList<ScaleTarget> targets, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->endpoint = endpoint;
    d->targets = std::move(targets);
}

BurstPatcher::~BurstPatcher()
{
    if (d->thread)
        d->thread->wait();
}

void BurstPatcher::start()
{
    d->thread.reset(QThread::create([this] {
        QElapsedTimer timer;
        timer.start();
        int answered = 0;
        int failures = 0;
        {
            pd::kube::ApiClient client(d->endpoint);
            QEventLoop loop;
            QObject context;   // outlives every future: the loop runs until all are answered
            const qsizetype total = d->targets.size();
            for (const ScaleTarget &target : std::as_const(d->targets)) {
                const pd::kube::ResourceRef ref{u"apps"_s, u"v1"_s, u"deployments"_s, target.namespaceName, target.name, {}};
                const QByteArray body = QJsonDocument(QJsonObject{{u"spec"_s, QJsonObject{{u"replicas"_s, target.replicas}}}})
                                                .toJson(QJsonDocument::Compact);
                client.patch(ref, pd::kube::PatchType::Merge, body)
                        .then(&context, [&](const pd::kube::ApiResult &result) {
                            if (!result.ok())
                                ++failures;
                            if (++answered == total)
                                loop.quit();
                        });
            }
            if (total > 0)
                loop.exec();
        }
        const qint64 ms = timer.elapsed();
        QMetaObject::invokeMethod(
                this, [this, ms, failures] { Q_EMIT finished(ms, failures); }, Qt::QueuedConnection);
    }));
    d->thread->start();
}

BurstPlan::BurstPlan(const pd::core::EnvironmentModel &model, int burst)
    : m_model(model)
{
    for (int round = 0; round < 8 && m_targets.size() < burst; ++round) {
        for (int row = 0; row < model.rowCount() && m_targets.size() < burst; ++row) {
            const pd::core::Environment &env = model.environment(row);
            int seen = 0;
            for (const pd::core::WorkloadInfo &workload : env.workloads) {
                if (workload.kind != u"Deployment"_s || seen++ != round)
                    continue;
                m_targets.append({env.name, workload.name, workload.desired + 1});
                m_pending[env.name].insert(workload.name, workload.desired + 1);
            }
        }
    }
    m_left = m_targets.size();
}

bool BurstPlan::fold(int firstRow, int lastRow)
{
    for (int row = firstRow; row <= lastRow; ++row) {
        const pd::core::Environment &env = m_model.environment(row);
        auto it = m_pending.find(env.name);
        if (it == m_pending.end())
            continue;
        for (const pd::core::WorkloadInfo &workload : env.workloads) {
            if (workload.kind == u"Deployment"_s && it->value(workload.name, -1) == workload.desired) {
                it->remove(workload.name);
                --m_left;
            }
        }
        if (it->isEmpty())
            m_pending.erase(it);
    }
    return done();
}

} // namespace pd::bench
