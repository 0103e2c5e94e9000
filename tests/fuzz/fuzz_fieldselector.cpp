// FieldSelector::parse on any text (?fieldSelector= from any client).
// Properties: the string form of an accepted selector parses back to the same terms
// (not always in the same order: apimachinery sorts the raw terms, and prints "==" as
// "=", so "a==x,a=b" prints as "a=x,a=b" and comes back as "a=b,a=x"), and every
// value survives escape + unescape.
#include "fuzzsupport.h"

#include "kube/fieldselector.h"

#include <QJsonObject>

using pd::kube::FieldSelector;
using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(pd::fuzz::bytesOf(data, size));
    QString error;
    const std::optional<FieldSelector> selector = FieldSelector::parse(text, &error);
    if (!selector) {
        PD_FUZZ_CHECK(!error.isEmpty(), "a rejected selector says why");
        return 0;
    }
    const QString written = selector->toString();
    const std::optional<FieldSelector> again = FieldSelector::parse(written);
    PD_FUZZ_CHECK(again.has_value(), "the string form parses");
    auto terms = [](const FieldSelector &s) {
        QStringList out;
        for (const auto &requirement : s.requirements())
            out.append(requirement.toString());
        out.sort();
        return out;
    };
    PD_FUZZ_CHECK(terms(*again) == terms(*selector), "the string form keeps every term");
    for (const auto &requirement : selector->requirements()) {
        const std::optional<QString> unescaped = FieldSelector::unescapeValue(FieldSelector::escapeValue(requirement.value));
        PD_FUZZ_CHECK(unescaped && *unescaped == requirement.value, "escape then unescape gives the value back");
    }
    const QJsonObject pod{{"kind"_L1, "Pod"_L1},
                          {"metadata"_L1, QJsonObject{{"name"_L1, "web-0"_L1}, {"namespace"_L1, "shop"_L1}}},
                          {"spec"_L1, QJsonObject{{"nodeName"_L1, "node-a"_L1}}},
                          {"status"_L1, QJsonObject{{"phase"_L1, "Running"_L1}}}};
    QString unsupported;
    (void)selector->matches(pod, u"Pod"_s, &unsupported);
    (void)selector->unsupportedFieldFor(u"Event"_s);
    return 0;
}
