#pragma once

#include "controllerbase.h"

#include <QHash>

#include <chrono>

namespace pd::sandbox::controllers {

// Simulates the Job controller for Jobs nobody else runs (a CronJob's runs are the
// CronJobController's): each new Job gets one Pod, Running for `runDuration` (what a seed
// or migration Job costs on a real cluster), then Succeeded, and the Job Complete. A
// container whose command is `false`, or `sh -c "exit N"` with N > 0, fails instead, so
// tests can watch a Job fail as kubectl shows it (Failed, BackoffLimitExceeded).
class JobController final : public ControllerBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobController)
public:
    JobController(ObjectStore *store, std::chrono::milliseconds runDuration, QObject *parent = nullptr);

    void start();

protected:
    void onEvent(const StoreEvent &event) override;
    void reconcile(const Key &key) override;

private:
    std::chrono::milliseconds m_runDuration;
    QHash<QString, QString> m_running;   // "ns/job" -> pod
};

} // namespace pd::sandbox::controllers
