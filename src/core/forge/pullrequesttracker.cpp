#include "pullrequesttracker.h"

#include "core/environment/environment.h"
#include "core/environment/environmentmodel.h"
#include "kube/logging.h"

#include <QFutureWatcher>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

constexpr std::chrono::minutes defaultRefresh{5};
constexpr qint64 pauseWithoutResetSeconds = 60;

// "owner/name#42" -> ("owner/name", 42)
std::pair<QString, int> splitKey(const QString &key)
{
    const qsizetype hash = key.lastIndexOf(u'#');
    return {key.left(hash), key.mid(hash + 1).toInt()};
}

} // namespace

PullRequestTracker::PullRequestTracker(EnvironmentModel *model, GitHubClient *client, QObject *parent)
    : QObject(parent), m_model(model), m_client(client)
{
    m_refreshTimer.setInterval(defaultRefresh);
    connect(&m_refreshTimer, &QTimer::timeout, this, &PullRequestTracker::refreshAll);
    m_resumeTimer.setSingleShot(true);
    connect(&m_resumeTimer, &QTimer::timeout, this, [this] {
        m_pausedUntil = {};
        launchNext();
    });

    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        for (int row = first; row <= last; ++row)
            syncRow(row);
    });
    connect(model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
            syncRow(row);
    });
    connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this](const QModelIndex &, int first, int last) {
        for (int row = first; row <= last; ++row)
            untrack(m_model->environment(row).name);
        updateCandidates();
    });
    connect(model, &QAbstractItemModel::modelReset, this, &PullRequestTracker::syncAll);
    connect(model, &QAbstractItemModel::layoutChanged, this, &PullRequestTracker::syncAll);
    syncAll();
    m_refreshTimer.start();
}

PullRequestTracker::~PullRequestTracker() = default;

QString PullRequestTracker::repositoryOf(const Environment &environment)
{
    return GitHubClient::normalizeRepository(environment.annotations.value(repositoryAnnotation()));
}

void PullRequestTracker::setRefreshInterval(std::chrono::milliseconds interval)
{
    m_refreshTimer.start(interval);
}

void PullRequestTracker::setMaxConcurrent(int maximum)
{
    m_maxConcurrent = std::max(1, maximum);
    launchNext();
}

std::optional<PullRequest> PullRequestTracker::pullRequestOf(const QString &name) const
{
    const auto key = m_keyOf.constFind(name);
    if (key == m_keyOf.cend())
        return std::nullopt;
    const auto result = m_results.constFind(*key);
    return result == m_results.cend() ? std::nullopt : std::optional<PullRequest>(*result);
}

QStringList PullRequestTracker::trackedNames() const
{
    QStringList names = m_keyOf.keys();
    names.sort();
    return names;
}

void PullRequestTracker::refreshAll()
{
    QStringList keys = m_keyOf.values();
    keys.removeDuplicates();
    keys.sort();
    for (const QString &key : std::as_const(keys))
        enqueue(key);
}

void PullRequestTracker::syncAll()
{
    if (!m_model)
        return;
    QSet<QString> present;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        present.insert(m_model->environment(row).name);
        syncRow(row);
    }
    const QStringList tracked = m_keyOf.keys();
    for (const QString &name : tracked) {
        if (!present.contains(name))
            untrack(name);
    }
    updateCandidates();
}

void PullRequestTracker::syncRow(int row)
{
    if (!m_model || row < 0 || row >= m_model->rowCount())
        return;
    const Environment &environment = m_model->environment(row);
    const QString name = environment.name;
    bool numeric = false;
    const int number = environment.pr.toInt(&numeric);
    const QString repository = repositoryOf(environment);
    const QString key = environment.role == EnvironmentRole::Preview && numeric && number > 0 && !repository.isEmpty()
        ? repository + u'#' + QString::number(number)
        : QString();
    const QString old = m_keyOf.value(name);
    if (key == old)
        return;
    if (key.isEmpty()) {
        untrack(name);
        m_model->setPullRequest(name, {});
        updateCandidates();
        return;
    }
    m_keyOf.insert(name, key);
    const auto known = m_results.constFind(key);
    m_model->setPullRequest(name, known != m_results.cend() ? known->toInfo() : PullRequestInfo{});
    updateCandidates();
    if (known == m_results.cend())
        enqueue(key);
}

void PullRequestTracker::untrack(const QString &name)
{
    const QString key = m_keyOf.take(name);
    if (key.isEmpty())
        return;
    const bool stillUsed = std::any_of(m_keyOf.cbegin(), m_keyOf.cend(), [&key](const QString &k) { return k == key; });
    if (!stillUsed) {
        m_results.remove(key);
        m_queue.removeAll(key);
    }
}

void PullRequestTracker::enqueue(const QString &key)
{
    if (m_queue.contains(key) || m_inFlight.contains(key))
        return;
    m_queue.append(key);
    launchNext();
}

void PullRequestTracker::launchNext()
{
    if (!m_client) {
        m_queue.clear();
        return;
    }
    if (m_pausedUntil.isValid())
        return;
    while (m_inFlight.size() < m_maxConcurrent && !m_queue.isEmpty()) {
        const QString key = m_queue.takeFirst();
        if (std::none_of(m_keyOf.cbegin(), m_keyOf.cend(), [&key](const QString &k) { return k == key; }))
            continue;   // its previews went away while it waited
        m_inFlight.insert(key);
        const auto [repository, number] = splitKey(key);
        // A watcher owned by the tracker: destroyed with it, so a late answer reaches nobody.
        auto *watcher = new QFutureWatcher<PullRequestResult>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, key] {
            PullRequestResult result;
            if (watcher->future().resultCount() > 0) {
                result = watcher->result();
            } else {
                result.error = PullRequestResult::Error::Network;
                result.errorString = u"The request for %1 was cancelled"_s.arg(key);
            }
            watcher->deleteLater();
            finished(key, result);
        });
        watcher->setFuture(m_client->pullRequest(repository, number));
    }
}

void PullRequestTracker::finished(const QString &key, const PullRequestResult &result)
{
    m_inFlight.remove(key);
    if (result.ok()) {
        m_results.insert(key, result.pullRequest);
        const PullRequestInfo info = result.pullRequest.toInfo();
        for (auto it = m_keyOf.cbegin(); it != m_keyOf.cend(); ++it) {
            if (it.value() == key && m_model)
                m_model->setPullRequest(it.key(), info);
        }
        m_lastError.clear();
        updateCandidates();
    } else {
        if (result.error == PullRequestResult::Error::RateLimited) {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            m_pausedUntil = result.rateLimitReset.isValid() && result.rateLimitReset > now
                ? result.rateLimitReset
                : now.addSecs(pauseWithoutResetSeconds);
            m_queue.prepend(key);
            m_resumeTimer.start(std::chrono::milliseconds(now.msecsTo(m_pausedUntil) + 1000));
        }
        if (result.errorString != m_lastError) {
            m_lastError = result.errorString;
            Q_EMIT errorOccurred(m_lastError);
        }
    }
    launchNext();
    if (m_queue.isEmpty() && m_inFlight.isEmpty())
        Q_EMIT idle();
}

void PullRequestTracker::updateCandidates()
{
    QStringList candidates;
    for (auto it = m_keyOf.cbegin(); it != m_keyOf.cend(); ++it) {
        const auto result = m_results.constFind(it.value());
        if (result != m_results.cend() && result->isFinished())
            candidates << it.key();
    }
    candidates.sort();
    if (candidates == m_candidates)
        return;
    m_candidates = candidates;
    Q_EMIT teardownCandidatesChanged(m_candidates);
}

} // namespace pd::core
