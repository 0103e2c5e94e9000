#pragma once

#include "costprices.h"

#include <QHash>
#include <QString>

#include <functional>
#include <optional>

namespace pd::core {

class CostHistory;

// What each namespace costs per day, for the browser's cost column: the attributed cost of
// the part of [nowMs - 24 h, nowMs) that the history covers, scaled to 24 hours (a preview
// sampled for 2 h is judged by those 2 h). Namespaces without a sample are absent: the
// column stays empty rather than showing an invented number.
QHash<QString, double> costPerDayByNamespace(CostHistory &history, qint64 nowMs, const Prices &prices = {});

// The same in steps (coverage, the day's input, attribution): after each but the last,
// goOn() says whether to continue; nothing when it said no.
std::optional<QHash<QString, double>> costPerDayByNamespace(CostHistory &history, qint64 nowMs, const Prices &prices,
                                                            const std::function<bool()> &goOn);

} // namespace pd::core
