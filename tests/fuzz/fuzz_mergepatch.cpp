// applyMergePatch / createMergePatch on any JSON (PATCH application/merge-patch+json,
// kubectl apply for custom resources). Input: the target on the first line, the patch
// after it. Property: the patch created from target to result, applied to the
// target, gives the result again (two-way and three-way).
#include "fuzzsupport.h"

#include "kube/mergepatch.h"

using namespace pd::kube;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const pd::fuzz::Split input = pd::fuzz::splitFirstLine(pd::fuzz::bytesOf(data, size));
    const QJsonValue target = pd::fuzz::parseJsonValue(input.head);
    const QJsonValue patch = pd::fuzz::parseJsonValue(input.rest);
    if (target.isUndefined() || patch.isUndefined())
        return 0;
    const QJsonValue result = applyMergePatch(target, patch);
    const QJsonValue twoWay = createMergePatch(target, result);
    PD_FUZZ_CHECK(pd::fuzz::jsonSame(applyMergePatch(target, twoWay), result), "two-way patch reproduces the result");
    const QJsonValue threeWay = createThreeWayMergePatch(target, result, target);
    PD_FUZZ_CHECK(pd::fuzz::jsonSame(applyMergePatch(target, threeWay), result), "three-way patch reproduces the result");
    return 0;
}
