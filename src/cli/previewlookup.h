#pragma once

#include "clusterconnection.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace pd::cli {

// The previews of one pull request: managed-by=previewdesk, role=preview, pr=N, by name.
// Empty and *error set when the list cannot be read.
QStringList previewsOfPullRequest(ClusterConnection &cluster, int pullRequest, QString *error);

// Namespace `name` as the cluster has it; nullopt and *error when it cannot be read
// (*missing, when given, tells a 404 apart).
std::optional<QJsonObject> readNamespace(ClusterConnection &cluster, const QString &name, QString *error, bool *missing = nullptr);

// The names a command acts on: the positional NAMEs, or (prValue set) every preview of that
// pull request. False and *error when --pr is no number or the previews cannot be listed.
bool namesFromArguments(ClusterConnection &cluster, const QStringList &positional, const QString &prValue,
                        QStringList *names, int *pullRequest, QString *error);

} // namespace pd::cli
