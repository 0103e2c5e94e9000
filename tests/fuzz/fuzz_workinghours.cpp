// WorkingHours::parse on any text (kube-downscaler's uptime form in guardrails).
// Property: the schedules an accepted window turns into are valid cron schedules.
#include "fuzzsupport.h"

#include "kube/cronexpression.h"
#include "core/guardrail/workinghours.h"

using pd::kube::CronExpression;
using pd::core::WorkingHours;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;   // one short line
    const QString text = QString::fromUtf8(pd::fuzz::bytesOf(data, size));
    QString error;
    const std::optional<WorkingHours> hours = WorkingHours::parse(text, &error);
    if (!hours) {
        PD_FUZZ_CHECK(!error.isEmpty(), "a rejected window says why");
        return 0;
    }
    PD_FUZZ_CHECK(hours->startMinutes() >= 0 && hours->startMinutes() < hours->endMinutes()
                      && hours->endMinutes() < 24 * 60,
                  "the window lies within one day");
    PD_FUZZ_CHECK(pd::core::isIanaTimeZone(hours->timeZone()), "the time zone is a known one");
    PD_FUZZ_CHECK(CronExpression::parse(hours->scaleUpSchedule()).has_value(), "the scale-up schedule is cron");
    PD_FUZZ_CHECK(CronExpression::parse(hours->scaleDownSchedule()).has_value(), "the scale-down schedule is cron");
    const std::optional<WorkingHours> again = WorkingHours::parse(hours->text());
    PD_FUZZ_CHECK(again && *again == *hours, "the kept text parses to the same window");
    return 0;
}
