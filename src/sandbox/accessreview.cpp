// authorization.k8s.io/v1: SelfSubjectAccessReview, SelfSubjectRulesReview,
// SubjectAccessReview, answered by the RbacAuthorizer.
#include "apiserver_p.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

RequestAttributes attributesOf(const QJsonObject &spec)
{
    RequestAttributes a;
    const QJsonObject resource = spec.value(u"resourceAttributes"_s).toObject();
    const QJsonObject nonResource = spec.value(u"nonResourceAttributes"_s).toObject();
    if (!nonResource.isEmpty()) {
        a.resourceRequest = false;
        a.verb = nonResource.value(u"verb"_s).toString();
        a.path = nonResource.value(u"path"_s).toString();
        return a;
    }
    a.verb = resource.value(u"verb"_s).toString();
    a.apiGroup = resource.value(u"group"_s).toString();
    a.resource = resource.value(u"resource"_s).toString();
    a.subresource = resource.value(u"subresource"_s).toString();
    a.name = resource.value(u"name"_s).toString();
    a.namespaceName = resource.value(u"namespace"_s).toString();
    return a;
}

} // namespace

void serveAccessReview(RequestContext &c)
{
    QJsonObject review;
    ApiError error;
    if (!decodeBody(c, &review, &error)) {
        c.respondError(error);
        return;
    }
    review.insert(u"apiVersion"_s, c.info.apiVersion());
    review.insert(u"kind"_s, c.info.kind);
    const QJsonObject spec = review.value(u"spec"_s).toObject();
    const RbacAuthorizer &authorizer = *c.state->authorizer;
    const bool enforcing = c.state->authorizationEnabled;
    if (c.info.resource == u"selfsubjectrulesreviews"_s) {
        QJsonObject status;
        if (enforcing) {
            status = authorizer.rulesReviewStatus(c.user, spec.value(u"namespace"_s).toString());
        } else {
            status = QJsonObject{{u"resourceRules"_s, QJsonArray{QJsonObject{{u"verbs"_s, QJsonArray{u"*"_s}},
                                                                            {u"apiGroups"_s, QJsonArray{u"*"_s}},
                                                                            {u"resources"_s, QJsonArray{u"*"_s}}}}},
                                 {u"nonResourceRules"_s, QJsonArray{QJsonObject{{u"verbs"_s, QJsonArray{u"*"_s}},
                                                                               {u"nonResourceURLs"_s, QJsonArray{u"*"_s}}}}},
                                 {u"incomplete"_s, false}};
        }
        review.insert(u"status"_s, status);
        c.respondObject(201, review);
        return;
    }
    UserInfo subject = c.user;
    if (c.info.resource == u"subjectaccessreviews"_s) {
        subject.name = spec.value(u"user"_s).toString();
        subject.groups.clear();
        for (const auto &g : spec.value(u"groups"_s).toArray())
            subject.groups << g.toString();
    } else if (c.info.resource != u"selfsubjectaccessreviews"_s) {
        c.respondError(ApiError::methodNotAllowed());
        return;
    }
    const RequestAttributes attributes = attributesOf(spec);
    QJsonObject status;
    if (enforcing) {
        const AuthorizationDecision decision = authorizer.authorize(subject, attributes);
        status.insert(u"allowed"_s, decision.allowed);
        if (!decision.reason.isEmpty())
            status.insert(u"reason"_s, decision.reason);
    } else {
        status.insert(u"allowed"_s, true);
    }
    review.insert(u"status"_s, status);
    c.respondObject(201, review);
}

} // namespace pd::sandbox
