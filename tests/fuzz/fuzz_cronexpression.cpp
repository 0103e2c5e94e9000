// Cron schedules on any text: the app's CronExpression (guardrail editor, previewctl)
// and the sandbox CronJob controller's CronSchedule. Both follow robfig/cron, so where
// both accept a schedule they must agree on its next runs (in UTC, where no
// daylight-saving rule can make them differ).
#include "fuzzsupport.h"

#include "core/guardrail/cronexpression.h"
#include "sandbox/controllers/cronschedule.h"

#include <QTimeZone>

using pd::core::CronExpression;
using pd::sandbox::controllers::CronSchedule;

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
    const std::optional<CronSchedule> schedule = CronSchedule::parse(text);
    if (expression) {
        const std::optional<CronExpression> again = CronExpression::parse(expression->text());
        PD_FUZZ_CHECK(again && *again == *expression, "the kept text parses to the same schedule");
        (void)expression->nextRuns(from, 3, berlin);
    }
    if (schedule)
        (void)schedule->next(from, berlin);
    if (expression && schedule) {
        QDateTime appNext = from;
        QDateTime controllerNext = from;
        for (int run = 0; run < 3 && appNext.isValid(); ++run) {
            appNext = expression->next(appNext, utc);
            controllerNext = schedule->next(controllerNext, utc);
            PD_FUZZ_CHECK(appNext == controllerNext, "the app and the sandbox's CronJob controller agree on the next run");
        }
    }
    return 0;
}
