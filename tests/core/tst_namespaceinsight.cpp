// The pure half of NamespaceInsight: pod status and events, as a kubelet, the
// scheduler and the controllers write them, turned into problem lines, the one-line
// summary of the state column, and the recent-events list.

#include "core/environment/namespaceinsight.h"

#include <QJsonDocument>
#include <QtTest>

using namespace pd::core;
using namespace Qt::StringLiterals;

namespace {

// Test JSON is written with ' for " and ` for an escaped quote inside a string (moc
// of Qt 6.4 cannot read raw string literals).
QJsonArray parseArray(QByteArray json)
{
    json.replace('`', "\\\"").replace('\'', '"');
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s at %d", qPrintable(error.errorString()), int(error.offset));
    return doc.isArray() ? doc.array() : QJsonArray{doc.object()};
}

// A pod of a Deployment's ReplicaSet (or a StatefulSet) with the given status JSON,
// metadata as the API server stores it.
QByteArray pod(const QByteArray &name, const QByteArray &ownerKind, const QByteArray &owner, const QByteArray &status,
               const QByteArray &containers = "[{'name':'api','image':'ghcr.io/acme/api:pr-42'}]",
               const QByteArray &extraMeta = {})
{
    const QByteArray hash = ownerKind == "ReplicaSet" ? owner.mid(owner.lastIndexOf('-') + 1) : QByteArray();
    QByteArray labels = ownerKind == "ReplicaSet" ? "{'app':'x','pod-template-hash':'" + hash + "'}"
                                                  : QByteArray("{'app':'x'}");
    return "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name
            + "','namespace':'shop-pr-42','uid':'uid-" + name + "','resourceVersion':'4711',"
            + "'creationTimestamp':'2026-11-26T10:00:00Z','labels':" + labels + extraMeta
            + ",'ownerReferences':[{'apiVersion':'apps/v1','kind':'" + ownerKind + "','name':'" + owner
            + "','uid':'owner-uid','controller':true,'blockOwnerDeletion':true}]},"
            + "'spec':{'containers':" + containers + ",'restartPolicy':'Always','nodeName':'kind-worker'},"
            + "'status':" + status + "}";
}

// A core/v1 Event about a pod's container, as the kubelet records it.
QByteArray podEvent(const QByteArray &pod, const QByteArray &type, const QByteArray &reason, const QByteArray &message,
                    const QByteArray &lastTimestamp, int count = 1, const QByteArray &fieldPath = "spec.containers{api}",
                    const QByteArray &uid = {})
{
    return "{'apiVersion':'v1','kind':'Event','metadata':{'name':'" + pod + "." + reason.toLower()
            + "','namespace':'shop-pr-42','creationTimestamp':'2026-11-26T10:00:01Z'},"
            + "'involvedObject':{'kind':'Pod','namespace':'shop-pr-42','name':'" + pod + "','uid':'"
            + (uid.isEmpty() ? "uid-" + pod : uid) + "','apiVersion':'v1','fieldPath':'" + fieldPath + "'},"
            + "'reason':'" + reason + "','message':'" + message + "','source':{'component':'kubelet','host':'kind-worker'},"
            + "'firstTimestamp':'2026-11-26T10:00:01Z','lastTimestamp':'" + lastTimestamp + "','count':"
            + QByteArray::number(count) + ",'type':'" + type + "','eventTime':null,'reportingComponent':'kubelet','reportingInstance':'kind-worker'}";
}

const QByteArray kReady = "{'phase':'Running','conditions':["
    "    {'type':'Initialized','status':'True','lastProbeTime':null,'lastTransitionTime':'2026-11-26T10:00:00Z'},"
    "    {'type':'Ready','status':'True','lastProbeTime':null,'lastTransitionTime':'2026-11-26T10:00:09Z'},"
    "    {'type':'ContainersReady','status':'True','lastProbeTime':null,'lastTransitionTime':'2026-11-26T10:00:09Z'},"
    "    {'type':'PodScheduled','status':'True','lastProbeTime':null,'lastTransitionTime':'2026-11-26T10:00:00Z'}],"
    "  'hostIP':'172.18.0.3','podIP':'10.244.1.7','startTime':'2026-11-26T10:00:00Z','qosClass':'Burstable',"
    "  'containerStatuses':[{'name':'api','state':{'running':{'startedAt':'2026-11-26T10:00:05Z'}},'lastState':{},"
    "    'ready':true,'restartCount':0,'image':'ghcr.io/acme/api:pr-42',"
    "    'imageID':'ghcr.io/acme/api@sha256:4e1f0c2b','containerID':'containerd://9a1b','started':true}]}";

const QByteArray kPullBackOff = "{'phase':'Pending','conditions':["
    "    {'type':'Initialized','status':'True','lastProbeTime':null,'lastTransitionTime':'2026-11-26T10:00:00Z'},"
    "    {'type':'Ready','status':'False','lastProbeTime':null,'lastTransitionTime':'2026-11-26T10:00:00Z','reason':'ContainersNotReady','message':'containers with unready status: [api]'},"
    "    {'type':'ContainersReady','status':'False','lastProbeTime':null,'lastTransitionTime':'2026-11-26T10:00:00Z','reason':'ContainersNotReady','message':'containers with unready status: [api]'},"
    "    {'type':'PodScheduled','status':'True','lastProbeTime':null,'lastTransitionTime':'2026-11-26T10:00:00Z'}],"
    "  'hostIP':'172.18.0.3','podIP':'10.244.1.8','startTime':'2026-11-26T10:00:00Z','qosClass':'Burstable',"
    "  'containerStatuses':[{'name':'api','state':{'waiting':{'reason':'ImagePullBackOff','message':'Back-off pulling image `ghcr.io/acme/api:pr-42`'}},"
    "    'lastState':{},'ready':false,'restartCount':0,'image':'ghcr.io/acme/api:pr-42','imageID':'','started':false}]}";

QByteArray waiting(const QByteArray &reason, const QByteArray &message, int restarts = 0,
                   const QByteArray &lastState = "{}", const QByteArray &name = "api")
{
    return "{'phase':'Running','conditions':[{'type':'Ready','status':'False','reason':'ContainersNotReady'},"
    "        {'type':'PodScheduled','status':'True'}],'containerStatuses':[{'name':'" + name
            + "','state':{'waiting':{'reason':'" + reason + "','message':'" + message + "'}},'lastState':"
            + lastState + ",'ready':false,'restartCount':" + QByteArray::number(restarts)
            + ",'image':'ghcr.io/acme/api:pr-42','imageID':'','started':false}]}";
}

const QByteArray kNotFoundEvent = "Failed to pull image `ghcr.io/acme/api:pr-42`: rpc error: code = NotFound desc = failed to pull and unpack image `ghcr.io/acme/api:pr-42`: failed to resolve reference `ghcr.io/acme/api:pr-42`: ghcr.io/acme/api:pr-42: not found";

QByteArray array(const QList<QByteArray> &items)
{
    return '[' + items.join(',') + ']';
}

} // namespace

class TestNamespaceInsight final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void problems_data()
    {
        QTest::addColumn<QByteArray>("pods");
        QTest::addColumn<QByteArray>("events");
        QTest::addColumn<QStringList>("expected");

        const QByteArray rs = "api-7d9f8b6c5";
        QTest::newRow("ready pod: nothing")
                << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs, kReady)}) << QByteArray("[]") << QStringList();
        QTest::newRow("pull back-off, registry says not found")
                << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs, kPullBackOff)})
                << array({podEvent("api-7d9f8b6c5-x2k4q", "Normal", "Pulling", "Pulling image `ghcr.io/acme/api:pr-42`", "2026-11-26T10:12:00Z", 7),
                          podEvent("api-7d9f8b6c5-x2k4q", "Warning", "Failed", kNotFoundEvent, "2026-11-26T10:12:01Z", 7),
                          podEvent("api-7d9f8b6c5-x2k4q", "Warning", "Failed", "Error: ImagePullBackOff", "2026-11-26T10:13:01Z", 7)})
                << QStringList{u"api: ImagePullBackOff (ghcr.io/acme/api:pr-42 not found)"_s};
        QTest::newRow("pull back-off without events")
                << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs, kPullBackOff)}) << QByteArray("[]")
                << QStringList{u"api: ImagePullBackOff (ghcr.io/acme/api:pr-42)"_s};
        QTest::newRow("pull denied by a private registry")
                << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs,
                              waiting("ErrImagePull", "failed to pull and unpack image `ghcr.io/acme/api:pr-42`: failed to resolve reference `ghcr.io/acme/api:pr-42`: failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Aacme%2Fapi%3Apull: 401 Unauthorized"))})
                << QByteArray("[]") << QStringList{u"api: ErrImagePull (ghcr.io/acme/api:pr-42: access denied)"_s};
        QTest::newRow("crash loop after OOM kills")
                << array({pod("worker-6c8d7f9b4-q7w2m", "ReplicaSet", "worker-6c8d7f9b4",
                              waiting("CrashLoopBackOff", "back-off 5m0s restarting failed container=api pod=worker-6c8d7f9b4-q7w2m_shop-pr-42(uid-1)", 7,
                                      "{'terminated':{'exitCode':137,'reason':'OOMKilled','startedAt':'2026-11-26T10:10:00Z','finishedAt':'2026-11-26T10:10:41Z','containerID':'containerd://77ab'}}"))})
                << QByteArray("[]") << QStringList{u"worker: CrashLoopBackOff (OOMKilled, 7 restarts)"_s};
        QTest::newRow("crash loop with an exit code")
                << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs,
                              waiting("CrashLoopBackOff", "back-off 1m20s restarting failed container=api pod=api-7d9f8b6c5-x2k4q_shop-pr-42(uid-1)", 4,
                                      "{'terminated':{'exitCode':1,'reason':'Error','startedAt':'2026-11-26T10:10:00Z','finishedAt':'2026-11-26T10:10:02Z','containerID':'containerd://77ab'}}"))})
                << QByteArray("[]") << QStringList{u"api: CrashLoopBackOff (exit code 1, 4 restarts)"_s};
        QTest::newRow("missing secret key")
                << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs,
                              waiting("CreateContainerConfigError", "secret `api-env` not found"))})
                << QByteArray("[]") << QStringList{u"api: CreateContainerConfigError (secret \"api-env\" not found)"_s};
        QTest::newRow("unschedulable statefulset pod")
                << array({pod("db-0", "StatefulSet", "db",
                              "{'phase':'Pending','conditions':[{'type':'PodScheduled','status':'False','lastProbeTime':null,'lastTransitionTime':'2026-11-26T10:00:00Z','reason':'Unschedulable','message':'0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.'}],'qosClass':'Burstable'}",
                              "[{'name':'postgres','image':'postgres:16'}]")})
                << QByteArray("[]") << QStringList{u"db: Unschedulable (0/3 nodes are available: 3 Insufficient memory.)"_s};
        const QByteArray running = "{'phase':'Running','conditions':[{'type':'Ready','status':'False','reason':'ContainersNotReady'},{'type':'PodScheduled','status':'True'}],"
    "            'containerStatuses':[{'name':'api','state':{'running':{'startedAt':'2026-11-26T10:00:05Z'}},'lastState':{},'ready':false,'restartCount':0,'image':'ghcr.io/acme/api:pr-42','imageID':'ghcr.io/acme/api@sha256:4e1f','started':true}]}";
        QTest::newRow("readiness probe failing")
                << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs, running)})
                << array({podEvent("api-7d9f8b6c5-x2k4q", "Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", "2026-11-26T10:14:00Z", 31)})
                << QStringList{u"api: Unhealthy (Readiness probe failed: HTTP probe failed with statuscode: 503)"_s};
        QTest::newRow("probe events of an earlier pod of that name are ignored")
                << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs, running)})
                << array({podEvent("api-7d9f8b6c5-x2k4q", "Warning", "Unhealthy", "Readiness probe failed: connection refused", "2026-11-26T09:14:00Z", 3, "spec.containers{api}", "uid-of-an-older-pod")})
                << QStringList();
        QTest::newRow("not ready without a probe event: still starting")
                << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs, running)}) << QByteArray("[]") << QStringList();
        QTest::newRow("sidecar named after its workload")
                << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs,
                              waiting("CrashLoopBackOff", "back-off 40s restarting failed container=envoy", 3,
                                      "{'terminated':{'exitCode':2,'reason':'Error'}}", "envoy"),
                              "[{'name':'api','image':'ghcr.io/acme/api:pr-42'},{'name':'envoy','image':'envoyproxy/envoy:v1.31'}]")})
                << QByteArray("[]") << QStringList{u"api/envoy: CrashLoopBackOff (exit code 2, 3 restarts)"_s};
        QTest::newRow("init container failing")
                << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs,
                              "{'phase':'Pending','conditions':[{'type':'Initialized','status':'False','reason':'ContainersNotInitialized'},{'type':'PodScheduled','status':'True'}],"
    "                                  'initContainerStatuses':[{'name':'migrate','state':{'waiting':{'reason':'CrashLoopBackOff','message':'back-off 40s restarting failed container=migrate'}},"
    "                                    'lastState':{'terminated':{'exitCode':1,'reason':'Error'}},'ready':false,'restartCount':3,'image':'ghcr.io/acme/api:pr-42','imageID':'x','started':false}],"
    "                                  'containerStatuses':[{'name':'api','state':{'waiting':{'reason':'PodInitializing'}},'lastState':{},'ready':false,'restartCount':0,'image':'ghcr.io/acme/api:pr-42','imageID':'','started':false}]}")})
                << QByteArray("[]") << QStringList{u"api/migrate: Init:CrashLoopBackOff (exit code 1, 3 restarts)"_s};
        QTest::newRow("volume cannot be mounted")
                << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs, waiting("ContainerCreating", ""))})
                << array({podEvent("api-7d9f8b6c5-x2k4q", "Warning", "FailedMount", "MountVolume.SetUp failed for volume `config` : configmap `api-config` not found", "2026-11-26T10:03:00Z", 9, "")})
                << QStringList{u"api: FailedMount (MountVolume.SetUp failed for volume \"config\" : configmap \"api-config\" not found)"_s};
        QTest::newRow("quota keeps the replicaset from creating pods")
                << QByteArray("[]")
                << array({"{'apiVersion':'v1','kind':'Event','metadata':{'name':'api-7d9f8b6c5.17f2','namespace':'shop-pr-42'},"
    "                    'involvedObject':{'kind':'ReplicaSet','namespace':'shop-pr-42','name':'api-7d9f8b6c5','uid':'rs-uid','apiVersion':'apps/v1'},"
    "                    'reason':'FailedCreate','message':'Error creating: pods `api-7d9f8b6c5-zz9x4` is forbidden: exceeded quota: compute, requested: requests.memory=512Mi, used: requests.memory=1536Mi, limited: requests.memory=2Gi',"
    "                    'source':{'component':'replicaset-controller'},'firstTimestamp':'2026-11-26T10:00:02Z','lastTimestamp':'2026-11-26T10:05:02Z','count':14,'type':'Warning'}"})
                << QStringList{u"api: FailedCreate (exceeded quota: compute, requested: requests.memory=512Mi, used: requests.memory=1536Mi, limited: requests.memory=2Gi)"_s};
        QTest::newRow("terminated without restarts (restartPolicy Never)")
                << array({pod("seed-9kq2x", "Job", "seed",
                              "{'phase':'Running','containerStatuses':[{'name':'seed','state':{'terminated':{'exitCode':137,'reason':'OOMKilled','startedAt':'2026-11-26T10:00:05Z','finishedAt':'2026-11-26T10:00:35Z'}},'lastState':{},'ready':false,'restartCount':0,'image':'ghcr.io/acme/seed:1','imageID':'x','started':false}]}",
                              "[{'name':'seed','image':'ghcr.io/acme/seed:1'}]")})
                << QByteArray("[]") << QStringList{u"seed: OOMKilled (exit code 137)"_s};
        QTest::newRow("running again after OOM kills: a warning")
                << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs,
                              "{'phase':'Running','conditions':[{'type':'Ready','status':'True'}],'containerStatuses':[{'name':'api','state':{'running':{'startedAt':'2026-11-26T10:20:00Z'}},"
    "                                  'lastState':{'terminated':{'exitCode':137,'reason':'OOMKilled'}},'ready':true,'restartCount':2,'image':'ghcr.io/acme/api:pr-42','imageID':'x','started':true}]}")})
                << QByteArray("[]") << QStringList{u"api: Restarting (OOMKilled, 2 restarts)"_s};
        QTest::newRow("deleted and finished pods are not problems")
                << array({pod("api-7d9f8b6c5-old11", "ReplicaSet", rs, kPullBackOff, "[{'name':'api','image':'ghcr.io/acme/api:pr-42'}]",
                              ",'deletionTimestamp':'2026-11-26T10:30:00Z','deletionGracePeriodSeconds':30"),
                          pod("migrate-4xq7p", "Job", "migrate", "{'phase':'Succeeded','containerStatuses':[{'name':'migrate','state':{'terminated':{'exitCode':0,'reason':'Completed'}},'ready':false,'restartCount':0}]}")})
                << QByteArray("[]") << QStringList();
        QTest::newRow("errors first, then warnings; evicted pods are warnings")
                << array({pod("web-5b6c7d8f9-evict", "ReplicaSet", "web-5b6c7d8f9",
                              "{'phase':'Failed','reason':'Evicted','message':'The node was low on resource: memory. Threshold quantity: 100Mi, available: 61Mi.'}"),
                          pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs, kPullBackOff)})
                << QByteArray("[]")
                << QStringList{u"api: ImagePullBackOff (ghcr.io/acme/api:pr-42)"_s,
                               u"web: Evicted (The node was low on resource: memory. Threshold quantity: 100Mi, available: 61Mi.)"_s};
    }

    void problems()
    {
        QFETCH(QByteArray, pods);
        QFETCH(QByteArray, events);
        QFETCH(QStringList, expected);
        QStringList actual;
        for (const PodProblem &problem : podProblems(parseArray(pods), parseArray(events)))
            actual.append(problem.text());
        QCOMPARE(actual, expected);
    }

    void problemFields()
    {
        const QList<PodProblem> problems = podProblems(
                parseArray(array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", "api-7d9f8b6c5", kPullBackOff)})),
                parseArray(array({podEvent("api-7d9f8b6c5-x2k4q", "Warning", "Failed", kNotFoundEvent, "2026-11-26T10:12:01Z")})));
        QCOMPARE(problems.size(), 1);
        const PodProblem &p = problems.first();
        QCOMPARE(p.severity, PodProblem::Severity::Error);
        QCOMPARE(p.workload, u"api"_s);
        QCOMPARE(p.pod, u"api-7d9f8b6c5-x2k4q"_s);
        QCOMPARE(p.container, u"api"_s);
        QCOMPARE(p.reason, u"ImagePullBackOff"_s);
        QVERIFY2(p.message.startsWith(u"Failed to pull image \"ghcr.io/acme/api:pr-42\""_s), qPrintable(p.message));
    }

    void summary_data()
    {
        QTest::addColumn<QByteArray>("pods");
        QTest::addColumn<int>("maxSubjects");
        QTest::addColumn<QString>("expected");
        const QByteArray rs = "api-7d9f8b6c5";
        QTest::newRow("none") << array({pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs, kReady)}) << 3 << QString();
        QTest::newRow("replicas with the same problem: one line")
                << array({pod("api-7d9f8b6c5-aaaaa", "ReplicaSet", rs, kPullBackOff),
                          pod("api-7d9f8b6c5-bbbbb", "ReplicaSet", rs, kPullBackOff),
                          pod("api-7d9f8b6c5-ccccc", "ReplicaSet", rs, kPullBackOff)})
                << 3 << u"api: ImagePullBackOff (ghcr.io/acme/api:pr-42)"_s;
        const QByteArray crash = waiting("CrashLoopBackOff", "back-off", 5, "{'terminated':{'exitCode':1,'reason':'Error'}}");
        QTest::newRow("several workloads, errors first")
                << array({pod("web-5b6c7d8f9-evict", "ReplicaSet", "web-5b6c7d8f9", "{'phase':'Failed','reason':'Evicted','message':'low on memory'}"),
                          pod("worker-6c8d7f9b4-q7w2m", "ReplicaSet", "worker-6c8d7f9b4", crash),
                          pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", rs, kPullBackOff)})
                << 3 << u"api: ImagePullBackOff (ghcr.io/acme/api:pr-42); worker: CrashLoopBackOff (exit code 1, 5 restarts); web: Evicted (low on memory)"_s;
        QTest::newRow("more than the limit")
                << array({pod("a-5b6c7d8f9-aaaaa", "ReplicaSet", "a-5b6c7d8f9", crash),
                          pod("b-5b6c7d8f9-aaaaa", "ReplicaSet", "b-5b6c7d8f9", crash),
                          pod("c-5b6c7d8f9-aaaaa", "ReplicaSet", "c-5b6c7d8f9", crash)})
                << 1 << u"a: CrashLoopBackOff (exit code 1, 5 restarts); +2 more"_s;
    }

    void summary()
    {
        QFETCH(QByteArray, pods);
        QFETCH(int, maxSubjects);
        QFETCH(QString, expected);
        QCOMPARE(summarizeProblems(podProblems(parseArray(pods)), maxSubjects), expected);
    }

    void workloadOfPod_data()
    {
        QTest::addColumn<QByteArray>("pod");
        QTest::addColumn<QString>("expected");
        QTest::newRow("deployment") << pod("api-7d9f8b6c5-x2k4q", "ReplicaSet", "api-7d9f8b6c5", kReady) << u"api"_s;
        QTest::newRow("dashed deployment name")
                << pod("order-api-7d9f8b6c5-x2k4q", "ReplicaSet", "order-api-7d9f8b6c5", kReady) << u"order-api"_s;
        QTest::newRow("statefulset") << pod("db-0", "StatefulSet", "db", kReady) << u"db"_s;
        QTest::newRow("bare pod")
                << QByteArray("{'metadata':{'name':'debug-shell'},'status':{'phase':'Running'}}") << u"debug-shell"_s;
    }

    void workloadOfPod()
    {
        QFETCH(QByteArray, pod);
        QFETCH(QString, expected);
        QCOMPARE(pd::core::workloadOfPod(parseArray(pod).first().toObject()), expected);
    }

    void recentEvents_data()
    {
        QTest::addColumn<QByteArray>("events");
        QTest::addColumn<int>("max");
        QTest::addColumn<QStringList>("expected");   // "type reason object count"

        const QByteArray seriesEvent = "{'apiVersion':'v1','kind':'Event','metadata':{'name':'api.1','namespace':'shop-pr-42','creationTimestamp':'2026-11-26T10:00:00Z'},"
    "            'involvedObject':{'kind':'Pod','name':'api-7d9f8b6c5-x2k4q'},'reason':'BackOff','message':'Back-off restarting failed container api',"
    "            'type':'Warning','eventTime':'2026-11-26T10:00:00.123456Z','series':{'count':42,'lastObservedTime':'2026-11-26T10:20:00.654321Z'},"
    "            'reportingComponent':'kubelet','firstTimestamp':null,'lastTimestamp':null}";
        const QByteArray scheduled = "{'metadata':{'name':'api.2','creationTimestamp':'2026-11-26T10:00:00Z'},"
    "            'involvedObject':{'kind':'Pod','name':'api-7d9f8b6c5-x2k4q'},'reason':'Scheduled','message':'Successfully assigned shop-pr-42/api-7d9f8b6c5-x2k4q to kind-worker',"
    "            'type':'Normal','eventTime':'2026-11-26T10:00:00.000001Z','firstTimestamp':null,'lastTimestamp':null}";
        const QByteArray scaled = "{'metadata':{'name':'api.3','creationTimestamp':'2026-11-26T09:59:59Z'},"
    "            'involvedObject':{'kind':'Deployment','name':'api'},'reason':'ScalingReplicaSet','message':'Scaled up replica set api-7d9f8b6c5 to 1',"
    "            'type':'Normal','firstTimestamp':'2026-11-26T09:59:59Z','lastTimestamp':'2026-11-26T10:10:00Z','count':2}";
        QTest::newRow("newest first, series counted")
                << array({scheduled, seriesEvent, scaled}) << 20
                << QStringList{u"Warning BackOff pod/api-7d9f8b6c5-x2k4q 42"_s,
                               u"Normal ScalingReplicaSet deployment/api 2"_s,
                               u"Normal Scheduled pod/api-7d9f8b6c5-x2k4q 1"_s};
        QTest::newRow("at most max") << array({scheduled, seriesEvent, scaled}) << 1
                                     << QStringList{u"Warning BackOff pod/api-7d9f8b6c5-x2k4q 42"_s};
        QTest::newRow("none") << QByteArray("[]") << 20 << QStringList();
    }

    void recentEvents()
    {
        QFETCH(QByteArray, events);
        QFETCH(int, max);
        QFETCH(QStringList, expected);
        QStringList actual;
        for (const NamespaceEvent &e : pd::core::recentEvents(parseArray(events), max))
            actual.append(u"%1 %2 %3 %4"_s.arg(e.type, e.reason, e.object()).arg(e.count));
        QCOMPARE(actual, expected);
    }

    void eventTimes()
    {
        const QList<NamespaceEvent> rows = pd::core::recentEvents(parseArray("[{'metadata':{'name':'e'},"
    "            'involvedObject':{'kind':'Pod','name':'p'},'reason':'Unhealthy','type':'Warning','message':'Readiness probe failed',"
    "            'eventTime':'2026-11-26T10:00:00.123456Z','series':{'count':3,'lastObservedTime':'2026-11-26T10:05:30.500000Z'}}]"));
        QCOMPARE(rows.size(), 1);
        QVERIFY(rows.first().isWarning());
        QCOMPARE(rows.first().firstSeen, QDateTime(QDate(2026, 11, 26), QTime(10, 0, 0, 123), Qt::UTC));
        QCOMPARE(rows.first().lastSeen, QDateTime(QDate(2026, 11, 26), QTime(10, 5, 30, 500), Qt::UTC));
    }

    void insightWithoutClientStaysEmpty()
    {
        NamespaceInsight insight(nullptr);
        QSignalSpy changed(&insight, &NamespaceInsight::changed);
        insight.setNamespace(u"shop-pr-42"_s);
        QCOMPARE(insight.namespaceName(), u"shop-pr-42"_s);
        QVERIFY(!insight.isSynced());
        QVERIFY(insight.problems().isEmpty());
        QCOMPARE(changed.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestNamespaceInsight)
#include "tst_namespaceinsight.moc"
