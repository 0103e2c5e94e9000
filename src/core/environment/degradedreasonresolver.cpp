#include "degradedreasonresolver.h"

#include "kube/bindto.h"
#include "environmentmodel.h"
#include "kube/apiclient.h"
#include "kube/logging.h"
#include "namespaceinsight.h"

#include <QElapsedTimer>

#include <limits>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

bool isUnhealthy(EnvironmentState state)
{
    return state == EnvironmentState::Degraded || state == EnvironmentState::Progressing;
}

} // namespace

DegradedReasonResolver::DegradedReasonResolver(EnvironmentModel *model, pd::kube::ApiClient *client, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_client(client)
{
    auto monotonic = std::make_shared<QElapsedTimer>();
    monotonic->start();
    m_clock = [monotonic] { return monotonic->elapsed(); };

    m_scanTimer.setSingleShot(true);
    m_scanTimer.setInterval(std::chrono::milliseconds(250));
    connect(&m_scanTimer, &QTimer::timeout, this, &DegradedReasonResolver::scan);
    m_recheckTimer.setSingleShot(true);
    connect(&m_recheckTimer, &QTimer::timeout, this, &DegradedReasonResolver::scan);

    if (m_model) {
        connect(m_model, &QAbstractItemModel::dataChanged, this, &DegradedReasonResolver::scheduleScan);
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &DegradedReasonResolver::scheduleScan);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &DegradedReasonResolver::scheduleScan);
        connect(m_model, &QAbstractItemModel::modelReset, this, &DegradedReasonResolver::scheduleScan);
        scheduleScan();
    }
}

DegradedReasonResolver::~DegradedReasonResolver() = default;

void DegradedReasonResolver::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void DegradedReasonResolver::setScanDelay(std::chrono::milliseconds delay)
{
    m_scanTimer.setInterval(delay);
}

qint64 DegradedReasonResolver::now() const
{
    return m_clock();
}

void DegradedReasonResolver::scheduleScan()
{
    if (!m_scanTimer.isActive())
        m_scanTimer.start();
}

// Whether the row needs a (re)check now.
bool DegradedReasonResolver::wants(const Entry &entry, qint64 current) const
{
    if (entry.inFlight || entry.queued)
        return false;
    if (entry.progressingSince >= 0 && current - entry.progressingSince < m_grace.count())
        return false;
    return entry.lastChecked < 0 || current - entry.lastChecked >= m_recheck.count();
}

void DegradedReasonResolver::scan()
{
    if (!m_model)
        return;
    const qint64 current = now();
    // Forget rows that left the model.
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (m_model->rowOf(it.key()) < 0) {
            m_queue.removeAll(it.key());
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
    qint64 nextDue = std::numeric_limits<qint64>::max();
    const int rows = m_model->rowCount();
    for (int row = 0; row < rows; ++row) {
        const Environment &env = m_model->environment(row);
        if (!isUnhealthy(env.state)) {
            m_entries.remove(env.name);
            if (!m_model->extras(row).problem.isEmpty() || !m_model->extras(row).podProblems.isEmpty())
                m_model->setPodProblems(env.name, {});
            continue;
        }
        Entry &entry = m_entries[env.name];
        if (env.state == EnvironmentState::Degraded)
            entry.progressingSince = -1;
        else if (entry.progressingSince < 0)
            entry.progressingSince = current;
        if (wants(entry, current)) {
            entry.queued = true;
            m_queue.append(env.name);
        } else if (!entry.inFlight && !entry.queued) {
            qint64 due = entry.lastChecked < 0 ? current : entry.lastChecked + m_recheck.count();
            if (entry.progressingSince >= 0)
                due = std::max(due, entry.progressingSince + m_grace.count());
            nextDue = std::min(nextDue, due);
        }
    }
    if (nextDue != std::numeric_limits<qint64>::max())
        m_recheckTimer.start(std::chrono::milliseconds(std::max<qint64>(0, nextDue - current) + 10));
    else
        m_recheckTimer.stop();
    pump();
}

void DegradedReasonResolver::pump()
{
    while (m_client && m_inFlight < m_maxInFlight && !m_queue.isEmpty()) {
        const QString name = m_queue.takeFirst();
        const auto it = m_entries.find(name);
        if (it == m_entries.end())
            continue;
        it->queued = false;
        it->inFlight = true;
        it->lastChecked = now();
        ++m_inFlight;
        fetch(name);
    }
}

void DegradedReasonResolver::fetch(const QString &name)
{
    pd::bindTo(this, fetchNamespaceSnapshot(m_client, name), [this](const NamespaceSnapshot &snapshot) { onFetched(snapshot); });
}

void DegradedReasonResolver::onFetched(const NamespaceSnapshot &snapshot)
{
    --m_inFlight;
    const QString &name = snapshot.namespaceName;
    const auto it = m_entries.find(name);
    if (it != m_entries.end())
        it->inFlight = false;
    const int row = m_model ? m_model->rowOf(name) : -1;
    if (it == m_entries.end() || row < 0 || !isUnhealthy(m_model->environment(row).state)) {
        pump();   // gone or healthy meanwhile: the next scan clears what is shown
        scheduleScan();
        return;
    }
    if (!snapshot.error.isEmpty()) {
        // Not allowed to list pods, or the cluster is away: keep what is shown.
        pd::log::core()->debug("cannot check pods of {}: {}", pd::log::str(name), pd::log::str(snapshot.error));
    } else {
        const QList<PodProblem> problems = podProblems(snapshot.pods, snapshot.events);
        m_model->setPodProblems(name, problems);
        Q_EMIT resolved(name, m_model->extras(m_model->rowOf(name)).problem);
    }
    pump();
    scheduleScan();   // arms the timer for the next recheck
}

} // namespace pd::core
