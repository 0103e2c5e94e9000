#pragma once

#include "costprices.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::core {

class WorkingHours;

// One workload of a clone plan, priced as if it ran all day.
struct ProjectedWorkload
{
    QString kind;                // Deployment, StatefulSet, ReplicaSet, Pod, PersistentVolumeClaim
    QString name;
    int replicas = 0;
    double cpuCoresPerReplica = 0;     // sum of the containers' requests
    double memoryBytesPerReplica = 0;
    double storageBytes = 0;           // PVCs, and a StatefulSet's claim templates x replicas
    double computePerDay = 0;
    double storagePerDay = 0;
};

// What a new preview will cost, from the objects its clone plan creates: for each
// Deployment, StatefulSet, ReplicaSet (without a Deployment owner) and bare Pod,
// replicas x the containers' requests x price x 24 h (a container without a request gets
// the plan's LimitRange defaultRequest, as admission would give it); plus PVCs (and
// StatefulSet claim templates) by requested size. Jobs and CronJobs run briefly and are
// left out, as are init containers. A scale-down schedule stops compute, not storage.
struct ProjectedCost
{
    QList<ProjectedWorkload> workloads;
    double computePerDay = 0;
    double storagePerDay = 0;
    double runningHoursPerWeek = 168;  // of the scale-down schedule
    double savingPerDay = 0;           // computePerDay x (1 - runningHoursPerWeek / 168)

    double perDay() const { return computePerDay + storagePerDay; }
    double perMonth() const { return perDay() * daysPerMonth; }
    double savingPerMonth() const { return savingPerDay * daysPerMonth; }

    static constexpr double daysPerMonth = 730.0 / 24.0;   // OpenCost's 730-hour month
};

// Mon-Fri 07:30-20:30: 13 h on 5 of 7 days.
inline constexpr double defaultRunningHoursPerWeek = 65;

ProjectedCost projectCost(const QList<QJsonObject> &planObjects, const Prices &prices = {},
                          double runningHoursPerWeek = defaultRunningHoursPerWeek);

// The hours per week a working-hours window keeps previews up (days x (end - start)).
double runningHoursPerWeek(const WorkingHours &window);

} // namespace pd::core
