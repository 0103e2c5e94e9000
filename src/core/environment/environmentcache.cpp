#include "environmentcache.h"

#include "environmentprojection.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

QString objectName(const QJsonObject &object)
{
    return object.value(u"metadata"_s)[u"name"_s].toString();
}

// Namespaces are filed under their own name, so one lookup finds everything.
QString homeNamespace(EnvironmentSourceKind kind, const QJsonObject &object)
{
    if (kind == EnvironmentSourceKind::Namespace)
        return objectName(object);
    return object.value(u"metadata"_s)[u"namespace"_s].toString();
}

QList<QJsonObject> values(const QMap<QString, QJsonObject> &map)
{
    return QList<QJsonObject>(map.cbegin(), map.cend());
}

} // namespace

EnvironmentCache::ByNamespace &EnvironmentCache::store(EnvironmentSourceKind kind)
{
    return m_objects[int(kind)];
}

const EnvironmentCache::ByNamespace &EnvironmentCache::store(EnvironmentSourceKind kind) const
{
    static const ByNamespace empty;
    const auto it = m_objects.constFind(int(kind));
    return it == m_objects.constEnd() ? empty : *it;
}

void EnvironmentCache::apply(EnvironmentSourceKind kind, const QJsonObject &object, bool deleted)
{
    const QString ns = homeNamespace(kind, object);
    const QString name = objectName(object);
    if (ns.isEmpty() || name.isEmpty())
        return;
    ByNamespace &objects = store(kind);
    if (deleted) {
        auto it = objects.find(ns);
        if (it != objects.end()) {
            it->remove(name);
            if (it->isEmpty())
                objects.erase(it);
        }
    } else {
        objects[ns].insert(name, projectForEnvironment(kind, object));
    }
    m_dirty.insert(ns);
}

void EnvironmentCache::replaceAll(EnvironmentSourceKind kind, const QList<QJsonObject> &objects)
{
    ByNamespace fresh;
    for (const QJsonObject &object : objects) {
        const QString ns = homeNamespace(kind, object);
        const QString name = objectName(object);
        if (!ns.isEmpty() && !name.isEmpty())
            fresh[ns].insert(name, projectForEnvironment(kind, object));
    }
    ByNamespace &held = store(kind);
    for (auto it = held.cbegin(); it != held.cend(); ++it) {
        if (fresh.value(it.key()) != it.value())
            m_dirty.insert(it.key());
    }
    for (auto it = fresh.cbegin(); it != fresh.cend(); ++it) {
        if (!held.contains(it.key()))
            m_dirty.insert(it.key());
    }
    held = std::move(fresh);
}

void EnvironmentCache::replaceNamespace(EnvironmentSourceKind kind, const QString &namespaceName,
                                        const QList<QJsonObject> &objects)
{
    if (namespaceName.isEmpty())
        return;
    ByName fresh;
    for (const QJsonObject &object : objects) {
        const QString name = objectName(object);
        if (!name.isEmpty() && homeNamespace(kind, object) == namespaceName)
            fresh.insert(name, projectForEnvironment(kind, object));
    }
    ByNamespace &held = store(kind);
    const auto it = held.find(namespaceName);
    if (it == held.end()) {
        if (fresh.isEmpty())
            return;
        held.insert(namespaceName, std::move(fresh));
    } else if (*it != fresh) {
        if (fresh.isEmpty())
            held.erase(it);
        else
            *it = std::move(fresh);
    } else {
        return;
    }
    m_dirty.insert(namespaceName);
}

void EnvironmentCache::clear()
{
    for (const QString &ns : namespaceNames())
        m_dirty.insert(ns);
    m_objects.clear();
}

QStringList EnvironmentCache::takeDirty()
{
    QStringList dirty(m_dirty.cbegin(), m_dirty.cend());
    m_dirty.clear();
    std::sort(dirty.begin(), dirty.end());
    return dirty;
}

bool EnvironmentCache::hasNamespace(const QString &name) const
{
    return store(EnvironmentSourceKind::Namespace).contains(name);
}

QStringList EnvironmentCache::namespaceNames() const
{
    const ByNamespace &namespaces = store(EnvironmentSourceKind::Namespace);
    QStringList names = namespaces.keys();
    std::sort(names.begin(), names.end());
    return names;
}

QJsonObject EnvironmentCache::namespaceObject(const QString &namespaceName) const
{
    const ByNamespace &namespaces = store(EnvironmentSourceKind::Namespace);
    const auto it = namespaces.constFind(namespaceName);
    return it == namespaces.constEnd() ? QJsonObject() : it->value(namespaceName);
}

EnvironmentInputs EnvironmentCache::inputs(const QString &namespaceName) const
{
    EnvironmentInputs inputs;
    inputs.namespaceObject = store(EnvironmentSourceKind::Namespace).value(namespaceName).value(namespaceName);
    inputs.deployments = values(store(EnvironmentSourceKind::Deployment).value(namespaceName));
    inputs.statefulSets = values(store(EnvironmentSourceKind::StatefulSet).value(namespaceName));
    inputs.ingresses = values(store(EnvironmentSourceKind::Ingress).value(namespaceName));
    inputs.resourceQuotas = values(store(EnvironmentSourceKind::ResourceQuota).value(namespaceName));
    return inputs;
}

} // namespace pd::core
