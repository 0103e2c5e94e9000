#include "bootstrappolicy.h"

#include <QJsonArray>
#include <QString>
#include <QStringList>

#include <algorithm>

// Mirrors kube-apiserver's plugin/pkg/auth/authorizer/rbac/bootstrappolicy
// (1.32) for the roles PreviewDesk and kubectl touch, plus the aggregated roles
// that metrics-server and the External Secrets Operator chart install, because
// the sandbox serves those APIs too.

namespace pd::sandbox {
namespace {

const QStringList kRead = {QStringLiteral("get"), QStringLiteral("list"), QStringLiteral("watch")};
const QStringList kWrite = {QStringLiteral("create"), QStringLiteral("delete"), QStringLiteral("deletecollection"),
                            QStringLiteral("patch"), QStringLiteral("update")};

QStringList readWrite()
{
    QStringList verbs = kWrite;
    verbs += kRead;
    return verbs;
}

QJsonObject rule(const QStringList &verbs, const QStringList &groups, const QStringList &resources)
{
    return QJsonObject{{QStringLiteral("apiGroups"), QJsonArray::fromStringList(groups)},
                       {QStringLiteral("resources"), QJsonArray::fromStringList(resources)},
                       {QStringLiteral("verbs"), QJsonArray::fromStringList(verbs)}};
}

QJsonObject urlRule(const QStringList &verbs, const QStringList &urls)
{
    return QJsonObject{{QStringLiteral("nonResourceURLs"), QJsonArray::fromStringList(urls)},
                       {QStringLiteral("verbs"), QJsonArray::fromStringList(verbs)}};
}

QJsonObject metadata(const QString &name, QJsonObject labels, bool bootstrap)
{
    QJsonObject meta{{QStringLiteral("name"), name}};
    if (bootstrap) {
        labels.insert(QStringLiteral("kubernetes.io/bootstrapping"), QStringLiteral("rbac-defaults"));
        meta.insert(QStringLiteral("annotations"),
                    QJsonObject{{QStringLiteral("rbac.authorization.kubernetes.io/autoupdate"), QStringLiteral("true")}});
    }
    if (!labels.isEmpty())
        meta.insert(QStringLiteral("labels"), labels);
    return meta;
}

QJsonObject clusterRole(const QString &name, const QList<QJsonObject> &rules, const QJsonObject &labels = {},
                        bool bootstrap = true)
{
    QJsonArray array;
    for (const QJsonObject &r : rules)
        array.append(r);
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1")},
                       {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
                       {QStringLiteral("metadata"), metadata(name, labels, bootstrap)},
                       {QStringLiteral("rules"), array}};
}

QString aggregateLabel(const QString &to)
{
    return QStringLiteral("rbac.authorization.k8s.io/aggregate-to-") + to;
}

QJsonObject aggregateLabels(const QStringList &targets)
{
    QJsonObject labels;
    for (const QString &t : targets)
        labels.insert(aggregateLabel(t), QStringLiteral("true"));
    return labels;
}

const QString kCore;
const QString kApps = QStringLiteral("apps");
const QString kBatch = QStringLiteral("batch");
const QString kAutoscaling = QStringLiteral("autoscaling");
const QString kExtensions = QStringLiteral("extensions");
const QString kPolicy = QStringLiteral("policy");
const QString kNetworking = QStringLiteral("networking.k8s.io");
const QString kDiscovery = QStringLiteral("discovery.k8s.io");
const QString kRbac = QStringLiteral("rbac.authorization.k8s.io");
const QString kAuthorization = QStringLiteral("authorization.k8s.io");

QList<QJsonObject> aggregateToViewRules()
{
    return {
        rule(kRead, {kCore},
             {QStringLiteral("configmaps"), QStringLiteral("endpoints"), QStringLiteral("persistentvolumeclaims"),
              QStringLiteral("persistentvolumeclaims/status"), QStringLiteral("pods"),
              QStringLiteral("replicationcontrollers"), QStringLiteral("replicationcontrollers/scale"),
              QStringLiteral("serviceaccounts"), QStringLiteral("services"), QStringLiteral("services/status")}),
        rule(kRead, {kCore},
             {QStringLiteral("bindings"), QStringLiteral("events"), QStringLiteral("limitranges"),
              QStringLiteral("namespaces/status"), QStringLiteral("pods/log"), QStringLiteral("pods/status"),
              QStringLiteral("replicationcontrollers/status"), QStringLiteral("resourcequotas"),
              QStringLiteral("resourcequotas/status")}),
        rule(kRead, {kCore}, {QStringLiteral("namespaces")}),
        rule(kRead, {kDiscovery}, {QStringLiteral("endpointslices")}),
        rule(kRead, {kApps},
             {QStringLiteral("controllerrevisions"), QStringLiteral("daemonsets"), QStringLiteral("daemonsets/status"),
              QStringLiteral("deployments"), QStringLiteral("deployments/scale"), QStringLiteral("deployments/status"),
              QStringLiteral("replicasets"), QStringLiteral("replicasets/scale"), QStringLiteral("replicasets/status"),
              QStringLiteral("statefulsets"), QStringLiteral("statefulsets/scale"),
              QStringLiteral("statefulsets/status")}),
        rule(kRead, {kAutoscaling},
             {QStringLiteral("horizontalpodautoscalers"), QStringLiteral("horizontalpodautoscalers/status")}),
        rule(kRead, {kBatch},
             {QStringLiteral("cronjobs"), QStringLiteral("cronjobs/status"), QStringLiteral("jobs"),
              QStringLiteral("jobs/status")}),
        rule(kRead, {kExtensions},
             {QStringLiteral("daemonsets"), QStringLiteral("daemonsets/status"), QStringLiteral("deployments"),
              QStringLiteral("deployments/scale"), QStringLiteral("deployments/status"), QStringLiteral("ingresses"),
              QStringLiteral("ingresses/status"), QStringLiteral("networkpolicies"), QStringLiteral("replicasets"),
              QStringLiteral("replicasets/scale"), QStringLiteral("replicasets/status"),
              QStringLiteral("replicationcontrollers/scale")}),
        rule(kRead, {kPolicy}, {QStringLiteral("poddisruptionbudgets"), QStringLiteral("poddisruptionbudgets/status")}),
        rule(kRead, {kNetworking},
             {QStringLiteral("ingresses"), QStringLiteral("ingresses/status"), QStringLiteral("networkpolicies")}),
    };
}

QList<QJsonObject> aggregateToEditRules()
{
    return {
        // Read on escalating resources: edit (unlike view) may read secrets.
        rule(kRead, {kCore},
             {QStringLiteral("pods/attach"), QStringLiteral("pods/exec"), QStringLiteral("pods/portforward"),
              QStringLiteral("pods/proxy"), QStringLiteral("secrets"), QStringLiteral("services/proxy")}),
        rule({QStringLiteral("impersonate")}, {kCore}, {QStringLiteral("serviceaccounts")}),
        rule(kWrite, {kCore},
             {QStringLiteral("pods"), QStringLiteral("pods/attach"), QStringLiteral("pods/exec"),
              QStringLiteral("pods/portforward"), QStringLiteral("pods/proxy")}),
        rule({QStringLiteral("create")}, {kCore}, {QStringLiteral("pods/eviction")}),
        rule(kWrite, {kCore},
             {QStringLiteral("configmaps"), QStringLiteral("events"), QStringLiteral("persistentvolumeclaims"),
              QStringLiteral("replicationcontrollers"), QStringLiteral("replicationcontrollers/scale"),
              QStringLiteral("secrets"), QStringLiteral("serviceaccounts"), QStringLiteral("services"),
              QStringLiteral("services/proxy")}),
        rule({QStringLiteral("create")}, {kCore}, {QStringLiteral("serviceaccounts/token")}),
        rule(kWrite, {kApps},
             {QStringLiteral("daemonsets"), QStringLiteral("deployments"), QStringLiteral("deployments/rollback"),
              QStringLiteral("deployments/scale"), QStringLiteral("replicasets"), QStringLiteral("replicasets/scale"),
              QStringLiteral("statefulsets"), QStringLiteral("statefulsets/scale")}),
        rule(kWrite, {kAutoscaling}, {QStringLiteral("horizontalpodautoscalers")}),
        rule(kWrite, {kBatch}, {QStringLiteral("cronjobs"), QStringLiteral("jobs")}),
        rule(kWrite, {kExtensions},
             {QStringLiteral("daemonsets"), QStringLiteral("deployments"), QStringLiteral("deployments/rollback"),
              QStringLiteral("deployments/scale"), QStringLiteral("ingresses"), QStringLiteral("networkpolicies"),
              QStringLiteral("replicasets"), QStringLiteral("replicasets/scale"),
              QStringLiteral("replicationcontrollers/scale")}),
        rule(kWrite, {kPolicy}, {QStringLiteral("poddisruptionbudgets")}),
        rule(kWrite, {kNetworking}, {QStringLiteral("ingresses"), QStringLiteral("networkpolicies")}),
        rule(readWrite(), {QStringLiteral("coordination.k8s.io")}, {QStringLiteral("leases")}),
    };
}

QList<QJsonObject> aggregateToAdminRules()
{
    return {
        rule({QStringLiteral("create")}, {kAuthorization}, {QStringLiteral("localsubjectaccessreviews")}),
        rule(readWrite(), {kRbac}, {QStringLiteral("rolebindings"), QStringLiteral("roles")}),
    };
}

// What the aggregation controller does: the union of the rules of every cluster
// role carrying the label, in name order, without duplicates.
QJsonArray aggregate(const QList<QJsonObject> &roles, const QString &label)
{
    QList<QJsonObject> selected;
    for (const QJsonObject &role : roles) {
        const QJsonObject labels = role.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("labels")).toObject();
        if (labels.value(label).toString() == QStringLiteral("true"))
            selected.append(role);
    }
    std::sort(selected.begin(), selected.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString()
            < b.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
    });
    QJsonArray rules;
    for (const QJsonObject &role : selected) {
        for (const QJsonValue &r : role.value(QStringLiteral("rules")).toArray()) {
            if (!rules.contains(r))
                rules.append(r);
        }
    }
    return rules;
}

QJsonObject aggregatedRole(const QString &name, const QString &selectLabel, const QJsonObject &ownLabels,
                           const QList<QJsonObject> &sources)
{
    QJsonObject role = clusterRole(name, {}, ownLabels);
    role.insert(QStringLiteral("aggregationRule"),
                QJsonObject{{QStringLiteral("clusterRoleSelectors"),
                             QJsonArray{QJsonObject{{QStringLiteral("matchLabels"),
                                                     QJsonObject{{selectLabel, QStringLiteral("true")}}}}}}});
    role.insert(QStringLiteral("rules"), aggregate(sources, selectLabel));
    return role;
}

QJsonObject binding(const QString &name, const QString &role, const QStringList &groups)
{
    QJsonArray subjects;
    for (const QString &g : groups) {
        subjects.append(QJsonObject{{QStringLiteral("apiGroup"), kRbac},
                                    {QStringLiteral("kind"), QStringLiteral("Group")},
                                    {QStringLiteral("name"), g}});
    }
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1")},
                       {QStringLiteral("kind"), QStringLiteral("ClusterRoleBinding")},
                       {QStringLiteral("metadata"), metadata(name, {}, true)},
                       {QStringLiteral("roleRef"), QJsonObject{{QStringLiteral("apiGroup"), kRbac},
                                                               {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
                                                               {QStringLiteral("name"), role}}},
                       {QStringLiteral("subjects"), subjects}};
}

} // namespace

QList<QJsonObject> bootstrapClusterRoles()
{
    // The leaves that feed the aggregated roles.
    QList<QJsonObject> leaves{
        clusterRole(QStringLiteral("system:aggregate-to-view"), aggregateToViewRules(), aggregateLabels({QStringLiteral("view")})),
        clusterRole(QStringLiteral("system:aggregate-to-edit"), aggregateToEditRules(), aggregateLabels({QStringLiteral("edit")})),
        clusterRole(QStringLiteral("system:aggregate-to-admin"), aggregateToAdminRules(), aggregateLabels({QStringLiteral("admin")})),
        // metrics-server's chart
        clusterRole(QStringLiteral("system:aggregated-metrics-reader"),
                    {rule(kRead, {QStringLiteral("metrics.k8s.io")}, {QStringLiteral("nodes"), QStringLiteral("pods")})},
                    aggregateLabels({QStringLiteral("admin"), QStringLiteral("edit"), QStringLiteral("view")}), false),
        // the External Secrets Operator chart
        clusterRole(QStringLiteral("external-secrets-view"),
                    {rule(kRead, {QStringLiteral("external-secrets.io")},
                          {QStringLiteral("clustersecretstores"), QStringLiteral("externalsecrets"),
                           QStringLiteral("pushsecrets"), QStringLiteral("secretstores")}),
                     rule(kRead, {QStringLiteral("generators.external-secrets.io")}, {QStringLiteral("*")})},
                    aggregateLabels({QStringLiteral("admin"), QStringLiteral("edit"), QStringLiteral("view")}), false),
        clusterRole(QStringLiteral("external-secrets-edit"),
                    {rule(kWrite, {QStringLiteral("external-secrets.io")},
                          {QStringLiteral("clustersecretstores"), QStringLiteral("externalsecrets"),
                           QStringLiteral("pushsecrets"), QStringLiteral("secretstores")}),
                     rule(kWrite, {QStringLiteral("generators.external-secrets.io")}, {QStringLiteral("*")})},
                    aggregateLabels({QStringLiteral("admin"), QStringLiteral("edit")}), false),
    };

    // view feeds edit, edit feeds admin (the controller converges to this).
    const QJsonObject view = aggregatedRole(QStringLiteral("view"), aggregateLabel(QStringLiteral("view")),
                                            aggregateLabels({QStringLiteral("edit")}), leaves);
    QList<QJsonObject> withView = leaves;
    withView.append(view);
    const QJsonObject edit = aggregatedRole(QStringLiteral("edit"), aggregateLabel(QStringLiteral("edit")),
                                            aggregateLabels({QStringLiteral("admin")}), withView);
    QList<QJsonObject> withEdit = withView;
    withEdit.append(edit);
    const QJsonObject admin = aggregatedRole(QStringLiteral("admin"), aggregateLabel(QStringLiteral("admin")), {}, withEdit);

    QList<QJsonObject> roles{
        clusterRole(QStringLiteral("cluster-admin"),
                    {rule({QStringLiteral("*")}, {QStringLiteral("*")}, {QStringLiteral("*")}),
                     urlRule({QStringLiteral("*")}, {QStringLiteral("*")})}),
        admin,
        edit,
        view,
        clusterRole(QStringLiteral("system:discovery"),
                    {urlRule({QStringLiteral("get")},
                             {QStringLiteral("/api"), QStringLiteral("/api/*"), QStringLiteral("/apis"),
                              QStringLiteral("/apis/*"), QStringLiteral("/healthz"), QStringLiteral("/livez"),
                              QStringLiteral("/openapi"), QStringLiteral("/openapi/*"), QStringLiteral("/readyz"),
                              QStringLiteral("/version"), QStringLiteral("/version/")})}),
        clusterRole(QStringLiteral("system:basic-user"),
                    {rule({QStringLiteral("create")}, {kAuthorization},
                          {QStringLiteral("selfsubjectaccessreviews"), QStringLiteral("selfsubjectrulesreviews")}),
                     rule({QStringLiteral("create")}, {QStringLiteral("authentication.k8s.io")},
                          {QStringLiteral("selfsubjectreviews")})}),
        clusterRole(QStringLiteral("system:public-info-viewer"),
                    {urlRule({QStringLiteral("get")},
                             {QStringLiteral("/healthz"), QStringLiteral("/livez"), QStringLiteral("/readyz"),
                              QStringLiteral("/version"), QStringLiteral("/version/")})}),
    };
    roles += leaves;
    return roles;
}

QList<QJsonObject> bootstrapClusterRoleBindings()
{
    return {
        binding(QStringLiteral("cluster-admin"), QStringLiteral("cluster-admin"), {QStringLiteral("system:masters")}),
        binding(QStringLiteral("system:basic-user"), QStringLiteral("system:basic-user"),
                {QStringLiteral("system:authenticated")}),
        binding(QStringLiteral("system:discovery"), QStringLiteral("system:discovery"),
                {QStringLiteral("system:authenticated")}),
        binding(QStringLiteral("system:public-info-viewer"), QStringLiteral("system:public-info-viewer"),
                {QStringLiteral("system:authenticated"), QStringLiteral("system:unauthenticated")}),
    };
}

} // namespace pd::sandbox
