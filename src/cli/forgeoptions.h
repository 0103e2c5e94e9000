#pragma once

#include "core/forge/forgetarget.h"
#include "core/forge/githubclient.h"
#include "core/forge/pullrequestreporter.h"

#include <QCommandLineParser>
#include <QString>

#include <memory>

namespace pd::cli {

// The pull request's forge, read from GitHub Actions' environment (ForgeTarget) with the
// --repository and --api-url flags winning.
struct ForgeConnection
{
    pd::core::ForgeTarget target;
    std::unique_ptr<pd::core::GitHubClient> client;
    std::unique_ptr<pd::core::PullRequestReporter> reporter;

    // Stamps what the run knows into a report: repository (when it names none), the
    // deployment's ref (GITHUB_SHA, when set) and the run's page as log URL.
    void complete(pd::core::PreviewReport *report) const;
};

// Adds --repository and --api-url (and, with reportSwitch, --report-to-pr).
void addForgeOptions(QCommandLineParser &parser, bool reportSwitch);
// Reads the environment and the flags; false and *error when they do not name a repository
// and a token (or a flag's value is invalid).
bool openForge(const QCommandLineParser &parser, ForgeConnection *forge, QString *error);

// Waits for a report, prints one line (stdout when it worked unless quiet keeps stdout for
// JSON, stderr otherwise) and says whether it worked.
bool printReport(const QString &command, const QString &name, QFuture<pd::core::ReportOutcome> future, bool quiet = false);

} // namespace pd::cli
