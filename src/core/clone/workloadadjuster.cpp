#include "workloadadjuster.h"

#include "jsonwalk.h"
#include "core/contract.h"

#include <QJsonArray>

namespace pd::core::clone {

namespace {

const QList<QLatin1StringView> kIdentityAnnotations = {
    contract::IrsaRoleAnnotation,
    contract::GkeServiceAccountAnnotation,
    contract::AzureClientIdAnnotation,
};

void makeOptional(QJsonObject &holder, const QString &refKey, const QString &nameKey, const QSet<QString> &omitted,
                  const QString &field, const QString &ref, QList<PlanRow> *rows)
{
    QJsonObject refObject = holder.value(refKey).toObject();
    const QString name = refObject.value(nameKey).toString();
    if (refObject.isEmpty() || !omitted.contains(name) || refObject.value(QLatin1String("optional")).toBool())
        return;
    refObject.insert(QStringLiteral("optional"), true);
    holder.insert(refKey, refObject);
    rows->append({ref, field + QLatin1String(".optional"), QStringLiteral("false"), QStringLiteral("true"),
                  PlanRule::SecretDecided, false});
}

void adjustContainers(QJsonObject &podSpec, const QString &listKey, const QString &specPath, const WorkloadContext &context,
                      const QString &ref, QList<PlanRow> *rows)
{
    QJsonArray containers = podSpec.value(listKey).toArray();
    for (qsizetype i = 0; i < containers.size(); ++i) {
        QJsonObject container = containers.at(i).toObject();
        const QString path = specPath + QLatin1Char('.') + listKey + QLatin1Char('[')
            + container.value(QLatin1String("name")).toString() + QLatin1Char(']');

        const QString image = container.value(QLatin1String("image")).toString();
        if (context.options->mode == CloneMode::CiCd && context.builtImages.contains(imageRepository(image))) {
            const QString rebound = imageRepository(image) + QLatin1Char('@') + context.builtImages.value(imageRepository(image));
            container.insert(QStringLiteral("image"), rebound);
            rows->append({ref, path + QLatin1String(".image"), image, rebound, PlanRule::RegistryBinding, false});
        }

        QJsonArray env = container.value(QLatin1String("env")).toArray();
        for (qsizetype e = 0; e < env.size(); ++e) {
            QJsonObject variable = env.at(e).toObject();
            QJsonObject valueFrom = variable.value(QLatin1String("valueFrom")).toObject();
            makeOptional(valueFrom, QStringLiteral("secretKeyRef"), QStringLiteral("name"), context.omittedSecrets,
                         path + QLatin1String(".env[") + variable.value(QLatin1String("name")).toString()
                             + QLatin1String("].valueFrom.secretKeyRef"), ref, rows);
            if (!valueFrom.isEmpty())
                variable.insert(QStringLiteral("valueFrom"), valueFrom);
            env[e] = variable;
        }
        if (!env.isEmpty())
            container.insert(QStringLiteral("env"), env);

        QJsonArray envFrom = container.value(QLatin1String("envFrom")).toArray();
        for (qsizetype e = 0; e < envFrom.size(); ++e) {
            QJsonObject source = envFrom.at(e).toObject();
            makeOptional(source, QStringLiteral("secretRef"), QStringLiteral("name"), context.omittedSecrets,
                         path + QLatin1String(".envFrom[") + QString::number(e) + QLatin1String("].secretRef"), ref, rows);
            envFrom[e] = source;
        }
        if (!envFrom.isEmpty())
            container.insert(QStringLiteral("envFrom"), envFrom);
        containers[i] = container;
    }
    if (!containers.isEmpty())
        podSpec.insert(listKey, containers);
}

void adjustPodSpec(QJsonObject &object, const QString &specPath, const WorkloadContext &context, QList<PlanRow> *rows)
{
    QJsonObject podSpec = valueAt(object, specPath).toObject();
    const QString ref = objectRef(object);
    adjustContainers(podSpec, QStringLiteral("initContainers"), specPath, context, ref, rows);
    adjustContainers(podSpec, QStringLiteral("containers"), specPath, context, ref, rows);
    QJsonArray volumes = podSpec.value(QLatin1String("volumes")).toArray();
    for (qsizetype v = 0; v < volumes.size(); ++v) {
        QJsonObject volume = volumes.at(v).toObject();
        makeOptional(volume, QStringLiteral("secret"), QStringLiteral("secretName"), context.omittedSecrets,
                     specPath + QLatin1String(".volumes[") + volume.value(QLatin1String("name")).toString()
                         + QLatin1String("].secret"), ref, rows);
        volumes[v] = volume;
    }
    if (!volumes.isEmpty())
        podSpec.insert(QStringLiteral("volumes"), volumes);
    setValueAt(object, specPath, podSpec);
}

void capInteger(QJsonObject &object, const QString &path, int cap, PlanRule rule, QList<PlanRow> *rows)
{
    const QJsonValue value = valueAt(object, path);
    const int current = value.isUndefined() ? 1 : value.toInt();
    if (current <= cap)
        return;
    setValueAt(object, path, cap);
    rows->append({objectRef(object), path, QString::number(current), QString::number(cap), rule, false});
}

// One decision per ServiceAccount, however many identity annotations it carries.
void decideIdentity(QJsonObject &account, const WorkloadContext &context, QList<PlanRow> *rows,
                    QList<CloneDecision> *decisions)
{
    QJsonObject annotations = valueAt(account, QStringLiteral("metadata.annotations")).toObject();
    const QString name = valueAt(account, QStringLiteral("metadata.name")).toString();
    const QString ref = objectRef(account);
    QStringList carried;
    for (const QLatin1StringView key : kIdentityAnnotations)
        if (annotations.contains(key))
            carried << QStringLiteral("%1=%2").arg(key, annotations.value(key).toString());
    if (carried.isEmpty())
        return;
    const IdentityDecision choice = context.options->identityDecisions.value(name, IdentityDecision::Undecided);
    CloneDecision decision;
    decision.kind = CloneDecision::Kind::CloudIdentity;
    decision.object = ref;
    decision.name = name;
    decision.question = QStringLiteral("ServiceAccount %1 assumes a cloud identity (%2). A preview running the pull "
                                       "request's code would act with it: drop it (recommended) or keep it.")
                            .arg(name, carried.join(QStringLiteral(", ")));
    decision.choice = identityDecisionName(choice);
    decision.decidedBy = choice == IdentityDecision::Undecided ? CloneDecision::DecidedBy::Nobody
        : context.options->profileDecisions.contains(ref)   ? CloneDecision::DecidedBy::Profile
                                                             : CloneDecision::DecidedBy::Flag;
    decisions->append(decision);
    for (const QLatin1StringView key : kIdentityAnnotations) {
        if (!annotations.contains(key))
            continue;
        const QString value = annotations.value(key).toString();
        const QString field = QStringLiteral("metadata.annotations.") + key;
        if (choice == IdentityDecision::Drop) {
            annotations.remove(key);
            rows->append({ref, field, value, QStringLiteral("(dropped)"), PlanRule::CloudIdentity, false});
        } else if (choice == IdentityDecision::Keep) {
            rows->append({ref, field, value, value + QStringLiteral(" (kept by choice)"), PlanRule::CloudIdentity, false});
        }
    }
    setValueAt(account, QStringLiteral("metadata.annotations"), annotations);
    if (annotations.isEmpty())
        removeValueAt(account, QStringLiteral("metadata.annotations"));
}

} // namespace

QString podSpecPath(const QString &kind)
{
    if (kind == QLatin1String("CronJob"))
        return QStringLiteral("spec.jobTemplate.spec.template.spec");
    if (kind == QLatin1String("Pod"))
        return QStringLiteral("spec");
    if (kind == QLatin1String("Deployment") || kind == QLatin1String("StatefulSet") || kind == QLatin1String("DaemonSet")
        || kind == QLatin1String("ReplicaSet") || kind == QLatin1String("Job"))
        return QStringLiteral("spec.template.spec");
    return {};
}

bool isCloudIdentityPath(const QString &path)
{
    static const QString prefix = QStringLiteral("metadata.annotations.");
    if (!path.startsWith(prefix))
        return false;
    const QStringView key = QStringView(path).mid(prefix.size());
    for (const QLatin1StringView identity : kIdentityAnnotations)
        if (key == identity)
            return true;
    return false;
}

QString imageRepository(const QString &image)
{
    QString repository = image.section(QLatin1Char('@'), 0, 0);
    const qsizetype slash = repository.lastIndexOf(QLatin1Char('/'));
    const qsizetype colon = repository.lastIndexOf(QLatin1Char(':'));
    if (colon > slash)   // a tag, not a registry port
        repository.truncate(colon);
    return repository;
}

void adjustForPreview(QJsonObject &object, const WorkloadContext &context, QList<PlanRow> *rows,
                      QList<CloneDecision> *decisions)
{
    const QString kind = object.value(QLatin1String("kind")).toString();
    const GuardSettings &guards = context.options->guards;
    if (kind == QLatin1String("Deployment") || kind == QLatin1String("StatefulSet"))
        capInteger(object, QStringLiteral("spec.replicas"), guards.maxReplicasPerWorkload, PlanRule::ReplicaCap, rows);
    if (kind == QLatin1String("HorizontalPodAutoscaler")) {
        capInteger(object, QStringLiteral("spec.minReplicas"), guards.maxReplicasPerWorkload, PlanRule::HpaCap, rows);
        capInteger(object, QStringLiteral("spec.maxReplicas"), guards.maxHpaReplicas, PlanRule::HpaCap, rows);
    }
    if (kind == QLatin1String("PodDisruptionBudget")) {
        QJsonObject spec = object.value(QLatin1String("spec")).toObject();
        const QString before = spec.contains(QLatin1String("minAvailable"))
            ? QStringLiteral("minAvailable: ") + spec.value(QLatin1String("minAvailable")).toVariant().toString()
            : QStringLiteral("maxUnavailable: ") + spec.value(QLatin1String("maxUnavailable")).toVariant().toString();
        spec.remove(QLatin1String("minAvailable"));
        spec.insert(QStringLiteral("maxUnavailable"), 1);
        object.insert(QStringLiteral("spec"), spec);
        if (before != QLatin1String("maxUnavailable: 1"))
            rows->append({objectRef(object), QStringLiteral("spec"), before, QStringLiteral("maxUnavailable: 1"),
                          PlanRule::DisruptionBudget, false});
    }
    if (kind == QLatin1String("ServiceAccount"))
        decideIdentity(object, context, rows, decisions);
    const QString specPath = podSpecPath(kind);
    if (!specPath.isEmpty())
        adjustPodSpec(object, specPath, context, rows);
}

} // namespace pd::core::clone
