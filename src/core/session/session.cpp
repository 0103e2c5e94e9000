#include "session.h"

#include "core/cost/costrecorder.h"
#include "core/cost/coststore.h"
#include "core/environment/degradedreasonresolver.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "core/forge/githubclient.h"
#include "core/forge/pullrequesttracker.h"
#include "core/environment/permissioncache.h"
#include "kube/apiclient.h"
#include "kube/bindto.h"
#include "kube/discovery.h"
#include "kube/logging.h"

#include <QDateTime>

#include <utility>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {
// The latest the first cost sample waits for the browser's lists.
constexpr std::chrono::seconds kFirstCostSampleLatest{30};
} // namespace

Session::Session(const pd::kube::ClusterEndpoint &endpoint, const QString &displayName,
                 const pd::core::ContextSettings &settings, QObject *parent)
    : QObject(parent)
    , m_displayName(displayName)
    , m_settings(settings)
    , m_client(std::make_unique<pd::kube::ApiClient>(endpoint))
    , m_discovery(std::make_unique<pd::kube::Discovery>(m_client.get()))
    , m_permissions(new pd::core::PermissionCache(m_client.get(), this))
    , m_model(std::make_unique<pd::core::EnvironmentModel>())
    , m_watcher(std::make_unique<pd::core::EnvironmentWatcher>(m_client.get(), m_model.get()))
    , m_problems(std::make_unique<pd::core::DegradedReasonResolver>(m_model.get(), m_client.get()))
    , m_gitHub(std::make_unique<pd::core::GitHubClient>(settings.effectiveGitHubApiBase()))
    , m_pullRequests(std::make_unique<pd::core::PullRequestTracker>(m_model.get(), m_gitHub.get()))
{
    m_client->setUserAgent(u"previewdesk/"_s + QStringLiteral(PREVIEWDESK_VERSION));
    // A user who may not list namespaces names the ones they can reach.
    m_watcher->setNamespaces(m_settings.namespaces);
    connect(m_client.get(), &pd::kube::ApiClient::requestFinished, this, &Session::requestFinished);
}

Session::~Session()
{
    // Everything below holds requests or streams of the client: stop them first. The store
    // goes after its recorder: it finishes the write running and drops what is queued.
    m_costRecorder.reset();
    m_costStore.reset();
    m_pullRequests.reset();
    m_problems.reset();
    m_watcher->stop();
}

void Session::start()
{
    m_watcher->start();
}

void Session::refresh()
{
    m_watcher->refresh();
}

ClusterIdentity Session::clusterIdentity() const
{
    return ClusterIdentity::of(m_client->endpoint());
}

void Session::enableCostRecording(const QString &path, const ClusterIdentity &cluster)
{
    if (m_costStore)
        return;
    m_costHistoryPath = path;
    m_costStore = std::make_unique<pd::core::CostStore>();
    pd::bindTo(this, m_costStore->open(path, cluster), [this](const pd::core::CostStoreStatus &opened) {
        if (!opened.ok) {
            m_costError = tr("Cost history unavailable: %1").arg(opened.error);
            pd::log::core()->warn("{}", pd::log::str(m_costError));
            Q_EMIT costErrorChanged(m_costError);
            return;
        }
        if (!opened.notice.isEmpty())
            pd::log::core()->info("{}", pd::log::str(opened.notice));
        startCostRecording();
    });
}

void Session::startCostRecording()
{
    m_costRecorder = std::make_unique<pd::core::CostRecorder>(m_client.get(), m_costStore.get());
    m_costRecorder->setRetentionDays(90);
    connect(m_costRecorder.get(), &pd::core::CostRecorder::recorded, this, [this] {
        if (!m_costError.isEmpty()) {
            m_costError.clear();
            Q_EMIT costErrorChanged(m_costError);
        }
        updateCostColumn();
        Q_EMIT costRecorded();
    });
    connect(m_costRecorder.get(), &pd::core::CostRecorder::failed, this, [this](const QString &error) {
        m_costError = tr("Cost sampling failed: %1").arg(error);
        Q_EMIT costErrorChanged(m_costError);
    });
    // Rows appear after the first sample too: they take the last answer, nothing is recomputed.
    connect(m_model.get(), &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { applyCostPerDay(first, last); });
    updateCostColumn();
    // The first sample lists every pod of the cluster: it waits until the browser's own
    // lists are in, so the two do not compete for the server while the window fills
    // (or a while, should the browser never complete: a kind not listable).
    if (m_watcher->isSynced()) {
        m_costRecorder->start();
        return;
    }
    const auto startOnce = [this] {
        if (m_costRecorder && !m_costRecorder->isRunning())
            m_costRecorder->start();
    };
    connect(m_watcher.get(), &EnvironmentWatcher::synced, this, startOnce, Qt::SingleShotConnection);
    QTimer::singleShot(kFirstCostSampleLatest, this, startOnce);
}

void Session::updateCostColumn()
{
    if (!costStore())
        return;
    if (m_costColumnComputing) {
        m_costColumnAgain = true;
        return;
    }
    m_costColumnComputing = true;
    pd::bindTo(this, m_costStore->costPerDay(QDateTime::currentMSecsSinceEpoch(), m_settings.prices),
               [this](const QHash<QString, double> &perDay) {
                   m_costColumnComputing = false;
                   m_costPerDay = perDay;
                   applyCostPerDay(0, m_model->rowCount() - 1);
                   Q_EMIT costColumnUpdated();
                   if (std::exchange(m_costColumnAgain, false))
                       updateCostColumn();
               });
}

void Session::applyCostPerDay(int firstRow, int lastRow)
{
    for (int row = firstRow; row <= lastRow; ++row) {
        const QString name = m_model->environment(row).name;
        const auto found = m_costPerDay.constFind(name);
        m_model->setCostPerDay(name, found == m_costPerDay.constEnd() ? std::nullopt : std::optional<double>(*found));
    }
}

} // namespace pd::core
