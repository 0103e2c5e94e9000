#include "expiry.h"

#include "core/contract.h"
#include "environmentbuilder.h"

namespace pd::core {

Expiry effectiveExpiry(const QJsonObject &metadata)
{
    const QJsonObject annotations = metadata.value(QLatin1String("annotations")).toObject();
    const auto text = [&annotations](QLatin1StringView key) { return annotations.value(key).toString(); };
    Expiry expiry;
    const auto consider = [&expiry](const QDateTime &time, QLatin1StringView source) {
        if (time.isValid() && (!expiry.at.isValid() || time < expiry.at)) {
            expiry.at = time;
            expiry.source = QString(source);
        }
    };
    consider(EnvironmentBuilder::parseRfc3339(text(contract::ExpiresAtAnnotation)), contract::ExpiresAtAnnotation);
    consider(EnvironmentBuilder::parseJanitorExpires(text(contract::JanitorExpiresAnnotation)),
             contract::JanitorExpiresAnnotation);
    const QDateTime created = EnvironmentBuilder::parseRfc3339(metadata.value(QLatin1String("creationTimestamp")).toString());
    if (const auto ttl = EnvironmentBuilder::parseJanitorTtl(text(contract::JanitorTtlAnnotation)); ttl && created.isValid())
        consider(created.addSecs(ttl->count()), contract::JanitorTtlAnnotation);
    return expiry;
}

} // namespace pd::core
