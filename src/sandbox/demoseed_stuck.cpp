// seedStuckRollout (demoseed.h): a rollout that has been failing for a while, with its history.

#include "demoseed.h"

#include "controllers/controllerutil.h"
#include "controllers/eventrecorder.h"
#include "controllers/kubeletsim.h"
#include "controllers/workloadcontroller.h"
#include "objectstore.h"

namespace pd::sandbox {

using namespace controllers;

namespace {

const GroupResource kCoreEvents{QString(), u"events"_s};

QJsonObject condition(const QString &type, bool status, const QString &reason, const QString &message,
                      const QString &time)
{
    return QJsonObject{{u"type"_s, type}, {u"status"_s, status ? u"True"_s : u"False"_s}, {u"lastUpdateTime"_s, time},
                       {u"lastTransitionTime"_s, time}, {u"reason"_s, reason}, {u"message"_s, message}};
}

// How often the kubelet has said it again by now: pulls on its back-off (10 s doubling
// to 5 min), "Back-off" on every pod sync in between.
int repeats(const QString &reason, const QString &message, qint64 seconds)
{
    const int pulls = int(std::min<qint64>(5 + seconds / 300, 1000));
    if (reason == u"Pulling"_s || message.startsWith(u"Failed to pull"_s) || message == u"Error: ErrImagePull"_s)
        return pulls;
    if (reason == u"BackOff"_s || message == u"Error: ImagePullBackOff"_s)
        return int(std::min<qint64>(seconds / 14, 5000));
    return 1;
}

} // namespace

void seedStuckRollout(ObjectStore *store, const QString &namespaceName, const QString &name, const QDateTime &since)
{
    const std::optional<QJsonObject> found = store->get(kDeployments, namespaceName, name);
    if (!found)
        return;
    const auto clock = store->clock();
    const QDateTime now = store->now();
    store->setClock([since] { return since; });
    WriteOptions internal;
    internal.skipAdmission = true;
    const QString at = ObjectStore::timestamp(since);
    const int replicas = specOf(*found).value(u"replicas"_s).toInt(1);

    const StoreResult rs = store->create(kReplicaSets, WorkloadController::replicaSetFor(*found, 1), internal);
    if (rs.ok()) {
        EventRecorder(store, u"deployment-controller"_s)
            .record(*found, QString::fromLatin1(EventRecorder::kNormal), u"ScalingReplicaSet"_s,
                    u"Scaled up replica set %1 from 0 to %2"_s.arg(nameOf(rs.object)).arg(replicas));
        EventRecorder replicaSetEvents(store, u"replicaset-controller"_s);
        KubeletSimulator kubelet(store);   // its crash timers go with it: the controllers carry on
        const QJsonObject tpl = specOf(rs.object).value(u"template"_s).toObject();
        for (int i = 0; i < replicas; ++i) {
            const QString podName = nameOf(rs.object) + u'-'
                    + safeEncode(stableHash((namespaceName + name + QString::number(i)).toUtf8()), 5);
            const StoreResult pod = store->create(kPods, WorkloadController::podFor(rs.object, tpl, podName), internal);
            if (!pod.ok())
                continue;
            replicaSetEvents.record(rs.object, QString::fromLatin1(EventRecorder::kNormal), u"SuccessfulCreate"_s,
                                    u"Created pod: "_s + podName);
            kubelet.podCreated(pod.object);
            kubelet.startPod(namespaceName, podName);
        }
        store->modify(kReplicaSets, namespaceName, nameOf(rs.object), [&](QJsonObject &o) {
            o.insert(u"status"_s, QJsonObject{{u"replicas"_s, replicas}, {u"fullyLabeledReplicas"_s, replicas},
                                              {u"observedGeneration"_s, 1}});
            return true;
        });
    }
    store->modify(kDeployments, namespaceName, name, [&](QJsonObject &d) {
        QJsonObject meta = metaOf(d);
        QJsonObject annotations = meta.value(u"annotations"_s).toObject();
        annotations.insert(u"deployment.kubernetes.io/revision"_s, u"1"_s);
        meta.insert(u"annotations"_s, annotations);
        d.insert(u"metadata"_s, meta);
        d.insert(u"status"_s, QJsonObject{
            {u"observedGeneration"_s, meta.value(u"generation"_s).toInteger(1)},
            {u"replicas"_s, replicas}, {u"updatedReplicas"_s, replicas}, {u"unavailableReplicas"_s, replicas},
            {u"conditions"_s, QJsonArray{
                condition(u"Available"_s, false, u"MinimumReplicasUnavailable"_s, u"Deployment does not have minimum availability."_s, at),
                condition(u"Progressing"_s, true, u"ReplicaSetUpdated"_s,
                          u"ReplicaSet \"%1\" is progressing."_s.arg(nameOf(rs.object)), at)}}});
        return true;
    });
    store->setClock(clock);

    // What the kubelet kept saying since then.
    const qint64 lasted = since.secsTo(now);
    for (const StoredObjectPtr &entry : store->entries(kCoreEvents, namespaceName)) {
        const QJsonObject event = entry->object();
        if (event.value(u"firstTimestamp"_s).toString() != at)
            continue;
        const int count = repeats(event.value(u"reason"_s).toString(), event.value(u"message"_s).toString(), lasted);
        if (count <= 1)
            continue;
        store->modify(kCoreEvents, namespaceName, entry->name, [&](QJsonObject &e) {
            e.insert(u"count"_s, count);
            e.insert(u"lastTimestamp"_s, ObjectStore::timestamp(now.addSecs(-(entry->name.size() % 40) - 5)));
            return true;
        });
    }
}

} // namespace pd::sandbox
