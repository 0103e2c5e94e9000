#pragma once

#include "core/cost/costreport.h"

#include <QString>

class QChart;

namespace pd::gui::costcharts {

// Each QBarSet of the charts below carries one tooltip per bar in this dynamic property
// (a QStringList, index = bar index); the widget shows it when the bar is hovered.
inline constexpr char toolTipsProperty[] = "pdToolTips";

// New charts, owned by the caller. A chart whose data is empty has no series and says so
// in its title, in plain words. Horizontal charts list their first item at the top.
QChart *byDay(const pd::core::CostReport &report);                        // stacked: namespaces x days
QChart *byWorkload(const pd::core::EnvironmentWorkloadCost &environment); // horizontal: total per workload
QChart *mostExpensive(const pd::core::CostReport &report);                // horizontal stacked: CPU, memory, storage
QChart *idle(const pd::core::CostReport &report);                         // horizontal: cost, reason in the label
QChart *rightsizingSavings(const pd::core::CostReport &report, int maxBars = 8);   // bars tall enough to label
QChart *guardrailSavings(const pd::core::CostReport &report);

// "$1.8342": tooltips show exact figures, four decimals (a preview costs cents per hour).
QString dollars(double amount, int decimals = 4);

} // namespace pd::gui::costcharts
