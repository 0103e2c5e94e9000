#pragma once

#include "environmentbuilder.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>

namespace pd::core {

// The kinds an environment is built from.
enum class EnvironmentSourceKind { Namespace, Deployment, StatefulSet, Ingress, ResourceQuota };

// What the watcher knows of the cluster, per kind and namespace, plus which
// namespaces changed since the last flush. Pure bookkeeping: no network, no timers.
// Objects are kept as projectForEnvironment() leaves them: what the builder reads.
class EnvironmentCache final
{
public:
    // An ADDED/MODIFIED (deleted=false) or DELETED event for one object.
    void apply(EnvironmentSourceKind kind, const QJsonObject &object, bool deleted);
    // The complete list of one kind after a (re)list: replaces what is held and marks
    // the namespaces whose objects differ.
    void replaceAll(EnvironmentSourceKind kind, const QList<QJsonObject> &objects);
    // The complete list of one kind in one namespace (a namespace-scoped list): replaces
    // only that namespace's objects of the kind. Objects of other namespaces are ignored.
    void replaceNamespace(EnvironmentSourceKind kind, const QString &namespaceName, const QList<QJsonObject> &objects);
    void clear();

    // Namespaces touched since the last call, sorted.
    QStringList takeDirty();
    bool hasDirty() const { return !m_dirty.isEmpty(); }
    // Namespaces touched since the last takeDirty(), unsorted, without clearing them.
    QStringList dirty() const { return QStringList(m_dirty.cbegin(), m_dirty.cend()); }

    bool hasNamespace(const QString &name) const;
    QStringList namespaceNames() const;
    EnvironmentInputs inputs(const QString &namespaceName) const;
    // The Namespace object alone (empty when unknown).
    QJsonObject namespaceObject(const QString &namespaceName) const;

private:
    using ByName = QMap<QString, QJsonObject>;       // object name -> object
    using ByNamespace = QHash<QString, ByName>;      // namespace -> objects
    ByNamespace &store(EnvironmentSourceKind kind);
    const ByNamespace &store(EnvironmentSourceKind kind) const;

    QHash<int, ByNamespace> m_objects;               // int(kind) -> objects
    QSet<QString> m_dirty;
};

} // namespace pd::core
