#pragma once

#include <QJsonObject>
#include <QString>

namespace pd::sandbox {
class ObjectStore;
}

namespace pd::sandbox::controllers {

// Ends a Job's one run as the Job controller and kubelet record it: the Pod Succeeded or
// Failed with each container terminated (exit code, Completed/Error), the Job's
// active count cleared and its Complete or Failed condition set (with SuccessCriteriaMet /
// FailureTarget before it, as Kubernetes 1.31+ writes them). Shared by the CronJob runs and
// the standalone Jobs, so both finish alike.
// Starts a Job's one run: its Pod (from spec.template, on the sandbox's node, owned by the
// Job, with the job-name labels) Running. Returns the Pod's name; *podSpec gets its spec.
QString startJobPod(ObjectStore *store, const QJsonObject &job, QJsonObject *podSpec = nullptr);

void finishJobRun(ObjectStore *store, const QString &namespaceName, const QString &job, const QString &pod,
                  bool succeeded, int exitCode);

} // namespace pd::sandbox::controllers
