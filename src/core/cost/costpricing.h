#pragma once

#include "costprices.h"

namespace pd::core {

// Resource-time to be priced: what was (or will be) held, max(request, usage) per OpenCost.
struct ResourceHours
{
    double cpuCoreHours = 0;
    double memoryGiBHours = 0;
    double storageGiBHours = 0;
};

struct PricedResources
{
    double cpu = 0;
    double memory = 0;
    double storage = 0;
    double total() const { return cpu + memory + storage; }
};

// The one definition of what resources cost: hours x the context's price per unit-hour.
// attribute() (the Cost/day column, the details pane, every chart), projectCost() (the
// clone wizard) and the rightsizing saving all price through it.
PricedResources priceResources(const ResourceHours &hours, const Prices &prices);

// What requests held for a number of hours cost: cores and bytes per replica x replicas.
PricedResources priceRequests(double cpuCores, double memoryBytes, double storageBytes, double hours,
                              const Prices &prices);

} // namespace pd::core
