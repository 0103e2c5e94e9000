#include "objectimport.h"

#include "objectstore.h"
#include "wellknowncrds.h"

#include <kube/yamljson.h>

#include <QHash>
#include <QJsonArray>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

// Lower first: CRDs and namespaces, then owners before what they own.
int importRank(const QString &kind)
{
    static const QHash<QString, int> ranks{
        {u"CustomResourceDefinition"_s, 0}, {u"Namespace"_s, 1}, {u"ServiceAccount"_s, 2}, {u"ClusterRole"_s, 2},
        {u"Role"_s, 2}, {u"ConfigMap"_s, 3}, {u"Secret"_s, 3}, {u"ResourceQuota"_s, 3}, {u"LimitRange"_s, 3},
        {u"Deployment"_s, 4}, {u"StatefulSet"_s, 4}, {u"DaemonSet"_s, 4}, {u"CronJob"_s, 4}, {u"ExternalSecret"_s, 4},
        {u"ReplicaSet"_s, 5}, {u"Job"_s, 5}, {u"ControllerRevision"_s, 5}, {u"Service"_s, 5},
        {u"Pod"_s, 6}, {u"Endpoints"_s, 7}, {u"EndpointSlice"_s, 7}, {u"PersistentVolumeClaim"_s, 6}};
    return ranks.value(kind, 5);
}

QString describe(const QJsonObject &o)
{
    const QJsonObject meta = o.value(u"metadata"_s).toObject();
    const QString ns = meta.value(u"namespace"_s).toString();
    return o.value(u"kind"_s).toString() + u' ' + (ns.isEmpty() ? QString() : ns + u'/') + meta.value(u"name"_s).toString();
}

} // namespace

ImportReport importObjects(ObjectStore *store, const QList<QJsonObject> &input)
{
    ImportReport report;
    QList<QJsonObject> objects;
    for (const QJsonObject &o : input) {
        if (o.value(u"kind"_s).toString() == u"List"_s || o.value(u"kind"_s).toString().endsWith(u"List"_s)) {
            for (const auto &item : o.value(u"items"_s).toArray())
                objects.append(item.toObject());
        } else {
            objects.append(o);
        }
    }
    std::stable_sort(objects.begin(), objects.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return importRank(a.value(u"kind"_s).toString()) < importRank(b.value(u"kind"_s).toString());
    });

    WriteOptions options;
    options.skipAdmission = true;
    const GroupResource namespaces{QString(), u"namespaces"_s};
    QHash<QString, QString> newUid;                       // exported uid -> sandbox uid
    struct Pending { GroupResource resource; QString ns; QString name; QJsonArray refs; };
    QList<Pending> pendingRefs;

    for (QJsonObject o : std::as_const(objects)) {
        const QString apiVersion = o.value(u"apiVersion"_s).toString();
        const ResourceInfo *info = store->registry()->findByKind(apiVersion, o.value(u"kind"_s).toString());
        if (!info) {
            // A namespace export carries custom resources but not their definitions.
            const QJsonObject crd = wellKnownCustomResourceDefinition(apiVersion.section(u'/', 0, 0), o.value(u"kind"_s).toString());
            if (!crd.isEmpty() && store->create({u"apiextensions.k8s.io"_s, u"customresourcedefinitions"_s}, crd, options).ok())
                info = store->registry()->findByKind(apiVersion, o.value(u"kind"_s).toString());
        }
        if (!info) {
            ++report.skipped;
            report.errors << describe(o) + u": no such kind is served"_s;
            continue;
        }
        const GroupResource resource = info->groupResource();
        QJsonObject meta = o.value(u"metadata"_s).toObject();
        const QString oldUid = meta.value(u"uid"_s).toString();
        for (const QString &key : {u"uid"_s, u"resourceVersion"_s, u"creationTimestamp"_s, u"managedFields"_s,
                                   u"selfLink"_s, u"generation"_s, u"deletionTimestamp"_s, u"deletionGracePeriodSeconds"_s})
            meta.remove(key);
        const QJsonArray refs = meta.value(u"ownerReferences"_s).toArray();
        meta.remove(u"ownerReferences"_s);
        const QString ns = info->namespaced ? meta.value(u"namespace"_s).toString(u"default"_s) : QString();
        if (info->namespaced)
            meta.insert(u"namespace"_s, ns);
        // Owners imported earlier: point at their new uids now; later ones in a second pass.
        QJsonArray resolved;
        bool unresolved = false;
        for (const auto &r : refs) {
            QJsonObject ref = r.toObject();
            const QString uid = newUid.value(ref.value(u"uid"_s).toString());
            if (uid.isEmpty()) {
                unresolved = true;
                continue;
            }
            ref.insert(u"uid"_s, uid);
            resolved.append(ref);
        }
        if (!resolved.isEmpty())
            meta.insert(u"ownerReferences"_s, resolved);
        o.insert(u"metadata"_s, meta);
        if (info->namespaced && !store->entry(namespaces, QString(), ns)) {
            store->create(namespaces, QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                                                  {u"metadata"_s, QJsonObject{{u"name"_s, ns}}}}, options);
        }
        const StoreResult result = store->create(resource, o, options);
        if (!result.ok()) {
            if (result.error.reason == u"AlreadyExists"_s)
                ++report.skipped;
            else
                report.errors << describe(o) + u": "_s + result.error.message;
            continue;
        }
        ++report.created;
        const QString uid = result.object.value(u"metadata"_s).toObject().value(u"uid"_s).toString();
        if (!oldUid.isEmpty())
            newUid.insert(oldUid, uid);
        if (unresolved)
            pendingRefs.append({resource, ns, meta.value(u"name"_s).toString(), refs});
    }
    for (const Pending &p : std::as_const(pendingRefs)) {
        store->modify(p.resource, p.ns, p.name, [&](QJsonObject &o) {
            QJsonArray resolved;
            for (const auto &r : p.refs) {
                QJsonObject ref = r.toObject();
                const QString uid = newUid.value(ref.value(u"uid"_s).toString());
                if (uid.isEmpty())
                    continue;
                ref.insert(u"uid"_s, uid);
                resolved.append(ref);
            }
            if (resolved.isEmpty())
                return false;
            QJsonObject meta = o.value(u"metadata"_s).toObject();
            meta.insert(u"ownerReferences"_s, resolved);
            o.insert(u"metadata"_s, meta);
            return true;
        }, options);
    }
    return report;
}

ImportReport importYaml(ObjectStore *store, const QByteArray &yaml, const QString &sourceName)
{
    QList<QJsonObject> docs;
    kube::YamlError error;
    if (!kube::parseYamlDocuments(yaml, sourceName, &docs, &error)) {
        ImportReport report;
        report.errors << error.toString();
        return report;
    }
    return importObjects(store, docs);
}

} // namespace pd::sandbox
