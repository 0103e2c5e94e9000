#pragma once

#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

namespace pd::sandbox {

class ObjectStore;
struct StoreEvent;

// kube-controller-manager's garbage collector over the store: when an owner goes,
// dependents whose every owner is gone are deleted (background) and the others lose
// the ownerReference; an owner held by the foregroundDeletion finalizer waits until
// its dependents are gone; the orphan finalizer strips the ownerReferences of its
// dependents. Works asynchronously (a zero timer), in batches.
class GarbageCollector final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GarbageCollector)
public:
    explicit GarbageCollector(ObjectStore *store, QObject *parent = nullptr);

    // Runs pending work now (tests, shutdown).
    void processPending();
    bool hasPending() const { return !m_goneOwners.isEmpty() || !m_finalizing.isEmpty(); }

private:
    void onChanged(const StoreEvent &event);
    void collectDependents(const QString &ownerUid);
    void finalize(const QString &ownerUid);

    ObjectStore *m_store;
    QSet<QString> m_goneOwners;     // uids deleted whose dependents need attention
    QSet<QString> m_finalizing;     // uids with foregroundDeletion/orphan pending
    QTimer m_timer;
};

} // namespace pd::sandbox
