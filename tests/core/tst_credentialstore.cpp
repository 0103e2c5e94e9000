// CredentialStore and KeychainStore on a session without a keychain. Run plainly,
// the D-Bus session bus address points at a socket that does not exist (set in
// initTestCase, before anything connects to D-Bus), so this test never touches a
// real keychain wherever it runs. ctest also runs it through
// `with-keyring.sh --no-secret-service`: a private bus on which no Secret Service runs.
#include "core/credentialstore.h"
#include "core/keychainstore.h"
#include "kube/logging.h"

#include <QDirIterator>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::core::CredentialStore;
using pd::core::KeychainResult;
using pd::core::KeychainStore;

namespace {

// Waits (spinning the event loop) until the future has its result.
bool finishes(const QFuture<KeychainResult> &future)
{
    if (future.isFinished())
        return true;
    QFutureWatcher<KeychainResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcher<KeychainResult>::finished);
    watcher.setFuture(future);
    return future.isFinished() || finished.wait(30000);
}

QStringList filesUnder(const QString &path)
{
    QStringList files;
    QDirIterator it(path, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

} // namespace

class TestCredentialStore final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void keychainReportsNoKeychain_data();
    void keychainReportsNoKeychain();
    void fallsBackToSessionMemory();
    void keychainValueAbsentReadReportsNoKeychain();
    void removeOfUnknownKeyReportsNoKeychain();
    void noKeychainMessageNamesTheCause_data();
    void noKeychainMessageNamesTheCause();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    QString m_noBus;
    QString m_reason; // the no-keychain message expected in this run
};

void TestCredentialStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (qEnvironmentVariable("PREVIEWDESK_TEST_BUS") == u"no-secret-service"_s) {
        // with-keyring.sh's private bus: reachable, but nothing provides org.freedesktop.secrets.
        QVERIFY(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"));
        m_reason = u"No keychain is available (Secret Service not running on the session bus)"_s;
    } else {
        m_noBus = u"unix:path="_s + m_dir.filePath(u"no-such-bus"_s);
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_noBus.toUtf8());
        m_reason = u"No keychain is available (no D-Bus session bus at %1)"_s.arg(m_noBus);
    }
    // Where QSettings (QtKeychain's plaintext fallback) would write: must stay empty.
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(u"config"_s).toUtf8());
    qputenv("HOME", m_dir.filePath(u"home"_s).toUtf8());
}

void TestCredentialStore::keychainReportsNoKeychain_data()
{
    QTest::addColumn<QString>("operation");
    QTest::newRow("store") << u"store"_s;
    QTest::newRow("read") << u"read"_s;
    QTest::newRow("remove") << u"remove"_s;
}

void TestCredentialStore::keychainReportsNoKeychain()
{
    QFETCH(QString, operation);
    KeychainStore keychain;
    const QString key = KeychainStore::clusterTokenKey(u"dev"_s);
    const QFuture<KeychainResult> future = operation == u"store"_s ? keychain.store(key, u"tok-nobus-1"_s)
                                           : operation == u"read"_s ? keychain.read(key)
                                                                    : keychain.remove(key);
    QVERIFY(finishes(future));
    const KeychainResult result = future.result();
    QCOMPARE(result.error, KeychainResult::Error::NoKeychain);
    QCOMPARE(result.errorString, m_reason);
    QVERIFY(result.secret.isEmpty());
}

void TestCredentialStore::fallsBackToSessionMemory()
{
    KeychainStore keychain;
    CredentialStore store(&keychain);
    QSignalSpy changed(&store, &CredentialStore::sessionOnlyChanged);
    QVERIFY(!store.isSessionOnly());
    const QString key = KeychainStore::forgeTokenKey(u"github.com"_s);
    const QString token = u"ghp_sessionOnly0123456789"_s;

    const QFuture<KeychainResult> stored = store.store(key, token);
    QVERIFY(finishes(stored));
    QVERIFY(stored.result().ok());
    QVERIFY(stored.result().sessionOnly);
    const QString notice = m_reason + u": the token is kept for this session only"_s;
    QCOMPARE(stored.result().notice, notice);
    QVERIFY(store.isSessionOnly());
    QCOMPARE(store.sessionOnlyNotice(), notice);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toBool(), true);
    QCOMPARE(changed.at(0).at(1).toString(), notice);
    QVERIFY(store.sessionTokens().contains(key));
    // An entered token is a credential: it can no longer appear in a log line.
    QCOMPARE(pd::log::redacted(u"using "_s + token), u"using ***"_s);

    const QFuture<KeychainResult> read = store.read(key);
    QVERIFY(finishes(read));
    QVERIFY(read.result().ok());
    QCOMPARE(read.result().secret, token);
    QVERIFY(read.result().sessionOnly);

    const QFuture<KeychainResult> removed = store.remove(key);
    QVERIFY(finishes(removed));
    QVERIFY(removed.result().ok());
    QVERIFY(!store.sessionTokens().contains(key));

    const QFuture<KeychainResult> gone = store.read(key);
    QVERIFY(finishes(gone));
    QCOMPARE(gone.result().error, KeychainResult::Error::NoKeychain);
    QVERIFY(gone.result().secret.isEmpty());
    QCOMPARE(changed.size(), 1); // still session-only, nothing new to say
}

void TestCredentialStore::keychainValueAbsentReadReportsNoKeychain()
{
    KeychainStore keychain;
    CredentialStore store(&keychain);
    QSignalSpy changed(&store, &CredentialStore::sessionOnlyChanged);
    const QFuture<KeychainResult> read = store.read(KeychainStore::clusterTokenKey(u"prod"_s));
    QVERIFY(finishes(read));
    QCOMPARE(read.result().error, KeychainResult::Error::NoKeychain);
    QVERIFY(store.isSessionOnly()); // learnt from the read: the UI can say so before asking for a token
    QCOMPARE(changed.size(), 1);
}

void TestCredentialStore::removeOfUnknownKeyReportsNoKeychain()
{
    KeychainStore keychain;
    CredentialStore store(&keychain);
    const QFuture<KeychainResult> removed = store.remove(KeychainStore::clusterTokenKey(u"never-stored"_s));
    QVERIFY(finishes(removed));
    QCOMPARE(removed.result().error, KeychainResult::Error::NoKeychain);
}

void TestCredentialStore::noKeychainMessageNamesTheCause_data()
{
    QTest::addColumn<QByteArray>("address");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unset") << QByteArray() << u"No keychain is available (no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set)"_s;
    QTest::newRow("missing socket") << QByteArray("unix:path=/nonexistent/bus")
                                    << u"No keychain is available (no D-Bus session bus at unix:path=/nonexistent/bus)"_s;
    QTest::newRow("abstract socket") << QByteArray("unix:abstract=/tmp/dbus-x,guid=1")
                                     << u"No keychain is available (Secret Service not running on the session bus)"_s;
}

void TestCredentialStore::noKeychainMessageNamesTheCause()
{
    QFETCH(QByteArray, address);
    QFETCH(QString, expected);
    const QByteArray saved = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    if (address.isEmpty())
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    else
        qputenv("DBUS_SESSION_BUS_ADDRESS", address);
    const QString message = KeychainStore::noKeychainMessage();
    qputenv("DBUS_SESSION_BUS_ADDRESS", saved);
    QCOMPARE(message, expected);
}

void TestCredentialStore::cleanupTestCase()
{
    // Nothing went to QSettings or any other file: the plaintext fallback stayed off.
    QCOMPARE(filesUnder(m_dir.path()), QStringList());
}

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
