// The client over HTTPS against certificates made with the openssl CLI at test time:
// CA verification, insecure mode, tls-server-name, client certificates.
#include "kube/apiclient.h"

#include "futurewait.h"
#include "scriptedserver.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace pd::kube;
using namespace pd::test;
using namespace Qt::StringLiterals;

class TestApiClientTls final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    bool openssl(const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.start(u"openssl"_s, args);
        if (!p.waitForFinished(60000) || p.exitCode() != 0) {
            qWarning() << "openssl" << args << p.readAllStandardError();
            return false;
        }
        return true;
    }

    QByteArray file(const QString &name) const
    {
        QFile f(m_dir.filePath(name));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    bool selfSigned(const QString &base, const QString &san)
    {
        return openssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, base + u".key"_s,
                        u"-out"_s, base + u".crt"_s, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=kube-apiserver"_s,
                        u"-addext"_s, u"subjectAltName="_s + san});
    }

    ApiResult version(const ClusterEndpoint &endpoint)
    {
        ApiClient client(endpoint);
        RetryPolicy::Settings once;
        once.maxAttempts = 1;
        client.setRetryPolicy(RetryPolicy(once));
        return waitFor(client.send(ApiRequest::raw(u"/version"_s)));
    }

    ScriptedServer *serve(const QString &base, const QByteArray &clientCa = {})
    {
        auto *server = new ScriptedServer(this);
        if (!server->listenTls(file(base + u".crt"_s), file(base + u".key"_s), clientCa))
            return nullptr;
        server->on("GET", u"/version"_s, CannedResponse::json(200, QJsonObject{{"gitVersion"_L1, "v1.32.1"_L1}}));
        return server;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        QVERIFY(m_dir.isValid());
        QVERIFY(selfSigned(u"ip"_s, u"IP:127.0.0.1"_s));
        QVERIFY(selfSigned(u"named"_s, u"DNS:kube.test"_s));
        // A client CA and an EC client certificate it signed (kubeadm's admin.conf shape).
        QVERIFY(openssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, u"ca.key"_s,
                         u"-out"_s, u"ca.crt"_s, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=kubernetes-ca"_s}));
        QVERIFY(openssl({u"req"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s,
                         u"-keyout"_s, u"client.key"_s, u"-out"_s, u"client.csr"_s, u"-subj"_s, u"/O=system:masters/CN=alice"_s}));
        QVERIFY(openssl({u"x509"_s, u"-req"_s, u"-in"_s, u"client.csr"_s, u"-CA"_s, u"ca.crt"_s, u"-CAkey"_s, u"ca.key"_s,
                         u"-CAcreateserial"_s, u"-out"_s, u"client.crt"_s, u"-days"_s, u"2"_s}));
    }

    void trustedCa()
    {
        ScriptedServer *server = serve(u"ip"_s);
        QVERIFY(server);
        ClusterEndpoint endpoint;
        endpoint.server = server->url();
        endpoint.certificateAuthorityPem = file(u"ip.crt"_s);
        const ApiResult r = version(endpoint);
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QCOMPARE(r.object.value("gitVersion"_L1).toString(), u"v1.32.1"_s);
        delete server;
    }

    void untrustedCertificateFails()
    {
        ScriptedServer *server = serve(u"ip"_s);
        QVERIFY(server);
        ClusterEndpoint endpoint;
        endpoint.server = server->url();
        endpoint.certificateAuthorityPem = file(u"named.crt"_s);   // the wrong CA
        const ApiResult r = version(endpoint);
        QVERIFY(!r.ok());
        QCOMPARE(r.networkError, QNetworkReply::SslHandshakeFailedError);
        QVERIFY2(r.message().startsWith(u"TLS handshake with https://127.0.0.1:"_s), qPrintable(r.message()));
        QVERIFY(server->requests().isEmpty());
        delete server;
    }

    void insecureSkipsVerification()
    {
        ScriptedServer *server = serve(u"named"_s);
        QVERIFY(server);
        ClusterEndpoint endpoint;
        endpoint.server = server->url();
        endpoint.insecureSkipTlsVerify = true;
        const ApiResult r = version(endpoint);
        QVERIFY2(r.ok(), qPrintable(r.message()));
        delete server;
    }

    void tlsServerName()
    {
        ScriptedServer *server = serve(u"named"_s);
        QVERIFY(server);
        ClusterEndpoint endpoint;
        endpoint.server = server->url();
        endpoint.certificateAuthorityPem = file(u"named.crt"_s);
        const ApiResult wrongName = version(endpoint);   // the certificate names kube.test, not 127.0.0.1
        QCOMPARE(wrongName.networkError, QNetworkReply::SslHandshakeFailedError);
        endpoint.tlsServerName = u"kube.test"_s;
        const ApiResult r = version(endpoint);
        QVERIFY2(r.ok(), qPrintable(r.message()));
        delete server;
    }

    void clientCertificate()
    {
        ScriptedServer *server = serve(u"ip"_s, file(u"ca.crt"_s));
        QVERIFY(server);
        ClusterEndpoint endpoint;
        endpoint.server = server->url();
        endpoint.certificateAuthorityPem = file(u"ip.crt"_s);
        endpoint.clientCertificatePem = file(u"client.crt"_s);
        endpoint.clientKeyPem = file(u"client.key"_s);
        const ApiResult r = version(endpoint);
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QCOMPARE(server->last().clientCertificateCommonName, u"alice"_s);
        QVERIFY(server->last().header("Authorization").isEmpty());
        delete server;
    }
};

QTEST_GUILESS_MAIN(TestApiClientTls)
#include "tst_apiclienttls.moc"
