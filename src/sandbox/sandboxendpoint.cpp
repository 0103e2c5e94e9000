#include "sandboxendpoint.h"

#include "sandboxcluster.h"

using namespace Qt::StringLiterals;

namespace pd::sandbox {

pd::kube::ClusterEndpoint adminEndpoint(const SandboxCluster &cluster)
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

} // namespace pd::sandbox
