#pragma once

#include "kube/clusterendpoint.h"

#include <QObject>
#include <QString>

#include <memory>

namespace pd::kube {
class ApiClient;
class Discovery;
} // namespace pd::kube
namespace pd::sandbox {
class SandboxCluster;
}
namespace pd::core {
class EnvironmentModel;
class EnvironmentWatcher;
} // namespace pd::core

namespace pd::gui {

// One connection to one cluster: the API client, the environment watcher and the
// model it fills. The window shows whatever session it is given; switching the
// context replaces the session.
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)
public:
    Session(const pd::kube::ClusterEndpoint &endpoint, const QString &displayName, QObject *parent = nullptr);
    ~Session() override;

    // The admin endpoint of a running sandbox (URL, CA, bearer token; memory only).
    static pd::kube::ClusterEndpoint sandboxEndpoint(const pd::sandbox::SandboxCluster &cluster);

    QString displayName() const { return m_displayName; }
    pd::kube::ApiClient *client() const { return m_client.get(); }
    // What the cluster serves; loaded on first use (the clone wizard needs it).
    pd::kube::Discovery *discovery() const { return m_discovery.get(); }
    pd::core::EnvironmentModel *model() const { return m_model.get(); }
    pd::core::EnvironmentWatcher *watcher() const { return m_watcher.get(); }

    void start();
    void refresh();

private:
    QString m_displayName;
    std::unique_ptr<pd::kube::ApiClient> m_client;
    std::unique_ptr<pd::kube::Discovery> m_discovery;
    std::unique_ptr<pd::core::EnvironmentModel> m_model;
    std::unique_ptr<pd::core::EnvironmentWatcher> m_watcher;
};

} // namespace pd::gui
