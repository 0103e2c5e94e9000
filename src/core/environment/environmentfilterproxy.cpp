#include "environmentfilterproxy.h"

#include "environmentmodel.h"
#include "environmentpredicates.h"

using namespace Qt::StringLiterals;

namespace pd::core {

EnvironmentFilterProxy::EnvironmentFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(EnvironmentModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // Re-sort and re-filter as rows change in place (a state turning Degraded moves up).
    setDynamicSortFilter(true);
}

EnvironmentFilterProxy::~EnvironmentFilterProxy() = default;

void EnvironmentFilterProxy::filtersChanged()
{
    invalidateRowsFilter();
}

void EnvironmentFilterProxy::setRole(std::optional<EnvironmentRole> role)
{
    if (m_role == role)
        return;
    m_role = role;
    filtersChanged();
}

void EnvironmentFilterProxy::setOwner(const QString &owner)
{
    if (m_owner == owner.trimmed())
        return;
    m_owner = owner.trimmed();
    filtersChanged();
}

void EnvironmentFilterProxy::setPr(const QString &pr)
{
    QString value = pr.trimmed();
    if (value.startsWith(u'#'))
        value.remove(0, 1);
    if (m_pr == value)
        return;
    m_pr = value;
    filtersChanged();
}

void EnvironmentFilterProxy::setFreeText(const QString &text)
{
    if (m_freeText == text.trimmed())
        return;
    m_freeText = text.trimmed();
    filtersChanged();
}

void EnvironmentFilterProxy::setExpiringWithin(std::optional<std::chrono::seconds> window)
{
    if (m_expiringWithin == window)
        return;
    m_expiringWithin = window;
    filtersChanged();
}

void EnvironmentFilterProxy::setState(std::optional<EnvironmentState> state)
{
    if (m_state == state)
        return;
    m_state = state;
    filtersChanged();
}

void EnvironmentFilterProxy::clearFilters()
{
    m_role.reset();
    m_owner.clear();
    m_pr.clear();
    m_freeText.clear();
    m_expiringWithin.reset();
    m_state.reset();
    filtersChanged();
}

bool EnvironmentFilterProxy::accepts(const Environment &env, const QDateTime &now) const
{
    if (m_role && env.role != *m_role)
        return false;
    if (m_state && env.state != *m_state)
        return false;
    if (!m_owner.isEmpty() && !isOwnedBy(env, m_owner))
        return false;
    if (!m_pr.isEmpty() && env.pr != m_pr)
        return false;
    if (m_expiringWithin && !expiresWithin(env, now, *m_expiringWithin))
        return false;
    if (!m_freeText.isEmpty()) {
        const QString prText = env.pr.isEmpty() ? QString() : u'#' + env.pr;
        const QStringList haystack{env.name, env.environmentName, prText, env.branch, env.owner,
                                   env.url.toString(), env.parent, stateText(env.state), roleText(env.role)};
        const bool any = std::any_of(haystack.cbegin(), haystack.cend(), [this](const QString &field) {
            return field.contains(m_freeText, Qt::CaseInsensitive);
        });
        if (!any)
            return false;
    }
    return true;
}

bool EnvironmentFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = qobject_cast<const EnvironmentModel *>(sourceModel());
    if (!model || sourceParent.isValid())
        return true;
    return accepts(model->environment(sourceRow), model->now());
}

bool EnvironmentFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    const QPartialOrdering order = QVariant::compare(a, b);
    if (order == QPartialOrdering::Less)
        return true;
    if (order == QPartialOrdering::Greater)
        return false;
    // Ties (same state, same PR ...) fall back to the name, so the order is stable.
    const auto *model = qobject_cast<const EnvironmentModel *>(sourceModel());
    if (!model)
        return left.row() < right.row();
    return model->environment(left.row()).name < model->environment(right.row()).name;
}

} // namespace pd::core
