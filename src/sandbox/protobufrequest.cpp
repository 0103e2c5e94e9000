#include "sandbox/protobufrequest.h"

#include "sandbox/httpexchange.h"
#include "sandbox/protobufdecoder.h"

#include <QJsonDocument>

namespace pd::sandbox {

void transcodeProtobufRequest(HttpRequest &request)
{
    if (request.body.isEmpty() || !request.header("content-type").startsWith("application/vnd.kubernetes.protobuf"))
        return;
    // A body the reader cannot decode stays protobuf: the ApiServer answers it with the reason.
    const auto object = decodeProtobufBody(request.body);
    if (!object)
        return;
    request.body = QJsonDocument(*object).toJson(QJsonDocument::Compact);
    for (auto &h : request.headers)
        if (h.first == "content-type")
            h.second = "application/json";
}

} // namespace pd::sandbox
