#include "readinessblockers.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

QString nameOf(const QJsonObject &object)
{
    return object.value("metadata"_L1).toObject().value("name"_L1).toString();
}

QString kubectlName(const QString &kind, const QString &name)
{
    return kind.toLower() % u'/' % name;
}

QDateTime timeOf(const QJsonValue &value)
{
    const QString text = value.toString();
    if (text.isEmpty())
        return {};
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}

// When an Event last happened: lastTimestamp (core/v1), else series.lastObservedTime or
// eventTime (events.k8s.io writers), else when the Event object was made.
QDateTime lastSeen(const QJsonObject &event)
{
    for (const QJsonValue &value : {event.value("lastTimestamp"_L1), event.value("series"_L1)[u"lastObservedTime"_s],
                                    event.value("eventTime"_L1), event.value("firstTimestamp"_L1),
                                    event.value("metadata"_L1)[u"creationTimestamp"_s]}) {
        if (const QDateTime time = timeOf(value); time.isValid())
            return time;
    }
    return {};
}

QJsonObject condition(const QJsonObject &object, const QString &type)
{
    for (const QJsonValue &value : object.value("status"_L1)[u"conditions"_s].toArray()) {
        if (value[u"type"_s].toString() == type)
            return value.toObject();
    }
    return {};
}

QString reasonAndMessage(const QJsonObject &source, const QString &fallback)
{
    const QString reason = source.value("reason"_L1).toString(fallback);
    QString message = source.value("message"_L1).toString().trimmed();
    // The controllers say "Error creating: pods ... is forbidden: ..."; the reason already says it.
    if (message.startsWith("Error creating: "_L1))
        message = message.mid(16);
    return message.isEmpty() ? reason : reason % u": "_s % message;
}

void conditionBlockers(const QJsonObject &object, const QString &kind, QList<ReadinessBlocker> *out)
{
    const QString name = kubectlName(kind, nameOf(object));
    if (kind == "Deployment"_L1 || kind == "StatefulSet"_L1 || kind == "ReplicaSet"_L1) {
        const QJsonObject failure = condition(object, u"ReplicaFailure"_s);
        if (failure.value("status"_L1).toString() == "True"_L1)
            out->append({name, reasonAndMessage(failure, u"FailedCreate"_s)});
        const QJsonObject progressing = condition(object, u"Progressing"_s);
        if (progressing.value("status"_L1).toString() == "False"_L1
            && progressing.value("reason"_L1).toString() == "ProgressDeadlineExceeded"_L1)
            out->append({name, reasonAndMessage(progressing, QString())});
    } else if (kind == "ExternalSecret"_L1) {
        const QJsonObject ready = condition(object, u"Ready"_s);
        if (ready.value("status"_L1).toString() == "False"_L1 && ready.value("reason"_L1).toString() == "SecretSyncedError"_L1)
            out->append({name, reasonAndMessage(ready, QString())});
    }
}

void eventBlockers(const ReadinessEvidence &evidence, const QDateTime &since, QList<ReadinessBlocker> *out)
{
    static const QSet<QString> creators{u"ReplicaSet"_s, u"StatefulSet"_s, u"Job"_s, u"DaemonSet"_s};
    static const QSet<QString> claimFailures{u"ProvisioningFailed"_s, u"FailedBinding"_s};
    QSet<QString> boundClaims;
    for (const QJsonValue &claim : evidence.claims) {
        if (claim[u"status"_s][u"phase"_s].toString(u"Pending"_s) != "Pending"_L1)
            boundClaims.insert(nameOf(claim.toObject()));
    }
    QSet<QString> seen;   // one line per object and reason: the newest event says it
    QList<QJsonObject> events;
    for (const QJsonValue &value : evidence.events)
        events.append(value.toObject());
    std::stable_sort(events.begin(), events.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return lastSeen(a) > lastSeen(b);
    });
    for (const QJsonObject &event : std::as_const(events)) {
        if (event.value("type"_L1).toString() != "Warning"_L1)
            continue;
        if (since.isValid() && lastSeen(event).isValid() && lastSeen(event) < since)
            continue;
        const QJsonObject involved = event.value("involvedObject"_L1).toObject();
        const QString kind = involved.value("kind"_L1).toString();
        const QString name = involved.value("name"_L1).toString();
        const QString reason = event.value("reason"_L1).toString();
        const bool creation = reason == "FailedCreate"_L1 && creators.contains(kind);
        const bool claim = kind == "PersistentVolumeClaim"_L1 && claimFailures.contains(reason) && !boundClaims.contains(name);
        if (!creation && !claim)
            continue;
        const QString key = kind % u'/' % name % u'/' % reason;
        if (seen.contains(key))
            continue;
        seen.insert(key);
        out->append({kubectlName(kind, name), reasonAndMessage(event, reason)});
    }
}

void podBlockers(const QJsonArray &pods, QList<ReadinessBlocker> *out)
{
    for (const QJsonValue &pod : pods) {
        const QString name = kubectlName(u"Pod"_s, nameOf(pod.toObject()));
        const QJsonObject status = pod[u"status"_s].toObject();
        for (const char *field : {"initContainerStatuses", "containerStatuses"}) {
            for (const QJsonValue &container : status.value(QLatin1String(field)).toArray()) {
                const QJsonObject waiting = container[u"state"_s][u"waiting"_s].toObject();
                const QString reason = waiting.value("reason"_L1).toString();
                if (reason == "InvalidImageName"_L1)
                    out->append({name, reasonAndMessage(waiting, reason), false});
                else if (reason == "ErrImagePull"_L1 || reason == "ImagePullBackOff"_L1)
                    out->append({name, reasonAndMessage(waiting, reason), true});
            }
        }
    }
}

} // namespace

QList<ReadinessBlocker> readinessBlockers(const ReadinessEvidence &evidence, const QDateTime &since)
{
    QList<ReadinessBlocker> blockers;
    for (const QJsonObject &object : evidence.workloads)
        conditionBlockers(object, object.value("kind"_L1).toString(), &blockers);
    for (const QJsonValue &replicaSet : evidence.replicaSets)
        conditionBlockers(replicaSet.toObject(), u"ReplicaSet"_s, &blockers);
    eventBlockers(evidence, since, &blockers);
    podBlockers(evidence.pods, &blockers);
    return blockers;
}

} // namespace pd::core
