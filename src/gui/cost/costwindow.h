#pragma once

#include "core/cost/opencostclient.h"

#include <QFutureWatcher>
#include <QPointer>
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
// history, how much of the window it covers.
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

Q_SIGNALS:
    // "Add to scale-down guardrail…" on the Idle tab, with the chosen namespaces.
    void scaleDownGuardrailRequested(const QStringList &namespaces);
    // The OpenCost detection finished (found or not), after any preselection.
    void openCostDetected(bool found);
    // An OpenCost allocation arrived (or failed) and is shown.
    void openCostShown();

private:
    void refreshFromHistory();
    void refreshFromOpenCost();
    void showOpenCost();
    QString openCostTitle() const;

    std::unique_ptr<Ui::CostWindow> m_ui;   // ui/costwindow.ui
    QPointer<Session> m_session;
    pd::core::OpenCostClient *m_openCost = nullptr;   // null without a cluster client
    QFutureWatcher<bool> m_detection;
    QFutureWatcher<pd::core::OpenCostResult> m_allocation;
    qint64 m_allocationSpanMs = 0;                     // the window m_allocation was asked for
    bool m_sourceChosen = false;                       // the user picked one: detection leaves it
};

} // namespace pd::gui
