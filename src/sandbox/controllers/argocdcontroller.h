#pragma once

#include "controllerbase.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QTimer>

#include <chrono>

namespace pd::sandbox::controllers {

struct RenderedManifests;

// Simulates Argo CD's application controller (with its repo server) for Applications
// (argoproj.io/v1alpha1) whose spec.source.repoURL is a local bare repository (file://):
// installs the Application and AppProject CRDs (wellknowncrds.h), renders
// spec.source.path at spec.source.targetRevision (a directory of manifests;
// spec.source.directory.recurse), compares it with the destination namespace and reports
// status.sync (Synced/OutOfSync, revision), status.health (Progressing until the
// Deployments are available, then Healthy; Missing; Degraded with the reason),
// status.resources, and a ComparisonError condition when the source cannot be rendered
// (a path that does not exist, YAML that does not parse). With
// spec.syncPolicy.automated it syncs each new revision (objects labelled
// app.kubernetes.io/instance=<app>; automated.prune deletes what Git dropped) and, with
// automated.selfHeal, puts back drift; without automated sync it only reports
// OutOfSync. The resources finalizer (resources-finalizer.argocd.argoproj.io) makes
// deleting an Application delete what it applied first.
// Reconciles on changes of the Application or its objects, and every `resyncInterval`.
class ArgoCdController final : public ControllerBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ArgoCdController)
public:
    ArgoCdController(ObjectStore *store, std::chrono::milliseconds resyncInterval, const QString &git = {},
                     QObject *parent = nullptr);
    ~ArgoCdController() override;
    void start();

    static constexpr const char *kResourcesFinalizer = "resources-finalizer.argocd.argoproj.io";
    // Argo CD's default tracking label, the recommended labels' "instance" key. The label
    // contract (core/contract.h) names its siblings but not this one yet: derived from them.
    static QString instanceLabel();

protected:
    void onEvent(const StoreEvent &event) override;
    void reconcile(const Key &key) override;

private:
    void finalize(const QJsonObject &application);
    void writeStatus(const Key &key, const QJsonObject &status);

    QString m_git;
    QTimer m_resync;
    QHash<QString, std::shared_ptr<const RenderedManifests>> m_rendered;   // repo|commit|path|recurse
};

} // namespace pd::sandbox::controllers
