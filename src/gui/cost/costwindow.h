#pragma once

#include <QPointer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QPushButton;
QT_END_NAMESPACE

namespace pd::gui {

class CostChartsWidget;
class Session;

// The Cost window of one session: the charts over a chosen window (24 h, 7 d, 30 d),
// computed from the session's cost history, refreshed after every sample. The header
// says where the numbers come from and how much of the window the history covers.
class CostWindow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostWindow)
public:
    explicit CostWindow(Session *session, QWidget *parent = nullptr);
    ~CostWindow() override;

    CostChartsWidget *charts() const { return m_charts; }
    QComboBox *windowCombo() const { return m_window; }
    // Recomputes the report from the history now.
    void refresh();

private:
    QPointer<Session> m_session;
    QComboBox *m_window;
    QPushButton *m_sampleNow;
    CostChartsWidget *m_charts;
};

} // namespace pd::gui
