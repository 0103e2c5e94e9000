#include "cloneplanner.h"

#include "certificateplanner.h"
#include "cloneprofile.h"
#include "droprules.h"
#include "guardobjects.h"
#include "jsonwalk.h"
#include "objectsanitizer.h"
#include "secretplanner.h"
#include "textrewriter.h"
#include "workloadadjuster.h"

#include "kube/quantity.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <algorithm>

namespace pd::core {

using namespace clone;

namespace {

QString kindOf(const QJsonObject &object) { return object.value(QLatin1String("kind")).toString(); }
QString nameOf(const QJsonObject &object) { return valueAt(object, QStringLiteral("metadata.name")).toString(); }
QString namespaceOf(const QJsonObject &object) { return valueAt(object, QStringLiteral("metadata.namespace")).toString(); }

CloneTier tierOf(const QString &kind)
{
    static const QStringList guards = {QStringLiteral("ResourceQuota"), QStringLiteral("LimitRange"),
                                       QStringLiteral("NetworkPolicy"), QStringLiteral("Role"),
                                       QStringLiteral("RoleBinding"), QStringLiteral("ServiceAccount")};
    static const QStringList configuration = {QStringLiteral("ConfigMap"), QStringLiteral("Secret"),
                                              QStringLiteral("ExternalSecret"), QStringLiteral("Password")};
    static const QStringList services = {QStringLiteral("Service"), QStringLiteral("PersistentVolumeClaim")};
    static const QStringList ingress = {QStringLiteral("Ingress")};
    if (kind == QLatin1String("Namespace"))
        return CloneTier::Namespace;
    if (guards.contains(kind))
        return CloneTier::Guards;
    if (configuration.contains(kind))
        return CloneTier::Configuration;
    if (services.contains(kind))
        return CloneTier::ServicesAndStorage;
    if (ingress.contains(kind))
        return CloneTier::Ingress;
    return CloneTier::Workloads;
}

// Old host -> new host: the labels before the source's name are kept in front
// of the host template ("api.staging.shop.example.com" -> "api.pr-1423.preview.example.com").
QString previewHost(const QString &host, const QString &sourceNamespace, const QString &hostTemplate, const QString &name)
{
    QString base = hostTemplate;
    base.replace(QLatin1String("{name}"), name);
    const QStringList labels = host.split(QLatin1Char('.'));
    const qsizetype at = labels.indexOf(sourceNamespace);
    const QStringList prefix = at >= 0 ? labels.mid(0, at) : labels.mid(0, 1);
    return prefix.isEmpty() ? base : prefix.join(QLatin1Char('.')) + QLatin1Char('.') + base;
}

QList<QPair<QString, QString>> hostMapOf(const QList<QJsonObject> &objects, const CloneOptions &options)
{
    QList<QPair<QString, QString>> map;
    QStringList seen;
    auto add = [&](const QString &host) {
        if (host.isEmpty() || seen.contains(host))
            return;
        seen << host;
        map.append({host, previewHost(host, options.sourceNamespace, options.hostTemplate, options.name)});
    };
    for (const QJsonObject &object : objects) {
        if (kindOf(object) != QLatin1String("Ingress"))
            continue;
        const QJsonObject spec = object.value(QLatin1String("spec")).toObject();
        for (const QJsonValue &rule : spec.value(QLatin1String("rules")).toArray())
            add(rule.toObject().value(QLatin1String("host")).toString());
        for (const QJsonValue &tls : spec.value(QLatin1String("tls")).toArray())
            for (const QJsonValue &host : tls.toObject().value(QLatin1String("hosts")).toArray())
                add(host.toString());
    }
    for (const QJsonObject &object : objects)
        for (const QString &host : certificateHosts(object))
            add(host);
    return map;
}

QString primaryUrl(const QList<QJsonObject> &objects, const QList<QPair<QString, QString>> &hostMap)
{
    for (const QJsonObject &object : objects) {
        if (kindOf(object) != QLatin1String("Ingress"))
            continue;
        const QJsonObject spec = object.value(QLatin1String("spec")).toObject();
        const QJsonArray rules = spec.value(QLatin1String("rules")).toArray();
        if (rules.isEmpty())
            continue;
        const QString host = rules.first().toObject().value(QLatin1String("host")).toString();
        for (const auto &[oldHost, newHost] : hostMap)
            if (oldHost == host)
                return (spec.value(QLatin1String("tls")).toArray().isEmpty() ? QStringLiteral("http://")
                                                                              : QStringLiteral("https://")) + newHost;
    }
    return {};
}

void renameTlsSecrets(QJsonObject &ingress, const CloneOptions &options, QList<PlanRow> *rows)
{
    QJsonObject spec = ingress.value(QLatin1String("spec")).toObject();
    QJsonArray tls = spec.value(QLatin1String("tls")).toArray();
    for (qsizetype i = 0; i < tls.size(); ++i) {
        QJsonObject entry = tls.at(i).toObject();
        const QString old = entry.value(QLatin1String("secretName")).toString();
        if (old.isEmpty())
            continue;
        const QString renamed = previewTlsSecretName(old, options);
        entry.insert(QStringLiteral("secretName"), renamed);
        tls[i] = entry;
        rows->append({objectRef(ingress), QStringLiteral("spec.tls[%1].secretName").arg(i), old, renamed,
                      PlanRule::TlsSecretName, false});
    }
    if (!tls.isEmpty()) {
        spec.insert(QStringLiteral("tls"), tls);
        ingress.insert(QStringLiteral("spec"), spec);
    }
}

// Fields whose text is an identity or a pointer into a secret manager, not configuration.
bool skipForRewrite(const QString &kind, const QString &path)
{
    static const QRegularExpression image(QStringLiteral("\\.image$"));
    if (path == QLatin1String("metadata.name") || path.startsWith(QLatin1String("metadata.labels"))
        || path == QLatin1String("apiVersion") || path == QLatin1String("kind") || image.match(path).hasMatch())
        return true;
    if (kind == QLatin1String("Secret") && (path.startsWith(QLatin1String("data")) || path.startsWith(QLatin1String("stringData"))))
        return true;
    // The operator fetches these keys from the secret manager: they name its entries, not the cluster.
    if (kind == QLatin1String("ExternalSecret")
        && (path.contains(QLatin1String(".remoteRef")) || path.startsWith(QLatin1String("spec.dataFrom"))
            || path.startsWith(QLatin1String("spec.secretStoreRef"))))
        return true;
    return false;
}

void rewriteReferences(QJsonObject &object, const TextRewriter &rewriter, QList<PlanRow> *rows)
{
    const QString kind = kindOf(object);
    const QString ref = objectRef(object);
    rewriteStrings(
        object,
        [&](QString &text, const QString &path) {
            QList<TextChange> changes;
            text = rewriter.rewrite(text, &changes);
            for (const TextChange &change : changes)
                rows->append({ref, path, change.before, change.after, change.rule, false});
        },
        [&](const QString &path) { return skipForRewrite(kind, path); });
}

// Requests of the workloads after capping, against the quota: a warning when they do not fit.
void checkQuotaFit(const ClonePlan &plan, const GuardSettings &guards, QStringList *warnings)
{
    for (const QString &resource : {QStringLiteral("cpu"), QStringLiteral("memory")}) {
        const auto hard = pd::kube::Quantity::parse(guards.quotaHard.value(QStringLiteral("requests.") + resource).toString());
        if (!hard)
            continue;
        pd::kube::Quantity total;
        for (const PlannedObject &planned : plan.objects) {
            const QString kind = kindOf(planned.object);
            if (kind != QLatin1String("Deployment") && kind != QLatin1String("StatefulSet"))
                continue;
            const QJsonValue replicasValue = valueAt(planned.object, QStringLiteral("spec.replicas"));
            const int replicas = replicasValue.isUndefined() ? 1 : replicasValue.toInt();
            const QJsonArray containers = valueAt(planned.object, QStringLiteral("spec.template.spec.containers")).toArray();
            for (const QJsonValue &container : containers) {
                const QJsonValue request = valueAt(container.toObject(), QStringLiteral("resources.requests.") + resource);
                const auto quantity = pd::kube::Quantity::fromJson(request);
                for (int r = 0; quantity && r < replicas; ++r)
                    total += *quantity;
            }
        }
        if (total > *hard)
            warnings->append(QStringLiteral("The workloads request %1 %2 but the preview's quota allows %3: "
                                            "some pods will not start until the quota is raised.")
                                 .arg(total.toString(), resource, hard->toString()));
    }
}

} // namespace

QString validatePreviewName(const QString &name)
{
    static const QRegularExpression label(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    if (name.isEmpty())
        return QStringLiteral("A name is required.");
    if (name.size() > 63)
        return QStringLiteral("The name is %1 characters long; at most 63 are allowed.").arg(name.size());
    if (!label.match(name).hasMatch())
        return QStringLiteral("\"%1\" is not a valid name: use lower-case letters, digits and '-', "
                              "starting and ending with a letter or digit (RFC 1123).").arg(name);
    return {};
}

QString previewNameForPullRequest(int pullRequest)
{
    return QStringLiteral("pr-") + QString::number(pullRequest);
}

ClonePlan planClone(const QList<QJsonObject> &sourceObjects, const CloneOptions &requested, const QDateTime &now,
                    QRandomGenerator &random)
{
    ClonePlan plan;
    // The source's clone profile answers what the request leaves open (cloneprofile.h).
    const SourceCloneProfile profile = readCloneProfile(sourceObjects, requested.sourceNamespace);
    if (!profile.error.isEmpty())
        plan.warnings << QStringLiteral("The clone profile is not used: ") + profile.error;
    const CloneOptions options = withCloneProfile(requested, profile);
    plan.sourceNamespace = options.sourceNamespace;
    plan.targetNamespace = options.name;
    plan.mode = options.mode;
    plan.cloneId = options.cloneId;
    if (plan.cloneId.isEmpty())
        plan.cloneId = QString::number(random.generate64(), 16).rightJustified(16, QLatin1Char('0'));

    QJsonObject sourceNamespace;
    QList<QJsonObject> objects;
    for (const QJsonObject &object : sourceObjects) {
        if (kindOf(object) == QLatin1String("Namespace") && nameOf(object) == options.sourceNamespace)
            sourceNamespace = object;
        else if (namespaceOf(object) == options.sourceNamespace)
            objects << object;
    }

    QStringList serviceNames;
    for (const QJsonObject &object : std::as_const(objects))
        if (kindOf(object) == QLatin1String("Service"))
            serviceNames << nameOf(object);
    const QList<QPair<QString, QString>> hostMap = hostMapOf(objects, options);
    const TextRewriter rewriter(options.sourceNamespace, options.name, serviceNames, hostMap);
    plan.url = primaryUrl(objects, hostMap);

    QList<QJsonObject> secrets, externalSecrets, others;
    for (const QJsonObject &object : std::as_const(objects)) {
        const QString kind = kindOf(object);
        if (kind == QLatin1String("Secret"))
            secrets << object;
        else if (kind == QLatin1String("ExternalSecret"))
            externalSecrets << object;
        else
            others << object;
    }
    SecretPlan secretPlan = planSecrets(secrets, externalSecrets, options, random);
    plan.rows += secretPlan.rows;
    plan.decisions += secretPlan.decisions;

    WorkloadContext context;
    context.options = &options;
    context.omittedSecrets = secretPlan.omittedSecrets;
    context.pullRequestRepositories = pullRequestRepositories(objects);
    context.imageTag = !options.previewImageTag.isEmpty() ? options.previewImageTag
        : options.pullRequest > 0                         ? previewNameForPullRequest(options.pullRequest)
                                                          : options.name;

    QList<QJsonObject> planned;
    planned << previewNamespace(sourceNamespace, options, {plan.cloneId, plan.url, now}, &plan.rows);
    planned << guardObjects(options, &plan.rows);
    for (QJsonObject object : std::as_const(secretPlan.objects)) {
        rewriteReferences(object, rewriter, &plan.rows);
        planned << object;
    }
    for (const QJsonObject &source : std::as_const(others)) {
        const QString reason = dropReason(source, objects, options.cloneProfileConfigMap);
        if (!reason.isEmpty()) {
            plan.rows.append({objectRef(source), QString(), QString(), reason, PlanRule::Dropped, false});
            continue;
        }
        QJsonObject object = sanitizedCopy(source, options.name, &plan.rows);
        if (kindOf(object) == QLatin1String("Ingress"))
            renameTlsSecrets(object, options, &plan.rows);
        renameCertificateSecret(object, options, &plan.rows);
        rewriteReferences(object, rewriter, &plan.rows);
        adjustForPreview(object, context, &plan.rows, &plan.decisions);
        planned << object;
    }

    std::stable_sort(planned.begin(), planned.end(), [](const QJsonObject &a, const QJsonObject &b) {
        const auto ta = tierOf(kindOf(a)), tb = tierOf(kindOf(b));
        if (ta != tb)
            return ta < tb;
        return std::make_pair(kindOf(a), nameOf(a)) < std::make_pair(kindOf(b), nameOf(b));
    });
    for (const QJsonObject &object : std::as_const(planned))
        plan.objects.append({object, tierOf(kindOf(object))});

    for (const CloneDecision &decision : std::as_const(plan.decisions))
        if (decision.isOpen())
            plan.pendingDecisions << decision;
    checkQuotaFit(plan, options.guards, &plan.warnings);
    return plan;
}

} // namespace pd::core
