#include "credentialstore.h"

#include "kube/bindto.h"
#include "kube/logging.h"

#include <QPromise>

namespace pd::core {

namespace {

QFuture<KeychainResult> ready(const KeychainResult &result)
{
    QPromise<KeychainResult> promise;
    promise.start();
    promise.addResult(result);
    promise.finish();
    return promise.future();
}

} // namespace

CredentialStore::CredentialStore(KeychainStore *keychain, QObject *parent)
    : QObject(parent)
    , m_keychain(keychain)
{
    Q_ASSERT(m_keychain);
}

CredentialStore::~CredentialStore() = default;

QString CredentialStore::sessionOnlyNotice(const QString &noKeychainReason)
{
    return noKeychainReason + QStringLiteral(": the token is kept for this session only");
}

void CredentialStore::setSessionOnly(bool sessionOnly, const QString &reason)
{
    const QString notice = sessionOnly ? sessionOnlyNotice(reason) : QString();
    if (sessionOnly == m_sessionOnly && notice == m_notice)
        return;
    m_sessionOnly = sessionOnly;
    m_notice = notice;
    if (sessionOnly)
        pd::log::core()->warn("{}", notice);
    Q_EMIT sessionOnlyChanged(m_sessionOnly, m_notice);
}

QFuture<KeychainResult> CredentialStore::store(const QString &key, const QString &secret)
{
    return pd::bindTo(this, m_keychain->store(key, secret), [this, key, secret](KeychainResult result) {
        if (result.error == KeychainResult::Error::NoKeychain) {
            m_session.store(key, secret);
            setSessionOnly(true, result.errorString);
            KeychainResult kept;
            kept.sessionOnly = true;
            kept.notice = m_notice;
            return kept;
        }
        if (result.ok()) {
            m_session.remove(key); // the keychain holds it now; drop a stale in-memory copy
            setSessionOnly(false, {});
        }
        return result;
    });
}

QFuture<KeychainResult> CredentialStore::read(const QString &key)
{
    if (const auto kept = m_session.read(key)) {
        KeychainResult result;
        result.secret = *kept;
        result.sessionOnly = true;
        result.notice = m_notice;
        return ready(result);
    }
    return pd::bindTo(this, m_keychain->read(key), [this](KeychainResult result) {
        if (result.error == KeychainResult::Error::NoKeychain)
            setSessionOnly(true, result.errorString);
        return result;
    });
}

QFuture<KeychainResult> CredentialStore::remove(const QString &key)
{
    const bool keptInMemory = m_session.remove(key);
    return pd::bindTo(this, m_keychain->remove(key), [this, keptInMemory](KeychainResult result) {
        if (result.error == KeychainResult::Error::NoKeychain) {
            setSessionOnly(true, result.errorString);
            if (keptInMemory) {
                KeychainResult removed;
                removed.sessionOnly = true;
                removed.notice = m_notice;
                return removed;
            }
        }
        if (result.error == KeychainResult::Error::NotFound && keptInMemory)
            return KeychainResult{};
        return result;
    });
}

} // namespace pd::core
