#include "mutationcheck.h"

namespace pd::cli {

QString checkMutation(ClusterConnection &cluster, const QString &name, pd::core::Mutation mutation,
                      pd::core::MutationOverride override, bool *missing)
{
    const pd::kube::ResourceRef ref{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), name, {}};
    const pd::kube::ApiResult result = awaitResult(cluster.client->get(ref));
    if (missing)
        *missing = result.httpCode == 404;
    if (result.httpCode == 404)
        return QStringLiteral("no environment named %1 exists").arg(name);
    if (!result.ok())
        return QStringLiteral("cannot read namespace %1: %2").arg(name, result.message());
    const QString refusal = pd::core::mutationRefusal(result.object, mutation, override);
    return refusal.isEmpty() ? QString() : QStringLiteral("%1: %2").arg(name, refusal);
}

} // namespace pd::cli
