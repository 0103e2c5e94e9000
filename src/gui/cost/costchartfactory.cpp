#include "costchartfactory.h"

#include "core/cost/costformat.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using pd::core::CostReport;

namespace pd::gui::costcharts {

namespace {

QChart *emptyChart(const QString &title, const QString &why)
{
    auto *chart = new QChart;
    chart->setTitle(title + u"\n"_s + why);
    chart->legend()->hide();
    return chart;
}

QBarSet *barSet(const QString &label, const QList<double> &values, const QStringList &toolTips)
{
    auto *set = new QBarSet(label);
    set->append(values);
    set->setProperty(toolTipsProperty, toolTips);
    return set;
}

// Sets up axes around a filled series. Horizontal charts get their categories reversed by
// the caller so the first item is drawn at the top.
QChart *barChart(QAbstractBarSeries *series, const QStringList &categories, const QString &title, bool horizontal)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->addSeries(series);
    auto *categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories);
    auto *valueAxis = new QValueAxis;
    double low = 0;
    double high = 0;
    const bool stacked = series->type() == QAbstractSeries::SeriesTypeStackedBar
        || series->type() == QAbstractSeries::SeriesTypeHorizontalStackedBar;
    for (int i = 0; i < categories.size(); ++i) {
        double positive = 0;
        double negative = 0;
        for (QBarSet *set : series->barSets()) {
            const double v = set->at(i);
            if (stacked) {
                (v >= 0 ? positive : negative) += v;
            } else {
                positive = std::max(positive, v);
                negative = std::min(negative, v);
            }
        }
        high = std::max(high, positive);
        low = std::min(low, negative);
    }
    // Nice ticks whose labels all differ (never "$0.000 $0.000").
    const pd::core::NiceAxis nice = pd::core::niceAxis(low, high);
    valueAxis->setRange(nice.min, nice.max);
    valueAxis->setTickType(QValueAxis::TicksFixed);
    valueAxis->setTickCount(nice.ticks);
    valueAxis->setMinorTickCount(0);
    valueAxis->setLabelFormat(u"$%.*f"_s.replace(u"*"_s, QString::number(nice.decimals)));
    chart->addAxis(categoryAxis, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    chart->addAxis(valueAxis, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(categoryAxis);
    series->attachAxis(valueAxis);
    chart->legend()->setVisible(series->barSets().size() > 1);
    chart->legend()->setAlignment(Qt::AlignBottom);
    return chart;
}

template<typename T>
QList<T> reversed(QList<T> list)
{
    std::reverse(list.begin(), list.end());
    return list;
}

QString hours(double h)
{
    return QString::number(h, 'f', 1) + u" h"_s;
}

// Bar labels: the name, elided in the middle when long (the bar's tooltip has it in full),
// and distinct, since a category axis merges equal labels.
QStringList barLabels(const QStringList &names, qsizetype maxChars = 34)
{
    QStringList labels;
    for (const QString &name : names) {
        QString label = name;
        if (label.size() > maxChars) {
            const qsizetype keep = (maxChars - 1) / 2;
            label = name.left(keep) + u'\u2026' + name.right(maxChars - 1 - keep);
        }
        for (int n = 2; labels.contains(label); ++n)
            label = label.left(maxChars) + u" ("_s + QString::number(n) + u')';
        labels << label;
    }
    return labels;
}

} // namespace

QString dollars(double amount, int decimals)
{
    return pd::core::moneyText(amount, decimals);
}

QChart *byDay(const CostReport &report)
{
    const QString title = QChart::tr("Cost per day by namespace");
    if (report.byDay.isEmpty() || report.days.isEmpty())
        return emptyChart(title, QChart::tr("No usage was recorded in this window."));
    auto *series = new QStackedBarSeries;
    for (const pd::core::DailyNamespaceCost &stack : report.byDay) {
        QStringList tips;
        for (qsizetype day = 0; day < report.days.size(); ++day)
            tips << u"%1 · %2: %3"_s.arg(stack.name, report.days.at(day), dollars(stack.values.value(day)));
        series->append(barSet(stack.name, stack.values, tips));
    }
    QChart *chart = barChart(series, report.days, title, false);
    if (report.days.size() > 10) {   // a month of dates side by side would overlap
        for (QAbstractAxis *axis : chart->axes(Qt::Horizontal))
            axis->setLabelsAngle(-60);
    }
    return chart;
}

QChart *byWorkload(const pd::core::EnvironmentWorkloadCost &environment)
{
    const QString title = QChart::tr("Cost by workload: %1").arg(environment.environment);
    if (environment.workloads.isEmpty())
        return emptyChart(title, QChart::tr("No workload of this environment ran in this window."));
    QStringList categories;
    QList<double> values;
    QStringList tips;
    for (const pd::core::CostRow &row : environment.workloads) {
        categories << row.key;
        values << row.totalCost;
        tips << u"%1 · %2: %3 (CPU %4, memory %5, storage %6; %7 container-hours)"_s.arg(
            row.key, environment.environment, dollars(row.totalCost), dollars(row.cpuCost), dollars(row.memoryCost),
            dollars(row.storageCost), QString::number(row.hours, 'f', 1));
    }
    auto *series = new QHorizontalBarSeries;
    series->append(barSet(QChart::tr("Cost"), reversed(values), reversed(tips)));
    return barChart(series, reversed(barLabels(categories)), title, true);
}

QChart *mostExpensive(const CostReport &report)
{
    const QString title = QChart::tr("Most expensive previews");
    if (report.mostExpensive.isEmpty())
        return emptyChart(title, QChart::tr("No preview ran in this window."));
    QStringList categories;
    QList<double> cpu, memory, storage;
    QStringList cpuTips, memoryTips, storageTips;
    for (const pd::core::CostRow &row : report.mostExpensive) {
        categories << row.key;
        cpu << row.cpuCost;
        memory << row.memoryCost;
        storage << row.storageCost;
        const QString total = dollars(row.totalCost);
        cpuTips << u"%1 · CPU: %2 of %3"_s.arg(row.key, dollars(row.cpuCost), total);
        memoryTips << u"%1 · memory: %2 of %3"_s.arg(row.key, dollars(row.memoryCost), total);
        storageTips << u"%1 · storage: %2 of %3"_s.arg(row.key, dollars(row.storageCost), total);
    }
    auto *series = new QHorizontalStackedBarSeries;
    series->append(barSet(QChart::tr("CPU"), reversed(cpu), reversed(cpuTips)));
    series->append(barSet(QChart::tr("Memory"), reversed(memory), reversed(memoryTips)));
    series->append(barSet(QChart::tr("Storage"), reversed(storage), reversed(storageTips)));
    return barChart(series, reversed(barLabels(categories)), title, true);
}

QChart *idle(const CostReport &report)
{
    const QString title = QChart::tr("Idle previews and what they cost");
    if (report.idle.isEmpty())
        return emptyChart(title, QChart::tr("No preview was idle in this window."));
    QStringList categories;
    QList<double> values;
    QStringList tips;
    for (const pd::core::IdlePreview &preview : report.idle) {
        const QString reason = QChart::tr("CPU at %1% of requests").arg(preview.cpuUsageRatio * 100, 0, 'f', 1);
        categories << preview.namespaceName;
        values << preview.cost.totalCost;
        tips << u"%1: %2 over the window; %3"_s.arg(preview.namespaceName, dollars(preview.cost.totalCost), reason);
    }
    auto *series = new QHorizontalBarSeries;
    series->append(barSet(QChart::tr("Cost"), reversed(values), reversed(tips)));
    return barChart(series, reversed(barLabels(categories)), title, true);
}

QChart *rightsizingSavings(const CostReport &report, int maxBars)
{
    const QString title = QChart::tr("Monthly saving from rightsizing (p95 usage + 20%)");
    if (report.rightsizing.isEmpty())
        return emptyChart(title, QChart::tr("No workload has usage samples in this window."));
    QStringList categories;
    QList<double> values;
    QStringList tips;
    for (const pd::core::RightsizingSuggestion &s : report.rightsizing.mid(0, maxBars)) {
        const QString name = s.container == s.workload ? u"%1/%2"_s.arg(s.namespaceName, s.workload)
                                                       : u"%1/%2/%3"_s.arg(s.namespaceName, s.workload, s.container);
        categories << name;
        values << s.monthlySaving;
        tips << u"%1: %2 / month (CPU %3m → %4m, memory %5 MiB → %6 MiB)"_s.arg(
            name, pd::core::moneyText(s.monthlySaving), QString::number(qRound(s.cpuRequestCores * 1000)),
            QString::number(qRound(s.suggestedCpuCores * 1000)),
            QString::number(qRound(s.memoryRequestBytes / (1024.0 * 1024.0))),
            QString::number(qRound(s.suggestedMemoryBytes / (1024.0 * 1024.0))));
    }
    auto *series = new QHorizontalBarSeries;
    series->append(barSet(QChart::tr("Monthly saving"), reversed(values), reversed(tips)));
    QChart *chart = barChart(series, reversed(barLabels(categories)), title, true);
    if (report.rightsizing.size() > maxBars)
        chart->setTitle(title + u"\n"_s + QChart::tr("the %1 largest of %2").arg(maxBars).arg(report.rightsizing.size()));
    return chart;
}

QChart *guardrailSavings(const CostReport &report)
{
    const QString title = QChart::tr("Saved by scaling previews down (hours scaled down × hourly cost while running)");
    if (report.guardrailSavings.isEmpty())
        return emptyChart(title, QChart::tr("No preview was scaled down in this window."));
    QStringList categories;
    QList<double> values;
    QStringList tips;
    for (const pd::core::GuardrailSaving &s : report.guardrailSavings) {
        categories << s.namespaceName;
        values << s.saving;
        tips << u"%1: %2 saved (%3 scaled down × %4 / h)"_s.arg(s.namespaceName, dollars(s.saving),
                                                               hours(s.hoursScaledDown), dollars(s.hourlyCost));
    }
    auto *series = new QHorizontalBarSeries;
    series->append(barSet(QChart::tr("Saved"), reversed(values), reversed(tips)));
    return barChart(series, reversed(barLabels(categories)), title, true);
}

} // namespace pd::gui::costcharts
