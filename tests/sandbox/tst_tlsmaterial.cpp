// Start-up TLS material: a CA and a server certificate that clients can verify.
#include "sandbox/httpserver.h"
#include "sandbox/tlsmaterial.h"

#include <QSignalSpy>
#include <QSslCertificateExtension>
#include <QSslKey>
#include <QSslSocket>
#include <QTest>

using namespace pd::sandbox;

class TestTlsMaterial final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void certificatesAreWellFormed();
    void eachStartMakesNewMaterial();
    void handshakeVerifiesAgainstTheCa_data();
    void handshakeVerifiesAgainstTheCa();
    void foreignCaIsRejected();

private:
    std::optional<TlsMaterial> m_material;
};

void TestTlsMaterial::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend in this Qt");
    QString error;
    m_material = TlsMaterial::generate(&error);
    QVERIFY2(m_material, qPrintable(error));
}

void TestTlsMaterial::certificatesAreWellFormed()
{
    const QSslCertificate ca = m_material->caCertificate();
    const QSslCertificate server = m_material->serverCertificate();
    QVERIFY(!ca.isNull());
    QVERIFY(!server.isNull());
    QVERIFY(ca.isSelfSigned());
    QVERIFY(!server.isSelfSigned());
    QCOMPARE(server.issuerInfo(QSslCertificate::CommonName), ca.subjectInfo(QSslCertificate::CommonName));
    QVERIFY(server.effectiveDate() < QDateTime::currentDateTimeUtc());
    QVERIFY(server.expiryDate() > QDateTime::currentDateTimeUtc().addDays(300));

    const auto sans = server.subjectAlternativeNames();
    QVERIFY(sans.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
    const QStringList ips = sans.values(QSsl::IpAddressEntry);
    QVERIFY2(ips.contains(QStringLiteral("127.0.0.1")), qPrintable(ips.join(u' ')));
    QVERIFY(ips.contains(QStringLiteral("0:0:0:0:0:0:0:1")) || ips.contains(QStringLiteral("::1")));

    bool isCa = false;
    for (const QSslCertificateExtension &ext : ca.extensions())
        if (ext.oid() == QLatin1String("2.5.29.19"))
            isCa = ext.value().toMap().value(QStringLiteral("ca")).toBool();
    QVERIFY(isCa);

    const QSslKey key(m_material->serverKeyPem, QSsl::Ec, QSsl::Pem);
    QVERIFY(!key.isNull());
    QCOMPARE(key.algorithm(), QSsl::Ec);
    QCOMPARE(key.length(), 256);
    QCOMPARE(server.publicKey().algorithm(), QSsl::Ec);
    QVERIFY(m_material->caCertificatePem.startsWith("-----BEGIN CERTIFICATE-----"));
    QVERIFY(m_material->serverKeyPem.startsWith("-----BEGIN PRIVATE KEY-----"));
}

void TestTlsMaterial::eachStartMakesNewMaterial()
{
    const auto other = TlsMaterial::generate();
    QVERIFY(other);
    QVERIFY(other->caCertificatePem != m_material->caCertificatePem);
    QVERIFY(other->serverKeyPem != m_material->serverKeyPem);
    QVERIFY(other->serverCertificate().serialNumber() != m_material->serverCertificate().serialNumber());
}

void TestTlsMaterial::handshakeVerifiesAgainstTheCa_data()
{
    QTest::addColumn<QString>("peerName");
    QTest::newRow("ip") << QStringLiteral("127.0.0.1");
    QTest::newRow("dns") << QStringLiteral("localhost");
}

void TestTlsMaterial::handshakeVerifiesAgainstTheCa()
{
    QFETCH(QString, peerName);
    HttpServer server;
    server.setTlsConfiguration(m_material->serverConfiguration());
    server.setHandler([](HttpExchange *e) { e->respond(200, "text/plain", "secure " + e->request().path.toUtf8()); });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(server.isTls());

    QSslSocket socket;
    socket.setSslConfiguration(m_material->clientConfiguration());
    QSignalSpy errors(&socket, &QSslSocket::sslErrors);
    QSignalSpy encrypted(&socket, &QSslSocket::encrypted);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort(), peerName);
    QTRY_COMPARE_WITH_TIMEOUT(encrypted.count(), 1, 10000);
    QCOMPARE(errors.count(), 0);
    QCOMPARE(socket.peerCertificate(), m_material->serverCertificate());
    socket.write("GET /hello HTTP/1.1\r\nHost: " + peerName.toLatin1() + "\r\n\r\n");
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).endsWith("secure /hello"), 10000);
    QVERIFY(received.startsWith("HTTP/1.1 200 OK\r\n"));
}

void TestTlsMaterial::foreignCaIsRejected()
{
    HttpServer server;
    server.setTlsConfiguration(m_material->serverConfiguration());
    server.setHandler([](HttpExchange *e) { e->respond(200, "text/plain", "x"); });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    const auto other = TlsMaterial::generate();
    QVERIFY(other);
    QSslSocket socket;
    socket.setSslConfiguration(other->clientConfiguration());
    QSignalSpy errors(&socket, &QSslSocket::sslErrors);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort(), QStringLiteral("localhost"));
    QTRY_VERIFY_WITH_TIMEOUT(errors.count() >= 1, 10000);
    QTRY_VERIFY(socket.state() == QAbstractSocket::UnconnectedState || !socket.isEncrypted());
    QVERIFY(!socket.isEncrypted());
}

QTEST_GUILESS_MAIN(TestTlsMaterial)
#include "tst_tlsmaterial.moc"
