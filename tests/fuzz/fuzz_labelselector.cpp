// LabelSelector::parse on any text (?labelSelector= from any client, --selector flags).
// Properties: the canonical string of an accepted selector parses back to an equal
// selector, and both agree on whether a fixed set of labels matches.
#include "fuzzsupport.h"

#include "kube/labelselector.h"

#include <QJsonObject>

using pd::kube::LabelSelector;
using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(pd::fuzz::bytesOf(data, size));
    QString error;
    const std::optional<LabelSelector> selector = LabelSelector::parse(text, &error);
    if (!selector) {
        PD_FUZZ_CHECK(!error.isEmpty(), "a rejected selector says why");
        return 0;
    }
    const QString canonical = selector->toString();
    const std::optional<LabelSelector> again = LabelSelector::parse(canonical);
    PD_FUZZ_CHECK(again.has_value(), "the canonical string parses");
    PD_FUZZ_CHECK(*again == *selector, "the canonical string keeps every requirement");
    const QJsonObject labels{{"app"_L1, "web"_L1}, {"tier"_L1, "5"_L1}, {"previewdesk.io/role"_L1, "preview"_L1}};
    PD_FUZZ_CHECK(again->matches(labels) == selector->matches(labels), "equal selectors match alike");
    (void)LabelSelector::fromJson(selector->toJson());
    for (const auto &requirement : selector->requirements()) {
        (void)LabelSelector::validateLabelKey(requirement.key);
        (void)LabelSelector::sanitizeLabelValue(requirement.key);
    }
    (void)LabelSelector::sanitizeLabelValue(text);
    return 0;
}
