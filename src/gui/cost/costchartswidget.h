#pragma once

#include "core/cost/costreport.h"

#include <QChart>
#include <QList>
#include <QStringList>
#include <QWidget>

class QChartView;
class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QStandardItemModel;
class QTabWidget;
class QTableView;

namespace pd::gui {

class IdlePreviewsPanel;

// The cost window's body: one tab per chart of a CostReport, a header naming the data
// source and the window, tooltips with exact figures, "Export CSV…" of the current tab.
// Builds nothing itself: the caller computes the report (buildCostReport) and says where
// its numbers come from. An empty report shows a sentence, never zeros.
class CostChartsWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostChartsWidget)
public:
    enum Tab { ByDayTab, ByWorkloadTab, MostExpensiveTab, IdleTab, RightsizingTab, GuardrailSavingsTab, TabCount };

    // What a chart shows, read back from its series (for tests and accessibility).
    struct SeriesData
    {
        QString name;
        QStringList categories;   // as the category axis lists them
        QList<double> values;     // one per category
    };

    explicit CostChartsWidget(QWidget *parent = nullptr);
    ~CostChartsWidget() override;

    // sourceText: "history, 7 d", "estimate from current usage", "OpenCost" ...
    void setReport(const pd::core::CostReport &report, const QString &sourceText);
    const pd::core::CostReport &report() const { return m_report; }

    bool showsPlaceholder() const;
    QString headerText() const;
    QString placeholderText() const;

    QChart *chart(Tab tab) const;
    QList<SeriesData> seriesData(Tab tab) const;
    QChart::ChartTheme chartTheme() const { return m_theme; }
    QStandardItemModel *rightsizingModel() const { return m_rightsizingModel; }
    // The Idle tab's list of idle previews and its actions.
    IdlePreviewsPanel *idlePanel() const { return m_idlePanel; }

    void setCurrentTab(Tab tab);
    Tab currentTab() const;
    // The environment shown by the "By workload" tab; false when the report has none by that name.
    bool setEnvironment(const QString &environment);
    QString environment() const;

    QString csv(Tab tab) const;
    // Writes the current tab's CSV; false and *error when the file cannot be written.
    bool exportCsv(const QString &path, QString *error = nullptr) const;

    // The tooltip last shown for a hovered bar (QToolTip shows the same text).
    QString lastToolTip() const { return m_lastToolTip; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuildCharts();
    void rebuildWorkloadChart();
    void fillRightsizingTable();
    void setChart(Tab tab, QChart *chart);
    void applyTheme();
    void promptExport();

    pd::core::CostReport m_report;
    QString m_source;
    QLabel *m_header;
    QPushButton *m_export;
    QStackedWidget *m_stack;
    QLabel *m_placeholder;
    QTabWidget *m_tabs;
    QComboBox *m_environments;
    QTableView *m_rightsizingTable;
    QStandardItemModel *m_rightsizingModel;
    IdlePreviewsPanel *m_idlePanel;
    QList<QChartView *> m_views;   // index = Tab
    QChart::ChartTheme m_theme = QChart::ChartThemeLight;
    QString m_lastToolTip;
};

} // namespace pd::gui
