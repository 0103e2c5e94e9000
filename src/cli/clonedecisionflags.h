#pragma once

#include "core/clone/cloneplan.h"
#include "core/clone/previewnaming.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QList>

namespace pd::cli {

// previewctl clone's decision flags: every decision the planner can ask for has one.
//   --secret SECRET=generate|omit|ref:STORE/KEY|stdin     a Secret without an external source
//   --identity SA=drop|keep                         a ServiceAccount's cloud identity
//   --secret-key EXTERNALSECRET=keep|rewrite|generate   remote keys that name the source
//   --data DATASTORE=empty|seed|snapshot[:NAME]     what a datastore starts with
//   --allow-source-data                             confirms restoring a source's raw data
// They win over the source's clone profile.
QList<QCommandLineOption> decisionOptions();
bool parseDecisionFlags(const QCommandLineParser &parser, pd::core::CloneOptions *options, QString *error);

// The source's clone profile (read from its exported objects): a profile that names
// a missing ConfigMap or does not parse is an error. The source's naming (its profile,
// else its previews' pattern: previewnaming.h) gives the host template where
// --host-template is not given, and the name where --name is not (and not resumed).
bool applyCloneProfile(const QCommandLineParser &parser, const QList<QJsonObject> &sourceObjects,
                       const pd::core::PreviewNaming &naming, bool resumed, pd::core::CloneOptions *options,
                       QString *error);

// --dry-run text: every decision the clone needs, once, with who made it and its flag.
void printDecisions(const pd::core::ClonePlan &plan);
// Where the decisions were already shown on stdout, so stderr does not repeat them.
enum class DecisionsShown { Nowhere, Listed, InJson };
// Open decisions on stderr, each once with its flag, or one line pointing at where
// stdout shows them. Returns previewctl's exit code for them: 3, or 0 when none.
int reportOpenDecisions(const pd::core::ClonePlan &plan, DecisionsShown shown);

} // namespace pd::cli
