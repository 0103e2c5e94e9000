#pragma once

#include "apiresult.h"

#include <QFuture>
#include <QJsonObject>
#include <QString>

namespace pd::kube {

class ApiClient;

// What `kubectl auth can-i VERB RESOURCE[/SUB] [NAME] -n NS` asks.
struct ResourceAttributes
{
    QString verb;            // get, list, create, patch, delete, impersonate ...
    QString group;           // "" for core
    QString resource;        // plural
    QString subresource;
    QString namespaceName;   // empty: cluster-wide
    QString name;

    QJsonObject toJson() const;
};

struct AccessDecision
{
    bool allowed = false;
    bool denied = false;        // an explicit deny (webhook authorizers); RBAC never says it
    QString reason;             // the authorizer's reason, often empty
    QString evaluationError;
    ApiResult result;           // the review request itself (a failed review is not a "no")

    bool reviewed() const { return result.ok(); }
};

// POST selfsubjectaccessreviews; resolves to the decision.
QFuture<AccessDecision> checkAccess(ApiClient *client, const ResourceAttributes &attributes);
// POST selfsubjectrulesreviews for a namespace; the result's object.status holds
// resourceRules[], nonResourceRules[], incomplete.
QFuture<ApiResult> reviewRules(ApiClient *client, const QString &namespaceName);

} // namespace pd::kube
