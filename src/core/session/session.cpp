#include "session.h"

#include "core/cost/costhistory.h"
#include "core/cost/costperday.h"
#include "core/cost/costrecorder.h"
#include "core/environment/degradedreasonresolver.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "core/forge/githubclient.h"
#include "core/forge/pullrequesttracker.h"
#include "core/environment/permissioncache.h"
#include "kube/apiclient.h"
#include "kube/discovery.h"
#include "kube/logging.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace pd::core {

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
    // Everything below holds requests or streams of the client: stop them first.
    m_costRecorder.reset();
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

bool Session::enableCostRecording(const QString &path)
{
    auto history = std::make_unique<pd::core::CostHistory>();
    if (!history->open(path)) {
        m_costError = tr("Cost history unavailable: %1").arg(history->error());
        pd::log::core()->warn("{}", pd::log::str(m_costError));
        Q_EMIT costErrorChanged(m_costError);
        return false;
    }
    m_costHistory = std::move(history);
    m_costRecorder = std::make_unique<pd::core::CostRecorder>(m_client.get(), m_costHistory.get());
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
    // Rows appear after the first sample too: fill them as they come, a burst at a time.
    m_costColumnTimer.setSingleShot(true);
    m_costColumnTimer.setInterval(1000);
    connect(&m_costColumnTimer, &QTimer::timeout, this, &Session::updateCostColumn);
    connect(m_model.get(), &QAbstractItemModel::rowsInserted, &m_costColumnTimer, qOverload<>(&QTimer::start));
    updateCostColumn();
    m_costRecorder->start();
    return true;
}

void Session::updateCostColumn()
{
    if (!m_costHistory)
        return;
    const QHash<QString, double> perDay = pd::core::costPerDayByNamespace(
            *m_costHistory, QDateTime::currentMSecsSinceEpoch(), m_settings.prices);
    for (const QString &name : m_model->names()) {
        const auto found = perDay.constFind(name);
        m_model->setCostPerDay(name, found == perDay.constEnd() ? std::nullopt : std::optional<double>(*found));
    }
}

} // namespace pd::core
