#pragma once

#include "core/clone/planrow.h"

#include <QAbstractTableModel>
#include <QList>

namespace pd::gui {

// The plan's rows as a table: object, field, old value, new value, rule. Secret
// rows arrive masked from the planner and are shown masked again here.
class PlanRowModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlanRowModel)
public:
    enum Column { ObjectColumn, FieldColumn, OldColumn, NewColumn, RuleColumn, ColumnCount };

    explicit PlanRowModel(QObject *parent = nullptr);

    void setRows(const QList<pd::core::PlanRow> &rows);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<pd::core::PlanRow> m_rows;
};

} // namespace pd::gui
