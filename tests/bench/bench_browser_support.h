#pragma once
// Helpers of bench_browser: the sandbox as a child process, kubectl runs, a burst
// patcher on a thread of its own, and the process's peak RSS.

#include "kube/clusterendpoint.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <chrono>
#include <memory>
#include <optional>

namespace pd::core {
class EnvironmentModel;
}

namespace pd::bench {

// kB from /proc/<pid>/status (VmHWM: peak, VmRSS: now); -1 when unreadable.
qint64 procStatusKb(const QString &pid, const char *field);
// Resets this process's VmHWM to its current RSS (Linux: clear_refs "5").
void resetPeakRss();

// `previewctl sandbox --scale N --no-controllers` until "ready <URL>"; with controllers
// (bench_gui: the cost sampler needs their pod metrics) without --no-controllers.
class SandboxProcess final
{
public:
    SandboxProcess(const QString &previewctl, int scale, bool controllers = false);
    ~SandboxProcess();
    Q_DISABLE_COPY_MOVE(SandboxProcess)

    bool start(QString *error);
    qint64 startMs() const { return m_startMs; }
    QString kubeconfigPath() const;
    std::optional<pd::kube::ClusterEndpoint> endpoint(QString *error) const;
    qint64 peakRssKb() const;
    // Waits (at most `timeout`) until the server used less than a fifth of a core over a
    // second: its controllers settle after "ready" and would otherwise slow the first figures.
    void waitUntilIdle(std::chrono::seconds timeout) const;

private:
    QString m_previewctl;
    int m_scale;
    bool m_controllers;
    QTemporaryDir m_dir;
    QProcess m_process;
    qint64 m_startMs = 0;
};

// One kubectl run with stdout discarded: wall time in ms, -1 on failure.
struct KubectlRun
{
    qint64 ms = -1;
    qint64 bytes = 0;
    QString error;
};
KubectlRun runKubectl(const QString &kubeconfig, const QString &cacheDir, const QStringList &arguments);

// One deployment to scale in the burst.
struct ScaleTarget
{
    QString namespaceName;
    QString name;
    int replicas = 0;
};

// The burst both benches send: deployments scaled one replica up, spread over the namespaces
// (round r takes each namespace's r-th Deployment), and what the model must come to show.
class BurstPlan final
{
public:
    BurstPlan(const pd::core::EnvironmentModel &model, int burst);

    const QList<ScaleTarget> &targets() const { return m_targets; }
    // Folds the rows of a dataChanged range; true once the model shows every new count.
    bool fold(int firstRow, int lastRow);
    bool done() const { return m_left == 0; }

private:
    const pd::core::EnvironmentModel &m_model;
    QList<ScaleTarget> m_targets;
    QHash<QString, QHash<QString, int>> m_pending;   // namespace -> deployment -> replicas expected
    qsizetype m_left = 0;
};

// Sends merge patches of spec.replicas from a second ApiClient on its own thread,
// so the watcher's event loop only folds what the watch delivers.
class BurstPatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BurstPatcher)
public:
    BurstPatcher(const pd::kube::ClusterEndpoint &endpoint, QList<ScaleTarget> targets, QObject *parent = nullptr);
    ~BurstPatcher() override;
    void start();   // returns at once; finished() when every patch is answered

Q_SIGNALS:
    void finished(qint64 ms, int failures);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace pd::bench
