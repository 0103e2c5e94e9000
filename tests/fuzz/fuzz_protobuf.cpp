// The sandbox's one Kubernetes-protobuf reader on any body a local client may send as
// application/vnd.kubernetes.protobuf, directly and through the HTTP layer's transcoder.
// Inputs without the "k8s\0" envelope prefix are also tried with it.
#include "fuzzsupport.h"

#include "sandbox/httpexchange.h"
#include "sandbox/protobufdecoder.h"
#include "sandbox/protobufrequest.h"

#include <QJsonDocument>

using namespace pd::sandbox;

namespace {

void decode(const QByteArray &body)
{
    QString error;
    const std::optional<QJsonObject> decoded = decodeProtobufBody(body, &error);
    PD_FUZZ_CHECK(decoded.has_value() || !error.isEmpty(), "a rejected body says why");
    if (decoded)
        PD_FUZZ_CHECK(!decoded->value(QStringLiteral("kind")).toString().isEmpty(), "a decoded object has a kind");

    HttpRequest request;
    request.method = "POST";
    request.headers.append({QByteArrayLiteral("content-type"), QByteArrayLiteral("application/vnd.kubernetes.protobuf")});
    request.body = body;
    transcodeProtobufRequest(request);
    if (request.header("content-type") == "application/json")
        PD_FUZZ_CHECK(QJsonDocument::fromJson(request.body).isObject(), "a transcoded body is a JSON object");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = pd::fuzz::bytesOf(data, size);
    static const QByteArray magic("k8s\0", 4);
    decode(body);
    if (!body.startsWith(magic))
        decode(magic + body);
    return 0;
}
