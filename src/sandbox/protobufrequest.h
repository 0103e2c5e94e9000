#pragma once

namespace pd::sandbox {

struct HttpRequest;

// kubectl's typed clients (auth can-i, create configmap/secret/rolebinding/namespace,
// create serviceaccount/deployment) send bodies as `application/vnd.kubernetes.protobuf`.
// The sandbox speaks JSON, so the HTTP layer rewrites such a body to JSON (and its
// Content-Type) when the one protobuf reader (protobufdecoder.h) can decode it; others
// stay as they are and the ApiServer answers why.
void transcodeProtobufRequest(HttpRequest &request);

} // namespace pd::sandbox
