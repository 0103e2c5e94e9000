#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace pd::sandbox {

// The sandbox's one protobuf reader. kubectl's typed clients send built-in objects as
// Kubernetes protobuf ("application/vnd.kubernetes.protobuf": "k8s\0" +
// runtime.Unknown{typeMeta, raw}). This decodes the kinds kubectl creates that way
// (Namespace, ConfigMap, Secret, ServiceAccount, RoleBinding, ClusterRoleBinding,
// Deployment (as kubectl create deployment fills it), SelfSubjectAccessReview,
// SelfSubjectRulesReview, DeleteOptions) into their JSON form. nullopt + *error for
// another kind or malformed bytes. The HTTP layer (protobufrequest.h) transcodes
// request bodies with it; the ApiServer decodes what still reaches it in protobuf.
std::optional<QJsonObject> decodeProtobufBody(const QByteArray &body, QString *error = nullptr);

} // namespace pd::sandbox
