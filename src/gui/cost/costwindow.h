#pragma once

#include "core/cost/coststore.h"
#include "core/cost/opencostclient.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QSet>
#include <QWidget>

#include <memory>

QT_BEGIN_NAMESPACE
class QComboBox;
QT_END_NAMESPACE

namespace pd::core {
class Session;
}

namespace pd::gui {

class CostChartsWidget;
namespace Ui {
class CostWindow;
}
using Session = pd::core::Session;   // the one core session of a context

// The Cost window of one session: the charts over a chosen window (24 h, 7 d, 30 d),
// computed from the session's cost history, refreshed after every sample, or, where the
// cluster runs OpenCost (opencost/opencost, detected on open and then preselected), from
// OpenCost's allocation by namespace. The header says which source is in use and, for the
// history, how much of the window it covers. The history's report is computed on the cost
// store's thread, with its progress in the window's bar; a newer refresh, or the window
// going, cancels the one under way.
class CostWindow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostWindow)
public:
    explicit CostWindow(Session *session, QWidget *parent = nullptr);
    ~CostWindow() override;

    CostChartsWidget *charts() const;
    QComboBox *windowCombo() const;
    // "history" | "opencost" in its item data.
    QComboBox *sourceCombo() const;
    // Recomputes the report from the history, or fetches it from OpenCost, now.
    void refresh();
    // A report from the history is being computed.
    bool isComputing() const { return m_report.isRunning(); }

Q_SIGNALS:
    // "Add to scale-down guardrail…" on the Idle tab, with the chosen namespaces.
    void scaleDownGuardrailRequested(const QStringList &namespaces);
    // The OpenCost detection finished (found or not), after any preselection.
    void openCostDetected(bool found);
    // An OpenCost allocation arrived (or failed) and is shown.
    void openCostShown();
    // The history's report (or why there is none) is shown.
    void historyShown();

private:
    void refreshFromHistory();
    void refreshFromOpenCost();
    void showHistory();
    void showOpenCost();
    void showOpenCostReport(const pd::core::OpenCostResult &result, const QSet<QString> &previews);
    QString openCostTitle() const;

    std::unique_ptr<Ui::CostWindow> m_ui;   // ui/costwindow.ui
    QPointer<Session> m_session;
    pd::core::OpenCostClient *m_openCost = nullptr;   // null without a cluster client
    QFutureWatcher<bool> m_detection;
    QFutureWatcher<pd::core::OpenCostResult> m_allocation;
    qint64 m_allocationSpanMs = 0;                     // the window m_allocation was asked for
    quint64 m_openCostRound = 0;                       // the allocation being shown (previews asked)
    QFutureWatcher<pd::core::CostHistoryReport> m_report;
    qint64 m_reportSpanMs = 0;                         // the window m_report was asked for
    qint64 m_shownSpanMs = 0;                          // the window of the history's report shown (0: none)
    bool m_sourceChosen = false;                       // the user picked one: detection leaves it
};

} // namespace pd::gui
