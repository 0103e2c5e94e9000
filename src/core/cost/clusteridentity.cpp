#include "clusteridentity.h"

#include "kube/clusterendpoint.h"

#include <QCryptographicHash>
#include <QSslCertificate>

using namespace Qt::StringLiterals;

namespace pd::core {

ClusterIdentity ClusterIdentity::of(const pd::kube::ClusterEndpoint &endpoint)
{
    ClusterIdentity id;
    id.server = endpoint.server.toString(QUrl::StripTrailingSlash);
    id.context = endpoint.contextName;
    if (!endpoint.certificateAuthorityPem.isEmpty()) {
        // The first certificate of the bundle: the one kubeconfig files carry is the cluster's CA.
        const QList<QSslCertificate> certificates = QSslCertificate::fromData(endpoint.certificateAuthorityPem);
        const QByteArray der = certificates.isEmpty() ? endpoint.certificateAuthorityPem.trimmed()
                                                      : certificates.first().toDer();
        id.caFingerprint = QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha256).toHex());
    }
    return id;
}

ClusterIdentity ClusterIdentity::embeddedSandbox(const QString &context)
{
    return ClusterIdentity{u"embedded-sandbox"_s, {}, context};
}

QString ClusterIdentity::describe() const
{
    const QString ca = caFingerprint.isEmpty() ? u"the system's CAs"_s : u"CA %1…"_s.arg(caFingerprint.left(12));
    return u"%1 (%2)"_s.arg(server.isEmpty() ? u"no server"_s : server, ca);
}

} // namespace pd::core
