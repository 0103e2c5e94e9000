#include "session.h"

#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "kube/apiclient.h"
#include "kube/discovery.h"
#include "sandbox/sandboxcluster.h"

using namespace Qt::StringLiterals;

namespace pd::gui {

Session::Session(const pd::kube::ClusterEndpoint &endpoint, const QString &displayName, QObject *parent)
    : QObject(parent)
    , m_displayName(displayName)
    , m_client(std::make_unique<pd::kube::ApiClient>(endpoint))
    , m_discovery(std::make_unique<pd::kube::Discovery>(m_client.get()))
    , m_model(std::make_unique<pd::core::EnvironmentModel>())
    , m_watcher(std::make_unique<pd::core::EnvironmentWatcher>(m_client.get(), m_model.get()))
{
    m_client->setUserAgent(u"previewdesk/"_s + QStringLiteral(PREVIEWDESK_VERSION));
}

Session::~Session()
{
    // The watcher holds streams of the client: stop it first.
    m_watcher->stop();
}

pd::kube::ClusterEndpoint Session::sandboxEndpoint(const pd::sandbox::SandboxCluster &cluster)
{
    pd::kube::ClusterEndpoint endpoint;
    endpoint.contextName = u"sandbox-admin"_s;
    endpoint.clusterName = u"sandbox"_s;
    endpoint.userName = u"admin"_s;
    endpoint.server = cluster.url();
    endpoint.certificateAuthorityPem = cluster.caPem();
    endpoint.token = cluster.adminToken();
    endpoint.sourceFile = u"embedded sandbox"_s;
    return endpoint;
}

void Session::start()
{
    m_watcher->start();
}

void Session::refresh()
{
    m_watcher->refresh();
}

} // namespace pd::gui
