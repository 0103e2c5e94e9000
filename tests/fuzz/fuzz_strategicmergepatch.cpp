// applyStrategicMergePatch on any JSON (PATCH application/strategic-merge-patch+json,
// kubectl apply / edit / patch). Input: the kind on the first line (Deployment when
// empty), the original object on the second, the patch after it. The two- and
// three-way diffs of the result run too, as kubectl apply computes them.
#include "fuzzsupport.h"

#include "kube/strategicmergepatch.h"

using namespace pd::kube;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const pd::fuzz::Split first = pd::fuzz::splitFirstLine(pd::fuzz::bytesOf(data, size));
    const pd::fuzz::Split second = pd::fuzz::splitFirstLine(first.rest);
    const QString kind = first.head.isEmpty() ? QStringLiteral("Deployment") : QString::fromUtf8(first.head.left(64));
    const QJsonValue original = pd::fuzz::parseJsonValue(second.head);
    const QJsonValue patch = pd::fuzz::parseJsonValue(second.rest);
    if (original.isUndefined() || patch.isUndefined())
        return 0;
    (void)isStrategicMergePatchSupported(u"apps/v1", kind);
    QString error;
    const QJsonValue result = applyStrategicMergePatch(original, patch, kind, &error);
    if (result.isUndefined()) {
        PD_FUZZ_CHECK(!error.isEmpty(), "a failed patch says why");
        return 0;
    }
    QString diffError;
    (void)createStrategicMergePatch(original, result, kind, &diffError);
    (void)createThreeWayStrategicMergePatch(original, result, original, kind, &diffError);
    (void)createThreeWayStrategicMergePatch(patch, result, original, kind, &diffError);
    return 0;
}
