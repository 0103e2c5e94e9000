#include "volumeprovisioner.h"

#include "controllerutil.h"
#include "simulatedcsidriver.h"
#include "sandbox/objectstore.h"

#include "kube/quantity.h"

namespace pd::sandbox::controllers {

namespace {

QString storageClassOf(const QJsonObject &claim)
{
    return specOf(claim).value(u"storageClassName"_s).toString(u"standard"_s);
}

std::optional<pd::kube::Quantity> requestOf(const QJsonObject &claim)
{
    return pd::kube::Quantity::fromJson(
        specOf(claim).value(u"resources"_s).toObject().value(u"requests"_s).toObject().value(u"storage"_s));
}

} // namespace

QString snapshotDataSourceOf(const QJsonObject &claimSpec)
{
    for (const QString &field : {u"dataSourceRef"_s, u"dataSource"_s}) {
        const QJsonObject source = claimSpec.value(field).toObject();
        if (source.isEmpty())
            continue;
        if (source.value(u"kind"_s).toString() == u"VolumeSnapshot"_s
            && source.value(u"apiGroup"_s).toString() == kVolumeSnapshots.group)
            return source.value(u"name"_s).toString();
        return {};
    }
    return {};
}

VolumeProvisioner::VolumeProvisioner(ObjectStore *store, QObject *parent)
    : ControllerBase(store, parent)
    // The external-provisioner records as "<driver>_<its pod>_<its id>".
    , m_events(store, QString::fromLatin1(SimulatedCsiDriver::kName) + u"_csi-sandboxplugin-0_6f1d2c94-8a8b-4c55-9d7e-2b4fb1a3c0de"_s)
{
}

void VolumeProvisioner::start() { ControllerBase::start({kPvcs}); }

void VolumeProvisioner::onEvent(const StoreEvent &event)
{
    if (event.resource == kPvcs && event.type != StoreEventType::Deleted) {
        enqueue(kPvcs, event.object->namespaceName, event.object->name);
    } else if (event.resource == kVolumeSnapshots) {
        // Retry the claims waiting for this snapshot, as the provisioner's back-off would.
        for (const StoredObjectPtr &e : m_store->entries(kPvcs, event.object->namespaceName))
            if (snapshotDataSourceOf(specOf(e->object())) == event.object->name)
                enqueue(kPvcs, e->namespaceName, e->name);
    }
}

void VolumeProvisioner::reconcile(const Key &key)
{
    const auto found = m_store->get(kPvcs, key.namespaceName, key.name);
    if (!found || isDeleting(*found) || statusOf(*found).value(u"phase"_s).toString() == u"Bound"_s)
        return;
    const QJsonObject claim = *found;
    const QString snapshot = snapshotDataSourceOf(specOf(claim));
    if (snapshot.isEmpty())
        return bind(claim);
    const QString claimRef = key.namespaceName + u'/' + key.name;
    m_events.record(claim, QString::fromLatin1(EventRecorder::kNormal), u"Provisioning"_s,
                    u"External provisioner is provisioning volume for claim \"%1\""_s.arg(claimRef));
    const QString problem = snapshotProblem(claim, snapshot);
    if (!problem.isEmpty()) {
        m_events.record(claim, QString::fromLatin1(EventRecorder::kWarning), u"ProvisioningFailed"_s,
                        u"failed to provision volume with StorageClass \"%1\": error getting handle for DataSource Type "
                        "VolumeSnapshot by Name %2: %3"_s.arg(storageClassOf(claim), snapshot, problem));
        return stayPending(claim);
    }
    bind(claim);
}

QString VolumeProvisioner::snapshotProblem(const QJsonObject &claim, const QString &name) const
{
    // getSnapshotSource's checks, in its order and words.
    const auto snapshot = m_store->get(kVolumeSnapshots, namespaceOf(claim), name);
    if (!snapshot)
        return u"error getting snapshot %1 from api server: volumesnapshots.snapshot.storage.k8s.io \"%1\" not found"_s.arg(name);
    if (isDeleting(*snapshot))
        return u"snapshot %1 is currently being deleted"_s.arg(name);
    const QString notBound = u"snapshot %1 not bound"_s.arg(name);
    const QString contentName = statusOf(*snapshot).value(u"boundVolumeSnapshotContentName"_s).toString();
    if (contentName.isEmpty())
        return notBound;
    const auto content = m_store->get(kVolumeSnapshotContents, {}, contentName);
    if (!content)
        return notBound;
    const QJsonObject ref = specOf(*content).value(u"volumeSnapshotRef"_s).toObject();
    if (ref.value(u"uid"_s).toString() != uidOf(*snapshot) || ref.value(u"namespace"_s).toString() != namespaceOf(*snapshot)
        || ref.value(u"name"_s).toString() != name)
        return notBound;
    if (!statusOf(*snapshot).value(u"readyToUse"_s).toBool())
        return u"snapshot %1 is not Ready"_s.arg(name);
    if (statusOf(*content).value(u"snapshotHandle"_s).toString().isEmpty())
        return u"snapshot handle %1 is not available"_s.arg(name);
    const auto restoreSize = pd::kube::Quantity::fromJson(statusOf(*snapshot).value(u"restoreSize"_s));
    if (restoreSize) {
        const auto requested = requestOf(claim);
        if (!requested)
            return u"error getting capacity for PVC %1 when creating snapshot %2"_s.arg(nameOf(claim), name);
        if (requested->value() < restoreSize->value())
            return u"requested volume size %1 is less than the size %2 for the source snapshot %3"_s
                .arg(requested->value()).arg(restoreSize->value()).arg(name);
    }
    return {};
}

void VolumeProvisioner::bind(const QJsonObject &claim)
{
    // The volume is made with the requested size (at least the snapshot's restoreSize).
    const QString volume = u"pvc-"_s + uidOf(claim);
    const bool fromSnapshot = !snapshotDataSourceOf(specOf(claim)).isEmpty();
    const StoreResult written = m_store->modify(kPvcs, namespaceOf(claim), nameOf(claim), [&](QJsonObject &o) {
        QJsonObject meta = metaOf(o);
        QJsonObject annotations = meta.value(u"annotations"_s).toObject();
        annotations.insert(u"pv.kubernetes.io/bind-completed"_s, u"yes"_s);
        annotations.insert(u"pv.kubernetes.io/bound-by-controller"_s, u"yes"_s);
        annotations.insert(u"volume.kubernetes.io/storage-provisioner"_s, QString::fromLatin1(SimulatedCsiDriver::kName));
        meta.insert(u"annotations"_s, annotations);
        o.insert(u"metadata"_s, meta);
        QJsonObject spec = specOf(o);
        spec.insert(u"volumeName"_s, volume);
        if (!spec.contains(u"storageClassName"_s))
            spec.insert(u"storageClassName"_s, u"standard"_s);
        o.insert(u"spec"_s, spec);
        const QJsonObject requests = spec.value(u"resources"_s).toObject().value(u"requests"_s).toObject();
        o.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Bound"_s},
                                          {u"accessModes"_s, spec.value(u"accessModes"_s)},
                                          {u"capacity"_s, QJsonObject{{u"storage"_s, requests.value(u"storage"_s)}}}});
        return true;
    });
    if (written.ok() && fromSnapshot)
        m_events.record(claim, QString::fromLatin1(EventRecorder::kNormal), u"ProvisioningSucceeded"_s,
                        u"Successfully provisioned volume "_s + volume);
}

void VolumeProvisioner::stayPending(const QJsonObject &claim)
{
    m_store->modify(kPvcs, namespaceOf(claim), nameOf(claim), [](QJsonObject &o) {
        if (statusOf(o).value(u"phase"_s).toString() == u"Pending"_s)
            return false;
        o.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Pending"_s}});
        return true;
    });
}

} // namespace pd::sandbox::controllers
