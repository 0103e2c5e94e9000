#pragma once

#include "keychainstore.h"
#include "sessiontokenstore.h"

#include <QFuture>
#include <QObject>

namespace pd::core {

// Where the app keeps tokens: the keychain first; when no keychain is available on
// this session, an in-memory SessionTokenStore, and isSessionOnly() turns true so the
// UI can say that tokens will be asked for again next time. Never QSettings, never logs.
class CredentialStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialStore)
public:
    explicit CredentialStore(KeychainStore *keychain, QObject *parent = nullptr);
    ~CredentialStore() override;

    // ok() with sessionOnly and a notice when the value was kept in memory instead.
    QFuture<KeychainResult> store(const QString &key, const QString &secret);
    // A value kept this session wins; otherwise the keychain's answer.
    QFuture<KeychainResult> read(const QString &key);
    // Removes the value from both places.
    QFuture<KeychainResult> remove(const QString &key);

    bool isSessionOnly() const { return m_sessionOnly; }
    // "No keychain is available (...): the token is kept for this session only"
    QString sessionOnlyNotice() const { return m_notice; }
    const SessionTokenStore &sessionTokens() const { return m_session; }

    static QString sessionOnlyNotice(const QString &noKeychainReason);

Q_SIGNALS:
    void sessionOnlyChanged(bool sessionOnly, const QString &notice);

private:
    void setSessionOnly(bool sessionOnly, const QString &reason);

    KeychainStore *const m_keychain;
    SessionTokenStore m_session;
    bool m_sessionOnly = false;
    QString m_notice;
};

} // namespace pd::core
