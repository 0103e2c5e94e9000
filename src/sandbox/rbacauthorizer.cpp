#include "rbacauthorizer.h"

#include <QSet>

#include <algorithm>

// A port of kube-apiserver's RBAC authorizer (plugin/pkg/auth/authorizer/rbac and
// pkg/registry/rbac/validation): bindings are visited cluster-wide first, then in
// the request namespace; the first matching rule allows, errors (dangling role
// references) only colour the denial reason.

namespace pd::sandbox {
namespace {

const QString kMasters = QStringLiteral("system:masters");

QString nameOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
}

QStringList strings(const QJsonObject &rule, const QString &key)
{
    QStringList out;
    for (const QJsonValue &v : rule.value(key).toArray())
        out.append(v.toString());
    return out;
}

bool verbMatches(const QJsonObject &rule, const QString &verb)
{
    const QStringList verbs = strings(rule, QStringLiteral("verbs"));
    return verbs.contains(QStringLiteral("*")) || verbs.contains(verb);
}

bool groupMatches(const QJsonObject &rule, const QString &group)
{
    const QStringList groups = strings(rule, QStringLiteral("apiGroups"));
    return groups.contains(QStringLiteral("*")) || groups.contains(group);
}

// `*` covers everything, `*/sub` any resource's subresource; `pods/*` is NOT a
// wildcard in Kubernetes (it names a subresource literally called "*").
bool resourceMatches(const QJsonObject &rule, const QString &combined, const QString &subresource)
{
    for (const QString &r : strings(rule, QStringLiteral("resources"))) {
        if (r == QStringLiteral("*") || r == combined)
            return true;
        if (!subresource.isEmpty() && r.size() == subresource.size() + 2 && r.startsWith(QStringLiteral("*/"))
            && r.endsWith(subresource))
            return true;
    }
    return false;
}

bool nameMatches(const QJsonObject &rule, const QString &name)
{
    const QStringList names = strings(rule, QStringLiteral("resourceNames"));
    return names.isEmpty() || names.contains(name);
}

bool urlMatches(const QJsonObject &rule, const QString &path)
{
    for (const QString &u : strings(rule, QStringLiteral("nonResourceURLs"))) {
        if (u == QStringLiteral("*") || u == path)
            return true;
        if (u.endsWith(QLatin1Char('*'))) {
            QString prefix = u;
            while (prefix.endsWith(QLatin1Char('*')))
                prefix.chop(1);
            if (path.startsWith(prefix))
                return true;
        }
    }
    return false;
}

bool ruleAllows(const RequestAttributes &a, const QJsonObject &rule)
{
    if (a.resourceRequest) {
        const QString combined = a.subresource.isEmpty() ? a.resource : a.resource + QLatin1Char('/') + a.subresource;
        return verbMatches(rule, a.verb) && groupMatches(rule, a.apiGroup) && resourceMatches(rule, combined, a.subresource)
            && nameMatches(rule, a.name);
    }
    return verbMatches(rule, a.verb) && urlMatches(rule, a.path);
}

bool expressionMatches(const QJsonObject &labels, const QJsonObject &expression)
{
    const QString key = expression.value(QStringLiteral("key")).toString();
    const QString op = expression.value(QStringLiteral("operator")).toString();
    const QStringList values = strings(expression, QStringLiteral("values"));
    const bool has = labels.contains(key);
    if (op == QStringLiteral("In"))
        return has && values.contains(labels.value(key).toString());
    if (op == QStringLiteral("NotIn"))
        return !has || !values.contains(labels.value(key).toString());
    if (op == QStringLiteral("Exists"))
        return has;
    if (op == QStringLiteral("DoesNotExist"))
        return !has;
    return false;
}

// An empty selector selects nothing in an aggregation rule (Kubernetes skips it).
bool selectorMatches(const QJsonObject &labels, const QJsonObject &selector)
{
    const QJsonObject matchLabels = selector.value(QStringLiteral("matchLabels")).toObject();
    const QJsonArray expressions = selector.value(QStringLiteral("matchExpressions")).toArray();
    if (matchLabels.isEmpty() && expressions.isEmpty())
        return false;
    for (auto it = matchLabels.begin(); it != matchLabels.end(); ++it) {
        if (labels.value(it.key()).toString() != it.value().toString())
            return false;
    }
    for (const QJsonValue &e : expressions) {
        if (!expressionMatches(labels, e.toObject()))
            return false;
    }
    return true;
}

bool hasSubjectForUser(const UserInfo &user, const QJsonObject &subject, const QString &bindingNamespace)
{
    const QString kind = subject.value(QStringLiteral("kind")).toString();
    const QString name = subject.value(QStringLiteral("name")).toString();
    if (kind == QStringLiteral("User"))
        return user.name == name;
    if (kind == QStringLiteral("Group"))
        return user.groups.contains(name);
    if (kind == QStringLiteral("ServiceAccount")) {
        QString ns = subject.value(QStringLiteral("namespace")).toString();
        if (ns.isEmpty())
            ns = bindingNamespace;
        if (ns.isEmpty())
            return false;
        return user.name == QStringLiteral("system:serviceaccount:") + ns + QLatin1Char(':') + name;
    }
    return false;
}

QString describeSubject(const QJsonObject &subject, const QString &bindingNamespace)
{
    const QString kind = subject.value(QStringLiteral("kind")).toString();
    const QString name = subject.value(QStringLiteral("name")).toString();
    if (kind == QStringLiteral("ServiceAccount")) {
        QString ns = subject.value(QStringLiteral("namespace")).toString();
        if (ns.isEmpty())
            ns = bindingNamespace;
        return kind + QStringLiteral(" \"") + name + QLatin1Char('/') + ns + QLatin1Char('"');
    }
    return kind + QStringLiteral(" \"") + name + QLatin1Char('"');
}

// The first subject of the binding that names the user, or an empty object.
QJsonObject appliesTo(const UserInfo &user, const QJsonObject &binding, const QString &bindingNamespace)
{
    for (const QJsonValue &s : binding.value(QStringLiteral("subjects")).toArray()) {
        if (hasSubjectForUser(user, s.toObject(), bindingNamespace))
            return s.toObject();
    }
    return {};
}

QList<QJsonObject> sortedByName(QList<QJsonObject> objects)
{
    std::sort(objects.begin(), objects.end(),
              [](const QJsonObject &a, const QJsonObject &b) { return nameOf(a) < nameOf(b); });
    return objects;
}

// Visits every rule that applies to the user in `namespaceName` (cluster-wide
// bindings first); the visitor returns false to stop.
class RuleVisitor final
{
public:
    explicit RuleVisitor(const RbacObjects &objects) : m_objects(objects) {}

    QStringList errors;

    void visit(const UserInfo &user, const QString &namespaceName,
               const std::function<bool(const QString &source, const QJsonObject &rule)> &visitor)
    {
        if (!m_objects.list)
            return;
        for (const QJsonObject &crb : sortedByName(m_objects.list(QStringLiteral("ClusterRoleBinding"), {}))) {
            const QJsonObject subject = appliesTo(user, crb, {});
            if (subject.isEmpty())
                continue;
            const QJsonObject ref = crb.value(QStringLiteral("roleRef")).toObject();
            bool ok = false;
            const QJsonArray rules = roleRules(ref, {}, &ok);
            if (!ok)
                continue;
            const QString source = QStringLiteral("ClusterRoleBinding \"") + nameOf(crb) + QStringLiteral("\" of ")
                + ref.value(QStringLiteral("kind")).toString() + QStringLiteral(" \"")
                + ref.value(QStringLiteral("name")).toString() + QStringLiteral("\" to ") + describeSubject(subject, {});
            for (const QJsonValue &r : rules) {
                if (!visitor(source, r.toObject()))
                    return;
            }
        }
        if (namespaceName.isEmpty())
            return;
        for (const QJsonObject &rb : sortedByName(m_objects.list(QStringLiteral("RoleBinding"), namespaceName))) {
            const QJsonObject subject = appliesTo(user, rb, namespaceName);
            if (subject.isEmpty())
                continue;
            const QJsonObject ref = rb.value(QStringLiteral("roleRef")).toObject();
            bool ok = false;
            const QJsonArray rules = roleRules(ref, namespaceName, &ok);
            if (!ok)
                continue;
            const QString source = QStringLiteral("RoleBinding \"") + nameOf(rb) + QLatin1Char('/') + namespaceName
                + QStringLiteral("\" of ") + ref.value(QStringLiteral("kind")).toString() + QStringLiteral(" \"")
                + ref.value(QStringLiteral("name")).toString() + QStringLiteral("\" to ")
                + describeSubject(subject, namespaceName);
            for (const QJsonValue &r : rules) {
                if (!visitor(source, r.toObject()))
                    return;
            }
        }
    }

private:
    QJsonArray roleRules(const QJsonObject &ref, const QString &bindingNamespace, bool *ok)
    {
        const QString kind = ref.value(QStringLiteral("kind")).toString();
        const QString name = ref.value(QStringLiteral("name")).toString();
        *ok = false;
        if (kind == QStringLiteral("Role") && !bindingNamespace.isEmpty()) {
            const QJsonObject role = m_objects.get ? m_objects.get(kind, bindingNamespace, name) : QJsonObject{};
            if (role.isEmpty()) {
                errors.append(QStringLiteral("role.rbac.authorization.k8s.io \"") + name + QStringLiteral("\" not found"));
                return {};
            }
            *ok = true;
            return role.value(QStringLiteral("rules")).toArray();
        }
        if (kind == QStringLiteral("ClusterRole")) {
            const QJsonObject role = m_objects.get ? m_objects.get(kind, {}, name) : QJsonObject{};
            if (role.isEmpty()) {
                errors.append(QStringLiteral("clusterrole.rbac.authorization.k8s.io \"") + name
                              + QStringLiteral("\" not found"));
                return {};
            }
            *ok = true;
            QSet<QString> seen;
            return clusterRoleRules(role, &seen);
        }
        errors.append(QStringLiteral("unsupported role reference kind: \"") + kind + QLatin1Char('"'));
        return {};
    }

    // Aggregated roles are resolved live (what the aggregation controller would
    // have written), so a new role labelled aggregate-to-view counts at once.
    QJsonArray clusterRoleRules(const QJsonObject &role, QSet<QString> *seen)
    {
        seen->insert(nameOf(role));
        const QJsonArray selectors = role.value(QStringLiteral("aggregationRule"))
                                         .toObject()
                                         .value(QStringLiteral("clusterRoleSelectors"))
                                         .toArray();
        if (selectors.isEmpty())
            return role.value(QStringLiteral("rules")).toArray();
        QJsonArray rules;
        const QList<QJsonObject> all = sortedByName(m_objects.list(QStringLiteral("ClusterRole"), {}));
        for (const QJsonValue &selector : selectors) {
            for (const QJsonObject &candidate : all) {
                if (seen->contains(nameOf(candidate)))
                    continue;
                const QJsonObject labels =
                    candidate.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("labels")).toObject();
                if (!selectorMatches(labels, selector.toObject()))
                    continue;
                for (const QJsonValue &r : clusterRoleRules(candidate, seen)) {
                    if (!rules.contains(r))
                        rules.append(r);
                }
            }
        }
        return rules;
    }

    const RbacObjects &m_objects;
};

QString aggregateErrors(const QStringList &errors)
{
    if (errors.size() == 1)
        return errors.first();
    return QLatin1Char('[') + errors.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString sanitize(QString text)
{
    text.replace(QLatin1Char('&'), QStringLiteral("&amp;"));
    text.replace(QLatin1Char('<'), QStringLiteral("&lt;"));
    text.replace(QLatin1Char('>'), QStringLiteral("&gt;"));
    return text;
}

} // namespace

RbacAuthorizer::RbacAuthorizer(RbacObjects objects)
    : m_objects(std::move(objects))
{
}

AuthorizationDecision RbacAuthorizer::authorize(const UserInfo &user, const RequestAttributes &attributes) const
{
    // kube-apiserver puts the privileged-group authorizer before RBAC: it allows
    // system:masters without a reason.
    if (user.groups.contains(kMasters))
        return {true, {}};

    RuleVisitor visitor(m_objects);
    AuthorizationDecision decision;
    visitor.visit(user, attributes.namespaceName, [&](const QString &source, const QJsonObject &rule) {
        if (!ruleAllows(attributes, rule))
            return true;
        decision.allowed = true;
        decision.reason = QStringLiteral("RBAC: allowed by ") + source;
        return false;
    });
    if (!decision.allowed && !visitor.errors.isEmpty())
        decision.reason = QStringLiteral("RBAC: ") + aggregateErrors(visitor.errors);
    return decision;
}

QJsonObject RbacAuthorizer::rulesReviewStatus(const UserInfo &user, const QString &namespaceName) const
{
    RuleVisitor visitor(m_objects);
    QJsonArray resourceRules;
    QJsonArray nonResourceRules;
    visitor.visit(user, namespaceName, [&](const QString &, const QJsonObject &rule) {
        const QJsonArray verbs = rule.value(QStringLiteral("verbs")).toArray();
        if (!rule.value(QStringLiteral("resources")).toArray().isEmpty()) {
            QJsonObject r{{QStringLiteral("verbs"), verbs},
                          {QStringLiteral("apiGroups"), rule.value(QStringLiteral("apiGroups")).toArray()},
                          {QStringLiteral("resources"), rule.value(QStringLiteral("resources")).toArray()}};
            const QJsonArray names = rule.value(QStringLiteral("resourceNames")).toArray();
            if (!names.isEmpty())
                r.insert(QStringLiteral("resourceNames"), names);
            resourceRules.append(r);
        }
        if (!rule.value(QStringLiteral("nonResourceURLs")).toArray().isEmpty()) {
            nonResourceRules.append(QJsonObject{
                {QStringLiteral("verbs"), verbs},
                {QStringLiteral("nonResourceURLs"), rule.value(QStringLiteral("nonResourceURLs")).toArray()}});
        }
        return true;
    });
    QJsonObject status{{QStringLiteral("resourceRules"), resourceRules},
                       {QStringLiteral("nonResourceRules"), nonResourceRules},
                       {QStringLiteral("incomplete"), !visitor.errors.isEmpty()}};
    if (!visitor.errors.isEmpty())
        status.insert(QStringLiteral("evaluationError"), aggregateErrors(visitor.errors));
    return status;
}

QString RbacAuthorizer::forbiddenMessage(const UserInfo &user, const RequestAttributes &attributes)
{
    const QString who = QStringLiteral("User \"") + user.name + QStringLiteral("\" cannot ") + attributes.verb;
    if (!attributes.resourceRequest)
        return QStringLiteral("forbidden: ") + sanitize(who + QStringLiteral(" path \"") + attributes.path + QLatin1Char('"'));

    QString resource = attributes.resource;
    if (!attributes.subresource.isEmpty())
        resource += QLatin1Char('/') + attributes.subresource;
    QString detail = who + QStringLiteral(" resource \"") + resource + QStringLiteral("\" in API group \"")
        + attributes.apiGroup + QLatin1Char('"');
    if (!attributes.namespaceName.isEmpty())
        detail += QStringLiteral(" in the namespace \"") + attributes.namespaceName + QLatin1Char('"');
    else
        detail += QStringLiteral(" at the cluster scope");

    // apierrors.NewForbidden: "<resource>[.<group>] [\"<name>\"] is forbidden: ..."
    QString qualified = attributes.resource;
    if (!attributes.apiGroup.isEmpty())
        qualified += QLatin1Char('.') + attributes.apiGroup;
    QString prefix = qualified;
    if (!attributes.name.isEmpty())
        prefix += QStringLiteral(" \"") + attributes.name + QLatin1Char('"');
    return prefix + QStringLiteral(" is forbidden: ") + sanitize(detail);
}

} // namespace pd::sandbox
