#include "costprices.h"

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

double numberOr(const QJsonObject &object, QLatin1StringView key, double fallback)
{
    const QJsonValue value = object.value(key);
    return value.isDouble() && value.toDouble() >= 0 ? value.toDouble() : fallback;
}

} // namespace

Prices Prices::fromJson(const QJsonObject &object)
{
    const Prices defaults;
    Prices prices;
    prices.cpuPerCoreHour = numberOr(object, "cpuPerCoreHour"_L1, defaults.cpuPerCoreHour);
    prices.memoryPerGiBHour = numberOr(object, "memoryPerGiBHour"_L1, defaults.memoryPerGiBHour);
    prices.storagePerGiBHour = numberOr(object, "storagePerGiBHour"_L1, defaults.storagePerGiBHour);
    return prices;
}

QJsonObject Prices::toJson() const
{
    return QJsonObject{{"cpuPerCoreHour"_L1, cpuPerCoreHour},
                       {"memoryPerGiBHour"_L1, memoryPerGiBHour},
                       {"storagePerGiBHour"_L1, storagePerGiBHour}};
}

} // namespace pd::core
