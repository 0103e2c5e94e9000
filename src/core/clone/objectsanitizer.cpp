#include "objectsanitizer.h"

#include "jsonwalk.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace pd::core::clone {

namespace {

QString kindOf(const QJsonObject &object)
{
    return object.value(QLatin1String("kind")).toString();
}

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject();
}

QString nameOf(const QJsonObject &object)
{
    return metadataOf(object).value(QLatin1String("name")).toString();
}

QString controllerOwner(const QJsonObject &object)
{
    const QJsonArray owners = metadataOf(object).value(QLatin1String("ownerReferences")).toArray();
    for (const QJsonValue &owner : owners) {
        const QJsonObject o = owner.toObject();
        if (o.value(QLatin1String("controller")).toBool())
            return o.value(QLatin1String("kind")).toString() + QLatin1Char('/') + o.value(QLatin1String("name")).toString();
    }
    return {};
}

// A PVC named <template>-<statefulset>-<ordinal> was made by that StatefulSet.
QString statefulSetOwningClaim(const QJsonObject &claim, const QList<QJsonObject> &sourceObjects)
{
    const QString name = nameOf(claim);
    for (const QJsonObject &object : sourceObjects) {
        if (kindOf(object) != QLatin1String("StatefulSet"))
            continue;
        const QJsonArray templates = object.value(QLatin1String("spec")).toObject()
                                         .value(QLatin1String("volumeClaimTemplates")).toArray();
        for (const QJsonValue &t : templates) {
            const QString prefix = nameOf(t.toObject()) + QLatin1Char('-') + nameOf(object) + QLatin1Char('-');
            static const QRegularExpression ordinal(QStringLiteral("^\\d+$"));
            if (name.startsWith(prefix) && ordinal.match(name.mid(prefix.size())).hasMatch())
                return nameOf(object);
        }
    }
    return {};
}

const QStringList kServerMetadata = {
    QStringLiteral("uid"), QStringLiteral("resourceVersion"), QStringLiteral("creationTimestamp"),
    QStringLiteral("generation"), QStringLiteral("managedFields"), QStringLiteral("selfLink"),
    QStringLiteral("deletionTimestamp"), QStringLiteral("deletionGracePeriodSeconds"),
    QStringLiteral("ownerReferences"), QStringLiteral("finalizers"),
};

const QStringList kServerAnnotations = {
    QStringLiteral("kubectl.kubernetes.io/last-applied-configuration"),
    QStringLiteral("deployment.kubernetes.io/revision"),
    QStringLiteral("pv.kubernetes.io/bind-completed"),
    QStringLiteral("pv.kubernetes.io/bound-by-controller"),
    QStringLiteral("volume.kubernetes.io/storage-provisioner"),
    QStringLiteral("volume.beta.kubernetes.io/storage-provisioner"),
    QStringLiteral("reconcile.external-secrets.io/data-hash"),
};

} // namespace

QString dropReason(const QJsonObject &object, const QList<QJsonObject> &sourceObjects)
{
    const QString kind = kindOf(object);
    const QString name = nameOf(object);
    if (kind == QLatin1String("Namespace"))
        return QStringLiteral("replaced by the preview's own namespace");
    if (kind == QLatin1String("Event"))
        return QStringLiteral("events belong to the source's history");
    if (kind == QLatin1String("Endpoints") || kind == QLatin1String("EndpointSlice"))
        return QStringLiteral("made by the endpoints controller for each service");
    if (kind == QLatin1String("Lease"))
        return QStringLiteral("leases belong to the source's running processes");
    if (kind == QLatin1String("ResourceQuota") || kind == QLatin1String("LimitRange"))
        return QStringLiteral("the preview gets its own quota and limits");
    if (kind == QLatin1String("ConfigMap") && name == QLatin1String("kube-root-ca.crt"))
        return QStringLiteral("the cluster creates it in every namespace");
    if (kind == QLatin1String("ServiceAccount") && name == QLatin1String("default"))
        return QStringLiteral("the cluster creates it in every namespace");
    const QString owner = controllerOwner(object);
    if (!owner.isEmpty() && kind != QLatin1String("Secret"))
        return QStringLiteral("made by its controller (%1)").arg(owner);
    if (kind == QLatin1String("Pod") || kind == QLatin1String("ReplicaSet") || kind == QLatin1String("ControllerRevision"))
        return QStringLiteral("made by a controller in the source");
    if (kind == QLatin1String("PersistentVolumeClaim")) {
        const QString statefulSet = statefulSetOwningClaim(object, sourceObjects);
        if (!statefulSet.isEmpty())
            return QStringLiteral("made by StatefulSet %1 from its volume claim template").arg(statefulSet);
    }
    return {};
}

QJsonObject sanitizedCopy(const QJsonObject &object, const QString &targetNamespace, QList<PlanRow> *rows)
{
    QJsonObject copy = object;
    QStringList removed;
    QJsonObject metadata = metadataOf(copy);
    for (const QString &key : kServerMetadata) {
        if (metadata.contains(key)) {
            metadata.remove(key);
            removed << QStringLiteral("metadata.") + key;
        }
    }
    QJsonObject annotations = metadata.value(QLatin1String("annotations")).toObject();
    for (const QString &key : kServerAnnotations) {
        if (annotations.contains(key)) {
            annotations.remove(key);
            removed << QStringLiteral("annotation ") + key;
        }
    }
    if (annotations.isEmpty())
        metadata.remove(QLatin1String("annotations"));
    else
        metadata.insert(QLatin1String("annotations"), annotations);
    if (metadata.contains(QLatin1String("namespace")))
        metadata.insert(QLatin1String("namespace"), targetNamespace);
    copy.insert(QLatin1String("metadata"), metadata);

    if (copy.contains(QLatin1String("status"))) {
        copy.remove(QLatin1String("status"));
        removed << QStringLiteral("status");
    }

    // Service addresses and ports: externalclaims.h.
    const QString kind = kindOf(copy);
    if (kind == QLatin1String("PersistentVolumeClaim")) {
        QJsonObject spec = copy.value(QLatin1String("spec")).toObject();
        if (spec.contains(QLatin1String("volumeName"))) {
            spec.remove(QLatin1String("volumeName"));
            removed << QStringLiteral("spec.volumeName");
            copy.insert(QLatin1String("spec"), spec);
        }
    }

    if (rows && !removed.isEmpty())
        rows->append({objectRef(object), removed.join(QStringLiteral(", ")), QStringLiteral("(set by the source's API server)"),
                      QStringLiteral("(removed)"), PlanRule::ServerField, false});
    return copy;
}

} // namespace pd::core::clone
