#include "wellknowncrds.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

QJsonObject column(const QString &name, const QString &type, const QString &path, int priority = 0)
{
    QJsonObject c{{u"name"_s, name}, {u"type"_s, type}, {u"jsonPath"_s, path}};
    if (priority > 0)
        c.insert(u"priority"_s, priority);
    return c;
}

QJsonObject crd(const QString &group, const QString &kind, const QString &plural, bool namespaced,
                const QStringList &versions, const QString &storage, const QStringList &shortNames,
                const QStringList &categories, const QJsonArray &columns, bool statusSubresource = true)
{
    QJsonArray vs;
    for (const QString &v : versions)
        vs.append(QJsonObject{{u"name"_s, v}, {u"served"_s, true}, {u"storage"_s, v == storage},
                              {u"subresources"_s, statusSubresource ? QJsonObject{{u"status"_s, QJsonObject{}}} : QJsonObject{}},
                              {u"additionalPrinterColumns"_s, columns},
                              {u"schema"_s, QJsonObject{{u"openAPIV3Schema"_s, QJsonObject{
                                  {u"type"_s, u"object"_s}, {u"x-kubernetes-preserve-unknown-fields"_s, true}}}}}});
    QJsonObject names{{u"plural"_s, plural}, {u"singular"_s, QString(kind.toLower())}, {u"kind"_s, kind}, {u"listKind"_s, QString(kind + u"List"_s)}};
    if (!shortNames.isEmpty())
        names.insert(u"shortNames"_s, QJsonArray::fromStringList(shortNames));
    if (!categories.isEmpty())
        names.insert(u"categories"_s, QJsonArray::fromStringList(categories));
    return QJsonObject{{u"apiVersion"_s, u"apiextensions.k8s.io/v1"_s},
                       {u"kind"_s, u"CustomResourceDefinition"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, QString(plural + u'.' + group)}}},
                       {u"spec"_s, QJsonObject{{u"group"_s, group},
                                               {u"names"_s, names},
                                               {u"scope"_s, namespaced ? u"Namespaced"_s : u"Cluster"_s},
                                               {u"versions"_s, vs}}}};
}

} // namespace

QList<QJsonObject> wellKnownCustomResourceDefinitions()
{
    const QString eso = u"external-secrets.io"_s;
    const QStringList esoVersions{u"v1"_s, u"v1beta1"_s};
    const QJsonArray esColumns{column(u"Store"_s, u"string"_s, u".spec.secretStoreRef.name"_s),
                               column(u"Refresh Interval"_s, u"string"_s, u".spec.refreshInterval"_s),
                               column(u"Status"_s, u"string"_s, u".status.conditions[?(@.type==\"Ready\")].reason"_s),
                               column(u"Ready"_s, u"string"_s, u".status.conditions[?(@.type==\"Ready\")].status"_s)};
    const QJsonArray storeColumns{column(u"Age"_s, u"date"_s, u".metadata.creationTimestamp"_s),
                                  column(u"Status"_s, u"string"_s, u".status.conditions[?(@.type==\"Ready\")].reason"_s)};
    // Argo CD's manifests/crds/application-crd.yaml.
    const QJsonArray appColumns{column(u"Sync Status"_s, u"string"_s, u".status.sync.status"_s),
                                column(u"Health Status"_s, u"string"_s, u".status.health.status"_s),
                                column(u"Revision"_s, u"string"_s, u".status.sync.revision"_s, 10),
                                column(u"Project"_s, u"string"_s, u".spec.project"_s, 10)};
    // Flux's kustomize-controller and source-controller (v1 served and storage).
    const QJsonArray fluxReady{column(u"Age"_s, u"date"_s, u".metadata.creationTimestamp"_s),
                               column(u"Ready"_s, u"string"_s, u".status.conditions[?(@.type==\"Ready\")].status"_s),
                               column(u"Status"_s, u"string"_s, u".status.conditions[?(@.type==\"Ready\")].message"_s)};
    QJsonArray gitRepositoryColumns{column(u"URL"_s, u"string"_s, u".spec.url"_s)};
    for (const QJsonValue &c : fluxReady)
        gitRepositoryColumns.append(c);
    // The external-snapshotter's client/config/crd, v1 (v1beta1 is no longer served).
    const QString snapshots = u"snapshot.storage.k8s.io"_s;
    const QJsonArray snapshotColumns{column(u"ReadyToUse"_s, u"boolean"_s, u".status.readyToUse"_s),
                                     column(u"SourcePVC"_s, u"string"_s, u".spec.source.persistentVolumeClaimName"_s),
                                     column(u"SourceSnapshotContent"_s, u"string"_s, u".spec.source.volumeSnapshotContentName"_s),
                                     column(u"RestoreSize"_s, u"string"_s, u".status.restoreSize"_s),
                                     column(u"SnapshotClass"_s, u"string"_s, u".spec.volumeSnapshotClassName"_s),
                                     column(u"SnapshotContent"_s, u"string"_s, u".status.boundVolumeSnapshotContentName"_s),
                                     column(u"CreationTime"_s, u"date"_s, u".status.creationTime"_s),
                                     column(u"Age"_s, u"date"_s, u".metadata.creationTimestamp"_s)};
    const QJsonArray contentColumns{column(u"ReadyToUse"_s, u"boolean"_s, u".status.readyToUse"_s),
                                    column(u"RestoreSize"_s, u"integer"_s, u".status.restoreSize"_s),
                                    column(u"DeletionPolicy"_s, u"string"_s, u".spec.deletionPolicy"_s),
                                    column(u"Driver"_s, u"string"_s, u".spec.driver"_s),
                                    column(u"VolumeSnapshotClass"_s, u"string"_s, u".spec.volumeSnapshotClassName"_s),
                                    column(u"VolumeSnapshot"_s, u"string"_s, u".spec.volumeSnapshotRef.name"_s),
                                    column(u"VolumeSnapshotNamespace"_s, u"string"_s, u".spec.volumeSnapshotRef.namespace"_s),
                                    column(u"Age"_s, u"date"_s, u".metadata.creationTimestamp"_s)};
    const QJsonArray classColumns{column(u"Driver"_s, u"string"_s, u".driver"_s),
                                  column(u"DeletionPolicy"_s, u"string"_s, u".deletionPolicy"_s),
                                  column(u"Age"_s, u"date"_s, u".metadata.creationTimestamp"_s)};
    return {
        crd(eso, u"ExternalSecret"_s, u"externalsecrets"_s, true, esoVersions, u"v1"_s, {u"es"_s}, {u"external-secrets"_s}, esColumns),
        crd(eso, u"SecretStore"_s, u"secretstores"_s, true, esoVersions, u"v1"_s, {u"ss"_s}, {u"external-secrets"_s}, storeColumns),
        crd(eso, u"ClusterSecretStore"_s, u"clustersecretstores"_s, false, esoVersions, u"v1"_s, {u"css"_s}, {u"external-secrets"_s}, storeColumns),
        crd(eso, u"ClusterExternalSecret"_s, u"clusterexternalsecrets"_s, false, esoVersions, u"v1"_s, {u"ces"_s}, {u"external-secrets"_s}, {}),
        crd(u"generators.external-secrets.io"_s, u"Password"_s, u"passwords"_s, true, {u"v1alpha1"_s}, u"v1alpha1"_s, {}, {u"password"_s}, {}),
        crd(u"argoproj.io"_s, u"Application"_s, u"applications"_s, true, {u"v1alpha1"_s}, u"v1alpha1"_s, {u"app"_s, u"apps"_s}, {}, appColumns),
        crd(u"argoproj.io"_s, u"AppProject"_s, u"appprojects"_s, true, {u"v1alpha1"_s}, u"v1alpha1"_s, {u"appproj"_s, u"appprojs"_s}, {}, {}),
        crd(u"kustomize.toolkit.fluxcd.io"_s, u"Kustomization"_s, u"kustomizations"_s, true, {u"v1"_s}, u"v1"_s, {u"ks"_s}, {}, fluxReady),
        crd(u"source.toolkit.fluxcd.io"_s, u"GitRepository"_s, u"gitrepositories"_s, true, {u"v1"_s}, u"v1"_s, {u"gitrepo"_s}, {},
            gitRepositoryColumns),
        crd(snapshots, u"VolumeSnapshot"_s, u"volumesnapshots"_s, true, {u"v1"_s}, u"v1"_s, {u"vs"_s}, {}, snapshotColumns),
        crd(snapshots, u"VolumeSnapshotContent"_s, u"volumesnapshotcontents"_s, false, {u"v1"_s}, u"v1"_s, {u"vsc"_s, u"vscs"_s}, {},
            contentColumns),
        // A class has no status, so no status subresource.
        crd(snapshots, u"VolumeSnapshotClass"_s, u"volumesnapshotclasses"_s, false, {u"v1"_s}, u"v1"_s, {u"vsclass"_s, u"vsclasses"_s}, {},
            classColumns, false),
    };
}

QJsonObject wellKnownCustomResourceDefinition(const QString &group, const QString &kind)
{
    for (const QJsonObject &c : wellKnownCustomResourceDefinitions()) {
        const QJsonObject spec = c.value(u"spec"_s).toObject();
        if (spec.value(u"group"_s).toString() == group && spec.value(u"names"_s).toObject().value(u"kind"_s).toString() == kind)
            return c;
    }
    return {};
}

} // namespace pd::sandbox
