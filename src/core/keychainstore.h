#pragma once

#include "kube/status.h"

#include <QFuture>
#include <QObject>
#include <QString>

namespace pd::core {

// The outcome of one keychain operation. Secrets travel only in `secret`; the
// messages never contain one.
struct KeychainResult
{
    enum class Error {
        NoError,
        NotFound,      // nothing stored under the key
        NoKeychain,    // no Secret Service / keychain on this session (see errorString)
        AccessDenied,  // the keychain is locked or the user refused
        Other,
    };

    Error error = Error::NoError;
    QString errorString;      // specific, ready to show: what failed and why
    QString secret;           // read(): the stored value
    bool sessionOnly = false; // CredentialStore: the value lives in memory for this session only
    QString notice;           // CredentialStore: why it is session-only, ready to show

    bool ok() const { return error == Error::NoError; }
    // In the one status vocabulary (a session-only success is a Warning with the notice).
    pd::kube::Status status() const
    {
        using pd::kube::Status;
        switch (error) {
        case Error::NoError: return sessionOnly ? Status{Status::Warning, notice, 0} : Status::success();
        case Error::NotFound: return Status::failure(errorString, Status::NotFound);
        case Error::NoKeychain: return Status::failure(errorString, Status::LocalError);
        case Error::AccessDenied: return Status::failure(errorString, Status::Forbidden);
        case Error::Other: break;
        }
        return Status::failure(errorString);
    }
};

// Tokens in the operating system's keychain (Secret Service, KWallet, macOS Keychain,
// Windows Credential Store) through QtKeychain, under one service name. Async: every
// call returns a future that always finishes with a result. QtKeychain's plaintext
// fallback is never used. Values stored or read are registered with the log
// redaction, so they cannot appear in a log line afterwards.
class KeychainStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainStore)
public:
    explicit KeychainStore(QObject *parent = nullptr);
    // Another service name, for tests that must not touch the user's own entries.
    explicit KeychainStore(const QString &service, QObject *parent = nullptr);
    ~KeychainStore() override;

    static QString defaultService() { return QStringLiteral("PreviewDesk"); }
    QString service() const { return m_service; }

    QFuture<KeychainResult> store(const QString &key, const QString &secret);
    QFuture<KeychainResult> read(const QString &key);
    QFuture<KeychainResult> remove(const QString &key);

    // The key names PreviewDesk uses.
    static QString clusterTokenKey(const QString &context) { return QStringLiteral("cluster-token/") + context; }
    static QString forgeTokenKey(const QString &host) { return QStringLiteral("forge-token/") + host; }

    // The message for "no keychain on this session", naming the likely cause.
    static QString noKeychainMessage();
    // The result of a failed operation ("store", "read", "remove") from QtKeychain's error
    // (a QKeychain::Error value) and text: a plain sentence saying what happened and
    // what to do; the raw text (D-Bus error names) is never in it, only in the log.
    static KeychainResult failureOf(int qtKeychainError, const QString &detail, const QString &key,
                                    const QString &operation);

private:
    const QString m_service;
};

} // namespace pd::core
