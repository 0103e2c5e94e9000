#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::sandbox {

// CustomResourceDefinitions of the neighbours PreviewDesk works with, as their charts
// install them (names, scope, served versions, printer columns; no schemas):
// External Secrets Operator (ExternalSecret v1 + v1beta1 served, v1 storage;
// SecretStore, ClusterSecretStore, ClusterExternalSecret; generators Password
// v1alpha1), Argo CD (Application, AppProject argoproj.io/v1alpha1), Flux (Kustomization
// kustomize.toolkit.fluxcd.io/v1, GitRepository source.toolkit.fluxcd.io/v1) and the CSI
// external-snapshotter (VolumeSnapshot, VolumeSnapshotContent, VolumeSnapshotClass
// snapshot.storage.k8s.io/v1, with the printer columns of its client/config/crd).
QList<QJsonObject> wellKnownCustomResourceDefinitions();
// The one defining `kind` in `group` (empty object when none).
QJsonObject wellKnownCustomResourceDefinition(const QString &group, const QString &kind);

} // namespace pd::sandbox
