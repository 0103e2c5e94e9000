#pragma once

#include <QStringList>

namespace pd::cli {

// `previewctl sandbox [--listen HOST:PORT] [--load FILE]... [--kubeconfig-out FILE]
//  [--tls] [--scale N] [--demo] [--no-controllers] [--no-authorization]`
// `arguments` are the words after `sandbox` (a leading "sandbox" is skipped too).
// Serves until SIGINT/SIGTERM; prints exactly one line `ready <URL>` on stdout
// once it accepts requests; everything else goes to stderr. Needs a
// QCoreApplication; returns the process exit code.
int runSandboxCommand(const QStringList &arguments);

} // namespace pd::cli
