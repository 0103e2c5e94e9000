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
    pd::sandbox::SandboxOptions options;
    options.demo = true;
    options.controllers = true;
    options.ingressPort = kIngressPort;
    QString startError;
    m_cluster = std::make_unique<pd::sandbox::SandboxCluster>();
    bool started = m_cluster->start(options, &startError);
    if (!started) {
        // Most likely a second demo (or anything else) holds the port: any free one then.
        pd::log::gui()->warn("demo sandbox: {}; trying any free ingress port", pd::log::str(startError));
        options.ingressPort = 0;
        m_cluster = std::make_unique<pd::sandbox::SandboxCluster>();
        started = m_cluster->start(options, &startError);
    }
    if (!started) {
        m_cluster.reset();
        if (error)
            *error = tr("The sandbox cluster did not start: %1").arg(startError);
        return std::nullopt;
    }
    pd::log::gui()->info("sandbox cluster listening on {}, its ingress controller on port {}",
                         pd::log::str(m_cluster->url().toString()), m_cluster->ingressPort());
    return pd::sandbox::adminEndpoint(*m_cluster);
}

} // namespace pd::app
