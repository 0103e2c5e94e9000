// parseYamlDocuments on any bytes (manifests, exported environments, kubeconfigs).
// Property: what toYamlStream writes for the parsed documents parses back to them.
#include "fuzzsupport.h"

#include "kube/yamljson.h"

using namespace pd::kube;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QList<QJsonObject> documents;
    YamlError error;
    if (!parseYamlDocuments(pd::fuzz::bytesOf(data, size), QStringLiteral("fuzz.yaml"), &documents, &error)) {
        PD_FUZZ_CHECK(!error.message.isEmpty(), "a rejected stream says why");
        (void)error.toString();
        return 0;
    }
    const QByteArray written = toYamlStream(documents);
    QList<QJsonObject> again;
    YamlError againError;
    PD_FUZZ_CHECK(parseYamlDocuments(written, QStringLiteral("written.yaml"), &again, &againError),
                  "what toYamlStream writes parses");
    // Empty documents are skipped, so `{}` written out comes back as nothing.
    QList<QJsonObject> nonEmpty;
    for (const QJsonObject &document : std::as_const(documents))
        if (!document.isEmpty())
            nonEmpty.append(document);
    PD_FUZZ_CHECK(again.size() == nonEmpty.size(), "the round trip keeps every document");
    for (qsizetype i = 0; i < again.size(); ++i)
        PD_FUZZ_CHECK(pd::fuzz::jsonSame(again.at(i), nonEmpty.at(i)), "the round trip keeps every value");
    return 0;
}
