#pragma once

#include "environment.h"

#include <QSortFilterProxyModel>

#include <chrono>
#include <optional>

namespace pd::core {

class EnvironmentModel;

// Filters and sorts an EnvironmentModel. Every filter is typed and optional; rows
// must pass all that are set. Sorting uses EnvironmentModel::SortRole (raw values),
// so the State column puts Degraded and Expired on top.
class EnvironmentFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentFilterProxy)
public:
    explicit EnvironmentFilterProxy(QObject *parent = nullptr);
    ~EnvironmentFilterProxy() override;

    void setRole(std::optional<EnvironmentRole> role);
    void setOwner(const QString &owner);            // exact, case-insensitive; empty: any
    void setPr(const QString &pr);                  // "1423" or "#1423"; empty: any
    void setFreeText(const QString &text);          // substring of name, PR, branch, owner, URL, parent, state
    // Expires after now and no later than now + window; nullopt: no expiry filter.
    void setExpiringWithin(std::optional<std::chrono::seconds> window);
    void setState(std::optional<EnvironmentState> state);
    void clearFilters();

    std::optional<EnvironmentRole> role() const { return m_role; }
    QString owner() const { return m_owner; }
    QString pr() const { return m_pr; }
    QString freeText() const { return m_freeText; }
    std::optional<std::chrono::seconds> expiringWithin() const { return m_expiringWithin; }
    std::optional<EnvironmentState> state() const { return m_state; }

    // Whether one environment passes the filters at `now` (the proxy uses the model's clock).
    bool accepts(const Environment &environment, const QDateTime &now) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void filtersChanged();

    std::optional<EnvironmentRole> m_role;
    QString m_owner;
    QString m_pr;
    QString m_freeText;
    std::optional<std::chrono::seconds> m_expiringWithin;
    std::optional<EnvironmentState> m_state;
};

} // namespace pd::core
