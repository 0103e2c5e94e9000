#include "environmentmodel.h"

#include "environmenthealth.h"
#include "namespaceinsight.h"
#include "core/cost/costformat.h"

#include <QLocale>

#include <algorithm>
#include <utility>
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

QString EnvironmentModel::timeLeftText(qint64 seconds)
{
    // "1 h 59 min" reads at a glance where "119 min" needs arithmetic; past 10 h the hour is enough.
    const qint64 s = std::abs(seconds);
    if (s < 3600 || s >= 10 * 3600)
        return durationText(seconds);
    const int minutes = int(s % 3600 / 60);
    return minutes == 0 ? tr("%n h", nullptr, int(s / 3600)) : tr("%1 h %2 min").arg(s / 3600).arg(minutes);
}

QString EnvironmentModel::agoText(const QDateTime &then, const QDateTime &now)
{
    if (!then.isValid())
        return {};
    const qint64 seconds = then.secsTo(now);
    return seconds < 60 ? tr("just now") : tr("%1 ago").arg(durationText(seconds));
}

QVariant EnvironmentModel::display(const Environment &env, const EnvironmentExtras &extras, int column) const
{
    switch (column) {
    case NameColumn: return env.name;
    case RoleColumn: return roleText(env.role);
    case PrColumn: {
        if (env.pr.isEmpty())
            return QString();
        const QString state = extras.pullRequest.state;
        return state.isEmpty() || state == u"open" ? QString(u'#' + env.pr)
                                                   : QString(u'#' % env.pr % u" ("_s % state % u')');
    }
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
        return left > 0 ? timeLeftText(left) : tr("expired %1 ago").arg(durationText(left));
    }
    case UrlColumn: return env.url.toString();
    case ParentColumn: return env.parent;
    case QuotaColumn: {
        const double use = env.quotaUse();
        return use < 0 ? QString() : QString(QString::number(qRound(use * 100)) % u'%');
    }
    case CostColumn:
        return extras.costPerDay ? moneyText(*extras.costPerDay, 2) : QString();
    }
    return {};
}

QVariant EnvironmentModel::sortValue(const Environment &env, const EnvironmentExtras &extras, int column) const
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
    case CostColumn: return extras.costPerDay ? QVariant(*extras.costPerDay) : QVariant(-1.0);
    default: return display(env, extras, column);
    }
}

QVariant EnvironmentModel::toolTip(const Environment &env, const EnvironmentExtras &extras, int column) const
{
    switch (column) {
    case StateColumn:
        // The reason in full, then every pod problem known (the reason names one of them).
        return extras.problem.isEmpty() || env.stateReason.startsWith(extras.problem)
                ? env.stateReason : QString(env.stateReason % u"\n\n"_s % extras.problem.split(u"; "_s).join(u'\n'));
    case PrColumn:
        return extras.pullRequest.state.isEmpty()
                ? QVariant()
                : QVariant(QString(extras.pullRequest.title % u" ("_s % extras.pullRequest.state % u')'));
    case ExpiresInColumn:
        return env.expiresAt.isValid()
                ? QString(env.expiresAt.toString(Qt::ISODate) % u" ("_s % env.expirySource % u')') : QString();
    case QuotaColumn: return env.quotaUseText();
    case ServicesColumn: return servicesText(env);
    case CostColumn:
        return extras.costPerDay ? tr("Attributed by OpenCost's rule: max(request, usage) x time x price")
                                 : tr("Not attributed yet: no usage has been sampled for this environment");
    case AgeColumn: return env.created.toString(Qt::ISODate);
    default: return {};
    }
}

QVariant EnvironmentModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Environment &env = m_rows.at(index.row());
    const EnvironmentExtras &extras = m_extras.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(env, extras, index.column());
    case SortRole: return sortValue(env, extras, index.column());
    case NameRole: return env.name;
    case StateRole: return int(env.state);
    case UrlRole: return env.url;
    case ProblemRole: return extras.problem;
    case PullRequestStateRole: return extras.pullRequest.state;
    case CostPerDayRole: return extras.costPerDay ? QVariant(*extras.costPerDay) : QVariant();
    case Qt::ToolTipRole: return toolTip(env, extras, index.column());
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
    upsertAll({environment});
}

void EnvironmentModel::upsertAll(const QList<Environment> &environments)
{
    QList<const Environment *> added;
    for (const Environment &environment : environments) {
        const auto found = m_index.constFind(environment.name);
        if (found == m_index.constEnd()) {
            added.append(&environment);
            continue;
        }
        const int row = *found;
        const QList<PodProblem> &pods = m_extras.at(row).podProblems;
        if (!pods.isEmpty()) {
            // The row's health is judged with what its pods are known to say.
            Environment judged = environment;
            applyHealth(judged, pods, now());
            if (m_rows.at(row) == judged)
                continue;
            const Environment old = std::exchange(m_rows[row], std::move(judged));
            emitRowChanges(row, old, m_extras.at(row));
            continue;
        }
        if (m_rows.at(row) == environment)
            continue;
        const Environment old = std::exchange(m_rows[row], environment);
        emitRowChanges(row, old, m_extras.at(row));
    }
    if (added.isEmpty())
        return;
    // Names may repeat within one batch: a name takes the place of its first occurrence
    // and the value of its last, as sequential upserts would have it.
    QHash<QString, qsizetype> lastOf;
    for (qsizetype i = 0; i < added.size(); ++i)
        lastOf.insert(added.at(i)->name, i);
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(lastOf.size()) - 1);
    for (const Environment *environment : std::as_const(added)) {
        if (m_index.contains(environment->name))
            continue;
        m_index.insert(environment->name, int(m_rows.size()));
        m_rows.append(*added.at(lastOf.value(environment->name)));
        m_extras.append(EnvironmentExtras());
    }
    endInsertRows();
}

namespace {

// Whether a column's text, sort value or tooltip can differ between two versions of a row,
// judged from the fields it is made of (cheap: a first sync compares 10,000 rows).
bool columnDiffers(int column, const Environment &a, const EnvironmentExtras &ax, const Environment &b,
                   const EnvironmentExtras &bx)
{
    switch (column) {
    case EnvironmentModel::NameColumn: return a.name != b.name;
    case EnvironmentModel::RoleColumn: return a.role != b.role;
    case EnvironmentModel::PrColumn: return a.pr != b.pr || ax.pullRequest != bx.pullRequest;
    case EnvironmentModel::BranchColumn: return a.branch != b.branch;
    case EnvironmentModel::OwnerColumn: return a.owner != b.owner;
    case EnvironmentModel::StateColumn:
        return a.state != b.state || a.stateReason != b.stateReason || ax.problem != bx.problem;
    case EnvironmentModel::ServicesColumn:
        return a.servicesReady != b.servicesReady || a.servicesTotal != b.servicesTotal;
    case EnvironmentModel::AgeColumn: return a.created != b.created;
    case EnvironmentModel::ExpiresInColumn: return a.expiresAt != b.expiresAt || a.expirySource != b.expirySource;
    case EnvironmentModel::UrlColumn: return a.url != b.url;
    case EnvironmentModel::ParentColumn: return a.parent != b.parent;
    case EnvironmentModel::QuotaColumn: return a.quotas != b.quotas;
    case EnvironmentModel::CostColumn: return ax.costPerDay != bx.costPerDay;
    }
    return true;
}

} // namespace

void EnvironmentModel::emitRowChanges(int row, const Environment &old, const EnvironmentExtras &oldExtras)
{
    const Environment &now = m_rows.at(row);
    const EnvironmentExtras &extras = m_extras.at(row);
    int first = -1;
    int last = -1;
    for (int column = 0; column < ColumnCount; ++column) {
        if (columnDiffers(column, old, oldExtras, now, extras)) {
            if (first < 0)
                first = column;
            last = column;
        }
    }
    // Only details (workloads, labels, problem ...) changed: still tell the views about the row.
    if (first < 0) {
        first = 0;
        last = ColumnCount - 1;
    }
    Q_EMIT dataChanged(index(row, first), index(row, last));
}

void EnvironmentModel::updateExtras(const QString &name, const std::function<void(EnvironmentExtras &)> &change)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    const EnvironmentExtras old = m_extras.at(row);
    change(m_extras[row]);
    if (m_extras.at(row) != old)
        emitRowChanges(row, m_rows.at(row), old);
}

void EnvironmentModel::setProblem(const QString &name, const QString &problem)
{
    updateExtras(name, [&](EnvironmentExtras &extras) { extras.problem = problem; });
}

void EnvironmentModel::setPodProblems(const QString &name, const QList<PodProblem> &problems)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    const Environment oldRow = m_rows.at(row);
    const EnvironmentExtras oldExtras = m_extras.at(row);
    EnvironmentExtras &extras = m_extras[row];
    extras.podProblems = problems;
    extras.problem = summarizeProblems(problems);
    applyHealth(m_rows[row], problems, now());
    if (extras != oldExtras || m_rows.at(row) != oldRow)
        emitRowChanges(row, oldRow, oldExtras);
}

void EnvironmentModel::setPullRequest(const QString &name, const PullRequestInfo &info)
{
    updateExtras(name, [&](EnvironmentExtras &extras) { extras.pullRequest = info; });
}

void EnvironmentModel::setCostPerDay(const QString &name, std::optional<double> dollars)
{
    updateExtras(name, [&](EnvironmentExtras &extras) { extras.costPerDay = dollars; });
}

const EnvironmentExtras &EnvironmentModel::extras(int row) const
{
    return m_extras.at(row);
}

bool EnvironmentModel::remove(const QString &name)
{
    const auto found = m_index.constFind(name);
    if (found == m_index.constEnd())
        return false;
    const int row = *found;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_extras.removeAt(row);
    m_index.remove(name);
    reindexFrom(row);
    endRemoveRows();
    return true;
}

void EnvironmentModel::reindexFrom(int row)
{
    for (int i = row; i < m_rows.size(); ++i)
        m_index[m_rows.at(i).name] = i;
}

void EnvironmentModel::retainOnly(const QStringList &names)
{
    const QSet<QString> keep(names.cbegin(), names.cend());
    // Contiguous runs of doomed rows go in one removal each, from the bottom up, so the
    // rows below are re-indexed once per run, not once per row.
    for (int last = int(m_rows.size()) - 1; last >= 0; --last) {
        if (keep.contains(m_rows.at(last).name))
            continue;
        int first = last;
        while (first > 0 && !keep.contains(m_rows.at(first - 1).name))
            --first;
        beginRemoveRows({}, first, last);
        for (int row = first; row <= last; ++row)
            m_index.remove(m_rows.at(row).name);
        m_rows.remove(first, last - first + 1);
        m_extras.remove(first, last - first + 1);
        reindexFrom(first);   // before the signal: its slots may look rows up by name
        endRemoveRows();
        last = first;
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
    // A pod failure turns into Degraded when its grace runs out, with nothing else changing.
    for (int row = 0; row < int(m_rows.size()); ++row) {
        if (m_extras.at(row).podProblems.isEmpty())
            continue;
        const Environment old = m_rows.at(row);
        applyHealth(m_rows[row], m_extras.at(row).podProblems, now());
        if (m_rows.at(row) != old)
            emitRowChanges(row, old, m_extras.at(row));
    }
    Q_EMIT dataChanged(index(0, AgeColumn), index(int(m_rows.size()) - 1, ExpiresInColumn),
                       {Qt::DisplayRole, SortRole, Qt::ToolTipRole});
}

} // namespace pd::core
