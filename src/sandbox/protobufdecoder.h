#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace pd::sandbox {

// kubectl's typed clients send built-in objects as Kubernetes protobuf
// ("application/vnd.kubernetes.protobuf": "k8s\0" + runtime.Unknown{typeMeta, raw}).
// This decodes the kinds kubectl creates that way (Namespace, ConfigMap, Secret,
// ServiceAccount, Deployment (as kubectl create deployment fills it),
// SelfSubjectAccessReview, SelfSubjectRulesReview, DeleteOptions)
// into their JSON form. nullopt + *error for another kind or malformed bytes.
// (The HTTP layer's protobufrequest.h transcodes first when it runs in front; this
// covers what reaches the ApiServer still in protobuf, e.g. Deployment.)
std::optional<QJsonObject> decodeProtobufBody(const QByteArray &body, QString *error = nullptr);

} // namespace pd::sandbox
