#pragma once

#include <QWidget>

QT_BEGIN_NAMESPACE
class QAbstractItemView;
class QLabel;
class QPushButton;
QT_END_NAMESPACE

namespace pd::gui {

// What an empty list says, with its first action ("No guardrails yet." + "New
// guardrail…"): a centred text and button over the view's viewport, shown while the
// view's model has no rows and a text is set.
class EmptyState final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmptyState)
public:
    explicit EmptyState(QAbstractItemView *view);
    ~EmptyState() override;

    // An empty action text hides the button.
    void setContent(const QString &text, const QString &actionText = {});
    QLabel *label() const { return m_label; }
    QPushButton *button() const { return m_button; }
    // Whether the view shows it now (its model is empty).
    bool isShown() const;

Q_SIGNALS:
    void actionTriggered();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void follow();
    void updateVisibility();

    QAbstractItemView *m_view;
    QLabel *m_label;
    QPushButton *m_button;
    QMetaObject::Connection m_modelConnections[3];
};

} // namespace pd::gui
