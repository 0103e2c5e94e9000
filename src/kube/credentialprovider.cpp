#include "credentialprovider.h"
#include "execcredentialprovider.h"
#include "logging.h"

#include <QCoreApplication>
#include <QFile>

using namespace Qt::StringLiterals;

namespace pd::kube {

namespace {

// A token, a token file (re-read on every call, so rotated tokens are picked up,
// as kubectl does) and/or a client certificate, straight from the kubeconfig.
class StaticCredentialProvider final : public CredentialProvider
{
    Q_DISABLE_COPY_MOVE(StaticCredentialProvider)
public:
    StaticCredentialProvider(const ClusterEndpoint &endpoint, QObject *parent)
        : CredentialProvider(parent), m_endpoint(endpoint)
    {
    }

    QFuture<Credentials> credentials() override
    {
        Credentials c;
        c.clientCertificatePem = m_endpoint.clientCertificatePem;
        c.clientKeyPem = m_endpoint.clientKeyPem;
        c.bearerToken = m_endpoint.token;
        if (!m_endpoint.tokenFile.isEmpty()) {
            QFile file(m_endpoint.tokenFile);
            if (file.open(QIODevice::ReadOnly)) {
                c.bearerToken = QString::fromUtf8(file.readAll()).trimmed();
            } else if (c.bearerToken.isEmpty()) {
                // kubectl falls back to `token` when the file cannot be read.
                c = Credentials{};
                c.error = QCoreApplication::translate("pd::kube::CredentialProvider", "Cannot read the tokenFile \"%1\" of user \"%2\" (in %3): %4").arg(
                    m_endpoint.tokenFile, m_endpoint.userName, m_endpoint.sourceFile, file.errorString());
            }
        }
        return QtFuture::makeReadyFuture(c);
    }

    void invalidate() override {}   // nothing cached: the token file is read every time

private:
    ClusterEndpoint m_endpoint;
};

} // namespace

CredentialProvider::~CredentialProvider() = default;

std::unique_ptr<CredentialProvider> CredentialProvider::create(const ClusterEndpoint &endpoint, QObject *parent)
{
    // Secrets from the kubeconfig are masked in every log line from now on.
    pd::log::registerSecretValue(endpoint.token);
    pd::log::registerSecretValue(endpoint.basicPassword);
    pd::log::registerSecretValue(endpoint.clientKeyPem);
    if (endpoint.exec)
        return std::make_unique<ExecCredentialProvider>(endpoint, parent);
    return std::make_unique<StaticCredentialProvider>(endpoint, parent);
}

} // namespace pd::kube
