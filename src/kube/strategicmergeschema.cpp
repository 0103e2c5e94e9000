#include "strategicmergeschema.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pd::kube::smp {

namespace {

using Fields = QHash<QString, FieldMeta>;

FieldMeta merge(const char *mergeKey, const char *type = "")
{
    return {QStringLiteral("merge"), false, QString::fromLatin1(mergeKey), QString::fromLatin1(type)};
}
FieldMeta mergeRetain(const char *mergeKey, const char *type = "")
{
    return {QStringLiteral("merge"), true, QString::fromLatin1(mergeKey), QString::fromLatin1(type)};
}
FieldMeta mergeSet() { return {QStringLiteral("merge"), false, {}, {}}; }
FieldMeta typed(const char *type) { return {{}, false, {}, QString::fromLatin1(type)}; }
FieldMeta retain(const char *type = "") { return {{}, true, {}, QString::fromLatin1(type)}; }

// Transcribed from the struct tags in k8s.io/api (core/v1, apps/v1, batch/v1).
const QHash<QString, Fields> &schema()
{
    static const QHash<QString, Fields> types = [] {
        QHash<QString, Fields> t;
        t[QStringLiteral("ObjectMeta")] = {
            {QStringLiteral("finalizers"), mergeSet()},
            {QStringLiteral("ownerReferences"), merge("uid")},
        };
        t[QStringLiteral("Object")] = {{QStringLiteral("metadata"), typed("ObjectMeta")}};
        t[QStringLiteral("PodSpec")] = {
            {QStringLiteral("volumes"), mergeRetain("name", "Volume")},
            {QStringLiteral("initContainers"), merge("name", "Container")},
            {QStringLiteral("containers"), merge("name", "Container")},
            {QStringLiteral("ephemeralContainers"), merge("name", "Container")},
            {QStringLiteral("imagePullSecrets"), merge("name")},
            {QStringLiteral("hostAliases"), merge("ip")},
            {QStringLiteral("topologySpreadConstraints"), merge("topologyKey")},
            {QStringLiteral("schedulingGates"), merge("name")},
            {QStringLiteral("resourceClaims"), mergeRetain("name")},
        };
        t[QStringLiteral("Container")] = {
            {QStringLiteral("ports"), merge("containerPort")},
            {QStringLiteral("env"), merge("name")},
            {QStringLiteral("volumeMounts"), merge("mountPath")},
            {QStringLiteral("volumeDevices"), merge("devicePath")},
        };
        t[QStringLiteral("PodStatus")] = {
            {QStringLiteral("conditions"), merge("type")},
            {QStringLiteral("podIPs"), merge("ip")},
            {QStringLiteral("hostIPs"), merge("ip")},
        };
        t[QStringLiteral("ConditionsStatus")] = {{QStringLiteral("conditions"), merge("type")}};
        t[QStringLiteral("PodTemplateSpec")] = {
            {QStringLiteral("metadata"), typed("ObjectMeta")},
            {QStringLiteral("spec"), typed("PodSpec")},
        };
        t[QStringLiteral("Pod")] = {
            {QStringLiteral("metadata"), typed("ObjectMeta")},
            {QStringLiteral("spec"), typed("PodSpec")},
            {QStringLiteral("status"), typed("PodStatus")},
        };
        t[QStringLiteral("PodTemplate")] = {
            {QStringLiteral("metadata"), typed("ObjectMeta")},
            {QStringLiteral("template"), typed("PodTemplateSpec")},
        };
        t[QStringLiteral("WorkloadSpec")] = {{QStringLiteral("template"), typed("PodTemplateSpec")}};
        t[QStringLiteral("DeploymentSpec")] = {
            {QStringLiteral("template"), typed("PodTemplateSpec")},
            {QStringLiteral("strategy"), retain()},
        };
        t[QStringLiteral("Workload")] = {
            {QStringLiteral("metadata"), typed("ObjectMeta")},
            {QStringLiteral("spec"), typed("WorkloadSpec")},
            {QStringLiteral("status"), typed("ConditionsStatus")},
        };
        t[QStringLiteral("Deployment")] = {
            {QStringLiteral("metadata"), typed("ObjectMeta")},
            {QStringLiteral("spec"), typed("DeploymentSpec")},
            {QStringLiteral("status"), typed("ConditionsStatus")},
        };
        t[QStringLiteral("JobTemplateSpec")] = {
            {QStringLiteral("metadata"), typed("ObjectMeta")},
            {QStringLiteral("spec"), typed("WorkloadSpec")},
        };
        t[QStringLiteral("CronJobSpec")] = {{QStringLiteral("jobTemplate"), typed("JobTemplateSpec")}};
        t[QStringLiteral("CronJob")] = {
            {QStringLiteral("metadata"), typed("ObjectMeta")},
            {QStringLiteral("spec"), typed("CronJobSpec")},
        };
        t[QStringLiteral("ServiceSpec")] = {{QStringLiteral("ports"), merge("port")}};
        t[QStringLiteral("Service")] = {
            {QStringLiteral("metadata"), typed("ObjectMeta")},
            {QStringLiteral("spec"), typed("ServiceSpec")},
            {QStringLiteral("status"), typed("ConditionsStatus")},
        };
        t[QStringLiteral("NodeSpec")] = {{QStringLiteral("podCIDRs"), mergeSet()}};
        t[QStringLiteral("NodeStatus")] = {
            {QStringLiteral("conditions"), merge("type")},
            {QStringLiteral("addresses"), merge("type")},
        };
        t[QStringLiteral("Node")] = {
            {QStringLiteral("metadata"), typed("ObjectMeta")},
            {QStringLiteral("spec"), typed("NodeSpec")},
            {QStringLiteral("status"), typed("NodeStatus")},
        };
        t[QStringLiteral("WithConditions")] = {
            {QStringLiteral("metadata"), typed("ObjectMeta")},
            {QStringLiteral("status"), typed("ConditionsStatus")},
        };
        t[QStringLiteral("ServiceAccount")] = {
            {QStringLiteral("metadata"), typed("ObjectMeta")},
            {QStringLiteral("secrets"), merge("name")},
        };
        return t;
    }();
    return types;
}

} // namespace

QString rootType(QStringView kind)
{
    static const QHash<QString, QString> roots = {
        {QStringLiteral("Pod"), QStringLiteral("Pod")},
        {QStringLiteral("PodTemplate"), QStringLiteral("PodTemplate")},
        {QStringLiteral("Deployment"), QStringLiteral("Deployment")},
        {QStringLiteral("ReplicaSet"), QStringLiteral("Workload")},
        {QStringLiteral("StatefulSet"), QStringLiteral("Workload")},
        {QStringLiteral("DaemonSet"), QStringLiteral("Workload")},
        {QStringLiteral("ReplicationController"), QStringLiteral("Workload")},
        {QStringLiteral("Job"), QStringLiteral("Workload")},
        {QStringLiteral("CronJob"), QStringLiteral("CronJob")},
        {QStringLiteral("Service"), QStringLiteral("Service")},
        {QStringLiteral("Node"), QStringLiteral("Node")},
        {QStringLiteral("Namespace"), QStringLiteral("WithConditions")},
        {QStringLiteral("PersistentVolumeClaim"), QStringLiteral("WithConditions")},
        {QStringLiteral("PodDisruptionBudget"), QStringLiteral("WithConditions")},
        {QStringLiteral("HorizontalPodAutoscaler"), QStringLiteral("WithConditions")},
        {QStringLiteral("ServiceAccount"), QStringLiteral("ServiceAccount")},
    };
    return roots.value(kind.toString(), QStringLiteral("Object"));
}

FieldMeta lookup(const QString &type, const QString &field)
{
    if (type.isEmpty())
        return {};
    return schema().value(type).value(field);
}

QString describe(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

} // namespace pd::kube::smp
