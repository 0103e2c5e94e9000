#pragma once

#include <QByteArray>
#include <QList>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>

#include <optional>

namespace pd::sandbox {

// A throw-away certificate authority and a server certificate it signed, made
// at start-up with OpenSSL (ECDSA P-256, SHA-256, valid one year). The server
// certificate names IP 127.0.0.1, IP ::1 and DNS localhost (plus extras), as
// Go's TLS verification in kubectl needs subjectAltNames, not a common name.
struct TlsMaterial
{
    QByteArray caCertificatePem;
    QByteArray serverCertificatePem;
    QByteArray serverKeyPem;          // PKCS#8 PEM; never logged

    static std::optional<TlsMaterial> generate(QString *error = nullptr,
                                               const QStringList &extraDnsNames = {},
                                               const QList<QHostAddress> &extraAddresses = {});

    QSslCertificate caCertificate() const;
    QSslCertificate serverCertificate() const;
    // TLS 1.2+ server configuration with the certificate, its key and the CA in the chain.
    QSslConfiguration serverConfiguration() const;
    // A client configuration that trusts only this CA (tests, the in-process client).
    QSslConfiguration clientConfiguration() const;
};

} // namespace pd::sandbox
