#pragma once

#include <QJsonObject>
#include <QList>

namespace pd::sandbox {

// The cluster roles and bindings a fresh kube-apiserver creates: cluster-admin
// (bound to system:masters), admin, edit, view (with their aggregated rules, view
// never granting secrets), system:discovery, system:basic-user and
// system:public-info-viewer (bound to system:authenticated / unauthenticated).
QList<QJsonObject> bootstrapClusterRoles();
QList<QJsonObject> bootstrapClusterRoleBindings();

} // namespace pd::sandbox
