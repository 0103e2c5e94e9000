#pragma once

#include <QStringList>

namespace pd::cli {

// previewctl clone SOURCE --name NAME [--pr N] [--branch B] [--owner USER] [--ttl D]
//   [--mode cd-only|ci-cd] [--secret NAME=generate|omit|ref:STORE/KEY|stdin]... [--identity SA=drop|keep]...
//   [--secret-key EXTERNALSECRET=keep|rewrite|generate]... [--dry-run] [-o json]
//   [--export DIR] [--timeout SECONDS] [--keep-on-failure] [--keep-service-type SVC]...
//   [--expose SVC[:PORT] | --no-ingress] [--replicas-cap N]
int runCloneCommand(const QStringList &arguments);

// previewctl destroy NAME [--yes] | destroy --pr N [--yes]
int runDestroyCommand(const QStringList &arguments);

} // namespace pd::cli
