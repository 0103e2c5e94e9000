#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace pd::cli {

// One `previewctl <name> [args]` command. run() gets the words after the name and
// returns the exit code; every command answers `--help` (that is what
// `previewctl help <name>` runs).
struct Command
{
    QString name;
    QString summary;
    int (*run)(const QStringList &arguments);
};

// The commands previewctl knows, sorted by name. A new command is one line here
// and a `runXCommand` in its own file.
const QList<Command> &commands();

// Runs `previewctl <arguments>` (without the program name). Exit codes: the
// command's own; 0 for help and version; 2 for a usage error (no or unknown command
// or option), with a specific message on stderr.
int dispatch(const QStringList &arguments);

// The top-level help text (`previewctl --help`).
QString helpText();

} // namespace pd::cli
