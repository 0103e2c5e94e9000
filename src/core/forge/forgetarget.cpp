#include "forgetarget.h"

#include "githubclient.h"

using namespace Qt::StringLiterals;

namespace pd::core {

QUrl ForgeTarget::httpUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"https"_s || url.scheme() == u"http"_s) && !url.host().isEmpty() ? url : QUrl();
}

ForgeTarget ForgeTarget::fromEnvironment(const QProcessEnvironment &environment)
{
    ForgeTarget target;
    target.apiBase = httpUrl(environment.value(u"GITHUB_API_URL"_s));
    if (target.apiBase.isEmpty())
        target.apiBase = GitHubClient::defaultApiBase();
    target.repository = GitHubClient::normalizeRepository(environment.value(u"GITHUB_REPOSITORY"_s));
    target.token = environment.value(u"GH_TOKEN"_s).trimmed();
    if (target.token.isEmpty())
        target.token = environment.value(u"GITHUB_TOKEN"_s).trimmed();
    target.sha = environment.value(u"GITHUB_SHA"_s).trimmed();
    target.serverUrl = httpUrl(environment.value(u"GITHUB_SERVER_URL"_s));
    if (target.serverUrl.isEmpty())
        target.serverUrl = QUrl(u"https://github.com"_s);
    target.runId = environment.value(u"GITHUB_RUN_ID"_s).trimmed();
    return target;
}

bool ForgeTarget::applyOverrides(const QString &repositoryText, const QString &apiUrl, QString *error)
{
    if (!repositoryText.isEmpty()) {
        const QString normalized = GitHubClient::normalizeRepository(repositoryText);
        if (normalized.isEmpty()) {
            *error = u"--repository takes owner/name (or the repository's URL), got \"%1\""_s.arg(repositoryText);
            return false;
        }
        repository = normalized;
    }
    if (!apiUrl.isEmpty()) {
        const QUrl url = httpUrl(apiUrl);
        if (url.isEmpty()) {
            *error = u"--api-url takes an http(s) URL such as https://github.example.com/api/v3, got \"%1\""_s.arg(apiUrl);
            return false;
        }
        apiBase = url;
    }
    return true;
}

QUrl ForgeTarget::runUrl() const
{
    if (runId.isEmpty() || repository.isEmpty() || serverUrl.isEmpty())
        return {};
    QUrl url = serverUrl;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + u'/' + repository + u"/actions/runs/"_s + runId);
    return url;
}

QString ForgeTarget::missing() const
{
    if (repository.isEmpty())
        return u"no repository to report to: set GITHUB_REPOSITORY (GitHub Actions does) or pass --repository owner/name"_s;
    if (token.isEmpty())
        return u"no token to write to %1 with: set GITHUB_TOKEN or GH_TOKEN (with deployments: write and pull-requests: write)"_s.arg(repository);
    return {};
}

} // namespace pd::core
