#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringView>

namespace pd::kube {

// Strategic merge patch for built-in kinds: a port of apimachinery's strategicpatch (the
// apply half as of v0.36, checked row by row against kubectl 1.32's `patch --local`) with
// the patchStrategy/patchMergeKey tags of k8s.io/api: lists merged by key where Kubernetes
// declares it (containers/initContainers/ephemeralContainers/env/volumes/imagePullSecrets/
// schedulingGates by name, container ports by containerPort, Service ports by port,
// volumeMounts by mountPath, volumeDevices by devicePath, ownerReferences by uid,
// conditions by type, hostAliases/podIPs by ip, topologySpreadConstraints by topologyKey),
// metadata.finalizers and node podCIDRs merged as sets, every other list replaced; maps
// merge recursively, null deletes a key. New items come first unless their order is known.
// Directives: `$patch: replace|delete` (in maps and list items), `$setElementOrder/<field>`,
// `$deleteFromPrimitiveList/<field>`, `$retainKeys`. As in Kubernetes, `$patch: merge` is an
// error ("unknown patch type: merge in map: ..." / "merging lists cannot yet be specified in
// the patch").
//
// `kind` is the object Kind ("Deployment", "Pod", ...); kinds without merge lists and
// unknown kinds merge metadata as ObjectMeta and replace every other list. Unknown fields
// are merged as maps (apimachinery would fail with "unable to find api field").
// On error returns an undefined QJsonValue and sets *error.
QJsonValue applyStrategicMergePatch(const QJsonValue &original, const QJsonValue &patch,
                                    const QString &kind, QString *error = nullptr);

// Whether a strategic merge patch is defined for this group/version + kind
// (built-in types); custom resources -> false (the server answers 415).
bool isStrategicMergePatchSupported(QStringView apiVersion, QStringView kind);

// Two-way patch (CreateTwoWayMergePatch): applying it to original gives modified; merge
// lists get `$patch: delete` items, `$deleteFromPrimitiveList/...` and `$setElementOrder/...`,
// retainKeys fields a `$retainKeys` list.
QJsonValue createStrategicMergePatch(const QJsonValue &original, const QJsonValue &modified,
                                     const QString &kind, QString *error = nullptr);

// Three-way patch as `kubectl apply` sends (CreateThreeWayMergePatch, overwrite=true):
// original = last-applied configuration, modified = the new configuration, current = the
// live object. Changes from current to modified are sent; fields set by others in current
// and absent from original are kept; fields removed from modified since original are deleted.
QJsonValue createThreeWayStrategicMergePatch(const QJsonValue &original, const QJsonValue &modified,
                                             const QJsonValue &current, const QString &kind,
                                             QString *error = nullptr);

} // namespace pd::kube
