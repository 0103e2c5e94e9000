#include "jobstatus.h"

#include "controllerutil.h"
#include "sandbox/objectstore.h"

namespace pd::sandbox::controllers {

namespace {

QJsonObject jobCondition(const QString &type, const QString &reason, const QString &message, const QString &time)
{
    return QJsonObject{{u"type"_s, type},       {u"status"_s, u"True"_s},    {u"reason"_s, reason},
                       {u"message"_s, message}, {u"lastProbeTime"_s, time}, {u"lastTransitionTime"_s, time}};
}

} // namespace

QString startJobPod(ObjectStore *store, const QJsonObject &job, QJsonObject *podSpecOut)
{
    const QString ns = namespaceOf(job), jobName = nameOf(job);
    const QJsonObject podTemplate = specOf(job).value(u"template"_s).toObject();
    QJsonObject podSpec = podTemplate.value(u"spec"_s).toObject();
    podSpec.insert(u"nodeName"_s, u"sandbox-node"_s);
    if (!podSpec.contains(u"serviceAccountName"_s))
        podSpec.insert(u"serviceAccountName"_s, u"default"_s);
    const QString podName = jobName + u'-' + safeEncode(stableHash(uidOf(job).toUtf8()), 5);
    QJsonObject podLabels = podTemplate.value(u"metadata"_s).toObject().value(u"labels"_s).toObject();
    podLabels.insert(u"batch.kubernetes.io/job-name"_s, jobName);
    podLabels.insert(u"job-name"_s, jobName);
    podLabels.insert(u"batch.kubernetes.io/controller-uid"_s, uidOf(job));
    const QString now = ObjectStore::timestamp(store->now());
    store->create(kPods, QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Pod"_s},
                                     {u"metadata"_s, QJsonObject{{u"name"_s, podName}, {u"namespace"_s, ns}, {u"labels"_s, podLabels},
                                                                 {u"ownerReferences"_s, QJsonArray{controllerRef(job)}}}},
                                     {u"spec"_s, podSpec},
                                     {u"status"_s, QJsonObject{{u"phase"_s, u"Running"_s}, {u"startTime"_s, now}}}},
                  WriteOptions{});
    if (podSpecOut)
        *podSpecOut = podSpec;
    return podName;
}

void finishJobRun(ObjectStore *store, const QString &ns, const QString &jobName, const QString &podName, bool succeeded,
                  int exitCode)
{
    const QString now = ObjectStore::timestamp(store->now());
    store->modify(kPods, ns, podName, [&](QJsonObject &pod) {
        QJsonObject status = statusOf(pod);
        status.insert(u"phase"_s, succeeded ? u"Succeeded"_s : u"Failed"_s);
        QJsonArray containers;
        for (const QJsonValue &c : specOf(pod).value(u"containers"_s).toArray()) {
            containers.append(QJsonObject{
                {u"name"_s, c.toObject().value(u"name"_s)}, {u"image"_s, c.toObject().value(u"image"_s)},
                {u"ready"_s, false}, {u"restartCount"_s, 0},
                {u"state"_s, QJsonObject{{u"terminated"_s, QJsonObject{{u"exitCode"_s, exitCode},
                                                                     {u"reason"_s, succeeded ? u"Completed"_s : u"Error"_s},
                                                                     {u"startedAt"_s, status.value(u"startTime"_s)},
                                                                     {u"finishedAt"_s, now}}}}}});
        }
        status.insert(u"containerStatuses"_s, containers);
        pod.insert(u"status"_s, status);
        return true;
    });
    store->modify(kJobs, ns, jobName, [&](QJsonObject &job) {
        QJsonObject status = statusOf(job);
        status.remove(u"active"_s);
        status.insert(u"ready"_s, 0);
        if (succeeded) {
            status.insert(u"succeeded"_s, 1);
            status.insert(u"completionTime"_s, now);
            status.insert(u"conditions"_s,
                          QJsonArray{jobCondition(u"SuccessCriteriaMet"_s, u"CompletionsReached"_s,
                                                  u"Reached expected number of succeeded pods"_s, now),
                                     jobCondition(u"Complete"_s, u"CompletionsReached"_s,
                                                  u"Reached expected number of succeeded pods"_s, now)});
        } else {
            status.insert(u"failed"_s, 1);
            status.insert(u"conditions"_s,
                          QJsonArray{jobCondition(u"FailureTarget"_s, u"BackoffLimitExceeded"_s,
                                                  u"Job has reached the specified backoff limit"_s, now),
                                     jobCondition(u"Failed"_s, u"BackoffLimitExceeded"_s,
                                                  u"Job has reached the specified backoff limit"_s, now)});
        }
        job.insert(u"status"_s, status);
        return true;
    });
}

} // namespace pd::sandbox::controllers
