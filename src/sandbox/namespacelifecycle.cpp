#include "namespacelifecycle.h"

#include "objectstore.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {
const GroupResource kNamespaces{QString(), u"namespaces"_s};
}

NamespaceLifecycle::NamespaceLifecycle(ObjectStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &NamespaceLifecycle::processPending);
    connect(store, &ObjectStore::changed, this, &NamespaceLifecycle::onChanged);
}

void NamespaceLifecycle::onChanged(const StoreEvent &event)
{
    if (event.resource == kNamespaces) {
        if (event.type != StoreEventType::Deleted && event.object->deleting)
            m_terminating.insert(event.object->name);
    } else if (event.type == StoreEventType::Deleted && m_terminating.contains(event.object->namespaceName)) {
        // Content went: maybe the namespace can go now.
    } else {
        return;
    }
    if (!m_terminating.isEmpty() && !m_timer.isActive())
        m_timer.start();
}

void NamespaceLifecycle::processPending()
{
    const QSet<QString> pending = m_terminating;
    for (const QString &ns : pending)
        if (drain(ns))
            m_terminating.remove(ns);
    // Dependents still going (finalizers, GC): look again soon.
    if (!m_terminating.isEmpty() && !m_timer.isActive())
        m_timer.start(50);
}

bool NamespaceLifecycle::drain(const QString &ns)
{
    const StoredObjectPtr nsEntry = m_store->entry(kNamespaces, QString(), ns);
    if (!nsEntry)
        return true;
    if (!nsEntry->deleting)
        return true;
    for (const GroupResource &resource : m_store->resourcesIn(ns)) {
        for (const StoredObjectPtr &e : m_store->entries(resource, ns)) {
            if (e->deleting) {
                // Finalizers of controllers the sandbox does not run would never go.
                m_store->modify(resource, ns, e->name, [](QJsonObject &o) {
                    QJsonObject meta = o.value(u"metadata"_s).toObject();
                    QJsonArray kept;
                    for (const auto &f : meta.value(u"finalizers"_s).toArray())
                        if (!f.toString().startsWith(u"kubernetes.io/"_s))
                            kept.append(f);
                    if (kept.size() == meta.value(u"finalizers"_s).toArray().size())
                        return false;
                    meta.insert(u"finalizers"_s, kept);
                    o.insert(u"metadata"_s, meta);
                    return true;
                });
                continue;
            }
            m_store->remove(resource, ns, e->name, DeleteOptions{DeleteOptions::Propagation::Background, {}, {}, false});
        }
    }
    if (!m_store->resourcesIn(ns).isEmpty())
        return false;
    m_store->modify(kNamespaces, QString(), ns, [](QJsonObject &o) {
        QJsonObject spec = o.value(u"spec"_s).toObject();
        spec.insert(u"finalizers"_s, QJsonArray{});
        o.insert(u"spec"_s, spec);
        QJsonObject meta = o.value(u"metadata"_s).toObject();
        meta.remove(u"finalizers"_s);
        o.insert(u"metadata"_s, meta);
        return true;
    });
    return !m_store->entry(kNamespaces, QString(), ns);
}

} // namespace pd::sandbox
