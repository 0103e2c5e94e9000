#pragma once

#include <QStringList>

namespace pd::cli {

// previewctl envs [-o table|json] [--kubeconfig F] [--context C]
int runEnvsCommand(const QStringList &arguments);

} // namespace pd::cli
