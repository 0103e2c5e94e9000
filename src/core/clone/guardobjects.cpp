#include "guardobjects.h"

#include "core/duration.h"

#include "core/contract.h"
#include "kube/labelselector.h"

#include <QJsonArray>

namespace pd::core::clone {

namespace {

QJsonObject meta(const QString &name, const QString &ns)
{
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("namespace"), ns},
        {QStringLiteral("labels"), QJsonObject{{QString(contract::ManagedByLabel), QString(contract::ManagedByValue)}}},
    };
}

QJsonObject object(const QString &apiVersion, const QString &kind, const QJsonObject &metadata)
{
    return QJsonObject{{QStringLiteral("apiVersion"), apiVersion}, {QStringLiteral("kind"), kind},
                       {QStringLiteral("metadata"), metadata}};
}

QJsonObject rule(const QStringList &groups, const QStringList &resources, const QStringList &verbs)
{
    return QJsonObject{{QStringLiteral("apiGroups"), QJsonArray::fromStringList(groups)},
                       {QStringLiteral("resources"), QJsonArray::fromStringList(resources)},
                       {QStringLiteral("verbs"), QJsonArray::fromStringList(verbs)}};
}

const QStringList kRead = {QStringLiteral("get"), QStringLiteral("list"), QStringLiteral("watch")};

QJsonObject ownerRole(const QString &ns)
{
    QJsonObject role = object(QStringLiteral("rbac.authorization.k8s.io/v1"), QStringLiteral("Role"),
                              meta(QStringLiteral("previewdesk-owner"), ns));
    // Read what the preview runs, restart and scale it; no Secrets, no RBAC, no quota changes.
    role.insert(QStringLiteral("rules"), QJsonArray{
        rule({QString()}, {QStringLiteral("pods"), QStringLiteral("pods/log"), QStringLiteral("services"),
                           QStringLiteral("endpoints"), QStringLiteral("configmaps"), QStringLiteral("events"),
                           QStringLiteral("persistentvolumeclaims"), QStringLiteral("serviceaccounts"),
                           QStringLiteral("resourcequotas"), QStringLiteral("limitranges")}, kRead),
        rule({QString()}, {QStringLiteral("pods")}, {QStringLiteral("delete")}),
        rule({QStringLiteral("apps")}, {QStringLiteral("deployments"), QStringLiteral("statefulsets"),
                                        QStringLiteral("replicasets")}, kRead),
        rule({QStringLiteral("apps")}, {QStringLiteral("deployments"), QStringLiteral("statefulsets")},
             {QStringLiteral("patch")}),
        rule({QStringLiteral("apps")}, {QStringLiteral("deployments/scale"), QStringLiteral("statefulsets/scale")},
             {QStringLiteral("get"), QStringLiteral("update"), QStringLiteral("patch")}),
        rule({QStringLiteral("batch")}, {QStringLiteral("jobs"), QStringLiteral("cronjobs")}, kRead),
        rule({QStringLiteral("batch")}, {QStringLiteral("jobs")}, {QStringLiteral("create")}),
        rule({QStringLiteral("networking.k8s.io")}, {QStringLiteral("ingresses")}, kRead),
        rule({QStringLiteral("external-secrets.io")}, {QStringLiteral("externalsecrets")}, kRead),
    });
    return role;
}

} // namespace

QJsonObject previewNamespace(const QJsonObject &sourceNamespace, const CloneOptions &options,
                             const PreviewIdentity &identity, QList<PlanRow> *rows)
{
    const QJsonObject sourceMeta = sourceNamespace.value(QLatin1String("metadata")).toObject();
    const QString sourceName = sourceMeta.value(QLatin1String("name")).toString();
    QJsonObject labels;
    // Keep the source's own labels (team, part-of), never the cluster's or PreviewDesk's.
    const QJsonObject sourceLabels = sourceMeta.value(QLatin1String("labels")).toObject();
    for (auto it = sourceLabels.begin(); it != sourceLabels.end(); ++it)
        if (!it.key().startsWith(contract::Prefix) && !it.key().startsWith(QLatin1String("kubernetes.io/")))
            labels.insert(it.key(), it.value());
    labels.insert(QString(contract::ManagedByLabel), QString(contract::ManagedByValue));
    labels.insert(QString(contract::RoleLabel), QString(contract::RolePreview));
    labels.insert(QString(contract::EnvironmentLabel), options.name);
    if (options.pullRequest > 0)
        labels.insert(QString(contract::PrLabel), QString::number(options.pullRequest));
    if (!options.branch.isEmpty())
        labels.insert(QString(contract::BranchLabel), pd::kube::LabelSelector::sanitizeLabelValue(options.branch));
    if (!options.owner.isEmpty())
        labels.insert(QString(contract::OwnerLabel), pd::kube::LabelSelector::sanitizeLabelValue(options.owner));

    const QDateTime expires = identity.now.toUTC().addSecs(options.ttl.count());
    QJsonObject annotations{
        {QString(contract::ExpiresAtAnnotation), expires.toString(Qt::ISODate)},
        {QString(contract::TtlAnnotation), formatDuration(options.ttl)},
        {QString(contract::ParentAnnotation), sourceName},
        {QString(contract::ParentUidAnnotation), sourceMeta.value(QLatin1String("uid")).toString()},
        {QString(contract::CloneIdAnnotation), identity.cloneId},
        {QString(contract::ModeAnnotation), cloneModeName(options.mode)},
    };
    if (!options.owner.isEmpty())
        annotations.insert(QString(contract::OwnerLabel), options.owner);
    if (!options.branch.isEmpty())
        annotations.insert(QString(contract::BranchLabel), options.branch);
    if (!identity.url.isEmpty())
        annotations.insert(QString(contract::UrlAnnotation), identity.url);
    if (!options.repository.isEmpty())
        annotations.insert(QString(contract::RepositoryAnnotation), options.repository);

    const QString ref = QStringLiteral("Namespace/") + options.name;
    rows->append({ref, QStringLiteral("metadata.name"), sourceName, options.name, PlanRule::Namespace, false});
    for (auto it = annotations.begin(); it != annotations.end(); ++it)
        rows->append({ref, QStringLiteral("metadata.annotations.") + it.key(), QString(), it.value().toString(),
                      PlanRule::Lineage, false});

    QJsonObject metadata{{QStringLiteral("name"), options.name}, {QStringLiteral("labels"), labels},
                         {QStringLiteral("annotations"), annotations}};
    return object(QStringLiteral("v1"), QStringLiteral("Namespace"), metadata);
}

QList<QJsonObject> guardObjects(const CloneOptions &options, const QJsonObject &quotaHard, QList<PlanRow> *rows)
{
    const QString ns = options.name;
    const GuardSettings &guards = options.guards;
    QList<QJsonObject> result;

    QJsonObject quota = object(QStringLiteral("v1"), QStringLiteral("ResourceQuota"), meta(QStringLiteral("previewdesk-quota"), ns));
    quota.insert(QStringLiteral("spec"), QJsonObject{{QStringLiteral("hard"), quotaHard}});
    result << quota;

    QJsonObject limits = object(QStringLiteral("v1"), QStringLiteral("LimitRange"), meta(QStringLiteral("previewdesk-limits"), ns));
    limits.insert(QStringLiteral("spec"), QJsonObject{{QStringLiteral("limits"), QJsonArray{QJsonObject{
        {QStringLiteral("type"), QStringLiteral("Container")},
        {QStringLiteral("default"), guards.containerDefaultLimit},
        {QStringLiteral("defaultRequest"), guards.containerDefaultRequest},
    }}}});
    result << limits;

    QJsonObject policy = object(QStringLiteral("networking.k8s.io/v1"), QStringLiteral("NetworkPolicy"),
                                meta(QStringLiteral("previewdesk-default-deny"), ns));
    // Deny all ingress except from pods of this namespace and from the ingress controller.
    policy.insert(QStringLiteral("spec"), QJsonObject{
        {QStringLiteral("podSelector"), QJsonObject{}},
        {QStringLiteral("policyTypes"), QJsonArray{QStringLiteral("Ingress")}},
        {QStringLiteral("ingress"), QJsonArray{QJsonObject{{QStringLiteral("from"), QJsonArray{
            QJsonObject{{QStringLiteral("podSelector"), QJsonObject{}}},
            QJsonObject{{QStringLiteral("namespaceSelector"), QJsonObject{{QStringLiteral("matchLabels"), QJsonObject{
                {QStringLiteral("kubernetes.io/metadata.name"), guards.ingressControllerNamespace}}}}}},
        }}}}},
    });
    result << policy;

    if (!options.owner.isEmpty()) {
        result << ownerRole(ns);
        QJsonObject binding = object(QStringLiteral("rbac.authorization.k8s.io/v1"), QStringLiteral("RoleBinding"),
                                     meta(QStringLiteral("previewdesk-owner"), ns));
        binding.insert(QStringLiteral("roleRef"), QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                                                               {QStringLiteral("kind"), QStringLiteral("Role")},
                                                               {QStringLiteral("name"), QStringLiteral("previewdesk-owner")}});
        binding.insert(QStringLiteral("subjects"), QJsonArray{QJsonObject{
            {QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
            {QStringLiteral("kind"), QStringLiteral("User")},
            {QStringLiteral("name"), options.owner}}});
        result << binding;
    }

    for (const QJsonObject &guard : std::as_const(result)) {
        const QString ref = guard.value(QLatin1String("kind")).toString() + QLatin1Char('/')
            + guard.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
        rows->append({ref, QString(), QString(), QStringLiteral("(added)"), PlanRule::Guard, false});
    }
    return result;
}

} // namespace pd::core::clone
