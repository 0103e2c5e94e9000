#include "externalclaims.h"

#include "jsonwalk.h"

#include <QJsonArray>

namespace pd::core::clone {

namespace {

// Annotations that pin a Service to an address of the source.
const QStringList kAddressAnnotations = {
    QStringLiteral("metallb.universe.tf/loadBalancerIPs"),
    QStringLiteral("metallb.io/loadBalancerIPs"),
    QStringLiteral("kube-vip.io/loadbalancerIPs"),
    QStringLiteral("lbipam.cilium.io/ips"),
    QStringLiteral("io.cilium/lb-ipam-ips"),
    QStringLiteral("service.beta.kubernetes.io/aws-load-balancer-eip-allocations"),
    QStringLiteral("service.beta.kubernetes.io/aws-load-balancer-private-ipv4-addresses"),
    QStringLiteral("service.beta.kubernetes.io/azure-load-balancer-ipv4"),
    QStringLiteral("service.beta.kubernetes.io/azure-load-balancer-ipv6"),
    QStringLiteral("service.beta.kubernetes.io/azure-pip-name"),
    QStringLiteral("networking.gke.io/load-balancer-ip-addresses"),
};

// Prefixes of annotations that configure a cloud load balancer: meaningless once the Service is ClusterIP.
const QStringList kLoadBalancerAnnotationPrefixes = {
    QStringLiteral("service.beta.kubernetes.io/"), QStringLiteral("metallb.universe.tf/"), QStringLiteral("metallb.io/"),
    QStringLiteral("kube-vip.io/"), QStringLiteral("lbipam.cilium.io/"), QStringLiteral("io.cilium/lb-ipam"),
    QStringLiteral("networking.gke.io/load-balancer"), QStringLiteral("cloud.google.com/load-balancer"),
};

// Ingress annotations that claim a static address of the source.
const QStringList kIngressAddressAnnotations = {
    QStringLiteral("kubernetes.io/ingress.global-static-ip-name"),
    QStringLiteral("kubernetes.io/ingress.regional-static-ip-name"),
    QStringLiteral("alb.ingress.kubernetes.io/eip-allocations"),
};

// Fields a ClusterIP Service may not carry (the API server rejects or ignores them).
const QStringList kExternalOnlyFields = {
    QStringLiteral("externalTrafficPolicy"), QStringLiteral("allocateLoadBalancerNodePorts"),
    QStringLiteral("loadBalancerClass"), QStringLiteral("loadBalancerSourceRanges"),
    QStringLiteral("healthCheckNodePort"), QStringLiteral("loadBalancerIP"), QStringLiteral("externalIPs"),
};

QString describe(const QJsonValue &value)
{
    if (value.isArray()) {
        QStringList items;
        for (const QJsonValue &item : value.toArray())
            items << item.toVariant().toString();
        return items.join(QStringLiteral(", "));
    }
    return value.toVariant().toString();
}

void dropAnnotations(QJsonObject &object, const std::function<bool(const QString &)> &matches, const QString &why,
                     QList<PlanRow> *rows)
{
    QJsonObject annotations = valueAt(object, QStringLiteral("metadata.annotations")).toObject();
    bool changed = false;
    for (const QString &key : annotations.keys()) {
        if (!matches(key))
            continue;
        rows->append({objectRef(object), QStringLiteral("metadata.annotations.") + key, annotations.value(key).toString(),
                      QStringLiteral("(dropped: %1)").arg(why), PlanRule::ExternalClaim, false});
        annotations.remove(key);
        changed = true;
    }
    if (!changed)
        return;
    if (annotations.isEmpty())
        removeValueAt(object, QStringLiteral("metadata.annotations"));
    else
        setValueAt(object, QStringLiteral("metadata.annotations"), annotations);
}

void releaseService(QJsonObject &service, const CloneOptions &options, QList<PlanRow> *rows)
{
    const QString ref = objectRef(service);
    const QString name = valueAt(service, QStringLiteral("metadata.name")).toString();
    QJsonObject spec = service.value(QLatin1String("spec")).toObject();
    const QString type = spec.value(QLatin1String("type")).toString(QStringLiteral("ClusterIP"));
    const bool external = type == QLatin1String("LoadBalancer") || type == QLatin1String("NodePort");
    const bool keepType = external && options.keepServiceTypes.contains(name);

    // What the source's API server allocated: the preview's allocates its own.
    if (spec.value(QLatin1String("clusterIP")).toString() == QLatin1String("None")) {
        if (spec.contains(QLatin1String("clusterIPs")))
            spec.insert(QStringLiteral("clusterIPs"), QJsonArray{QStringLiteral("None")});
    } else if (spec.contains(QLatin1String("clusterIP")) || spec.contains(QLatin1String("clusterIPs"))) {
        rows->append({ref, QStringLiteral("spec.clusterIP(s)"), describe(spec.value(QLatin1String("clusterIP"))),
                      QStringLiteral("(removed: the preview's API server allocates one)"), PlanRule::ServerField, false});
        spec.remove(QLatin1String("clusterIP"));
        spec.remove(QLatin1String("clusterIPs"));
    }

    // Fixed addresses and ports: another namespace may never hold them.
    QJsonArray ports = spec.value(QLatin1String("ports")).toArray();
    for (qsizetype i = 0; i < ports.size(); ++i) {
        QJsonObject port = ports.at(i).toObject();
        if (!port.contains(QLatin1String("nodePort")))
            continue;
        rows->append({ref, QStringLiteral("spec.ports[%1].nodePort").arg(port.value(QLatin1String("name")).toString(QString::number(i))),
                      describe(port.value(QLatin1String("nodePort"))),
                      QStringLiteral("(dropped: node ports are cluster-wide; the source holds this one)"), PlanRule::ExternalClaim, false});
        port.remove(QLatin1String("nodePort"));
        ports[i] = port;
    }
    if (!ports.isEmpty())
        spec.insert(QStringLiteral("ports"), ports);
    for (const QString &field : {QStringLiteral("loadBalancerIP"), QStringLiteral("externalIPs"), QStringLiteral("healthCheckNodePort")}) {
        if (!spec.contains(field))
            continue;
        rows->append({ref, QStringLiteral("spec.") + field, describe(spec.value(field)),
                      QStringLiteral("(dropped: the source's address)"), PlanRule::ExternalClaim, false});
        spec.remove(field);
    }
    dropAnnotations(service, [](const QString &key) { return kAddressAnnotations.contains(key); },
                    QStringLiteral("pins the source's address"), rows);

    if (external && !keepType) {
        QStringList removed;
        for (const QString &field : kExternalOnlyFields) {
            if (spec.contains(field)) {
                spec.remove(field);
                removed << field;
            }
        }
        spec.insert(QStringLiteral("type"), QStringLiteral("ClusterIP"));
        rows->append({ref, QStringLiteral("spec.type"), type,
                      QStringLiteral("ClusterIP (no cloud load balancer or node port per preview; the URL is an Ingress; "
                                     "--keep-service-type %1 keeps %2)%3")
                          .arg(name, type, removed.isEmpty() ? QString() : QStringLiteral("; removed ") + removed.join(QStringLiteral(", "))),
                      PlanRule::ServiceType, false});
        dropAnnotations(service, [](const QString &key) {
            return std::any_of(kLoadBalancerAnnotationPrefixes.begin(), kLoadBalancerAnnotationPrefixes.end(),
                               [&](const QString &prefix) { return key.startsWith(prefix); });
        }, QStringLiteral("configures a load balancer the preview does not get"), rows);
    } else if (keepType) {
        rows->append({ref, QStringLiteral("spec.type"), type, type + QStringLiteral(" (kept by --keep-service-type; fixed addresses and ports dropped)"),
                      PlanRule::ServiceType, false});
    }
    service.insert(QStringLiteral("spec"), spec);
}

} // namespace

void releaseExternalClaims(QJsonObject &object, const CloneOptions &options, QList<PlanRow> *rows)
{
    const QString kind = object.value(QLatin1String("kind")).toString();
    if (kind == QLatin1String("Service"))
        releaseService(object, options, rows);
    else if (kind == QLatin1String("Ingress"))
        dropAnnotations(object, [](const QString &key) { return kIngressAddressAnnotations.contains(key); },
                        QStringLiteral("claims the source's static address"), rows);
}

} // namespace pd::core::clone
