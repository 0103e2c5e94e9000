// The cost charts rendered offscreen: every chart's series against the report it came
// from, tooltips, CSV export, light and dark themes, the empty-report placeholder.
#include "gui/cost/costchartfactory.h"
#include "core/cost/costformat.h"
#include "gui/cost/costchartswidget.h"

#include <QBarSet>
#include <QAbstractBarSeries>
#include <QDir>
#include <QFile>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

#include "testpaths.h"

#include <cmath>
#include <memory>

using namespace pd::core;
using pd::gui::CostChartsWidget;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 H = 3600 * 1000;
constexpr qint64 T0 = 1795478400000;   // 2026-11-24T00:00:00Z
constexpr double Gi = 1024.0 * 1024.0 * 1024.0;

void run(AttributionInput &input, const QString &ns, const QString &workload, int fromHour, int count, double cpuReq,
         double memReqGi, double cpuUse, double memUseGi)
{
    for (int i = 0; i < count; ++i) {
        UsageSample s;
        s.timestampMs = T0 + (fromHour + i) * H;
        s.namespaceName = ns;
        s.pod = workload + u"-7d9f8b6c5d-x2k4p"_s;
        s.container = u"app"_s;
        s.workload = workload;
        s.cpuRequestCores = cpuReq;
        s.memoryRequestBytes = memReqGi * Gi;
        // A little variation so percentiles are not all equal.
        s.cpuUsageCores = cpuUse * (1.0 + 0.1 * double(i % 5));
        s.memoryUsageBytes = memUseGi * Gi;
        input.samples.append(s);
    }
}

// Four namespaces over three days: a source running all day, a preview on working hours
// with a volume, one scaled down after 10 h, one running idle.
AttributionInput syntheticInput()
{
    AttributionInput input;
    input.windowStartMs = T0;
    input.windowEndMs = T0 + 72 * H;
    run(input, u"staging-shop"_s, u"storefront"_s, 0, 72, 2, 4, 0.8, 2);
    run(input, u"staging-shop"_s, u"checkout-api"_s, 0, 72, 1, 1, 0.3, 0.5);
    for (int day = 0; day < 3; ++day)
        run(input, u"pr-1423"_s, u"storefront"_s, day * 24 + 8, 13, 0.5, 1, 0.2, 0.4);
    run(input, u"pr-1424"_s, u"storefront"_s, 0, 10, 0.5, 1, 0.2, 0.4);
    run(input, u"pr-7"_s, u"storefront"_s, 0, 72, 0.25, 0.5, 0.001, 0.1);
    input.pvcs.append(PvcUsage{u"pr-1423"_s, u"data"_s, 10 * Gi, T0 - H, std::numeric_limits<qint64>::max()});
    return input;
}

CostReport syntheticReport()
{
    CostReportOptions options;
    options.topNamespaces = 2;
    options.previewNamespaces = {u"pr-1423"_s, u"pr-1424"_s, u"pr-7"_s};
    return buildCostReport(syntheticInput(), options);
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

// category -> value of a one-set chart.
QHash<QString, double> valuesByCategory(const CostChartsWidget::SeriesData &series)
{
    QHash<QString, double> out;
    for (qsizetype i = 0; i < series.categories.size(); ++i)
        out.insert(series.categories.at(i), series.values.value(i));
    return out;
}

QString readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class TestCostChartsWidget final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_report = syntheticReport();
        QVERIFY(!m_report.isEmpty());
        m_widget = std::make_unique<CostChartsWidget>();
        m_widget->resize(1100, 700);
        m_widget->setReport(m_report, u"history, 3 d"_s);
        m_widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_widget.get()));
    }

    void cleanup() { m_widget.reset(); }

    void header()
    {
        QVERIFY(!m_widget->showsPlaceholder());
        const QString header = m_widget->headerText();
        QVERIFY2(header.contains(u"Data source: history, 3 d"_s), qPrintable(header));
        QVERIFY(header.contains(u"window 2026-11-24 – 2026-11-26 (UTC)"_s));
        QVERIFY(header.contains(u"total $%1"_s.arg(m_report.totalCost, 0, 'f', 2)));
    }

    void byDaySeries()
    {
        const auto series = m_widget->seriesData(CostChartsWidget::ByDayTab);
        QCOMPARE(series.size(), 3);   // top 2 plus other
        QCOMPARE(series.at(0).name, u"staging-shop"_s);
        QCOMPARE(series.at(2).name, u"other"_s);
        for (qsizetype i = 0; i < series.size(); ++i) {
            QCOMPARE(series.at(i).name, m_report.byDay.at(i).name);
            QCOMPARE(series.at(i).categories, (QStringList{u"2026-11-24"_s, u"2026-11-25"_s, u"2026-11-26"_s}));
            QCOMPARE(series.at(i).values.size(), 3);
            for (int day = 0; day < 3; ++day)
                QVERIFY(near(series.at(i).values.at(day), m_report.byDay.at(i).values.at(day)));
        }
        // staging-shop runs all day: 24 h x (3 cores, 5 GiB) each day.
        const double perDay = 24 * (3 * 0.031611 + 5 * 0.004237);
        QVERIFY(near(series.at(0).values.at(1), perDay));
        QCOMPARE(m_widget->chart(CostChartsWidget::ByDayTab)->series().first()->type(),
                 QAbstractSeries::SeriesTypeStackedBar);
    }

    void byWorkloadSeries()
    {
        QVERIFY(!m_widget->setEnvironment(u"no-such-environment"_s));
        for (const EnvironmentWorkloadCost &environment : m_report.byEnvironment) {
            QVERIFY(m_widget->setEnvironment(environment.environment));
            const auto series = m_widget->seriesData(CostChartsWidget::ByWorkloadTab);
            QCOMPARE(series.size(), 1);
            QCOMPARE(series.first().categories.size(), environment.workloads.size());
            QCOMPARE(series.first().categories.last(), environment.workloads.first().key);   // costliest on top
            const auto values = valuesByCategory(series.first());
            for (const CostRow &row : environment.workloads)
                QVERIFY2(near(values.value(row.key, -1), row.totalCost), qPrintable(row.key));
        }
        QVERIFY(m_widget->setEnvironment(u"pr-1423"_s));
        QVERIFY(valuesByCategory(m_widget->seriesData(CostChartsWidget::ByWorkloadTab).first()).contains(u"pvc:data"_s));
        QCOMPARE(m_widget->chart(CostChartsWidget::ByWorkloadTab)->series().first()->type(),
                 QAbstractSeries::SeriesTypeHorizontalBar);
    }

    void mostExpensiveSeries()
    {
        const auto series = m_widget->seriesData(CostChartsWidget::MostExpensiveTab);
        QCOMPARE(series.size(), 3);
        QCOMPARE(series.at(0).name, u"CPU"_s);
        QCOMPARE(series.at(1).name, u"Memory"_s);
        QCOMPARE(series.at(2).name, u"Storage"_s);
        QCOMPARE(series.first().categories.size(), m_report.mostExpensive.size());
        QVERIFY(!series.first().categories.contains(u"staging-shop"_s));   // not a preview
        for (const CostRow &row : m_report.mostExpensive) {
            const qsizetype i = series.first().categories.indexOf(row.key);
            QVERIFY(i >= 0);
            QVERIFY(near(series.at(0).values.at(i) + series.at(1).values.at(i) + series.at(2).values.at(i), row.totalCost));
            QVERIFY(near(series.at(2).values.at(i), row.storageCost));
        }
    }

    void idleSeries()
    {
        // Idle: running and under 5 % of requests (pr-7 at ~0.4 %); pr-1424, scaled down
        // after 10 h, is a guardrail saving, not idle.
        QCOMPARE(m_report.idle.size(), 1);
        QCOMPARE(m_report.idle.first().namespaceName, u"pr-7"_s);
        QVERIFY(std::any_of(m_report.guardrailSavings.cbegin(), m_report.guardrailSavings.cend(),
                            [](const GuardrailSaving &g) { return g.namespaceName == u"pr-1424"_s && g.hoursScaledDown > 60; }));
        const auto series = m_widget->seriesData(CostChartsWidget::IdleTab);
        QCOMPARE(series.size(), 1);
        QCOMPARE(series.first().categories, QStringList{u"pr-7"_s});   // the name, the ratio in the tooltip
        QVERIFY(near(series.first().values.first(), m_report.idle.first().cost.totalCost));
    }

    void rightsizingTableAndSeries()
    {
        QStandardItemModel *model = m_widget->rightsizingModel();
        QCOMPARE(model->rowCount(), m_report.rightsizing.size());
        QCOMPARE(model->columnCount(), 10);
        QCOMPARE(model->headerData(3, Qt::Horizontal).toString(), u"Monthly saving"_s);
        const RightsizingSuggestion &top = m_report.rightsizing.first();
        QCOMPARE(model->item(0, 1)->text(), top.workload);
        QCOMPARE(model->item(0, 4)->text(), u"%1m"_s.arg(qRound(top.cpuRequestCores * 1000)));
        QCOMPARE(model->item(0, 3)->text(), pd::core::moneyText(top.monthlySaving));
        QVERIFY(near(model->item(0, 3)->data(Qt::UserRole).toDouble(), top.monthlySaving));

        const auto series = m_widget->seriesData(CostChartsWidget::RightsizingTab);
        QCOMPARE(series.size(), 1);
        const auto values = valuesByCategory(series.first());
        QCOMPARE(values.size(), m_report.rightsizing.size());
        for (const RightsizingSuggestion &s : m_report.rightsizing) {
            const QString key = s.namespaceName + u'/' + s.workload + u'/' + s.container;
            QVERIFY2(near(values.value(key, -1e9), s.monthlySaving), qPrintable(key));
        }
    }

    void guardrailSeries()
    {
        // pr-1423 sleeps at night, pr-1424 since hour 10: both saved; the always-on ones did not.
        QCOMPARE(m_report.guardrailSavings.size(), 2);
        const auto series = m_widget->seriesData(CostChartsWidget::GuardrailSavingsTab);
        const auto values = valuesByCategory(series.first());
        QCOMPARE(values.size(), 2);
        for (const GuardrailSaving &s : m_report.guardrailSavings)
            QVERIFY(near(values.value(s.namespaceName, -1), s.saving));
        // pr-1424: 62 h down x (0.5 core + 1 GiB) per hour.
        QVERIFY(near(values.value(u"pr-1424"_s), 62 * (0.5 * 0.031611 + 1 * 0.004237)));
    }

    void toolTips()
    {
        auto *bars = qobject_cast<QAbstractBarSeries *>(m_widget->chart(CostChartsWidget::ByDayTab)->series().first());
        QVERIFY(bars);
        QBarSet *staging = bars->barSets().first();
        Q_EMIT staging->hovered(true, 0);
        QCOMPARE(m_widget->lastToolTip(),
                 u"staging-shop · 2026-11-24: $%1"_s.arg(m_report.byDay.first().values.first(), 0, 'f', 4));
        auto *guardrail =
            qobject_cast<QAbstractBarSeries *>(m_widget->chart(CostChartsWidget::GuardrailSavingsTab)->series().first());
        Q_EMIT guardrail->barSets().first()->hovered(true, guardrail->barSets().first()->count() - 1);
        const GuardrailSaving &first = m_report.guardrailSavings.first();   // drawn on top: the last bar
        QCOMPARE(m_widget->lastToolTip(), u"%1: $%2 saved (%3 h scaled down × $%4 / h)"_s.arg(
                                              first.namespaceName, QString::number(first.saving, 'f', 4),
                                              QString::number(first.hoursScaledDown, 'f', 1),
                                              QString::number(first.hourlyCost, 'f', 4)));
    }

    void csvExport()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_widget->setCurrentTab(CostChartsWidget::ByDayTab);
        const QString path = dir.filePath(u"by-day.csv"_s);
        QString error;
        QVERIFY2(m_widget->exportCsv(path, &error), qPrintable(error));
        const QStringList lines = readFile(path).split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines.at(0), u"day,staging-shop,pr-1423,other"_s);
        QCOMPARE(lines.at(2), u"2026-11-25,%1,%2,%3"_s.arg(QString::number(m_report.byDay.at(0).values.at(1), 'f', 6),
                                                          QString::number(m_report.byDay.at(1).values.at(1), 'f', 6),
                                                          QString::number(m_report.byDay.at(2).values.at(1), 'f', 6)));

        m_widget->setCurrentTab(CostChartsWidget::GuardrailSavingsTab);
        QVERIFY(m_widget->exportCsv(path, &error));
        const QStringList guardrail = readFile(path).split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(guardrail.size(), 3);
        QCOMPARE(guardrail.at(0), u"namespace,running_hours,hours_scaled_down,hourly_cost,saving"_s);
        QVERIFY(guardrail.at(1).startsWith(m_report.guardrailSavings.first().namespaceName + u','));

        m_widget->setCurrentTab(CostChartsWidget::ByWorkloadTab);
        QVERIFY(m_widget->setEnvironment(u"staging-shop"_s));
        QVERIFY(m_widget->exportCsv(path, &error));
        QVERIFY(readFile(path).contains(u"\r\nstaging-shop,storefront,72,"_s));

        // Idle rows, and fields that need quoting.
        QVERIFY(m_widget->csv(CostChartsWidget::IdleTab).contains(u"\r\npr-7,0.00"_s));
        CostReport quoted = m_report;
        quoted.guardrailSavings.first().namespaceName = u"a,\"b\""_s;
        m_widget->setReport(quoted, u"test"_s);
        QVERIFY(m_widget->csv(CostChartsWidget::GuardrailSavingsTab).contains(u"\r\n\"a,\"\"b\"\"\","_s));

        QVERIFY(!m_widget->exportCsv(dir.filePath(u"missing/dir/x.csv"_s), &error));
        QVERIFY(error.contains(u"missing/dir/x.csv"_s));
    }

    void darkPalette()
    {
        QCOMPARE(m_widget->chartTheme(), QChart::ChartThemeLight);
        QPalette dark = m_widget->palette();
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
        dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        m_widget->setPalette(dark);
        QCOMPARE(m_widget->chartTheme(), QChart::ChartThemeDark);
        for (int tab = 0; tab < CostChartsWidget::TabCount; ++tab)
            QCOMPARE(m_widget->chart(CostChartsWidget::Tab(tab))->theme(), QChart::ChartThemeDark);
        // New charts (another environment) come up dark too.
        QVERIFY(m_widget->setEnvironment(u"pr-7"_s));
        QCOMPARE(m_widget->chart(CostChartsWidget::ByWorkloadTab)->theme(), QChart::ChartThemeDark);

        QPalette light = dark;
        light.setColor(QPalette::Window, QColor(0xf4, 0xf4, 0xf4));
        m_widget->setPalette(light);
        QCOMPARE(m_widget->chart(CostChartsWidget::ByDayTab)->theme(), QChart::ChartThemeLight);
    }

    void emptyReport()
    {
        CostReport empty;
        empty.windowStartMs = T0;
        empty.windowEndMs = T0 + 7 * 24 * H;
        m_widget->setReport(empty, u"history, 7 d"_s);
        QVERIFY(m_widget->showsPlaceholder());
        QVERIFY(m_widget->placeholderText().startsWith(u"No cost data for this window yet."_s));
        QVERIFY(!m_widget->headerText().contains(u'$'));
        QVERIFY(m_widget->headerText().contains(u"history, 7 d"_s));
        for (int tab = 0; tab < CostChartsWidget::TabCount; ++tab)
            QVERIFY(m_widget->chart(CostChartsWidget::Tab(tab))->series().isEmpty());
        QCOMPARE(m_widget->rightsizingModel()->rowCount(), 0);
        QVERIFY(m_widget->chart(CostChartsWidget::ByDayTab)->title().contains(u"No usage was recorded"_s));

        m_widget->setReport(m_report, u"OpenCost"_s);   // and back
        QVERIFY(!m_widget->showsPlaceholder());
        QCOMPARE(m_widget->seriesData(CostChartsWidget::ByDayTab).size(), 3);
    }

    void screenshot()
    {
        m_widget->setCurrentTab(CostChartsWidget::ByDayTab);
        for (int pass = 0; pass < 3; ++pass)
            QCoreApplication::processEvents();
        const QImage image = m_widget->grab().toImage();
        QCOMPARE(image.size(), QSize(1100, 700));
        // Into the build tree: the copy in resources/screenshots is updated by hand.
        const QString path = QDir(pd::test::buildDir()).filePath(u"cost-charts.png"_s);
        QVERIFY2(image.save(path), qPrintable(path));
        qInfo("screenshot: %s", qPrintable(path));

        // The other tabs, dark, into the build tree: for looking at, not for the repository.
        QPalette dark = m_widget->palette();
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
        m_widget->setPalette(dark);
        const QDir buildDir(qEnvironmentVariable("PREVIEWDESK_BUILD_DIR", QDir::currentPath()));
        for (int tab = CostChartsWidget::ByWorkloadTab; tab < CostChartsWidget::TabCount; ++tab) {
            m_widget->setCurrentTab(CostChartsWidget::Tab(tab));
            QCoreApplication::processEvents();
            QVERIFY(m_widget->grab().save(buildDir.filePath(u"cost-charts-tab%1-dark.png"_s.arg(tab))));
        }
    }

private:
    CostReport m_report;
    std::unique_ptr<CostChartsWidget> m_widget;
};

QTEST_MAIN(TestCostChartsWidget)
#include "tst_costchartswidget.moc"
