#pragma once

#include "sandbox/groupresource.h"

#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

namespace pd::sandbox {
class ObjectStore;
struct StoreEvent;
}

namespace pd::sandbox::controllers {

// A work queue over store events, as client-go's controllers have: events only
// enqueue keys; reconcile() runs later (zero timer), never inside the store's
// synchronous changed() signal, and sees the latest state of the object.
class ControllerBase : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControllerBase)
public:
    struct Key
    {
        GroupResource resource;
        QString namespaceName;
        QString name;
        friend bool operator==(const Key &, const Key &) = default;
    };

    explicit ControllerBase(ObjectStore *store, QObject *parent = nullptr);

    // Enqueues every existing object of `resources` and follows the store.
    void start(const QList<GroupResource> &resources);
    // Enqueues every object of the started resources again, as an informer's resync
    // does (time-based rules, such as a Deployment's progress deadline, are re-checked
    // against the store's clock).
    void resync();
    // Runs all queued work now (tests).
    void processPending();
    bool hasPending() const { return !m_queue.isEmpty(); }

protected:
    void enqueue(const GroupResource &resource, const QString &namespaceName, const QString &name);
    virtual void onEvent(const StoreEvent &event) = 0;
    virtual void reconcile(const Key &key) = 0;

    ObjectStore *m_store;

private:
    QList<GroupResource> m_resources;
    QList<Key> m_queue;
    QSet<QString> m_queued;
    QTimer m_timer;
};

inline size_t qHash(const ControllerBase::Key &k, size_t seed = 0)
{
    return qHashMulti(seed, k.resource, k.namespaceName, k.name);
}

} // namespace pd::sandbox::controllers
