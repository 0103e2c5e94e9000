#pragma once

#include "core/guardrail/guardrail.h"

#include <QList>
#include <QString>

#include <memory>

namespace pd::core {
class GuardrailRenderer;
}
namespace pd::kube {
class ApiClient;
}

namespace pd::cli {

// Which cluster: kubectl's --kubeconfig and --context (empty: KUBECONFIG or
// ~/.kube/config, current context).
struct ClusterTarget
{
    QString kubeconfig;
    QString context;
};

// Guardrails in a cluster, for previewctl: each call waits for its answers (a
// command-line tool has nothing else to do meanwhile).
class GuardrailCluster final
{
public:
    GuardrailCluster();
    ~GuardrailCluster();
    GuardrailCluster(const GuardrailCluster &) = delete;
    GuardrailCluster &operator=(const GuardrailCluster &) = delete;

    bool open(const ClusterTarget &target, QString *error);

    // Server-side applies the system namespace and everything the renderer makes
    // (field manager "previewdesk"), then removes CronJobs of the same guardrail that
    // the new definition no longer has (cron <-> working hours).
    bool apply(const pd::core::GuardrailRenderer &renderer, const pd::core::Guardrail &guardrail, QString *error);
    bool list(const pd::core::GuardrailRenderer &renderer, QList<pd::core::Guardrail> *guardrails, QString *error);
    // *found: whether anything of that guardrail existed.
    bool remove(const pd::core::GuardrailRenderer &renderer, const QString &name, bool *found, QString *error);

private:
    std::unique_ptr<pd::kube::ApiClient> m_client;
};

} // namespace pd::cli
