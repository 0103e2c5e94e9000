#include "objectstore.h"

#include "managedfields.h"
#include "objectvalidation.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

const GroupResource kNamespaces{QString(), u"namespaces"_s};
const GroupResource kCrds{u"apiextensions.k8s.io"_s, u"customresourcedefinitions"_s};

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

StoredObjectPtr makeEntry(const QJsonObject &object)
{
    auto e = std::make_shared<StoredObject>();
    e->json = compact(object);
    const QJsonObject meta = object.value(u"metadata"_s).toObject();
    e->namespaceName = meta.value(u"namespace"_s).toString();
    e->name = meta.value(u"name"_s).toString();
    e->uid = meta.value(u"uid"_s).toString();
    e->resourceVersion = meta.value(u"resourceVersion"_s).toString().toLongLong();
    e->labels = meta.value(u"labels"_s).toObject();
    for (const auto &ref : meta.value(u"ownerReferences"_s).toArray())
        e->ownerUids << ref.toObject().value(u"uid"_s).toString();
    e->deleting = meta.contains(u"deletionTimestamp"_s);
    return e;
}

// Everything but metadata and status: a change here bumps metadata.generation.
bool specChanged(const QJsonObject &a, const QJsonObject &b)
{
    for (auto it = a.begin(); it != a.end(); ++it) {
        const QString &k = it.key();
        if (k == u"metadata"_s || k == u"status"_s || k == u"apiVersion"_s || k == u"kind"_s)
            continue;
        if (it.value() != b.value(k))
            return true;
    }
    for (auto it = b.begin(); it != b.end(); ++it)
        if (it.key() != u"metadata"_s && it.key() != u"status"_s && it.key() != u"apiVersion"_s
            && it.key() != u"kind"_s && !a.contains(it.key()))
            return true;
    return false;
}

QJsonObject withoutVersion(QJsonObject o)
{
    QJsonObject meta = o.value(u"metadata"_s).toObject();
    meta.remove(u"resourceVersion"_s);
    meta.remove(u"managedFields"_s);
    o.insert(u"metadata"_s, meta);
    return o;
}

} // namespace

QJsonObject StoredObject::object() const { return QJsonDocument::fromJson(json).object(); }

struct ObjectStore::Table
{
    QMap<QString, QMap<QString, StoredObjectPtr>> byNamespace;
    qsizetype size = 0;
};

ObjectStore::ObjectStore(QObject *parent)
    : QObject(parent)
{
    bootstrap();
}

ObjectStore::~ObjectStore() { qDeleteAll(m_tables); }

void ObjectStore::setPrepareHook(const GroupResource &resource, PrepareHook hook)
{
    if (hook)
        m_prepare.insert(resource, std::move(hook));
    else
        m_prepare.remove(resource);
}

QDateTime ObjectStore::now() const { return m_clock ? m_clock() : QDateTime::currentDateTimeUtc(); }

QString ObjectStore::timestamp(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss'Z'"_s);
}

ObjectStore::Table *ObjectStore::table(const GroupResource &resource, bool create)
{
    auto it = m_tables.find(resource);
    if (it != m_tables.end())
        return *it;
    if (!create)
        return nullptr;
    return *m_tables.insert(resource, new Table);
}

const ObjectStore::Table *ObjectStore::table(const GroupResource &resource) const
{
    return m_tables.value(resource, nullptr);
}

ApiError ObjectStore::checkNamespace(const GroupResource &resource, const QString &namespaceName) const
{
    Q_UNUSED(resource);
    const StoredObjectPtr ns = entry(kNamespaces, QString(), namespaceName);
    if (!ns)
        return ApiError::notFound(kNamespaces, namespaceName);
    if (ns->deleting)
        return ApiError::forbidden(
            u"unable to create new content in namespace %1 because it is being terminated"_s.arg(namespaceName),
            resource);
    return {};
}

StoreResult ObjectStore::store(const GroupResource &resource, const QJsonObject &objectIn, StoreEventType type,
                               const StoredObjectPtr &previous, const WriteOptions &options)
{
    StoreResult result;
    QJsonObject object = objectIn;
    QJsonObject meta = object.value(u"metadata"_s).toObject();
    if (options.dryRun) {
        result.object = object;
        return result;
    }
    const qint64 rv = ++m_resourceVersion;
    meta.insert(u"resourceVersion"_s, QString::number(rv));
    object.insert(u"metadata"_s, meta);
    const StoredObjectPtr e = makeEntry(object);
    Table *t = table(resource, true);
    auto &names = t->byNamespace[e->namespaceName];
    if (!previous) {
        ++t->size;
        ++m_namespaceContents[e->namespaceName][resource];
    } else {
        for (const QString &owner : previous->ownerUids)
            m_dependents.remove(owner, previous->uid);
    }
    names.insert(e->name, e);
    m_byUid.insert(e->uid, {resource, e});
    for (const QString &owner : e->ownerUids)
        m_dependents.insert(owner, e->uid);
    if (resource == kCrds)
        m_registry.addCustomResourceDefinition(object);
    result.object = object;
    record(StoreEvent{type, resource, rv, e, previous});
    return result;
}

void ObjectStore::record(StoreEvent event)
{
    m_history.push_back(event);
    while (qsizetype(m_history.size()) > m_historyCapacity) {
        m_compactedVersion = m_history.front().resourceVersion;
        m_history.pop_front();
    }
    Q_EMIT changed(event);
}

StoreResult ObjectStore::update(const GroupResource &resource, QJsonObject object, const WriteOptions &options)
{
    StoreResult result;
    const ResourceInfo *info = m_registry.preferred(resource);
    const QJsonObject meta = object.value(u"metadata"_s).toObject();
    const QString ns = info && info->namespaced ? meta.value(u"namespace"_s).toString() : QString();
    const QString name = meta.value(u"name"_s).toString();
    const StoredObjectPtr current = entry(resource, ns, name);
    if (!current) {
        result.error = ApiError::notFound(resource, name);
        return result;
    }
    const QString rv = meta.value(u"resourceVersion"_s).toString();
    if (!rv.isEmpty() && rv != QString::number(current->resourceVersion)) {
        result.error = ApiError::conflictModified(resource, name);
        return result;
    }
    if (info && info->hasSubresource(u"status"_s) && resource != kNamespaces) {
        const QJsonObject old = current->object();
        if (old.contains(u"status"_s))
            object.insert(u"status"_s, old.value(u"status"_s));
        else
            object.remove(u"status"_s);
    }
    return modify(resource, ns, name, [&](QJsonObject &live) {
        live = object;
        return true;
    }, options);
}

StoreResult ObjectStore::updateStatus(const GroupResource &resource, const QJsonObject &object, const WriteOptions &options)
{
    StoreResult result;
    const ResourceInfo *info = m_registry.preferred(resource);
    const QJsonObject meta = object.value(u"metadata"_s).toObject();
    const QString ns = info && info->namespaced ? meta.value(u"namespace"_s).toString() : QString();
    const QString name = meta.value(u"name"_s).toString();
    const StoredObjectPtr current = entry(resource, ns, name);
    if (!current) {
        result.error = ApiError::notFound(resource, name);
        return result;
    }
    const QString rv = meta.value(u"resourceVersion"_s).toString();
    if (!rv.isEmpty() && rv != QString::number(current->resourceVersion)) {
        result.error = ApiError::conflictModified(resource, name);
        return result;
    }
    return modify(resource, ns, name, [&](QJsonObject &live) {
        if (object.contains(u"status"_s))
            live.insert(u"status"_s, object.value(u"status"_s));
        else
            live.remove(u"status"_s);
        return true;
    }, options);
}

StoreResult ObjectStore::modify(const GroupResource &resource, const QString &namespaceName, const QString &name,
                                const std::function<bool(QJsonObject &)> &mutate, const WriteOptions &options)
{
    StoreResult result;
    const StoredObjectPtr current = entry(resource, namespaceName, name);
    if (!current) {
        result.error = ApiError::notFound(resource, name);
        return result;
    }
    const QJsonObject old = current->object();
    QJsonObject object = old;
    if (!mutate(object)) {
        result.object = old;
        return result;
    }
    // Server-owned metadata survives any update.
    const QJsonObject oldMeta = old.value(u"metadata"_s).toObject();
    QJsonObject meta = object.value(u"metadata"_s).toObject();
    for (const QString &key : {u"uid"_s, u"creationTimestamp"_s, u"deletionTimestamp"_s,
                               u"deletionGracePeriodSeconds"_s, u"generation"_s, u"name"_s, u"namespace"_s}) {
        if (oldMeta.contains(key))
            meta.insert(key, oldMeta.value(key));
        else
            meta.remove(key);
    }
    if (!meta.contains(u"managedFields"_s) && oldMeta.contains(u"managedFields"_s))
        meta.insert(u"managedFields"_s, oldMeta.value(u"managedFields"_s));
    const ResourceInfo *info = m_registry.preferred(resource);
    if (info && !object.contains(u"kind"_s))
        object.insert(u"kind"_s, info->kind);
    if (info && !object.contains(u"apiVersion"_s))
        object.insert(u"apiVersion"_s, old.value(u"apiVersion"_s));
    if (info) {
        const QJsonArray causes = validateObjectMeta(meta, *info, true);
        if (!causes.isEmpty()) {
            result.error = ApiError::invalid(info->group, info->kind, name, causes);
            return result;
        }
    }
    if (meta.contains(u"generation"_s) && specChanged(object, old))
        meta.insert(u"generation"_s, meta.value(u"generation"_s).toInteger() + 1);
    meta.insert(u"resourceVersion"_s, QString::number(current->resourceVersion));
    object.insert(u"metadata"_s, meta);
    if (const auto prepare = m_prepare.constFind(resource); prepare != m_prepare.constEnd()) {
        if (ApiError e = (*prepare)(object, &old, options)) {
            result.error = e;
            return result;
        }
    }
    if (!options.fieldManager.isEmpty())
        recordUpdateManager(object, old, options.fieldManager, timestamp(now()), u"Update"_s);
    const bool finalized = meta.value(u"finalizers"_s).toArray().isEmpty()
        && (resource != kNamespaces
            || object.value(u"spec"_s).toObject().value(u"finalizers"_s).toArray().isEmpty());
    if (current->deleting && finalized) {
        if (options.dryRun) {
            result.object = object;
            result.deleted = true;
            return result;
        }
        store(resource, object, StoreEventType::Modified, current, options);
        return finishDelete(resource, entry(resource, namespaceName, name));
    }
    if (withoutVersion(object) == withoutVersion(old)) {
        result.object = old;   // no-op: no new resourceVersion, no event
        return result;
    }
    return store(resource, object, StoreEventType::Modified, current, options);
}

StoreResult ObjectStore::remove(const GroupResource &resource, const QString &namespaceName, const QString &name,
                                const DeleteOptions &options)
{
    StoreResult result;
    const ResourceInfo *info = m_registry.preferred(resource);
    const QString ns = info && info->namespaced ? namespaceName : QString();
    const StoredObjectPtr current = entry(resource, ns, name);
    if (!current) {
        result.error = ApiError::notFound(resource, name);
        return result;
    }
    if (!options.preconditionUid.isEmpty() && options.preconditionUid != current->uid) {
        result.error = ApiError::conflict(resource, name,
            u"Precondition failed: UID in precondition: %1, UID in object meta: %2"_s.arg(options.preconditionUid, current->uid));
        return result;
    }
    const QString currentRv = QString::number(current->resourceVersion);
    if (!options.preconditionResourceVersion.isEmpty() && options.preconditionResourceVersion != currentRv) {
        result.error = ApiError::conflict(resource, name,
            u"Precondition failed: ResourceVersion in precondition: %1, ResourceVersion in object meta: %2"_s.arg(options.preconditionResourceVersion, currentRv));
        return result;
    }
    QJsonObject object = current->object();
    QJsonObject meta = object.value(u"metadata"_s).toObject();
    const WriteOptions writeOptions{options.dryRun, QString(), true};
    if (resource == kNamespaces) {
        if (name == u"default"_s || name == u"kube-system"_s || name == u"kube-public"_s) {
            result.error = ApiError::forbidden(u"namespaces \"%1\" is forbidden: this namespace may not be deleted"_s.arg(name),
                                               resource, name);
            return result;
        }
        if (current->deleting) {
            result.object = object;
            return result;
        }
        meta.insert(u"deletionTimestamp"_s, timestamp(now()));
        object.insert(u"metadata"_s, meta);
        QJsonObject status = object.value(u"status"_s).toObject();
        status.insert(u"phase"_s, u"Terminating"_s);
        object.insert(u"status"_s, status);
        return store(resource, object, StoreEventType::Modified, current, writeOptions);
    }
    QJsonArray finalizers = meta.value(u"finalizers"_s).toArray();
    const bool hasDependents = m_dependents.contains(current->uid);
    if (hasDependents && options.propagation == DeleteOptions::Propagation::Foreground
        && !finalizers.contains(u"foregroundDeletion"_s))
        finalizers.append(u"foregroundDeletion"_s);
    if (hasDependents && options.propagation == DeleteOptions::Propagation::Orphan && !finalizers.contains(u"orphan"_s))
        finalizers.append(u"orphan"_s);
    if (finalizers.isEmpty()) {
        if (options.dryRun) {
            result.object = object;
            result.deleted = true;
            return result;
        }
        return finishDelete(resource, current);
    }
    if (current->deleting && finalizers == meta.value(u"finalizers"_s).toArray()) {
        result.object = object;
        return result;
    }
    meta.insert(u"finalizers"_s, finalizers);
    if (!meta.contains(u"deletionTimestamp"_s)) {
        meta.insert(u"deletionTimestamp"_s, timestamp(now()));
        meta.insert(u"deletionGracePeriodSeconds"_s, 0);
    }
    object.insert(u"metadata"_s, meta);
    return store(resource, object, StoreEventType::Modified, current, writeOptions);
}

StoreResult ObjectStore::finishDelete(const GroupResource &resource, const StoredObjectPtr &current)
{
    StoreResult result;
    Table *t = table(resource, false);
    if (!t || !current)
        return result;
    auto nsIt = t->byNamespace.find(current->namespaceName);
    nsIt->remove(current->name);
    if (nsIt->isEmpty())
        t->byNamespace.erase(nsIt);
    --t->size;
    auto &contents = m_namespaceContents[current->namespaceName];
    if (--contents[resource] == 0)
        contents.remove(resource);
    if (contents.isEmpty())
        m_namespaceContents.remove(current->namespaceName);
    m_byUid.remove(current->uid);
    for (const QString &owner : current->ownerUids)
        m_dependents.remove(owner, current->uid);

    const qint64 rv = ++m_resourceVersion;
    QJsonObject object = current->object();
    QJsonObject meta = object.value(u"metadata"_s).toObject();
    meta.insert(u"resourceVersion"_s, QString::number(rv));
    object.insert(u"metadata"_s, meta);
    const StoredObjectPtr last = makeEntry(object);
    if (resource == kCrds) {
        const QJsonObject spec = object.value(u"spec"_s).toObject();
        const GroupResource custom{spec.value(u"group"_s).toString(),
                                   spec.value(u"names"_s).toObject().value(u"plural"_s).toString()};
        for (const StoredObjectPtr &cr : entries(custom))
            finishDelete(custom, cr);
        m_registry.removeCustomResourceDefinition(current->name);
    }
    result.object = object;
    result.deleted = true;
    record(StoreEvent{StoreEventType::Deleted, resource, rv, last, current});
    return result;
}

std::optional<QJsonObject> ObjectStore::get(const GroupResource &resource, const QString &namespaceName,
                                            const QString &name) const
{
    const StoredObjectPtr e = entry(resource, namespaceName, name);
    if (!e)
        return std::nullopt;
    return e->object();
}

StoredObjectPtr ObjectStore::entry(const GroupResource &resource, const QString &namespaceName, const QString &name) const
{
    const Table *t = table(resource);
    if (!t)
        return nullptr;
    const auto nsIt = t->byNamespace.constFind(namespaceName);
    if (nsIt == t->byNamespace.constEnd())
        return nullptr;
    return nsIt->value(name);
}

QList<QJsonObject> ObjectStore::list(const GroupResource &resource, const QString &namespaceName) const
{
    QList<QJsonObject> result;
    for (const StoredObjectPtr &e : entries(resource, namespaceName))
        result.append(e->object());
    return result;
}

QList<StoredObjectPtr> ObjectStore::entries(const GroupResource &resource, const QString &namespaceName) const
{
    QList<StoredObjectPtr> result;
    const Table *t = table(resource);
    if (!t)
        return result;
    if (!namespaceName.isEmpty()) {
        const auto nsIt = t->byNamespace.constFind(namespaceName);
        if (nsIt != t->byNamespace.constEnd())
            result = nsIt->values();
        return result;
    }
    result.reserve(t->size);
    for (const auto &names : t->byNamespace)
        for (const StoredObjectPtr &e : names)
            result.append(e);
    return result;
}

qsizetype ObjectStore::count(const GroupResource &resource, const QString &namespaceName) const
{
    const Table *t = table(resource);
    if (!t)
        return 0;
    if (namespaceName.isEmpty())
        return t->size;
    return t->byNamespace.value(namespaceName).size();
}

QList<GroupResource> ObjectStore::resourcesIn(const QString &namespaceName) const
{
    return m_namespaceContents.value(namespaceName).keys();
}

QList<std::pair<GroupResource, StoredObjectPtr>> ObjectStore::dependentsOf(const QString &ownerUid) const
{
    QList<std::pair<GroupResource, StoredObjectPtr>> result;
    for (auto it = m_dependents.constFind(ownerUid); it != m_dependents.constEnd() && it.key() == ownerUid; ++it) {
        const auto found = m_byUid.constFind(it.value());
        if (found != m_byUid.constEnd())
            result.append(*found);
    }
    return result;
}

std::optional<std::pair<GroupResource, StoredObjectPtr>> ObjectStore::findByUid(const QString &uid) const
{
    const auto found = m_byUid.constFind(uid);
    if (found == m_byUid.constEnd())
        return std::nullopt;
    return *found;
}

std::optional<QList<StoreEvent>> ObjectStore::eventsSince(qint64 resourceVersion, const GroupResource &resource) const
{
    if (resourceVersion < m_compactedVersion)
        return std::nullopt;
    QList<StoreEvent> result;
    auto it = std::upper_bound(m_history.begin(), m_history.end(), resourceVersion,
                               [](qint64 rv, const StoreEvent &e) { return rv < e.resourceVersion; });
    for (; it != m_history.end(); ++it)
        if (resource.isEmpty() || it->resource == resource)
            result.append(*it);
    return result;
}

void ObjectStore::compactHistory()
{
    m_history.clear();
    m_compactedVersion = m_resourceVersion;
}

void ObjectStore::setHistoryCapacity(qsizetype events)
{
    m_historyCapacity = std::max<qsizetype>(1, events);
    while (qsizetype(m_history.size()) > m_historyCapacity) {
        m_compactedVersion = m_history.front().resourceVersion;
        m_history.pop_front();
    }
}

qint64 ObjectStore::oldestResumableVersion() const { return m_compactedVersion; }

} // namespace pd::sandbox
