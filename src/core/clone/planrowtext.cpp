#include "planrowtext.h"

#include <QCoreApplication>

#include <algorithm>

namespace pd::core {

PlanRowWeight planRowWeight(PlanRule rule)
{
    switch (rule) {
    case PlanRule::ServerField:
    case PlanRule::Dropped:
    case PlanRule::SecretController:
    case PlanRule::Lineage:
        return PlanRowWeight::Bookkeeping;
    default:
        return PlanRowWeight::Meaning;
    }
}

QString planRuleTitle(PlanRule rule)
{
    const char *title = "";
    switch (rule) {
    case PlanRule::Namespace: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Preview's namespace"); break;
    case PlanRule::DnsName: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "In-cluster DNS name"); break;
    case PlanRule::IngressHost: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Host of the preview's URL"); break;
    case PlanRule::TlsSecretName: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Own TLS certificate"); break;
    case PlanRule::RecordPrefix: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Data prefix of its own"); break;
    case PlanRule::RegistryBinding: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Image from the pull request"); break;
    case PlanRule::ReplicaCap: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Replicas capped"); break;
    case PlanRule::HpaCap: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Autoscaling capped"); break;
    case PlanRule::DisruptionBudget: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Disruption budget relaxed"); break;
    case PlanRule::CloudIdentity: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Cloud identity, as decided"); break;
    case PlanRule::SecretExternal: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Fetched from the secret manager"); break;
    case PlanRule::SecretRegenerated: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Regenerated"); break;
    case PlanRule::SecretController: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Made anew by its controller"); break;
    case PlanRule::SecretDecided: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "As you decided"); break;
    case PlanRule::SecretKey: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Secret-manager key"); break;
    case PlanRule::ServerField: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Server field removed"); break;
    case PlanRule::Dropped: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Not cloned"); break;
    case PlanRule::Guard: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Guard added"); break;
    case PlanRule::Lineage: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Preview label"); break;
    case PlanRule::SourceName: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Source's name replaced"); break;
    case PlanRule::Kept: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Source's name kept"); break;
    case PlanRule::ExternalClaim: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "External address dropped"); break;
    case PlanRule::ServiceType: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Made cluster-internal"); break;
    case PlanRule::Exposure: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Exposed through an Ingress"); break;
    case PlanRule::QuotaSize: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Quota sized"); break;
    case PlanRule::LiteralCredential: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Credential regenerated"); break;
    case PlanRule::DataSource: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Data source"); break;
    case PlanRule::DataSeed: title = QT_TRANSLATE_NOOP("pd::core::PlanRule", "Seeded"); break;
    }
    return QCoreApplication::translate("pd::core::PlanRule", title);
}

ChangedPart changedPart(const QString &oldValue, const QString &newValue)
{
    const qsizetype shorter = std::min(oldValue.size(), newValue.size());
    ChangedPart part;
    while (part.prefix < shorter && oldValue.at(part.prefix) == newValue.at(part.prefix))
        ++part.prefix;
    while (part.suffix < shorter - part.prefix
           && oldValue.at(oldValue.size() - 1 - part.suffix) == newValue.at(newValue.size() - 1 - part.suffix))
        ++part.suffix;
    part.oldLength = oldValue.size() - part.prefix - part.suffix;
    part.newLength = newValue.size() - part.prefix - part.suffix;
    return part;
}

} // namespace pd::core
