#include "kube/redactingsink.h"
#include "kube/secretredactor.h"

#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <QTest>

#include <sstream>
#include <thread>

using namespace Qt::StringLiterals;
using pd::log::RedactingSink;
using pd::log::SecretRedactor;

namespace {

// A logger writing "%v" through a redacting sink into a string.
struct Capture
{
    std::shared_ptr<SecretRedactor> redactor = std::make_shared<SecretRedactor>();
    std::ostringstream out;
    std::shared_ptr<spdlog::sinks::ostream_sink_st> target = std::make_shared<spdlog::sinks::ostream_sink_st>(out);
    std::shared_ptr<RedactingSink> sink = std::make_shared<RedactingSink>(redactor, std::vector<spdlog::sink_ptr>{target});
    spdlog::logger logger{"test", sink};

    Capture()
    {
        sink->set_pattern("%v");
        logger.set_level(spdlog::level::trace);
    }
    QString logged(const QString &message)
    {
        out.str({});
        logger.info("{}", message.toStdString());
        return QString::fromStdString(out.str()).chopped(1); // the pattern's newline
    }
};

} // namespace

class TestRedactingSink final : public QObject
{
    Q_OBJECT

private slots:
    void redacts_data();
    void redacts();
    void redactsQStringApi();
    void forwardsToEveryChildAtItsLevel();
    void patternReachesChildren();
    void leavesInvalidUtf8UntouchedWithoutSecrets();
    void ignoresValuesTooShortToMask();
    void clearValuesForgetsRegistrations();
    void concurrentLoggingAndRegistration();
    void secretDataValuesMaskWholeTokensOnly_data();
    void secretDataValuesMaskWholeTokensOnly();
};

void TestRedactingSink::redacts_data()
{
    QTest::addColumn<QStringList>("registered");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    const QStringList none;
    const auto row = [](const char *name) -> QTestData & { return QTest::newRow(name); };

    row("plain text unchanged") << none << u"Listing pods in staging-shop (42 items)"_s << u"Listing pods in staging-shop (42 items)"_s;
    row("authorization header") << none << u"GET /api/v1/pods Authorization: Bearer xyz"_s
                                << u"GET /api/v1/pods Authorization: Bearer ***"_s;
    row("authorization header json") << none << uR"({"Authorization":"Bearer eyJhbGciOi.abc.def","Accept":"*/*"})"_s
                                     << uR"({"Authorization":"Bearer ***","Accept":"*/*"})"_s;
    row("basic authorization") << none << u"authorization=Basic dXNlcjpwYXNz"_s << u"authorization=Basic ***"_s;
    row("proxy authorization") << none << u"Proxy-Authorization: Bearer abc.def"_s << u"Proxy-Authorization: Bearer ***"_s;
    row("bare bearer token") << none << u"retrying with bearer sha256~Abc123def"_s << u"retrying with bearer ***"_s;
    row("bearer in prose unchanged") << none << u"no bearer token configured for context dev"_s
                                     << u"no bearer token configured for context dev"_s;
    row("json token field") << none
                            << uR"({"kind":"ExecCredential","status":{"token":"abc.def-ghi","expirationTimestamp":"2026-01-01T00:00:00Z"}})"_s
                            << uR"({"kind":"ExecCredential","status":{"token":"***","expirationTimestamp":"2026-01-01T00:00:00Z"}})"_s;
    row("json token spaced") << none << uR"("token" : "s3cr3t")"_s << uR"("token" : "***")"_s;
    row("json escaped quote in value") << none << uR"({"password":"pa\"ss","user":"bob"})"_s
                                       << uR"({"password":"***","user":"bob"})"_s;
    row("json inside a string") << none << uR"(body="{\"token\":\"abc123\"}")"_s << uR"(body="{\"token\":\"***\"}")"_s;
    row("json empty token unchanged") << none << uR"({"token":""})"_s << uR"({"token":""})"_s;
    row("camelCase fields") << none << uR"({"accessToken":"a1","clientSecret":"b2","refreshToken":"c3"})"_s
                            << uR"({"accessToken":"***","clientSecret":"***","refreshToken":"***"})"_s;
    row("query token") << none << u"GET /api/v1/pods?watch=1&token=abc123&limit=5"_s
                       << u"GET /api/v1/pods?watch=1&token=***&limit=5"_s;
    row("form access_token") << none << u"access_token=abc&token_type=Bearer"_s << u"access_token=***&token_type=Bearer"_s;
    row("yaml token") << none << u"users:\n- name: ci\n  user:\n    token: eyJhbGciOiJSUzI1NiJ9.payload.sig\n"_s
                      << u"users:\n- name: ci\n  user:\n    token: ***\n"_s;
    row("yaml auth-provider fields") << none << u"      id-token: eyJ1\n      refresh-token: r3fr3sh\n      client-secret: cs"_s
                                     << u"      id-token: ***\n      refresh-token: ***\n      client-secret: ***"_s;
    row("yaml value on next line unchanged") << none << u"  secret:\n    secretName: db-credentials"_s
                                             << u"  secret:\n    secretName: db-credentials"_s;
    row("field names without values unchanged") << none << u"tokenFile: /var/run/token, secretName: db"_s
                                                << u"tokenFile: /var/run/token, secretName: db"_s;
    row("kubeconfig client key data") << none
                                      << u"    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3cKLS0tLS1FTkQgUlNBIFBSSVZBVEUgS0VZLS0tLS0K"_s
                                      << u"    client-key-data: ***"_s;
    row("kubeconfig client certificate data") << none
                                              << u"    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo="_s
                                              << u"    client-certificate-data: ***"_s;
    row("certificate authority data unchanged") << none
                                                << u"    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo="_s
                                                << u"    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo="_s;
    row("base64 private key anywhere") << none << u"tls.key=LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUU= (from Secret)"_s
                                       << u"tls.key=*** (from Secret)"_s;
    row("pem rsa block") << none
                         << u"key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nx9Yz+/abc=\n-----END RSA PRIVATE KEY-----\ndone"_s
                         << u"key:\n-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----\ndone"_s;
    row("pem pkcs8 on one line") << none << u"-----BEGIN PRIVATE KEY-----MIIBVgIBADANBgkq-----END PRIVATE KEY-----"_s
                                 << u"-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----"_s;
    row("pem json escaped") << none
                            << uR"({"tls.key":"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n"})"_s
                            << uR"({"tls.key":"-----BEGIN EC PRIVATE KEY-----***-----END EC PRIVATE KEY-----\n"})"_s;
    row("pem cut off at end of message") << none << u"first half: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg"_s
                                         << u"first half: -----BEGIN PRIVATE KEY-----***"_s;
    row("pem tail in the next message") << none << u"kkdW4gK2hk\nZm9vYmFy==\n-----END PRIVATE KEY-----"_s
                                        << u"***-----END PRIVATE KEY-----"_s;
    row("two pem blocks") << none
                          << u"-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY----- and -----BEGIN OPENSSH PRIVATE KEY-----\nBBB\n-----END OPENSSH PRIVATE KEY-----"_s
                          << u"-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY----- and -----BEGIN OPENSSH PRIVATE KEY-----***-----END OPENSSH PRIVATE KEY-----"_s;
    row("certificate unchanged") << none << u"-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----"_s
                                 << u"-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----"_s;
    row("password in url") << none << u"cloning https://bot:hunter22@git.example.com/shop.git"_s
                           << u"cloning https://bot:***@git.example.com/shop.git"_s;
    row("secret json data map") << none
                                << uR"({"kind":"Secret","metadata":{"name":"db"},"data":{"user":"YWRtaW4=","url":"cG9zdGdyZXM="},"type":"Opaque"})"_s
                                << uR"({"kind":"Secret","metadata":{"name":"db"},"data":{"user":"***","url":"***"},"type":"Opaque"})"_s;
    row("secret stringData map") << none << uR"({"kind": "Secret", "stringData": {"dsn": "postgres://db/shop"}})"_s
                                 << uR"({"kind": "Secret", "stringData": {"dsn": "***"}})"_s;
    row("configmap data unchanged") << none << uR"({"kind":"ConfigMap","data":{"user":"admin"}})"_s
                                    << uR"({"kind":"ConfigMap","data":{"user":"admin"}})"_s;
    row("secret yaml data map")
        << none << u"kind: Secret\nmetadata:\n  name: db\ndata:\n  user: YWRtaW4=\n  config.yaml: |\n    host: db\n    -x\ntype: Opaque"_s
        << u"kind: Secret\nmetadata:\n  name: db\ndata:\n  user: ***\n  config.yaml: |\n    host: ***\n    ***\ntype: Opaque"_s;

    const QStringList super{u"Sup3rS3cret!"_s};
    row("registered value") << super << u"connecting with Sup3rS3cret! now"_s << u"connecting with *** now"_s;
    row("registered value twice") << super << u"Sup3rS3cret!Sup3rS3cret! x"_s << u"****** x"_s;
    row("registered value base64") << super << u"data: {pw: U3VwM3JTM2NyZXQh}"_s << u"data: {pw: ***}"_s;
    row("registered value json escaped") << QStringList{uR"(pa"ss\word)"_s} << uR"({"x":"pa\"ss\\word"})"_s << uR"({"x":"***"})"_s;
    row("registered value percent encoded") << QStringList{u"p@ss w/rd"_s} << u"?x=p%40ss%20w%2Frd&y=1"_s << u"?x=***&y=1"_s;
    row("registered multi-line value, one line logged")
        << QStringList{u"line-one-secret\nline-two-secret\n"_s} << u"second part: line-two-secret"_s << u"second part: ***"_s;
    row("registered values overlapping") << QStringList{u"secret-1"_s, u"secret-12345"_s} << u"secret-12345 secret-1"_s
                                         << u"*** ***"_s;
    row("registered value with regex characters") << QStringList{u"a.b*c+d?"_s} << u"a.b*c+d? and axbbbcd"_s
                                                  << u"*** and axbbbcd"_s;
    row("registered unicode value") << QStringList{u"pässwört"_s} << u"x pässwört y"_s << u"x *** y"_s;
    row("registered value with surrounding spaces") << QStringList{u"  padded-secret \n"_s} << u"got padded-secret."_s
                                                    << u"got ***."_s;
    row("registered value is case sensitive") << super << u"sup3rs3cret! is another word"_s
                                              << u"sup3rs3cret! is another word"_s;
}

void TestRedactingSink::redacts()
{
    QFETCH(QStringList, registered);
    QFETCH(QString, input);
    QFETCH(QString, expected);

    Capture capture;
    for (const QString &value : std::as_const(registered))
        capture.redactor->registerValue(value);
    QCOMPARE(capture.logged(input), expected);
    // Redaction is stable: redacting the output again changes nothing.
    QCOMPARE(capture.redactor->redact(expected), expected);
}

void TestRedactingSink::redactsQStringApi()
{
    SecretRedactor redactor;
    redactor.registerValue(u"tok-98765"_s);
    QCOMPARE(redactor.redact(u"token tok-98765 expired"_s), u"token *** expired"_s);
    QCOMPARE(redactor.redact(std::string_view("Authorization: Bearer tok")), std::string("Authorization: Bearer ***"));
}

void TestRedactingSink::forwardsToEveryChildAtItsLevel()
{
    auto redactor = std::make_shared<SecretRedactor>();
    redactor->registerValue(u"hunter2-secret"_s);
    std::ostringstream all, warnings;
    auto allSink = std::make_shared<spdlog::sinks::ostream_sink_st>(all);
    auto warnSink = std::make_shared<spdlog::sinks::ostream_sink_st>(warnings);
    warnSink->set_level(spdlog::level::warn);
    auto sink = std::make_shared<RedactingSink>(redactor, std::vector<spdlog::sink_ptr>{allSink});
    sink->addSink(warnSink);
    sink->set_pattern("%l %v");
    spdlog::logger logger("children", sink);

    logger.info("password is hunter2-secret");
    logger.warn("still hunter2-secret");
    QCOMPARE(QString::fromStdString(all.str()), u"info password is ***\nwarning still ***\n"_s);
    QCOMPARE(QString::fromStdString(warnings.str()), u"warning still ***\n"_s);

    sink->removeSink(warnSink);
    QCOMPARE(sink->sinks().size(), size_t(1));
    logger.error("after removal");
    QCOMPARE(QString::fromStdString(warnings.str()), u"warning still ***\n"_s);
}

void TestRedactingSink::patternReachesChildren()
{
    Capture capture;
    capture.sink->set_pattern("[%n] %v");
    capture.logger.info("token=abc");
    QCOMPARE(QString::fromStdString(capture.out.str()), u"[test] token=***\n"_s);
}

void TestRedactingSink::leavesInvalidUtf8UntouchedWithoutSecrets()
{
    Capture capture;
    const std::string bytes("raw \xff\xfe bytes", 12);
    capture.logger.info(std::string_view(bytes));
    QCOMPARE(capture.out.str(), bytes + '\n');
}

void TestRedactingSink::ignoresValuesTooShortToMask()
{
    SecretRedactor redactor;
    redactor.registerValue(u"ab"_s);
    redactor.registerValue(QString());
    QCOMPARE(redactor.registeredCount(), qsizetype(0));
    QCOMPARE(redactor.redact(u"about tabs"_s), u"about tabs"_s);
}

void TestRedactingSink::clearValuesForgetsRegistrations()
{
    SecretRedactor redactor;
    redactor.registerValue(u"forget-me-later"_s);
    QCOMPARE(redactor.redact(u"x forget-me-later"_s), u"x ***"_s);
    redactor.clearValues();
    QCOMPARE(redactor.registeredCount(), qsizetype(0));
    QCOMPARE(redactor.redact(u"x forget-me-later"_s), u"x forget-me-later"_s);
}

void TestRedactingSink::concurrentLoggingAndRegistration()
{
    Capture capture;
    capture.redactor->registerValue(u"shared-secret-0"_s);
    constexpr int threads = 4;
    constexpr int messages = 300;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&capture, t] {
            for (int i = 0; i < messages; ++i)
                capture.logger.info("thread {} message {} uses shared-secret-0 and token={}", t, i, i);
        });
    }
    // Registering while others log must neither crash nor block them.
    for (int i = 1; i < 200; ++i)
        capture.redactor->registerValue(u"other-secret-%1"_s.arg(i));
    for (std::thread &worker : workers)
        worker.join();

    const QStringList lines = QString::fromStdString(capture.out.str()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), threads * messages);
    for (const QString &line : lines) {
        QVERIFY2(!line.contains(u"shared-secret-0"_s), qPrintable(line));
        QVERIFY2(line.endsWith(u"uses *** and token=***"_s), qPrintable(line));
    }
}


void TestRedactingSink::secretDataValuesMaskWholeTokensOnly_data()
{
    QTest::addColumn<QStringList>("dataValues");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *name) -> QTestData & { return QTest::newRow(name); };
    // The shop's database Secret: user "shopuser", password "Zq7-vT2pLw9x". The namespace
    // "shopuser-staging" shares the user name and must stay readable beside the masked password.
    const QStringList database{u"shopuser"_s, u"Zq7-vT2pLw9x"_s};
    row("masked password beside a readable namespace")
        << database << u"connected to shopuser-staging as shopuser with Zq7-vT2pLw9x"_s
        << u"connected to shopuser-staging as shopuser with ***"_s;
    row("password inside a longer name is not a token")
        << database << u"object Zq7-vT2pLw9x-backup kept"_s << u"object Zq7-vT2pLw9x-backup kept"_s;
    row("password at both ends of the text") << database << u"Zq7-vT2pLw9x,Zq7-vT2pLw9x"_s << u"***,***"_s;
    row("base64 of the password is masked too")
        << database << u"data: WnE3LXZUMnBMdzl4"_s << u"data: ***"_s;
    row("a short value is never a token") << QStringList{u"shop"_s} << u"shop shop-staging"_s
                                          << u"shop shop-staging"_s;
    row("a long passphrase of one class is a token")
        << QStringList{u"correcthorsebatterystaple"_s} << u"pw correcthorsebatterystaple!"_s << u"pw ***!"_s;
    row("a repeated character is no secret") << QStringList{u"aaaaaaaaaaaaaaaaaaaa"_s}
                                             << u"x aaaaaaaaaaaaaaaaaaaa"_s << u"x aaaaaaaaaaaaaaaaaaaa"_s;
    // Secret-bearing fields stay masked whatever the value looks like.
    row("a field named password is masked even when plain")
        << database << u"DB_PASSWORD=shopuser in shopuser-staging"_s << u"DB_PASSWORD=*** in shopuser-staging"_s;
}

void TestRedactingSink::secretDataValuesMaskWholeTokensOnly()
{
    QFETCH(QStringList, dataValues);
    QFETCH(QString, input);
    QFETCH(QString, expected);
    Capture capture;
    for (const QString &value : std::as_const(dataValues))
        capture.redactor->registerDataValue(value);
    QCOMPARE(capture.logged(input), expected);
    QCOMPARE(capture.redactor->redact(expected), expected);
    // A credential of the same text is masked wherever it appears, names included.
    SecretRedactor credentials;
    credentials.registerValue(u"shopuser"_s);
    QCOMPARE(credentials.redact(u"ns shopuser-staging"_s), u"ns ***-staging"_s);
}

QTEST_GUILESS_MAIN(TestRedactingSink)
#include "tst_redactingsink.moc"
