#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringView>

namespace pd::kube {

// Strategic merge patch for built-in kinds, as apimachinery's strategicpatch with the
// patchStrategy/patchMergeKey tags of k8s.io/api: lists merged by key where Kubernetes
// declares it (containers/env/volumes by name, container ports by containerPort,
// Service ports by port, volumeMounts by mountPath, ownerReferences by uid,
// conditions by type, ...), metadata.finalizers merged as a set, other lists replaced.
// Directives: `$patch: replace|delete|merge`, `$setElementOrder/<field>`,
// `$deleteFromPrimitiveList/<field>`, `$retainKeys`. null deletes a key.
//
// `kind` is the object Kind ("Deployment", "Pod", ...); an unknown kind is merged with
// no list keys (every list replaced). On error returns an undefined QJsonValue and sets
// *error (e.g. `unable to find api field in struct Container for the json field "x"` is
// NOT reproduced: unknown fields are merged as maps).
QJsonValue applyStrategicMergePatch(const QJsonValue &original, const QJsonValue &patch,
                                    const QString &kind, QString *error = nullptr);

// Whether a strategic merge patch is defined for this group/version + kind
// (built-in types); custom resources -> false (the server answers 415).
bool isStrategicMergePatchSupported(QStringView apiVersion, QStringView kind);

// Two-way patch: applying it to original gives modified (with $setElementOrder-free,
// key-merged lists and `$patch: delete` for removed list items).
QJsonValue createStrategicMergePatch(const QJsonValue &original, const QJsonValue &modified,
                                     const QString &kind, QString *error = nullptr);

// Three-way patch as `kubectl apply` sends: original = last-applied configuration,
// modified = the new configuration, current = the live object. Fields set by others in
// current and absent from original are kept; fields removed from modified since original
// are deleted.
QJsonValue createThreeWayStrategicMergePatch(const QJsonValue &original, const QJsonValue &modified,
                                             const QJsonValue &current, const QString &kind,
                                             QString *error = nullptr);

} // namespace pd::kube
