#pragma once

#include "sandbox/groupresource.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace pd::sandbox {
class ObjectStore;
}

namespace pd::sandbox::controllers {

class LocalGitRepository;

// What a GitOps engine renders from one path of one commit: the objects of every
// .yaml/.yml/.json file (kustomize.config.k8s.io files skipped), or why it could not.
struct RenderedManifests
{
    QList<QJsonObject> objects;
    QString error;        // the engine's words: a missing path, the file whose YAML is bad
    QString errorKind;    // "path", "parse"

    bool ok() const { return error.isEmpty(); }
};
RenderedManifests renderManifests(LocalGitRepository &repository, const QString &commit, const QString &path, bool recursive);

// One object an engine manages: where it goes and what it should look like.
struct ManagedObject
{
    GroupResource resource;
    QString apiVersion;
    QString kind;
    QString namespaceName;
    QString name;
    QJsonObject desired;  // namespace and tracking labels filled in

    QString id() const;   // "Kind/ns/name"
};

// An application's health, Argo CD's vocabulary (Flux maps it onto Ready).
struct ManagedHealth
{
    QString status;       // Healthy, Progressing, Degraded, Missing
    QString message;
};

// The part both simulated engines share: resolve kinds and namespaces, compare what
// is live with what Git says (drift), create or put back what differs through the
// store as a client's write would go (admission included), label what it applied
// so it can find it again, prune what Git no longer holds, and assess health
// (Deployments available, StatefulSets ready, anything else present).
class ManifestApplier final
{
public:
    // tracking: labels put on every applied object and used to find them again.
    ManifestApplier(ObjectStore *store, const QString &fieldManager, const QJsonObject &tracking);

    // defaultNamespace: for namespaced objects that name none; forceNamespace: override
    // theirs (Flux's targetNamespace). nullopt with *error naming the unknown kind.
    std::optional<QList<ManagedObject>> plan(const QList<QJsonObject> &objects, const QString &defaultNamespace,
                                             bool forceNamespace, QString *error) const;
    // Missing, or a field Git sets differs from the live object.
    bool isDrifted(const ManagedObject &object) const;
    bool exists(const ManagedObject &object) const;
    // Creates it or puts back the fields Git sets; the store's error text on failure ("" = ok).
    QString apply(const ManagedObject &object);
    // Labelled objects in `namespaces` that `desired` no longer holds.
    QList<ManagedObject> orphans(const QList<ManagedObject> &desired, const QStringList &namespaces) const;
    // Deletes them (background propagation); the number deleted.
    int remove(const QList<ManagedObject> &objects);
    ManagedHealth health(const QList<ManagedObject> &objects) const;

private:
    ObjectStore *m_store;
    QString m_fieldManager;
    QJsonObject m_tracking;
};

} // namespace pd::sandbox::controllers
