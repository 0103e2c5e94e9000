#pragma once

#include <QByteArray>
#include <QJsonObject>

#include <optional>

namespace pd::sandbox {

struct HttpRequest;

// kubectl's typed clients (auth can-i, create configmap/secret/rolebinding/namespace,
// create serviceaccount) send bodies as `application/vnd.kubernetes.protobuf`. The
// sandbox speaks JSON, so the HTTP layer turns such bodies into JSON first, for the
// kinds listed in protobufrequest.cpp; others stay as they are (ApiServer answers 415).

// Decodes one "k8s\0" envelope (runtime.Unknown) to a JSON object; nullopt for an
// unknown kind or malformed bytes.
std::optional<QJsonObject> decodeKubernetesProtobuf(const QByteArray &bytes);

// Rewrites a protobuf request body to JSON (and its Content-Type) when it can.
void transcodeProtobufRequest(HttpRequest &request);

} // namespace pd::sandbox
