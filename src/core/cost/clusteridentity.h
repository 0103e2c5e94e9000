#pragma once

#include <QString>

namespace pd::kube {
struct ClusterEndpoint;
}

namespace pd::core {

// Which cluster a cost history belongs to. A context name alone is not enough: two
// kubeconfigs may both call theirs "admin@prod" or "sandbox-admin". The server URL and the
// fingerprint of the CA that vouches for it tell clusters apart; the context stays part of
// it so the file names say whose they are.
struct ClusterIdentity
{
    QString server;          // the API server URL as the kubeconfig gives it
    QString caFingerprint;   // SHA-256 of the CA certificate (DER), hex; empty: the system's CAs
    QString context;

    static ClusterIdentity of(const pd::kube::ClusterEndpoint &endpoint);
    // The embedded demo cluster: a new server and CA every launch, yet one cluster to the
    // user, so its history is kept under a fixed identity.
    static ClusterIdentity embeddedSandbox(const QString &context);

    bool isEmpty() const { return server.isEmpty() && caFingerprint.isEmpty() && context.isEmpty(); }
    bool sameCluster(const ClusterIdentity &other) const
    {
        return server == other.server && caFingerprint == other.caFingerprint;
    }
    bool operator==(const ClusterIdentity &) const = default;
    // "https://10.0.0.1:6443 (CA 3f2a…)", for messages.
    QString describe() const;
};

} // namespace pd::core
