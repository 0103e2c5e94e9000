#pragma once

#include "mutationguard.h"

#include <QDateTime>
#include <QFuture>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

#include <chrono>
#include "kube/apicall.h"
#include "kube/status.h"

#include <functional>
#include <memory>
#include <optional>

namespace pd::kube {
class ApiClient;
}

namespace pd::core {

// What one environment action resolves to: ok, or a one-line error for the user.
struct ActionResult
{
    bool ok = false;
    QString message;     // what was done, or why it failed
    bool cancelled = false;   // stopped by cancel(); message says what was and wasn't done

    // In the one status vocabulary: Success, Cancelled or Failed, with the message.
    pd::kube::Status status() const;
};

// Asynchronous operations on one environment (a namespace), each resolving to one
// ActionResult. Continue with pd::bindTo(context, ...).
//
// Each first reads the live namespace and asks mutationRefusal(): sources, protected,
// unmanaged and system namespaces are refused before anything is written (a scale
// with MutationOverride::ForceSource may act on a source or protected one).
//
//  - extendExpiry: refuses a namespace without an expiry (it would gain one);
//    previewdesk.io/expires-at = max(now, current expiry) + by (RFC 3339 UTC).
//    kube-janitor annotations present on the namespace are moved along so they do not
//    delete it earlier (janitor/expires gets the same time; janitor/ttl is replaced by it).
//  - scaleDown: every Deployment/StatefulSet with replicas > 0 gets
//    downscaler/original-replicas=N (first, so a failure never loses the count), then
//    replicas 0 through the scale subresource; every CronJob without a record gets
//    previewdesk.io/original-suspend=<spec.suspend> and then suspend=true (as the
//    guardrail scripts do). Idempotent: zero-replica workloads and recorded CronJobs are left alone.
//  - scaleUp: restores the replicas and suspend states from those annotations, then removes them.
//  - destroy: deletes with a UID precondition, then waits until the namespace is gone.
//
// Scale and destroy can be cancelled by name: a read on the wire (the namespace, the
// workload lists, destroy's wait) is aborted through its ApiCall; a write in flight
// finishes, and no further one goes out, so a workload is never left half done. The
// result, with cancelled = true, says what was and wasn't done.
class EnvironmentActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentActions)
public:
    using Clock = std::function<QDateTime()>;

    explicit EnvironmentActions(pd::kube::ApiClient *client, Clock clock = {}, QObject *parent = nullptr);
    ~EnvironmentActions() override;

    QFuture<ActionResult> extendExpiry(const QString &name, std::chrono::seconds by);
    // Activity (a new push): previewdesk.io/expires-at = max(current expiry, now + ttl) and
    // previewdesk.io/renewed-at = now, so an active pull request's preview does not expire
    // under its reviewers. ttl 0: the TTL the preview recorded (previewdesk.io/ttl); refused
    // when it recorded none. Refused like extendExpiry (sources, unmanaged, no expiry).
    QFuture<ActionResult> renewExpiry(const QString &name, std::chrono::seconds ttl = std::chrono::seconds(0));
    QFuture<ActionResult> scaleDown(const QString &name, MutationOverride override = MutationOverride::None);
    QFuture<ActionResult> scaleUp(const QString &name, MutationOverride override = MutationOverride::None);
    QFuture<ActionResult> destroy(const QString &name);

    // Stops the running scale or destroy of `name`; false when none runs.
    bool cancel(const QString &name);
    bool isRunning(const QString &name) const { return m_runs.contains(name); }
    // How often destroy() asks whether the namespace is gone (default 200 ms), and for how long.
    void setDestroyPolling(std::chrono::milliseconds interval, std::chrono::seconds limit);

    // Pure: the expiry after extending. An invalid `current` counts as now.
    static QDateTime extendedExpiry(const QDateTime &current, const QDateTime &now, std::chrono::seconds by);
    // effectiveExpiry() of a namespace object's metadata; invalid: never.
    static QDateTime currentExpiry(const QJsonObject &namespaceObject);
    // The merge patch extendExpiry sends for that namespace object.
    static QJsonObject expiryPatch(const QJsonObject &namespaceObject, const QDateTime &newExpiry);
    // The merge patch renewExpiry sends: expiryPatch plus renewed-at = now.
    static QJsonObject renewalPatch(const QJsonObject &namespaceObject, const QDateTime &newExpiry, const QDateTime &now);
    // The TTL recorded in previewdesk.io/ttl; nullopt when absent or unreadable.
    static std::optional<std::chrono::seconds> recordedTtl(const QJsonObject &namespaceObject);

Q_SIGNALS:
    // Step by step, for a status bar.
    void progress(const QString &name, const QString &message);
    // For a progress bar: `done` of `total` units (workloads and CronJobs); total 0 while
    // the length is unknown (listing, waiting for a namespace to terminate).
    void progressed(const QString &name, int done, int total, const QString &message);

private:
    struct ScaleJob;
    struct DestroyJob;
    QFuture<ActionResult> startScale(const QString &name, bool down, MutationOverride override);
    void runScale(const std::shared_ptr<ScaleJob> &job);
    void planScale(const std::shared_ptr<ScaleJob> &job, const QList<QJsonArray> &lists);
    void nextScaleStep(const std::shared_ptr<ScaleJob> &job);
    void finishScale(const std::shared_ptr<ScaleJob> &job, bool ok, const QString &message, bool cancelled = false);
    QString scaleSummary(const ScaleJob &job) const;
    void waitUntilGone(const std::shared_ptr<DestroyJob> &job);
    void finishDestroy(const std::shared_ptr<DestroyJob> &job, bool ok, const QString &message, bool cancelled = false);
    struct Run;
    std::shared_ptr<Run> begin(const QString &name);
    pd::kube::ApiCall readFor(const std::shared_ptr<Run> &run, const pd::kube::ApiCall &call);
    void report(const QString &name, int done, int total, const QString &message);
    QDateTime now() const;

    QPointer<pd::kube::ApiClient> m_client;
    Clock m_clock;
    QHash<QString, std::shared_ptr<Run>> m_runs;   // running scale/destroy by name
    std::chrono::milliseconds m_pollInterval{200};
    std::chrono::seconds m_pollLimit{240};
};

} // namespace pd::core

Q_DECLARE_METATYPE(pd::core::ActionResult)
