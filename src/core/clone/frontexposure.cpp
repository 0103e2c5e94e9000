#include "frontexposure.h"

#include "jsonwalk.h"

#include "core/contract.h"

#include <QJsonArray>

namespace pd::core::clone {

namespace {

QString nameOf(const QJsonObject &object) { return valueAt(object, QStringLiteral("metadata.name")).toString(); }

bool isHttpsPort(const QJsonObject &port)
{
    const QString name = port.value(QLatin1String("name")).toString();
    return port.value(QLatin1String("port")).toInt() == 443 || name == QLatin1String("https")
        || port.value(QLatin1String("appProtocol")).toString() == QLatin1String("https");
}

// How much a port looks like the one a browser should reach; 0: not HTTP.
int httpScore(const QJsonObject &port)
{
    if (isHttpsPort(port))
        return 0;
    const int number = port.value(QLatin1String("port")).toInt();
    const QString name = port.value(QLatin1String("name")).toString();
    const QString protocol = port.value(QLatin1String("appProtocol")).toString();
    if (number == 80)
        return 30;
    if (name == QLatin1String("http") || name.startsWith(QLatin1String("http-")) || protocol == QLatin1String("http")
        || protocol == QLatin1String("kubernetes.io/h2c"))
        return 25;
    if (number == 8080)
        return 20;
    return 0;
}

QJsonObject bestHttpPort(const QJsonObject &service)
{
    QJsonObject best;
    int bestScore = 0;
    for (const QJsonValue &value : valueAt(service, QStringLiteral("spec.ports")).toArray()) {
        const int score = httpScore(value.toObject());
        if (score > bestScore) {
            best = value.toObject();
            bestScore = score;
        }
    }
    return best;
}

bool exposable(const QJsonObject &service)
{
    const QJsonObject spec = service.value(QLatin1String("spec")).toObject();
    return spec.value(QLatin1String("type")).toString() != QLatin1String("ExternalName")
        && spec.value(QLatin1String("clusterIP")).toString() != QLatin1String("None")
        && !spec.value(QLatin1String("ports")).toArray().isEmpty();
}

QJsonObject exposureIngress(const QString &serviceName, int port, const QString &host, const CloneOptions &options)
{
    QJsonObject metadata{{QStringLiteral("name"), QStringLiteral("previewdesk-url")},
                         {QStringLiteral("namespace"), options.name},
                         {QStringLiteral("labels"), QJsonObject{{QString(contract::ManagedByLabel), QString(contract::ManagedByValue)}}}};
    QJsonObject spec{{QStringLiteral("rules"), QJsonArray{QJsonObject{
        {QStringLiteral("host"), host},
        {QStringLiteral("http"), QJsonObject{{QStringLiteral("paths"), QJsonArray{QJsonObject{
            {QStringLiteral("path"), QStringLiteral("/")},
            {QStringLiteral("pathType"), QStringLiteral("Prefix")},
            {QStringLiteral("backend"), QJsonObject{{QStringLiteral("service"), QJsonObject{
                {QStringLiteral("name"), serviceName},
                {QStringLiteral("port"), QJsonObject{{QStringLiteral("number"), port}}}}}}},
        }}}}},
    }}}};
    if (!options.guards.ingressClassName.isEmpty())
        spec.insert(QStringLiteral("ingressClassName"), options.guards.ingressClassName);
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("networking.k8s.io/v1")},
                       {QStringLiteral("kind"), QStringLiteral("Ingress")},
                       {QStringLiteral("metadata"), metadata},
                       {QStringLiteral("spec"), spec}};
}

PendingDecision exposureProblem(const QString &service, const QString &question)
{
    PendingDecision problem;
    problem.kind = PendingDecision::Kind::Exposure;
    problem.object = QStringLiteral("Service/") + service;
    problem.name = service;
    problem.question = question;
    return problem;
}

} // namespace

ExposurePlan planExposure(const QList<QJsonObject> &sourceObjects, const CloneOptions &options)
{
    ExposurePlan plan;
    QList<QJsonObject> services;
    bool hasIngress = false;
    for (const QJsonObject &object : sourceObjects) {
        const QString kind = object.value(QLatin1String("kind")).toString();
        hasIngress = hasIngress || kind == QLatin1String("Ingress");
        if (kind == QLatin1String("Service") && exposable(object))
            services << object;
    }
    if (options.noIngress) {
        if (!hasIngress)
            plan.warnings << QStringLiteral("--no-ingress: the preview has no URL.");
        return plan;
    }
    if (hasIngress && options.exposeService.isEmpty())
        return plan;

    QJsonObject chosen, port;
    QString why;
    QStringList names;
    for (const QJsonObject &service : std::as_const(services))
        names << nameOf(service);
    names.sort();
    if (!options.exposeService.isEmpty()) {
        const auto found = std::find_if(services.begin(), services.end(),
                                        [&](const QJsonObject &s) { return nameOf(s) == options.exposeService; });
        if (found == services.end()) {
            plan.problem = exposureProblem(options.exposeService, QStringLiteral("--expose %1: the source has no Service %1 with ports to expose "
                                                          "(it has: %2).").arg(options.exposeService,
                                                                                names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
            return plan;
        }
        chosen = *found;
        QStringList ports;
        for (const QJsonValue &value : valueAt(chosen, QStringLiteral("spec.ports")).toArray()) {
            ports << QString::number(value.toObject().value(QLatin1String("port")).toInt());
            if (options.exposePort > 0 && value.toObject().value(QLatin1String("port")).toInt() == options.exposePort)
                port = value.toObject();
        }
        if (options.exposePort > 0 && port.isEmpty()) {
            plan.problem = exposureProblem(options.exposeService, QStringLiteral("--expose %1:%2: Service %1 has no port %2 (it has: %3).")
                                               .arg(options.exposeService).arg(options.exposePort).arg(ports.join(QStringLiteral(", "))));
            return plan;
        }
        if (port.isEmpty())
            port = bestHttpPort(chosen);
        if (port.isEmpty())
            port = valueAt(chosen, QStringLiteral("spec.ports")).toArray().first().toObject();
        why = QStringLiteral("chosen with --expose");
    } else {
        int bestScore = 0;
        for (const QJsonObject &service : std::as_const(services)) {
            const QJsonObject candidate = bestHttpPort(service);
            if (candidate.isEmpty())
                continue;
            const QString type = valueAt(service, QStringLiteral("spec.type")).toString();
            const bool external = type == QLatin1String("LoadBalancer") || type == QLatin1String("NodePort");
            const int score = httpScore(candidate) + (external ? 100 : 0) + (type == QLatin1String("LoadBalancer") ? 10 : 0);
            if (score > bestScore) {   // ties: the first in name order, as the export lists them
                bestScore = score;
                chosen = service;
                port = candidate;
                why = external ? QStringLiteral("the source's %1 Service").arg(type)
                               : QStringLiteral("it serves HTTP on port %1").arg(candidate.value(QLatin1String("port")).toInt());
            }
        }
        if (chosen.isEmpty()) {
            plan.warnings << QStringLiteral("The source has no Ingress and no Service serving HTTP: the preview has no URL "
                                            "(pass --expose SVC[:PORT] to give it one).");
            return plan;
        }
    }

    QString host = options.hostTemplate;
    host.replace(QLatin1String("{name}"), options.name);
    if (hasIngress)   // beside the source's Ingresses, which already hold the template's host
        host = nameOf(chosen) + QLatin1Char('.') + host;
    const int number = port.value(QLatin1String("port")).toInt();
    plan.ingress = exposureIngress(nameOf(chosen), number, host, options);
    plan.url = QStringLiteral("http://") + host;
    plan.rows.append({QStringLiteral("Ingress/previewdesk-url"), QStringLiteral("spec.rules[0]"), QString(),
                      QStringLiteral("%1 -> Service %2 port %3 (%4; --expose SVC[:PORT] picks another, --no-ingress none)")
                          .arg(plan.url, nameOf(chosen)).arg(number).arg(why),
                      PlanRule::Exposure, false});
    return plan;
}

} // namespace pd::core::clone
