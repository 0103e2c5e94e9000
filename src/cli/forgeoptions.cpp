#include "forgeoptions.h"

#include "clusterconnection.h"

#include "kube/logging.h"

namespace pd::cli {

void ForgeConnection::complete(pd::core::PreviewReport *report) const
{
    if (report->repository.isEmpty())
        report->repository = target.repository;
    if (report->ref.isEmpty())
        report->ref = target.sha;
    if (report->logUrl.isEmpty())
        report->logUrl = target.runUrl();
}

void addForgeOptions(QCommandLineParser &parser, bool reportSwitch)
{
    if (reportSwitch) {
        parser.addOption({QStringLiteral("report-to-pr"),
                          QStringLiteral("Report to the pull request on GitHub: a deployment with its status and one comment "
                                         "(GITHUB_TOKEN or GH_TOKEN, GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_API_URL as in Actions).")});
    }
    parser.addOption({QStringLiteral("repository"), QStringLiteral("The pull request's repository (default: GITHUB_REPOSITORY)."),
                      QStringLiteral("OWNER/NAME")});
    parser.addOption({QStringLiteral("api-url"),
                      QStringLiteral("GitHub's REST API (default: GITHUB_API_URL, else https://api.github.com; "
                                     "GitHub Enterprise: https://HOST/api/v3)."),
                      QStringLiteral("URL")});
}

bool openForge(const QCommandLineParser &parser, ForgeConnection *forge, QString *error)
{
    forge->target = pd::core::ForgeTarget::fromEnvironment();
    if (!forge->target.applyOverrides(parser.value(QStringLiteral("repository")), parser.value(QStringLiteral("api-url")), error))
        return false;
    if (const QString missing = forge->target.missing(); !missing.isEmpty()) {
        *error = missing;
        return false;
    }
    forge->client = std::make_unique<pd::core::GitHubClient>(forge->target.apiBase);
    forge->client->setToken(forge->target.token);   // registered with the log redaction there
    forge->reporter = std::make_unique<pd::core::PullRequestReporter>(forge->client.get());
    return true;
}

bool printReport(const QString &command, const QString &name, QFuture<pd::core::ReportOutcome> future, bool quiet)
{
    const pd::core::ReportOutcome outcome = awaitResult(future);
    if (outcome.ok) {
        (quiet ? printErr : printOut)(QStringLiteral("reported %1 to the pull request: %2\n").arg(name, outcome.message));
        return true;
    }
    printErr(QStringLiteral("previewctl %1: reporting %2 to the pull request failed: %3\n")
                 .arg(command, name, outcome.message.isEmpty() ? QStringLiteral("no answer") : outcome.message));
    return false;
}

} // namespace pd::cli
