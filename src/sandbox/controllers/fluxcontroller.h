#pragma once

#include "controllerbase.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <memory>

namespace pd::sandbox::controllers {

struct RenderedManifests;

// Simulates Flux's source-controller and kustomize-controller for GitRepositories
// (source.toolkit.fluxcd.io/v1) of a local bare repository (file://) and the
// Kustomizations (kustomize.toolkit.fluxcd.io/v1) that name them: installs both CRDs
// (wellknowncrds.h); a GitRepository resolves spec.ref (branch, tag or commit) to
// status.artifact.revision "<branch>@sha1:<sha>" with Ready; a Kustomization renders
// spec.path of that revision (every manifest below it), applies it into
// spec.targetNamespace (objects labelled kustomize.toolkit.fluxcd.io/name and
// /namespace; spec.prune deletes what Git dropped), puts back drift on every
// reconcile, and reports Ready (ReconciliationSucceeded "Applied revision: ..." with
// status.lastAppliedRevision and the inventory; with spec.wait, Unknown/Progressing until
// the Deployments are available, and a Healthy condition) or Ready=False with
// ArtifactFailed, BuildFailed (a path that does not exist, YAML that does not parse),
// ReconciliationFailed or HealthCheckFailed and the reason. spec.suspend stops
// everything. The finalizers.fluxcd.io finalizer prunes on deletion when spec.prune.
// Reconciles on changes of either object or of what it applied, and every `resyncInterval`.
class FluxController final : public ControllerBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FluxController)
public:
    FluxController(ObjectStore *store, std::chrono::milliseconds resyncInterval, const QString &git = {},
                   QObject *parent = nullptr);
    ~FluxController() override;
    void start();

    static constexpr const char *kFinalizer = "finalizers.fluxcd.io";
    static constexpr const char *kNameLabel = "kustomize.toolkit.fluxcd.io/name";
    static constexpr const char *kNamespaceLabel = "kustomize.toolkit.fluxcd.io/namespace";

protected:
    void onEvent(const StoreEvent &event) override;
    void reconcile(const Key &key) override;

private:
    void reconcileSource(const Key &key);
    void reconcileKustomization(const Key &key);
    void finalize(const QJsonObject &kustomization);
    void writeStatus(const GroupResource &resource, const Key &key, const QJsonObject &status);

    QString m_git;
    QTimer m_resync;
    QHash<QString, std::shared_ptr<const RenderedManifests>> m_rendered;   // repo|commit|path
};

} // namespace pd::sandbox::controllers
