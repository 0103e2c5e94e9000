#pragma once
// Rows and helpers shared by the strategic merge patch tests.

#include "jsontestutil.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace pd::kube::testutil::smp {

// The Deployment of the kubectl patch tutorial (after defaulting, trimmed).
inline const char *const kPatchDemo = R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"patch-demo"},
 "spec":{"replicas":2,"selector":{"matchLabels":{"app":"nginx"}},
  "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"30%","maxUnavailable":"25%"}},
  "template":{"metadata":{"labels":{"app":"nginx"}},"spec":{
   "containers":[{"name":"patch-demo-ctr","image":"nginx","imagePullPolicy":"Always"}],
   "tolerations":[{"effect":"NoSchedule","key":"dedicated","value":"test-team"}]}}}})";

inline QString q(const char *s) { return QString::fromUtf8(s); }
inline QString q(const QString &s) { return s; }

// Gives a row's object what kubectl needs to find its type; nullopt for kinds it lacks.
inline std::optional<QJsonObject> forKubectl(const QString &kind, const QJsonValue &object)
{
    static const QHash<QString, QString> versions = {
        {QStringLiteral("Deployment"), QStringLiteral("apps/v1")}, {QStringLiteral("StatefulSet"), QStringLiteral("apps/v1")},
        {QStringLiteral("Job"), QStringLiteral("batch/v1")},
        {QStringLiteral("CronJob"), QStringLiteral("batch/v1")},   {QStringLiteral("Pod"), QStringLiteral("v1")},
        {QStringLiteral("Service"), QStringLiteral("v1")},         {QStringLiteral("ConfigMap"), QStringLiteral("v1")},
        {QStringLiteral("Secret"), QStringLiteral("v1")},          {QStringLiteral("ServiceAccount"), QStringLiteral("v1")},
        {QStringLiteral("Node"), QStringLiteral("v1")},            {QStringLiteral("DaemonSet"), QStringLiteral("apps/v1")},
        {QStringLiteral("Namespace"), QStringLiteral("v1")},       {QStringLiteral("PodDisruptionBudget"), QStringLiteral("policy/v1")},
        {QStringLiteral("HorizontalPodAutoscaler"), QStringLiteral("autoscaling/v2")},
    };
    if (!versions.contains(kind) || !object.isObject())
        return std::nullopt;
    QJsonObject o = object.toObject();
    o.insert(QStringLiteral("apiVersion"), versions.value(kind));
    o.insert(QStringLiteral("kind"), kind);
    QJsonObject metadata = o.value(u"metadata").toObject();
    if (!metadata.contains(u"name"))
        metadata.insert(QStringLiteral("name"), QStringLiteral("x"));
    o.insert(QStringLiteral("metadata"), metadata);
    return o;
}

inline QByteArray bytes(const QJsonValue &v) { return text(v).toUtf8(); }

inline QString withSpec(const char *podSpec)
{
    return QStringLiteral(R"({"kind":"Deployment","spec":{"template":{"spec":%1}}})").arg(QString::fromUtf8(podSpec));
}

} // namespace pd::kube::testutil::smp
