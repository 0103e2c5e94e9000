#include "kube/credentialprovider.h"
#include "kube/execcredentialprovider.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::kube::ClusterEndpoint;
using pd::kube::CredentialProvider;
using pd::kube::Credentials;

class TestCredentialProvider final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    bool writeFile(const QString &path, const QByteArray &content)
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        return file.write(content) == content.size();
    }
    static Credentials resolve(CredentialProvider *provider)
    {
        QFuture<Credentials> future = provider->credentials();
        // Static credentials are ready at once, without an event loop.
        return future.isFinished() ? future.result() : Credentials{{}, {}, {}, {}, u"not ready"_s};
    }

private Q_SLOTS:
    void staticToken()
    {
        ClusterEndpoint ep;
        ep.token = u"abc.def"_s;
        const auto provider = CredentialProvider::create(ep);
        QVERIFY(!qobject_cast<pd::kube::ExecCredentialProvider *>(provider.get()));
        const Credentials c = resolve(provider.get());
        QVERIFY(c.ok());
        QCOMPARE(c.bearerToken, u"abc.def"_s);
        QVERIFY(!c.expiresAt.isValid());
    }

    void tokenFileReReadEveryCall()
    {
        const QString path = m_dir.filePath(u"token"_s);
        QVERIFY(writeFile(path, "first\n"));
        ClusterEndpoint ep;
        ep.tokenFile = path;
        ep.token = u"fallback"_s;
        const auto provider = CredentialProvider::create(ep);
        QCOMPARE(resolve(provider.get()).bearerToken, u"first"_s);   // trimmed
        QVERIFY(writeFile(path, "rotated"));
        QCOMPARE(resolve(provider.get()).bearerToken, u"rotated"_s);
        // Unreadable file: kubectl falls back to the static token.
        QVERIFY(QFile::remove(path));
        QCOMPARE(resolve(provider.get()).bearerToken, u"fallback"_s);
    }

    void tokenFileMissing()
    {
        ClusterEndpoint ep;
        ep.userName = u"robot"_s;
        ep.tokenFile = m_dir.filePath(u"absent"_s);
        const auto provider = CredentialProvider::create(ep);
        const Credentials c = resolve(provider.get());
        QVERIFY(!c.ok());
        QVERIFY(c.error.contains(ep.tokenFile));
        QVERIFY(c.error.contains(u"robot"_s));
    }

    void clientCertificate()
    {
        ClusterEndpoint ep;
        ep.clientCertificatePem = "CERT";
        ep.clientKeyPem = "KEY";
        const auto provider = CredentialProvider::create(ep);
        const Credentials c = resolve(provider.get());
        QVERIFY(c.ok());
        QCOMPARE(c.clientCertificatePem, "CERT"_ba);
        QCOMPARE(c.clientKeyPem, "KEY"_ba);
        QVERIFY(c.bearerToken.isEmpty());
    }

    void execChoosesExecProvider()
    {
        ClusterEndpoint ep;
        pd::kube::ExecConfig exec;
        exec.apiVersion = u"client.authentication.k8s.io/v1"_s;
        exec.command = u"some-plugin"_s;
        ep.exec = exec;
        QObject parent;
        const auto provider = CredentialProvider::create(ep, &parent);
        QVERIFY(qobject_cast<pd::kube::ExecCredentialProvider *>(provider.get()));
        QCOMPARE(provider->parent(), &parent);
    }
};

QTEST_GUILESS_MAIN(TestCredentialProvider)
#include "tst_credentialprovider.moc"
