#pragma once

#include <QDateTime>
#include <QFuture>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <chrono>
#include <memory>

#include "podproblem.h"

namespace pd::kube {
class ApiClient;
class WatchStream;
struct ApiResult;
struct WatchEvent;
} // namespace pd::kube

namespace pd::core {

// One core/v1 Event of the namespace, as the details pane lists it.
struct NamespaceEvent
{
    QString type;            // Normal | Warning
    QString reason;          // BackOff, Failed, Unhealthy, Scheduled ...
    QString objectKind;      // involvedObject.kind
    QString objectName;
    QString message;
    int count = 1;           // series.count, else count
    QDateTime lastSeen;      // UTC: series.lastObservedTime, lastTimestamp, eventTime, creationTimestamp
    QDateTime firstSeen;     // UTC: firstTimestamp, eventTime, creationTimestamp

    bool isWarning() const { return type == u"Warning"; }
    QString object() const;  // "pod/api-7d9f8b6c5-x2k4q"

    bool operator==(const NamespaceEvent &other) const = default;
};

// The problems of a namespace's pods (items of a PodList), errors first, then by
// workload, pod and container. `events` (items of an EventList) add readiness probe
// failures, mount failures, failed creations and the registry's answer to a pull.
// Pods being deleted and finished ones (Succeeded) are not problems.
QList<PodProblem> podProblems(const QJsonArray &pods, const QJsonArray &events = {});
// One line for the state column: one problem per subject (the most severe), at most
// `maxSubjects`, joined by "; " with "+N more" after. Empty when there is none.
QString summarizeProblems(const QList<PodProblem> &problems, int maxSubjects = 3);
// The events, newest first (lastSeen), at most `max`.
QList<NamespaceEvent> recentEvents(const QJsonArray &events, int max = 20);
// The owner workload a pod belongs to (see PodProblem::workload).
QString workloadOfPod(const QJsonObject &pod);

// Pods and events of one namespace at one moment (one LIST each).
struct NamespaceSnapshot
{
    QString namespaceName;
    QJsonArray pods;
    QJsonArray events;
    QString error;           // why pods could not be listed; empty when they were
    QString eventsError;     // why events could not be listed (forbidden ...)
};
// LISTs the pods and events of `namespaceName` (both at once).
QFuture<NamespaceSnapshot> fetchNamespaceSnapshot(pd::kube::ApiClient *client, const QString &namespaceName);

// Live view of ONE namespace for the details pane: list-then-watch of its pods and
// core/v1 events while it is shown; setNamespace() with another name switches, an
// empty name stops. Bursts are coalesced; changed() fires when the problems or the
// recent events differ from what was announced. Never watches all namespaces.
class NamespaceInsight final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NamespaceInsight)
public:
    // client is not owned; nullptr: nothing is ever watched.
    explicit NamespaceInsight(pd::kube::ApiClient *client, QObject *parent = nullptr);
    ~NamespaceInsight() override;

    void setNamespace(const QString &namespaceName);
    QString namespaceName() const { return m_namespace; }
    void stop() { setNamespace({}); }
    void setCoalesceInterval(std::chrono::milliseconds interval);   // default 150 ms
    void setMaxEvents(int max) { m_maxEvents = max; }                // default 20

    // Both first lists arrived for the current namespace.
    bool isSynced() const;
    QList<PodProblem> problems() const { return m_problems; }
    QList<NamespaceEvent> events() const { return m_events; }
    // Why pods or events cannot be watched ("events is forbidden ..."); empty when fine.
    QString errorText() const { return m_error; }

Q_SIGNALS:
    // Problems, events, error text or isSynced() differ from the last announcement.
    void changed();

private:
    struct Feed;
    std::unique_ptr<Feed> makeFeed(const QString &resource);
    void retire(std::unique_ptr<Feed> &feed);
    void onResynced(Feed *feed, const QList<QJsonObject> &items);
    void onEvent(Feed *feed, const pd::kube::WatchEvent &event);
    void onFailed(Feed *feed, const pd::kube::ApiResult &result);
    void recompute();

    QPointer<pd::kube::ApiClient> m_client;
    QString m_namespace;
    std::unique_ptr<Feed> m_pods;
    std::unique_ptr<Feed> m_eventsFeed;
    int m_maxEvents = 20;
    QTimer m_coalesce;
    QList<PodProblem> m_problems;
    QList<NamespaceEvent> m_events;
    QString m_error;
    bool m_announcedSynced = false;   // isSynced() as of the last changed()
};

} // namespace pd::core
