#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace pd::sandbox {

// Who is asking (from the bearer token, or impersonation headers).
struct UserInfo
{
    QString name;
    QStringList groups;     // includes system:authenticated for any authenticated user
};

// What is asked, as kube-apiserver's RequestInfo describes it.
struct RequestAttributes
{
    bool resourceRequest = true;
    QString verb;            // get list watch create update patch delete deletecollection impersonate ...
    QString apiGroup;        // "" = core
    QString resource;        // plural
    QString subresource;     // "scale", "status", "log", ...
    QString name;
    QString namespaceName;   // empty for cluster-scoped
    QString path;            // for non-resource requests, e.g. "/api", "/version"
};

struct AuthorizationDecision
{
    bool allowed = false;
    QString reason;          // e.g. RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "z"
};

// RBAC objects as the authorizer sees them; the server supplies them from its store.
struct RbacObjects
{
    // kind is one of Role, ClusterRole, RoleBinding, ClusterRoleBinding; namespaceName empty for cluster-scoped kinds.
    std::function<QList<QJsonObject>(const QString &kind, const QString &namespaceName)> list;
    std::function<QJsonObject(const QString &kind, const QString &namespaceName, const QString &name)> get;
};

// RBAC evaluation exactly as Kubernetes does it (no deny rules; union of grants).
class RbacAuthorizer final
{
public:
    explicit RbacAuthorizer(RbacObjects objects);

    AuthorizationDecision authorize(const UserInfo &user, const RequestAttributes &attributes) const;

    // Status of a SelfSubjectRulesReview for `namespaceName`:
    // {"resourceRules":[...],"nonResourceRules":[...],"incomplete":false}
    QJsonObject rulesReviewStatus(const UserInfo &user, const QString &namespaceName) const;

    // The Forbidden message kube-apiserver prints, e.g.
    // pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"
    static QString forbiddenMessage(const UserInfo &user, const RequestAttributes &attributes);

private:
    RbacObjects m_objects;
};

} // namespace pd::sandbox
