#include "certificateplanner.h"

#include "jsonwalk.h"
#include "core/contract.h"

#include <QJsonArray>

namespace pd::core::clone {

namespace {

bool isCertificate(const QJsonObject &object)
{
    return object.value(QLatin1String("kind")).toString() == QLatin1String("Certificate")
        && object.value(QLatin1String("apiVersion")).toString().section(QLatin1Char('/'), 0, 0) == contract::CertManagerApiGroup;
}

} // namespace

QStringList certificateHosts(const QJsonObject &object)
{
    if (!isCertificate(object))
        return {};
    QStringList hosts;
    const QJsonObject spec = object.value(QLatin1String("spec")).toObject();
    for (const QJsonValue &name : spec.value(QLatin1String("dnsNames")).toArray())
        hosts << name.toString();
    const QString common = spec.value(QLatin1String("commonName")).toString();
    if (!common.isEmpty() && !hosts.contains(common))
        hosts << common;
    hosts.removeAll(QString());
    return hosts;
}

QString previewTlsSecretName(const QString &old, const CloneOptions &options)
{
    QString renamed = old;
    if (!renamed.replace(options.sourceNamespace, options.name).compare(old))
        renamed = options.name + QLatin1Char('-') + old;
    return renamed;
}

void renameCertificateSecret(QJsonObject &certificate, const CloneOptions &options, QList<PlanRow> *rows)
{
    if (!isCertificate(certificate))
        return;
    const QString old = valueAt(certificate, QStringLiteral("spec.secretName")).toString();
    if (old.isEmpty())
        return;
    const QString renamed = previewTlsSecretName(old, options);
    setValueAt(certificate, QStringLiteral("spec.secretName"), renamed);
    rows->append({objectRef(certificate), QStringLiteral("spec.secretName"), old, renamed, PlanRule::TlsSecretName, false});
}

} // namespace pd::core::clone
