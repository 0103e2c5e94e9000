#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

namespace pd::sandbox {
class ObjectStore;
}

namespace pd::sandbox::controllers {

// Writes Events the way client-go's EventRecorder does for one component (a
// controller, the kubelet, an operator):
// - a core/v1 Event named "<object>.<hex nanoseconds>" in the object's namespace with
//   involvedObject, reason, message, type, source, firstTimestamp, lastTimestamp,
//   count, reportingComponent and reportingInstance;
// - the EventCorrelator's aggregation: the same (object, type, reason, message) again
//   within 10 minutes bumps count and lastTimestamp of the existing Event; the 10th
//   different message of the same (object, type, reason) within 10 minutes turns into
//   one "(combined from similar events): ..." Event that counts the rest; a matching
//   Event already stored within that window (another run of the component) counts on;
// - each Event also as events.k8s.io/v1 (regarding, note, reportingController,
//   deprecatedSource/FirstTimestamp/LastTimestamp/Count): a real server shows the same
//   storage through both APIs, the sandbox keeps a twin object of the same name.
class EventRecorder final
{
public:
    // component: "replicaset-controller", "kubelet", "external-secrets" ...; host: the
    // node for the kubelet, else empty.
    EventRecorder(ObjectStore *store, const QString &component, const QString &host = {});

    // `involved`: the object as stored (apiVersion, kind, metadata). `fieldPath`: the
    // part of it, e.g. "spec.containers{web}" for a container's events.
    void record(const QJsonObject &involved, const QString &type, const QString &reason, const QString &message,
                const QString &fieldPath = {});

    static constexpr const char *kNormal = "Normal";
    static constexpr const char *kWarning = "Warning";

private:
    struct Series
    {
        QString eventName;
        QDateTime first;
    };
    struct Similar
    {
        QHash<QString, QDateTime> messages;   // message -> last seen
        QString combinedName;
    };
    QString recent(const QJsonObject &involved, const QString &type, const QString &reason, const QString &message,
                   const QString &fieldPath) const;
    QString write(const QJsonObject &involved, const QString &type, const QString &reason, const QString &message,
                  const QString &fieldPath, const QString &existingName);

    ObjectStore *m_store;
    QString m_component;
    QString m_host;
    QHash<QString, Series> m_series;     // object/type/reason/message -> its Event
    QHash<QString, Similar> m_similar;   // object/type/reason -> messages seen
};

} // namespace pd::sandbox::controllers
