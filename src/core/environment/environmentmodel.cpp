#include "environmentmodel.h"

#include <QLocale>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace pd::core {

EnvironmentModel::EnvironmentModel(Clock clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock(std::move(clock))
{
}

EnvironmentModel::~EnvironmentModel() = default;

QDateTime EnvironmentModel::now() const
{
    return m_clock ? m_clock().toUTC() : QDateTime::currentDateTimeUtc();
}

int EnvironmentModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EnvironmentModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(ColumnCount);
}

QString EnvironmentModel::durationText(qint64 seconds)
{
    const qint64 s = std::abs(seconds);
    if (s < 60)
        return tr("%n s", nullptr, int(s));
    if (s < 2 * 3600)
        return tr("%n min", nullptr, int(s / 60));
    if (s < 2 * 86400)
        return tr("%n h", nullptr, int(s / 3600));
    return tr("%n d", nullptr, int(s / 86400));
}

QVariant EnvironmentModel::display(const Environment &env, int column) const
{
    switch (column) {
    case NameColumn: return env.name;
    case RoleColumn: return roleText(env.role);
    case PrColumn: return env.pr.isEmpty() ? QString() : QString(u'#' + env.pr);
    case BranchColumn: return env.branch;
    case OwnerColumn: return env.owner;
    case StateColumn: return stateText(env.state);
    case ServicesColumn:
        return QString(QString::number(env.servicesReady) % u'/' % QString::number(env.servicesTotal));
    case AgeColumn:
        return env.created.isValid() ? durationText(env.created.secsTo(now())) : QString();
    case ExpiresInColumn: {
        if (!env.expiresAt.isValid())
            return QString();
        const qint64 left = now().secsTo(env.expiresAt);
        return left > 0 ? durationText(left) : tr("expired %1 ago").arg(durationText(left));
    }
    case UrlColumn: return env.url.toString();
    case ParentColumn: return env.parent;
    case QuotaColumn: {
        const double use = env.quotaUse();
        return use < 0 ? QString() : QString(QString::number(qRound(use * 100)) % u'%');
    }
    case CostColumn: return QString();
    }
    return {};
}

QVariant EnvironmentModel::sortValue(const Environment &env, int column) const
{
    switch (column) {
    case PrColumn: return env.pr.isEmpty() ? -1 : env.pr.toLongLong();
    case StateColumn: return stateSortOrder(env.state);
    case ServicesColumn:
        return env.servicesTotal == 0 ? -1.0 : double(env.servicesReady) / env.servicesTotal;
    case AgeColumn: return env.created.isValid() ? env.created.secsTo(now()) : qint64(-1);
    case ExpiresInColumn:
        return env.expiresAt.isValid() ? now().secsTo(env.expiresAt) : std::numeric_limits<qint64>::max();
    case QuotaColumn: return env.quotaUse();
    case CostColumn: return QVariant();
    default: return display(env, column);
    }
}

QVariant EnvironmentModel::toolTip(const Environment &env, int column) const
{
    switch (column) {
    case StateColumn: return env.stateReason;
    case ExpiresInColumn:
        return env.expiresAt.isValid()
                ? QString(env.expiresAt.toString(Qt::ISODate) % u" ("_s % env.expirySource % u')') : QString();
    case QuotaColumn: return env.quotaUseText();
    case CostColumn: return tr("Cost attribution is not available yet");
    case AgeColumn: return env.created.toString(Qt::ISODate);
    default: return {};
    }
}

QVariant EnvironmentModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Environment &env = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(env, index.column());
    case SortRole: return sortValue(env, index.column());
    case NameRole: return env.name;
    case StateRole: return int(env.state);
    case UrlRole: return env.url;
    case Qt::ToolTipRole: return toolTip(env, index.column());
    default: return {};
    }
}

QVariant EnvironmentModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Name");
    case RoleColumn: return tr("Role");
    case PrColumn: return tr("PR");
    case BranchColumn: return tr("Branch");
    case OwnerColumn: return tr("Owner");
    case StateColumn: return tr("State");
    case ServicesColumn: return tr("Services");
    case AgeColumn: return tr("Age");
    case ExpiresInColumn: return tr("Expires in");
    case UrlColumn: return tr("URL");
    case ParentColumn: return tr("Parent");
    case QuotaColumn: return tr("Quota use");
    case CostColumn: return tr("Cost / day");
    }
    return {};
}

QHash<int, QByteArray> EnvironmentModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(NameRole, "name");
    names.insert(StateRole, "state");
    names.insert(UrlRole, "url");
    return names;
}

void EnvironmentModel::upsert(const Environment &environment)
{
    const auto found = m_index.constFind(environment.name);
    if (found == m_index.constEnd()) {
        const int row = int(m_rows.size());
        beginInsertRows({}, row, row);
        m_rows.append(environment);
        m_index.insert(environment.name, row);
        endInsertRows();
        return;
    }
    const int row = *found;
    const Environment old = m_rows.at(row);
    if (old == environment)
        return;
    m_rows[row] = environment;
    int first = -1;
    int last = -1;
    for (int column = 0; column < ColumnCount; ++column) {
        if (display(old, column) != display(environment, column)
            || sortValue(old, column) != sortValue(environment, column)
            || toolTip(old, column) != toolTip(environment, column)) {
            if (first < 0)
                first = column;
            last = column;
        }
    }
    // Only details (workloads, labels ...) changed: still tell the views about the row.
    if (first < 0) {
        first = 0;
        last = ColumnCount - 1;
    }
    Q_EMIT dataChanged(index(row, first), index(row, last));
}

bool EnvironmentModel::remove(const QString &name)
{
    const auto found = m_index.constFind(name);
    if (found == m_index.constEnd())
        return false;
    const int row = *found;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_index.remove(name);
    for (int i = row; i < m_rows.size(); ++i)
        m_index[m_rows.at(i).name] = i;
    endRemoveRows();
    return true;
}

void EnvironmentModel::retainOnly(const QStringList &names)
{
    const QSet<QString> keep(names.cbegin(), names.cend());
    const QStringList current = this->names();
    for (const QString &name : current) {
        if (!keep.contains(name))
            remove(name);
    }
}

int EnvironmentModel::rowOf(const QString &name) const
{
    return m_index.value(name, -1);
}

const Environment &EnvironmentModel::environment(int row) const
{
    return m_rows.at(row);
}

std::optional<Environment> EnvironmentModel::find(const QString &name) const
{
    const int row = rowOf(name);
    if (row < 0)
        return std::nullopt;
    return m_rows.at(row);
}

QStringList EnvironmentModel::names() const
{
    QStringList result;
    result.reserve(m_rows.size());
    for (const Environment &env : m_rows)
        result.append(env.name);
    return result;
}

void EnvironmentModel::refreshTimes()
{
    if (m_rows.isEmpty())
        return;
    Q_EMIT dataChanged(index(0, AgeColumn), index(int(m_rows.size()) - 1, ExpiresInColumn),
                       {Qt::DisplayRole, SortRole, Qt::ToolTipRole});
}

} // namespace pd::core
