#include "costchartswidget.h"

#include "core/cost/costformat.h"

#include "costchartfactory.h"
#include "costcsv.h"
#include "idlepreviewspanel.h"

#include <QAbstractBarSeries>
#include <algorithm>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QDateTime>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {

QChartView *chartView(QWidget *parent)
{
    auto *view = new QChartView(parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(220);
    return view;
}

QString utcDay(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).date().toString(Qt::ISODate);
}

QString millicores(double cores)
{
    return u"%1m"_s.arg(qRound(cores * 1000));
}

QString mebibytes(double bytes)
{
    return u"%1 Mi"_s.arg(qRound(bytes / (1024.0 * 1024.0)));
}

QStandardItem *item(const QString &text, double value)
{
    auto *cell = new QStandardItem(text);
    cell->setData(value, Qt::UserRole);
    cell->setEditable(false);
    if (!text.isEmpty() && (text.front().isDigit() || text.front() == u'$' || text.front() == u'-'))
        cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return cell;
}

const char *const tabNames[] = {"by-day", "by-workload", "most-expensive", "idle", "rightsizing", "guardrail-savings"};

} // namespace

CostChartsWidget::CostChartsWidget(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_export(new QPushButton(tr("Export CSV…"), this))
    , m_stack(new QStackedWidget(this))
    , m_placeholder(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_environments(new QComboBox(this))
    , m_rightsizingTable(new QTableView(this))
    , m_rightsizingModel(new QStandardItemModel(this))
    , m_idlePanel(new IdlePreviewsPanel(this))
{
    m_header->setObjectName(u"costHeader"_s);
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);   // an OpenCost error is long: wrap it, never widen the window
    m_header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_export->setObjectName(u"exportCsv"_s);
    m_placeholder->setObjectName(u"costPlaceholder"_s);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setTextFormat(Qt::PlainText);
    m_placeholder->setMargin(24);
    m_tabs->setObjectName(u"costTabs"_s);
    m_environments->setObjectName(u"costEnvironment"_s);
    m_rightsizingTable->setObjectName(u"rightsizingTable"_s);
    m_rightsizingTable->setModel(m_rightsizingModel);
    m_rightsizingTable->setSortingEnabled(true);
    m_rightsizingTable->verticalHeader()->hide();
    m_rightsizingTable->horizontalHeader()->setStretchLastSection(true);
    m_rightsizingModel->setSortRole(Qt::UserRole);

    for (int tab = 0; tab < TabCount; ++tab) {
        m_views << chartView(this);
        m_views.last()->setObjectName(u"chart:"_s + QLatin1StringView(tabNames[tab]));
    }
    m_tabs->addTab(m_views.at(ByDayTab), tr("By day"));
    auto *workloadPage = new QWidget(this);
    auto *workloadLayout = new QVBoxLayout(workloadPage);
    auto *environmentRow = new QHBoxLayout;
    environmentRow->addWidget(new QLabel(tr("Environment:"), workloadPage));
    environmentRow->addWidget(m_environments, 1);
    workloadLayout->addLayout(environmentRow);
    workloadLayout->addWidget(m_views.at(ByWorkloadTab), 1);
    m_tabs->addTab(workloadPage, tr("By workload"));
    m_tabs->addTab(m_views.at(MostExpensiveTab), tr("Most expensive"));
    // The list first: it is what a person acts on; the chart compares the costs.
    auto *idlePage = new QSplitter(Qt::Vertical, this);
    idlePage->setObjectName(u"idlePage"_s);
    idlePage->addWidget(m_idlePanel);
    idlePage->addWidget(m_views.at(IdleTab));
    idlePage->setStretchFactor(0, 1);
    idlePage->setStretchFactor(1, 1);
    m_tabs->addTab(idlePage, tr("Idle"));
    auto *rightsizingPage = new QSplitter(Qt::Vertical, this);
    rightsizingPage->addWidget(m_rightsizingTable);
    rightsizingPage->addWidget(m_views.at(RightsizingTab));
    rightsizingPage->setStretchFactor(0, 2);   // the chart gets the larger part: its bars need labels
    rightsizingPage->setStretchFactor(1, 3);
    m_tabs->addTab(rightsizingPage, tr("Rightsizing"));
    m_tabs->addTab(m_views.at(GuardrailSavingsTab), tr("Guardrail savings"));

    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_tabs);
    auto *top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_stack, 1);

    connect(m_environments, &QComboBox::currentIndexChanged, this, &CostChartsWidget::rebuildWorkloadChart);
    // A destroyed preview leaves the chart as it leaves the list.
    connect(m_idlePanel, &IdlePreviewsPanel::destroyFinished, this, [this](const QString &name, bool ok) {
        if (!ok)
            return;
        m_report.idle.erase(std::remove_if(m_report.idle.begin(), m_report.idle.end(),
                                           [&name](const pd::core::IdlePreview &p) { return p.namespaceName == name; }),
                            m_report.idle.end());
        setChart(IdleTab, costcharts::idle(m_report));
    });
    connect(m_export, &QPushButton::clicked, this, &CostChartsWidget::promptExport);
    m_theme = palette().color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    setReport({}, QString());
}

CostChartsWidget::~CostChartsWidget() = default;

void CostChartsWidget::setReport(const pd::core::CostReport &report, const QString &sourceText)
{
    m_report = report;
    m_source = sourceText;
    QStringList header;
    header << (sourceText.isEmpty() ? tr("Data source: none") : tr("Data source: %1").arg(sourceText));
    if (report.windowEndMs > report.windowStartMs)
        header << tr("window %1 – %2 (UTC)").arg(utcDay(report.windowStartMs), utcDay(report.windowEndMs - 1));
    if (!report.isEmpty())
        header << tr("total %1").arg(pd::core::moneyText(report.totalCost));
    m_header->setText(header.join(u" · "_s));
    m_placeholder->setText(
        tr("No cost data for this window yet. PreviewDesk prices what each container requests and uses; "
           "it needs usage samples (recorded while the app runs, or by `previewctl cost record`) or OpenCost. "
           "The charts appear once there is at least one sample."));
    m_stack->setCurrentWidget(report.isEmpty() ? static_cast<QWidget *>(m_placeholder) : m_tabs);
    m_export->setEnabled(!report.isEmpty());
    rebuildCharts();
}

bool CostChartsWidget::showsPlaceholder() const
{
    return m_stack->currentWidget() == m_placeholder;
}

QString CostChartsWidget::headerText() const
{
    return m_header->text();
}

QString CostChartsWidget::placeholderText() const
{
    return m_placeholder->text();
}

void CostChartsWidget::rebuildCharts()
{
    const QString previous = m_environments->currentText();
    {
        const QSignalBlocker blocker(m_environments);
        m_environments->clear();
        for (const pd::core::EnvironmentWorkloadCost &environment : m_report.byEnvironment)
            m_environments->addItem(environment.environment);
        m_environments->setCurrentIndex(std::max(0, m_environments->findText(previous)));
    }
    setChart(ByDayTab, costcharts::byDay(m_report));
    rebuildWorkloadChart();
    setChart(MostExpensiveTab, costcharts::mostExpensive(m_report));
    setChart(IdleTab, costcharts::idle(m_report));
    m_idlePanel->setPreviews(m_report.idle);
    setChart(RightsizingTab, costcharts::rightsizingSavings(m_report));
    setChart(GuardrailSavingsTab, costcharts::guardrailSavings(m_report));
    fillRightsizingTable();
}

void CostChartsWidget::rebuildWorkloadChart()
{
    const int index = m_environments->currentIndex();
    setChart(ByWorkloadTab, costcharts::byWorkload(index >= 0 ? m_report.byEnvironment.value(index)
                                                              : pd::core::EnvironmentWorkloadCost{}));
}

void CostChartsWidget::fillRightsizingTable()
{
    m_rightsizingModel->clear();
    // The saving beside the names: it is what the list is sorted by and must not scroll away.
    m_rightsizingModel->setHorizontalHeaderLabels({tr("Namespace"), tr("Workload"), tr("Container"), tr("Monthly saving"),
                                                   tr("CPU request"), tr("CPU p95"), tr("CPU suggestion"),
                                                   tr("Memory request"), tr("Memory p95"), tr("Memory suggestion")});
    for (const pd::core::RightsizingSuggestion &s : m_report.rightsizing) {
        m_rightsizingModel->appendRow({
            item(s.namespaceName, 0), item(s.workload, 0), item(s.container, 0),
            item(pd::core::moneyText(s.monthlySaving), s.monthlySaving),
            item(millicores(s.cpuRequestCores), s.cpuRequestCores), item(millicores(s.cpuP95Cores), s.cpuP95Cores),
            item(millicores(s.suggestedCpuCores), s.suggestedCpuCores),
            item(mebibytes(s.memoryRequestBytes), s.memoryRequestBytes), item(mebibytes(s.memoryP95Bytes), s.memoryP95Bytes),
            item(mebibytes(s.suggestedMemoryBytes), s.suggestedMemoryBytes),
        });
    }
    for (int column : {0, 1, 2})   // text columns sort by text
        for (int row = 0; row < m_rightsizingModel->rowCount(); ++row)
            m_rightsizingModel->item(row, column)->setData(m_rightsizingModel->item(row, column)->text(), Qt::UserRole);
    m_rightsizingTable->resizeColumnsToContents();
}

void CostChartsWidget::setChart(Tab tab, QChart *chart)
{
    QChartView *view = m_views.at(tab);
    QChart *old = view->chart();
    view->setChart(chart);   // the view releases the old chart
    delete old;
    chart->setTheme(m_theme);
    for (QAbstractSeries *series : chart->series()) {
        auto *bars = qobject_cast<QAbstractBarSeries *>(series);
        if (!bars)
            continue;
        for (QBarSet *set : bars->barSets()) {
            connect(set, &QBarSet::hovered, this, [this, set](bool status, int index) {
                if (!status) {
                    QToolTip::hideText();
                    return;
                }
                m_lastToolTip = set->property(costcharts::toolTipsProperty).toStringList().value(index);
                QToolTip::showText(QCursor::pos(), m_lastToolTip, this);
            });
        }
    }
}

QChart *CostChartsWidget::chart(Tab tab) const
{
    return tab >= 0 && tab < TabCount ? m_views.at(tab)->chart() : nullptr;
}

QList<CostChartsWidget::SeriesData> CostChartsWidget::seriesData(Tab tab) const
{
    QList<SeriesData> out;
    QChart *c = chart(tab);
    if (!c)
        return out;
    for (QAbstractSeries *series : c->series()) {
        auto *bars = qobject_cast<QAbstractBarSeries *>(series);
        if (!bars)
            continue;
        QStringList categories;
        for (QAbstractAxis *axis : bars->attachedAxes()) {
            if (auto *categoryAxis = qobject_cast<QBarCategoryAxis *>(axis))
                categories = categoryAxis->categories();
        }
        for (QBarSet *set : bars->barSets()) {
            SeriesData data{set->label(), categories, {}};
            for (int i = 0; i < set->count(); ++i)
                data.values << set->at(i);
            out << data;
        }
    }
    return out;
}

void CostChartsWidget::setCurrentTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

CostChartsWidget::Tab CostChartsWidget::currentTab() const
{
    return Tab(std::clamp(m_tabs->currentIndex(), 0, TabCount - 1));
}

bool CostChartsWidget::setEnvironment(const QString &environment)
{
    const int index = m_environments->findText(environment);
    if (index < 0)
        return false;
    m_environments->setCurrentIndex(index);
    return true;
}

QString CostChartsWidget::environment() const
{
    return m_environments->currentText();
}

QString CostChartsWidget::csv(Tab tab) const
{
    switch (tab) {
    case ByDayTab: return costcsv::byDay(m_report);
    case ByWorkloadTab: return costcsv::byWorkload(m_report.byEnvironment.value(std::max(0, m_environments->currentIndex())));
    case MostExpensiveTab: return costcsv::mostExpensive(m_report);
    case IdleTab: return costcsv::idle(m_report);
    case RightsizingTab: return costcsv::rightsizing(m_report);
    case GuardrailSavingsTab: return costcsv::guardrailSavings(m_report);
    case TabCount: break;
    }
    return {};
}

bool CostChartsWidget::exportCsv(const QString &path, QString *error) const
{
    return costcsv::writeFile(path, csv(currentTab()), error);
}

void CostChartsWidget::promptExport()
{
    const QString suggested = u"cost-%1.csv"_s.arg(QLatin1StringView(tabNames[currentTab()]));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export CSV"), suggested, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export CSV"), tr("Could not export: %1").arg(error));
}

void CostChartsWidget::applyTheme()
{
    const QChart::ChartTheme theme =
        palette().color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (theme == m_theme)
        return;
    m_theme = theme;
    for (QChartView *view : std::as_const(m_views))
        view->chart()->setTheme(theme);
}

void CostChartsWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        applyTheme();
    QWidget::changeEvent(event);
}

} // namespace pd::gui
