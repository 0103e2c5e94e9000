// ObjectStore: create (metadata, validation, namespace checks, admission) and the
// objects a fresh cluster starts with.
#include "objectstore.h"

#include "bootstrappolicy.h"
#include "managedfields.h"
#include "objectvalidation.h"

#include <QJsonArray>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {
const GroupResource kNamespaces{QString(), u"namespaces"_s};
const GroupResource kCrds{u"apiextensions.k8s.io"_s, u"customresourcedefinitions"_s};
} // namespace

void ObjectStore::bootstrap()
{
    WriteOptions internal;
    internal.skipAdmission = true;
    for (const QString &ns : {u"default"_s, u"kube-system"_s, u"kube-public"_s, u"kube-node-lease"_s})
        create(kNamespaces, QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                                        {u"metadata"_s, QJsonObject{{u"name"_s, ns}}}}, internal);
    for (const QJsonObject &role : bootstrapClusterRoles())
        create({u"rbac.authorization.k8s.io"_s, u"clusterroles"_s}, role, internal);
    for (const QJsonObject &binding : bootstrapClusterRoleBindings())
        create({u"rbac.authorization.k8s.io"_s, u"clusterrolebindings"_s}, binding, internal);
}

StoreResult ObjectStore::create(const GroupResource &resource, QJsonObject object, const WriteOptions &options)
{
    StoreResult result;
    const ResourceInfo *found = m_registry.preferred(resource);
    if (!found) {
        result.error = ApiError::notFound(resource, QString());
        result.error.message = u"the server could not find the requested resource"_s;
        return result;
    }
    const ResourceInfo info = *found;
    if (!object.contains(u"apiVersion"_s))
        object.insert(u"apiVersion"_s, info.apiVersion());
    if (!object.contains(u"kind"_s))
        object.insert(u"kind"_s, info.kind);
    QJsonObject meta = object.value(u"metadata"_s).toObject();
    if (!info.namespaced)
        meta.remove(u"namespace"_s);
    const QString ns = meta.value(u"namespace"_s).toString();
    if (info.namespaced && ns.isEmpty()) {
        result.error = ApiError::badRequest(u"the namespace of the provided object does not match the namespace sent on the request"_s);
        return result;
    }
    QString name = meta.value(u"name"_s).toString();
    const QString generateName = meta.value(u"generateName"_s).toString();
    if (name.isEmpty() && !generateName.isEmpty()) {
        for (int attempt = 0; attempt < 8; ++attempt) {
            name = generateName + randomNameSuffix();
            if (!entry(resource, ns, name))
                break;
        }
        meta.insert(u"name"_s, name);
    }
    const QJsonArray causes = validateObjectMeta(meta, info, true);
    if (!causes.isEmpty()) {
        result.error = ApiError::invalid(info.group, info.kind, name, causes);
        return result;
    }
    if (info.namespaced) {
        if (ApiError e = checkNamespace(resource, ns)) {
            result.error = e;
            return result;
        }
    }
    if (entry(resource, ns, name)) {
        result.error = ApiError::alreadyExists(resource, name);
        return result;
    }

    meta.insert(u"uid"_s, QUuid::createUuid().toString(QUuid::WithoutBraces));
    const QString created = timestamp(now());
    meta.insert(u"creationTimestamp"_s, created);
    meta.remove(u"deletionTimestamp"_s);
    meta.remove(u"deletionGracePeriodSeconds"_s);
    meta.remove(u"selfLink"_s);
    if (object.contains(u"spec"_s) || info.custom)
        meta.insert(u"generation"_s, 1);
    else
        meta.remove(u"generation"_s);
    if (resource == kNamespaces) {
        QJsonObject labels = meta.value(u"labels"_s).toObject();
        labels.insert(u"kubernetes.io/metadata.name"_s, name);
        meta.insert(u"labels"_s, labels);
        object.insert(u"spec"_s, QJsonObject{{u"finalizers"_s, QJsonArray{u"kubernetes"_s}}});
        object.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Active"_s}});
        meta.remove(u"generation"_s);
    }
    object.insert(u"metadata"_s, meta);
    if (resource == kCrds) {
        QJsonObject status = object.value(u"status"_s).toObject();
        status.insert(u"acceptedNames"_s, object.value(u"spec"_s).toObject().value(u"names"_s));
        status.insert(u"conditions"_s, QJsonArray{
            QJsonObject{{u"type"_s, u"NamesAccepted"_s}, {u"status"_s, u"True"_s}, {u"reason"_s, u"NoConflicts"_s},
                        {u"message"_s, u"no conflicts found"_s}, {u"lastTransitionTime"_s, created}},
            QJsonObject{{u"type"_s, u"Established"_s}, {u"status"_s, u"True"_s}, {u"reason"_s, u"InitialNamesAccepted"_s},
                        {u"message"_s, u"the initial names have been accepted"_s}, {u"lastTransitionTime"_s, created}}});
        QJsonArray stored;
        for (const auto &v : object.value(u"spec"_s).toObject().value(u"versions"_s).toArray())
            if (v.toObject().value(u"storage"_s).toBool())
                stored.append(v.toObject().value(u"name"_s));
        status.insert(u"storedVersions"_s, stored);
        object.insert(u"status"_s, status);
    }
    if (const auto prepare = m_prepare.constFind(resource); prepare != m_prepare.constEnd()) {
        if (ApiError e = (*prepare)(object, nullptr, options)) {
            result.error = e;
            return result;
        }
    }
    if (!options.skipAdmission && m_admission) {
        if (ApiError e = m_admission(resource, object, options.dryRun)) {
            result.error = e;
            return result;
        }
    }
    if (!options.fieldManager.isEmpty())
        recordUpdateManager(object, QJsonObject(), options.fieldManager, created, u"Update"_s);
    return store(resource, object, StoreEventType::Added, nullptr, options);
}

} // namespace pd::sandbox
