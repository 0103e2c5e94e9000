#pragma once

#include "cloneoptions.h"
#include "planrow.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::core::clone {

// The preview's ResourceQuota sized to what it runs (issue 12, item 5).
//
// The footprint of the planned workloads (replicas already capped): requests and
// limits of every container, with the preview's LimitRange defaults for what a
// container leaves out (as the API server fills them: requests from declared
// limits, else defaultRequest; limits from default), init containers counted as
// the pod's scheduler does (the larger of the biggest init container and the sum
// of the others), pods, and storage of PVCs and volume claim templates.
//   required = what runs all the time + the largest single Job/CronJob run:
//              above the cap, the plan is blocked with the numbers;
//   sized    = every workload, job run, rolling-update surge and autoscaler
//              headroom at once, rounded up, at most the guard's cap, never
//              below required; a warning when the cap leaves no room for the
//              largest Deployment's rolling update (it would stall).
// Only resources the cap names are sized; the others keep the cap's value.
struct QuotaSizing
{
    QJsonObject hard;            // spec.hard of the preview's quota
    QList<PlanRow> rows;
    QStringList warnings;
    QString doesNotFit;          // non-empty: why the environment cannot run under the cap, with the numbers
};

QuotaSizing sizeQuota(const QList<QJsonObject> &planned, const GuardSettings &guards);

// "4.65" for 4650m of CPU, "1.5Gi" for memory: how the plan shows amounts.
QString formatAmount(const QString &resource, qint64 milli);

} // namespace pd::core::clone
