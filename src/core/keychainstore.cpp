#include "keychainstore.h"

#include "kube/logging.h"

#include <qt6keychain/keychain.h>

#include <QFileInfo>
#include <QPromise>
#include <QRegularExpression>
#include <QProcessEnvironment>

#include <memory>

namespace pd::core {

namespace {

enum class Operation { Store, Read, Remove };

// QtKeychain (libsecret or D-Bus backends) reports a missing session bus or Secret
// Service in several ways; all of them mean "no keychain here".
bool meansNoKeychain(QKeychain::Error error, const QString &text)
{
    if (error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented)
        return true;
    if (error != QKeychain::OtherError)
        return false;
    static const QLatin1String markers[] = {
        QLatin1String("org.freedesktop.secrets"), QLatin1String("ServiceUnknown"),
        QLatin1String("D-Bus"),                   QLatin1String("DBus"),
        QLatin1String("dbus"),                    QLatin1String("No keychain"),
        QLatin1String("autolaunch"),              QLatin1String("No such file or directory"),
        QLatin1String("Could not connect"),       QLatin1String("No keyring daemon"),
    };
    for (const QLatin1String &marker : markers) {
        if (text.contains(marker, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// A prompt the user closed, reported by some backends as a plain error with text.
bool meansCancelled(const QString &text)
{
    return text.contains(QLatin1String("dismiss"), Qt::CaseInsensitive)
        || text.contains(QLatin1String("cancel"), Qt::CaseInsensitive);
}

Operation operationOf(const QString &name)
{
    return name == QLatin1String("read") ? Operation::Read : name == QLatin1String("remove") ? Operation::Remove : Operation::Store;
}

// "the token for github.com was not saved"
QString whatHappened(Operation operation)
{
    switch (operation) {
    case Operation::Store: return QStringLiteral("Nothing was saved");
    case Operation::Read: return QStringLiteral("The stored value could not be read");
    case Operation::Remove: return QStringLiteral("Nothing was removed");
    }
    return {};
}

KeychainResult resultOf(const QKeychain::Job &job, Operation operation)
{
    if (job.error() == QKeychain::NoError) {
        KeychainResult result;
        if (operation == Operation::Read) {
            result.secret = static_cast<const QKeychain::ReadPasswordJob &>(job).textData();
            pd::log::registerSecretValue(result.secret);
        }
        return result;
    }
    return KeychainStore::failureOf(int(job.error()), job.errorString(), job.key(),
                                    operation == Operation::Store  ? QStringLiteral("store")
                                    : operation == Operation::Read ? QStringLiteral("read")
                                                                   : QStringLiteral("remove"));
}

} // namespace

KeychainStore::KeychainStore(QObject *parent)
    : KeychainStore(defaultService(), parent)
{
}

KeychainStore::KeychainStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
}

KeychainStore::~KeychainStore() = default;

KeychainResult KeychainStore::failureOf(int qtKeychainError, const QString &detail, const QString &key,
                                        const QString &operationName)
{
    // Sentences for people; QtKeychain's own text (D-Bus error names and all) goes to the log only.
    const auto error = QKeychain::Error(qtKeychainError);
    const Operation operation = operationOf(operationName);
    KeychainResult result;
    if (error == QKeychain::EntryNotFound) {
        result.error = KeychainResult::Error::NotFound;
        result.errorString = QStringLiteral("Nothing is stored in the keychain for %1").arg(key);
    } else if (error == QKeychain::AccessDeniedByUser || (error == QKeychain::OtherError && meansCancelled(detail))) {
        result.error = KeychainResult::Error::AccessDenied;
        result.errorString = QStringLiteral("The keychain prompt was cancelled, so the keychain stayed locked. %1; "
                                            "try again and unlock the keychain when it asks.").arg(whatHappened(operation));
    } else if (error == QKeychain::AccessDenied) {
        result.error = KeychainResult::Error::AccessDenied;
        result.errorString = QStringLiteral("The keychain is locked or refused access. %1; unlock the keychain "
                                            "(for example by logging in again) and try again.").arg(whatHappened(operation));
    } else if (meansNoKeychain(error, detail)) {
        result.error = KeychainResult::Error::NoKeychain;
        result.errorString = noKeychainMessage();
    } else {
        result.error = KeychainResult::Error::Other;
        result.errorString = QStringLiteral("The keychain reported an error. %1; the details are in the log.")
                                 .arg(whatHappened(operation));
    }
    return result;
}

QString KeychainStore::noKeychainMessage()
{
    const QString bus = QProcessEnvironment::systemEnvironment().value(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    if (bus.isEmpty())
        return QStringLiteral("No keychain is available (no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set)");
    // The common headless case: an address left over from a session that has ended.
    static const QRegularExpression unixPath(QStringLiteral("^unix:path=([^,;]+)"));
    const QRegularExpressionMatch path = unixPath.match(bus);
    if (path.hasMatch() && !QFileInfo::exists(path.captured(1)))
        return QStringLiteral("No keychain is available (no D-Bus session bus at %1)").arg(bus);
    return QStringLiteral("No keychain is available (Secret Service not running on the session bus)");
}

namespace {

// Runs one QtKeychain job and resolves a future with its result. The job belongs to
// the store: destroying the store cancels the futures of jobs still running.
QFuture<KeychainResult> run(KeychainStore *store, QKeychain::Job *job, Operation operation)
{
    auto promise = std::make_shared<QPromise<KeychainResult>>();
    QFuture<KeychainResult> future = promise->future();
    promise->start();
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never QSettings in plain text
    QObject::connect(job, &QKeychain::Job::finished, store, [promise, operation](QKeychain::Job *done) {
        const KeychainResult result = resultOf(*done, operation);
        // A missing entry is routine (first use); a keychain that fails is worth a warning.
        const auto level = result.error == KeychainResult::Error::NotFound     ? spdlog::level::debug
                           : result.error == KeychainResult::Error::NoKeychain ? spdlog::level::info
                                                                                : spdlog::level::warn;
        if (!result.ok())
            pd::log::core()->log(level, "keychain: {} ({})", result.errorString, done->errorString());
        promise->addResult(result);
        promise->finish();
    });
    job->start();
    return future;
}

} // namespace

QFuture<KeychainResult> KeychainStore::store(const QString &key, const QString &secret)
{
    pd::log::registerSecretValue(secret);
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(secret);
    return run(this, job, Operation::Store);
}

QFuture<KeychainResult> KeychainStore::read(const QString &key)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    return run(this, job, Operation::Read);
}

QFuture<KeychainResult> KeychainStore::remove(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    return run(this, job, Operation::Remove);
}

} // namespace pd::core
