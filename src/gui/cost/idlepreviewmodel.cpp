#include "idlepreviewmodel.h"

#include "core/cost/costformat.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

namespace pd::gui {

IdlePreviewModel::IdlePreviewModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

IdlePreviewModel::~IdlePreviewModel() = default;

void IdlePreviewModel::setRows(const QList<Row> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int IdlePreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int IdlePreviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IdlePreviewModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const pd::core::IdlePreview &p = r.preview;
    switch (role) {
    case NamespaceRole:
        return p.namespaceName;
    case Qt::DisplayRole:
        switch (index.column()) {
        case NamespaceColumn: return p.namespaceName;
        case OwnerColumn: return r.owner.isEmpty() ? QStringLiteral("\u2014") : r.owner;
        case PullRequestColumn: return r.pullRequest.isEmpty() ? QStringLiteral("\u2014") : u'#' + r.pullRequest;
        case UsageColumn: return tr("%1 %").arg(QLocale().toString(p.cpuUsageRatio * 100, 'f', 1));
        case CostColumn: return pd::core::moneyText(p.cost.totalCost);
        }
        return {};
    case SortRole:
        switch (index.column()) {
        case UsageColumn: return p.cpuUsageRatio;
        case CostColumn: return p.cost.totalCost;
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        if (!r.refusal.isEmpty())
            return r.refusal;
        return tr("%1 used %2 % of its CPU requests over the window and cost %3")
            .arg(p.namespaceName, QLocale().toString(p.cpuUsageRatio * 100, 'f', 1), pd::core::moneyText(p.cost.totalCost));
    case Qt::ForegroundRole:
        // Refused (a source, protected): shown, but plainly not something to act on.
        if (!r.refusal.isEmpty())
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == UsageColumn || index.column() == CostColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    }
    return {};
}

QVariant IdlePreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NamespaceColumn: return tr("Namespace");
    case OwnerColumn: return tr("Owner");
    case PullRequestColumn: return tr("Pull request");
    case UsageColumn: return tr("CPU used of requests");
    case CostColumn: return tr("Cost in window");
    }
    return {};
}

} // namespace pd::gui
