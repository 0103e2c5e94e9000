#pragma once

#include "core/guardrail/guardrailstore.h"

#include <QAbstractTableModel>
#include <QList>
#include <QTimeZone>

namespace pd::gui {

// The guardrails in the cluster as a table: an enabled checkbox, name, action,
// next run, last run, result, schedule. Ticking the checkbox changes the row at once
// and asks for the change through enabledToggled(); the owner applies it and
// reloads (which reverts the row when the change failed).
class GuardrailListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardrailListModel)
public:
    // How it went before the schedule's detail: the result stays in sight in a narrow list.
    enum Column { EnabledColumn, NameColumn, ActionColumn, NextRunColumn, LastRunColumn, ResultColumn, ScheduleColumn, ColumnCount };
    enum Role { NameRole = Qt::UserRole + 1 };

    explicit GuardrailListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    // Replaces the rows, keeping rows of the same name in place where it can.
    void setGuardrails(const QList<pd::core::GuardrailStatus> &guardrails);
    const QList<pd::core::GuardrailStatus> &guardrails() const { return m_rows; }
    const pd::core::GuardrailStatus &status(int row) const { return m_rows.at(row); }
    int rowOf(const QString &name) const; // -1 when absent
    // The zone times are shown in (default: the system's); the schedule's zone goes beside.
    void setDisplayTimeZone(const QTimeZone &zone);
    // Read-only (the user may not write guardrails): the enabled checkbox cannot be ticked.
    void setReadOnly(bool readOnly);

    // "succeeded", "failed: guardrail-x-29123", "running (1 active)", "" (never ran).
    static QString resultText(const pd::core::GuardrailStatus &status);
    static QString scheduleText(const pd::core::Guardrail &guardrail);
    static QString actionText(const pd::core::Guardrail &guardrail);

Q_SIGNALS:
    void enabledToggled(const QString &name, bool enabled);

private:
    QList<pd::core::GuardrailStatus> m_rows;
    QTimeZone m_local;
    bool m_readOnly = false;
};

} // namespace pd::gui
