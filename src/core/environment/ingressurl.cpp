#include "ingressurl.h"

#include <QJsonArray>

namespace pd::core {

namespace {

bool servesTls(const QJsonObject &ingress, const QString &host)
{
    const QJsonArray tls = ingress.value(QLatin1String("spec")).toObject().value(QLatin1String("tls")).toArray();
    for (const QJsonValue &entry : tls)
        if (entry.toObject().value(QLatin1String("hosts")).toArray().contains(host))
            return true;
    return false;
}

// The first TCP port the controller reports (IngressPortStatus), or -1.
int reportedPort(const QJsonObject &ingress)
{
    const QJsonArray entries = ingress.value(QLatin1String("status")).toObject()
                                       .value(QLatin1String("loadBalancer")).toObject()
                                       .value(QLatin1String("ingress")).toArray();
    for (const QJsonValue &entry : entries)
        for (const QJsonValue &port : entry.toObject().value(QLatin1String("ports")).toArray()) {
            const QJsonObject status = port.toObject();
            if (status.value(QLatin1String("protocol")).toString(QStringLiteral("TCP")) == QLatin1String("TCP")
                && !status.contains(QLatin1String("error")) && status.value(QLatin1String("port")).toInt() > 0)
                return status.value(QLatin1String("port")).toInt();
        }
    return -1;
}

} // namespace

QUrl ingressUrl(const QJsonObject &ingress, const QString &ruleHost, const QString &host)
{
    QUrl url;
    url.setScheme(servesTls(ingress, ruleHost) ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(host);
    const int port = reportedPort(ingress);
    if (port > 0 && port != (url.scheme() == QLatin1String("https") ? 443 : 80))
        url.setPort(port);
    return url;
}

} // namespace pd::core
