#include "cloneplanner.h"

#include "certificateplanner.h"
#include "builddeclaration.h"
#include "cloneprofile.h"
#include "dataplanner.h"
#include "droprules.h"
#include "externalclaims.h"
#include "frontexposure.h"
#include "guardobjects.h"
#include "jsonwalk.h"
#include "literalcredentials.h"
#include "namesurvival.h"
#include "objectsanitizer.h"
#include "quotasizer.h"
#include "secretplanner.h"
#include "textrewriter.h"
#include "workloadadjuster.h"
#include "core/contract.h"
#include "core/environment/ingressurl.h"

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

CloneTier tierOf(const QJsonObject &object, const QSet<QString> &seededStatefulSets)
{
    const QString kind = kindOf(object);
    static const QStringList guards = {QStringLiteral("ResourceQuota"), QStringLiteral("LimitRange"),
                                       QStringLiteral("NetworkPolicy"), QStringLiteral("Role"),
                                       QStringLiteral("RoleBinding"), QStringLiteral("ServiceAccount")};
    static const QStringList configuration = {QStringLiteral("ConfigMap"), QStringLiteral("Secret"),
                                              QStringLiteral("ExternalSecret"), QStringLiteral("Password"),
                                              QStringLiteral("VolumeSnapshotContent"), QStringLiteral("VolumeSnapshot")};
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
    if (kind == QLatin1String("StatefulSet") && seededStatefulSets.contains(nameOf(object)))
        return CloneTier::Datastores;
    if (kind == QLatin1String("Job")
        && valueAt(object, QStringLiteral("metadata.labels")).toObject().contains(contract::SeedForLabel))
        return CloneTier::Seed;
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
            if (oldHost == host)   // behind the source's controller, so its port too
                return ingressUrl(object, host, newHost).toString();
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
    // A program reads its environment variables by name.
    static const QRegularExpression envName(QStringLiteral("\\.env\\[[^\\]]*\\]\\.name$"));
    if (path == QLatin1String("metadata.name") || path == QLatin1String("apiVersion") || path == QLatin1String("kind")
        || image.match(path).hasMatch() || envName.match(path).hasMatch() || isCloudIdentityPath(path))
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

// ConfigMap and Secret keys are file names and variable names: rewritten as
// free text, so that the references to them (items[].key, configMapKeyRef.key),
// which are rewritten too, still match.
void rewriteDataKeys(QJsonObject &object, const TextRewriter &rewriter, QList<PlanRow> *rows)
{
    const QString kind = kindOf(object);
    if (kind != QLatin1String("ConfigMap") && kind != QLatin1String("Secret"))
        return;
    for (const QString &field : {QStringLiteral("data"), QStringLiteral("binaryData"), QStringLiteral("stringData")}) {
        if (!object.contains(field))
            continue;
        const QJsonObject data = object.value(field).toObject();
        QJsonObject renamed;
        for (auto it = data.begin(); it != data.end(); ++it) {
            QList<TextChange> changes;
            const QString key = rewriter.rewrite(it.key(), &changes);
            for (const TextChange &change : std::as_const(changes))
                rows->append({objectRef(object), field + QLatin1Char('.') + it.key() + QStringLiteral(" (key)"), change.before,
                              change.after, change.rule, false});
            renamed.insert(key, it.value());
        }
        object.insert(field, renamed);
    }
}

void rewriteReferences(QJsonObject &object, const TextRewriter &rewriter, QList<PlanRow> *rows)
{
    rewriteDataKeys(object, rewriter, rows);
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

// The registrable domains ("example.com") of the source's hosts and of the
// preview's host template: hosts under them are the environment's own.
QStringList ownDomains(const QList<QPair<QString, QString>> &hostMap, const CloneOptions &options)
{
    QString templateHost = options.hostTemplate;
    templateHost.replace(QLatin1String("{name}"), options.name);
    QStringList hosts{templateHost};
    for (const auto &[oldHost, newHost] : hostMap)
        hosts << oldHost;
    QStringList domains;
    for (const QString &host : std::as_const(hosts)) {
        const QString domain = TextRewriter::registrableDomain(host);
        if (!domain.isEmpty() && !domains.contains(domain))
            domains << domain;
    }
    return domains;
}

// CI+CD: the images the declared build pins (repository -> digest), and the plan's word on
// it: an open Build decision saying what to declare, or a warning until the build has run.
QMap<QString, QString> planBuild(const QList<QJsonObject> &sourceObjects, const QList<QJsonObject> &objects,
                                 const CloneOptions &options, ClonePlan *plan)
{
    const BuildDeclaration build = readBuildDeclaration(sourceObjects, options.sourceNamespace);
    if (!build.declared()) {
        PendingDecision undeclared;
        undeclared.kind = PendingDecision::Kind::Build;
        undeclared.object = QStringLiteral("Namespace/") + options.sourceNamespace;
        undeclared.name = QStringLiteral("build");
        undeclared.question = build.missing(options.sourceNamespace);
        plan->pendingDecisions << undeclared;
        // Also where the wizard's summary says why Create is not possible: it is no choice
        // the person cloning makes here, the source has to declare it.
        plan->warnings << undeclared.question;
        return {};
    }
    QSet<QString> run;
    for (const QJsonObject &object : objects) {
        const QString specPath = podSpecPath(kindOf(object));
        const QJsonObject podSpec = specPath.isEmpty() ? QJsonObject() : valueAt(object, specPath).toObject();
        for (const QString &list : {QStringLiteral("initContainers"), QStringLiteral("containers")})
            for (const QJsonValue &container : podSpec.value(list).toArray())
                run.insert(imageRepository(container.toObject().value(QLatin1String("image")).toString()));
    }
    for (const QString &image : build.images)
        if (!run.contains(image))
            plan->warnings << QStringLiteral("ciImages names %1, which no workload of %2 runs: its digest is not used")
                                  .arg(image, options.sourceNamespace);
    if (options.builtImages.isEmpty()) {
        plan->warnings << QStringLiteral("CI+CD: %1 builds %2 for the pull request when the clone starts; the preview "
                                         "runs them pinned to the digests its run reports (artifact %3)")
                              .arg(build.workflow, build.images.join(QStringLiteral(", ")), build.artifact);
        return {};
    }
    QMap<QString, QString> pinned;
    for (const QString &image : build.images)
        if (options.builtImages.contains(image))
            pinned.insert(image, options.builtImages.value(image));
    return pinned;
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

    // --replicas-cap lowers the guard's cap, never raises it.
    CloneOptions effective = options;
    if (options.replicasCap > 0) {
        effective.guards.maxReplicasPerWorkload = std::min(options.guards.maxReplicasPerWorkload, options.replicasCap);
        effective.guards.maxHpaReplicas = std::min(options.guards.maxHpaReplicas, options.replicasCap);
    }

    QStringList serviceNames;
    QSet<QString> objectNames;
    for (const QJsonObject &object : std::as_const(objects)) {
        objectNames.insert(nameOf(object));
        if (kindOf(object) == QLatin1String("Service"))
            serviceNames << nameOf(object);
    }
    const QList<QPair<QString, QString>> hostMap = hostMapOf(objects, options);
    TextRewriter rewriter(options.sourceNamespace, options.name, serviceNames, hostMap);
    rewriter.setObjectNames(objectNames);
    rewriter.setOwnDomains(ownDomains(hostMap, options));
    plan.url = primaryUrl(objects, hostMap);

    const ExposurePlan exposure = planExposure(objects, options);
    plan.rows += exposure.rows;
    plan.warnings += exposure.warnings;
    if (exposure.problem)
        plan.pendingDecisions << *exposure.problem;
    if (!exposure.url.isEmpty() && (plan.url.isEmpty() || !options.exposeService.isEmpty()))
        plan.url = exposure.url;

    QList<QJsonObject> secrets, externalSecrets, others;
    LiteralCredentials literals(random);
    for (const QJsonObject &object : std::as_const(objects)) {
        const QString kind = kindOf(object);
        if (kind == QLatin1String("Secret"))
            secrets << object;
        else if (kind == QLatin1String("ExternalSecret"))
            externalSecrets << object;
        else
            others << object;
        literals.collect(object);
    }
    SecretPlan secretPlan = planSecrets(secrets, externalSecrets, options, random);
    plan.rows += secretPlan.rows;
    plan.decisions += secretPlan.decisions;

    WorkloadContext context;
    context.options = &effective;
    context.omittedSecrets = secretPlan.omittedSecrets;
    if (options.mode == CloneMode::CiCd)
        context.builtImages = planBuild(sourceObjects, objects, options, &plan);

    QList<QJsonObject> planned;
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
        releaseExternalClaims(object, options, &plan.rows);
        literals.replace(object, &plan.rows);
        if (kindOf(object) == QLatin1String("Ingress"))
            renameTlsSecrets(object, options, &plan.rows);
        renameCertificateSecret(object, options, &plan.rows);
        rewriteReferences(object, rewriter, &plan.rows);
        adjustForPreview(object, context, &plan.rows, &plan.decisions);
        planned << object;
    }
    if (!exposure.ingress.isEmpty())
        planned << exposure.ingress;

    // What the datastores start with; before the quota, which counts restored sizes and seed Jobs.
    const DataPlan data = planData(sourceObjects, planned, options);
    planned += data.objects;
    plan.rows += data.rows;
    plan.decisions += data.decisions;
    plan.warnings += data.warnings;

    // The quota fits what the preview runs; guards and the namespace come last so they know it.
    const QuotaSizing quota = sizeQuota(planned, effective.guards);
    plan.rows += quota.rows;
    plan.warnings += quota.warnings;
    if (!quota.doesNotFit.isEmpty()) {
        PendingDecision doesNotFit;
        doesNotFit.kind = PendingDecision::Kind::Quota;
        doesNotFit.object = QStringLiteral("ResourceQuota/previewdesk-quota");
        doesNotFit.name = QStringLiteral("quota");
        doesNotFit.question = quota.doesNotFit;
        plan.pendingDecisions.append(doesNotFit);
    }
    planned << previewNamespace(sourceNamespace, options, {plan.cloneId, plan.url, now}, &plan.rows);
    planned << guardObjects(options, quota.hard, &plan.rows);

    const auto tier = [&](const QJsonObject &object) { return tierOf(object, data.seededStatefulSets); };
    std::stable_sort(planned.begin(), planned.end(), [&](const QJsonObject &a, const QJsonObject &b) {
        const auto ta = tier(a), tb = tier(b);
        if (ta != tb)
            return ta < tb;
        return std::make_pair(kindOf(a), nameOf(a)) < std::make_pair(kindOf(b), nameOf(b));
    });
    for (const QJsonObject &object : std::as_const(planned))
        plan.objects.append({object, tier(object)});

    for (const CloneDecision &decision : std::as_const(plan.decisions))
        if (decision.isOpen())
            plan.pendingDecisions << decision;
    listSurvivingNames(planned, options.sourceNamespace, rewriter, &plan.rows);
    literals.maskRows(&plan.rows);
    return plan;
}

} // namespace pd::core
