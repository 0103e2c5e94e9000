#include "controllerbase.h"

#include "sandbox/objectstore.h"

namespace pd::sandbox::controllers {

ControllerBase::ControllerBase(ObjectStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &ControllerBase::processPending);
}

void ControllerBase::start(const QList<GroupResource> &resources)
{
    connect(m_store, &ObjectStore::changed, this, [this](const StoreEvent &event) { onEvent(event); });
    m_resources = resources;
    resync();
}

void ControllerBase::resync()
{
    for (const GroupResource &r : std::as_const(m_resources)) {
        for (const StoredObjectPtr &e : m_store->entries(r))
            enqueue(r, e->namespaceName, e->name);
    }
}

void ControllerBase::enqueue(const GroupResource &resource, const QString &namespaceName, const QString &name)
{
    const QString id = resource.toString() + u'/' + namespaceName + u'/' + name;
    if (m_queued.contains(id))
        return;
    m_queued.insert(id);
    m_queue.append(Key{resource, namespaceName, name});
    if (!m_timer.isActive())
        m_timer.start();
}

void ControllerBase::processPending()
{
    // Bounded rounds: reconciling may enqueue more work (owners after dependents).
    for (int round = 0; round < 16 && !m_queue.isEmpty(); ++round) {
        const QList<Key> batch = std::exchange(m_queue, {});
        m_queued.clear();
        for (const Key &key : batch)
            reconcile(key);
    }
    if (!m_queue.isEmpty() && !m_timer.isActive())
        m_timer.start();
}

} // namespace pd::sandbox::controllers
