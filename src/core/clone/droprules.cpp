#include "droprules.h"

#include "core/contract.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <functional>

namespace pd::core::clone {

namespace {

namespace contract = pd::core::contract;

QString kindOf(const QJsonObject &object) { return object.value(QLatin1String("kind")).toString(); }
QJsonObject metadataOf(const QJsonObject &object) { return object.value(QLatin1String("metadata")).toObject(); }
QString nameOf(const QJsonObject &object) { return metadataOf(object).value(QLatin1String("name")).toString(); }
QJsonObject annotationsOf(const QJsonObject &object) { return metadataOf(object).value(QLatin1String("annotations")).toObject(); }
QString typeOf(const QJsonObject &object) { return object.value(QLatin1String("type")).toString(); }

QString controllerOwner(const QJsonObject &object)
{
    const QJsonArray owners = metadataOf(object).value(QLatin1String("ownerReferences")).toArray();
    for (const QJsonValue &owner : owners) {
        const QJsonObject o = owner.toObject();
        if (o.value(QLatin1String("controller")).toBool())
            return o.value(QLatin1String("kind")).toString() + QLatin1Char('/') + o.value(QLatin1String("name")).toString();
    }
    return {};
}

QString ownerOfKind(const QJsonObject &object, const QString &kind)
{
    const QJsonArray owners = metadataOf(object).value(QLatin1String("ownerReferences")).toArray();
    for (const QJsonValue &owner : owners)
        if (owner.toObject().value(QLatin1String("kind")).toString() == kind)
            return owner.toObject().value(QLatin1String("name")).toString();
    return {};
}

// A PVC named <template>-<statefulset>-<ordinal> was made by that StatefulSet.
QString statefulSetOwningClaim(const QJsonObject &claim, const QList<QJsonObject> &sourceObjects)
{
    return claimTemplateOf(nameOf(claim), sourceObjects).statefulSet;
}

// The certificate a cert-manager TLS Secret was issued for, or empty.
QString certManagerCertificate(const QJsonObject &secret)
{
    const QJsonObject annotations = annotationsOf(secret);
    if (annotations.contains(contract::CertManagerCertificateNameAnnotation))
        return annotations.value(contract::CertManagerCertificateNameAnnotation).toString();
    const QString owner = ownerOfKind(secret, QStringLiteral("Certificate"));
    if (!owner.isEmpty())
        return owner;
    const QStringList keys = annotations.keys();
    const bool certManager = std::any_of(keys.begin(), keys.end(), [](const QString &key) {
        return key.startsWith(contract::CertManagerAnnotationPrefix);
    });
    return certManager ? QStringLiteral("(unnamed)") : QString();
}

struct Context
{
    const QList<QJsonObject> &sourceObjects;
    const QString &profileConfigMap;
};

// One rule: what it recognises, and why it is not cloned (empty: not this rule).
struct DropRule
{
    PlanRule rule;
    std::function<QString(const QJsonObject &, const Context &)> reason;
};

QString when(bool condition, const QString &reason) { return condition ? reason : QString(); }

const QList<DropRule> &dropRules()
{
    static const QList<DropRule> rules = {
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &) {
             return when(kindOf(o) == QLatin1String("Namespace"), QStringLiteral("replaced by the preview's own namespace"));
         }},
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &) {
             return when(kindOf(o) == QLatin1String("Event"), QStringLiteral("events belong to the source's history"));
         }},
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &) {
             const bool secret = kindOf(o) == QLatin1String("Secret") && typeOf(o) == contract::HelmReleaseSecretType;
             const bool configMap = kindOf(o) == QLatin1String("ConfigMap")
                 && metadataOf(o).value(QLatin1String("labels")).toObject().value(contract::HelmOwnerLabel).toString()
                        == contract::HelmOwnerValue;
             return when(secret || configMap, QStringLiteral("Helm release record: belongs to the source's release history"));
         }},
        {PlanRule::SecretController, [](const QJsonObject &o, const Context &) {
             return when(kindOf(o) == QLatin1String("Secret")
                             && (typeOf(o) == contract::ServiceAccountTokenType
                                 || annotationsOf(o).contains(contract::ServiceAccountNameAnnotation)),
                         QStringLiteral("service-account token: the token controller makes the preview's own"));
         }},
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &) {
             return when(kindOf(o) == QLatin1String("Secret") && typeOf(o) == contract::BootstrapTokenType,
                         QStringLiteral("bootstrap token: lets nodes join the source's cluster, never a preview's"));
         }},
        {PlanRule::SecretController, [](const QJsonObject &o, const Context &) {
             if (kindOf(o) != QLatin1String("Secret"))
                 return QString();
             const QString certificate = certManagerCertificate(o);
             return when(!certificate.isEmpty(),
                         QStringLiteral("cert-manager TLS Secret of Certificate %1: cert-manager issues the preview's own").arg(certificate));
         }},
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &) {
             return when(kindOf(o) == QLatin1String("VolumeSnapshot"),
                         QStringLiteral("a snapshot of the source's data: a preview restores one only when its data "
                                        "decision says so (--data DATASTORE=snapshot:NAME)"));
         }},
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &) {
             return when(kindOf(o) == QLatin1String("Lease"),
                         QStringLiteral("leader-election Lease: held by the source's running processes"));
         }},
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &) {
             return when(kindOf(o) == QLatin1String("Endpoints") || kindOf(o) == QLatin1String("EndpointSlice"),
                         QStringLiteral("made by the endpoints controller for each service"));
         }},
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &) {
             return when(kindOf(o) == QLatin1String("ResourceQuota") || kindOf(o) == QLatin1String("LimitRange"),
                         QStringLiteral("the preview gets its own quota and limits"));
         }},
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &) {
             return when((kindOf(o) == QLatin1String("ConfigMap") && nameOf(o) == QLatin1String("kube-root-ca.crt"))
                             || (kindOf(o) == QLatin1String("ServiceAccount") && nameOf(o) == QLatin1String("default")),
                         QStringLiteral("the cluster creates it in every namespace"));
         }},
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &c) {
             return when(kindOf(o) == QLatin1String("ConfigMap") && !c.profileConfigMap.isEmpty() && nameOf(o) == c.profileConfigMap,
                         QStringLiteral("the source's clone profile: standing decisions for cloning it, not part of the application"));
         }},
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &) {
             const QString cronJob = ownerOfKind(o, QStringLiteral("CronJob"));
             return when(kindOf(o) == QLatin1String("Job") && !cronJob.isEmpty(),
                         QStringLiteral("made by CronJob/%1: the preview's CronJob runs its own").arg(cronJob));
         }},
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &) {
             // Secrets with an owner (an ExternalSecret's) are judged by the secret planner.
             const QString owner = controllerOwner(o);
             return when(!owner.isEmpty() && kindOf(o) != QLatin1String("Secret"),
                         QStringLiteral("made by its controller (%1)").arg(owner));
         }},
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &) {
             return when(kindOf(o) == QLatin1String("Pod") || kindOf(o) == QLatin1String("ReplicaSet")
                             || kindOf(o) == QLatin1String("ControllerRevision"),
                         QStringLiteral("made by a controller in the source"));
         }},
        {PlanRule::Dropped, [](const QJsonObject &o, const Context &c) {
             if (kindOf(o) != QLatin1String("PersistentVolumeClaim"))
                 return QString();
             const QString statefulSet = statefulSetOwningClaim(o, c.sourceObjects);
             return when(!statefulSet.isEmpty(),
                         QStringLiteral("made by StatefulSet %1 from its volume claim template").arg(statefulSet));
         }},
    };
    return rules;
}

} // namespace

ClaimTemplate claimTemplateOf(const QString &name, const QList<QJsonObject> &sourceObjects)
{
    static const QRegularExpression ordinal(QStringLiteral("^\\d+$"));
    for (const QJsonObject &object : sourceObjects) {
        if (kindOf(object) != QLatin1String("StatefulSet"))
            continue;
        const QJsonArray templates = object.value(QLatin1String("spec")).toObject()
                                         .value(QLatin1String("volumeClaimTemplates")).toArray();
        for (const QJsonValue &t : templates) {
            const QString prefix = nameOf(t.toObject()) + QLatin1Char('-') + nameOf(object) + QLatin1Char('-');
            if (name.startsWith(prefix) && ordinal.match(name.mid(prefix.size())).hasMatch())
                return {nameOf(object), nameOf(t.toObject())};
        }
    }
    return {};
}

DropVerdict dropVerdict(const QJsonObject &object, const QList<QJsonObject> &sourceObjects, const QString &profileConfigMap)
{
    const Context context{sourceObjects, profileConfigMap};
    for (const DropRule &rule : dropRules()) {
        const QString reason = rule.reason(object, context);
        if (!reason.isEmpty())
            return {reason, rule.rule};
    }
    return {};
}

QString dropReason(const QJsonObject &object, const QList<QJsonObject> &sourceObjects, const QString &profileConfigMap)
{
    return dropVerdict(object, sourceObjects, profileConfigMap).reason;
}

} // namespace pd::core::clone
