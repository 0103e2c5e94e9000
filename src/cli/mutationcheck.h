#pragma once

#include "clusterconnection.h"

#include "core/environment/mutationguard.h"

#include <QString>

namespace pd::cli {

// Reads namespace `name` and asks core's mutationRefusal() whether `mutation` may touch
// it. Empty: it may. Otherwise one line for stderr ("staging: source environment; ...",
// "no environment named pr-9 exists", or why it could not be read); `missing` tells
// the middle case apart.
QString checkMutation(ClusterConnection &cluster, const QString &name, pd::core::Mutation mutation,
                      pd::core::MutationOverride override = pd::core::MutationOverride::None, bool *missing = nullptr);

} // namespace pd::cli
