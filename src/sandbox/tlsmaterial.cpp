#include "sandbox/tlsmaterial.h"

#include <QSslKey>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace pd::sandbox {

namespace {

struct Deleter
{
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(BIGNUM *p) const { BN_free(p); }
    void operator()(X509_EXTENSION *p) const { X509_EXTENSION_free(p); }
};
template<typename T>
using Ptr = std::unique_ptr<T, Deleter>;

QString openSslError(const char *what)
{
    char buffer[256] = {};
    ERR_error_string_n(ERR_get_error(), buffer, sizeof buffer);
    return QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLatin1(buffer));
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    Ptr<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

// Positive 127-bit random serial (Go rejects negative or over-long serials).
bool setRandomSerial(X509 *cert)
{
    Ptr<BIGNUM> bn(BN_new());
    if (!bn || BN_rand(bn.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1)
        return false;
    return BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) != nullptr;
}

Ptr<X509> makeCertificate(EVP_PKEY *key, const char *commonName, X509 *issuer, EVP_PKEY *issuerKey,
                          const QList<QPair<int, QByteArray>> &extensions)
{
    Ptr<X509> cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1 || !setRandomSerial(cert.get()))
        return {};
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);       // tolerate small clock skew
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600);
    X509_set_pubkey(cert.get(), key);
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("PreviewDesk sandbox"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>(commonName), -1, -1, 0);
    X509 *signer = issuer ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
    for (const auto &e : extensions)
        if (!addExtension(cert.get(), signer, e.first, e.second))
            return {};
    if (X509_sign(cert.get(), issuerKey, EVP_sha256()) <= 0)
        return {};
    return cert;
}

QByteArray certificatePem(X509 *cert)
{
    Ptr<BIO> bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert);
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, len);
}

QByteArray privateKeyPem(EVP_PKEY *key)
{
    Ptr<BIO> bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, len);
}

} // namespace

std::optional<TlsMaterial> TlsMaterial::generate(QString *error, const QStringList &extraDnsNames,
                                                 const QList<QHostAddress> &extraAddresses)
{
    auto failed = [error](const char *what) -> std::optional<TlsMaterial> {
        if (error)
            *error = openSslError(what);
        return std::nullopt;
    };
    Ptr<EVP_PKEY> caKey(EVP_EC_gen("P-256"));
    Ptr<EVP_PKEY> serverKey(EVP_EC_gen("P-256"));
    if (!caKey || !serverKey)
        return failed("generating EC keys");

    Ptr<X509> ca = makeCertificate(caKey.get(), "previewdesk-sandbox-ca", nullptr, caKey.get(), {
        {NID_basic_constraints, "critical,CA:TRUE"},
        {NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature"},
        {NID_subject_key_identifier, "hash"},
    });
    if (!ca)
        return failed("making the CA certificate");

    QByteArray sans = "IP:127.0.0.1,IP:::1,DNS:localhost";
    for (const QString &dns : extraDnsNames)
        sans += ",DNS:" + dns.toLatin1();
    for (const QHostAddress &address : extraAddresses)
        sans += ",IP:" + address.toString().toLatin1();
    Ptr<X509> server = makeCertificate(serverKey.get(), "previewdesk-sandbox", ca.get(), caKey.get(), {
        {NID_basic_constraints, "critical,CA:FALSE"},
        {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
        {NID_ext_key_usage, "serverAuth"},
        {NID_subject_key_identifier, "hash"},
        {NID_authority_key_identifier, "keyid:always"},
        {NID_subject_alt_name, sans},
    });
    if (!server)
        return failed("making the server certificate");

    TlsMaterial material;
    material.caCertificatePem = certificatePem(ca.get());
    material.serverCertificatePem = certificatePem(server.get());
    material.serverKeyPem = privateKeyPem(serverKey.get());
    if (material.caCertificatePem.isEmpty() || material.serverKeyPem.isEmpty())
        return failed("writing PEM");
    return material;
}

QSslCertificate TlsMaterial::caCertificate() const
{
    return QSslCertificate(caCertificatePem, QSsl::Pem);
}

QSslCertificate TlsMaterial::serverCertificate() const
{
    return QSslCertificate(serverCertificatePem, QSsl::Pem);
}

QSslConfiguration TlsMaterial::serverConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain({serverCertificate(), caCertificate()});
    configuration.setPrivateKey(QSslKey(serverKeyPem, QSsl::Ec, QSsl::Pem));
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    // No h2: kubectl offers h2 and http/1.1 by ALPN; this server speaks HTTP/1.1 only.
    configuration.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
    return configuration;
}

QSslConfiguration TlsMaterial::clientConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates({caCertificate()});
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return configuration;
}

} // namespace pd::sandbox
