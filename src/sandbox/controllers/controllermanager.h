#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>

namespace pd::sandbox {

class ObjectStore;

namespace controllers {
class NamespaceDefaultsController;
class WorkloadController;
class IngressStatusController;
class ExternalSecretController;
class CronJobController;
class JobController;
class SnapshotController;
class VolumeProvisioner;
class ArgoCdController;
class FluxController;
} // namespace controllers

// What the simulated kube-controller-manager (and the operators a cluster runs
// beside it) does. Each part can be switched off.
struct ControllerOptions
{
    bool namespaceDefaults = true;   // default ServiceAccount + kube-root-ca.crt per namespace
    bool workloads = true;           // Deployments/StatefulSets/ReplicaSets -> Pods, status
    bool ingresses = true;           // status.loadBalancer.ingress
    // The loopback ingress controller's port, reported in status.loadBalancer.ingress[].ports (0: none).
    quint16 ingressPort = 0;
    bool externalSecrets = true;     // External Secrets Operator (CRDs + sync from a fake secret manager)
    bool cronJobs = true;            // CronJobs on schedule; kubectl containers run as real processes
    bool jobs = true;                // Jobs of no CronJob (seed, migration): run for jobRunDuration
    bool snapshots = true;           // snapshot-controller + CSI driver sandbox.csi.local (CRDs included)
    bool volumes = true;             // claims bound by the provisioner (from a VolumeSnapshot once it is ready)
    bool gitOps = true;              // Argo CD Applications and Flux Kustomizations/GitRepositories of local Git repositories

    // A new pod turns Ready after this long (0: on the next event-loop turn).
    std::chrono::milliseconds podReadyDelay{1500};

    // For kube-root-ca.crt and the CronJob kubeconfigs.
    QUrl serverUrl;
    QByteArray caPem;
    // Token of a ServiceAccount identity (SandboxCluster::serviceAccountToken).
    std::function<QString(const QString &namespaceName, const QString &serviceAccount)> serviceAccountToken;
    // "kubectl" from the PATH when empty.
    QString kubectlPath;
    // A CronJob run is killed after this long (unless activeDeadlineSeconds is shorter).
    std::chrono::milliseconds jobTimeout{std::chrono::minutes(10)};
    // How long a Job of no CronJob runs before it completes (a seed Job's real cost).
    std::chrono::milliseconds jobRunDuration{std::chrono::seconds(2)};
    // How long a VolumeSnapshot of a claim takes to turn readyToUse.
    std::chrono::milliseconds snapshotReadyDelay{std::chrono::seconds(2)};
    // How often the GitOps engines look at Git and the cluster again without being told
    // (Argo CD's timeout.reconciliation, Flux's spec.interval; both minutes in real life).
    std::chrono::milliseconds gitOpsResyncInterval{std::chrono::seconds(10)};
    // "git" from the PATH when empty.
    QString gitPath;
};

// Owns the simulated controllers and runs them against an ObjectStore. Everything
// is a simulation: pods never run, they only report what a real kubelet would.
class ControllerManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControllerManager)
public:
    ControllerManager(ObjectStore *store, ControllerOptions options, QObject *parent = nullptr);
    ~ControllerManager() override;

    // Reconciles everything already in the store, then follows its changes.
    void start();
    void stop();
    bool isRunning() const { return m_running; }

    const ControllerOptions &options() const { return m_options; }

    // Parts (null when switched off or not started).
    controllers::WorkloadController *workloads() const { return m_workloads.get(); }
    controllers::ExternalSecretController *externalSecrets() const { return m_externalSecrets.get(); }
    controllers::CronJobController *cronJobs() const { return m_cronJobs.get(); }
    controllers::SnapshotController *snapshots() const { return m_snapshots.get(); }
    controllers::ArgoCdController *argoCd() const { return m_argoCd.get(); }
    controllers::FluxController *flux() const { return m_flux.get(); }

    // For ApiServer::setPodMetricsProvider: simulated usage of the running pods.
    std::function<QList<QJsonObject>(const QString &namespaceName)> podMetricsProvider() const;
    // For ApiServer::setPodLogProvider: output of CronJob runs; a few start-up lines for
    // other Running pods; empty for pods that do not run.
    std::function<QByteArray(const QString &namespaceName, const QString &pod, const QString &container)>
    podLogProvider() const;

private:
    ObjectStore *m_store;
    ControllerOptions m_options;
    bool m_running = false;
    std::unique_ptr<controllers::NamespaceDefaultsController> m_namespaces;
    std::unique_ptr<controllers::WorkloadController> m_workloads;
    std::unique_ptr<controllers::IngressStatusController> m_ingresses;
    std::unique_ptr<controllers::ExternalSecretController> m_externalSecrets;
    std::unique_ptr<controllers::CronJobController> m_cronJobs;
    std::unique_ptr<controllers::JobController> m_jobs;
    std::unique_ptr<controllers::SnapshotController> m_snapshots;
    std::unique_ptr<controllers::VolumeProvisioner> m_volumes;
    std::unique_ptr<controllers::ArgoCdController> m_argoCd;
    std::unique_ptr<controllers::FluxController> m_flux;
};

} // namespace pd::sandbox
