#pragma once

#include "core/session/contextcatalog.h"

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace pd::sandbox {
class SandboxCluster;
}

namespace pd::app {

// The embedded demo cluster of `previewdesk`: started with the demo seed and its
// controllers the first time the "Sandbox (demo)" context is opened, stopped when
// this goes (after the sessions that talk to it). Its ingress controller listens on
// kIngressPort (any free port when that one is taken), so the previews' URLs open.
class DemoSandbox final
{
    Q_DECLARE_TR_FUNCTIONS(DemoSandbox)
public:
    static constexpr quint16 kIngressPort = 8480;

    DemoSandbox();
    ~DemoSandbox();
    DemoSandbox(const DemoSandbox &) = delete;
    DemoSandbox &operator=(const DemoSandbox &) = delete;

    // For AppController::setSandboxProvider(); valid while this lives.
    pd::core::SandboxProvider provider();
    // nullptr until first asked for.
    pd::sandbox::SandboxCluster *cluster() const { return m_cluster.get(); }

private:
    std::optional<pd::kube::ClusterEndpoint> endpoint(QString *error);

    std::unique_ptr<pd::sandbox::SandboxCluster> m_cluster;
};

} // namespace pd::app
