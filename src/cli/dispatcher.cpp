#include "dispatcher.h"

#include "clonecommand.h"
#include "envscommand.h"
#include "costcommand.h"
#include "guardrailcommand.h"
#include "reportcommand.h"
#include "sandboxcommand.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstdio>

namespace pd::cli {

namespace {

void print(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

QString versionLine()
{
    return QStringLiteral("previewctl %1\n").arg(QStringLiteral(PREVIEWDESK_VERSION));
}

QString commandNames()
{
    QStringList names;
    for (const Command &command : commands())
        names << command.name;
    return names.join(QStringLiteral(", "));
}

const Command *find(const QString &name)
{
    for (const Command &command : commands()) {
        if (command.name == name)
            return &command;
    }
    return nullptr;
}

int usageError(const QString &message)
{
    print(stderr, QCoreApplication::translate("previewctl", "previewctl: %1\nCommands: %2\nRun 'previewctl help' for usage.\n")
                      .arg(message, commandNames()));
    return 2;
}

int runHelpCommand(const QStringList &arguments)
{
    if (arguments.isEmpty() || arguments.first() == QLatin1String("--help") || arguments.first() == QLatin1String("-h")) {
        print(stdout, helpText());
        return 0;
    }
    if (arguments.size() > 1)
        return usageError(QCoreApplication::translate("previewctl", "'help' takes one command name, got %1").arg(arguments.join(u' ')));
    const Command *command = find(arguments.first());
    if (!command)
        return usageError(QCoreApplication::translate("previewctl", "no help for unknown command '%1'").arg(arguments.first()));
    return command->run({QStringLiteral("--help")});
}

int runVersionCommand(const QStringList &arguments)
{
    if (!arguments.isEmpty() && arguments.first() != QLatin1String("--help") && arguments.first() != QLatin1String("-h"))
        return usageError(QCoreApplication::translate("previewctl", "'version' takes no arguments, got %1").arg(arguments.join(u' ')));
    print(stdout, arguments.isEmpty() ? versionLine() : QCoreApplication::translate("previewctl", "Usage: previewctl version\nPrints the version.\n"));
    return 0;
}

} // namespace

const QList<Command> &commands()
{
    static const QList<Command> all{
        {QStringLiteral("clone"), QStringLiteral(QT_TRANSLATE_NOOP("previewctl", "Clone a source environment into a new preview and wait until it is ready")), &runCloneCommand},
        {QStringLiteral("cost"), QStringLiteral(QT_TRANSLATE_NOOP("previewctl", "Cost by namespace, workload, owner, environment or day (history, estimate or OpenCost); 'cost record' samples usage")), &runCostCommand},
        {QStringLiteral("destroy"), QStringLiteral(QT_TRANSLATE_NOOP("previewctl", "Destroy a preview (or every preview of a pull request)")), &runDestroyCommand},
        {QStringLiteral("envs"), QStringLiteral(QT_TRANSLATE_NOOP("previewctl", "List every environment: role, PR, owner, state, expiry, URL (-o json)")), &runEnvsCommand},
        {QStringLiteral("extend"), QStringLiteral(QT_TRANSLATE_NOOP("previewctl", "Renew a preview's expiry to now + its TTL (or every preview of a pull request)")), &runExtendCommand},
        {QStringLiteral("guardrail"), QStringLiteral(QT_TRANSLATE_NOOP("previewctl", "Render, apply, list or delete guardrails (scheduled CronJobs)")), &runGuardrailCommand},
        {QStringLiteral("help"), QStringLiteral(QT_TRANSLATE_NOOP("previewctl", "Show this help, or a command's options: help <command>")), &runHelpCommand},
        {QStringLiteral("report"), QStringLiteral(QT_TRANSLATE_NOOP("previewctl", "Post or refresh a preview's deployment status and comment on its pull request")), &runReportCommand},
        {QStringLiteral("sandbox"), QStringLiteral(QT_TRANSLATE_NOOP("previewctl", "Serve an embedded Kubernetes API server (demos, tests, kubectl)")),
         &runSandboxCommand},
        {QStringLiteral("scale-down"), QStringLiteral(QT_TRANSLATE_NOOP("previewctl", "Scale a preview to zero, recording its replicas")), &runScaleDownCommand},
        {QStringLiteral("scale-up"), QStringLiteral(QT_TRANSLATE_NOOP("previewctl", "Restore a preview scaled down by scale-down or a guardrail")), &runScaleUpCommand},
        {QStringLiteral("sweep"), QStringLiteral(QT_TRANSLATE_NOOP("previewctl", "Delete expired managed previews (--dry-run to see which)")), &runSweepCommand},
        {QStringLiteral("version"), QStringLiteral(QT_TRANSLATE_NOOP("previewctl", "Print the version")), &runVersionCommand},
    };
    return all;
}

QString helpText()
{
    qsizetype width = 0;
    for (const Command &command : commands())
        width = std::max(width, command.name.size());
    QString text = QCoreApplication::translate("previewctl", "Usage: previewctl <command> [arguments]\n"
                                  "       previewctl help <command>\n\n"
                                  "PreviewDesk without the desktop: preview environments on Kubernetes,\n"
                                  "for CI pipelines and in-cluster jobs.\n\n"
                                  "Commands:\n");
    for (const Command &command : commands())
        text += QStringLiteral("  %1  %2\n").arg(command.name.leftJustified(width),
                                                     QCoreApplication::translate("previewctl", command.summary.toUtf8().constData()));
    text += QCoreApplication::translate("previewctl", "\nOptions:\n"
                           "  -h, --help     Show this help\n"
                           "  -v, --version  Print the version\n\n"
                           "Logging goes to stderr; set the level with PREVIEWDESK_LOG=trace|debug|info|warn|error|off\n"
                           "(default info, per area as in info,kube=debug).\n");
    return text;
}

int dispatch(const QStringList &arguments)
{
    if (arguments.isEmpty()) {
        print(stderr, QCoreApplication::translate("previewctl", "previewctl: no command given\n\n") + helpText());
        return 2;
    }
    const QString &first = arguments.first();
    if (first == QLatin1String("-h") || first == QLatin1String("--help"))
        return runHelpCommand(arguments.mid(1));
    if (first == QLatin1String("-v") || first == QLatin1String("--version"))
        return runVersionCommand(arguments.mid(1));
    if (first.startsWith(u'-'))
        return usageError(QCoreApplication::translate("previewctl", "unknown option '%1' (options go after the command)").arg(first));
    const Command *command = find(first);
    if (!command)
        return usageError(QCoreApplication::translate("previewctl", "unknown command '%1'").arg(first));
    return command->run(arguments.mid(1));
}

} // namespace pd::cli
