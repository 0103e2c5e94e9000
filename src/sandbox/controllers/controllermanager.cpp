#include "controllermanager.h"

#include "argocdcontroller.h"
#include "cronjobcontroller.h"
#include "fluxcontroller.h"
#include "jobcontroller.h"
#include "externalsecretcontroller.h"
#include "ingressstatuscontroller.h"
#include "namespacedefaultscontroller.h"
#include "podmetrics.h"
#include "snapshotcontroller.h"
#include "volumeprovisioner.h"
#include "workloadcontroller.h"
#include "sandbox/objectstore.h"

#include <QJsonArray>

namespace pd::sandbox {

using namespace controllers;

ControllerManager::ControllerManager(ObjectStore *store, ControllerOptions options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(std::move(options))
{
}

ControllerManager::~ControllerManager() { stop(); }

void ControllerManager::start()
{
    if (m_running)
        return;
    m_running = true;
    // External Secrets first: its CRDs must exist before anything names its kinds.
    if (m_options.externalSecrets) {
        m_externalSecrets = std::make_unique<ExternalSecretController>(m_store);
        m_externalSecrets->start();
    }
    // The snapshot CRDs, likewise, before claims name a VolumeSnapshot.
    if (m_options.snapshots) {
        m_snapshots = std::make_unique<SnapshotController>(m_store, m_options.snapshotReadyDelay);
        m_snapshots->start();
    }
    if (m_options.volumes) {
        m_volumes = std::make_unique<VolumeProvisioner>(m_store);
        m_volumes->start();
    }
    if (m_options.namespaceDefaults) {
        m_namespaces = std::make_unique<NamespaceDefaultsController>(m_store, m_options.caPem);
        m_namespaces->start();
    }
    if (m_options.workloads) {
        m_workloads = std::make_unique<WorkloadController>(m_store, m_options.podReadyDelay);
        m_workloads->start();
    }
    if (m_options.ingresses) {
        m_ingresses = std::make_unique<IngressStatusController>(m_store, m_options.ingressPort);
        m_ingresses->start();
    }
    if (m_options.cronJobs) {
        CronJobController::Options cron;
        cron.serverUrl = m_options.serverUrl;
        cron.caPem = m_options.caPem;
        cron.serviceAccountToken = m_options.serviceAccountToken;
        cron.kubectlPath = m_options.kubectlPath;
        cron.jobTimeout = m_options.jobTimeout;
        m_cronJobs = std::make_unique<CronJobController>(m_store, cron);
        m_cronJobs->start();
    }
    if (m_options.jobs) {
        m_jobs = std::make_unique<JobController>(m_store, m_options.jobRunDuration);
        m_jobs->start();
    }
    if (m_options.gitOps) {
        m_argoCd = std::make_unique<ArgoCdController>(m_store, m_options.gitOpsResyncInterval, m_options.gitPath);
        m_argoCd->start();
        m_flux = std::make_unique<FluxController>(m_store, m_options.gitOpsResyncInterval, m_options.gitPath);
        m_flux->start();
    }
}

void ControllerManager::stop()
{
    m_running = false;
    if (m_cronJobs)
        m_cronJobs->stop();
    m_cronJobs.reset();
    m_flux.reset();
    m_argoCd.reset();
    m_jobs.reset();
    m_volumes.reset();
    m_snapshots.reset();
    m_ingresses.reset();
    m_workloads.reset();
    m_namespaces.reset();
    m_externalSecrets.reset();
}

std::function<QList<QJsonObject>(const QString &)> ControllerManager::podMetricsProvider() const
{
    ObjectStore *store = m_store;
    return [store](const QString &ns) { return simulatedPodMetricsList(store, ns, store->now()); };
}

std::function<QByteArray(const QString &, const QString &, const QString &)> ControllerManager::podLogProvider() const
{
    const QPointer<const ControllerManager> self(this);
    ObjectStore *store = m_store;
    return [self, store](const QString &ns, const QString &pod, const QString &container) -> QByteArray {
        if (self && self->m_cronJobs) {
            const QByteArray output = self->m_cronJobs->podLog(ns, pod);
            if (!output.isEmpty())
                return output;
        }
        // Any other running pod: a few plausible start-up lines (simulated kubelet log).
        const auto object = store->get(GroupResource{QString(), QStringLiteral("pods")}, ns, pod);
        if (!object)
            return {};
        const QJsonObject status = object->value(QStringLiteral("status")).toObject();
        if (status.value(QStringLiteral("phase")).toString() != QStringLiteral("Running"))
            return {};
        const QJsonArray containers = object->value(QStringLiteral("spec")).toObject().value(QStringLiteral("containers")).toArray();
        QJsonObject c = containers.isEmpty() ? QJsonObject{} : containers.first().toObject();
        for (const QJsonValue &v : containers) {
            if (v.toObject().value(QStringLiteral("name")).toString() == container)
                c = v.toObject();
        }
        const QByteArray started = status.value(QStringLiteral("startTime")).toString().toUtf8();
        const QByteArray name = c.value(QStringLiteral("name")).toString().toUtf8();
        return started + " INFO starting " + name + " (" + c.value(QStringLiteral("image")).toString().toUtf8() + ")\n"
            + started + " INFO configuration loaded\n" + started + " INFO ready to serve requests\n";
    };
}

} // namespace pd::sandbox
