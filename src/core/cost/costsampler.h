#pragma once

#include "costhistory.h"

#include <QFuture>
#include <QString>

namespace pd::kube {
class ApiClient;
}

namespace pd::core {

// Takes one CostSnapshot of a cluster: pods and metrics.k8s.io pod metrics (usage and
// requests per container of every Running pod), PVCs, and the namespaces' owner,
// environment and role labels. Four lists at once through ApiClient::listAll.
//
// Pods or metrics missing makes the snapshot fail (ok false) with a plain-words error:
// "metrics.k8s.io is not served ...: install metrics-server", or for a 403 the verb and
// resource that are missing. PVCs or namespaces not listable only add a warning.
// The lists are fetched in the client's thread and turned into the snapshot on the global
// QThreadPool, where the future resolves; the sampler itself may be gone by then.
class CostSampler final
{
public:
    explicit CostSampler(pd::kube::ApiClient *client) : m_client(client) {}

    // Only this namespace (default: all namespaces).
    void setNamespace(const QString &namespaceName) { m_namespace = namespaceName; }
    QString namespaceName() const { return m_namespace; }

    QFuture<CostSnapshot> sample() const;

private:
    pd::kube::ApiClient *m_client;
    QString m_namespace;
};

} // namespace pd::core
