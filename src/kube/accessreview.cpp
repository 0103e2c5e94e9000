#include "accessreview.h"

#include "bindto.h"
#include "apiclient.h"

namespace pd::kube {

using namespace Qt::StringLiterals;

namespace {

const ResourceRef selfSubjectAccessReviews{u"authorization.k8s.io"_s, u"v1"_s, u"selfsubjectaccessreviews"_s, {}, {}, {}};
const ResourceRef selfSubjectRulesReviews{u"authorization.k8s.io"_s, u"v1"_s, u"selfsubjectrulesreviews"_s, {}, {}, {}};

} // namespace

QJsonObject ResourceAttributes::toJson() const
{
    QJsonObject o{{"verb"_L1, verb}, {"resource"_L1, resource}, {"group"_L1, group}};
    if (!subresource.isEmpty())
        o.insert("subresource"_L1, subresource);
    if (!namespaceName.isEmpty())
        o.insert("namespace"_L1, namespaceName);
    if (!name.isEmpty())
        o.insert("name"_L1, name);
    return o;
}

QFuture<AccessDecision> checkAccess(ApiClient *client, const ResourceAttributes &attributes)
{
    const QJsonObject review{{"apiVersion"_L1, "authorization.k8s.io/v1"_L1},
                             {"kind"_L1, "SelfSubjectAccessReview"_L1},
                             {"spec"_L1, QJsonObject{{"resourceAttributes"_L1, attributes.toJson()}}}};
    return pd::bindTo(client, client->create(selfSubjectAccessReviews, review), [](const ApiResult &result) {
        AccessDecision decision;
        decision.result = result;
        if (result.ok()) {
            const QJsonObject status = result.object.value("status"_L1).toObject();
            decision.allowed = status.value("allowed"_L1).toBool();
            decision.denied = status.value("denied"_L1).toBool();
            decision.reason = status.value("reason"_L1).toString();
            decision.evaluationError = status.value("evaluationError"_L1).toString();
        }
        return decision;
    });
}

QFuture<ApiResult> reviewRules(ApiClient *client, const QString &namespaceName)
{
    const QJsonObject review{{"apiVersion"_L1, "authorization.k8s.io/v1"_L1},
                             {"kind"_L1, "SelfSubjectRulesReview"_L1},
                             {"spec"_L1, QJsonObject{{"namespace"_L1, namespaceName}}}};
    return client->create(selfSubjectRulesReviews, review);
}

} // namespace pd::kube
