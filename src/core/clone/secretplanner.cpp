#include "secretplanner.h"

#include "droprules.h"
#include "jsonwalk.h"
#include "objectsanitizer.h"
#include "secretkeyplanner.h"
#include "core/contract.h"

#include <QJsonArray>
#include <QRandomGenerator>

namespace pd::core::clone {

namespace {

const QString kMasked = QStringLiteral("••••••");
const QLatin1StringView kRegenerateAnnotation = contract::RegenerateAnnotation;

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject();
}

bool isOwnedByKind(const QJsonObject &object, const QString &kind)
{
    const QJsonArray owners = metadataOf(object).value(QLatin1String("ownerReferences")).toArray();
    return std::any_of(owners.begin(), owners.end(), [&](const QJsonValue &owner) {
        return owner.toObject().value(QLatin1String("kind")).toString() == kind;
    });
}

QStringList keysOf(const QJsonObject &secret)
{
    QStringList keys = secret.value(QLatin1String("data")).toObject().keys();
    keys += secret.value(QLatin1String("stringData")).toObject().keys();
    keys.removeDuplicates();
    keys.sort();
    return keys;
}

// A Secret for the preview carrying the source's name, type, labels and
// PreviewDesk annotations, with new data.
QJsonObject freshSecret(const QJsonObject &source, const CloneOptions &options, const QJsonObject &data)
{
    QJsonObject secret = sanitizedCopy(source, options.name);
    secret.remove(QLatin1String("stringData"));
    secret.insert(QLatin1String("data"), data);
    return secret;
}

QJsonObject generatedData(const QJsonObject &source, QRandomGenerator &random, PlanRule rule, QList<PlanRow> *rows)
{
    QJsonObject data;
    const QString ref = objectRef(source);
    const QStringList listed = metadataOf(source).value(QLatin1String("annotations")).toObject()
                                   .value(kRegenerateAnnotation).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &key : keysOf(source)) {
        data.insert(key, QString::fromLatin1(generateSecretValue(key, random).toBase64()));
        const bool marked = std::any_of(listed.begin(), listed.end(), [&](const QString &l) { return l.trimmed() == key; });
        const QString why = rule == PlanRule::SecretRegenerated && !marked
            ? QStringLiteral("•••••• (generated: a clone never copies a source secret value)")
            : QStringLiteral("•••••• (generated)");
        rows->append({ref, QStringLiteral("data.") + key, kMasked, why, rule, true});
    }
    return data;
}

QJsonObject referenceExternalSecret(const QJsonObject &source, const CloneOptions &options,
                                    const SecretDecision &decision)
{
    const QString name = metadataOf(source).value(QLatin1String("name")).toString();
    QJsonObject metadata{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), options.name}};
    const QJsonObject labels = metadataOf(source).value(QLatin1String("labels")).toObject();
    if (!labels.isEmpty())
        metadata.insert(QStringLiteral("labels"), labels);
    const QJsonObject spec{
        {QStringLiteral("refreshInterval"), QStringLiteral("1h")},
        {QStringLiteral("secretStoreRef"), QJsonObject{{QStringLiteral("name"), decision.storeName},
                                                       {QStringLiteral("kind"), QStringLiteral("ClusterSecretStore")}}},
        {QStringLiteral("target"), QJsonObject{{QStringLiteral("name"), name},
                                               {QStringLiteral("creationPolicy"), QStringLiteral("Owner")}}},
        {QStringLiteral("dataFrom"), QJsonArray{QJsonObject{
             {QStringLiteral("extract"), QJsonObject{{QStringLiteral("key"), decision.remoteKey}}}}}},
    };
    return QJsonObject{{QStringLiteral("apiVersion"), options.externalSecretsApiVersion},
                       {QStringLiteral("kind"), QStringLiteral("ExternalSecret")},
                       {QStringLiteral("metadata"), metadata},
                       {QStringLiteral("spec"), spec}};
}

void planDecidedSecret(const QJsonObject &source, const SecretDecision &given, const CloneOptions &options,
                       QRandomGenerator &random, SecretPlan *plan)
{
    const QString ref = objectRef(source);
    const QString name = metadataOf(source).value(QLatin1String("name")).toString();
    // Entered values decide only when every key has one: a preview missing a key fails later, obscurely.
    QStringList missing;
    if (given.kind == SecretDecision::Kind::EnterValue)
        for (const QString &key : keysOf(source))
            if (!given.values.contains(key))
                missing << key;
    const SecretDecision decision = missing.isEmpty() ? given : SecretDecision{};
    CloneDecision asked;
    asked.kind = CloneDecision::Kind::Secret;
    asked.object = ref;
    asked.name = name;
    asked.question = QStringLiteral("Secret %1 (keys: %2) has no external source and no regeneration rule, so it is not "
                                    "copied: generate new values, leave it out, reference a secret-manager key, or enter the values.")
                         .arg(name, keysOf(source).join(QStringLiteral(", ")));
    if (!missing.isEmpty())
        asked.question += QStringLiteral(" The values entered have no %1.").arg(missing.join(QStringLiteral(", ")));
    asked.choice = decision.toString();
    asked.decidedBy = decision.kind == SecretDecision::Kind::Undecided ? CloneDecision::DecidedBy::Nobody
        : options.profileDecisions.contains(ref)                       ? CloneDecision::DecidedBy::Profile
                                                                       : CloneDecision::DecidedBy::Flag;
    plan->decisions.append(asked);
    switch (decision.kind) {
    case SecretDecision::Kind::Undecided:
        return;
    case SecretDecision::Kind::Generate:
        plan->objects.append(freshSecret(source, options,
                                         generatedData(source, random, PlanRule::SecretDecided, &plan->rows)));
        return;
    case SecretDecision::Kind::Omit:
        plan->omittedSecrets.insert(name);
        plan->rows.append({ref, QString(), kMasked, QStringLiteral("(left out)"), PlanRule::SecretDecided, true});
        return;
    case SecretDecision::Kind::Reference:
        plan->objects.append(referenceExternalSecret(source, options, decision));
        plan->rows.append({ref, QString(), kMasked,
                           QStringLiteral("ExternalSecret from %1/%2").arg(decision.storeName, decision.remoteKey),
                           PlanRule::SecretDecided, true});
        return;
    case SecretDecision::Kind::EnterValue: {
        QJsonObject data;
        for (auto it = decision.values.begin(); it != decision.values.end(); ++it) {
            data.insert(it.key(), QString::fromLatin1(it.value().toBase64()));
            plan->rows.append({ref, QStringLiteral("data.") + it.key(), kMasked, QStringLiteral("•••••• (entered)"),
                               PlanRule::SecretDecided, true});
        }
        plan->objects.append(freshSecret(source, options, data));
        return;
    }
    }
}

QJsonObject clonedExternalSecret(const QJsonObject &source, const CloneOptions &options)
{
    QJsonObject clone = sanitizedCopy(source, options.name);
    clone.insert(QStringLiteral("apiVersion"), options.externalSecretsApiVersion);
    return clone;
}

} // namespace

SecretClass classifySecret(const QJsonObject &secret)
{
    const QJsonObject metadata = metadataOf(secret);
    const QJsonObject annotations = metadata.value(QLatin1String("annotations")).toObject();
    if (dropVerdict(secret, {}).dropped())
        return SecretClass::ToolRecord;
    if (isOwnedByKind(secret, QStringLiteral("ExternalSecret"))
        || metadata.value(QLatin1String("labels")).toObject().contains(contract::ExternalSecretsManagedLabel))
        return SecretClass::ExternalSecretOwned;
    if (!annotations.value(kRegenerateAnnotation).toString().trimmed().isEmpty())
        return SecretClass::Regenerate;
    return SecretClass::NeedsDecision;
}

QByteArray generateSecretValue(const QString &key, QRandomGenerator &random)
{
    static const QByteArray alphanumeric = QByteArrayLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    static const QByteArray lowercase = QByteArrayLiteral("abcdefghijklmnopqrstuvwxyz0123456789");
    const bool userName = key.contains(QLatin1String("user"), Qt::CaseInsensitive);
    QByteArray value;
    if (userName) {
        value = QByteArrayLiteral("u");
        for (int i = 0; i < 15; ++i)
            value += lowercase.at(random.bounded(int(lowercase.size())));
        return value;
    }
    for (int i = 0; i < 32; ++i)
        value += alphanumeric.at(random.bounded(int(alphanumeric.size())));
    return value;
}

SecretPlan planSecrets(const QList<QJsonObject> &secrets, const QList<QJsonObject> &externalSecrets,
                       const CloneOptions &options, QRandomGenerator &random)
{
    SecretPlan plan;
    for (const QJsonObject &external : externalSecrets) {
        QJsonObject clone = clonedExternalSecret(external, options);
        plan.rows.append({objectRef(external), QStringLiteral("apiVersion"),
                          external.value(QLatin1String("apiVersion")).toString(), options.externalSecretsApiVersion,
                          PlanRule::SecretExternal, false});
        planSecretKeys(clone, options, &plan.rows, &plan.decisions, &plan.objects);
        plan.objects.append(clone);
    }
    for (const QJsonObject &secret : secrets) {
        const QString ref = objectRef(secret);
        const QString name = metadataOf(secret).value(QLatin1String("name")).toString();
        switch (classifySecret(secret)) {
        case SecretClass::ToolRecord: {
            const DropVerdict verdict = dropVerdict(secret, {});
            plan.rows.append({ref, QString(), kMasked, verdict.reason, verdict.rule, true});
            break;
        }
        case SecretClass::ExternalSecretOwned:
            plan.rows.append({ref, QString(), kMasked, QStringLiteral("(re-fetched by External Secrets)"),
                              PlanRule::SecretExternal, true});
            break;
        case SecretClass::Regenerate:
            plan.objects.append(freshSecret(
                secret, options, generatedData(secret, random, PlanRule::SecretRegenerated, &plan.rows)));
            break;
        case SecretClass::NeedsDecision:
            planDecidedSecret(secret, options.secretDecisions.value(name), options, random, &plan);
            break;
        }
    }
    return plan;
}

} // namespace pd::core::clone
