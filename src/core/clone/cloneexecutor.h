#pragma once

#include "cloneplan.h"

#include "kube/apicall.h"
#include "kube/status.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <chrono>

namespace pd::kube {
class ApiClient;
class Discovery;
struct ApiResult;
struct ApiResourceInfo;
}

namespace pd::core {

struct ReadinessEvidence;

// Where one planned object stands while a clone runs.
enum class CloneObjectState { Pending, Checked, Created, AlreadyThere, Ready, NotReady, Failed, RolledBack };
QString cloneObjectStateName(CloneObjectState state);

struct CloneOutcome
{
    bool ok = false;
    QString message;          // plain words: what happened, or which object failed and why
    QString url;
    QStringList notReady;     // "Deployment/web: 0 of 1 replicas available (ImagePullBackOff ...)"
    bool rolledBack = false;
    bool resumed = false;     // a run that found its own half-made clone and completed it
    bool keptIncomplete = false;  // kept half-made, annotated previewdesk.io/incomplete
    bool cancelled = false;   // stopped by CloneExecutor::cancel()

    // In the one status vocabulary: Success, Cancelled or Failed, with the message.
    pd::kube::Status status() const
    {
        if (ok)
            return pd::kube::Status::success(message);
        return cancelled ? pd::kube::Status::cancelled(message) : pd::kube::Status::failure(message);
    }

    static CloneOutcome failure(const QString &message, bool rolledBack = false)
    {
        CloneOutcome outcome;
        outcome.message = message;
        outcome.rolledBack = rolledBack;
        return outcome;
    }
};

// Runs a ClonePlan against a cluster:
//  1. refuses a name that exists unless it is this clone's own (same clone-id: resume);
//  2. checks the namespace and then every object with dryRun=All on the server;
//  3. creates tier by tier (in parallel within a tier), an existing object of a resumed
//     clone counts as created; a restore's VolumeSnapshots are ready to use before the
//     claims are made, seeded datastores Ready before their seed Jobs, and the seed Jobs
//     Complete before the workloads (a failed seed Job fails the clone);
//  4. waits until workloads are Available and ExternalSecrets Ready, up to a timeout,
//     and names what is not ready and why; meanwhile it reads the preview's Events,
//     Pods and claims, and ends the wait at once when something cannot get better
//     (readinessBlockers(): FailedCreate, ReplicaFailure, ProgressDeadlineExceeded,
//     SecretSyncedError, ProvisioningFailed, InvalidImageName; image pull errors after
//     pullErrorGrace);
//  5. on any failure or cancel() deletes the preview's namespace (only one it created
//     itself) and waits until it is gone, then the plan's cluster-scoped objects, unless keepOnFailure is set: then a preview
//     whose objects were not all created is annotated previewdesk.io/incomplete (the
//     browser shows Incomplete). A resumed clone clears that annotation once every
//     object is there.
class CloneExecutor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloneExecutor)
public:
    struct Options
    {
        bool serverDryRun = true;
        bool waitForReady = true;
        bool keepOnFailure = false;
        std::chrono::milliseconds readyTimeout{std::chrono::minutes(5)};
        std::chrono::milliseconds pollInterval{500};
        // ErrImagePull / ImagePullBackOff often clear on the next pull (a registry
        // hiccup, an image pushed a moment late): fatal only when they last this long.
        std::chrono::milliseconds pullErrorGrace{std::chrono::seconds(15)};
    };

    CloneExecutor(pd::kube::ApiClient *client, pd::kube::Discovery *discovery, QObject *parent = nullptr);
    ~CloneExecutor() override;

    void start(const ClonePlan &plan, const Options &options);
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void phaseChanged(const QString &phase);
    void objectStateChanged(const QString &object, pd::core::CloneObjectState state, const QString &detail);
    void finished(const pd::core::CloneOutcome &outcome);

private:
    void checkExistingNamespace();
    void createNamespace(bool dryRun);
    void dryRunObjects();
    void createTier(int tier);
    void afterTier(int tier);
    QList<QJsonObject> gateOf(int tier) const;
    void pollGate(int tier, const QList<QJsonObject> &gate);
    void removeClusterScoped(const QString &message);
    void pollReadiness();
    void judgeReadiness(const QStringList &pending, const ReadinessEvidence &evidence);
    void failNotReady(const QString &message, const QStringList &notReady);
    void clearIncompleteThenWait();
    void waitForReadiness();
    void fail(const QString &message);
    void rollBack(const QString &message);
    void settleFailure();
    void keepIncomplete(const QString &message);
    void waitUntilGone(const QString &message, int attemptsLeft);
    void finish(CloneOutcome outcome);
    bool resolveResources();
    QString objectName(const QJsonObject &object) const;
    void setState(const QJsonObject &object, CloneObjectState state, const QString &detail = {});

    QPointer<pd::kube::ApiClient> m_client;
    QPointer<pd::kube::Discovery> m_discovery;
    ClonePlan m_plan;
    Options m_options;
    QHash<QString, QString> m_resourceOf;     // "apiVersion/Kind" -> plural
    bool m_running = false;
    bool m_createdNamespace = false;
    bool m_resuming = false;
    bool m_failed = false;
    bool m_cancelled = false;                 // cancel() started the rollback
    bool m_settling = false;
    bool m_allCreated = false;                // every tier was created
    QDateTime m_startedAt;
    QHash<QString, QDateTime> m_pullErrorsSince;   // blocker text -> first seen
    QStringList m_notReady;                   // what the wait ended on, kept through a rollback
    QString m_failureMessage;
    int m_outstanding = 0;
    QTimer m_pollTimer;
    QDateTime m_readyDeadline;
    QDateTime m_gateDeadline;                 // of the wait between two tiers
    pd::kube::ApiCalls m_reads;               // reads and dry runs on the wire: cancel() aborts them
};

} // namespace pd::core

Q_DECLARE_METATYPE(pd::core::CloneOutcome)
