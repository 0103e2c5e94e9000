#pragma once

// Small helpers the simulated controllers share: JSON accessors and owner references.

#include "sandbox/groupresource.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace pd::sandbox::controllers {

using namespace Qt::Literals::StringLiterals;

inline QJsonObject metaOf(const QJsonObject &o) { return o.value(u"metadata"_s).toObject(); }
inline QString nameOf(const QJsonObject &o) { return metaOf(o).value(u"name"_s).toString(); }
inline QString namespaceOf(const QJsonObject &o) { return metaOf(o).value(u"namespace"_s).toString(); }
inline QString uidOf(const QJsonObject &o) { return metaOf(o).value(u"uid"_s).toString(); }
inline bool isDeleting(const QJsonObject &o) { return metaOf(o).contains(u"deletionTimestamp"_s); }
inline QJsonObject specOf(const QJsonObject &o) { return o.value(u"spec"_s).toObject(); }
inline QJsonObject statusOf(const QJsonObject &o) { return o.value(u"status"_s).toObject(); }

// A controller owner reference (controller: true, blockOwnerDeletion: true).
inline QJsonObject controllerRef(const QJsonObject &owner)
{
    return QJsonObject{{u"apiVersion"_s, owner.value(u"apiVersion"_s)},
                       {u"kind"_s, owner.value(u"kind"_s)},
                       {u"name"_s, nameOf(owner)},
                       {u"uid"_s, uidOf(owner)},
                       {u"controller"_s, true},
                       {u"blockOwnerDeletion"_s, true}};
}

// The uid of the controlling owner, or "".
inline QString controllerUidOf(const QJsonObject &o)
{
    for (const QJsonValue &ref : metaOf(o).value(u"ownerReferences"_s).toArray()) {
        if (ref.toObject().value(u"controller"_s).toBool())
            return ref.toObject().value(u"uid"_s).toString();
    }
    return {};
}

// FNV-1a: stable across processes (qHash is seeded per process).
inline quint32 stableHash(const QByteArray &data)
{
    quint32 h = 2166136261u;
    for (const char c : data) {
        h ^= quint8(c);
        h *= 16777619u;
    }
    return h;
}

// Kubernetes' SafeEncodeString alphabet (no vowels, no look-alikes).
inline QString safeEncode(quint32 value, int length = 10)
{
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    QString out;
    for (int i = 0; i < length; ++i) {
        out.append(QLatin1Char(alphabet[value % 27]));
        value = value / 27 + quint32(i) * 2654435761u;
    }
    return out;
}

inline const GroupResource kPods{QString(), u"pods"_s};
inline const GroupResource kNamespaces{QString(), u"namespaces"_s};
inline const GroupResource kServiceAccounts{QString(), u"serviceaccounts"_s};
inline const GroupResource kConfigMaps{QString(), u"configmaps"_s};
inline const GroupResource kSecrets{QString(), u"secrets"_s};
inline const GroupResource kPvcs{QString(), u"persistentvolumeclaims"_s};
inline const GroupResource kDeployments{u"apps"_s, u"deployments"_s};
inline const GroupResource kStatefulSets{u"apps"_s, u"statefulsets"_s};
inline const GroupResource kReplicaSets{u"apps"_s, u"replicasets"_s};
inline const GroupResource kControllerRevisions{u"apps"_s, u"controllerrevisions"_s};
inline const GroupResource kIngresses{u"networking.k8s.io"_s, u"ingresses"_s};
inline const GroupResource kJobs{u"batch"_s, u"jobs"_s};
inline const GroupResource kCronJobs{u"batch"_s, u"cronjobs"_s};
inline const GroupResource kExternalSecrets{u"external-secrets.io"_s, u"externalsecrets"_s};
inline const GroupResource kCrds{u"apiextensions.k8s.io"_s, u"customresourcedefinitions"_s};
inline const GroupResource kVolumeSnapshots{u"snapshot.storage.k8s.io"_s, u"volumesnapshots"_s};
inline const GroupResource kVolumeSnapshotContents{u"snapshot.storage.k8s.io"_s, u"volumesnapshotcontents"_s};
inline const GroupResource kVolumeSnapshotClasses{u"snapshot.storage.k8s.io"_s, u"volumesnapshotclasses"_s};

} // namespace pd::sandbox::controllers
