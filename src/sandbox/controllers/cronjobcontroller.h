#pragma once

#include "controllerbase.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <functional>

class QProcess;
class QTemporaryDir;

namespace pd::sandbox::controllers {

// Simulates the CronJob and Job controllers. CronJobs run on their schedule
// (kube/cronexpression.h, in spec.timeZone; the latest missed run only, within
// startingDeadlineSeconds; concurrencyPolicy; suspend): each run is a Job owned by
// the CronJob and a Pod owned by the Job. A container that runs kubectl (directly,
// or a `sh -c` script that calls it) is executed for real: a local process with a
// kubeconfig pointing at the sandbox under the pod's ServiceAccount identity; its
// exit code decides the Job's succeeded/failed and its output becomes the pod log.
// Any other container just succeeds. Finished Jobs beyond the history limits go.
class CronJobController final : public ControllerBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CronJobController)
public:
    struct Options
    {
        QUrl serverUrl;
        QByteArray caPem;
        std::function<QString(const QString &ns, const QString &serviceAccount)> serviceAccountToken;
        QString kubectlPath;                       // "" = kubectl from the PATH
        std::chrono::milliseconds jobTimeout{std::chrono::minutes(10)};
    };

    CronJobController(ObjectStore *store, Options options, QObject *parent = nullptr);
    ~CronJobController() override;

    void start();
    void stop();

    // Starts every CronJob run that is due at the store's clock now.
    void tick();
    // Runs a CronJob now, as `kubectl create job --from=cronjob/NAME` (no
    // lastScheduleTime). Returns the Job name, or "" when it could not start.
    QString runNow(const QString &namespaceName, const QString &cronJob);
    // The next scheduled time of a CronJob (invalid when suspended or unparsable).
    QDateTime nextRun(const QJsonObject &cronJob) const;

    // Output of a run's pod (what `kubectl logs` shows); empty for unknown pods.
    QByteArray podLog(const QString &namespaceName, const QString &pod) const;
    int runningCount() const { return int(m_runs.size()); }

Q_SIGNALS:
    void jobStarted(const QString &namespaceName, const QString &job);
    void jobFinished(const QString &namespaceName, const QString &job, bool succeeded, int exitCode);

protected:
    void onEvent(const StoreEvent &event) override;
    void reconcile(const Key &key) override;

private:
    struct Run;
    QString startRun(const QJsonObject &cronJob, const QDateTime &scheduled, bool manual);
    bool launch(Run *run, const QJsonObject &podSpec, QString *error);
    void finish(const QString &runKey, bool succeeded, int exitCode, const QByteArray &output);
    void trimHistory(const QString &ns, const QString &cronJobName);
    void armTimer();

    Options m_options;
    QHash<QString, Run *> m_runs;            // "ns/job" -> running
    QHash<QString, QByteArray> m_logs;       // "ns/pod" -> output
    QTimer m_schedule;
};

} // namespace pd::sandbox::controllers
