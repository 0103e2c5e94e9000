#include "sandbox/sandboxseeding.h"

#include "sandbox/apiserver.h"
#include "sandbox/controllers/controllermanager.h"
#include "sandbox/demoseed.h"
#include "sandbox/loopbackingress.h"
#include "sandbox/objectstore.h"
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
    // Seeds first: the controllers then reconcile what is there and follow changes.
    ObjectStore *store = m_cluster->store();
    if (options.ingressPort >= 0) {
        m_ingress = std::make_unique<LoopbackIngress>(store);
        QString listenError;
        if (!m_ingress->listen(options.address, quint16(options.ingressPort), &listenError)) {
            if (error)
                *error = QStringLiteral("the ingress controller cannot listen on port %1: %2").arg(options.ingressPort).arg(listenError);
            m_ingress.reset();
            return false;
        }
    }
    if (options.demo) {
        const ImportReport report = seedDemo(store, store->now(), DemoSite{ingressPort()});
        pd::log::sandbox()->info("demo seed: {} objects, {} skipped, {} errors", report.created, report.skipped,
                                 report.errors.size());
        if (report.created == 0 && !report.errors.isEmpty()) {
            if (error)
                *error = QStringLiteral("demo seed: %1").arg(report.errors.join(QStringLiteral("; ")));
            return false;
        }
    }
    if (options.scale > 0) {
        const qsizetype created = seedScaledPreviews(store, options.scale, store->now());
        pd::log::sandbox()->info("scale seed: {} previews, {} objects", options.scale, created);
    }
    if (options.controllers) {
        ControllerOptions controllerOptions;
        controllerOptions.serverUrl = m_cluster->url();
        controllerOptions.caPem = m_cluster->caPem();
        controllerOptions.podReadyDelay = options.podReadyDelay;
        controllerOptions.jobRunDuration = options.jobRunDuration;
        controllerOptions.ingressPort = ingressPort();
        controllerOptions.snapshotReadyDelay = options.snapshotReadyDelay;
        controllerOptions.gitOpsResyncInterval = options.gitOpsResyncInterval;
        SandboxCluster *cluster = m_cluster;
        controllerOptions.serviceAccountToken = [cluster](const QString &namespaceName, const QString &name) {
            return cluster->serviceAccountToken(namespaceName, name);
        };
        m_controllers = std::make_unique<ControllerManager>(store, controllerOptions);
        m_controllers->start();
        m_cluster->api()->setPodMetricsProvider(m_controllers->podMetricsProvider());
        m_cluster->api()->setPodLogProvider(m_controllers->podLogProvider());
    }
    return true;
}

void SandboxExtras::stop()
{
    if (m_controllers)
        m_controllers->stop();
    if (m_ingress)
        m_ingress->close();
}

quint16 SandboxExtras::ingressPort() const
{
    return m_ingress ? m_ingress->port() : 0;
}

} // namespace pd::sandbox
