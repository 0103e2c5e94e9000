#pragma once

#include "cloneoptions.h"
#include "planrow.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace pd::core::clone {

// cert-manager Certificates are cloned; cert-manager issues the preview's own TLS
// Secret (droprules.h leaves the source's to it). Their hosts go through the same
// host map as Ingress hosts, and their secretName through the same TLS-name rule.

// spec.dnsNames and spec.commonName of a cert-manager.io Certificate; empty for other objects.
QStringList certificateHosts(const QJsonObject &object);

// The preview's name for a TLS Secret the source names `old`: the source's name
// replaced by the preview's, else the preview's name in front ("shop-tls" -> "pr-7-shop-tls").
QString previewTlsSecretName(const QString &old, const CloneOptions &options);

// A cloned Certificate's spec.secretName, renamed by previewTlsSecretName (with a row).
void renameCertificateSecret(QJsonObject &certificate, const CloneOptions &options, QList<PlanRow> *rows);

} // namespace pd::core::clone
