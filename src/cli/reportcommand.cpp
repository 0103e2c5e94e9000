#include "reportcommand.h"

#include "clusterconnection.h"
#include "forgeoptions.h"
#include "mutationcheck.h"
#include "previewlookup.h"

#include "core/contract.h"
#include "core/duration.h"
#include "core/environment/environmentactions.h"

#include <QCommandLineParser>

namespace pd::cli {

namespace {

int usage(const QString &command, const QString &message)
{
    printErr(QStringLiteral("previewctl %1: %2\n").arg(command, message));
    return 2;
}

// NAME or --pr N, both commands alike; an empty list with --pr is no error.
bool targets(const QCommandLineParser &parser, ClusterConnection &cluster, QStringList *names, QString *error)
{
    int pullRequest = 0;
    if (!namesFromArguments(cluster, parser.positionalArguments(), parser.value(QStringLiteral("pr")), names, &pullRequest, error))
        return false;
    if (names->isEmpty())
        printOut(QStringLiteral("No previews of PR %1.\n").arg(pullRequest));
    return true;
}

bool oneOrPr(const QCommandLineParser &parser)
{
    const qsizetype positional = parser.positionalArguments().size();
    return parser.isSet(QStringLiteral("pr")) ? positional == 0 : positional == 1;
}

} // namespace

int runReportCommand(const QStringList &arguments)
{
    const QString command = QStringLiteral("report");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Refreshes what the pull request shows of its previews: the deployment's status (success with the\n"
        "preview's URL, or failure) and the one comment PreviewDesk keeps there, updated in place."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The preview to report."));
    parser.addOption({QStringLiteral("pr"), QStringLiteral("Report every preview of this pull request."), QStringLiteral("N")});
    addForgeOptions(parser, false);
    addClusterOptions(parser);
    if (!parser.parse(QStringList{QStringLiteral("previewctl report")} + arguments))
        return usage(command, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(commandHelp(parser, QStringLiteral("Usage: previewctl report NAME | previewctl report --pr N")));
        return 0;
    }
    if (!oneOrPr(parser))
        return usage(command, QStringLiteral("name one preview, or pass --pr N"));
    ForgeConnection forge;
    QString error;
    if (!openForge(parser, &forge, &error))
        return usage(command, error);
    ClusterConnection cluster;
    QStringList names;
    if (!openCluster(parser, &cluster, &error) || !targets(parser, cluster, &names, &error)) {
        printErr(QStringLiteral("previewctl report: %1\n").arg(error));
        return 1;
    }
    int failures = 0;
    for (const QString &name : std::as_const(names)) {
        const std::optional<QJsonObject> object = readNamespace(cluster, name, &error);
        if (!object) {
            printErr(QStringLiteral("previewctl report: %1\n").arg(error));
            ++failures;
            continue;
        }
        pd::core::PreviewReport report = pd::core::PreviewReport::fromNamespace(*object);
        forge.complete(&report);
        report.at = QDateTime::currentDateTimeUtc();
        if (report.pullRequest <= 0) {
            printErr(QStringLiteral("previewctl report: %1 names no pull request (%2)\n").arg(name, pd::core::contract::PrLabel));
            ++failures;
            continue;
        }
        failures += printReport(command, name, forge.reporter->finish(report)) ? 0 : 1;
    }
    return failures == 0 ? 0 : 1;
}

int runExtendCommand(const QStringList &arguments)
{
    const QString command = QStringLiteral("extend");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Renews a preview's expiry to now + its TTL (a new push to the pull request keeps its preview alive),\n"
        "and records when in %1. Never shortens an expiry, never touches a source,\n"
        "a protected namespace or one PreviewDesk does not manage.").arg(pd::core::contract::RenewedAtAnnotation));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The preview to renew."));
    parser.addOption({QStringLiteral("pr"), QStringLiteral("Renew every preview of this pull request."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("ttl"), QStringLiteral("Time to live from now, e.g. 72h (default: the TTL the preview was cloned with)."),
                      QStringLiteral("DURATION")});
    addClusterOptions(parser);
    if (!parser.parse(QStringList{QStringLiteral("previewctl extend")} + arguments))
        return usage(command, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(commandHelp(parser, QStringLiteral("Usage: previewctl extend NAME [--ttl D] | previewctl extend --pr N [--ttl D]")));
        return 0;
    }
    if (!oneOrPr(parser))
        return usage(command, QStringLiteral("name one preview, or pass --pr N"));
    QString error;
    std::chrono::seconds ttl{0};
    if (parser.isSet(QStringLiteral("ttl"))) {
        const auto parsed = pd::core::parseDuration(parser.value(QStringLiteral("ttl")), &error);
        if (!parsed || parsed->count() <= 0)
            return usage(command, QStringLiteral("--ttl: ") + (error.isEmpty() ? QStringLiteral("must be positive") : error));
        ttl = *parsed;
    }
    ClusterConnection cluster;
    QStringList names;
    if (!openCluster(parser, &cluster, &error) || !targets(parser, cluster, &names, &error)) {
        printErr(QStringLiteral("previewctl extend: %1\n").arg(error));
        return 1;
    }
    pd::core::EnvironmentActions actions(cluster.client.get());
    int failures = 0;
    for (const QString &name : std::as_const(names)) {
        // The same refusal rule as every other change (sources, protected, unmanaged, system).
        if (const QString refusal = checkMutation(cluster, name, pd::core::Mutation::Extend); !refusal.isEmpty()) {
            printErr(QStringLiteral("previewctl extend: refused: %1\n").arg(refusal));
            ++failures;
            continue;
        }
        const pd::core::ActionResult result = awaitResult(actions.renewExpiry(name, ttl));
        (result.ok ? printOut : printErr)(result.message + QLatin1Char('\n'));
        failures += result.ok ? 0 : 1;
    }
    return failures == 0 ? 0 : 1;
}

} // namespace pd::cli
