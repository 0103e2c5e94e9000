#pragma once

#include "clusterendpoint.h"

#include <QDateTime>
#include <QFuture>
#include <QObject>

#include <memory>

namespace pd::kube {

// What authenticates the next request.
struct Credentials
{
    QString bearerToken;
    QByteArray clientCertificatePem;
    QByteArray clientKeyPem;
    QDateTime expiresAt;            // invalid: does not expire
    QString error;                  // non-empty: no credentials could be had; says why and what to do

    bool ok() const { return error.isEmpty(); }
};

// Supplies credentials for one endpoint: static token, token file, client
// certificate or an exec plugin (run asynchronously, cached until it expires).
class CredentialProvider : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialProvider)
public:
    using QObject::QObject;
    ~CredentialProvider() override;

    // Resolves credentials; cached ones are returned at once while still valid.
    virtual QFuture<Credentials> credentials() = 0;
    // The server answered 401: forget cached credentials so the next call fetches anew.
    virtual void invalidate() = 0;

    // The right provider for an endpoint (static or exec).
    static std::unique_ptr<CredentialProvider> create(const ClusterEndpoint &endpoint, QObject *parent = nullptr);
};

} // namespace pd::kube
