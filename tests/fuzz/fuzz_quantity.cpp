// Quantity::parse on any text (requests, limits, quota from manifests and servers).
// Property: an accepted quantity's canonical form parses back to the same amount.
#include "fuzzsupport.h"

#include "kube/quantity.h"

using pd::kube::Quantity;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(pd::fuzz::bytesOf(data, size));
    QString error;
    const std::optional<Quantity> quantity = Quantity::parse(text, &error);
    if (!quantity) {
        PD_FUZZ_CHECK(!error.isEmpty(), "a rejected quantity says why");
        return 0;
    }
    const QString canonical = quantity->canonicalString();
    const std::optional<Quantity> again = Quantity::parse(canonical);
    PD_FUZZ_CHECK(again.has_value(), "the canonical form parses");
    PD_FUZZ_CHECK(*again == *quantity, "the canonical form keeps the amount");
    PD_FUZZ_CHECK(again->canonicalString() == canonical, "the canonical form is stable");
    (void)quantity->toString();
    (void)quantity->value();
    (void)quantity->milliValue();
    (void)quantity->scaledValue(3);
    (void)quantity->toDouble();
    (void)quantity->added(*quantity).subtracted(Quantity::fromString(u"1Ki"));
    (void)quantity->negated().canonicalString();
    if (const std::optional<Quantity> scaled = quantity->multiplied(1.5))
        (void)scaled->canonicalString();
    (void)Quantity::fromJson(QJsonValue(text));
    return 0;
}
