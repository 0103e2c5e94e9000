#include "mutationcheck.h"

#include "previewlookup.h"

namespace pd::cli {

QString checkMutation(ClusterConnection &cluster, const QString &name, pd::core::Mutation mutation,
                      pd::core::MutationOverride override, bool *missing)
{
    QString error;
    const std::optional<QJsonObject> object = readNamespace(cluster, name, &error, missing);
    if (!object)
        return error;
    const QString refusal = pd::core::mutationRefusal(*object, mutation, override);
    return refusal.isEmpty() ? QString() : QStringLiteral("%1: %2").arg(name, refusal);
}

} // namespace pd::cli
