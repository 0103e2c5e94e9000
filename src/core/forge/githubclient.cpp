#include "githubclient.h"

#include "kube/bindto.h"
#include "core/credentialstore.h"
#include "core/environment/environmentmodel.h"
#include "kube/logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QPromise>
#include <QRegularExpression>

#include <memory>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

QDateTime parseTime(const QJsonValue &value)
{
    const QString text = value.toString();
    if (text.isEmpty())
        return {};
    QDateTime time = QDateTime::fromString(text, Qt::ISODate);
    return time.isValid() ? time.toUTC() : QDateTime();
}

// GitHub's own explanation in an error body ({"message": "Bad credentials", ...}).
QString githubMessage(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object().value("message"_L1).toString();
}

QString withMessage(const QString &text, const QString &message)
{
    return message.isEmpty() ? text : text + u" (GitHub: "_s + message + u')';
}

} // namespace

QString pullRequestStateText(PullRequestState state)
{
    switch (state) {
    case PullRequestState::Open: return u"open"_s;
    case PullRequestState::Draft: return u"draft"_s;
    case PullRequestState::Merged: return u"merged"_s;
    case PullRequestState::Closed: return u"closed"_s;
    }
    return {};
}

PullRequestInfo PullRequest::toInfo() const
{
    PullRequestInfo info;
    info.state = pullRequestStateText(state);
    info.title = title;
    info.url = htmlUrl;
    info.updatedAt = state == PullRequestState::Merged && mergedAt.isValid()   ? mergedAt
        : state == PullRequestState::Closed && closedAt.isValid()              ? closedAt
                                                                               : updatedAt;
    return info;
}

std::optional<PullRequest> parsePullRequest(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    const QJsonObject o = document.object();
    const QString stateText = o.value("state"_L1).toString();
    if (!document.isObject() || o.value("number"_L1).toInt() <= 0 || (stateText != u"open"_s && stateText != u"closed"_s)) {
        if (error) {
            *error = parseError.error != QJsonParseError::NoError
                ? u"invalid JSON: %1"_s.arg(parseError.errorString())
                : u"no pull request in the answer (number and state open/closed expected)"_s;
        }
        return std::nullopt;
    }
    PullRequest pr;
    pr.number = o.value("number"_L1).toInt();
    pr.title = o.value("title"_L1).toString();
    pr.htmlUrl = QUrl(o.value("html_url"_L1).toString());
    pr.headRef = o.value("head"_L1).toObject().value("ref"_L1).toString();
    pr.headSha = o.value("head"_L1).toObject().value("sha"_L1).toString();
    pr.updatedAt = parseTime(o.value("updated_at"_L1));
    pr.mergedAt = parseTime(o.value("merged_at"_L1));
    pr.closedAt = parseTime(o.value("closed_at"_L1));
    // "merged" is in the single-PR answer; merged_at is what list answers carry too.
    const bool merged = o.value("merged"_L1).toBool() || pr.mergedAt.isValid();
    if (stateText == u"closed"_s)
        pr.state = merged ? PullRequestState::Merged : PullRequestState::Closed;
    else
        pr.state = o.value("draft"_L1).toBool() ? PullRequestState::Draft : PullRequestState::Open;
    return pr;
}

GitHubClient::GitHubClient(const QUrl &apiBase, QObject *parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this)), m_apiBase(apiBase)
{
    // The token must not follow a redirect to another host.
    m_network->setRedirectPolicy(QNetworkRequest::SameOriginRedirectPolicy);
}

GitHubClient::~GitHubClient()
{
    // abort() emits finished() at once, so every promise gets its (Network) result.
    const QSet<QNetworkReply *> replies = m_replies;
    for (QNetworkReply *reply : replies)
        reply->abort();
}

void GitHubClient::setApiBase(const QUrl &apiBase)
{
    if (apiBase == m_apiBase)
        return;
    m_apiBase = apiBase;
    m_cache.clear();
}

QString GitHubClient::host() const
{
    const QString apiHost = m_apiBase.host();
    return apiHost == u"api.github.com"_s ? u"github.com"_s : apiHost;
}

void GitHubClient::setToken(const QString &token)
{
    const QString trimmed = token.trimmed();
    if (trimmed == m_token)
        return;
    pd::log::registerSecretValue(trimmed);
    m_token = trimmed;
    m_cache.clear();   // GitHub's ETags vary with the Authorization header
}

QFuture<KeychainResult> GitHubClient::loadToken(CredentialStore *store)
{
    return pd::bindTo(this, store->read(tokenKey()), [this](KeychainResult result) {
        if (result.ok())
            setToken(result.secret);
        else if (result.error == KeychainResult::Error::NotFound)
            setToken({});
        result.secret.clear();   // the value stays in the client
        return result;
    });
}

QString GitHubClient::normalizeRepository(const QString &text)
{
    QString s = text.trimmed();
    static const QRegularExpression prefix(u"^(?:https?://[^/]+/|git@[^:]+:|ssh://git@[^/]+/)"_s);
    s.remove(prefix);
    if (s.endsWith(u'/'))
        s.chop(1);
    if (s.endsWith(u".git"_s))
        s.chop(4);
    static const QRegularExpression ownerName(u"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$"_s);
    return ownerName.match(s).hasMatch() && !s.endsWith(u"/."_s) && !s.endsWith(u"/.."_s) ? s : QString();
}

QFuture<PullRequestResult> GitHubClient::pullRequest(const QString &ownerRepo, int number)
{
    const QString repository = normalizeRepository(ownerRepo);
    if (repository.isEmpty() || number <= 0) {
        PullRequestResult invalid;
        invalid.error = PullRequestResult::Error::InvalidRequest;
        invalid.errorString = repository.isEmpty()
            ? u"\"%1\" is not a GitHub repository (owner/name expected)"_s.arg(ownerRepo)
            : u"%1 is not a pull-request number"_s.arg(number);
        return QtFuture::makeReadyFuture(invalid);
    }
    const QString what = repository + u'#' + QString::number(number);
    const QString path = u"/repos/"_s + repository + u"/pulls/"_s + QString::number(number);
    return send("GET", path, {}, {}, u"pull request "_s + what).then([what](const GitHubReply &reply) {
        PullRequestResult result;
        result.error = reply.error;
        result.errorString = reply.errorString;
        result.httpCode = reply.httpCode;
        result.fromCache = reply.fromCache;
        result.rateLimitReset = reply.rateLimitReset;
        if (reply.ok()) {
            QString parseError;
            const std::optional<PullRequest> pr = parsePullRequest(reply.body.toJson(QJsonDocument::Compact), &parseError);
            if (pr) {
                result.pullRequest = *pr;
            } else {
                result.error = PullRequestResult::Error::InvalidAnswer;
                result.errorString = u"GitHub's answer for %1 is not a pull request: %2"_s.arg(what, parseError);
            }
        }
        if (result.ok()) {
            pd::log::core()->debug("GitHub: {} is {}{}", what, pullRequestStateText(result.pullRequest.state),
                                   result.fromCache ? " (not modified)" : "");
        } else if (reply.ok()) {
            pd::log::core()->warn("GitHub: {}", result.errorString);
        }
        return result;
    });
}

QUrl GitHubClient::urlFor(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_apiBase;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

QFuture<GitHubReply> GitHubClient::send(const QByteArray &method, const QString &path, const QUrlQuery &query,
                                        const QJsonDocument &body, const QString &what)
{
    return start(method, urlFor(path, query), body, what.isEmpty() ? path : what, Transfer());
}

QFuture<GitHubReply> GitHubClient::getUrl(const QUrl &url, const QString &what)
{
    const QString base = urlFor({}, {}).toString();
    const QString text = url.toString();
    if (url.scheme() != m_apiBase.scheme() || url.authority() != m_apiBase.authority() || !text.startsWith(base)) {
        GitHubReply refused;
        refused.error = GitHubReply::Error::InvalidRequest;
        refused.errorString = u"GitHub pointed %1 at %2, which is outside %3: not followed"_s.arg(what, url.host(), host());
        return QtFuture::makeReadyFuture(refused);
    }
    return start("GET", url, {}, what.isEmpty() ? url.path() : what, Transfer());
}

bool GitHubClient::sameOrigin(const QUrl &url) const
{
    return url.scheme() == m_apiBase.scheme() && url.host() == m_apiBase.host()
        && url.port(url.scheme() == u"https"_s ? 443 : 80) == m_apiBase.port(m_apiBase.scheme() == u"https"_s ? 443 : 80);
}

QFuture<GitHubReply> GitHubClient::download(const QUrl &url, const QString &what)
{
    const QString base = urlFor({}, {}).toString();
    if (!sameOrigin(url) || !url.toString().startsWith(base)) {
        GitHubReply refused;
        refused.error = GitHubReply::Error::InvalidRequest;
        refused.errorString = u"GitHub pointed %1 at %2, which is outside %3: not downloaded"_s.arg(what, url.host(), host());
        return QtFuture::makeReadyFuture(refused);
    }
    return start("GET", url, {}, what.isEmpty() ? url.path() : what, Transfer{true, false, 0});
}

QFuture<GitHubReply> GitHubClient::start(const QByteArray &method, const QUrl &url, const QJsonDocument &body, const QString &what,
                                         const Transfer &transfer)
{
    auto promise = std::make_shared<QPromise<GitHubReply>>();
    promise->start();
    QFuture<GitHubReply> future = promise->future();

    const bool get = method == "GET";
    const QString cacheKey = url.toString();
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/vnd.github+json");
    request.setRawHeader("X-GitHub-Api-Version", "2022-11-28");
    request.setRawHeader("User-Agent", "PreviewDesk/" PREVIEWDESK_VERSION);
    if (!m_token.isEmpty() && !transfer.anonymous)
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    if (const auto cached = m_cache.constFind(cacheKey); get && !transfer.raw && cached != m_cache.cend() && !cached->etag.isEmpty())
        request.setRawHeader("If-None-Match", cached->etag);
    if (transfer.raw)   // the redirect is looked at below, where the token's rule is applied
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(int(m_timeout.count()));

    QNetworkReply *reply = nullptr;
    if (get) {
        reply = m_network->get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        reply = m_network->sendCustomRequest(request, method, body.toJson(QJsonDocument::Compact));
    }
    m_replies.insert(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, promise, cacheKey, what, get, transfer, url] {
        m_replies.remove(reply);
        const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QUrl location = url.resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
        if (transfer.raw && code >= 301 && code <= 308 && code != 304 && !reply->rawHeader("Location").isEmpty()) {
            reply->deleteLater();
            GitHubReply refused;
            refused.httpCode = code;
            refused.error = GitHubReply::Error::InvalidRequest;
            const bool same = sameOrigin(location);
            if (transfer.redirects >= 3)
                refused.errorString = u"GitHub redirected %1 more than 3 times: not followed"_s.arg(what);
            else if (!same && location.scheme() != u"https"_s)
                refused.errorString = u"GitHub redirected %1 to %2 over plain http: not followed"_s.arg(what, location.host());
            if (!refused.errorString.isEmpty()) {
                pd::log::core()->warn("GitHub: {}", refused.errorString);
                promise->addResult(refused);
                promise->finish();
                return;
            }
            // Without a context: the promise gets its result also if this client goes first.
            start("GET", location, {}, what, Transfer{true, !same || transfer.anonymous, transfer.redirects + 1})
                .then([promise](const GitHubReply &followed) {
                    promise->addResult(followed);
                    promise->finish();
                });
            return;
        }
        const GitHubReply result = interpret(reply, get && !transfer.raw ? cacheKey : QString(), what, transfer.raw);
        reply->deleteLater();
        if (!result.ok())
            pd::log::core()->warn("GitHub: {}", result.errorString);
        promise->addResult(result);
        promise->finish();
    });
    return future;
}

namespace {

// The rel="next" URL of a Link header: <https://...&page=2>; rel="next", <...>; rel="last".
QByteArray nextLink(const QByteArray &link)
{
    for (const QByteArray &part : link.split(',')) {
        const QByteArray trimmed = part.trimmed();
        if (trimmed.contains("rel=\"next\"") && trimmed.startsWith('<') && trimmed.indexOf('>') > 0)
            return trimmed.mid(1, trimmed.indexOf('>') - 1);
    }
    return {};
}

} // namespace

GitHubReply GitHubClient::interpret(QNetworkReply *reply, const QString &cacheKey, const QString &what, bool raw)
{
    GitHubReply result;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) {
        result.error = GitHubReply::Error::Network;
        result.errorString = reply->error() == QNetworkReply::OperationCanceledError
            ? u"The request to GitHub at %1 for %2 was cancelled or timed out"_s.arg(m_apiBase.host(), what)
            : u"Could not reach GitHub at %1: %2"_s.arg(m_apiBase.host(), reply->errorString());
        return result;
    }
    result.httpCode = status.toInt();
    const QByteArray body = reply->readAll();
    result.nextPage = nextLink(reply->rawHeader("Link"));

    if (result.httpCode == 304) {
        const auto cached = m_cache.constFind(cacheKey);
        if (cacheKey.isEmpty() || cached == m_cache.cend()) {
            result.error = GitHubReply::Error::Http;
            result.errorString = u"GitHub answered 304 Not Modified for %1, but nothing is cached"_s.arg(what);
            return result;
        }
        result.body = QJsonDocument::fromJson(cached->body);
        result.fromCache = true;
        return result;
    }
    if (raw && result.httpCode >= 200 && result.httpCode < 300) {
        result.raw = body;
        return result;
    }
    if (result.httpCode >= 200 && result.httpCode < 300) {
        QJsonParseError parseError;
        result.body = QJsonDocument::fromJson(body, &parseError);
        if (result.httpCode != 204 && parseError.error != QJsonParseError::NoError) {
            result.error = GitHubReply::Error::InvalidAnswer;
            result.errorString = u"GitHub's answer for %1 is no JSON: %2"_s.arg(what, parseError.errorString());
            return result;
        }
        const QByteArray etag = reply->rawHeader("ETag");
        if (!cacheKey.isEmpty() && !etag.isEmpty())
            m_cache.insert(cacheKey, CacheEntry{etag, body});
        else if (!cacheKey.isEmpty())
            m_cache.remove(cacheKey);
        return result;
    }

    const QString message = githubMessage(body);
    const QByteArray remaining = reply->rawHeader("x-ratelimit-remaining");
    const QByteArray retryAfter = reply->rawHeader("retry-after");
    if ((result.httpCode == 403 || result.httpCode == 429) && (remaining == "0" || !retryAfter.isEmpty())) {
        result.error = GitHubReply::Error::RateLimited;
        bool ok = false;
        const qint64 resetEpoch = reply->rawHeader("x-ratelimit-reset").toLongLong(&ok);
        if (!retryAfter.isEmpty())
            result.rateLimitReset = now().addSecs(retryAfter.toLongLong());
        else if (ok)
            result.rateLimitReset = QDateTime::fromSecsSinceEpoch(resetEpoch, Qt::UTC);
        result.errorString = rateLimitText(result.rateLimitReset);
        return result;
    }
    switch (result.httpCode) {
    case 401:
        result.error = GitHubReply::Error::Unauthorized;
        result.errorString = withMessage(m_token.isEmpty()
                                             ? u"GitHub at %1 asks for a token to read %2 (401); set one in the GitHub token settings"_s.arg(host(), what)
                                             : u"GitHub at %1 did not accept the token (401): it is invalid, expired or revoked; set a new one"_s.arg(host()),
                                         message);
        break;
    case 404:
        result.error = GitHubReply::Error::NotFound;
        result.errorString = u"%1 was not found on %2, or %3 cannot see that repository"_s
                                 .arg(what.left(1).toUpper() + what.mid(1), host(), m_token.isEmpty() ? u"an anonymous request"_s : u"the token"_s);
        break;
    default:
        result.error = GitHubReply::Error::Http;
        result.errorString = withMessage(u"GitHub at %1 answered %2 for %3"_s.arg(host()).arg(result.httpCode).arg(what), message);
        break;
    }
    return result;
}

QString GitHubClient::rateLimitText(const QDateTime &reset) const
{
    QString text = u"GitHub's API rate limit for %1 is used up"_s.arg(host());
    if (reset.isValid()) {
        const qint64 seconds = std::max<qint64>(0, now().secsTo(reset));
        text += u" until %1 UTC (in %2)"_s.arg(reset.toUTC().toString(u"HH:mm"_s), EnvironmentModel::durationText(seconds));
    }
    if (m_token.isEmpty())
        text += u"; a token raises the limit from 60 to 5,000 requests an hour"_s;
    return text;
}

} // namespace pd::core
