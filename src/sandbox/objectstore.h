#pragma once

#include "apierror.h"
#include "resourceregistry.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace pd::sandbox {

// One stored object: compact JSON (what lists stream verbatim) plus the few fields
// the store indexes. Immutable once stored; shared by snapshots and events.
struct StoredObject
{
    QByteArray json;            // compact JSON of the whole object
    QString namespaceName;      // "" for cluster-scoped
    QString name;
    QString uid;
    qint64 resourceVersion = 0;
    QJsonObject labels;         // metadata.labels (for selectors without parsing json)
    QStringList ownerUids;      // metadata.ownerReferences[].uid
    bool deleting = false;      // metadata.deletionTimestamp set

    QJsonObject object() const; // parses json
};
using StoredObjectPtr = std::shared_ptr<const StoredObject>;

enum class StoreEventType { Added, Modified, Deleted };

// One change, in resourceVersion order. `object` is the new state (for Deleted: the
// last state, carrying the deletion's resourceVersion); `previous` the state before
// (null for Added).
struct StoreEvent
{
    StoreEventType type = StoreEventType::Added;
    GroupResource resource;
    qint64 resourceVersion = 0;
    StoredObjectPtr object;
    StoredObjectPtr previous;
};

struct WriteOptions
{
    bool dryRun = false;          // validate and answer, persist nothing, emit nothing
    QString fieldManager;         // recorded in managedFields (operation Update) when set
    bool skipAdmission = false;   // imports and the store's own bookkeeping
};

struct DeleteOptions
{
    enum class Propagation { Default, Background, Foreground, Orphan };
    Propagation propagation = Propagation::Default;   // Default: Background (Orphan for none)
    QString preconditionUid;
    QString preconditionResourceVersion;
    bool dryRun = false;
};

// The outcome of a write: the object as stored (or as it would be, for dryRun),
// or an error. `deleted` tells a DELETE that removed the object at once from one
// that only set deletionTimestamp (finalizers pending).
struct StoreResult
{
    QJsonObject object;
    ApiError error;
    bool deleted = false;

    bool ok() const { return !error.isError(); }
};

// Create-time admission (LimitRange defaulting, ResourceQuota): may edit `object`;
// returns an error (usually 403 Forbidden) to refuse it. With dryRun it must not
// persist anything (quota usage).
using AdmissionHook = std::function<ApiError(const GroupResource &resource, QJsonObject &object, bool dryRun)>;

// A resource's own registry logic (kube-apiserver's PrepareForCreate/Update plus its
// allocators: Service cluster IPs and node ports): runs on every create (`old` null)
// and update of that resource, imports and internal writes included, before
// admission. May fill in `object`; an error refuses the write.
using PrepareHook = std::function<ApiError(QJsonObject &object, const QJsonObject *old, const WriteOptions &options)>;

// The sandbox's etcd plus the generic registry: one cluster-wide resourceVersion
// counter; objects indexed by resource -> namespace -> name (lists come out sorted
// by namespace then name); metadata filled on create (uid, creationTimestamp,
// resourceVersion, generation, generateName); optimistic concurrency on update;
// finalizers and deletionTimestamp on delete; namespace existence/termination checks;
// an event history for watch resumption. Synchronous; every change emits changed().
class ObjectStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ObjectStore)
public:
    // A fresh store holds the namespaces default, kube-system, kube-public and
    // kube-node-lease and the bootstrap RBAC (bootstrappolicy.h). Nothing per namespace
    // (default ServiceAccount, kube-root-ca.crt): that is the controllers' work.
    explicit ObjectStore(QObject *parent = nullptr);
    ~ObjectStore() override;

    ResourceRegistry *registry() { return &m_registry; }
    const ResourceRegistry *registry() const { return &m_registry; }

    // --- writes --------------------------------------------------------------------
    // The namespace comes from object.metadata.namespace (required for namespaced kinds).
    // Errors: 404 namespace missing, 403 namespace terminating, 409 AlreadyExists,
    // 422 Invalid (name), 400 (kind/apiVersion mismatch), admission errors.
    StoreResult create(const GroupResource &resource, QJsonObject object, const WriteOptions &options = {});
    // Replaces the object. A non-empty metadata.resourceVersion must match (409 Conflict
    // otherwise); empty = unconditional. For kinds with a status subresource the
    // object's status is ignored (the stored status is kept) - use updateStatus().
    // generation is bumped when anything but metadata/status changed.
    StoreResult update(const GroupResource &resource, QJsonObject object, const WriteOptions &options = {});
    // Replaces only .status (the rest of `object` is ignored), as PUT .../status does.
    StoreResult updateStatus(const GroupResource &resource, const QJsonObject &object, const WriteOptions &options = {});
    // Read-modify-write without conflicts (guaranteed update): `mutate` edits the current
    // object (return false to skip the write). Status changes are kept (controllers' path).
    StoreResult modify(const GroupResource &resource, const QString &namespaceName, const QString &name,
                       const std::function<bool(QJsonObject &object)> &mutate, const WriteOptions &options = {});
    // DELETE: with finalizers (or Foreground/Orphan propagation) sets deletionTimestamp
    // and keeps the object until its finalizers are gone (an update that empties
    // metadata.finalizers removes it); namespaces turn Terminating and go once
    // spec.finalizers and metadata.finalizers are both empty.
    // Otherwise removes it (dependents are then collected by the GarbageCollector).
    StoreResult remove(const GroupResource &resource, const QString &namespaceName, const QString &name,
                       const DeleteOptions &options = {});

    // --- reads ---------------------------------------------------------------------
    std::optional<QJsonObject> get(const GroupResource &resource, const QString &namespaceName, const QString &name) const;
    StoredObjectPtr entry(const GroupResource &resource, const QString &namespaceName, const QString &name) const;
    // Sorted by namespace then name; namespaceName "" = all namespaces.
    QList<QJsonObject> list(const GroupResource &resource, const QString &namespaceName = {}) const;
    QList<StoredObjectPtr> entries(const GroupResource &resource, const QString &namespaceName = {}) const;
    qsizetype count(const GroupResource &resource, const QString &namespaceName = {}) const;
    // The resources that have at least one object in this namespace.
    QList<GroupResource> resourcesIn(const QString &namespaceName) const;
    // Objects whose ownerReferences name this uid.
    QList<std::pair<GroupResource, StoredObjectPtr>> dependentsOf(const QString &ownerUid) const;
    // The object with this uid, if any.
    std::optional<std::pair<GroupResource, StoredObjectPtr>> findByUid(const QString &uid) const;

    // --- versions and history -------------------------------------------------------
    qint64 resourceVersion() const { return m_resourceVersion; }
    // Events after `resourceVersion` for one resource (all resources when empty), in
    // order; nullopt when that version is older than the retained history (410 Expired).
    std::optional<QList<StoreEvent>> eventsSince(qint64 resourceVersion, const GroupResource &resource = {}) const;
    // Forget all history: any resourceVersion older than the current one answers 410.
    void compactHistory();
    void setHistoryCapacity(qsizetype events);
    // The oldest resourceVersion a watch may still start from.
    qint64 oldestResumableVersion() const;

    // --- hooks ------------------------------------------------------------------------
    void setAdmissionHook(AdmissionHook hook) { m_admission = std::move(hook); }
    // One per resource; an empty hook removes it.
    void setPrepareHook(const GroupResource &resource, PrepareHook hook);
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    std::function<QDateTime()> clock() const { return m_clock; }
    QDateTime now() const;

    // RFC 3339 seconds, UTC ("2026-11-26T08:46:22Z").
    static QString timestamp(const QDateTime &time);

Q_SIGNALS:
    // Emitted synchronously after every persisted change, in resourceVersion order.
    void changed(const pd::sandbox::StoreEvent &event);

private:
    struct Table;
    Table *table(const GroupResource &resource, bool create);
    const Table *table(const GroupResource &resource) const;
    StoreResult store(const GroupResource &resource, const QJsonObject &object, StoreEventType type,
                      const StoredObjectPtr &previous, const WriteOptions &options);
    StoreResult finishDelete(const GroupResource &resource, const StoredObjectPtr &current);
    void record(StoreEvent event);
    ApiError checkNamespace(const GroupResource &resource, const QString &namespaceName) const;
    void bootstrap();

    ResourceRegistry m_registry;
    QHash<GroupResource, Table *> m_tables;
    QHash<QString, std::pair<GroupResource, StoredObjectPtr>> m_byUid;
    QMultiHash<QString, QString> m_dependents;   // owner uid -> dependent uid
    QMap<QString, QHash<GroupResource, qsizetype>> m_namespaceContents;
    qint64 m_resourceVersion = 0;
    std::deque<StoreEvent> m_history;
    qsizetype m_historyCapacity = 200000;
    qint64 m_compactedVersion = 0;               // versions <= this are gone
    AdmissionHook m_admission;
    QHash<GroupResource, PrepareHook> m_prepare;
    std::function<QDateTime()> m_clock;
};

} // namespace pd::sandbox
