#pragma once

#include "core/cost/costreport.h"

#include <QString>

namespace pd::gui::costcsv {

// One CSV document per chart of the cost window (RFC 4180: comma separated, fields with
// a comma, quote or line break quoted, money in dollars with six decimals).
QString byDay(const pd::core::CostReport &report);                        // day,<namespace>...,other
QString byWorkload(const pd::core::EnvironmentWorkloadCost &environment);
QString mostExpensive(const pd::core::CostReport &report);
QString idle(const pd::core::CostReport &report);
QString rightsizing(const pd::core::CostReport &report);
QString guardrailSavings(const pd::core::CostReport &report);

// Writes text as UTF-8; false and *error (the path and why) when it cannot.
bool writeFile(const QString &path, const QString &text, QString *error = nullptr);

} // namespace pd::gui::costcsv
