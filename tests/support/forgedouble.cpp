#include "forgedouble.h"

#include <QCryptographicHash>
#include <QFile>
#include <QDateTime>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace pd::test {

namespace {

const QString kApiPrefix = u"/api/v3"_s;

QString nowText()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

} // namespace

ForgeDouble::ForgeDouble(const QString &repository, QObject *parent) : QObject(parent), m_repository(repository)
{
    m_server.setResponder([this](const RecordedRequest &request) { return respond(request); });
}

ForgeDouble::~ForgeDouble() = default;

bool ForgeDouble::listen()
{
    return m_server.listen();
}

QUrl ForgeDouble::apiBase() const
{
    QUrl url = m_server.url();
    url.setPath(kApiPrefix);
    return url;
}

QString ForgeDouble::api(const QString &path) const
{
    return apiBase().toString() + path;
}

QString ForgeDouble::html(const QString &path) const
{
    QUrl url = m_server.url();
    url.setPath(path);
    return url.toString();
}

QJsonObject ForgeDouble::user(const QString &login, qint64 id) const
{
    const QString u = api(u"/users/"_s + login);
    return QJsonObject{
        {u"login"_s, login}, {u"id"_s, id}, {u"node_id"_s, u"MDQ6VXNlcjE="_s},
        {u"avatar_url"_s, u"https://avatars.githubusercontent.com/u/1?v=4"_s}, {u"gravatar_id"_s, u""_s},
        {u"url"_s, u}, {u"html_url"_s, QString(html(u'/' + login))}, {u"followers_url"_s, QString(u + u"/followers"_s)},
        {u"following_url"_s, QString(u + u"/following{/other_user}"_s)}, {u"gists_url"_s, QString(u + u"/gists{/gist_id}"_s)},
        {u"starred_url"_s, QString(u + u"/starred{/owner}{/repo}"_s)}, {u"subscriptions_url"_s, QString(u + u"/subscriptions"_s)},
        {u"organizations_url"_s, QString(u + u"/orgs"_s)}, {u"repos_url"_s, QString(u + u"/repos"_s)},
        {u"events_url"_s, QString(u + u"/events{/privacy}"_s)}, {u"received_events_url"_s, QString(u + u"/received_events"_s)},
        {u"type"_s, login.endsWith(u"[bot]"_s) ? u"Bot"_s : u"User"_s}, {u"site_admin"_s, false},
    };
}

void ForgeDouble::addPullRequest(int number, const QString &headSha, const QString &headRef)
{
    m_pulls.insert(number, headSha);
    m_pullBranches.insert(number, headRef);
}

qint64 ForgeDouble::addComment(int issue, const QString &body, const QString &login)
{
    const qint64 id = ++m_nextId;
    const QString repo = u"/repos/"_s + m_repository;
    const QJsonObject comment{
        {u"id"_s, id}, {u"node_id"_s, QString(u"IC_kwDOA"_s + QString::number(id))},
        {u"url"_s, QString(api(repo + u"/issues/comments/"_s + QString::number(id)))},
        {u"html_url"_s, QString(html(u'/' + m_repository + u"/pull/"_s + QString::number(issue) + u"#issuecomment-"_s + QString::number(id)))},
        {u"issue_url"_s, QString(api(repo + u"/issues/"_s + QString::number(issue)))},
        {u"body"_s, body}, {u"user"_s, user(login, 7000 + id)},
        {u"created_at"_s, nowText()}, {u"updated_at"_s, nowText()}, {u"author_association"_s, u"MEMBER"_s},
    };
    m_comments.insert(id, {issue, comment});
    return id;
}

QList<QJsonObject> ForgeDouble::comments(int issue) const
{
    QList<QJsonObject> result;
    for (const auto &[number, comment] : m_comments)
        if (number == issue)
            result << comment;
    return result;
}

void ForgeDouble::failNext(const QByteArray &method, const QString &pathSuffix, const CannedResponse &response)
{
    m_failures.append({{method, pathSuffix}, response});
}

int ForgeDouble::count(const QByteArray &method, const QString &pathSuffix) const
{
    int n = 0;
    for (const ForgeExchange &exchange : m_exchanges)
        n += exchange.request.method == method && exchange.request.path.endsWith(pathSuffix) ? 1 : 0;
    return n;
}

CannedResponse ForgeDouble::json(int status, const QJsonValue &value) const
{
    CannedResponse response;
    response.status = status;
    response.contentType = "application/json; charset=utf-8";
    response.body = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                    : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return response;
}

CannedResponse ForgeDouble::error(int status, const QString &message) const
{
    return json(status, QJsonObject{{u"message"_s, message}, {u"documentation_url"_s, u"https://docs.github.com/rest"_s},
                                    {u"status"_s, QString::number(status)}});
}

std::optional<CannedResponse> ForgeDouble::respond(const RecordedRequest &request)
{
    CannedResponse response;
    bool injected = false;
    for (qsizetype i = 0; i < m_failures.size(); ++i) {
        if (m_failures.at(i).first.first == request.method && request.path.endsWith(m_failures.at(i).first.second)) {
            response = m_failures.takeAt(i).second;
            injected = true;
            break;
        }
    }
    if (!injected) {
        if (std::optional<CannedResponse> blob = artifactBlob(request)) {
            m_exchanges.append({request, blob->status, blob->body});
            return blob;
        }
        const QString bearer = QString::fromUtf8(request.header("Authorization"));
        if (!m_token.isEmpty() && bearer != u"Bearer "_s + m_token) {
            response = error(401, u"Bad credentials"_s);
        } else if (!request.path.startsWith(kApiPrefix + u"/repos/"_s + m_repository + u'/')) {
            response = error(404, u"Not Found"_s);
        } else {
            const QString rest = request.path.mid(kApiPrefix.size() + 7 + m_repository.size() + 1);
            response = route(request, rest.split(u'/'));
        }
        // GitHub's rate-limit headers on every answer.
        const qint64 reset = QDateTime::currentSecsSinceEpoch() + 3600;
        response.withHeader("x-ratelimit-limit", "5000").withHeader("x-ratelimit-remaining", "4990")
            .withHeader("x-ratelimit-used", "10").withHeader("x-ratelimit-reset", QByteArray::number(reset))
            .withHeader("x-ratelimit-resource", "core");
    }
    if (request.method == "GET" && response.status == 200) {
        const QByteArray etag = '"' + QCryptographicHash::hash(response.body, QCryptographicHash::Sha1).toHex() + '"';
        if (request.header("If-None-Match") == etag) {
            response.status = 304;
            response.body.clear();
        }
        response.withHeader("ETag", etag);
    }
    m_exchanges.append({request, response.status, response.body});
    return response;
}

CannedResponse ForgeDouble::page(const RecordedRequest &request, const QJsonArray &items)
{
    const int perPage = std::clamp(request.queryValue(u"per_page"_s).isEmpty() ? 30 : request.queryValue(u"per_page"_s).toInt(), 1, 100);
    const int size = std::min(perPage, m_pageSize);
    const int number = std::max(1, request.queryValue(u"page"_s).toInt());
    QJsonArray slice;
    for (qsizetype i = qsizetype(number - 1) * size; i < items.size() && slice.size() < size; ++i)
        slice.append(items.at(i));
    CannedResponse response = json(200, slice);
    const int last = std::max(1, int((items.size() + size - 1) / size));
    if (number < last) {
        QUrlQuery query(request.query);
        query.removeAllQueryItems(u"page"_s);
        const auto link = [&](int n) -> QByteArray {
            QUrlQuery q(query);
            q.addQueryItem(u"page"_s, QString::number(n));
            QUrl url = m_server.url();
            url.setPath(request.path);
            url.setQuery(q);
            return "<" + url.toEncoded() + ">";
        };
        response.withHeader("Link", link(number + 1) + "; rel=\"next\", " + link(last) + "; rel=\"last\"");
    }
    return response;
}

CannedResponse ForgeDouble::route(const RecordedRequest &request, const QStringList &parts)
{
    const QString repo = u"/repos/"_s + m_repository;
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QByteArray &method = request.method;
    if (parts.size() == 2 && parts[0] == u"pulls"_s && method == "GET") {
        const int number = parts[1].toInt();
        if (!m_pulls.contains(number))
            return error(404, u"Not Found"_s);
        // GitHub's own documented example of the answer, made this pull request's.
        QFile file(QStringLiteral(PREVIEWDESK_DEFAULT_SOURCE_DIR "/tests/fixtures/github-pull-request.json"));
        if (!file.open(QIODevice::ReadOnly))
            return error(500, u"tests/fixtures/github-pull-request.json is missing"_s);
        QJsonObject pull = QJsonDocument::fromJson(file.readAll()).object();
        pull.insert(u"number"_s, number);
        pull.insert(u"url"_s, api(repo + u"/pulls/"_s + QString::number(number)));
        pull.insert(u"html_url"_s, html(u'/' + m_repository + u"/pull/"_s + QString::number(number)));
        QJsonObject head = pull.value("head"_L1).toObject();
        head.insert(u"sha"_s, m_pulls.value(number));
        head.insert(u"ref"_s, m_pullBranches.value(number, u"checkout-redesign"_s));
        pull.insert(u"head"_s, head);
        return json(200, pull);
    }
    if (parts.size() == 1 && parts[0] == u"deployments"_s && method == "POST") {
        if (!body.value("ref"_L1).isString() || body.value("ref"_L1).toString().isEmpty())
            return error(422, u"Invalid request.\n\n\"ref\" wasn't supplied."_s);
        const qint64 id = ++m_nextId;
        const QString url = api(repo + u"/deployments/"_s + QString::number(id));
        const QJsonObject deployment{
            {u"url"_s, url}, {u"id"_s, id}, {u"node_id"_s, QString(u"DE_kwDOA"_s + QString::number(id))},
            {u"sha"_s, body.value("ref"_L1).toString()}, {u"ref"_s, body.value("ref"_L1).toString()},
            {u"task"_s, body.value("task"_L1).toString(u"deploy"_s)},
            {u"payload"_s, body.value("payload"_L1).isObject() ? body.value("payload"_L1) : QJsonValue(QJsonObject())},
            {u"original_environment"_s, body.value("environment"_L1).toString(u"production"_s)},
            {u"environment"_s, body.value("environment"_L1).toString(u"production"_s)},
            {u"description"_s, body.value("description"_L1).isString() ? body.value("description"_L1) : QJsonValue(QJsonValue::Null)},
            {u"creator"_s, user(u"github-actions[bot]"_s, 41898282)},
            {u"created_at"_s, nowText()}, {u"updated_at"_s, nowText()},
            {u"statuses_url"_s, QString(url + u"/statuses"_s)}, {u"repository_url"_s, api(repo)},
            {u"transient_environment"_s, body.value("transient_environment"_L1).toBool()},
            {u"production_environment"_s, body.value("production_environment"_L1).toBool()},
        };
        m_deployments.append(deployment);
        return json(201, deployment);
    }
    if (parts.size() == 1 && parts[0] == u"deployments"_s && method == "GET") {
        QJsonArray items;
        const QString environment = request.queryValue(u"environment"_s);
        for (auto it = m_deployments.crbegin(); it != m_deployments.crend(); ++it)   // newest first
            if (environment.isEmpty() || it->value("environment"_L1).toString() == environment)
                items.append(*it);
        return page(request, items);
    }
    if (parts.size() == 3 && parts[0] == u"deployments"_s && parts[2] == u"statuses"_s && method == "POST") {
        const qint64 deploymentId = parts[1].toLongLong();
        const bool known = std::any_of(m_deployments.cbegin(), m_deployments.cend(),
                                       [deploymentId](const QJsonObject &d) { return d.value("id"_L1).toInteger() == deploymentId; });
        if (!known)
            return error(404, u"Not Found"_s);
        static const QStringList states{u"error"_s, u"failure"_s, u"inactive"_s, u"in_progress"_s, u"queued"_s, u"pending"_s, u"success"_s};
        if (!states.contains(body.value("state"_L1).toString()))
            return error(422, u"Validation Failed"_s);
        const qint64 id = ++m_nextId;
        const QString deploymentUrl = api(repo + u"/deployments/"_s + QString::number(deploymentId));
        const QString logUrl = body.value("log_url"_L1).toString(body.value("target_url"_L1).toString());
        QJsonObject status{
            {u"url"_s, QString(deploymentUrl + u"/statuses/"_s + QString::number(id))}, {u"id"_s, id},
            {u"node_id"_s, QString(u"DES_kwDOA"_s + QString::number(id))}, {u"state"_s, body.value("state"_L1).toString()},
            {u"creator"_s, user(u"github-actions[bot]"_s, 41898282)},
            {u"description"_s, body.value("description"_L1).toString()},
            {u"environment"_s, body.value("environment"_L1).toString()},
            {u"target_url"_s, logUrl}, {u"log_url"_s, logUrl},
            {u"environment_url"_s, body.value("environment_url"_L1).toString()},
            {u"created_at"_s, nowText()}, {u"updated_at"_s, nowText()},
            {u"deployment_url"_s, deploymentUrl}, {u"repository_url"_s, api(repo)},
        };
        m_statuses[deploymentId].append(status);
        return json(201, status);
    }
    if (parts.size() == 3 && parts[0] == u"issues"_s && parts[2] == u"comments"_s) {
        const int issue = parts[1].toInt();
        if (!m_pulls.contains(issue))
            return error(404, u"Not Found"_s);
        if (method == "GET") {
            QJsonArray items;
            for (const QJsonObject &comment : comments(issue))
                items.append(comment);
            return page(request, items);
        }
        if (method == "POST") {
            if (!body.value("body"_L1).isString())
                return error(422, u"Validation Failed"_s);
            const qint64 id = addComment(issue, body.value("body"_L1).toString(), u"github-actions[bot]"_s);
            return json(201, m_comments.value(id).second);
        }
    }
    if (parts.size() == 3 && parts[0] == u"issues"_s && parts[1] == u"comments"_s && method == "PATCH") {
        const qint64 id = parts[2].toLongLong();
        if (!m_comments.contains(id))
            return error(404, u"Not Found"_s);
        if (!body.value("body"_L1).isString())
            return error(422, u"Validation Failed"_s);
        QJsonObject &comment = m_comments[id].second;
        comment.insert(u"body"_s, body.value("body"_L1).toString());
        comment.insert(u"updated_at"_s, nowText());
        return json(200, comment);
    }
    if (!parts.isEmpty() && parts[0] == u"actions"_s)
        return routeActions(request, parts);
    return error(404, u"Not Found"_s);
}

} // namespace pd::test
