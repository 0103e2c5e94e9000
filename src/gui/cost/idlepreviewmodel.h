#pragma once

#include "core/cost/idleandrightsizing.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace pd::gui {

// The Idle tab's rows: each idle preview with who owns it, its pull request, how much of
// its CPU requests it used and what it cost over the window. Owner and PR come from the
// environment the namespace is now (setPreviews' second argument); empty when unknown.
class IdlePreviewModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IdlePreviewModel)
public:
    // The cost beside the name: it is what the list is sorted by and must not scroll away.
    enum Column { NamespaceColumn, CostColumn, UsageColumn, OwnerColumn, PullRequestColumn, ColumnCount };
    enum Role { NamespaceRole = Qt::UserRole + 1, SortRole };

    struct Row
    {
        pd::core::IdlePreview preview;
        QString owner;
        QString pullRequest;   // "1423", empty without one
        QString refusal;       // why nothing may act on it (core's mutationRefusal), empty when allowed
    };

    explicit IdlePreviewModel(QObject *parent = nullptr);
    ~IdlePreviewModel() override;

    void setRows(const QList<Row> &rows);
    const Row &row(int index) const { return m_rows.at(index); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Row> m_rows;
};

} // namespace pd::gui
