#pragma once

#include "environment.h"
#include "environmentbuilder.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::core {

// The listed objects of a cluster, one list per kind (items of List answers).
struct ClusterObjects
{
    QList<QJsonObject> namespaces;
    QList<QJsonObject> deployments;
    QList<QJsonObject> statefulSets;
    QList<QJsonObject> ingresses;
    QList<QJsonObject> resourceQuotas;
};

// Every environment of the listed objects, sorted by name (the watcher's cache and
// builder, without the watching).
QList<Environment> buildEnvironments(const ClusterObjects &objects, const EnvironmentBuilder &builder);

// `previewctl envs` output: a kubectl-style table with the columns
// NAME ROLE PR BRANCH OWNER STATE SERVICES AGE EXPIRES URL ("-" for empty cells)...
QString environmentsTable(const QList<Environment> &environments, const QDateTime &now);
// ... or a JSON document {"items": [{name, role, pr, ...}]} (times in RFC 3339 UTC).
QByteArray environmentsJson(const QList<Environment> &environments);
// kubectl's short age: 45s, 12m, 5h, 3d.
QString shortDuration(qint64 seconds);

} // namespace pd::core
