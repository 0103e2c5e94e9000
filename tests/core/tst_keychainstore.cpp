// A real round trip through QtKeychain and the Secret Service of a private GNOME
// keyring. ctest runs this binary through tests/support/with-keyring.sh, which starts
// a throwaway D-Bus session bus and an unlocked keyring; run directly, it refuses
// (it would write into the keyring of the session you are in).
#include "core/credentialstore.h"
#include "core/keychainstore.h"
#include "kube/logging.h"

#include <QDirIterator>
#include <QFutureWatcher>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::core::CredentialStore;
using pd::core::KeychainResult;
using pd::core::KeychainStore;

namespace {

bool finishes(const QFuture<KeychainResult> &future)
{
    if (future.isFinished())
        return true;
    QFutureWatcher<KeychainResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcher<KeychainResult>::finished);
    watcher.setFuture(future);
    return future.isFinished() || finished.wait(30000);
}

// What the Secret Service itself holds for a key, asked with libsecret's own tool
// (QtKeychain's schema: attributes "server" = service, "user" = key).
struct Lookup
{
    bool found = false;
    QString secret;
};

Lookup secretToolLookup(const QString &service, const QString &key)
{
    QProcess tool;
    tool.start(u"secret-tool"_s, {u"lookup"_s, u"server"_s, service, u"user"_s, key});
    if (!tool.waitForFinished(30000))
        return {};
    return {tool.exitCode() == 0, QString::fromUtf8(tool.readAllStandardOutput())};
}

} // namespace

class TestKeychainStore final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void overwriteKeepsTheNewValue();
    void keysAndServicesAreSeparate();
    void readOfMissingKeyIsNotFound();
    void removeOfMissingKey();
    void valuesAreRegisteredForRedaction();
    void credentialStoreUsesTheKeychain();
    void destroyedStoreCancelsPendingFutures();
    void nothingWrittenOutsideTheKeyring();

private:
    KeychainResult run(const QFuture<KeychainResult> &future);
    QString m_secretTool;
    QStringList m_secrets; // every value stored, to search for in files afterwards
};

void TestKeychainStore::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("PREVIEWDESK_TEST_KEYRING"),
             "run this test through tests/support/with-keyring.sh (ctest does): it writes to the keychain");
    m_secretTool = QStandardPaths::findExecutable(u"secret-tool"_s);
    QVERIFY2(!m_secretTool.isEmpty(), "secret-tool (libsecret-tools) is needed to check what the keyring holds");
}

KeychainResult TestKeychainStore::run(const QFuture<KeychainResult> &future)
{
    if (!finishes(future))
        return {KeychainResult::Error::Other, u"timed out"_s, {}, false, {}};
    return future.result();
}

void TestKeychainStore::roundTrip_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("secret");
    QTest::newRow("cluster token") << KeychainStore::clusterTokenKey(u"kind-dev"_s)
                                   << u"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl"_s;
    QTest::newRow("forge token") << KeychainStore::forgeTokenKey(u"github.com"_s) << u"ghp_0123456789abcdefABCDEF"_s;
    QTest::newRow("unicode context and value") << KeychainStore::clusterTokenKey(u"prëview/eu-1"_s) << u"pässwört-🔑-42"_s;
    QTest::newRow("multi-line value") << KeychainStore::clusterTokenKey(u"cert-user"_s)
                                      << u"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"_s;
    QTest::newRow("long value") << KeychainStore::forgeTokenKey(u"gitlab.example.com"_s) << QString(4096, u'x') + u"-end"_s;
}

void TestKeychainStore::roundTrip()
{
    QFETCH(QString, key);
    QFETCH(QString, secret);
    m_secrets << secret;
    KeychainStore keychain;
    QCOMPARE(keychain.service(), u"PreviewDesk"_s);

    const KeychainResult stored = run(keychain.store(key, secret));
    QVERIFY2(stored.ok(), qPrintable(stored.errorString));

    // The Secret Service holds it (not QtKeychain's plaintext fallback).
    const Lookup inKeyring = secretToolLookup(u"PreviewDesk"_s, key);
    QVERIFY(inKeyring.found);
    QCOMPARE(inKeyring.secret, secret);

    // A new store object reads it back: it lives in the keyring, not in memory.
    KeychainStore other;
    const KeychainResult read = run(other.read(key));
    QVERIFY2(read.ok(), qPrintable(read.errorString));
    QCOMPARE(read.secret, secret);

    const KeychainResult removed = run(keychain.remove(key));
    QVERIFY2(removed.ok(), qPrintable(removed.errorString));
    QVERIFY(!secretToolLookup(u"PreviewDesk"_s, key).found);
    const KeychainResult gone = run(keychain.read(key));
    QCOMPARE(gone.error, KeychainResult::Error::NotFound);
    QCOMPARE(gone.errorString, u"Nothing is stored in the keychain for "_s + key);
    QVERIFY(gone.secret.isEmpty());
}

void TestKeychainStore::overwriteKeepsTheNewValue()
{
    KeychainStore keychain;
    const QString key = KeychainStore::clusterTokenKey(u"rotating"_s);
    m_secrets << u"first-token-111"_s << u"second-token-222"_s;
    QVERIFY(run(keychain.store(key, u"first-token-111"_s)).ok());
    QVERIFY(run(keychain.store(key, u"second-token-222"_s)).ok());
    const KeychainResult read = run(keychain.read(key));
    QVERIFY(read.ok());
    QCOMPARE(read.secret, u"second-token-222"_s);
    QVERIFY(run(keychain.remove(key)).ok());
}

void TestKeychainStore::keysAndServicesAreSeparate()
{
    KeychainStore keychain;
    KeychainStore otherService(u"PreviewDesk-other"_s);
    const QString dev = KeychainStore::clusterTokenKey(u"dev"_s);
    const QString prod = KeychainStore::clusterTokenKey(u"prod"_s);
    m_secrets << u"dev-token-aaa"_s << u"prod-token-bbb"_s << u"other-service-ccc"_s;
    QVERIFY(run(keychain.store(dev, u"dev-token-aaa"_s)).ok());
    QVERIFY(run(keychain.store(prod, u"prod-token-bbb"_s)).ok());
    QVERIFY(run(otherService.store(dev, u"other-service-ccc"_s)).ok());

    QCOMPARE(run(keychain.read(dev)).secret, u"dev-token-aaa"_s);
    QCOMPARE(run(keychain.read(prod)).secret, u"prod-token-bbb"_s);
    QCOMPARE(run(otherService.read(dev)).secret, u"other-service-ccc"_s);
    QCOMPARE(run(otherService.read(prod)).error, KeychainResult::Error::NotFound);

    for (const QString &key : {dev, prod})
        QVERIFY(run(keychain.remove(key)).ok());
    QVERIFY(run(otherService.remove(dev)).ok());
}

void TestKeychainStore::readOfMissingKeyIsNotFound()
{
    KeychainStore keychain;
    const QString key = KeychainStore::forgeTokenKey(u"never.example.com"_s);
    const KeychainResult read = run(keychain.read(key));
    QCOMPARE(read.error, KeychainResult::Error::NotFound);
    QCOMPARE(read.errorString, u"Nothing is stored in the keychain for forge-token/never.example.com"_s);
}

void TestKeychainStore::removeOfMissingKey()
{
    // The Secret Service treats removing nothing as done; QtKeychain passes that on.
    KeychainStore keychain;
    const KeychainResult removed = run(keychain.remove(KeychainStore::forgeTokenKey(u"absent.example.com"_s)));
    QVERIFY2(removed.ok() || removed.error == KeychainResult::Error::NotFound, qPrintable(removed.errorString));
}

void TestKeychainStore::valuesAreRegisteredForRedaction()
{
    const QString stored = u"stored-secret-8c1f"_s;
    const QString readBack = u"read-secret-5e2d"_s;
    m_secrets << stored << readBack;
    // Put one value in with secret-tool, so only the read registers it.
    QProcess tool;
    tool.start(m_secretTool, {u"store"_s, u"--label=test"_s, u"server"_s, u"PreviewDesk"_s, u"user"_s,
                              u"cluster-token/external"_s, u"type"_s, u"plaintext"_s});
    QVERIFY(tool.waitForStarted());
    tool.write(readBack.toUtf8());
    tool.closeWriteChannel();
    QVERIFY(tool.waitForFinished(30000));
    QCOMPARE(tool.exitCode(), 0);
    QCOMPARE(pd::log::redacted(readBack), readBack);

    KeychainStore keychain;
    QVERIFY(run(keychain.store(KeychainStore::clusterTokenKey(u"redact"_s), stored)).ok());
    QCOMPARE(pd::log::redacted(u"token "_s + stored), u"token ***"_s);
    const KeychainResult read = run(keychain.read(u"cluster-token/external"_s));
    QVERIFY2(read.ok(), qPrintable(read.errorString));
    QCOMPARE(read.secret, readBack);
    QCOMPARE(pd::log::redacted(u"token "_s + readBack), u"token ***"_s);
    QVERIFY(run(keychain.remove(KeychainStore::clusterTokenKey(u"redact"_s))).ok());
    QVERIFY(run(keychain.remove(u"cluster-token/external"_s)).ok());
}

void TestKeychainStore::credentialStoreUsesTheKeychain()
{
    KeychainStore keychain;
    CredentialStore store(&keychain);
    QSignalSpy changed(&store, &CredentialStore::sessionOnlyChanged);
    const QString key = KeychainStore::clusterTokenKey(u"facade"_s);
    m_secrets << u"facade-token-77"_s;

    const KeychainResult stored = run(store.store(key, u"facade-token-77"_s));
    QVERIFY2(stored.ok(), qPrintable(stored.errorString));
    QVERIFY(!stored.sessionOnly);
    QVERIFY(stored.notice.isEmpty());
    QVERIFY(!store.isSessionOnly());
    QCOMPARE(store.sessionTokens().size(), qsizetype(0));
    QCOMPARE(secretToolLookup(u"PreviewDesk"_s, key).secret, u"facade-token-77"_s);

    const KeychainResult read = run(store.read(key));
    QCOMPARE(read.secret, u"facade-token-77"_s);
    QVERIFY(!read.sessionOnly);
    QVERIFY(run(store.remove(key)).ok());
    QCOMPARE(run(store.read(key)).error, KeychainResult::Error::NotFound);
    QCOMPARE(changed.size(), 0);
}

void TestKeychainStore::destroyedStoreCancelsPendingFutures()
{
    QFuture<KeychainResult> pending;
    {
        KeychainStore keychain;
        pending = keychain.read(KeychainStore::clusterTokenKey(u"dev"_s));
    }
    QVERIFY(pending.isFinished());
    QVERIFY(pending.isCanceled());
}

void TestKeychainStore::nothingWrittenOutsideTheKeyring()
{
    // HOME and XDG_CONFIG_HOME are with-keyring.sh's throwaway folders: no settings
    // file (QtKeychain's plaintext fallback) may hold any value stored above.
    QVERIFY(!m_secrets.isEmpty());
    for (const char *variable : {"HOME", "XDG_CONFIG_HOME"}) {
        QDirIterator it(qEnvironmentVariable(variable), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray content = file.readAll();
            for (const QString &secret : std::as_const(m_secrets))
                QVERIFY2(!content.contains(secret.toUtf8()), qPrintable(file.fileName()));
        }
    }
}

QTEST_GUILESS_MAIN(TestKeychainStore)
#include "tst_keychainstore.moc"
