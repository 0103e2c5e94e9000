#include "snapshotcontroller.h"

#include "controllerutil.h"
#include "sandbox/objectstore.h"
#include "sandbox/wellknowncrds.h"

#include "kube/quantity.h"

namespace pd::sandbox::controllers {

namespace {

const QString kDriver = QString::fromLatin1(SimulatedCsiDriver::kName);
const QString kDefaultClassAnnotation = u"snapshot.storage.kubernetes.io/is-default-class"_s;

QString snapshotRef(const QJsonObject &snapshot) { return namespaceOf(snapshot) + u'/' + nameOf(snapshot); }

// Unix nanoseconds, as a content's status.creationTime is written.
qint64 unixNanos(const QDateTime &t) { return t.toMSecsSinceEpoch() * 1000000; }
QDateTime fromUnixNanos(qint64 nanos) { return QDateTime::fromMSecsSinceEpoch(nanos / 1000000, Qt::UTC); }

QString restoreSizeText(qint64 bytes)
{
    return pd::kube::Quantity::fromValue(bytes, pd::kube::Quantity::Format::BinarySI).toString();
}

qint64 claimCapacityBytes(const QJsonObject &claim)
{
    QJsonValue size = statusOf(claim).value(u"capacity"_s).toObject().value(u"storage"_s);
    if (size.isUndefined())
        size = specOf(claim).value(u"resources"_s).toObject().value(u"requests"_s).toObject().value(u"storage"_s);
    const auto q = pd::kube::Quantity::fromJson(size);
    return q ? q->value() : 0;
}

} // namespace

SnapshotController::SnapshotController(ObjectStore *store, std::chrono::milliseconds readyDelay, QObject *parent)
    : ControllerBase(store, parent)
    , m_readyDelay(readyDelay)
    , m_controllerEvents(store, u"snapshot-controller"_s)
    , m_sidecarEvents(store, u"csi-snapshotter "_s + kDriver)
{
}

QList<QJsonObject> SnapshotController::customResourceDefinitions()
{
    QList<QJsonObject> out;
    for (const QJsonObject &crd : wellKnownCustomResourceDefinitions())
        if (specOf(crd).value(u"group"_s).toString() == kVolumeSnapshots.group)
            out.append(crd);
    return out;
}

void SnapshotController::start()
{
    WriteOptions internal;
    internal.skipAdmission = true;
    for (const QJsonObject &c : customResourceDefinitions())
        if (!m_store->entry(kCrds, {}, nameOf(c)))
            m_store->create(kCrds, c, internal);
    // The storage side outlives the controller: snapshots that existing contents report
    // (a seeded golden copy, an imported cluster) are the driver's.
    for (const StoredObjectPtr &e : m_store->entries(kVolumeSnapshotContents))
        adoptReported(e->object());
    ControllerBase::start({kVolumeSnapshots, kVolumeSnapshotContents});
}

void SnapshotController::adoptReported(const QJsonObject &content)
{
    const QJsonObject status = statusOf(content);
    if (!status.value(u"readyToUse"_s).toBool())
        return;
    m_driver.adopt({status.value(u"snapshotHandle"_s).toString(),
                    specOf(content).value(u"source"_s).toObject().value(u"volumeHandle"_s).toString(),
                    status.value(u"restoreSize"_s).toInteger(),
                    status.contains(u"creationTime"_s) ? fromUnixNanos(status.value(u"creationTime"_s).toInteger()) : m_store->now()});
}

void SnapshotController::onEvent(const StoreEvent &event)
{
    const StoredObject &o = *event.object;
    if (event.resource == kVolumeSnapshots) {
        if (event.type == StoreEventType::Deleted)
            m_deletedSnapshotUids.insert(o.namespaceName + u'/' + o.name, o.uid);
        enqueue(kVolumeSnapshots, o.namespaceName, o.name);
    } else if (event.resource == kVolumeSnapshotContents) {
        const QJsonObject content = o.object();
        if (event.type == StoreEventType::Added)
            adoptReported(content);   // an imported cluster's snapshot, ready as it arrives
        if (event.type == StoreEventType::Deleted) {
            const QJsonObject spec = specOf(content);
            const QJsonObject ref = spec.value(u"volumeSnapshotRef"_s).toObject();
            QString handle = statusOf(content).value(u"snapshotHandle"_s).toString();
            if (handle.isEmpty())
                handle = spec.value(u"source"_s).toObject().value(u"snapshotHandle"_s).toString();
            m_deletedContents.insert(o.name, {handle, spec.value(u"deletionPolicy"_s).toString(),
                                              ref.value(u"namespace"_s).toString(), ref.value(u"name"_s).toString()});
        }
        enqueue(kVolumeSnapshotContents, {}, o.name);
    } else if (event.resource == kPvcs && event.type != StoreEventType::Deleted) {
        // A snapshot waiting for its claim to bind.
        for (const StoredObjectPtr &s : m_store->entries(kVolumeSnapshots, o.namespaceName))
            if (specOf(s->object()).value(u"source"_s).toObject().value(u"persistentVolumeClaimName"_s).toString() == o.name)
                enqueue(kVolumeSnapshots, s->namespaceName, s->name);
    }
}

void SnapshotController::reconcile(const Key &key)
{
    if (key.resource == kVolumeSnapshots)
        reconcileSnapshot(key.namespaceName, key.name);
    else if (key.resource == kVolumeSnapshotContents)
        reconcileContent(key.name);
}

void SnapshotController::reconcileSnapshot(const QString &ns, const QString &name)
{
    const auto found = m_store->get(kVolumeSnapshots, ns, name);
    if (!found)
        return snapshotGone(ns, name);
    if (isDeleting(*found))
        return;
    const QJsonObject snapshot = *found;
    const QJsonObject source = specOf(snapshot).value(u"source"_s).toObject();
    QString contentName = statusOf(snapshot).value(u"boundVolumeSnapshotContentName"_s).toString();
    if (source.contains(u"volumeSnapshotContentName"_s)) {
        contentName = source.value(u"volumeSnapshotContentName"_s).toString();
        if (!bindPreProvisioned(snapshot, contentName))
            return;
    } else if (contentName.isEmpty()) {
        if (!source.contains(u"persistentVolumeClaimName"_s))
            return;   // the CRD's oneOf refuses this on a real server
        contentName = provision(snapshot);
        if (contentName.isEmpty())
            return;
    }
    mirrorContent(snapshot, contentName);
}

void SnapshotController::snapshotGone(const QString &ns, const QString &name)
{
    const QString uid = m_deletedSnapshotUids.take(ns + u'/' + name);
    if (uid.isEmpty())
        return;
    for (const StoredObjectPtr &e : m_store->entries(kVolumeSnapshotContents)) {
        const QJsonObject spec = specOf(e->object());
        const QJsonObject ref = spec.value(u"volumeSnapshotRef"_s).toObject();
        if (ref.value(u"uid"_s).toString() != uid || ref.value(u"namespace"_s).toString() != ns || ref.value(u"name"_s).toString() != name)
            continue;
        // Retain: the content stays, its volumeSnapshotRef now points at nothing.
        if (spec.value(u"deletionPolicy"_s).toString() == u"Delete"_s)
            m_store->remove(kVolumeSnapshotContents, {}, e->name);
    }
}

void SnapshotController::contentGone(const QString &name)
{
    const GoneContent gone = m_deletedContents.take(name);
    if (gone.deletionPolicy == u"Delete"_s && !gone.handle.isEmpty())
        m_driver.deleteSnapshot(gone.handle);
    // A snapshot still bound to it reports the loss.
    if (!gone.snapshotName.isEmpty())
        enqueue(kVolumeSnapshots, gone.snapshotNamespace, gone.snapshotName);
}

std::optional<QJsonObject> SnapshotController::snapshotClassFor(const QJsonObject &snapshot, QString *error) const
{
    const QJsonValue named = specOf(snapshot).value(u"volumeSnapshotClassName"_s);
    if (named.isString()) {
        const auto found = m_store->get(kVolumeSnapshotClasses, {}, named.toString());
        if (!found)
            *error = u"volumesnapshotclass.snapshot.storage.k8s.io \"%1\" not found"_s.arg(named.toString());
        return found;
    }
    for (const QJsonObject &c : m_store->list(kVolumeSnapshotClasses))
        // The default class of the claim's driver; the sandbox's one storage serves them all.
        if (metaOf(c).value(u"annotations"_s).toObject().value(kDefaultClassAnnotation).toString() == u"true"_s)
            return c;
    *error = u"cannot find default snapshot class"_s;
    return std::nullopt;
}

QString SnapshotController::provision(const QJsonObject &snapshot)
{
    const QString ns = namespaceOf(snapshot);
    const QString claimName = specOf(snapshot).value(u"source"_s).toObject().value(u"persistentVolumeClaimName"_s).toString();
    QString error;
    const auto snapshotClass = snapshotClassFor(snapshot, &error);
    if (!snapshotClass) {
        fail(snapshot, u"GetSnapshotClassFailed"_s, u"Failed to get snapshot class with error "_s + error);
        return {};
    }
    const auto claim = m_store->get(kPvcs, ns, claimName);
    if (!claim || statusOf(*claim).value(u"phase"_s).toString() != u"Bound"_s) {
        fail(snapshot, u"SnapshotContentCreationFailed"_s,
             claim ? u"Failed to create snapshot content with error failed to get input parameters to create snapshot %1: "
                     "\"the PVC %2 is not yet bound to a PV, will not attempt to take a snapshot\""_s.arg(nameOf(snapshot), claimName)
                   : u"Failed to create snapshot content with error failed to get input parameters to create snapshot %1: "
                     "\"failed to retrieve PVC %2 from the lister: \\\"persistentvolumeclaim \\\\\\\"%2\\\\\\\" not found\\\"\""_s
                         .arg(nameOf(snapshot), claimName));
        return {};
    }
    const QString contentName = u"snapcontent-"_s + uidOf(snapshot);
    const QString volume = specOf(*claim).value(u"volumeName"_s).toString();
    if (!m_store->entry(kVolumeSnapshotContents, {}, contentName)) {
        const SimulatedCsiDriver::Snapshot cut =
            m_driver.createSnapshot(u"snapshot-"_s + uidOf(snapshot), volume, claimCapacityBytes(*claim), m_store->now());
        QJsonObject spec{{u"deletionPolicy"_s, snapshotClass->value(u"deletionPolicy"_s).toString(u"Delete"_s)},
                         {u"driver"_s, snapshotClass->value(u"driver"_s)},
                         {u"source"_s, QJsonObject{{u"volumeHandle"_s, volume}}},
                         {u"volumeSnapshotClassName"_s, nameOf(*snapshotClass)},
                         {u"volumeSnapshotRef"_s, QJsonObject{{u"apiVersion"_s, snapshot.value(u"apiVersion"_s)},
                                                              {u"kind"_s, u"VolumeSnapshot"_s},
                                                              {u"name"_s, nameOf(snapshot)},
                                                              {u"namespace"_s, ns},
                                                              {u"uid"_s, uidOf(snapshot)},
                                                              {u"resourceVersion"_s, metaOf(snapshot).value(u"resourceVersion"_s)}}}};
        QJsonObject content{{u"apiVersion"_s, u"snapshot.storage.k8s.io/v1"_s},
                            {u"kind"_s, u"VolumeSnapshotContent"_s},
                            {u"metadata"_s, QJsonObject{{u"name"_s, contentName}}},
                            {u"spec"_s, spec},
                            {u"status"_s, QJsonObject{{u"snapshotHandle"_s, cut.handle},
                                                      {u"creationTime"_s, unixNanos(cut.createdAt)},
                                                      {u"restoreSize"_s, cut.sizeBytes},
                                                      {u"readyToUse"_s, false}}}};
        WriteOptions internal;
        internal.skipAdmission = true;
        if (!m_store->create(kVolumeSnapshotContents, content, internal).ok())
            return {};
        m_controllerEvents.record(snapshot, QString::fromLatin1(EventRecorder::kNormal), u"CreatingSnapshot"_s,
                                  u"Waiting for a snapshot %1 to be created by the CSI driver."_s.arg(snapshotRef(snapshot)));
        const QString uid = uidOf(snapshot);
        QTimer::singleShot(m_readyDelay, this, [this, contentName, uid] { markReady(contentName, uid); });
    }
    return contentName;
}

void SnapshotController::markReady(const QString &contentName, const QString &snapshotUid)
{
    const auto content = m_store->get(kVolumeSnapshotContents, {}, contentName);
    if (!content || specOf(*content).value(u"volumeSnapshotRef"_s).toObject().value(u"uid"_s).toString() != snapshotUid)
        return;
    m_store->modify(kVolumeSnapshotContents, {}, contentName, [](QJsonObject &o) {
        QJsonObject status = statusOf(o);
        if (status.value(u"readyToUse"_s).toBool())
            return false;
        status.insert(u"readyToUse"_s, true);
        o.insert(u"status"_s, status);
        return true;
    });
}

bool SnapshotController::bindPreProvisioned(const QJsonObject &snapshot, const QString &contentName)
{
    const auto content = m_store->get(kVolumeSnapshotContents, {}, contentName);
    if (!content) {
        fail(snapshot, u"SnapshotContentMissing"_s, u"VolumeSnapshotContent is missing"_s);
        return false;
    }
    const QJsonObject ref = specOf(*content).value(u"volumeSnapshotRef"_s).toObject();
    const QString refUid = ref.value(u"uid"_s).toString();
    if (ref.value(u"name"_s).toString() != nameOf(snapshot) || ref.value(u"namespace"_s).toString() != namespaceOf(snapshot)
        || (!refUid.isEmpty() && refUid != uidOf(snapshot))) {
        fail(snapshot, u"SnapshotContentMisbound"_s,
             u"VolumeSnapshotContent %1 is bound to a different snapshot"_s.arg(contentName));
        return false;
    }
    if (refUid.isEmpty()) {
        m_store->modify(kVolumeSnapshotContents, {}, contentName, [&](QJsonObject &o) {
            QJsonObject spec = specOf(o);
            QJsonObject bound = spec.value(u"volumeSnapshotRef"_s).toObject();
            bound.insert(u"uid"_s, uidOf(snapshot));
            bound.insert(u"kind"_s, u"VolumeSnapshot"_s);
            bound.insert(u"apiVersion"_s, snapshot.value(u"apiVersion"_s));
            bound.insert(u"resourceVersion"_s, metaOf(snapshot).value(u"resourceVersion"_s));
            spec.insert(u"volumeSnapshotRef"_s, bound);
            o.insert(u"spec"_s, spec);
            return true;
        });
    }
    return true;
}

void SnapshotController::reconcileContent(const QString &name)
{
    const auto found = m_store->get(kVolumeSnapshotContents, {}, name);
    if (!found)
        return contentGone(name);
    const QJsonObject content = *found;
    const QJsonObject spec = specOf(content);
    const QJsonObject ref = spec.value(u"volumeSnapshotRef"_s).toObject();
    if (!ref.value(u"name"_s).toString().isEmpty())
        enqueue(kVolumeSnapshots, ref.value(u"namespace"_s).toString(), ref.value(u"name"_s).toString());
    const QString handle = spec.value(u"source"_s).toObject().value(u"snapshotHandle"_s).toString();
    if (isDeleting(content) || handle.isEmpty())
        return;
    // Pre-provisioned: the sidecar asks the driver (ListSnapshots) what the handle is.
    const auto known = m_driver.find(handle);
    QJsonObject status;
    if (known) {
        status = QJsonObject{{u"snapshotHandle"_s, handle},
                             {u"creationTime"_s, unixNanos(known->createdAt)},
                             {u"restoreSize"_s, known->sizeBytes},
                             {u"readyToUse"_s, true}};
    } else {
        const QString message = u"Failed to check and update snapshot content: failed to list snapshot for content %1: "
                                "\"rpc error: code = NotFound desc = snapshot %2 not found\""_s.arg(name, handle);
        status = QJsonObject{{u"readyToUse"_s, false},
                             {u"error"_s, QJsonObject{{u"message"_s, message}, {u"time"_s, ObjectStore::timestamp(m_store->now())}}}};
        if (statusOf(content).value(u"error"_s).toObject().value(u"message"_s).toString() != message)
            m_sidecarEvents.record(content, QString::fromLatin1(EventRecorder::kWarning), u"SnapshotContentCheckandUpdateFailed"_s, message);
    }
    m_store->modify(kVolumeSnapshotContents, {}, name, [&](QJsonObject &o) {
        const QJsonObject current = statusOf(o);
        if (current == status)
            return false;
        // The same failure again: keep the time it was first seen.
        if (!known && current.value(u"error"_s).toObject().value(u"message"_s) == status.value(u"error"_s).toObject().value(u"message"_s))
            return false;
        o.insert(u"status"_s, status);
        return true;
    });
}

void SnapshotController::mirrorContent(const QJsonObject &snapshot, const QString &contentName)
{
    const auto content = m_store->get(kVolumeSnapshotContents, {}, contentName);
    const QJsonObject before = statusOf(snapshot);
    if (!content) {
        if (before.contains(u"boundVolumeSnapshotContentName"_s))
            fail(snapshot, u"SnapshotContentMissing"_s, u"VolumeSnapshotContent is missing"_s);
        return;
    }
    const QJsonObject contentStatus = statusOf(*content);
    // What the content reports replaces what the snapshot said; the rest (a creationTime the
    // content does not carry) stays, as the real controller only sets the fields it has.
    QJsonObject status = before;
    status.remove(u"error"_s);
    status.insert(u"boundVolumeSnapshotContentName"_s, contentName);
    status.insert(u"readyToUse"_s, contentStatus.value(u"readyToUse"_s).toBool());
    if (contentStatus.contains(u"creationTime"_s))
        status.insert(u"creationTime"_s, ObjectStore::timestamp(fromUnixNanos(contentStatus.value(u"creationTime"_s).toInteger())));
    if (contentStatus.contains(u"restoreSize"_s))
        status.insert(u"restoreSize"_s, restoreSizeText(contentStatus.value(u"restoreSize"_s).toInteger()));
    if (contentStatus.contains(u"error"_s))
        status.insert(u"error"_s, contentStatus.value(u"error"_s));
    if (status == before)
        return;
    const bool wasCreated = before.contains(u"creationTime"_s);
    const bool wasReady = before.value(u"readyToUse"_s).toBool();
    const StoreResult written = m_store->modify(kVolumeSnapshots, namespaceOf(snapshot), nameOf(snapshot), [&](QJsonObject &o) {
        o.insert(u"status"_s, status);
        return true;
    });
    if (!written.ok())
        return;
    const bool dynamic = specOf(snapshot).value(u"source"_s).toObject().contains(u"persistentVolumeClaimName"_s);
    if (dynamic && !wasCreated && status.contains(u"creationTime"_s))
        m_controllerEvents.record(snapshot, QString::fromLatin1(EventRecorder::kNormal), u"SnapshotCreated"_s,
                                  u"Snapshot %1 was successfully created by the CSI driver."_s.arg(snapshotRef(snapshot)));
    if (!wasReady && status.value(u"readyToUse"_s).toBool())
        m_controllerEvents.record(snapshot, QString::fromLatin1(EventRecorder::kNormal), u"SnapshotReady"_s,
                                  u"Snapshot %1 is ready to use."_s.arg(snapshotRef(snapshot)));
}

void SnapshotController::fail(const QJsonObject &snapshot, const QString &reason, const QString &message)
{
    const QJsonObject before = statusOf(snapshot);
    if (before.value(u"error"_s).toObject().value(u"message"_s).toString() == message && !before.value(u"readyToUse"_s).toBool())
        return;
    m_store->modify(kVolumeSnapshots, namespaceOf(snapshot), nameOf(snapshot), [&](QJsonObject &o) {
        QJsonObject status = statusOf(o);
        status.insert(u"readyToUse"_s, false);
        status.insert(u"error"_s, QJsonObject{{u"message"_s, message}, {u"time"_s, ObjectStore::timestamp(m_store->now())}});
        o.insert(u"status"_s, status);
        return true;
    });
    m_controllerEvents.record(snapshot, QString::fromLatin1(EventRecorder::kWarning), reason, message);
}

} // namespace pd::sandbox::controllers
