#include "secretplanner.h"

#include "jsonwalk.h"
#include "objectsanitizer.h"

#include <QJsonArray>
#include <QRandomGenerator>

namespace pd::core::clone {

namespace {

const QString kMasked = QStringLiteral("••••••");
const QLatin1String kRegenerateAnnotation("previewdesk.io/regenerate");

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

void planDecidedSecret(const QJsonObject &source, const SecretDecision &decision, const CloneOptions &options,
                       QRandomGenerator &random, SecretPlan *plan)
{
    const QString ref = objectRef(source);
    const QString name = metadataOf(source).value(QLatin1String("name")).toString();
    switch (decision.kind) {
    case SecretDecision::Kind::Undecided: {
        plan->pending.append({PendingDecision::Kind::Secret, ref, name,
                              QStringLiteral("Secret %1 (keys: %2) has no external source and no regeneration rule, "
                                             "so it is not copied. Choose: generate new values, leave it out, "
                                             "reference a secret-manager key, or enter values.")
                                  .arg(name, keysOf(source).join(QStringLiteral(", ")))});
        return;
    }
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
    const QString type = secret.value(QLatin1String("type")).toString();
    if (type == QLatin1String("kubernetes.io/service-account-token")
        || annotations.contains(QLatin1String("kubernetes.io/service-account.name")))
        return SecretClass::ServiceAccountToken;
    if (isOwnedByKind(secret, QStringLiteral("ExternalSecret"))
        || metadata.value(QLatin1String("labels")).toObject().contains(QLatin1String("reconcile.external-secrets.io/managed")))
        return SecretClass::ExternalSecretOwned;
    const QStringList annotationKeys = annotations.keys();
    const bool certManager = std::any_of(annotationKeys.begin(), annotationKeys.end(), [](const QString &key) {
        return key.startsWith(QLatin1String("cert-manager.io/"));
    });
    if (certManager || isOwnedByKind(secret, QStringLiteral("Certificate")))
        return SecretClass::ControllerManaged;
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
        plan.objects.append(clonedExternalSecret(external, options));
        plan.rows.append({objectRef(external), QStringLiteral("apiVersion"),
                          external.value(QLatin1String("apiVersion")).toString(), options.externalSecretsApiVersion,
                          PlanRule::SecretExternal, false});
    }
    for (const QJsonObject &secret : secrets) {
        const QString ref = objectRef(secret);
        const QString name = metadataOf(secret).value(QLatin1String("name")).toString();
        switch (classifySecret(secret)) {
        case SecretClass::ServiceAccountToken:
            plan.rows.append({ref, QString(), kMasked, QStringLiteral("(made by the token controller)"),
                              PlanRule::SecretController, true});
            break;
        case SecretClass::ControllerManaged:
            plan.rows.append({ref, QString(), kMasked, QStringLiteral("(issued anew by its controller)"),
                              PlanRule::SecretController, true});
            break;
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
