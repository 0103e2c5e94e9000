#pragma once

#include <QStringList>

namespace pd::cli {

// `previewctl guardrail render -f FILE | apply -f FILE | list [-o json] | delete NAME`.
int runGuardrailCommand(const QStringList &arguments);

// What the guardrail CronJobs do, run from here with sh and the local kubectl:
// `previewctl sweep [--dry-run]`, `previewctl scale-down NAME`, `previewctl scale-up NAME`.
int runSweepCommand(const QStringList &arguments);
int runScaleDownCommand(const QStringList &arguments);
int runScaleUpCommand(const QStringList &arguments);

} // namespace pd::cli
