// The StatefulSet half of WorkloadController: ordinal pods, claims from
// volumeClaimTemplates and one ControllerRevision per pod template.
#include "workloadcontroller.h"

#include "controllerutil.h"
#include "volumeprovisioner.h"
#include "sandbox/objectstore.h"

namespace pd::sandbox::controllers {

namespace {

const QString kRevisionLabel = u"controller-revision-hash"_s;

int stsReplicas(const QJsonObject &o)
{
    const QJsonValue v = specOf(o).value(u"replicas"_s);
    return v.isUndefined() || v.isNull() ? 1 : v.toInt();
}

bool podReady(const QJsonObject &pod)
{
    for (const QJsonValue &c : statusOf(pod).value(u"conditions"_s).toArray()) {
        if (c.toObject().value(u"type"_s).toString() == u"Ready"_s)
            return c.toObject().value(u"status"_s).toString() == u"True"_s;
    }
    return false;
}

QString claimName(const QJsonObject &claimTemplate, const QString &sts, int ordinal)
{
    return nameOf(claimTemplate) + u'-' + sts + u'-' + QString::number(ordinal);
}

} // namespace

void WorkloadController::ensureStatefulSetClaims(const QJsonObject &sts, int ordinal)
{
    const QString ns = namespaceOf(sts);
    const QJsonObject selectorLabels = specOf(sts).value(u"selector"_s).toObject().value(u"matchLabels"_s).toObject();
    for (const QJsonValue &v : specOf(sts).value(u"volumeClaimTemplates"_s).toArray()) {
        const QJsonObject tpl = v.toObject();
        const QString name = claimName(tpl, nameOf(sts), ordinal);
        if (m_store->entry(kPvcs, ns, name))
            continue;
        QJsonObject spec = specOf(tpl);
        if (!spec.contains(u"storageClassName"_s))
            spec.insert(u"storageClassName"_s, u"standard"_s);
        QJsonObject pvc{{u"apiVersion"_s, u"v1"_s},
                        {u"kind"_s, u"PersistentVolumeClaim"_s},
                        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}, {u"labels"_s, selectorLabels}}}};
        if (snapshotDataSourceOf(spec).isEmpty()) {
            // A new, empty volume: bound as it is made.
            spec.insert(u"volumeName"_s, QString(u"pvc-"_s + safeEncode(stableHash((ns + u'/' + name).toUtf8()), 12)));
            const QJsonObject capacity = spec.value(u"resources"_s).toObject().value(u"requests"_s).toObject();
            pvc.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Bound"_s},
                                                {u"accessModes"_s, spec.value(u"accessModes"_s)},
                                                {u"capacity"_s, capacity}});
        } else {
            // Restored from a VolumeSnapshot: the provisioner binds it once the snapshot is ready.
            pvc.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Pending"_s}});
        }
        pvc.insert(u"spec"_s, spec);
        m_store->create(kPvcs, pvc, WriteOptions{});
    }
}

void WorkloadController::reconcileStatefulSet(const QString &ns, const QString &name)
{
    const auto found = m_store->get(kStatefulSets, ns, name);
    if (!found || isDeleting(*found))
        return;
    const QJsonObject sts = *found;
    const QString uid = uidOf(sts);
    const QJsonObject tpl = specOf(sts).value(u"template"_s).toObject();
    const QString revision = name + u'-' + podTemplateHash(tpl);

    // One ControllerRevision per template, numbered in order.
    qint64 highest = 0;
    bool haveRevision = false;
    for (const auto &[gr, e] : m_store->dependentsOf(uid)) {
        if (gr != kControllerRevisions)
            continue;
        highest = std::max<qint64>(highest, e->object().value(u"revision"_s).toInteger());
        haveRevision = haveRevision || e->name == revision;
    }
    if (!haveRevision) {
        QJsonObject labels = tpl.value(u"metadata"_s).toObject().value(u"labels"_s).toObject();
        labels.insert(kRevisionLabel, revision.mid(name.size() + 1));
        m_store->create(kControllerRevisions,
                        QJsonObject{{u"apiVersion"_s, u"apps/v1"_s},
                                    {u"kind"_s, u"ControllerRevision"_s},
                                    {u"metadata"_s, QJsonObject{{u"name"_s, revision},
                                                                {u"namespace"_s, ns},
                                                                {u"labels"_s, labels},
                                                                {u"ownerReferences"_s, QJsonArray{controllerRef(sts)}}}},
                                    {u"data"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"template"_s, tpl}}}}},
                                    {u"revision"_s, highest + 1}},
                        WriteOptions{});
    }

    const int desired = stsReplicas(sts);
    QHash<int, QJsonObject> pods;
    for (const auto &[gr, e] : m_store->dependentsOf(uid)) {
        if (gr != kPods || e->deleting)
            continue;
        const QJsonObject pod = e->object();
        const int ordinal = e->name.mid(name.size() + 1).toInt();
        // Out of range or of an older template: delete (recreated below / next round).
        if (ordinal >= desired
            || metaOf(pod).value(u"labels"_s).toObject().value(kRevisionLabel).toString() != revision) {
            m_store->remove(kPods, ns, e->name);
            continue;
        }
        pods.insert(ordinal, pod);
    }
    for (int ordinal = 0; ordinal < desired; ++ordinal) {
        if (pods.contains(ordinal) || m_store->entry(kPods, ns, name + u'-' + QString::number(ordinal)))
            continue;
        ensureStatefulSetClaims(sts, ordinal);
        QJsonObject podTemplate = tpl;
        QJsonObject meta = podTemplate.value(u"metadata"_s).toObject();
        QJsonObject labels = meta.value(u"labels"_s).toObject();
        const QString podName = name + u'-' + QString::number(ordinal);
        labels.insert(kRevisionLabel, revision);
        labels.insert(u"statefulset.kubernetes.io/pod-name"_s, podName);
        labels.insert(u"apps.kubernetes.io/pod-index"_s, QString::number(ordinal));
        meta.insert(u"labels"_s, labels);
        podTemplate.insert(u"metadata"_s, meta);
        QJsonObject spec = podTemplate.value(u"spec"_s).toObject();
        spec.insert(u"hostname"_s, podName);
        if (specOf(sts).contains(u"serviceName"_s))
            spec.insert(u"subdomain"_s, specOf(sts).value(u"serviceName"_s));
        QJsonArray volumes = spec.value(u"volumes"_s).toArray();
        for (const QJsonValue &v : specOf(sts).value(u"volumeClaimTemplates"_s).toArray()) {
            volumes.append(QJsonObject{{u"name"_s, nameOf(v.toObject())},
                                       {u"persistentVolumeClaim"_s,
                                        QJsonObject{{u"claimName"_s, claimName(v.toObject(), name, ordinal)}}}});
        }
        if (!volumes.isEmpty())
            spec.insert(u"volumes"_s, volumes);
        podTemplate.insert(u"spec"_s, spec);
        const StoreResult r = m_store->create(kPods, podFor(sts, podTemplate, podName), WriteOptions{});
        if (r.ok()) {
            // The statefulset controller's words.
            m_statefulSetEvents->record(sts, QString::fromLatin1(EventRecorder::kNormal), u"SuccessfulCreate"_s,
                                        u"create Pod %1 in StatefulSet %2 successful"_s.arg(podName, name));
            m_kubelet->podCreated(r.object);
            startPod(ns, podName);
        } else {
            m_statefulSetEvents->record(sts, QString::fromLatin1(EventRecorder::kWarning), u"FailedCreate"_s,
                                        u"create Pod %1 in StatefulSet %2 failed error: %3"_s.arg(podName, name, r.error.message));
        }
    }

    int replicas = 0, ready = 0;
    for (const auto &[gr, e] : m_store->dependentsOf(uid)) {
        if (gr == kPods && !e->deleting) {
            ++replicas;
            ready += podReady(e->object()) ? 1 : 0;
        }
    }
    m_store->modify(kStatefulSets, ns, name, [&](QJsonObject &o) {
        const QJsonObject previous = statusOf(o);
        QJsonObject status{{u"replicas"_s, replicas},
                           {u"observedGeneration"_s, metaOf(o).value(u"generation"_s).toInteger(1)},
                           {u"currentRevision"_s, revision},
                           {u"updateRevision"_s, revision},
                           {u"collisionCount"_s, 0}};
        if (ready > 0) {
            status.insert(u"readyReplicas"_s, ready);
            status.insert(u"availableReplicas"_s, ready);
        }
        if (replicas > 0) {
            status.insert(u"currentReplicas"_s, replicas);
            status.insert(u"updatedReplicas"_s, replicas);
        }
        if (status == previous)
            return false;
        o.insert(u"status"_s, status);
        return true;
    });
}

} // namespace pd::sandbox::controllers
