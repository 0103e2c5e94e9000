#include "kubeletsim.h"

#include "controllerutil.h"
#include "kube/quantity.h"
#include "sandbox/objectstore.h"

#include <QTimer>

#include <algorithm>

namespace pd::sandbox::controllers {

namespace {

const QString kNormal = QString::fromLatin1(EventRecorder::kNormal);
const QString kWarning = QString::fromLatin1(EventRecorder::kWarning);
constexpr int kBackOffStartSecs = 10;     // the kubelet's container restart back-off
constexpr int kBackOffMaxSecs = 300;

PodFate imageFate(const QString &image)
{
    if (image.contains(u"does-not-exist"_s))
        return PodFate::ImagePullBackOff;
    if (image.contains(u"crashloop"_s))
        return PodFate::CrashLoopBackOff;
    if (image.contains(u"oomkill"_s))
        return PodFate::OOMKilled;
    return PodFate::Runs;
}

double requested(const QJsonArray &containers, const QString &resource)
{
    double sum = 0;
    for (const QJsonValue &c : containers) {
        const QJsonValue v = c[u"resources"_s][u"requests"_s][resource];
        if (const auto q = pd::kube::Quantity::fromJson(v); q && !v.isUndefined())
            sum += q->toDouble();
    }
    return sum;
}

QJsonObject condition(const QString &type, bool status, const QString &time, const QString &reason = {},
                      const QString &message = {})
{
    QJsonObject c{{u"type"_s, type}, {u"status"_s, status ? u"True"_s : u"False"_s}, {u"lastTransitionTime"_s, time},
                  {u"lastProbeTime"_s, QJsonValue()}};
    if (!reason.isEmpty())
        c.insert(u"reason"_s, reason);
    if (!message.isEmpty())
        c.insert(u"message"_s, message);
    return c;
}

// A deterministic pod IP in 10.244.0.0/16.
QString podIp(const QString &ns, const QString &name)
{
    const quint32 h = stableHash((ns + u'/' + name).toUtf8());
    return u"10.244.%1.%2"_s.arg((h >> 8) % 256).arg(h % 253 + 2);
}

QString imageIdOf(const QString &image)
{
    return image.contains(u'@') ? image : QString(image + u"@sha256:"_s + QString::number(stableHash(image.toUtf8()), 16).repeated(8));
}

QString containerIdOf(const QJsonObject &pod, const QString &container, int restarts = 0)
{
    const QByteArray key = (nameOf(pod) + container + QString::number(restarts)).toUtf8();
    return u"containerd://"_s + QString::number(stableHash(key), 16).repeated(8);
}

QJsonObject nodeFields(const QJsonObject &pod, QJsonObject status, const QString &time)
{
    const QString ip = podIp(namespaceOf(pod), nameOf(pod));
    status.insert(u"hostIP"_s, u"172.18.0.2"_s);
    status.insert(u"hostIPs"_s, QJsonArray{QJsonObject{{u"ip"_s, u"172.18.0.2"_s}}});
    status.insert(u"podIP"_s, ip);
    status.insert(u"podIPs"_s, QJsonArray{QJsonObject{{u"ip"_s, ip}}});
    status.insert(u"startTime"_s, time);
    status.insert(u"qosClass"_s, u"Burstable"_s);
    return status;
}

// Since when a failing pod has not been ready (a kubelet restart keeps the time), else `now`.
QString failingSince(const QJsonObject &pod, const QString &now)
{
    bool failing = false;
    for (const QJsonValue &c : statusOf(pod).value(u"containerStatuses"_s).toArray()) {
        const QString reason = c[u"state"_s][u"waiting"_s][u"reason"_s].toString();
        failing = failing || reason == u"ImagePullBackOff"_s || reason == u"CrashLoopBackOff"_s;
    }
    for (const QJsonValue &c : statusOf(pod).value(u"conditions"_s).toArray()) {
        if (failing && c[u"type"_s].toString() == u"Ready"_s && c[u"status"_s].toString() == u"False"_s)
            return c[u"lastTransitionTime"_s].toString(now);
    }
    return now;
}

} // namespace

PodFate podFate(const QJsonObject &podSpec)
{
    const QJsonArray containers = podSpec.value(u"containers"_s).toArray();
    if (requested(containers, u"cpu"_s) > kNodeCpuCores || requested(containers, u"memory"_s) > kNodeMemoryGiB * 1024 * 1024 * 1024)
        return PodFate::Unschedulable;
    for (const QJsonValue &c : containers) {
        if (const PodFate fate = imageFate(c[u"image"_s].toString()); fate != PodFate::Runs)
            return fate;
    }
    return PodFate::Runs;
}

QJsonObject runningPodStatus(const QJsonObject &pod, const QString &time)
{
    QJsonArray statuses;
    for (const QJsonValue &v : specOf(pod).value(u"containers"_s).toArray()) {
        const QJsonObject c = v.toObject();
        const QString image = c.value(u"image"_s).toString();
        statuses.append(QJsonObject{{u"name"_s, c.value(u"name"_s)},
                                    {u"image"_s, image},
                                    {u"imageID"_s, imageIdOf(image)},
                                    {u"containerID"_s, containerIdOf(pod, c.value(u"name"_s).toString())},
                                    {u"ready"_s, true},
                                    {u"started"_s, true},
                                    {u"restartCount"_s, 0},
                                    {u"state"_s, QJsonObject{{u"running"_s, QJsonObject{{u"startedAt"_s, time}}}}}});
    }
    QJsonObject status{{u"phase"_s, u"Running"_s},
                       {u"conditions"_s, QJsonArray{condition(u"PodReadyToStartContainers"_s, true, time),
                                                    condition(u"Initialized"_s, true, time),
                                                    condition(u"Ready"_s, true, time),
                                                    condition(u"ContainersReady"_s, true, time),
                                                    condition(u"PodScheduled"_s, true, time)}},
                       {u"containerStatuses"_s, statuses}};
    return nodeFields(pod, status, time);
}

QJsonObject creatingPodStatus(const QJsonObject &podSpec, const QString &time)
{
    QJsonArray statuses;
    for (const QJsonValue &v : podSpec.value(u"containers"_s).toArray()) {
        const QJsonObject c = v.toObject();
        statuses.append(QJsonObject{{u"name"_s, c.value(u"name"_s)},
                                    {u"image"_s, c.value(u"image"_s)},
                                    {u"imageID"_s, u""_s},
                                    {u"ready"_s, false},
                                    {u"started"_s, false},
                                    {u"restartCount"_s, 0},
                                    {u"state"_s, QJsonObject{{u"waiting"_s, QJsonObject{{u"reason"_s, u"ContainerCreating"_s}}}}}});
    }
    return QJsonObject{{u"phase"_s, u"Pending"_s},
                       {u"conditions"_s, QJsonArray{condition(u"Ready"_s, false, time, u"ContainersNotReady"_s),
                                                    condition(u"PodScheduled"_s, true, time)}},
                       {u"hostIP"_s, u"172.18.0.2"_s},
                       {u"startTime"_s, time},
                       {u"containerStatuses"_s, statuses}};
}

QJsonObject unschedulablePodStatus(const QJsonObject &podSpec, const QString &time)
{
    const QJsonArray containers = podSpec.value(u"containers"_s).toArray();
    const QString short_ = requested(containers, u"cpu"_s) > kNodeCpuCores ? u"cpu"_s : u"memory"_s;
    // The scheduler's words (kube-scheduler 1.32).
    const QString message = u"0/1 nodes are available: 1 Insufficient %1. preemption: 0/1 nodes are available: "
                            u"1 No preemption victims found for incoming pod."_s.arg(short_);
    return QJsonObject{{u"phase"_s, u"Pending"_s},
                       {u"qosClass"_s, u"Burstable"_s},
                       {u"conditions"_s, QJsonArray{condition(u"PodScheduled"_s, false, time, u"Unschedulable"_s, message)}}};
}

QJsonObject failingPodStatus(const QJsonObject &pod, PodFate fate, int restarts, const QString &notReadySince,
                             const QString &time)
{
    QJsonArray statuses;
    QStringList unready;
    const QString podName = nameOf(pod);
    for (const QJsonValue &v : specOf(pod).value(u"containers"_s).toArray()) {
        const QJsonObject c = v.toObject();
        const QString name = c.value(u"name"_s).toString();
        const QString image = c.value(u"image"_s).toString();
        const PodFate own = imageFate(image);
        QJsonObject status{{u"name"_s, name}, {u"image"_s, image}, {u"started"_s, false}, {u"ready"_s, false}};
        if (own == PodFate::ImagePullBackOff) {
            status.insert(u"imageID"_s, u""_s);
            status.insert(u"restartCount"_s, 0);
            status.insert(u"state"_s, QJsonObject{{u"waiting"_s, QJsonObject{
                {u"reason"_s, u"ImagePullBackOff"_s}, {u"message"_s, u"Back-off pulling image \"%1\""_s.arg(image)}}}});
        } else if (own == PodFate::CrashLoopBackOff || own == PodFate::OOMKilled) {
            const bool oom = own == PodFate::OOMKilled;
            const int backOff = std::min(kBackOffMaxSecs, kBackOffStartSecs << std::min(restarts - 1, 5));
            status.insert(u"imageID"_s, imageIdOf(image));
            status.insert(u"containerID"_s, containerIdOf(pod, name, restarts));
            status.insert(u"restartCount"_s, restarts);
            status.insert(u"state"_s, QJsonObject{{u"waiting"_s, QJsonObject{
                {u"reason"_s, u"CrashLoopBackOff"_s},
                {u"message"_s, u"back-off %1s restarting failed container=%2 pod=%3_%4(%5)"_s
                                   .arg(backOff).arg(name, podName, namespaceOf(pod), uidOf(pod))}}}});
            status.insert(u"lastState"_s, QJsonObject{{u"terminated"_s, QJsonObject{
                {u"exitCode"_s, oom ? 137 : 1}, {u"reason"_s, oom ? u"OOMKilled"_s : u"Error"_s},
                {u"startedAt"_s, time}, {u"finishedAt"_s, time},
                {u"containerID"_s, containerIdOf(pod, name, restarts - 1)}}}});
        } else {
            status.insert(u"imageID"_s, imageIdOf(image));
            status.insert(u"containerID"_s, containerIdOf(pod, name));
            status.insert(u"restartCount"_s, 0);
            status.insert(u"started"_s, true);
            status.insert(u"ready"_s, true);
            status.insert(u"state"_s, QJsonObject{{u"running"_s, QJsonObject{{u"startedAt"_s, notReadySince}}}});
            statuses.append(status);
            continue;
        }
        unready.append(name);
        statuses.append(status);
    }
    const QString why = u"containers with unready status: [%1]"_s.arg(unready.join(u' '));
    QJsonObject status{{u"phase"_s, fate == PodFate::ImagePullBackOff ? u"Pending"_s : u"Running"_s},
                       {u"conditions"_s, QJsonArray{condition(u"PodReadyToStartContainers"_s, true, notReadySince),
                                                    condition(u"Initialized"_s, true, notReadySince),
                                                    condition(u"Ready"_s, false, notReadySince, u"ContainersNotReady"_s, why),
                                                    condition(u"ContainersReady"_s, false, notReadySince, u"ContainersNotReady"_s, why),
                                                    condition(u"PodScheduled"_s, true, notReadySince)}},
                       {u"containerStatuses"_s, statuses}};
    return nodeFields(pod, status, notReadySince);
}

KubeletSimulator::KubeletSimulator(ObjectStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_kubelet(store, u"kubelet"_s, kNodeName)
    , m_scheduler(store, u"default-scheduler"_s)
{
}

KubeletSimulator::~KubeletSimulator() = default;

QString KubeletSimulator::podRef(const QJsonObject &pod) const
{
    return namespaceOf(pod) + u'/' + nameOf(pod);
}

QString KubeletSimulator::unboundClaim(const QJsonObject &pod) const
{
    for (const QJsonValue &v : specOf(pod).value(u"volumes"_s).toArray()) {
        const QString claim = v[u"persistentVolumeClaim"_s][u"claimName"_s].toString();
        if (claim.isEmpty())
            continue;
        const auto pvc = m_store->get(kPvcs, namespaceOf(pod), claim);
        if (!pvc || statusOf(*pvc).value(u"phase"_s).toString() != u"Bound"_s)
            return claim;
    }
    return {};
}

void KubeletSimulator::podCreated(const QJsonObject &pod)
{
    if (const QString claim = unboundClaim(pod); !claim.isEmpty()) {
        // The scheduler's words (kube-scheduler 1.32) for a claim with immediate binding.
        const QString why = m_store->entry(kPvcs, namespaceOf(pod), claim)
            ? u"pod has unbound immediate PersistentVolumeClaims"_s
            : u"persistentvolumeclaim \"%1\" not found"_s.arg(claim);
        const QString message = u"0/1 nodes are available: %1. preemption: 0/1 nodes are available: "
                                u"1 Preemption is not helpful for scheduling."_s.arg(why);
        const QString now = ObjectStore::timestamp(m_store->now());
        m_store->modify(kPods, namespaceOf(pod), nameOf(pod), [&](QJsonObject &p) {
            QJsonObject spec = specOf(p);
            spec.remove(u"nodeName"_s);
            p.insert(u"spec"_s, spec);
            p.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Pending"_s},
                                              {u"qosClass"_s, statusOf(p).value(u"qosClass"_s).toString(u"Burstable"_s)},
                                              {u"conditions"_s, QJsonArray{condition(u"PodScheduled"_s, false, now,
                                                                                     u"Unschedulable"_s, message)}}});
            return true;
        });
        m_scheduler.record(pod, kWarning, u"FailedScheduling"_s, message);
        return;
    }
    if (podFate(specOf(pod)) == PodFate::Unschedulable) {
        m_scheduler.record(pod, kWarning, u"FailedScheduling"_s,
                           statusOf(pod).value(u"conditions"_s).toArray().first()[u"message"_s].toString());
        return;
    }
    m_scheduler.record(pod, kNormal, u"Scheduled"_s, u"Successfully assigned %1 to %2"_s.arg(podRef(pod), kNodeName));
}

void KubeletSimulator::startPod(const QString &ns, const QString &name)
{
    const auto found = m_store->get(kPods, ns, name);
    if (!found || isDeleting(*found) || statusOf(*found).value(u"phase"_s).toString() != u"Pending"_s)
        return;
    const QJsonObject pod = *found;
    const PodFate fate = podFate(specOf(pod));
    if (fate == PodFate::Unschedulable || !unboundClaim(pod).isEmpty())
        return;   // nothing to start: no node took it (claimBound schedules it later)
    const QString now = ObjectStore::timestamp(m_store->now());
    for (const QJsonValue &v : specOf(pod).value(u"containers"_s).toArray()) {
        const QString container = v[u"name"_s].toString();
        const QString image = v[u"image"_s].toString();
        const QString fieldPath = u"spec.containers{%1}"_s.arg(container);
        m_kubelet.record(pod, kNormal, u"Pulling"_s, u"Pulling image \"%1\""_s.arg(image), fieldPath);
        if (imageFate(image) == PodFate::ImagePullBackOff) {
            // containerd's words for a tag the registry does not have.
            m_kubelet.record(pod, kWarning, u"Failed"_s,
                             u"Failed to pull image \"%1\": rpc error: code = NotFound desc = failed to pull and unpack image \"%1\": "
                             u"failed to resolve reference \"%1\": %1: not found"_s.arg(image), fieldPath);
            m_kubelet.record(pod, kWarning, u"Failed"_s, u"Error: ErrImagePull"_s, fieldPath);
            m_kubelet.record(pod, kNormal, u"BackOff"_s, u"Back-off pulling image \"%1\""_s.arg(image), fieldPath);
            m_kubelet.record(pod, kWarning, u"Failed"_s, u"Error: ImagePullBackOff"_s, fieldPath);
            continue;
        }
        const quint32 h = stableHash(image.toUtf8());
        m_kubelet.record(pod, kNormal, u"Pulled"_s,
                         u"Successfully pulled image \"%1\" in %2ms (%2ms including waiting). Image size: %3 bytes."_s
                                 .arg(image).arg(400 + h % 1600).arg(20000000 + h % 180000000), fieldPath);
        m_kubelet.record(pod, kNormal, u"Created"_s, u"Created container: %1"_s.arg(container), fieldPath);
        m_kubelet.record(pod, kNormal, u"Started"_s, u"Started container %1"_s.arg(container), fieldPath);
    }
    if (fate == PodFate::CrashLoopBackOff || fate == PodFate::OOMKilled) {
        crash(ns, name, 1);
        return;
    }
    const QString since = failingSince(pod, now);
    m_store->modify(kPods, ns, name, [&](QJsonObject &p) {
        if (isDeleting(p) || statusOf(p).value(u"phase"_s).toString() != u"Pending"_s)
            return false;
        p.insert(u"status"_s, fate == PodFate::Runs ? runningPodStatus(p, now)
                                                   : failingPodStatus(p, fate, 0, since, now));
        return true;
    });
}

void KubeletSimulator::crash(const QString &ns, const QString &name, int restarts)
{
    const auto found = m_store->get(kPods, ns, name);
    if (!found || isDeleting(*found))
        return;
    const QJsonObject pod = *found;
    const PodFate fate = podFate(specOf(pod));
    const QString now = ObjectStore::timestamp(m_store->now());
    const QString since = failingSince(pod, now);   // not ready since the first crash
    m_store->modify(kPods, ns, name, [&](QJsonObject &p) {
        p.insert(u"status"_s, failingPodStatus(p, fate, restarts, since, now));
        return true;
    });
    for (const QJsonValue &v : specOf(pod).value(u"containers"_s).toArray()) {
        if (imageFate(v[u"image"_s].toString()) == PodFate::Runs)
            continue;
        m_kubelet.record(pod, kWarning, u"BackOff"_s,
                         u"Back-off restarting failed container %1 in pod %2_%3(%4)"_s.arg(v[u"name"_s].toString(), name, ns, uidOf(pod)),
                         u"spec.containers{%1}"_s.arg(v[u"name"_s].toString()));
    }
    // The next crash after the back-off (10 s doubling to 5 min), while the pod lives.
    const int wait = std::min(kBackOffMaxSecs, kBackOffStartSecs << std::min(restarts - 1, 5));
    QTimer::singleShot(std::chrono::seconds(wait), this, [this, ns, name, restarts] { crash(ns, name, restarts + 1); });
}

QStringList KubeletSimulator::claimBound(const QString &ns, const QString &claim)
{
    QStringList scheduled;
    for (const StoredObjectPtr &e : m_store->entries(kPods, ns)) {
        if (e->deleting || !e->json.contains(claim.toUtf8()))
            continue;
        const QJsonObject pod = e->object();
        if (statusOf(pod).value(u"phase"_s).toString() != u"Pending"_s || podFate(specOf(pod)) == PodFate::Unschedulable
            || !unboundClaim(pod).isEmpty())
            continue;
        scheduled << e->name;
        if (!specOf(pod).value(u"nodeName"_s).toString().isEmpty())
            continue;   // bound to the node before (a seed): only its start waited
        const QString now = ObjectStore::timestamp(m_store->now());
        m_store->modify(kPods, ns, e->name, [&](QJsonObject &p) {
            QJsonObject spec = specOf(p);
            spec.insert(u"nodeName"_s, kNodeName);
            p.insert(u"spec"_s, spec);
            p.insert(u"status"_s, creatingPodStatus(spec, now));
            return true;
        });
        m_scheduler.record(pod, kNormal, u"Scheduled"_s, u"Successfully assigned %1 to %2"_s.arg(podRef(pod), kNodeName));
    }
    return scheduled;
}

} // namespace pd::sandbox::controllers
