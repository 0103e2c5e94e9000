#pragma once

#include "kube/accessreview.h"

#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace pd::kube {
class ApiClient;
}

namespace pd::core {

// The actions of the environment browser, by the permissions they need.
enum class EnvironmentAction { ExtendExpiry, ScaleDown, ScaleUp, Destroy, Clone };

// Cached SelfSubjectAccessReview answers for one context (one ApiClient): the GUI
// asks once per (verb, resource, namespace) and disables what is not allowed.
// A review that fails (network, 5xx) is not cached and not treated as a "no".
class PermissionCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PermissionCache)
public:
    explicit PermissionCache(pd::kube::ApiClient *client, QObject *parent = nullptr);
    // A cache owned by the client (by `fallbackParent` without one), not by a window: Qt 6.4's
    // QFuture::then(context) asserts when the context dies first, and the client finishes its
    // futures before its children go.
    static PermissionCache *createForClient(pd::kube::ApiClient *client, QObject *fallbackParent);
    ~PermissionCache() override;

    // What an action on the environment `namespaceName` needs.
    static QList<pd::kube::ResourceAttributes> requirements(EnvironmentAction action, const QString &namespaceName);
    // "delete namespaces", "patch deployments/scale in shop-pr-1412".
    static QString describe(const pd::kube::ResourceAttributes &attributes);

    // The cached answer; nullopt when not asked yet (or the review failed).
    std::optional<bool> cached(const pd::kube::ResourceAttributes &attributes) const;
    // Resolves to whether it is allowed (from the cache when known; concurrent
    // asks share one review). A failed review resolves to nullopt.
    QFuture<std::optional<bool>> check(const pd::kube::ResourceAttributes &attributes);
    // Asks every requirement of the action not known yet; answersChanged() follows.
    void prefetch(EnvironmentAction action, const QString &namespaceName);
    // The first requirement known to be denied, as "needs: delete namespaces"; empty
    // when every one is allowed or not known yet.
    QString missing(EnvironmentAction action, const QString &namespaceName) const;

    void clear();

Q_SIGNALS:
    void answersChanged();

private:
    static QString keyOf(const pd::kube::ResourceAttributes &attributes);

    QPointer<pd::kube::ApiClient> m_client;
    QHash<QString, bool> m_answers;
    QHash<QString, QFuture<std::optional<bool>>> m_pending;
};

} // namespace pd::core
