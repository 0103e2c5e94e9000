#include "permissioncache.h"

#include "kube/bindto.h"
#include "kube/apiclient.h"

#include <QPromise>

using namespace Qt::StringLiterals;
using pd::kube::AccessDecision;
using pd::kube::ResourceAttributes;

namespace pd::core {

namespace {

ResourceAttributes attributes(const QString &verb, const QString &group, const QString &resource,
                              const QString &subresource, const QString &ns, const QString &name = {})
{
    ResourceAttributes a;
    a.verb = verb;
    a.group = group;
    a.resource = resource;
    a.subresource = subresource;
    a.namespaceName = ns;
    a.name = name;
    return a;
}

} // namespace

PermissionCache::PermissionCache(pd::kube::ApiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

PermissionCache *PermissionCache::createForClient(pd::kube::ApiClient *client, QObject *fallbackParent)
{
    return new PermissionCache(client, client ? static_cast<QObject *>(client) : fallbackParent);
}

PermissionCache::~PermissionCache() = default;

QList<ResourceAttributes> PermissionCache::requirements(EnvironmentAction action, const QString &ns)
{
    switch (action) {
    case EnvironmentAction::ExtendExpiry:
        return {attributes(u"patch"_s, {}, u"namespaces"_s, {}, {}, ns)};
    case EnvironmentAction::ScaleDown:
    case EnvironmentAction::ScaleUp:
        // The annotation goes on the workload, the replicas through the scale subresource.
        return {attributes(u"patch"_s, u"apps"_s, u"deployments"_s, {}, ns),
                attributes(u"patch"_s, u"apps"_s, u"deployments"_s, u"scale"_s, ns)};
    case EnvironmentAction::Destroy:
        return {attributes(u"delete"_s, {}, u"namespaces"_s, {}, {}, ns)};
    case EnvironmentAction::Clone:
        return {attributes(u"create"_s, {}, u"namespaces"_s, {}, {})};
    }
    return {};
}

QString PermissionCache::describe(const ResourceAttributes &a)
{
    QString text = a.verb + u' ' + a.resource;
    if (!a.subresource.isEmpty())
        text += u'/' + a.subresource;
    if (!a.namespaceName.isEmpty())
        text += u" in "_s + a.namespaceName;
    return text;
}

QString PermissionCache::keyOf(const ResourceAttributes &a)
{
    return QStringList{a.verb, a.group, a.resource, a.subresource, a.namespaceName, a.name}.join(u'\x1f');
}

std::optional<bool> PermissionCache::cached(const ResourceAttributes &a) const
{
    const auto it = m_answers.constFind(keyOf(a));
    if (it == m_answers.constEnd())
        return std::nullopt;
    return *it;
}

QFuture<std::optional<bool>> PermissionCache::check(const ResourceAttributes &a)
{
    const QString key = keyOf(a);
    if (const std::optional<bool> known = cached(a); known || !m_client) {
        QPromise<std::optional<bool>> promise;
        promise.start();
        promise.addResult(known);
        promise.finish();
        return promise.future();
    }
    if (const auto pending = m_pending.constFind(key); pending != m_pending.constEnd())
        return *pending;
    QFuture<std::optional<bool>> future =
        pd::bindTo(this, pd::kube::checkAccess(m_client.data(), a), [this, key](const AccessDecision &decision) {
            m_pending.remove(key);
            if (!decision.reviewed())
                return std::optional<bool>();
            m_answers.insert(key, decision.allowed && !decision.denied);
            Q_EMIT answersChanged();
            return std::optional<bool>(decision.allowed && !decision.denied);
        });
    m_pending.insert(key, future);
    return future;
}

void PermissionCache::prefetch(EnvironmentAction action, const QString &ns)
{
    for (const ResourceAttributes &a : requirements(action, ns)) {
        if (!cached(a))
            check(a);
    }
}

QString PermissionCache::missing(EnvironmentAction action, const QString &ns) const
{
    for (const ResourceAttributes &a : requirements(action, ns)) {
        if (cached(a) == false)
            return tr("needs: %1").arg(describe(a));
    }
    return {};
}

void PermissionCache::clear()
{
    m_answers.clear();
    m_pending.clear();
    Q_EMIT answersChanged();
}

} // namespace pd::core
