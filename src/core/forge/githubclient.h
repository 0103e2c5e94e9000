#pragma once

#include "kube/status.h"
#include "core/environment/environment.h"
#include "core/keychainstore.h"

#include <QByteArray>
#include <QDateTime>
#include <QFuture>
#include <QHash>
#include <QJsonDocument>
#include <QObject>
#include <QSet>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>
#include <functional>
#include <optional>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
QT_END_NAMESPACE

namespace pd::core {

class CredentialStore;

enum class PullRequestState { Open, Draft, Merged, Closed };

// "open" | "draft" | "merged" | "closed" (the words PullRequestInfo::state uses).
QString pullRequestStateText(PullRequestState state);

// One pull request as GitHub's REST API describes it (GET /repos/{owner}/{repo}/pulls/{n}).
struct PullRequest
{
    int number = 0;
    PullRequestState state = PullRequestState::Open;
    QString title;
    QUrl htmlUrl;                // the page people open
    QString headRef;             // head.ref: the branch
    QString headSha;             // head.sha: the commit a deployment of the PR points at
    QDateTime updatedAt;         // UTC
    QDateTime mergedAt;          // UTC; invalid unless merged
    QDateTime closedAt;          // UTC; invalid while open

    bool isFinished() const { return state == PullRequestState::Merged || state == PullRequestState::Closed; }
    // What the environment model keeps; updatedAt is when it was merged / closed for
    // finished pull requests, so "merged 2 h ago" can be said from it.
    PullRequestInfo toInfo() const;

    bool operator==(const PullRequest &other) const = default;
};

// Parses GitHub's pull-request JSON: state (open/closed), merged / merged_at, draft, title,
// html_url, updated_at, closed_at, head.ref. std::nullopt (and *error) when it is not one.
std::optional<PullRequest> parsePullRequest(const QByteArray &json, QString *error = nullptr);

struct PullRequestResult
{
    enum class Error {
        NoError,
        Unauthorized,    // 401: the token is invalid or expired
        RateLimited,     // 403/429 with x-ratelimit-remaining: 0, or a secondary limit (retry-after)
        NotFound,        // 404: no such pull request, or the token cannot see the repository
        Network,         // nothing came back (DNS, refused, TLS, timeout)
        Http,            // any other HTTP failure
        InvalidAnswer,   // 200 that is not a pull request
        InvalidRequest,  // the repository is not written owner/name, or the number is not positive
    };

    Error error = Error::NoError;
    QString errorString;         // ready to show, in plain words; never contains the token
    int httpCode = 0;            // 0 without an HTTP answer
    bool fromCache = false;      // GitHub answered 304 Not Modified to our ETag: the cached answer
    QDateTime rateLimitReset;    // RateLimited: when GitHub lets us ask again (UTC)
    PullRequest pullRequest;

    bool ok() const { return error == Error::NoError; }
    // In the one status vocabulary, with the HTTP code.
    pd::kube::Status status() const
    {
        using pd::kube::Status;
        int code = Status::Failed;
        switch (error) {
        case Error::NoError: return Status{Status::Success, {}, httpCode};
        case Error::Unauthorized: code = Status::Unauthorized; break;
        case Error::RateLimited: code = Status::TooManyRequests; break;
        case Error::NotFound: code = Status::NotFound; break;
        case Error::Network: code = Status::NetworkError; break;
        case Error::Http: code = Status::codeForHttp(httpCode); break;
        case Error::InvalidAnswer: code = Status::Failed; break;
        case Error::InvalidRequest: code = Status::Invalid; break;
        }
        return Status::failure(errorString, code, httpCode);
    }
};

// Any answer of GitHub's REST API, as send() read it: the same errors as a pull request's.
struct GitHubReply
{
    using Error = PullRequestResult::Error;
    Error error = Error::NoError;
    QString errorString;         // ready to show; never contains the token
    int httpCode = 0;
    bool fromCache = false;      // 304 to our ETag: body is the cached answer
    QDateTime rateLimitReset;    // RateLimited: when GitHub lets us ask again (UTC)
    QJsonDocument body;
    QByteArray raw;              // download(): the answer's bytes (an artifact's zip)
    QByteArray nextPage;         // the Link header's rel="next" URL, empty on the last page

    bool ok() const { return error == Error::NoError; }
};

// GitHub's REST API (api.github.com, or GitHub Enterprise's https://HOST/api/v3) for the
// pull requests behind previews. Conditional requests: each answer's ETag is sent back as
// If-None-Match, and a 304 (which GitHub does not count against the rate limit) returns
// the cached answer. The token is sent as a Bearer header only when one is set; it is
// registered with the log redaction and never logged. Every future finishes, also when the
// client is destroyed first (with a Network error).
class GitHubClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GitHubClient)
public:
    using Clock = std::function<QDateTime()>;

    explicit GitHubClient(const QUrl &apiBase = defaultApiBase(), QObject *parent = nullptr);
    ~GitHubClient() override;

    static QUrl defaultApiBase() { return QUrl(QStringLiteral("https://api.github.com")); }

    QUrl apiBase() const { return m_apiBase; }
    void setApiBase(const QUrl &apiBase);
    // The forge's host as people name it: github.com for api.github.com, else the API's host.
    QString host() const;

    void setToken(const QString &token);
    bool hasToken() const { return !m_token.isEmpty(); }
    // The keychain key of the token for this API's host ("forge-token/github.com").
    QString tokenKey() const { return KeychainStore::forgeTokenKey(host()); }
    // Reads tokenKey() from the store and uses it (NotFound: no token, anonymous requests).
    QFuture<KeychainResult> loadToken(CredentialStore *store);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    // GET {apiBase}/repos/{owner}/{repo}/pulls/{number}. ownerRepo: "owner/name".
    QFuture<PullRequestResult> pullRequest(const QString &ownerRepo, int number);

    // One REST call: method GET, POST or PATCH, path under the API base ("/repos/o/r/deployments"),
    // a JSON body for POST/PATCH. GETs use ETags like pullRequest(). `what` names the thing in
    // messages ("the comments of octo-org/shop#42"). Redirects are followed to the same origin only.
    QFuture<GitHubReply> send(const QByteArray &method, const QString &path, const QUrlQuery &query = {},
                              const QJsonDocument &body = {}, const QString &what = {});
    // GET of an absolute URL GitHub gave (a Link header's next page); refused unless it is under apiBase().
    QFuture<GitHubReply> getUrl(const QUrl &url, const QString &what = {});
    // GET of a binary answer (an artifact's archive_download_url, which must be under apiBase()):
    // reply.raw holds the bytes. GitHub answers it with a redirect to a short-lived URL: one to
    // the API's origin is followed with the token, one to another origin (GitHub's pre-signed
    // blob storage) only over https and without the Authorization header, so the token never
    // leaves the API's origin. At most three redirects.
    QFuture<GitHubReply> download(const QUrl &url, const QString &what = {});

    // "owner/name" for "owner/name", "https://github.com/owner/name(.git)" or
    // "git@github.com:owner/name.git"; empty when it is none of these.
    static QString normalizeRepository(const QString &text);

    int inFlight() const { return int(m_replies.size()); }

private:
    struct CacheEntry
    {
        QByteArray etag;
        QByteArray body;
    };
    QUrl urlFor(const QString &path, const QUrlQuery &query) const;
    struct Transfer
    {
        bool raw = false;         // bytes, not JSON; redirects handled here (download())
        bool anonymous = false;   // no Authorization header (another origin's pre-signed URL)
        int redirects = 0;
    };
    QFuture<GitHubReply> start(const QByteArray &method, const QUrl &url, const QJsonDocument &body, const QString &what,
                               const Transfer &transfer);
    bool sameOrigin(const QUrl &url) const;
    GitHubReply interpret(QNetworkReply *reply, const QString &cacheKey, const QString &what, bool raw = false);
    QString rateLimitText(const QDateTime &reset) const;
    QDateTime now() const { return m_clock ? m_clock() : QDateTime::currentDateTimeUtc(); }

    QNetworkAccessManager *m_network;
    QUrl m_apiBase;
    QString m_token;
    Clock m_clock;
    std::chrono::milliseconds m_timeout{30000};
    QHash<QString, CacheEntry> m_cache;   // request URL -> last 200 answer
    QSet<QNetworkReply *> m_replies;
};

} // namespace pd::core
