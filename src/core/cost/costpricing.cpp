#include "costpricing.h"

#include "costattribution.h"

namespace pd::core {

PricedResources priceResources(const ResourceHours &hours, const Prices &prices)
{
    PricedResources priced;
    priced.cpu = hours.cpuCoreHours * prices.cpuPerCoreHour;
    priced.memory = hours.memoryGiBHours * prices.memoryPerGiBHour;
    priced.storage = hours.storageGiBHours * prices.storagePerGiBHour;
    return priced;
}

PricedResources priceRequests(double cpuCores, double memoryBytes, double storageBytes, double hours,
                              const Prices &prices)
{
    ResourceHours held;
    held.cpuCoreHours = cpuCores * hours;
    held.memoryGiBHours = memoryBytes / bytesPerGiB * hours;
    held.storageGiBHours = storageBytes / bytesPerGiB * hours;
    return priceResources(held, prices);
}

} // namespace pd::core
