// Cron schedules on any text: the one CronExpression (guardrail editor, previewctl and
// the sandbox's CronJob controller). A rejected schedule says why; a kept one parses back
// to itself and yields runs in any zone, daylight-saving changes included.
#include "fuzzsupport.h"

#include "kube/cronexpression.h"

#include <QTimeZone>

using pd::kube::CronExpression;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;   // a schedule is one short line; longer inputs only slow the search
    const QString text = QString::fromUtf8(pd::fuzz::bytesOf(data, size));
    static const QTimeZone utc = QTimeZone::utc();
    static const QTimeZone berlin("Europe/Berlin");
    static const QDateTime from = QDateTime::fromString(QStringLiteral("2026-03-29T00:30:00Z"), Qt::ISODate);

    QString error;
    const std::optional<CronExpression> expression = CronExpression::parse(text, &error);
    PD_FUZZ_CHECK(expression.has_value() || !error.isEmpty(), "a rejected schedule says why");
    if (expression) {
        const std::optional<CronExpression> again = CronExpression::parse(expression->text());
        PD_FUZZ_CHECK(again && *again == *expression, "the kept text parses to the same schedule");
        (void)expression->nextRuns(from, 3, berlin);
        (void)expression->nextRuns(from, 3, utc);
    }
    return 0;
}
