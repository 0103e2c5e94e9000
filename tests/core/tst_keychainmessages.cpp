// What a person reads when the keychain fails: plain sentences that say what happened
// and what to do, never QtKeychain's raw text (D-Bus error names, backend messages).
#include "core/keychainstore.h"

#include <qt6keychain/keychain.h>

#include <QTest>

using namespace Qt::StringLiterals;
using pd::core::KeychainResult;
using pd::core::KeychainStore;

class TestKeychainMessages final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sentences_data()
    {
        QTest::addColumn<int>("qtError");
        QTest::addColumn<QString>("detail");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("starts");
        // As gnome-keyring and QtKeychain's backends report them.
        QTest::newRow("prompt cancelled by the user")
            << int(QKeychain::AccessDeniedByUser) << u"Unlock prompt was cancelled"_s << u"store"_s
            << int(KeychainResult::Error::AccessDenied) << u"The keychain prompt was cancelled, so the keychain stayed locked. Nothing was saved;"_s;
        QTest::newRow("prompt dismissed, as a D-Bus error")
            << int(QKeychain::OtherError) << u"org.freedesktop.Secret.Error.IsLocked: Prompt dismissed by the user"_s
            << u"store"_s << int(KeychainResult::Error::AccessDenied) << u"The keychain prompt was cancelled"_s;
        QTest::newRow("locked keychain on read")
            << int(QKeychain::AccessDenied) << u"org.freedesktop.DBus.Error.AccessDenied: Rejected send message"_s
            << u"read"_s << int(KeychainResult::Error::AccessDenied)
            << u"The keychain is locked or refused access. The stored value could not be read;"_s;
        QTest::newRow("backend error")
            << int(QKeychain::OtherError) << u"GDBus.Error:org.gnome.keyring.Error.Failed: internal"_s << u"remove"_s
            << int(KeychainResult::Error::NoKeychain) << u"No keychain is available"_s;
        QTest::newRow("unknown failure")
            << int(QKeychain::CouldNotDeleteEntry) << u"Could not delete entry: 0x80004005"_s << u"remove"_s
            << int(KeychainResult::Error::Other) << u"The keychain reported an error. Nothing was removed; the details are in the log."_s;
    }

    void sentences()
    {
        QFETCH(int, qtError);
        QFETCH(QString, detail);
        QFETCH(QString, operation);
        QFETCH(int, error);
        QFETCH(QString, starts);
        const KeychainResult result = KeychainStore::failureOf(qtError, detail, u"forge-token/github.com"_s, operation);
        QCOMPARE(int(result.error), error);
        QVERIFY2(result.errorString.startsWith(starts), qPrintable(result.errorString));
        // Nothing of the raw text reaches the person.
        for (const QString &raw : {detail, u"org.freedesktop"_s, u"GDBus"_s, u"0x8"_s})
            QVERIFY2(!result.errorString.contains(raw), qPrintable(result.errorString));
        QVERIFY(result.errorString.endsWith(u'.') || result.errorString.endsWith(u')'));
    }
};

QTEST_GUILESS_MAIN(TestKeychainMessages)
#include "tst_keychainmessages.moc"
