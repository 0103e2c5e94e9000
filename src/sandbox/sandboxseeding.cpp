#include "sandbox/sandboxseeding.h"

#include "sandbox/apiserver.h"
#include "sandbox/controllers/controllermanager.h"
#include "sandbox/sandboxcluster.h"

#include "kube/logging.h"

namespace pd::sandbox {

SandboxExtras::SandboxExtras(SandboxCluster *cluster)
    : m_cluster(cluster)
{
}

SandboxExtras::~SandboxExtras()
{
    stop();
}

bool SandboxExtras::start(const SandboxOptions &options, QString *error)
{
    Q_UNUSED(error)
    if (options.controllers) {
        ControllerOptions controllerOptions;
        controllerOptions.serverUrl = m_cluster->url();
        controllerOptions.caPem = m_cluster->caPem();
        SandboxCluster *cluster = m_cluster;
        controllerOptions.serviceAccountToken = [cluster](const QString &namespaceName, const QString &name) {
            return cluster->serviceAccountToken(namespaceName, name);
        };
        m_controllers = std::make_unique<ControllerManager>(m_cluster->store(), controllerOptions);
        m_controllers->start();
        m_cluster->api()->setPodMetricsProvider(m_controllers->podMetricsProvider());
        m_cluster->api()->setPodLogProvider(m_controllers->podLogProvider());
    }
    // HOOK(sandboxpolicy): demo seed (src/sandbox/demoseed.h) and --scale N seeding.
    if (options.demo || options.scale > 0)
        pd::log::sandbox()->warn("demo/scale seeding requested but not wired yet");
    return true;
}

void SandboxExtras::stop()
{
    if (m_controllers)
        m_controllers->stop();
}

} // namespace pd::sandbox
