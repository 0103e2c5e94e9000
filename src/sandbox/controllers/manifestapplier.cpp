#include "manifestapplier.h"

#include "controllerutil.h"
#include "localgitrepository.h"
#include "kube/yamljson.h"
#include "sandbox/objectstore.h"

#include <QSet>

namespace pd::sandbox::controllers {

namespace {

bool sameScalar(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble();
    return a == b;
}

// Every field `desired` sets has the same value in `live` (fields the server or a
// controller added are not drift).
bool covers(const QJsonValue &live, const QJsonValue &desired)
{
    if (desired.isObject()) {
        if (!live.isObject())
            return false;
        const QJsonObject d = desired.toObject();
        const QJsonObject l = live.toObject();
        for (auto it = d.begin(); it != d.end(); ++it) {
            if (!covers(l.value(it.key()), it.value()))
                return false;
        }
        return true;
    }
    if (desired.isArray()) {
        if (!live.isArray() || live.toArray().size() != desired.toArray().size())
            return false;
        const QJsonArray d = desired.toArray();
        const QJsonArray l = live.toArray();
        for (qsizetype i = 0; i < d.size(); ++i) {
            if (!covers(l.at(i), d.at(i)))
                return false;
        }
        return true;
    }
    return sameScalar(live, desired);
}

// Objects merged key by key; arrays and scalars taken from `desired`.
QJsonValue merged(const QJsonValue &live, const QJsonValue &desired)
{
    if (!live.isObject() || !desired.isObject())
        return desired;
    QJsonObject out = live.toObject();
    const QJsonObject d = desired.toObject();
    for (auto it = d.begin(); it != d.end(); ++it)
        out.insert(it.key(), merged(out.value(it.key()), it.value()));
    return out;
}

bool isManifestFile(const QString &file)
{
    return file.endsWith(u".yaml"_s) || file.endsWith(u".yml"_s) || file.endsWith(u".json"_s);
}

} // namespace

QString ManagedObject::id() const
{
    return namespaceName.isEmpty() ? QString(kind + u'/' + name) : QString(kind + u'/' + namespaceName + u'/' + name);
}

RenderedManifests renderManifests(LocalGitRepository &repository, const QString &commit, const QString &path, bool recursive)
{
    RenderedManifests out;
    const auto files = repository.listFiles(commit, path, recursive);
    if (!files) {
        out.error = repository.lastError();
        out.errorKind = u"path"_s;
        return out;
    }
    for (const QString &file : *files) {
        if (!isManifestFile(file))
            continue;
        const auto text = repository.readFile(commit, file);
        if (!text) {
            out.error = repository.lastError();
            out.errorKind = u"path"_s;
            return out;
        }
        QList<QJsonObject> documents;
        pd::kube::YamlError yamlError;
        if (!pd::kube::parseYamlDocuments(*text, file, &documents, &yamlError)) {
            out.error = u"failed to unmarshal \"%1\": %2"_s.arg(file, yamlError.toString());
            out.errorKind = u"parse"_s;
            return out;
        }
        for (const QJsonObject &d : std::as_const(documents)) {
            // A kustomization.yaml is the build's configuration, not an object.
            if (d.value(u"apiVersion"_s).toString().startsWith(u"kustomize.config.k8s.io/"_s))
                continue;
            if (d.value(u"kind"_s).toString().isEmpty() || nameOf(d).isEmpty()) {
                out.error = u"failed to unmarshal \"%1\": an object without kind or metadata.name"_s.arg(file);
                out.errorKind = u"parse"_s;
                return out;
            }
            out.objects.append(d);
        }
    }
    return out;
}

ManifestApplier::ManifestApplier(ObjectStore *store, const QString &fieldManager, const QJsonObject &tracking)
    : m_store(store)
    , m_fieldManager(fieldManager)
    , m_tracking(tracking)
{
}

std::optional<QList<ManagedObject>> ManifestApplier::plan(const QList<QJsonObject> &objects, const QString &defaultNamespace,
                                                         bool forceNamespace, QString *error) const
{
    QList<ManagedObject> out;
    for (const QJsonObject &o : objects) {
        const QString apiVersion = o.value(u"apiVersion"_s).toString();
        const QString kind = o.value(u"kind"_s).toString();
        const ResourceInfo *info = m_store->registry()->findByKind(apiVersion, kind);
        if (!info) {
            *error = u"the server could not find the requested resource: no matches for kind \"%1\" in version \"%2\""_s.arg(kind, apiVersion);
            return std::nullopt;
        }
        ManagedObject m;
        m.resource = info->groupResource();
        m.apiVersion = apiVersion;
        m.kind = kind;
        m.name = nameOf(o);
        QJsonObject meta = metaOf(o);
        if (info->namespaced) {
            m.namespaceName = forceNamespace || namespaceOf(o).isEmpty() ? defaultNamespace : namespaceOf(o);
            if (m.namespaceName.isEmpty()) {
                *error = u"%1 %2 is namespaced but no namespace was given"_s.arg(kind, m.name);
                return std::nullopt;
            }
            meta.insert(u"namespace"_s, m.namespaceName);
        } else {
            meta.remove(u"namespace"_s);
        }
        QJsonObject labels = meta.value(u"labels"_s).toObject();
        for (auto it = m_tracking.begin(); it != m_tracking.end(); ++it)
            labels.insert(it.key(), it.value());
        meta.insert(u"labels"_s, labels);
        m.desired = o;
        m.desired.insert(u"metadata"_s, meta);
        m.desired.remove(u"status"_s);
        out.append(m);
    }
    return out;
}

bool ManifestApplier::exists(const ManagedObject &object) const
{
    return m_store->entry(object.resource, object.namespaceName, object.name) != nullptr;
}

bool ManifestApplier::isDrifted(const ManagedObject &object) const
{
    const auto live = m_store->get(object.resource, object.namespaceName, object.name);
    if (!live)
        return true;
    for (auto it = object.desired.begin(); it != object.desired.end(); ++it) {
        if (it.key() == u"metadata"_s) {
            const QJsonObject meta = it.value().toObject();
            for (const QString &k : {u"labels"_s, u"annotations"_s}) {
                if (meta.contains(k) && !covers(metaOf(*live).value(k), meta.value(k)))
                    return true;
            }
        } else if (!covers(live->value(it.key()), it.value())) {
            return true;
        }
    }
    return false;
}

QString ManifestApplier::apply(const ManagedObject &object)
{
    WriteOptions options;
    options.fieldManager = m_fieldManager;
    if (!exists(object)) {
        const StoreResult r = m_store->create(object.resource, object.desired, options);
        return r.ok() ? QString() : r.error.message;
    }
    if (!isDrifted(object))
        return {};
    const StoreResult r = m_store->modify(object.resource, object.namespaceName, object.name, [&](QJsonObject &live) {
        for (auto it = object.desired.begin(); it != object.desired.end(); ++it) {
            if (it.key() == u"metadata"_s) {
                QJsonObject meta = metaOf(live);
                const QJsonObject d = it.value().toObject();
                for (const QString &k : {u"labels"_s, u"annotations"_s}) {
                    if (d.contains(k))
                        meta.insert(k, merged(meta.value(k), d.value(k)));
                }
                live.insert(u"metadata"_s, meta);
            } else if (it.key() == u"spec"_s) {
                live.insert(it.key(), merged(live.value(it.key()), it.value()));
            } else {
                live.insert(it.key(), it.value());
            }
        }
        return true;
    }, options);
    return r.ok() ? QString() : r.error.message;
}

QList<ManagedObject> ManifestApplier::orphans(const QList<ManagedObject> &desired, const QStringList &namespaces) const
{
    QSet<QString> wanted;
    for (const ManagedObject &m : desired)
        wanted.insert(m.resource.toString() + u'/' + m.namespaceName + u'/' + m.name);
    QList<ManagedObject> out;
    for (const QString &ns : namespaces) {
        for (const GroupResource &r : m_store->resourcesIn(ns)) {
            for (const StoredObjectPtr &e : m_store->entries(r, ns)) {
                bool tracked = !m_tracking.isEmpty();
                for (auto it = m_tracking.begin(); tracked && it != m_tracking.end(); ++it)
                    tracked = e->labels.value(it.key()) == it.value();
                // Objects a controller made from ours (ReplicaSets, Pods) carry its owner, not our label set alone.
                if (!tracked || !e->ownerUids.isEmpty() || wanted.contains(r.toString() + u'/' + ns + u'/' + e->name))
                    continue;
                const ResourceInfo *info = m_store->registry()->preferred(r);
                ManagedObject m;
                m.resource = r;
                m.namespaceName = ns;
                m.name = e->name;
                m.kind = info ? info->kind : r.resource;
                m.apiVersion = info ? info->apiVersion() : QString();
                out.append(m);
            }
        }
    }
    return out;
}

int ManifestApplier::remove(const QList<ManagedObject> &objects)
{
    int removed = 0;
    for (const ManagedObject &m : objects) {
        DeleteOptions options;
        options.propagation = DeleteOptions::Propagation::Background;
        if (m_store->remove(m.resource, m.namespaceName, m.name, options).ok())
            ++removed;
    }
    return removed;
}

ManagedHealth ManifestApplier::health(const QList<ManagedObject> &objects) const
{
    // Argo CD's order: a worse status wins.
    const QStringList order{u"Healthy"_s, u"Progressing"_s, u"Missing"_s, u"Degraded"_s};
    ManagedHealth worst{u"Healthy"_s, {}};
    auto consider = [&](const QString &status, const QString &message) {
        if (order.indexOf(status) > order.indexOf(worst.status))
            worst = ManagedHealth{status, message};
    };
    for (const ManagedObject &m : objects) {
        const auto live = m_store->get(m.resource, m.namespaceName, m.name);
        if (!live) {
            consider(u"Missing"_s, u"%1 is missing"_s.arg(m.id()));
            continue;
        }
        const QJsonObject spec = specOf(*live);
        const QJsonObject status = statusOf(*live);
        const qint64 generation = metaOf(*live).value(u"generation"_s).toInteger(1);
        const int replicas = spec.contains(u"replicas"_s) ? spec.value(u"replicas"_s).toInt() : 1;
        if (m.resource == kDeployments) {
            for (const QJsonValue &c : status.value(u"conditions"_s).toArray()) {
                if (c.toObject().value(u"reason"_s).toString() == u"ProgressDeadlineExceeded"_s)
                    consider(u"Degraded"_s, u"Deployment \"%1\" exceeded its progress deadline"_s.arg(m.name));
            }
            if (status.value(u"observedGeneration"_s).toInteger() < generation)
                consider(u"Progressing"_s, u"Waiting for rollout to finish: observed deployment generation less than desired generation"_s);
            else if (status.value(u"updatedReplicas"_s).toInt() < replicas)
                consider(u"Progressing"_s, u"Waiting for rollout to finish: %1 out of %2 new replicas have been updated..."_s
                                               .arg(status.value(u"updatedReplicas"_s).toInt()).arg(replicas));
            else if (status.value(u"availableReplicas"_s).toInt() < replicas)
                consider(u"Progressing"_s, u"Waiting for rollout to finish: %1 of %2 updated replicas are available..."_s
                                               .arg(status.value(u"availableReplicas"_s).toInt()).arg(replicas));
        } else if (m.resource == kStatefulSets) {
            if (status.value(u"readyReplicas"_s).toInt() < replicas)
                consider(u"Progressing"_s, u"Waiting for %1 pods to be ready..."_s.arg(replicas - status.value(u"readyReplicas"_s).toInt()));
        }
    }
    return worst;
}

} // namespace pd::sandbox::controllers
