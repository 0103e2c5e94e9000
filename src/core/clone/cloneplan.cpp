#include "cloneplan.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>

namespace pd::core {

QString cloneModeName(CloneMode mode)
{
    return mode == CloneMode::CiCd ? QStringLiteral("ci-cd") : QStringLiteral("cd-only");
}

SecretDecision SecretDecision::parse(const QString &text, QString *error)
{
    SecretDecision decision;
    if (text == QLatin1String("generate")) {
        decision.kind = Kind::Generate;
    } else if (text == QLatin1String("omit")) {
        decision.kind = Kind::Omit;
    } else if (text.startsWith(QLatin1String("ref:"))) {
        const QString target = text.mid(4);
        const qsizetype slash = target.indexOf(QLatin1Char('/'));
        if (slash <= 0 || slash == target.size() - 1) {
            if (error)
                *error = QStringLiteral("\"%1\": a reference is written ref:STORE/KEY, e.g. ref:aws-secrets-manager/shop/preview/smtp").arg(text);
            return {};
        }
        decision.kind = Kind::Reference;
        decision.storeName = target.left(slash);
        decision.remoteKey = target.mid(slash + 1);
    } else if (error) {
        *error = QStringLiteral("\"%1\" is not a secret decision: use generate, omit or ref:STORE/KEY").arg(text);
    }
    return decision;
}

SecretDecision SecretDecision::enteredValues(const QByteArray &lines, QString *error)
{
    SecretDecision decision;
    int number = 0;
    for (QByteArray line : lines.split('\n')) {
        ++number;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty() || line.trimmed().startsWith('#'))
            continue;
        const qsizetype equals = line.indexOf('=');
        const QString key = QString::fromUtf8(line.left(std::max<qsizetype>(equals, 0))).trimmed();
        if (equals <= 0 || key.isEmpty()) {
            if (error)
                *error = QStringLiteral("line %1 is not KEY=VALUE").arg(number);
            return {};
        }
        decision.values.insert(key, line.mid(equals + 1));
    }
    if (decision.values.isEmpty()) {
        if (error)
            *error = QStringLiteral("no KEY=VALUE line was given");
        return {};
    }
    decision.kind = Kind::EnterValue;
    return decision;
}

QString planRuleName(PlanRule rule)
{
    switch (rule) {
    case PlanRule::Namespace: return QStringLiteral("namespace");
    case PlanRule::DnsName: return QStringLiteral("dns-name");
    case PlanRule::IngressHost: return QStringLiteral("ingress-host");
    case PlanRule::TlsSecretName: return QStringLiteral("tls-secret-name");
    case PlanRule::RecordPrefix: return QStringLiteral("record-prefix");
    case PlanRule::RegistryBinding: return QStringLiteral("registry-binding");
    case PlanRule::ReplicaCap: return QStringLiteral("replica-cap");
    case PlanRule::HpaCap: return QStringLiteral("hpa-cap");
    case PlanRule::DisruptionBudget: return QStringLiteral("disruption-budget");
    case PlanRule::CloudIdentity: return QStringLiteral("cloud-identity");
    case PlanRule::SecretExternal: return QStringLiteral("secret-external");
    case PlanRule::SecretRegenerated: return QStringLiteral("secret-regenerated");
    case PlanRule::SecretController: return QStringLiteral("secret-controller");
    case PlanRule::SecretDecided: return QStringLiteral("secret-decided");
    case PlanRule::SecretKey: return QStringLiteral("secret-key");
    case PlanRule::ServerField: return QStringLiteral("server-field");
    case PlanRule::Dropped: return QStringLiteral("dropped");
    case PlanRule::Guard: return QStringLiteral("guard");
    case PlanRule::Lineage: return QStringLiteral("lineage");
    case PlanRule::SourceName: return QStringLiteral("source-name");
    case PlanRule::Kept: return QStringLiteral("kept");
    case PlanRule::ExternalClaim: return QStringLiteral("external-claim");
    case PlanRule::ServiceType: return QStringLiteral("service-type");
    case PlanRule::Exposure: return QStringLiteral("exposure");
    case PlanRule::QuotaSize: return QStringLiteral("quota-size");
    case PlanRule::LiteralCredential: return QStringLiteral("literal-credential");
    case PlanRule::DataSource: return QStringLiteral("data-source");
    case PlanRule::DataSeed: return QStringLiteral("data-seed");
    }
    return {};
}

// Translated where the application installs a translator (the wizard); previewctl prints the source text.
QString planRuleDescription(PlanRule rule)
{
    switch (rule) {
    case PlanRule::Namespace: return QCoreApplication::translate("pd::core::PlanRule", "The preview lives in its own namespace.");
    case PlanRule::DnsName: return QCoreApplication::translate("pd::core::PlanRule", "In-cluster DNS names point at the preview's own services.");
    case PlanRule::IngressHost: return QCoreApplication::translate("pd::core::PlanRule", "Hosts come from the context's host template.");
    case PlanRule::TlsSecretName: return QCoreApplication::translate("pd::core::PlanRule", "Each preview gets its own certificate.");
    case PlanRule::RecordPrefix: return QCoreApplication::translate("pd::core::PlanRule", "Backups, buckets and key prefixes must not touch the source's data.");
    case PlanRule::RegistryBinding: return QCoreApplication::translate("pd::core::PlanRule", "Images built from the pull request run in the preview, pinned by digest.");
    case PlanRule::ReplicaCap: return QCoreApplication::translate("pd::core::PlanRule", "Replicas are capped to fit the preview's quota.");
    case PlanRule::HpaCap: return QCoreApplication::translate("pd::core::PlanRule", "Autoscaling bounds are capped to fit the preview's quota.");
    case PlanRule::DisruptionBudget: return QCoreApplication::translate("pd::core::PlanRule", "A one-replica preview must stay drainable.");
    case PlanRule::CloudIdentity: return QCoreApplication::translate("pd::core::PlanRule", "Cloud identities are never copied silently.");
    case PlanRule::SecretExternal: return QCoreApplication::translate("pd::core::PlanRule", "The operator fetches the value from the secret manager.");
    case PlanRule::SecretRegenerated: return QCoreApplication::translate("pd::core::PlanRule", "A fresh random value; the source's is never copied.");
    case PlanRule::SecretController: return QCoreApplication::translate("pd::core::PlanRule", "Its controller makes a new one in the preview.");
    case PlanRule::SecretDecided: return QCoreApplication::translate("pd::core::PlanRule", "What the person cloning chose.");
    case PlanRule::SecretKey: return QCoreApplication::translate("pd::core::PlanRule", "Secret-manager keys that name the source are shared, rewritten or generated, by choice.");
    case PlanRule::ServerField: return QCoreApplication::translate("pd::core::PlanRule", "Set by the API server for the source's object alone.");
    case PlanRule::Dropped: return QCoreApplication::translate("pd::core::PlanRule", "Belongs to the source's namespace alone.");
    case PlanRule::Guard: return QCoreApplication::translate("pd::core::PlanRule", "Every preview is fenced in: quota, limits, network policy, owner role.");
    case PlanRule::Lineage: return QCoreApplication::translate("pd::core::PlanRule", "Labels and annotations that tie the preview to its source and PR.");
    case PlanRule::SourceName: return QCoreApplication::translate("pd::core::PlanRule", "The source's name, wherever it stands as a word, becomes the preview's.");
    case PlanRule::Kept: return QCoreApplication::translate("pd::core::PlanRule", "The source's name stays here on purpose; the row says why.");
    case PlanRule::ExternalClaim: return QCoreApplication::translate("pd::core::PlanRule", "Addresses and ports outside the namespace belong to the source alone.");
    case PlanRule::ServiceType: return QCoreApplication::translate("pd::core::PlanRule", "A preview gets no cloud load balancer or node port of its own; its URL is an Ingress.");
    case PlanRule::Exposure: return QCoreApplication::translate("pd::core::PlanRule", "Every preview has a URL: its front Service is exposed through an Ingress.");
    case PlanRule::QuotaSize: return QCoreApplication::translate("pd::core::PlanRule", "The quota fits what the environment runs, with room for rolling updates, under the context's cap.");
    case PlanRule::LiteralCredential: return QCoreApplication::translate("pd::core::PlanRule", "A credential written into the manifest gets a fresh value; the source's is never copied.");
    case PlanRule::DataSource: return QCoreApplication::translate("pd::core::PlanRule", "A datastore starts empty or from a snapshot the person cloning chose; the golden snapshot itself is never touched.");
    case PlanRule::DataSeed: return QCoreApplication::translate("pd::core::PlanRule", "A datastore is filled by the seed Job its source declares, before the workloads that use it start.");
    }
    return {};
}

QJsonObject PlanRow::toJson() const
{
    return QJsonObject{{QStringLiteral("object"), object}, {QStringLiteral("field"), field},
                       {QStringLiteral("old"), oldValue},  {QStringLiteral("new"), newValue},
                       {QStringLiteral("rule"), planRuleName(rule)}, {QStringLiteral("secret"), secret}};
}

QJsonObject maskSecretData(const QJsonObject &object)
{
    if (object.value(QLatin1String("kind")).toString() != QLatin1String("Secret"))
        return object;
    QJsonObject masked = object;
    for (const QString &field : {QStringLiteral("data"), QStringLiteral("stringData")}) {
        QJsonObject data = masked.value(field).toObject();
        for (auto it = data.begin(); it != data.end(); ++it)
            it.value() = QStringLiteral("******");
        if (masked.contains(field))
            masked.insert(field, data);
    }
    return masked;
}

QList<QJsonObject> ClonePlan::objectsOfTier(CloneTier tier) const
{
    QList<QJsonObject> result;
    for (const PlannedObject &planned : objects)
        if (planned.tier == tier)
            result << planned.object;
    return result;
}

QJsonObject ClonePlan::toJson() const
{
    QJsonArray rowArray, objectArray, pendingArray, decisionArray;
    for (const PlanRow &row : rows)
        rowArray.append(row.toJson());
    for (const PlannedObject &planned : objects)
        objectArray.append(maskSecretData(planned.object));
    for (const PendingDecision &decision : pendingDecisions)
        pendingArray.append(decision.toJson());
    for (const CloneDecision &decision : decisions)
        decisionArray.append(decision.toJson());
    return QJsonObject{{QStringLiteral("source"), sourceNamespace},
                       {QStringLiteral("name"), targetNamespace},
                       {QStringLiteral("cloneId"), cloneId},
                       {QStringLiteral("mode"), cloneModeName(mode)},
                       {QStringLiteral("url"), url},
                       {QStringLiteral("rows"), rowArray},
                       {QStringLiteral("objects"), objectArray},
                       {QStringLiteral("decisions"), decisionArray},
                       {QStringLiteral("pendingDecisions"), pendingArray},
                       {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)}};
}

QList<QJsonObject> ClonePlan::manifests(bool includeSecretValues) const
{
    QList<QJsonObject> result;
    for (const PlannedObject &planned : objects)
        result << (includeSecretValues ? planned.object : maskSecretData(planned.object));
    return result;
}

} // namespace pd::core
