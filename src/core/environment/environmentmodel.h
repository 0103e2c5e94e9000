#pragma once

#include "environment.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>

#include <functional>
#include <optional>

namespace pd::core {

// Every environment of one cluster, one row each. Updated incrementally by name
// (upsert/remove emit dataChanged/rowsInserted/rowsRemoved, never a reset), so a view
// keeps its selection and scroll position while the cluster changes.
class EnvironmentModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentModel)
public:
    enum Column {
        NameColumn,
        RoleColumn,
        PrColumn,
        BranchColumn,
        OwnerColumn,
        StateColumn,
        ServicesColumn,
        AgeColumn,
        ExpiresInColumn,
        UrlColumn,
        ParentColumn,
        QuotaColumn,
        CostColumn,          // empty until cost attribution exists: never an invented number
        ColumnCount
    };
    Q_ENUM(Column)

    enum Roles {
        SortRole = Qt::UserRole + 1,   // raw value for sorting (numbers, seconds, state order)
        NameRole,                      // the namespace name of the row, any column
        StateRole,                     // int(EnvironmentState), any column
        UrlRole,                       // QUrl, any column
        ProblemRole,                   // QString: why it is degraded (pod probe), any column
        PullRequestStateRole,          // QString: "open" | "draft" | "merged" | "closed" | ""
        CostPerDayRole,                // double (USD) or invalid when not attributed
    };

    using Clock = std::function<QDateTime()>;
    explicit EnvironmentModel(Clock clock = {}, QObject *parent = nullptr);
    ~EnvironmentModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Inserts a new row or updates the existing one of the same name (dataChanged
    // only for the cells whose text or sort value changed).
    void upsert(const Environment &environment);
    // Removes the row of that namespace; false when there is none.
    bool remove(const QString &name);
    // Upserts many at once: new rows arrive in one rowsInserted (a first list of 10,000).
    void upsertAll(const QList<Environment> &environments);
    // Removes every row whose name is not in `names` (after a re-list).
    void retainOnly(const QStringList &names);

    int rowOf(const QString &name) const;          // -1 when absent
    const Environment &environment(int row) const;
    std::optional<Environment> find(const QString &name) const;
    QStringList names() const;

    // Facts from other sources, kept by name across upserts, dropped with the row.
    // Each is ignored for an unknown name and emits dataChanged only when it changes.
    void setProblem(const QString &name, const QString &problem);
    // What the row's pods say (a probe): kept as the problem summary too, and the row's
    // state and Services counts are judged again with them (applyHealth).
    void setPodProblems(const QString &name, const QList<PodProblem> &problems);
    void setPullRequest(const QString &name, const PullRequestInfo &info);
    void setCostPerDay(const QString &name, std::optional<double> dollars);
    const EnvironmentExtras &extras(int row) const;

    // Age and "expires in" depend on now: emits dataChanged for those columns.
    void refreshTimes();
    QDateTime now() const;

    // Text helpers shared with the views ("3 d", "5 h", "expired").
    static QString durationText(qint64 seconds);
    // Time left: hours and minutes under 10 h ("1 h 59 min"), else as durationText().
    static QString timeLeftText(qint64 seconds);
    // The one relative time of the app: "2 h ago", "just now" (under a minute, or a clock a
    // little ahead); empty for an invalid time.
    static QString agoText(const QDateTime &then, const QDateTime &now);

private:
    QVariant display(const Environment &environment, const EnvironmentExtras &extras, int column) const;
    QVariant sortValue(const Environment &environment, const EnvironmentExtras &extras, int column) const;
    QVariant toolTip(const Environment &environment, const EnvironmentExtras &extras, int column) const;
    void updateExtras(const QString &name, const std::function<void(EnvironmentExtras &)> &change);
    void emitRowChanges(int row, const Environment &old, const EnvironmentExtras &oldExtras);
    void reindexFrom(int row);

    Clock m_clock;
    QList<Environment> m_rows;
    QList<EnvironmentExtras> m_extras;   // parallel to m_rows
    QHash<QString, int> m_index;   // name -> row
};

} // namespace pd::core
