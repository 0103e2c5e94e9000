#pragma once

#include "core/contextsettings.h"
#include "kube/clusterendpoint.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace pd::kube {
class ApiClient;
class Discovery;
} // namespace pd::kube
namespace pd::sandbox {
class SandboxCluster;
}
namespace pd::core {
class CostHistory;
class CostRecorder;
class DegradedReasonResolver;
class EnvironmentModel;
class EnvironmentWatcher;
class GitHubClient;
class PullRequestTracker;
} // namespace pd::core

namespace pd::gui {

// One connection to one cluster: the API client, the environment watcher and the
// model it fills, plus what enriches the model from elsewhere: the pod probe that says
// why a preview is degraded, the pull-request tracker and the cost recorder. The window
// shows whatever session it is given; switching the context replaces the session.
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)
public:
    Session(const pd::kube::ClusterEndpoint &endpoint, const QString &displayName,
            const pd::core::ContextSettings &settings = {}, QObject *parent = nullptr);
    ~Session() override;

    // The admin endpoint of a running sandbox (URL, CA, bearer token; memory only).
    static pd::kube::ClusterEndpoint sandboxEndpoint(const pd::sandbox::SandboxCluster &cluster);

    QString displayName() const { return m_displayName; }
    const pd::core::ContextSettings &settings() const { return m_settings; }
    pd::kube::ApiClient *client() const { return m_client.get(); }
    // What the cluster serves; loaded on first use (the clone wizard needs it).
    pd::kube::Discovery *discovery() const { return m_discovery.get(); }
    pd::core::EnvironmentModel *model() const { return m_model.get(); }
    pd::core::EnvironmentWatcher *watcher() const { return m_watcher.get(); }
    pd::core::GitHubClient *gitHub() const { return m_gitHub.get(); }
    pd::core::PullRequestTracker *pullRequests() const { return m_pullRequests.get(); }
    // nullptr until enableCostRecording() succeeded.
    pd::core::CostHistory *costHistory() const { return m_costHistory.get(); }
    pd::core::CostRecorder *costRecorder() const { return m_costRecorder.get(); }
    QString costError() const { return m_costError; }

    void start();
    void refresh();

    // Samples usage every few minutes into the SQLite history at `path` (one file per
    // context) and fills the browser's cost-per-day column from it. False with
    // costError() when the history cannot be opened; the rest of the session works on.
    bool enableCostRecording(const QString &path);
    // Recomputes the cost-per-day column from the history (after each sample).
    void updateCostColumn();

Q_SIGNALS:
    // A sample went into the cost history (the cost window refreshes).
    void costRecorded();
    void costErrorChanged(const QString &error);

private:
    QString m_displayName;
    pd::core::ContextSettings m_settings;
    std::unique_ptr<pd::kube::ApiClient> m_client;
    std::unique_ptr<pd::kube::Discovery> m_discovery;
    std::unique_ptr<pd::core::EnvironmentModel> m_model;
    std::unique_ptr<pd::core::EnvironmentWatcher> m_watcher;
    std::unique_ptr<pd::core::DegradedReasonResolver> m_problems;
    std::unique_ptr<pd::core::GitHubClient> m_gitHub;
    std::unique_ptr<pd::core::PullRequestTracker> m_pullRequests;
    std::unique_ptr<pd::core::CostHistory> m_costHistory;
    std::unique_ptr<pd::core::CostRecorder> m_costRecorder;
    QString m_costError;
    QTimer m_costColumnTimer;   // coalesces rows arriving in bursts
};

} // namespace pd::gui
