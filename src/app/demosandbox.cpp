#include "demosandbox.h"

#include "kube/logging.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"

namespace pd::app {

DemoSandbox::DemoSandbox() = default;
DemoSandbox::~DemoSandbox() = default;

pd::core::SandboxProvider DemoSandbox::provider()
{
    return [this](QString *error) { return endpoint(error); };
}

std::optional<pd::kube::ClusterEndpoint> DemoSandbox::endpoint(QString *error)
{
    if (m_cluster && m_cluster->isRunning())
        return pd::sandbox::adminEndpoint(*m_cluster);
    m_cluster = std::make_unique<pd::sandbox::SandboxCluster>();
    pd::sandbox::SandboxOptions options;
    options.demo = true;
    options.controllers = true;
    QString startError;
    if (!m_cluster->start(options, &startError)) {
        m_cluster.reset();
        if (error)
            *error = tr("The sandbox cluster did not start: %1").arg(startError);
        return std::nullopt;
    }
    pd::log::gui()->info("sandbox cluster listening on {}", pd::log::str(m_cluster->url().toString()));
    return pd::sandbox::adminEndpoint(*m_cluster);
}

} // namespace pd::app
