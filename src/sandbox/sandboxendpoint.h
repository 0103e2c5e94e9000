#pragma once

#include "kube/clusterendpoint.h"

namespace pd::sandbox {

class SandboxCluster;

// The admin endpoint of a running sandbox (URL, CA, bearer token; memory only): what
// the demo context and the tests connect a session with.
pd::kube::ClusterEndpoint adminEndpoint(const SandboxCluster &cluster);

} // namespace pd::sandbox
