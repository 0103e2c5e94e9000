// Deployment status as the deployment controller computes it (calculateStatus and
// syncRolloutStatus): counters, Available, Progressing with its deadline, and the
// ReplicaFailure condition carried over from a ReplicaSet.
#include "workloadcontroller.h"
#include "workloadstatus_p.h"

#include "controllerutil.h"

#include <QDateTime>

#include <cmath>

namespace pd::sandbox::controllers {

namespace workloadstatus {

void putCount(QJsonObject &status, const QString &key, int value)
{
    if (value != 0)
        status.insert(key, value);
    else
        status.remove(key);
}

QJsonObject mergeCondition(const QJsonObject &previousStatus, QJsonObject next)
{
    const QJsonObject old = conditionOf(previousStatus, next.value(u"type"_s).toString());
    if (old.isEmpty())
        return next;
    if (old.value(u"status"_s) == next.value(u"status"_s))
        next.insert(u"lastTransitionTime"_s, old.value(u"lastTransitionTime"_s));
    if (old.value(u"status"_s) == next.value(u"status"_s) && old.value(u"reason"_s) == next.value(u"reason"_s)
        && old.value(u"message"_s) == next.value(u"message"_s) && old.contains(u"lastUpdateTime"_s))
        next.insert(u"lastUpdateTime"_s, old.value(u"lastUpdateTime"_s));
    return next;
}

QJsonObject conditionOf(const QJsonObject &status, const QString &type)
{
    for (const QJsonValue &c : status.value(u"conditions"_s).toArray()) {
        if (c.toObject().value(u"type"_s).toString() == type)
            return c.toObject();
    }
    return {};
}

} // namespace workloadstatus

using namespace workloadstatus;

namespace {

int maxUnavailable(const QJsonObject &deployment, int desired)
{
    const QJsonValue v = specOf(deployment).value(u"strategy"_s).toObject().value(u"rollingUpdate"_s).toObject().value(u"maxUnavailable"_s);
    if (v.isDouble())
        return v.toInt();
    const QString text = v.isString() ? v.toString() : u"25%"_s;
    if (text.endsWith(u'%'))
        return int(std::floor(desired * QStringView(text).chopped(1).toInt() / 100.0));
    return text.toInt();
}

QJsonObject deploymentCondition(const QString &type, bool status, const QString &reason, const QString &message,
                                const QString &now)
{
    return QJsonObject{{u"type"_s, type},
                       {u"status"_s, status ? u"True"_s : u"False"_s},
                       {u"lastUpdateTime"_s, now},
                       {u"lastTransitionTime"_s, now},
                       {u"reason"_s, reason},
                       {u"message"_s, message}};
}

// util.DeploymentTimedOut: no progress for progressDeadlineSeconds since the
// Progressing condition's lastUpdateTime.
bool timedOut(const QJsonObject &deployment, const QJsonObject &progressing, const QString &now)
{
    const QJsonValue deadline = specOf(deployment).value(u"progressDeadlineSeconds"_s);
    const int seconds = deadline.isDouble() ? deadline.toInt() : kDefaultProgressDeadlineSeconds;
    if (seconds == kNoProgressDeadline || progressing.isEmpty())
        return false;
    const QString reason = progressing.value(u"reason"_s).toString();
    if (reason == u"NewReplicaSetAvailable"_s)
        return false;
    if (reason == u"ProgressDeadlineExceeded"_s)
        return true;
    const QDateTime from = QDateTime::fromString(progressing.value(u"lastUpdateTime"_s).toString(), Qt::ISODate);
    const QDateTime at = QDateTime::fromString(now, Qt::ISODate);
    return from.isValid() && at.isValid() && from.addSecs(seconds) < at;
}

} // namespace

QJsonObject WorkloadController::deploymentStatus(const QJsonObject &deployment, int replicas, int updated, int ready,
                                                 const QString &replicaSetName, const QJsonObject &previous,
                                                 const QString &now, const RolloutFacts &facts)
{
    const int desired = specOf(deployment).value(u"replicas"_s).toInt(1);
    QJsonObject status = previous;
    status.insert(u"observedGeneration"_s, metaOf(deployment).value(u"generation"_s).toInteger(1));
    putCount(status, u"replicas"_s, replicas);
    putCount(status, u"updatedReplicas"_s, updated);
    putCount(status, u"readyReplicas"_s, ready);
    putCount(status, u"availableReplicas"_s, ready);
    putCount(status, u"unavailableReplicas"_s, std::max(0, std::max(desired, replicas) - ready));
    const bool available = ready >= desired - maxUnavailable(deployment, desired);
    const bool complete = updated == desired && ready >= desired && replicas == updated;
    const QJsonObject availableCond = deploymentCondition(
        u"Available"_s, available, available ? u"MinimumReplicasAvailable"_s : u"MinimumReplicasUnavailable"_s,
        available ? u"Deployment has minimum availability."_s : u"Deployment does not have minimum availability."_s, now);

    // syncRolloutStatus: complete, else progressing (something moved: lastUpdateTime is
    // now), else timed out, else the condition stays as it was.
    const QJsonObject before = conditionOf(previous, u"Progressing"_s);
    const bool progressed = facts.newReplicaSet || before.isEmpty()
        || updated > previous.value(u"updatedReplicas"_s).toInt() || ready > previous.value(u"readyReplicas"_s).toInt()
        || ready > previous.value(u"availableReplicas"_s).toInt() || replicas < previous.value(u"replicas"_s).toInt();
    QJsonObject progressing;
    if (complete) {
        progressing = mergeCondition(previous, deploymentCondition(u"Progressing"_s, true, u"NewReplicaSetAvailable"_s,
            u"ReplicaSet \"%1\" has successfully progressed."_s.arg(replicaSetName), now));
    } else if (progressed) {
        progressing = deploymentCondition(u"Progressing"_s, true, u"ReplicaSetUpdated"_s,
                                          u"ReplicaSet \"%1\" is progressing."_s.arg(replicaSetName), now);
        if (before.value(u"status"_s).toString() == u"True"_s)
            progressing.insert(u"lastTransitionTime"_s, before.value(u"lastTransitionTime"_s));
    } else if (timedOut(deployment, before, now)) {
        progressing = mergeCondition(previous, deploymentCondition(u"Progressing"_s, false, u"ProgressDeadlineExceeded"_s,
            u"ReplicaSet \"%1\" has timed out progressing."_s.arg(replicaSetName), now));
    } else {
        progressing = before;
    }
    QJsonArray conditions{mergeCondition(previous, availableCond), progressing};
    if (!facts.replicaFailure.isEmpty()) {
        // ReplicaSetToDeploymentCondition: the ReplicaSet's condition, times from its transition.
        const QJsonValue at = facts.replicaFailure.value(u"lastTransitionTime"_s);
        conditions.append(QJsonObject{{u"type"_s, u"ReplicaFailure"_s},
                                      {u"status"_s, facts.replicaFailure.value(u"status"_s)},
                                      {u"lastUpdateTime"_s, at},
                                      {u"lastTransitionTime"_s, at},
                                      {u"reason"_s, facts.replicaFailure.value(u"reason"_s)},
                                      {u"message"_s, facts.replicaFailure.value(u"message"_s)}});
    }
    status.insert(u"conditions"_s, conditions);
    return status;
}

std::optional<QDateTime> WorkloadController::progressDeadline(const QJsonObject &deployment)
{
    const QJsonObject progressing = conditionOf(statusOf(deployment), u"Progressing"_s);
    const QJsonValue deadline = specOf(deployment).value(u"progressDeadlineSeconds"_s);
    const int seconds = deadline.isDouble() ? deadline.toInt() : kDefaultProgressDeadlineSeconds;
    if (seconds == kNoProgressDeadline || progressing.value(u"status"_s).toString() != u"True"_s
        || progressing.value(u"reason"_s).toString() == u"NewReplicaSetAvailable"_s)
        return std::nullopt;
    const QDateTime from = QDateTime::fromString(progressing.value(u"lastUpdateTime"_s).toString(), Qt::ISODate);
    if (!from.isValid())
        return std::nullopt;
    return from.addSecs(seconds);
}

} // namespace pd::sandbox::controllers
