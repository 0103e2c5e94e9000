#include "garbagecollector.h"

#include "objectstore.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {
bool hasFinalizer(const QJsonObject &object, const QString &finalizer)
{
    return object.value(u"metadata"_s).toObject().value(u"finalizers"_s).toArray().contains(finalizer);
}
} // namespace

GarbageCollector::GarbageCollector(ObjectStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &GarbageCollector::processPending);
    connect(store, &ObjectStore::changed, this, &GarbageCollector::onChanged);
}

void GarbageCollector::onChanged(const StoreEvent &event)
{
    if (event.type == StoreEventType::Deleted) {
        m_goneOwners.insert(event.object->uid);
        // A dependent went: its owners in foreground deletion may now finish.
        for (const QString &owner : event.object->ownerUids)
            if (m_finalizing.contains(owner) || m_store->findByUid(owner))
                m_finalizing.insert(owner);
    } else if (event.object->deleting) {
        m_finalizing.insert(event.object->uid);
    }
    if (hasPending() && !m_timer.isActive())
        m_timer.start();
}

void GarbageCollector::processPending()
{
    // Bounded batches keep the event loop responsive while a big tree goes.
    int budget = 2000;
    while (budget-- > 0 && hasPending()) {
        if (!m_goneOwners.isEmpty()) {
            const QString uid = *m_goneOwners.cbegin();
            m_goneOwners.remove(uid);
            collectDependents(uid);
            continue;
        }
        const QString uid = *m_finalizing.cbegin();
        m_finalizing.remove(uid);
        finalize(uid);
    }
    if (hasPending())
        m_timer.start();
}

void GarbageCollector::collectDependents(const QString &ownerUid)
{
    for (const auto &[resource, dependent] : m_store->dependentsOf(ownerUid)) {
        bool otherOwnerAlive = false;
        for (const QString &owner : dependent->ownerUids)
            if (owner != ownerUid && m_store->findByUid(owner))
                otherOwnerAlive = true;
        if (otherOwnerAlive) {
            m_store->modify(resource, dependent->namespaceName, dependent->name, [&](QJsonObject &o) {
                QJsonObject meta = o.value(u"metadata"_s).toObject();
                QJsonArray refs;
                for (const auto &ref : meta.value(u"ownerReferences"_s).toArray())
                    if (ref.toObject().value(u"uid"_s).toString() != ownerUid)
                        refs.append(ref);
                meta.insert(u"ownerReferences"_s, refs);
                o.insert(u"metadata"_s, meta);
                return true;
            });
        } else if (!dependent->deleting) {
            m_store->remove(resource, dependent->namespaceName, dependent->name,
                            DeleteOptions{DeleteOptions::Propagation::Background, {}, {}, false});
        }
    }
}

void GarbageCollector::finalize(const QString &ownerUid)
{
    const auto found = m_store->findByUid(ownerUid);
    if (!found)
        return;
    const auto &[resource, owner] = *found;
    if (!owner->deleting)
        return;
    const QJsonObject object = owner->object();
    const auto dependents = m_store->dependentsOf(ownerUid);
    auto dropFinalizer = [&](const QString &finalizer) {
        m_store->modify(resource, owner->namespaceName, owner->name, [&](QJsonObject &o) {
            QJsonObject meta = o.value(u"metadata"_s).toObject();
            QJsonArray kept;
            for (const auto &f : meta.value(u"finalizers"_s).toArray())
                if (f.toString() != finalizer)
                    kept.append(f);
            meta.insert(u"finalizers"_s, kept);
            o.insert(u"metadata"_s, meta);
            return true;
        });
    };
    if (hasFinalizer(object, u"orphan"_s)) {
        for (const auto &[depResource, dependent] : dependents) {
            m_store->modify(depResource, dependent->namespaceName, dependent->name, [&](QJsonObject &o) {
                QJsonObject meta = o.value(u"metadata"_s).toObject();
                QJsonArray refs;
                for (const auto &ref : meta.value(u"ownerReferences"_s).toArray())
                    if (ref.toObject().value(u"uid"_s).toString() != ownerUid)
                        refs.append(ref);
                if (refs.isEmpty())
                    meta.remove(u"ownerReferences"_s);
                else
                    meta.insert(u"ownerReferences"_s, refs);
                o.insert(u"metadata"_s, meta);
                return true;
            });
        }
        dropFinalizer(u"orphan"_s);
        return;
    }
    if (hasFinalizer(object, u"foregroundDeletion"_s)) {
        if (dependents.isEmpty()) {
            dropFinalizer(u"foregroundDeletion"_s);
            return;
        }
        for (const auto &[depResource, dependent] : dependents)
            if (!dependent->deleting)
                m_store->remove(depResource, dependent->namespaceName, dependent->name,
                                DeleteOptions{DeleteOptions::Propagation::Foreground, {}, {}, false});
    }
}

} // namespace pd::sandbox
