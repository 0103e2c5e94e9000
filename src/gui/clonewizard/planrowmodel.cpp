#include "planrowmodel.h"

#include <QBrush>
#include "gui/palettecolors.h"

#include <QColor>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {
const QString kMask = u"••••••"_s;
}

PlanRowModel::PlanRowModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PlanRowModel::setRows(const QList<pd::core::PlanRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int PlanRowModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PlanRowModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PlanRowModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const pd::core::PlanRow &row = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case ObjectColumn: return row.object;
        case FieldColumn: return row.field;
        case OldColumn: return row.secret && !row.oldValue.isEmpty() ? kMask : row.oldValue;
        case NewColumn: return row.secret && !row.newValue.isEmpty() ? kMask : row.newValue;
        case RuleColumn: return pd::core::planRuleName(row.rule);
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == RuleColumn)
            return pd::core::planRuleDescription(row.rule);
        if (row.secret && (index.column() == OldColumn || index.column() == NewColumn))
            return tr("Secret values are never shown here.");
        if (index.column() != RuleColumn)
            return data(index, Qt::DisplayRole);
    }
    if (role == Qt::ForegroundRole && index.column() == RuleColumn && row.rule == pd::core::PlanRule::SecretRegenerated)
        return QBrush(colors::toneText(colors::Tone::Positive));
    return {};
}

QVariant PlanRowModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ObjectColumn: return tr("Object");
    case FieldColumn: return tr("Field");
    case OldColumn: return tr("Old value");
    case NewColumn: return tr("New value");
    case RuleColumn: return tr("Rule");
    default: return {};
    }
}

} // namespace pd::gui
