#pragma once

#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLineEdit;
class QToolButton;
QT_END_NAMESPACE

namespace pd::core {
class EnvironmentFilterProxy;
}

namespace pd::gui {

// The filter row above the environment table: free text (Ctrl+F in the window),
// role, state, owner and "expiring within" combos. Writes the proxy's typed setters.
class EnvironmentFilterBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentFilterBar)
public:
    explicit EnvironmentFilterBar(pd::core::EnvironmentFilterProxy *proxy, QWidget *parent = nullptr);
    ~EnvironmentFilterBar() override;

    QLineEdit *textEdit() const { return m_text; }
    QComboBox *roleCombo() const { return m_role; }
    QComboBox *stateCombo() const { return m_state; }
    QComboBox *ownerCombo() const { return m_owner; }
    QComboBox *expiryCombo() const { return m_expiry; }

    // The owners offered in the owner combo (the current choice is kept).
    void setOwners(const QStringList &owners);
    void clear();

Q_SIGNALS:
    // After the proxy's filters were set from the fields.
    void filtersChanged();

private:
    void apply();

    pd::core::EnvironmentFilterProxy *m_proxy;
    QLineEdit *m_text;
    QComboBox *m_role;
    QComboBox *m_state;
    QComboBox *m_owner;
    QComboBox *m_expiry;
    QToolButton *m_clear;
};

} // namespace pd::gui
