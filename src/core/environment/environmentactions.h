#pragma once

#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

namespace pd::kube {
class ApiClient;
}

namespace pd::core {

// What one environment action resolves to: ok, or a one-line error for the user.
struct ActionResult
{
    bool ok = false;
    QString message;     // what was done, or why it failed
};

// Asynchronous operations on one environment (a namespace), each resolving to one
// ActionResult. Chain with `.then(context, ...)`.
//
//  - extendExpiry: previewdesk.io/expires-at = max(now, current expiry) + by (RFC 3339 UTC).
//    kube-janitor annotations present on the namespace are moved along so they do not
//    delete it earlier (janitor/expires gets the same time; janitor/ttl is replaced by it).
//  - scaleDown: every Deployment/StatefulSet with replicas > 0 gets
//    downscaler/original-replicas=N (first, so a failure never loses the count), then
//    replicas 0 through the scale subresource. Idempotent: zero-replica workloads are left alone.
//  - scaleUp: restores the replicas from that annotation, then removes it.
//  - destroy: PreviewDestroyer (refuses sources, protected and unmanaged namespaces).
class EnvironmentActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentActions)
public:
    using Clock = std::function<QDateTime()>;

    static constexpr auto kExpiresAt = "previewdesk.io/expires-at";
    static constexpr auto kOriginalReplicas = "downscaler/original-replicas";

    explicit EnvironmentActions(pd::kube::ApiClient *client, Clock clock = {}, QObject *parent = nullptr);
    ~EnvironmentActions() override;

    QFuture<ActionResult> extendExpiry(const QString &name, std::chrono::seconds by);
    QFuture<ActionResult> scaleDown(const QString &name);
    QFuture<ActionResult> scaleUp(const QString &name);
    QFuture<ActionResult> destroy(const QString &name);

    // Pure: the expiry after extending. An invalid `current` counts as now.
    static QDateTime extendedExpiry(const QDateTime &current, const QDateTime &now, std::chrono::seconds by);
    // The effective expiry of a namespace object (the earliest of expires-at,
    // janitor/expires and creation + janitor/ttl); invalid: never.
    static QDateTime currentExpiry(const QJsonObject &namespaceObject);
    // The merge patch extendExpiry sends for that namespace object.
    static QJsonObject expiryPatch(const QJsonObject &namespaceObject, const QDateTime &newExpiry);

Q_SIGNALS:
    // Step by step, for a status bar.
    void progress(const QString &name, const QString &message);

private:
    struct ScaleJob;
    void runScale(const std::shared_ptr<ScaleJob> &job);
    void nextScaleStep(const std::shared_ptr<ScaleJob> &job);
    QDateTime now() const;

    QPointer<pd::kube::ApiClient> m_client;
    Clock m_clock;
};

} // namespace pd::core

Q_DECLARE_METATYPE(pd::core::ActionResult)
