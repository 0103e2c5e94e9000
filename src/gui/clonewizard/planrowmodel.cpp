#include "planrowmodel.h"

#include "core/clone/planrowtext.h"
#include "gui/palettecolors.h"

#include <QBrush>

#include <QHash>

using namespace Qt::StringLiterals;

namespace pd::gui {

PlanRowModel::PlanRowModel(QObject *parent)
    : QAbstractItemModel(parent)
{
    m_nodes.append(Node{});
}

// No English translation is loaded: spelled out rather than "%n change(s)".
QString PlanRowModel::changesText(int count)
{
    return count == 1 ? tr("1 change") : tr("%1 changes").arg(count);
}

QString PlanRowModel::mask()
{
    return u"••••••"_s;
}

int PlanRowModel::addNode(int parent, Node node)
{
    node.parent = parent;
    node.rowInParent = int(m_nodes[parent].children.size());
    const int id = int(m_nodes.size());
    m_nodes.append(node);
    m_nodes[parent].children.append(id);
    return id;
}

void PlanRowModel::setRows(const QList<pd::core::PlanRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    m_nodes = {Node{}};
    m_bookkeepingNode = -1;
    m_bookkeepingCount = 0;
    // Objects in the plan's order; the bookkeeping line last, its objects in the same order.
    QHash<QString, int> meaningObjects, bookkeepingObjects;
    QList<int> bookkeepingRows;
    for (int i = 0; i < m_rows.size(); ++i) {
        const pd::core::PlanRow &row = m_rows.at(i);
        if (pd::core::planRowWeight(row.rule) == pd::core::PlanRowWeight::Bookkeeping) {
            bookkeepingRows << i;
            continue;
        }
        int object = meaningObjects.value(row.object, -1);
        if (object < 0) {
            Node node;
            node.kind = NodeKind::Object;
            node.object = row.object;
            object = addNode(0, node);
            meaningObjects.insert(row.object, object);
        }
        Node leaf;
        leaf.kind = NodeKind::Row;
        leaf.planRow = i;
        addNode(object, leaf);
        ++m_nodes[object].rowCount;
    }
    if (!bookkeepingRows.isEmpty()) {
        Node group;
        group.kind = NodeKind::Bookkeeping;
        group.bookkeeping = true;
        group.rowCount = int(bookkeepingRows.size());
        m_bookkeepingNode = addNode(0, group);
        m_bookkeepingCount = group.rowCount;
        for (const int i : std::as_const(bookkeepingRows)) {
            const pd::core::PlanRow &row = m_rows.at(i);
            int object = bookkeepingObjects.value(row.object, -1);
            if (object < 0) {
                Node node;
                node.kind = NodeKind::Object;
                node.object = row.object;
                node.bookkeeping = true;
                object = addNode(m_bookkeepingNode, node);
                bookkeepingObjects.insert(row.object, object);
            }
            Node leaf;
            leaf.kind = NodeKind::Row;
            leaf.planRow = i;
            leaf.bookkeeping = true;
            addNode(object, leaf);
            ++m_nodes[object].rowCount;
        }
    }
    endResetModel();
}

int PlanRowModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? int(index.internalId()) : 0;
}

const pd::core::PlanRow *PlanRowModel::planRow(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const Node &node = m_nodes.at(nodeOf(index));
    return node.kind == NodeKind::Row ? &m_rows.at(node.planRow) : nullptr;
}

QModelIndex PlanRowModel::bookkeepingIndex() const
{
    if (m_bookkeepingNode < 0)
        return {};
    return createIndex(m_nodes.at(m_bookkeepingNode).rowInParent, 0, quintptr(m_bookkeepingNode));
}

QModelIndex PlanRowModel::indexOfRow(int row) const
{
    for (int id = 1; id < m_nodes.size(); ++id)
        if (m_nodes.at(id).kind == NodeKind::Row && m_nodes.at(id).planRow == row)
            return createIndex(m_nodes.at(id).rowInParent, 0, quintptr(id));
    return {};
}

QModelIndex PlanRowModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0 || (parent.isValid() && parent.column() != 0))
        return {};
    const Node &node = m_nodes.at(nodeOf(parent));
    if (row >= node.children.size())
        return {};
    return createIndex(row, column, quintptr(node.children.at(row)));
}

QModelIndex PlanRowModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int parentId = m_nodes.at(nodeOf(child)).parent;
    if (parentId <= 0)
        return {};
    return createIndex(m_nodes.at(parentId).rowInParent, 0, quintptr(parentId));
}

int PlanRowModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(m_nodes.at(nodeOf(parent)).children.size());
}

int PlanRowModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant PlanRowModel::rowData(const Node &node, int column, int role) const
{
    const pd::core::PlanRow &row = m_rows.at(node.planRow);
    const auto shown = [&row](const QString &value) { return row.secret && !value.isEmpty() ? mask() : value; };
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return row.field.isEmpty() ? tr("(the whole object)") : row.field;
        case NewColumn: return shown(row.newValue);
        case RuleColumn: return pd::core::planRuleTitle(row.rule);
        default: return {};
        }
    case Qt::ToolTipRole:
        if (column == RuleColumn)
            return pd::core::planRuleDescription(row.rule);
        if (row.secret)
            return tr("Secret values stay masked; select the row to reveal them, if you may read secrets.");
        return tr("%1\nwas: %2\nbecomes: %3").arg(row.field, row.oldValue, row.newValue);
    case Qt::ForegroundRole:
        // "Regenerated" stands out, in the palette's positive tone (readable on light and dark).
        if (column == RuleColumn && row.rule == pd::core::PlanRule::SecretRegenerated)
            return QBrush(colors::toneText(colors::Tone::Positive));
        return {};
    case PlanRowRole: return node.planRow;
    case ObjectRole: return row.object;
    case FieldRole: return row.field;
    case OldValueRole: return shown(row.oldValue);
    case NewValueRole: return shown(row.newValue);
    case RuleTitleRole: return pd::core::planRuleTitle(row.rule);
    case RuleExplanationRole: return pd::core::planRuleDescription(row.rule);
    case SecretRole: return row.secret;
    case BookkeepingRole: return node.bookkeeping;
    default: return {};
    }
}

QVariant PlanRowModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this)
        return {};
    const Node &node = m_nodes.at(nodeOf(index));
    if (node.kind == NodeKind::Row)
        return rowData(node, index.column(), role);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return node.kind == NodeKind::Bookkeeping ? tr("Bookkeeping every clone does (%1)").arg(changesText(node.rowCount))
                                                      : node.object;
        if (index.column() == NewColumn)
            return node.kind == NodeKind::Bookkeeping ? tr("server fields removed, controller objects left out, preview labels")
                                                      : changesText(node.rowCount);
        return {};
    case Qt::ToolTipRole:
        return node.kind == NodeKind::Bookkeeping
            ? tr("Changes that do not alter what the preview does: fields the API server sets, objects that "
                 "belong to the source alone or that their controller makes anew, and the preview's labels.")
            : QVariant();
    case PlanRowRole: return -1;
    case ObjectRole: return node.object;
    case BookkeepingRole: return node.bookkeeping;
    case SecretRole: return false;
    default: return {};
    }
}

QVariant PlanRowModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Object and field");
    case NewColumn: return tr("New value");
    case RuleColumn: return tr("Why");
    default: return {};
    }
}

} // namespace pd::gui
