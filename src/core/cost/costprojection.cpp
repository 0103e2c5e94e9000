#include "costprojection.h"

#include "costattribution.h"
#include "costpricing.h"
#include "core/guardrail/workinghours.h"
#include "kube/quantity.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

double quantity(const QJsonValue &value)
{
    const auto q = pd::kube::Quantity::fromJson(value);
    return q ? std::max(0.0, q->toDouble()) : 0.0;
}

struct Defaults
{
    QJsonValue cpu;
    QJsonValue memory;
};

// The LimitRange's Container defaultRequest, which admission fills into request-less containers.
Defaults limitRangeDefaults(const QList<QJsonObject> &objects)
{
    Defaults defaults;
    for (const QJsonObject &object : objects) {
        if (object.value("kind"_L1).toString() != "LimitRange"_L1)
            continue;
        for (const QJsonValue &limit : object.value("spec"_L1).toObject().value("limits"_L1).toArray()) {
            const QJsonObject entry = limit.toObject();
            if (entry.value("type"_L1).toString() != "Container"_L1)
                continue;
            const QJsonObject request = entry.value("defaultRequest"_L1).toObject();
            defaults.cpu = request.value("cpu"_L1);
            defaults.memory = request.value("memory"_L1);
        }
    }
    return defaults;
}

void addPodSpec(const QJsonObject &podSpec, const Defaults &defaults, ProjectedWorkload *workload)
{
    for (const QJsonValue &value : podSpec.value("containers"_L1).toArray()) {
        const QJsonObject requests =
            value.toObject().value("resources"_L1).toObject().value("requests"_L1).toObject();
        workload->cpuCoresPerReplica += quantity(requests.contains("cpu"_L1) ? requests.value("cpu"_L1) : defaults.cpu);
        workload->memoryBytesPerReplica +=
            quantity(requests.contains("memory"_L1) ? requests.value("memory"_L1) : defaults.memory);
    }
}

double claimBytes(const QJsonObject &claim)
{
    return quantity(claim.value("spec"_L1).toObject().value("resources"_L1).toObject().value("requests"_L1).toObject().value(
        "storage"_L1));
}

bool ownedByDeployment(const QJsonObject &object)
{
    const QJsonArray owners = object.value("metadata"_L1).toObject().value("ownerReferences"_L1).toArray();
    return std::any_of(owners.begin(), owners.end(), [](const QJsonValue &owner) {
        return owner.toObject().value("kind"_L1).toString() == "Deployment"_L1;
    });
}

bool ownedByController(const QJsonObject &object)
{
    const QJsonArray owners = object.value("metadata"_L1).toObject().value("ownerReferences"_L1).toArray();
    return std::any_of(owners.begin(), owners.end(), [](const QJsonValue &owner) {
        return owner.toObject().value("controller"_L1).toBool();
    });
}

} // namespace

ProjectedCost projectCost(const QList<QJsonObject> &planObjects, const Prices &prices, double runningHoursPerWeek)
{
    const Defaults defaults = limitRangeDefaults(planObjects);
    ProjectedCost projected;
    projected.runningHoursPerWeek = std::clamp(runningHoursPerWeek, 0.0, 168.0);
    for (const QJsonObject &object : planObjects) {
        const QString kind = object.value("kind"_L1).toString();
        const QJsonObject spec = object.value("spec"_L1).toObject();
        ProjectedWorkload workload;
        workload.kind = kind;
        workload.name = object.value("metadata"_L1).toObject().value("name"_L1).toString();
        if (kind == "Deployment"_L1 || kind == "StatefulSet"_L1
            || (kind == "ReplicaSet"_L1 && !ownedByDeployment(object))) {
            workload.replicas = spec.contains("replicas"_L1) ? std::max(0, spec.value("replicas"_L1).toInt()) : 1;
            addPodSpec(spec.value("template"_L1).toObject().value("spec"_L1).toObject(), defaults, &workload);
            for (const QJsonValue &claim : spec.value("volumeClaimTemplates"_L1).toArray())
                workload.storageBytes += claimBytes(claim.toObject()) * workload.replicas;
        } else if (kind == "Pod"_L1 && !ownedByController(object)) {
            workload.replicas = 1;
            addPodSpec(spec, defaults, &workload);
        } else if (kind == "PersistentVolumeClaim"_L1) {
            workload.storageBytes = claimBytes(object);
        } else {
            continue;
        }
        const PricedResources day = priceRequests(workload.cpuCoresPerReplica * workload.replicas,
                                                  workload.memoryBytesPerReplica * workload.replicas,
                                                  workload.storageBytes, 24.0, prices);
        workload.computePerDay = day.cpu + day.memory;
        workload.storagePerDay = day.storage;
        projected.computePerDay += workload.computePerDay;
        projected.storagePerDay += workload.storagePerDay;
        projected.workloads.append(workload);
    }
    projected.savingPerDay = projected.computePerDay * (1.0 - projected.runningHoursPerWeek / 168.0);
    return projected;
}

double runningHoursPerWeek(const WorkingHours &window)
{
    // weekdays() is a cron day-of-week field: "1-5", "3", or "5,6,0,1" for a wrapping range.
    int days = 0;
    for (const QString &part : window.weekdays().split(u',', Qt::SkipEmptyParts)) {
        const QStringList range = part.split(u'-');
        days += range.size() == 2 ? std::max(0, range.at(1).toInt() - range.at(0).toInt()) + 1 : 1;
    }
    const int minutes = std::max(0, window.endMinutes() - window.startMinutes());
    return std::min(7, days) * minutes / 60.0;
}

} // namespace pd::core
