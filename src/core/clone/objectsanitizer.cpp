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
