#include "workloadcontroller.h"

#include "controllerutil.h"
#include "workloadstatus_p.h"
#include "kube/logging.h"
#include "sandbox/objectstore.h"

#include <QJsonDocument>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace pd::sandbox::controllers {

using namespace workloadstatus;

namespace {

const QString kHashLabel = u"pod-template-hash"_s;
const QString kRevisionAnnotation = u"deployment.kubernetes.io/revision"_s;

int replicasOf(const QJsonObject &o)
{
    const QJsonValue v = specOf(o).value(u"replicas"_s);
    return v.isUndefined() || v.isNull() ? 1 : v.toInt();
}

QJsonObject templateOf(const QJsonObject &o) { return specOf(o).value(u"template"_s).toObject(); }

// The template with the controller's own label removed (what "same template" means).
QJsonObject withoutHash(QJsonObject tpl)
{
    QJsonObject meta = tpl.value(u"metadata"_s).toObject();
    QJsonObject labels = meta.value(u"labels"_s).toObject();
    labels.remove(kHashLabel);
    meta.insert(u"labels"_s, labels);
    tpl.insert(u"metadata"_s, meta);
    return tpl;
}

QJsonObject withLabel(QJsonObject tpl, const QString &key, const QString &value)
{
    QJsonObject meta = tpl.value(u"metadata"_s).toObject();
    QJsonObject labels = meta.value(u"labels"_s).toObject();
    labels.insert(key, value);
    meta.insert(u"labels"_s, labels);
    tpl.insert(u"metadata"_s, meta);
    return tpl;
}

bool isPodReady(const QJsonObject &pod)
{
    for (const QJsonValue &c : statusOf(pod).value(u"conditions"_s).toArray()) {
        if (c.toObject().value(u"type"_s).toString() == u"Ready"_s)
            return c.toObject().value(u"status"_s).toString() == u"True"_s;
    }
    return false;
}

template<typename Pred>
QList<StoredObjectPtr> ownedBy(ObjectStore *store, const QString &uid, const GroupResource &resource, Pred pred)
{
    QList<StoredObjectPtr> out;
    for (const auto &[gr, entry] : store->dependentsOf(uid)) {
        if (gr == resource && !entry->deleting && pred(entry))
            out.append(entry);
    }
    std::sort(out.begin(), out.end(), [](const StoredObjectPtr &a, const StoredObjectPtr &b) { return a->name < b->name; });
    return out;
}

} // namespace

WorkloadController::WorkloadController(ObjectStore *store, std::chrono::milliseconds readyDelay, QObject *parent)
    : ControllerBase(store, parent)
    , m_readyDelay(readyDelay)
    , m_replicaSetEvents(std::make_unique<EventRecorder>(store, u"replicaset-controller"_s))
    , m_deploymentEvents(std::make_unique<EventRecorder>(store, u"deployment-controller"_s))
    , m_statefulSetEvents(std::make_unique<EventRecorder>(store, u"statefulset-controller"_s))
    , m_kubelet(std::make_unique<KubeletSimulator>(store, this))
{
}

WorkloadController::~WorkloadController() = default;

void WorkloadController::start()
{
    ControllerBase::start({kDeployments, kStatefulSets, kReplicaSets});
    // Pods left Pending (seeded, or the app restarted) start too.
    for (const StoredObjectPtr &e : m_store->entries(kPods)) {
        if (!e->deleting && e->json.contains("\"phase\":\"Pending\""))
            startPod(e->namespaceName, e->name);
    }
}

QString WorkloadController::podTemplateHash(const QJsonObject &podTemplate)
{
    return safeEncode(stableHash(QJsonDocument(withoutHash(podTemplate)).toJson(QJsonDocument::Compact)), 10);
}

QJsonObject WorkloadController::replicaSetFor(const QJsonObject &deployment, int revision)
{
    const QJsonObject tpl = templateOf(deployment);
    const QString hash = podTemplateHash(tpl);
    QJsonObject labels = tpl.value(u"metadata"_s).toObject().value(u"labels"_s).toObject();
    labels.insert(kHashLabel, hash);
    QJsonObject selector = specOf(deployment).value(u"selector"_s).toObject();
    QJsonObject matchLabels = selector.value(u"matchLabels"_s).toObject();
    matchLabels.insert(kHashLabel, hash);
    selector.insert(u"matchLabels"_s, matchLabels);
    return QJsonObject{
        {u"apiVersion"_s, u"apps/v1"_s},
        {u"kind"_s, u"ReplicaSet"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, QString(nameOf(deployment) + u'-' + hash)},
                                    {u"namespace"_s, namespaceOf(deployment)},
                                    {u"labels"_s, labels},
                                    {u"annotations"_s, QJsonObject{{kRevisionAnnotation, QString::number(revision)}}},
                                    {u"ownerReferences"_s, QJsonArray{controllerRef(deployment)}}}},
        {u"spec"_s, QJsonObject{{u"replicas"_s, replicasOf(deployment)},
                                {u"selector"_s, selector},
                                {u"template"_s, withLabel(tpl, kHashLabel, hash)}}}};
}

QJsonObject WorkloadController::podFor(const QJsonObject &owner, const QJsonObject &podTemplate, const QString &name,
                                       const QDateTime &readyAt)
{
    const QJsonObject tplMeta = podTemplate.value(u"metadata"_s).toObject();
    QJsonObject meta{{u"namespace"_s, namespaceOf(owner)}, {u"ownerReferences"_s, QJsonArray{controllerRef(owner)}}};
    if (name.isEmpty())
        meta.insert(u"generateName"_s, QString(nameOf(owner) + u'-'));
    else
        meta.insert(u"name"_s, name);
    if (tplMeta.contains(u"labels"_s))
        meta.insert(u"labels"_s, tplMeta.value(u"labels"_s));
    if (tplMeta.contains(u"annotations"_s))
        meta.insert(u"annotations"_s, tplMeta.value(u"annotations"_s));
    QJsonObject spec = podTemplate.value(u"spec"_s).toObject();
    const PodFate fate = podFate(spec);
    if (fate != PodFate::Unschedulable)
        spec.insert(u"nodeName"_s, kNodeName);   // the scheduler's binding, made at once
    if (!spec.contains(u"serviceAccountName"_s))
        spec.insert(u"serviceAccountName"_s, u"default"_s);
    if (!spec.contains(u"restartPolicy"_s))
        spec.insert(u"restartPolicy"_s, u"Always"_s);
    QJsonObject pod{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Pod"_s}, {u"metadata"_s, meta}, {u"spec"_s, spec}};
    const QString time = ObjectStore::timestamp(readyAt.isValid() ? readyAt : QDateTime::currentDateTimeUtc());
    QJsonObject status;
    if (fate == PodFate::Unschedulable)
        status = unschedulablePodStatus(spec, time);
    else if (!readyAt.isValid())
        status = creatingPodStatus(spec, time);
    else if (fate == PodFate::Runs)
        status = runningPodStatus(pod, time);
    else   // a seed of a pod that has been failing since readyAt
        status = failingPodStatus(pod, fate, fate == PodFate::ImagePullBackOff ? 0 : 1, time, time);
    pod.insert(u"status"_s, status);
    return pod;
}

void WorkloadController::onEvent(const StoreEvent &event)
{
    const GroupResource &r = event.resource;
    if (r == kDeployments || r == kStatefulSets || r == kReplicaSets) {
        if (event.type != StoreEventType::Deleted)
            enqueue(r, event.object->namespaceName, event.object->name);
        if (r == kReplicaSets)
            enqueueOwnerOf(event.object->ownerUids);
    } else if (r == kPods) {
        enqueueOwnerOf(event.object->ownerUids);
    } else if (r == kPvcs && event.type == StoreEventType::Modified && event.previous
               && !event.previous->json.contains("\"phase\":\"Bound\"") && event.object->json.contains("\"phase\":\"Bound\"")) {
        // The scheduler retries the pods that waited for this claim.
        for (const QString &pod : m_kubelet->claimBound(event.object->namespaceName, event.object->name))
            startPod(event.object->namespaceName, pod);
    }
}

void WorkloadController::enqueueOwnerOf(const QStringList &ownerUids)
{
    for (const QString &uid : ownerUids) {
        const auto owner = m_store->findByUid(uid);
        if (owner && (owner->first == kReplicaSets || owner->first == kDeployments || owner->first == kStatefulSets))
            enqueue(owner->first, owner->second->namespaceName, owner->second->name);
    }
}

void WorkloadController::reconcile(const Key &key)
{
    if (key.resource == kDeployments)
        reconcileDeployment(key.namespaceName, key.name);
    else if (key.resource == kReplicaSets)
        reconcileReplicaSet(key.namespaceName, key.name);
    else if (key.resource == kStatefulSets)
        reconcileStatefulSet(key.namespaceName, key.name);
}

void WorkloadController::reconcileDeployment(const QString &ns, const QString &name)
{
    const auto found = m_store->get(kDeployments, ns, name);
    if (!found || isDeleting(*found))
        return;
    const QJsonObject deployment = *found;
    const QString uid = uidOf(deployment);
    const QJsonObject tpl = templateOf(deployment);
    const QList<StoredObjectPtr> owned =
        ownedBy(m_store, uid, kReplicaSets, [&](const StoredObjectPtr &) { return true; });

    QJsonObject current;
    int maxRevision = 0;
    const QString wantedRevision = metaOf(deployment).value(u"annotations"_s).toObject().value(kRevisionAnnotation).toString();
    const bool settled = statusOf(deployment).value(u"observedGeneration"_s).toInteger()
        == metaOf(deployment).value(u"generation"_s).toInteger();
    QJsonObject adoptable;
    for (const StoredObjectPtr &e : owned) {
        const QJsonObject rs = e->object();
        const QString revision = metaOf(rs).value(u"annotations"_s).toObject().value(kRevisionAnnotation).toString();
        maxRevision = std::max(maxRevision, revision.toInt());
        if (withoutHash(templateOf(rs)) == withoutHash(tpl))
            current = rs;
        else if (settled && !wantedRevision.isEmpty() && revision == wantedRevision)
            adoptable = rs;   // imported as exported: the template may be trimmed
    }
    if (current.isEmpty())
        current = adoptable;
    WriteOptions internal;
    RolloutFacts facts;
    if (current.isEmpty()) {
        facts.newReplicaSet = true;
        const StoreResult created = m_store->create(kReplicaSets, replicaSetFor(deployment, maxRevision + 1), internal);
        if (!created.ok()) {
            pd::log::sandbox()->warn("deployment {}/{}: {}", ns.toStdString(), name.toStdString(), created.error.message.toStdString());
            return;
        }
        current = created.object;
    }
    const int desired = replicasOf(deployment);
    const auto scaled = [&](const QString &rsName, int from, int to) {
        // The deployment controller's words for every scale of a ReplicaSet.
        m_deploymentEvents->record(deployment, QString::fromLatin1(EventRecorder::kNormal), u"ScalingReplicaSet"_s,
                                   u"Scaled %1 replica set %2 from %3 to %4"_s.arg(to > from ? u"up"_s : u"down"_s, rsName)
                                           .arg(from).arg(to));
    };
    if (facts.newReplicaSet && desired > 0)
        scaled(nameOf(current), 0, desired);
    for (const StoredObjectPtr &e : owned) {
        const int target = e->name == nameOf(current) ? desired : 0;
        int before = -1;
        m_store->modify(kReplicaSets, ns, e->name, [&](QJsonObject &rs) {
            if (replicasOf(rs) == target)
                return false;
            before = replicasOf(rs);
            QJsonObject spec = specOf(rs);
            spec.insert(u"replicas"_s, target);
            rs.insert(u"spec"_s, spec);
            return true;
        });
        if (before >= 0)
            scaled(e->name, before, target);
    }
    const QString revision = metaOf(current).value(u"annotations"_s).toObject().value(kRevisionAnnotation).toString();

    // Status from the ReplicaSets as they are now.
    int replicas = 0, ready = 0, updated = 0;
    for (const StoredObjectPtr &e : ownedBy(m_store, uid, kReplicaSets, [](const StoredObjectPtr &) { return true; })) {
        const QJsonObject st = statusOf(e->object());
        replicas += st.value(u"replicas"_s).toInt();
        ready += st.value(u"availableReplicas"_s).toInt();
        if (e->name == nameOf(current))
            updated = st.value(u"replicas"_s).toInt();
        // getReplicaFailures: the new ReplicaSet's failure first, else any other's.
        const QJsonObject failure = conditionOf(st, u"ReplicaFailure"_s);
        if (!failure.isEmpty() && (facts.replicaFailure.isEmpty() || e->name == nameOf(current)))
            facts.replicaFailure = failure;
    }
    const QString now = ObjectStore::timestamp(m_store->now());
    m_store->modify(kDeployments, ns, name, [&](QJsonObject &d) {
        bool changed = false;
        QJsonObject meta = metaOf(d);
        QJsonObject annotations = meta.value(u"annotations"_s).toObject();
        if (!revision.isEmpty() && annotations.value(kRevisionAnnotation).toString() != revision) {
            annotations.insert(kRevisionAnnotation, revision);
            meta.insert(u"annotations"_s, annotations);
            d.insert(u"metadata"_s, meta);
            changed = true;
        }
        const QJsonObject previous = statusOf(d);
        QJsonObject next = deploymentStatus(d, replicas, updated, ready, nameOf(current), previous, now, facts);
        if (next != previous) {
            d.insert(u"status"_s, next);
            changed = true;
        }
        return changed;
    });
    if (const auto latest = m_store->get(kDeployments, ns, name))
        scheduleDeadlineCheck(*latest);
}

void WorkloadController::scheduleDeadlineCheck(const QJsonObject &deployment)
{
    // requeueStuckDeployment: look again when the deadline passes (by the store's clock).
    const auto deadline = progressDeadline(deployment);
    const QString key = namespaceOf(deployment) + u'/' + nameOf(deployment);
    if (!deadline || m_deadlineChecks.contains(key))
        return;
    m_deadlineChecks.insert(key);
    const qint64 wait = std::clamp<qint64>(m_store->now().msecsTo(*deadline) + 1000, 0, qint64(24) * 3600 * 1000);
    const QString ns = namespaceOf(deployment);
    const QString name = nameOf(deployment);
    QTimer::singleShot(std::chrono::milliseconds(wait), this, [this, key, ns, name] {
        m_deadlineChecks.remove(key);
        enqueue(kDeployments, ns, name);
    });
}

void WorkloadController::reconcileReplicaSet(const QString &ns, const QString &name)
{
    const auto found = m_store->get(kReplicaSets, ns, name);
    if (!found || isDeleting(*found))
        return;
    const QJsonObject rs = *found;
    const QString uid = uidOf(rs);
    const int desired = replicasOf(rs);
    QList<StoredObjectPtr> pods = ownedBy(m_store, uid, kPods, [](const StoredObjectPtr &) { return true; });
    QString failure;
    for (qsizetype i = pods.size(); i < desired; ++i) {
        const StoreResult r = m_store->create(kPods, podFor(rs, templateOf(rs), {}), WriteOptions{});
        if (!r.ok()) {
            failure = r.error.message;
            // The replicaset controller's words: "Error creating: pods "web-..." is forbidden: ...".
            m_replicaSetEvents->record(rs, QString::fromLatin1(EventRecorder::kWarning), u"FailedCreate"_s,
                                       u"Error creating: "_s + failure);
            break;
        }
        m_replicaSetEvents->record(rs, QString::fromLatin1(EventRecorder::kNormal), u"SuccessfulCreate"_s,
                                   u"Created pod: "_s + nameOf(r.object));
        m_kubelet->podCreated(r.object);
        startPod(ns, nameOf(r.object));
    }
    if (pods.size() > desired) {
        // Not-ready pods go first, then the newest names.
        std::stable_sort(pods.begin(), pods.end(), [](const StoredObjectPtr &a, const StoredObjectPtr &b) {
            return isPodReady(a->object()) < isPodReady(b->object());
        });
        for (qsizetype i = desired; i < pods.size(); ++i) {
            const QString victim = pods.at(i - desired)->name;
            if (m_store->remove(kPods, ns, victim).ok())
                m_replicaSetEvents->record(rs, QString::fromLatin1(EventRecorder::kNormal), u"SuccessfulDelete"_s,
                                           u"Deleted pod: "_s + victim);
        }
    }
    if (!failure.isEmpty())
        QTimer::singleShot(std::chrono::seconds(5), this, [this, ns, name] { enqueue(kReplicaSets, ns, name); });

    int replicas = 0, ready = 0;
    for (const StoredObjectPtr &e : ownedBy(m_store, uid, kPods, [](const StoredObjectPtr &) { return true; })) {
        ++replicas;
        ready += isPodReady(e->object()) ? 1 : 0;
    }
    const QString now = ObjectStore::timestamp(m_store->now());
    m_store->modify(kReplicaSets, ns, name, [&](QJsonObject &o) {
        const QJsonObject previous = statusOf(o);
        QJsonObject status;
        status.insert(u"replicas"_s, replicas);   // not omitempty on ReplicaSets
        putCount(status, u"fullyLabeledReplicas"_s, replicas);
        putCount(status, u"readyReplicas"_s, ready);
        putCount(status, u"availableReplicas"_s, ready);
        status.insert(u"observedGeneration"_s, metaOf(o).value(u"generation"_s).toInteger(1));
        // Set once on the first failure (later ones keep it), removed after a clean round.
        const QJsonObject failed = conditionOf(previous, u"ReplicaFailure"_s);
        if (!failure.isEmpty() && !failed.isEmpty())
            status.insert(u"conditions"_s, QJsonArray{failed});
        else if (!failure.isEmpty())
            status.insert(u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, u"ReplicaFailure"_s},
                                                                 {u"status"_s, u"True"_s},
                                                                 {u"reason"_s, u"FailedCreate"_s},
                                                                 {u"message"_s, failure},
                                                                 {u"lastTransitionTime"_s, now}}});
        if (status == previous)
            return false;
        o.insert(u"status"_s, status);
        return true;
    });
}

void WorkloadController::startPod(const QString &ns, const QString &name)
{
    QTimer::singleShot(m_readyDelay, this, [this, ns, name] { m_kubelet->startPod(ns, name); });
}

} // namespace pd::sandbox::controllers
