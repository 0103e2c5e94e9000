// Server-side apply (application/apply-patch+yaml) with a simplified field ownership
// (managedfields.h): conflicts with other managers on fields whose values differ,
// force=true takes them over, fields the manager stops applying are removed.
#include "apiserver_p.h"
#include "managedfields.h"

#include <kube/mergepatch.h>
#include <kube/strategicmergepatch.h>

#include <QJsonArray>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

struct Conflict
{
    QString manager;
    QString apiVersion;
    QString path;
};

ApiError conflictError(const RequestContext &c, const QList<Conflict> &conflicts)
{
    // Group by manager as structured-merge-diff prints them.
    QStringList lines;
    QJsonArray causes;
    QString lastManager;
    for (const Conflict &conflict : conflicts) {
        const QString with = u"conflict with \"%1\" using %2"_s.arg(conflict.manager, conflict.apiVersion);
        causes.append(ApiError::cause(u"FieldManagerConflict"_s, with, pathToString(conflict.path)));
    }
    QString message;
    if (conflicts.size() == 1) {
        message = u"Apply failed with 1 conflict: conflict with \"%1\" using %2: %3"_s.arg(
            conflicts.first().manager, conflicts.first().apiVersion, pathToString(conflicts.first().path));
    } else {
        message = u"Apply failed with %1 conflicts: "_s.arg(conflicts.size());
        QStringList groups;
        for (const Conflict &conflict : conflicts) {
            if (conflict.manager != lastManager) {
                groups << u"conflicts with \"%1\" using %2:"_s.arg(conflict.manager, conflict.apiVersion);
                lastManager = conflict.manager;
            }
            groups.last() += u"\n- "_s + pathToString(conflict.path);
        }
        message += groups.join(u"\n"_s);
    }
    ApiError e;
    e.code = 409;
    e.reason = u"Conflict"_s;
    e.message = message;
    e.detailsName = c.attributes.name;
    e.detailsGroup = c.info.group;
    e.detailsKind = c.info.resource;
    e.causes = causes;
    return e;
}

} // namespace

void serveApply(RequestContext &c, const QJsonObject &appliedIn)
{
    const QString manager = c.options.fieldManager;
    if (manager.isEmpty()) {
        ApiError e = ApiError::invalid(u"meta.k8s.io"_s, u"PatchOptions"_s, QString(),
                                       QJsonArray{ApiError::cause(u"FieldValueRequired"_s, u"Required value: is required for apply patch"_s,
                                                                  u"fieldManager"_s)});
        c.respondError(e);
        return;
    }
    QJsonObject applied = appliedIn;
    const QString apiVersion = applied.value(u"apiVersion"_s).toString();
    const QString kind = applied.value(u"kind"_s).toString();
    if (apiVersion != c.info.apiVersion() || kind != c.info.kind) {
        c.respondError(ApiError::badRequest(u"the API version (%1) and kind (%2) of the object must match the request's (%3 %4)"_s
                                                .arg(apiVersion, kind, c.info.apiVersion(), c.info.kind)));
        return;
    }
    QJsonObject meta = applied.value(u"metadata"_s).toObject();
    const QString ns = c.info.namespaced ? c.attributes.namespaceName : QString();
    if (meta.value(u"name"_s).toString() != c.attributes.name
        || (c.info.namespaced && !meta.value(u"namespace"_s).toString().isEmpty() && meta.value(u"namespace"_s).toString() != ns)) {
        c.respondError(ApiError::badRequest(u"the name or namespace of the object does not match the request"_s));
        return;
    }
    if (c.info.namespaced)
        meta.insert(u"namespace"_s, ns);
    for (const QString &key : {u"managedFields"_s, u"resourceVersion"_s, u"uid"_s, u"creationTimestamp"_s})
        meta.remove(key);
    applied.insert(u"metadata"_s, meta);
    applied.remove(u"status"_s);

    ObjectStore *store = c.state->store;
    const bool force = c.options.force;
    const FieldSet appliedSet = fieldSetOf(applied);
    const QString now = ObjectStore::timestamp(store->now());
    WriteOptions options;
    options.dryRun = c.dryRun();

    const StoredObjectPtr current = store->entry(c.groupResource(), ns, c.attributes.name);
    if (!current) {
        QJsonObject object = applied;
        recordManager(object, appliedSet, FieldSet(), manager, now, u"Apply"_s);
        const StoreResult result = store->create(c.groupResource(), object, options);
        if (!result.ok())
            c.respondError(result.error);
        else
            c.respondObject(201, result.object);
        return;
    }

    const QJsonObject live = asRequestedVersion(current->object(), c.info);
    const QJsonArray entries = live.value(u"metadata"_s).toObject().value(u"managedFields"_s).toArray();
    QList<Conflict> conflicts;
    FieldSet conflicting;
    FieldSet previousApply;
    QSet<QString> ownedByOthers;
    for (const auto &v : entries) {
        const QJsonObject entry = v.toObject();
        const FieldSet set = fieldsV1ToFieldSet(entry.value(u"fieldsV1"_s).toObject());
        const QString entryManager = entry.value(u"manager"_s).toString();
        if (entryManager == manager && entry.value(u"operation"_s).toString() == u"Apply"_s) {
            previousApply = set;
            continue;
        }
        ownedByOthers.unite(set);
        QStringList paths;
        for (const QString &path : set)
            if (appliedSet.contains(path) && valueAtPath(live, path) != valueAtPath(applied, path))
                paths << path;
        std::sort(paths.begin(), paths.end());
        for (const QString &path : std::as_const(paths)) {
            conflicts.append({entryManager, entry.value(u"apiVersion"_s).toString(), path});
            conflicting.insert(path);
        }
    }
    if (!conflicts.isEmpty() && !force) {
        c.respondError(conflictError(c, conflicts));
        return;
    }

    QJsonValue merged;
    if (c.info.custom) {
        merged = kube::applyMergePatch(QJsonValue(live), QJsonValue(applied));
    } else {
        QString error;
        merged = kube::applyStrategicMergePatch(QJsonValue(live), QJsonValue(applied), c.info.kind, &error);
        if (merged.isUndefined())
            merged = kube::applyMergePatch(QJsonValue(live), QJsonValue(applied));
    }
    QJsonObject object = merged.toObject();
    // Fields this manager applied before but not now, owned by nobody else, go away.
    QStringList removed;
    for (const QString &path : std::as_const(previousApply))
        if (!appliedSet.contains(path) && !ownedByOthers.contains(path))
            removed << path;
    std::sort(removed.begin(), removed.end(), std::greater<>());
    for (const QString &path : std::as_const(removed))
        removePath(object, path);
    recordManager(object, appliedSet, conflicting, manager, now, u"Apply"_s);
    QJsonObject objectMeta = object.value(u"metadata"_s).toObject();
    objectMeta.insert(u"resourceVersion"_s, QString::number(current->resourceVersion));
    object.insert(u"metadata"_s, objectMeta);
    const StoreResult result = store->update(c.groupResource(), object, options);
    if (!result.ok())
        c.respondError(result.error);
    else
        c.respondObject(200, asRequestedVersion(result.object, c.info));
}

} // namespace pd::sandbox
