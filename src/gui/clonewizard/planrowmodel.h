#pragma once

#include "core/clone/planrow.h"

#include <QAbstractItemModel>
#include <QList>

namespace pd::gui {

// The plan's rows as a tree for the review: one node per object with the rows that
// change what the preview means (hosts, DNS names, prefixes, passwords, identities,
// images, quota), then one "Bookkeeping" node holding, again by object, what every
// clone does (server fields removed, controller objects dropped, lineage labels).
// Secret rows arrive masked from the planner and are shown masked again here.
class PlanRowModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlanRowModel)
public:
    enum Column { NameColumn, NewColumn, RuleColumn, ColumnCount };
    enum Role {
        PlanRowRole = Qt::UserRole + 1,   // int: the row's index in setRows(); -1 on a group
        ObjectRole,                       // "Deployment/checkout-api"
        FieldRole,
        OldValueRole,                     // masked on secret rows
        NewValueRole,                     // masked on secret rows
        RuleTitleRole,                    // a few words
        RuleExplanationRole,              // the rule in a sentence
        SecretRole,                       // bool
        BookkeepingRole,                  // bool: the bookkeeping group and everything under it
    };

    explicit PlanRowModel(QObject *parent = nullptr);

    void setRows(const QList<pd::core::PlanRow> &rows);
    const QList<pd::core::PlanRow> &rows() const { return m_rows; }
    const pd::core::PlanRow *planRow(const QModelIndex &index) const;

    // The one top-level "Bookkeeping" line (invalid when there is none) and its row count.
    QModelIndex bookkeepingIndex() const;
    int bookkeepingCount() const { return m_bookkeepingCount; }
    // The node showing plan row `row` (its index in setRows()).
    QModelIndex indexOfRow(int row) const;

    static QString mask();
    static QString changesText(int count);   // "1 change", "12 changes"

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    enum class NodeKind { Root, Object, Row, Bookkeeping };
    struct Node
    {
        NodeKind kind = NodeKind::Root;
        int parent = -1;         // node id
        int rowInParent = 0;
        QList<int> children;     // node ids
        QString object;          // Object nodes
        int planRow = -1;        // Row nodes
        bool bookkeeping = false;
        int rowCount = 0;        // plan rows under this node
    };
    int addNode(int parent, Node node);
    int nodeOf(const QModelIndex &index) const;
    QVariant rowData(const Node &node, int column, int role) const;

    QList<pd::core::PlanRow> m_rows;
    QList<Node> m_nodes;         // [0] is the root
    int m_bookkeepingNode = -1;
    int m_bookkeepingCount = 0;
};

} // namespace pd::gui
