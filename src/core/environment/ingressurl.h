#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace pd::core {

// Where a browser reaches HOST through INGRESS: https when a tls entry of the Ingress
// lists the host, http otherwise, and the port its controller reports in
// status.loadBalancer.ingress[].ports when that is not the scheme's default (a local
// controller on a high port; cloud load balancers report none). `host` may differ from
// the Ingress's own rules: a clone asks for the URL its renamed host will have behind
// the same controller.
QUrl ingressUrl(const QJsonObject &ingress, const QString &ruleHost, const QString &host);
inline QUrl ingressUrl(const QJsonObject &ingress, const QString &host) { return ingressUrl(ingress, host, host); }

} // namespace pd::core
