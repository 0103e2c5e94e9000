#pragma once

#include "core/cost/clusteridentity.h"

#include "core/contextsettings.h"
#include "kube/clusterendpoint.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

namespace pd::kube {
class ApiClient;
class Discovery;
struct ApiResult;
} // namespace pd::kube

namespace pd::core {

class CostRecorder;
class CostStore;
class DegradedReasonResolver;
class EnvironmentModel;
class EnvironmentWatcher;
class GitHubClient;
class PermissionCache;
class PullRequestTracker;

// One connection to one cluster: the API client, discovery, the permission cache, the
// environment watcher and the model it fills, plus what enriches the model from
// elsewhere: the pod probe that says why a preview is degraded, the pull-request
// tracker and the cost recorder. The window shows whatever session it is given;
// switching the context replaces the session. The GUI reaches the cluster only
// through a session (and the core objects it hands the client to).
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)
public:
    Session(const pd::kube::ClusterEndpoint &endpoint, const QString &displayName,
            const pd::core::ContextSettings &settings = {}, QObject *parent = nullptr);
    ~Session() override;

    QString displayName() const { return m_displayName; }
    const pd::core::ContextSettings &settings() const { return m_settings; }
    pd::kube::ApiClient *client() const { return m_client.get(); }
    // The cluster this session talks to (server, CA, context), as cost histories are keyed.
    pd::core::ClusterIdentity clusterIdentity() const;
    // What the cluster serves; loaded on first use (the clone wizard needs it).
    pd::kube::Discovery *discovery() const { return m_discovery.get(); }
    // SelfSubjectAccessReview answers of this context, shared by every view.
    pd::core::PermissionCache *permissions() const { return m_permissions; }
    pd::core::EnvironmentModel *model() const { return m_model.get(); }
    pd::core::EnvironmentWatcher *watcher() const { return m_watcher.get(); }
    pd::core::GitHubClient *gitHub() const { return m_gitHub.get(); }
    pd::core::PullRequestTracker *pullRequests() const { return m_pullRequests.get(); }
    // nullptr until enableCostRecording() opened the history (the store's thread answers).
    pd::core::CostStore *costStore() const { return m_costRecorder ? m_costStore.get() : nullptr; }
    pd::core::CostRecorder *costRecorder() const { return m_costRecorder.get(); }
    // The file enableCostRecording() was given.
    QString costHistoryPath() const { return m_costHistoryPath; }
    QString costError() const { return m_costError; }

    void start();
    void refresh();

    // Opens the SQLite history at `path` (one file per context) on a CostStore's thread,
    // then samples usage into it every few minutes and fills the browser's cost-per-day
    // column from it. When the history cannot be opened, costError() says why
    // (costErrorChanged); the rest of the session works on. With a cluster, a file kept
    // for another cluster is refused (CostHistory::open). The first sample is taken once
    // the browser's lists are in.
    void enableCostRecording(const QString &path, const ClusterIdentity &cluster = {});
    // Recomputes the cost-per-day column on the store's thread (after each sample) and
    // applies it here when it is done. Asked again while one is computed, it computes
    // once more after that one, however often it was asked.
    void updateCostColumn();

Q_SIGNALS:
    // A sample went into the cost history (the cost window refreshes).
    void costRecorded();
    void costErrorChanged(const QString &error);
    // The cost-per-day column was filled from a newly computed answer.
    void costColumnUpdated();
    // Every answer of the client (ApiClient::requestFinished), for hints that follow them.
    void requestFinished(const QString &path, const pd::kube::ApiResult &result);

private:
    void startCostRecording();
    void applyCostPerDay(int firstRow, int lastRow);

    QString m_displayName;
    pd::core::ContextSettings m_settings;
    std::unique_ptr<pd::kube::ApiClient> m_client;
    std::unique_ptr<pd::kube::Discovery> m_discovery;
    // A child, not a member: it must outlive the client, whose futures finish (cancelled)
    // when it is deleted, and Qt 6.4's then(context) asserts on a context that died first.
    pd::core::PermissionCache *m_permissions;
    std::unique_ptr<pd::core::EnvironmentModel> m_model;
    std::unique_ptr<pd::core::EnvironmentWatcher> m_watcher;
    std::unique_ptr<pd::core::DegradedReasonResolver> m_problems;
    std::unique_ptr<pd::core::GitHubClient> m_gitHub;
    std::unique_ptr<pd::core::PullRequestTracker> m_pullRequests;
    // The store before the recorder, which writes through it (and goes first).
    std::unique_ptr<pd::core::CostStore> m_costStore;
    std::unique_ptr<pd::core::CostRecorder> m_costRecorder;
    QString m_costHistoryPath;
    QString m_costError;
    // The last cost per day computed: rows inserted meanwhile take theirs from it.
    QHash<QString, double> m_costPerDay;
    bool m_costColumnComputing = false;
    bool m_costColumnAgain = false;   // asked while computing
};

} // namespace pd::core
