#include "previewlookup.h"

#include "core/contract.h"

#include <QJsonArray>

namespace pd::cli {

QStringList previewsOfPullRequest(ClusterConnection &cluster, int pullRequest, QString *error)
{
    const pd::kube::ResourceRef namespaces{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), QString(), {}};
    using namespace pd::core::contract;
    const QString selector = QStringLiteral("%1=%2,%3=%4,%5=%6")
                                 .arg(ManagedByLabel, ManagedByValue, RoleLabel, RolePreview, PrLabel, QString::number(pullRequest));
    const pd::kube::ApiResult result = awaitResult(cluster.client->list(namespaces, selector));
    if (!result.ok()) {
        *error = QStringLiteral("cannot list previews of PR %1: %2").arg(pullRequest).arg(result.message());
        return {};
    }
    QStringList names;
    for (const QJsonValue &item : result.items())
        names << item[QLatin1String("metadata")][QLatin1String("name")].toString();
    names.sort();
    return names;
}

std::optional<QJsonObject> readNamespace(ClusterConnection &cluster, const QString &name, QString *error, bool *missing)
{
    const pd::kube::ResourceRef ref{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), name, {}};
    const pd::kube::ApiResult result = awaitResult(cluster.client->get(ref));
    if (missing)
        *missing = result.httpCode == 404;
    if (result.httpCode == 404) {
        *error = QStringLiteral("no environment named %1 exists").arg(name);
        return std::nullopt;
    }
    if (!result.ok()) {
        *error = QStringLiteral("cannot read namespace %1: %2").arg(name, result.message());
        return std::nullopt;
    }
    return result.object;
}

bool namesFromArguments(ClusterConnection &cluster, const QStringList &positional, const QString &prValue,
                        QStringList *names, int *pullRequest, QString *error)
{
    *pullRequest = 0;
    if (prValue.isEmpty()) {
        *names = positional;
        return true;
    }
    bool ok = false;
    *pullRequest = prValue.toInt(&ok);
    if (!ok || *pullRequest <= 0) {
        *error = QStringLiteral("--pr takes a pull-request number, got \"%1\"").arg(prValue);
        return false;
    }
    *names = previewsOfPullRequest(cluster, *pullRequest, error);
    return error->isEmpty();
}

} // namespace pd::cli
