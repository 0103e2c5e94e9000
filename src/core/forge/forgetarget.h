#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace pd::core {

// Where a pull request lives and who may write to it, read the way GitHub Actions and `gh`
// name it: GITHUB_API_URL (default https://api.github.com; https://HOST/api/v3 on GitHub
// Enterprise), GITHUB_REPOSITORY (owner/name), GH_TOKEN then GITHUB_TOKEN (gh's order),
// GITHUB_SHA, GITHUB_SERVER_URL (default https://github.com) and GITHUB_RUN_ID, which
// together name the Actions run's page (the deployment's log URL).
struct ForgeTarget
{
    QUrl apiBase;
    QString repository;          // normalised owner/name; empty: unknown
    QString token;               // never logged
    QString sha;                 // the commit the run is for; empty: unknown
    QUrl serverUrl;
    QString runId;

    static ForgeTarget fromEnvironment(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    // --repository and --api-url win over the environment (empty: keep). False and *error
    // when a value is not a repository / an http(s) URL.
    bool applyOverrides(const QString &repository, const QString &apiUrl, QString *error);

    // An http(s) URL with a host (an API base or server URL), else empty: the one rule for
    // GITHUB_API_URL, --api-url and the app's GitHub Enterprise setting.
    static QUrl httpUrl(const QString &text);

    // {server}/{owner}/{repo}/actions/runs/{id}; empty outside an Actions run.
    QUrl runUrl() const;
    // Why a report cannot be sent (no repository), or empty.
    QString missing() const;
};

} // namespace pd::core
