#pragma once

#include <QJsonObject>

namespace pd::core {

// What one unit of each resource costs per hour, in dollars. The defaults are
// OpenCost's list prices for a cluster without a cloud pricing source.
struct Prices
{
    double cpuPerCoreHour = 0.031611;
    double memoryPerGiBHour = 0.004237;
    double storagePerGiBHour = 0.00005479452;

    static Prices openCostDefaults() { return {}; }
    // {"cpuPerCoreHour":..,"memoryPerGiBHour":..,"storagePerGiBHour":..}; a missing or
    // non-numeric key keeps OpenCost's default (prices are configured per context).
    static Prices fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    bool operator==(const Prices &other) const = default;
};

} // namespace pd::core
