// applyJsonPatch on any patch body (PATCH application/json-patch+json to the sandbox,
// kubectl patch --type=json). Input: a JSON document on the first line (a Deployment
// when that line is not JSON), the patch body after it.
#include "fuzzsupport.h"

#include "kube/jsonpatch.h"

#include <QJsonObject>

using namespace pd::kube;

namespace {

QJsonValue defaultDocument()
{
    return pd::fuzz::parseJsonValue(
        R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},)"
        R"("spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"web","image":"nginx",)"
        R"("ports":[{"containerPort":80}]},{"name":"side","image":"busybox"}]}}}})");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const pd::fuzz::Split input = pd::fuzz::splitFirstLine(pd::fuzz::bytesOf(data, size));
    QJsonValue document = pd::fuzz::parseJsonValue(input.head);
    if (document.isUndefined())
        document = defaultDocument();
    for (const JsonPatchMode mode : {JsonPatchMode::Kubernetes, JsonPatchMode::Rfc6902}) {
        QString error;
        const std::optional<QJsonValue> patched = applyJsonPatch(document, input.rest, &error, mode);
        PD_FUZZ_CHECK(patched.has_value() || !error.isEmpty(), "a failed patch says why");
    }
    // Every path the patch names: parsed, written back, resolved.
    const QJsonValue patch = pd::fuzz::parseJsonValue(input.rest);
    const QJsonArray operations = patch.toArray();
    for (const QJsonValue &operation : operations) {
        for (const char *key : {"path", "from"}) {
            const QString pointer = operation.toObject().value(QLatin1StringView(key)).toString();
            if (const std::optional<QStringList> tokens = parseJsonPointer(pointer)) {
                PD_FUZZ_CHECK(parseJsonPointer(jsonPointer(*tokens)) == tokens, "a pointer survives being written");
                (void)resolveJsonPointer(document, pointer);
            }
        }
    }
    return 0;
}
