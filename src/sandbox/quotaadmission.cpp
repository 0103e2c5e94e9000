#include "admission.h"

#include "resourcelist_p.h"

#include <QJsonArray>

// ResourceQuota as kube-apiserver's quota admission and quota controller count it
// (pkg/quota/v1/evaluator/core and plugin/pkg/admission/resourcequota). Quota
// scopes and scopeSelector are not evaluated: every quota in the namespace applies.

namespace pd::sandbox {
namespace {

using detail::ResourceList;
using pd::kube::Quantity;

const Quantity kOne = Quantity::fromValue(1);

// The compute keys a container must state when a quota names them.
const QStringList kValidationSet = {QStringLiteral("cpu"),          QStringLiteral("memory"),
                                    QStringLiteral("requests.cpu"), QStringLiteral("requests.memory"),
                                    QStringLiteral("limits.cpu"),   QStringLiteral("limits.memory")};

QString objectCountKey(const QString &resource, const QString &group)
{
    if (group.isEmpty())
        return QStringLiteral("count/") + resource;
    return QStringLiteral("count/") + resource + QLatin1Char('.') + group;
}

// podComputeUsageHelper
ResourceList computeUsage(const ResourceList &requests, const ResourceList &limits)
{
    ResourceList out;
    out.insert(QStringLiteral("pods"), kOne);
    for (const QString &res : {QStringLiteral("cpu"), QStringLiteral("memory"), QStringLiteral("ephemeral-storage")}) {
        if (requests.contains(res)) {
            out.insert(res, requests.value(res));
            out.insert(QStringLiteral("requests.") + res, requests.value(res));
        }
        if (limits.contains(res))
            out.insert(QStringLiteral("limits.") + res, limits.value(res));
    }
    for (auto it = requests.begin(); it != requests.end(); ++it) {
        if (it.key().startsWith(QStringLiteral("hugepages-")))
            out.insert(QStringLiteral("requests.") + it.key(), it.value());
    }
    return out;
}

ResourceList containerList(const QJsonObject &container, const QString &key)
{
    return detail::resourceListFrom(
        container.value(QStringLiteral("resources")).toObject().value(key).toObject());
}

ResourceList podTotal(const QJsonObject &spec, const QString &key)
{
    ResourceList sum;
    for (const QJsonValue &c : spec.value(QStringLiteral("containers")).toArray())
        sum = detail::add(sum, containerList(c.toObject(), key));
    for (const QJsonValue &c : spec.value(QStringLiteral("initContainers")).toArray())
        sum = detail::maxOf(sum, containerList(c.toObject(), key));
    return detail::add(sum, detail::resourceListFrom(spec.value(QStringLiteral("overhead")).toObject()));
}

ResourceList podUsage(const QJsonObject &pod)
{
    ResourceList usage{{QStringLiteral("count/pods"), kOne}};
    // Pods that reached the end of their life count as objects only.
    const QString phase = pod.value(QStringLiteral("status")).toObject().value(QStringLiteral("phase")).toString();
    if (phase == QStringLiteral("Succeeded") || phase == QStringLiteral("Failed"))
        return usage;
    const QJsonObject spec = pod.value(QStringLiteral("spec")).toObject();
    return detail::add(usage, computeUsage(podTotal(spec, QStringLiteral("requests")), podTotal(spec, QStringLiteral("limits"))));
}

ResourceList serviceUsage(const QJsonObject &service)
{
    ResourceList usage{{QStringLiteral("services"), kOne}, {QStringLiteral("count/services"), kOne}};
    const QJsonObject spec = service.value(QStringLiteral("spec")).toObject();
    const QString type = spec.value(QStringLiteral("type")).toString();
    const qint64 ports = spec.value(QStringLiteral("ports")).toArray().size();
    if (type == QStringLiteral("LoadBalancer")) {
        usage.insert(QStringLiteral("services.loadbalancers"), kOne);
        if (spec.value(QStringLiteral("allocateLoadBalancerNodePorts")).toBool(true))
            usage.insert(QStringLiteral("services.nodeports"), Quantity::fromValue(ports));
    } else if (type == QStringLiteral("NodePort")) {
        usage.insert(QStringLiteral("services.nodeports"), Quantity::fromValue(ports));
    }
    return usage;
}

ResourceList pvcUsage(const QJsonObject &pvc)
{
    ResourceList usage{{QStringLiteral("persistentvolumeclaims"), kOne},
                       {QStringLiteral("count/persistentvolumeclaims"), kOne}};
    const QJsonObject spec = pvc.value(QStringLiteral("spec")).toObject();
    const QString storageClass = spec.value(QStringLiteral("storageClassName")).toString();
    const QString classPrefix = storageClass + QStringLiteral(".storageclass.storage.k8s.io/");
    if (!storageClass.isEmpty())
        usage.insert(classPrefix + QStringLiteral("persistentvolumeclaims"), kOne);
    const auto storage = Quantity::fromJson(
        spec.value(QStringLiteral("resources")).toObject().value(QStringLiteral("requests")).toObject().value(QStringLiteral("storage")));
    if (storage) {
        usage.insert(QStringLiteral("requests.storage"), *storage);
        if (!storageClass.isEmpty())
            usage.insert(classPrefix + QStringLiteral("requests.storage"), *storage);
    }
    return usage;
}

ResourceList usageOf(const QJsonObject &object, const QString &resource, const QString &group)
{
    if (group.isEmpty()) {
        if (resource == QStringLiteral("pods"))
            return podUsage(object);
        if (resource == QStringLiteral("services"))
            return serviceUsage(object);
        if (resource == QStringLiteral("persistentvolumeclaims"))
            return pvcUsage(object);
        // Kinds with a legacy quota name besides count/<res>.
        if (resource == QStringLiteral("secrets") || resource == QStringLiteral("configmaps")
            || resource == QStringLiteral("replicationcontrollers") || resource == QStringLiteral("resourcequotas"))
            return {{resource, kOne}, {objectCountKey(resource, group), kOne}};
    }
    return {{objectCountKey(resource, group), kOne}};
}

// evaluator.MatchingResources: the quota keys this kind can consume.
bool keyMatches(const QString &key, const QString &resource, const QString &group)
{
    if (key == objectCountKey(resource, group))
        return true;
    if (!group.isEmpty())
        return false;
    if (resource == QStringLiteral("pods")) {
        return key == QStringLiteral("pods") || kValidationSet.contains(key)
            || key.endsWith(QStringLiteral("ephemeral-storage")) || key.startsWith(QStringLiteral("requests.hugepages-"));
    }
    if (resource == QStringLiteral("services"))
        return key == QStringLiteral("services") || key == QStringLiteral("services.loadbalancers")
            || key == QStringLiteral("services.nodeports");
    if (resource == QStringLiteral("persistentvolumeclaims"))
        return key == QStringLiteral("persistentvolumeclaims") || key == QStringLiteral("requests.storage")
            || key.endsWith(QStringLiteral(".storageclass.storage.k8s.io/persistentvolumeclaims"))
            || key.endsWith(QStringLiteral(".storageclass.storage.k8s.io/requests.storage"));
    return key == resource
        && (resource == QStringLiteral("secrets") || resource == QStringLiteral("configmaps")
            || resource == QStringLiteral("replicationcontrollers") || resource == QStringLiteral("resourcequotas"));
}

// podEvaluator.Constraints: every container must state each quota'd compute key.
QString podConstraints(const QJsonObject &pod, const QStringList &restricted)
{
    QStringList required;
    for (const QString &r : restricted) {
        if (kValidationSet.contains(r))
            required.append(r);
    }
    if (required.isEmpty())
        return {};
    QMap<QString, QStringList> missing; // resource -> container names
    const QJsonObject spec = pod.value(QStringLiteral("spec")).toObject();
    for (const QString &key : {QStringLiteral("containers"), QStringLiteral("initContainers")}) {
        for (const QJsonValue &v : spec.value(key).toArray()) {
            const QJsonObject c = v.toObject();
            const ResourceList usage =
                computeUsage(containerList(c, QStringLiteral("requests")), containerList(c, QStringLiteral("limits")));
            for (const QString &r : required) {
                if (!usage.contains(r)) {
                    QStringList &names = missing[r];
                    const QString name = c.value(QStringLiteral("name")).toString();
                    if (!names.contains(name))
                        names.append(name);
                }
            }
        }
    }
    QStringList messages;
    for (auto it = missing.begin(); it != missing.end(); ++it) {
        QStringList names = it.value();
        names.sort();
        messages.append(QStringLiteral("must specify ") + it.key() + QStringLiteral(" for: ") + names.join(QLatin1Char(',')));
    }
    return messages.join(QStringLiteral("; "));
}

QString nameOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
}

ResourceList hardOf(const QJsonObject &quota)
{
    return detail::resourceListFrom(quota.value(QStringLiteral("spec")).toObject().value(QStringLiteral("hard")).toObject());
}

// status.used as recorded, with a zero for every hard key not yet counted.
ResourceList usedOf(const QJsonObject &quota, const ResourceList &hard)
{
    ResourceList used =
        detail::resourceListFrom(quota.value(QStringLiteral("status")).toObject().value(QStringLiteral("used")).toObject());
    for (auto it = hard.begin(); it != hard.end(); ++it) {
        if (!used.contains(it.key()))
            used.insert(it.key(), Quantity());
    }
    return used;
}

QJsonObject withStatus(QJsonObject quota, const ResourceList &hard, const ResourceList &used)
{
    QJsonObject status = quota.value(QStringLiteral("status")).toObject();
    status.insert(QStringLiteral("hard"), detail::toJson(hard));
    status.insert(QStringLiteral("used"), detail::toJson(used));
    quota.insert(QStringLiteral("status"), status);
    return quota;
}

} // namespace

QJsonObject quotaUsageOf(const QJsonObject &object, const QString &resource, const QString &group)
{
    return detail::toJson(usageOf(object, resource, group));
}

AdmissionResult admitAgainstQuotas(const QJsonObject &object, const QString &resource, const QString &group,
                                   const QList<QJsonObject> &quotas, QList<QJsonObject> *updatedQuotas)
{
    QList<int> interesting;
    for (int i = 0; i < quotas.size(); ++i) {
        QStringList restricted;
        const ResourceList hard = hardOf(quotas.at(i));
        for (auto it = hard.begin(); it != hard.end(); ++it) {
            if (keyMatches(it.key(), resource, group))
                restricted.append(it.key());
        }
        if (restricted.isEmpty())
            continue;
        if (group.isEmpty() && resource == QStringLiteral("pods")) {
            const QString missing = podConstraints(object, restricted);
            if (!missing.isEmpty())
                return {false, QStringLiteral("failed quota: ") + nameOf(quotas.at(i)) + QStringLiteral(": ") + missing};
        }
        interesting.append(i);
    }

    // Zero usage is dropped before it is compared (quota.RemoveZeros).
    ResourceList delta;
    const ResourceList usage = usageOf(object, resource, group);
    for (auto it = usage.begin(); it != usage.end(); ++it) {
        if (!it.value().isZero())
            delta.insert(it.key(), it.value());
    }

    QList<QJsonObject> out;
    for (const QJsonObject &q : quotas) {
        const ResourceList hard = hardOf(q);
        out.append(withStatus(q, hard, usedOf(q, hard)));
    }
    for (int index : interesting) {
        const ResourceList hard = hardOf(quotas.at(index));
        const ResourceList used = usedOf(quotas.at(index), hard);
        const ResourceList requested = detail::mask(delta, hard.keys());
        const ResourceList newUsage = detail::add(used, requested);
        QStringList exceeded;
        for (auto it = requested.begin(); it != requested.end(); ++it) {
            if (newUsage.value(it.key()) > hard.value(it.key()))
                exceeded.append(it.key());
        }
        if (!exceeded.isEmpty()) {
            return {false, QStringLiteral("exceeded quota: ") + nameOf(quotas.at(index)) + QStringLiteral(", requested: ")
                               + detail::prettyPrint(detail::mask(requested, exceeded)) + QStringLiteral(", used: ")
                               + detail::prettyPrint(detail::mask(used, exceeded)) + QStringLiteral(", limited: ")
                               + detail::prettyPrint(detail::mask(hard, exceeded))};
        }
        out[index] = withStatus(quotas.at(index), hard, newUsage);
    }
    if (updatedQuotas)
        *updatedQuotas = out;
    return {};
}

QJsonObject recomputeQuotaStatus(const QJsonObject &quota, const QList<QuotaInput> &namespaceObjects)
{
    const ResourceList hard = hardOf(quota);
    ResourceList used;
    for (auto it = hard.begin(); it != hard.end(); ++it)
        used.insert(it.key(), Quantity());
    for (const QuotaInput &input : namespaceObjects) {
        const ResourceList usage = usageOf(input.object, input.resource, input.group);
        used = detail::add(used, detail::mask(usage, hard.keys()));
    }
    return withStatus(quota, hard, used);
}

} // namespace pd::sandbox
