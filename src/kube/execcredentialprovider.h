#pragma once

#include "credentialprovider.h"
#include "sharedresult.h"

#include <QDateTime>
#include <QProcessEnvironment>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

template<typename T> class QPromise;

namespace pd::kube {

// Runs a kubeconfig exec credential plugin (client.authentication.k8s.io v1 or
// v1beta1 ExecCredential) as kubectl does: the inherited environment plus the
// plugin's `env`, KUBERNETES_EXEC_INFO describing the request, stdin closed
// (never interactive). The credential is cached until its expirationTimestamp;
// calls made while the plugin runs share that one run. Use from the provider's
// thread (the plugin's QProcess lives there); futures may be watched anywhere.
class ExecCredentialProvider final : public CredentialProvider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExecCredentialProvider)
public:
    struct Options
    {
        std::chrono::milliseconds timeout{30000};
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();   // PATH comes from here
        std::function<QDateTime()> clock;   // empty: the system clock (UTC)
    };

    // `endpoint.exec` must be set.
    explicit ExecCredentialProvider(const ClusterEndpoint &endpoint, QObject *parent = nullptr);
    ExecCredentialProvider(const ClusterEndpoint &endpoint, Options options, QObject *parent = nullptr);
    ~ExecCredentialProvider() override;

    QFuture<Credentials> credentials() override;
    void invalidate() override;

    // The KUBERNETES_EXEC_INFO value the plugin receives.
    QByteArray execInfo() const;
    // The absolute program the plugin resolves to, or empty when it cannot be found.
    QString resolvedProgram() const;

    // Why a plugin binary was not found, for desktop users whose PATH differs from their shell's.
    static QString pluginNotFoundMessage(const QString &command, const QString &userName, const QString &sourceFile,
                                         const QString &searchedPath, const QString &installHint);
    // Parses the plugin's stdout into credentials (error set when unusable). Never echoes the output.
    static Credentials parseExecCredential(const QByteArray &output, const QString &expectedApiVersion,
                                           const QString &command);

private:
    void start();
    void finish(const Credentials &result);
    QDateTime now() const;

    ClusterEndpoint m_endpoint;
    Options m_options;
    std::optional<Credentials> m_cached;
    // Everyone asking while the plugin runs; one run answers them all.
    SharedResult<Credentials> m_waiters;
    bool m_pluginRunning = false;
};

} // namespace pd::kube
