#include "pullrequestreporter.h"

#include "kube/logging.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QPromise>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

// GitHub cuts a status description at 140 characters and refuses longer ones.
QString description(const QString &text)
{
    QString oneLine = text.simplified();
    if (oneLine.size() > 140)
        oneLine = oneLine.left(139) + QChar(0x2026);
    return oneLine;
}

} // namespace

struct PullRequestReporter::Job
{
    PreviewReport report;
    QPromise<ReportOutcome> promise;
    ReportOutcome outcome;
    QString repoPath;       // /repos/owner/name
    QString prText;         // owner/name#42
    QList<qint64> deployments; // of the environment, newest first (destroy: those still to mark inactive)
    QStringList done;       // what was done, for the message
};

PullRequestReporter::PullRequestReporter(GitHubClient *client, QObject *parent) : QObject(parent), m_client(client) {}

PullRequestReporter::~PullRequestReporter() = default;

std::shared_ptr<PullRequestReporter::Job> PullRequestReporter::newJob(const PreviewReport &report)
{
    auto job = std::make_shared<Job>();
    job->report = report;
    job->report.repository = GitHubClient::normalizeRepository(report.repository);
    job->repoPath = u"/repos/"_s + job->report.repository;
    job->prText = job->report.repository + u'#' + QString::number(report.pullRequest);
    job->promise.start();
    if (!m_client)
        fail(job, u"no GitHub client"_s);
    else if (job->report.repository.isEmpty())
        fail(job, u"\"%1\" is not a GitHub repository (owner/name expected)"_s.arg(report.repository));
    else if (report.pullRequest <= 0)
        fail(job, u"%1 has no pull-request number to report to"_s.arg(report.name));
    else if (report.name.isEmpty())
        fail(job, u"no preview named"_s);
    return job;
}

void PullRequestReporter::fail(const std::shared_ptr<Job> &job, const QString &message)
{
    if (job->promise.future().isFinished())
        return;
    job->outcome.ok = false;
    job->outcome.message = job->done.isEmpty() ? message : job->done.join(u"; "_s) + u"; then "_s + message;
    job->promise.addResult(job->outcome);
    job->promise.finish();
}

void PullRequestReporter::succeed(const std::shared_ptr<Job> &job, const QString &message)
{
    if (job->promise.future().isFinished())
        return;
    job->outcome.ok = true;
    job->outcome.message = message.isEmpty() ? job->done.join(u"; "_s) : message;
    pd::log::core()->info("GitHub: {}", job->outcome.message);
    job->promise.addResult(job->outcome);
    job->promise.finish();
}

void PullRequestReporter::retryOrFail(const GitHubReply &reply, int attempt, const std::function<void(int)> &again, const Done &done)
{
    if (reply.error == GitHubReply::Error::RateLimited && attempt == 0) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const qint64 wait = reply.rateLimitReset.isValid() ? std::max<qint64>(0, now.msecsTo(reply.rateLimitReset)) : -1;
        if (wait >= 0 && wait <= qint64(m_maxWait.count()) * 1000) {
            pd::log::core()->info("GitHub: rate-limited; asking again in {} s", (wait + 999) / 1000);
            QTimer::singleShot(std::chrono::milliseconds(wait), this, [again, attempt] { again(attempt + 1); });
            return;
        }
    }
    done(reply);
}

void PullRequestReporter::call(const QByteArray &method, const QString &path, const QUrlQuery &query,
                               const QJsonDocument &body, const QString &what, Done done, int attempt)
{
    if (!m_client)
        return;
    m_client->send(method, path, query, body, what).then(this, [=, this](const GitHubReply &reply) {
        retryOrFail(reply, attempt, [=, this](int next) { call(method, path, query, body, what, done, next); }, done);
    });
}

void PullRequestReporter::callPage(const QUrl &url, const QString &what, Done done, int attempt)
{
    if (!m_client)
        return;
    m_client->getUrl(url, what).then(this, [=, this](const GitHubReply &reply) {
        retryOrFail(reply, attempt, [=, this](int next) { callPage(url, what, done, next); }, done);
    });
}

void PullRequestReporter::ensureRef(const std::shared_ptr<Job> &job, Step then)
{
    if (!job->report.ref.isEmpty())
        return then();
    const QString path = job->repoPath + u"/pulls/"_s + QString::number(job->report.pullRequest);
    call("GET", path, {}, {}, u"pull request "_s + job->prText, [this, job, then](const GitHubReply &reply) {
        const QString sha = reply.body.object().value("head"_L1).toObject().value("sha"_L1).toString();
        if (!reply.ok() || sha.isEmpty())
            return fail(job, reply.ok() ? u"%1 names no head commit to deploy"_s.arg(job->prText) : reply.errorString);
        job->report.ref = sha;
        then();
    });
}

void PullRequestReporter::createDeployment(const std::shared_ptr<Job> &job, Step then)
{
    const QJsonObject body{
        {u"ref"_s, job->report.ref},
        {u"environment"_s, job->report.environment()},
        {u"transient_environment"_s, true},
        {u"production_environment"_s, false},
        {u"auto_merge"_s, false},
        {u"required_contexts"_s, QJsonArray()},
        {u"description"_s, description(u"PreviewDesk preview %1"_s.arg(job->report.name))},
        {u"payload"_s, QJsonObject{{u"preview"_s, job->report.name}}},
    };
    call("POST", job->repoPath + u"/deployments"_s, {}, QJsonDocument(body), u"a deployment of "_s + job->prText,
         [this, job, then](const GitHubReply &reply) {
             const qint64 id = reply.body.object().value("id"_L1).toInteger();
             if (!reply.ok() || reply.httpCode != 201 || id <= 0)
                 return fail(job, reply.ok() ? u"GitHub made no deployment of %1 (%2)"_s.arg(job->prText).arg(reply.httpCode)
                                             : reply.errorString);
             job->outcome.deploymentId = id;
             job->done << u"deployment %1 in %2"_s.arg(id).arg(job->report.environment());
             then();
         });
}

void PullRequestReporter::newestDeployment(const std::shared_ptr<Job> &job, Step then)
{
    QUrlQuery query;
    query.addQueryItem(u"environment"_s, job->report.environment());
    query.addQueryItem(u"per_page"_s, u"100"_s);
    call("GET", job->repoPath + u"/deployments"_s, query, {}, u"the deployments of "_s + job->report.environment(),
         [this, job, then](const GitHubReply &reply) {
             if (!reply.ok())
                 return fail(job, reply.errorString);
             // Newest first, as GitHub lists them.
             for (const QJsonValue &deployment : reply.body.array())
                 job->deployments << deployment.toObject().value("id"_L1).toInteger();
             job->deployments.removeAll(0);
             then();
         });
}

void PullRequestReporter::postStatus(const std::shared_ptr<Job> &job, qint64 id, const QString &state, Step then)
{
    const PreviewReport &r = job->report;
    QJsonObject body{{u"state"_s, state}, {u"environment"_s, r.environment()}};
    if (!r.logUrl.isEmpty())
        body.insert(u"log_url"_s, r.logUrl.toString());
    if (!r.url.isEmpty() && (state == u"success"_s || state == u"in_progress"_s))
        body.insert(u"environment_url"_s, r.url.toString());
    const QString text = state == u"failure"_s ? r.reason
        : state == u"inactive"_s             ? u"Torn down"_s + (r.reason.isEmpty() ? QString() : u": "_s + r.reason)
        : state == u"success"_s              ? u"Preview %1 is ready"_s.arg(r.name)
                                             : u"Creating preview %1"_s.arg(r.name);
    body.insert(u"description"_s, description(text));
    call("POST", job->repoPath + u"/deployments/"_s + QString::number(id) + u"/statuses"_s, {}, QJsonDocument(body),
         u"the status of deployment %1"_s.arg(id), [this, job, id, state, then](const GitHubReply &reply) {
             if (!reply.ok())
                 return fail(job, reply.errorString);
             job->done << u"deployment %1 %2"_s.arg(id).arg(state);
             then();
         });
}

void PullRequestReporter::markInactive(const std::shared_ptr<Job> &job, Step then)
{
    if (job->deployments.isEmpty())
        return then();
    const qint64 id = job->deployments.takeFirst();
    postStatus(job, id, u"inactive"_s, [this, job, then] { markInactive(job, then); });
}

void PullRequestReporter::findComment(const std::shared_ptr<Job> &job, const QUrl &page, Step then)
{
    const QString what = u"the comments of "_s + job->prText;
    const Done done = [this, job, then](const GitHubReply &reply) {
        if (!reply.ok())
            return fail(job, reply.errorString);
        const QString marker = previewCommentMarker(job->report.name);
        for (const QJsonValue &comment : reply.body.array()) {
            if (comment.toObject().value("body"_L1).toString().startsWith(marker)) {
                job->outcome.commentId = comment.toObject().value("id"_L1).toInteger();
                return then();
            }
        }
        if (!reply.nextPage.isEmpty())
            return findComment(job, QUrl(QString::fromUtf8(reply.nextPage)), then);
        then();
    };
    if (!page.isEmpty())
        return callPage(page, what, done);
    QUrlQuery query;
    query.addQueryItem(u"per_page"_s, u"100"_s);
    call("GET", job->repoPath + u"/issues/"_s + QString::number(job->report.pullRequest) + u"/comments"_s, query, {}, what, done);
}

void PullRequestReporter::writeComment(const std::shared_ptr<Job> &job, Step then)
{
    const QJsonDocument body(QJsonObject{{u"body"_s, renderPreviewComment(job->report, QDateTime::currentDateTimeUtc())}});
    const bool update = job->outcome.commentId > 0;
    const QString path = update ? QString(job->repoPath + u"/issues/comments/"_s + QString::number(job->outcome.commentId))
                                : QString(job->repoPath + u"/issues/"_s + QString::number(job->report.pullRequest) + u"/comments"_s);
    call(update ? "PATCH" : "POST", path, {}, body, u"the preview comment on "_s + job->prText,
         [this, job, update, then](const GitHubReply &reply) {
             const qint64 id = reply.body.object().value("id"_L1).toInteger();
             if (!reply.ok() || id <= 0)
                 return fail(job, reply.ok() ? u"GitHub's answer names no comment"_s : reply.errorString);
             job->outcome.commentId = id;
             job->outcome.commentCreated = !update;
             job->done << (update ? u"comment %1 updated"_s : u"comment %1 posted"_s).arg(id);
             then();
         });
}

QFuture<ReportOutcome> PullRequestReporter::begin(const PreviewReport &report)
{
    const auto job = newJob(report);
    QFuture<ReportOutcome> future = job->promise.future();
    if (future.isFinished())
        return future;
    ensureRef(job, [this, job] {
        createDeployment(job, [this, job] {
            postStatus(job, job->outcome.deploymentId, u"in_progress"_s, [this, job] { succeed(job, {}); });
        });
    });
    return future;
}

QFuture<ReportOutcome> PullRequestReporter::finish(const PreviewReport &report, qint64 deploymentId)
{
    const auto job = newJob(report);
    QFuture<ReportOutcome> future = job->promise.future();
    if (future.isFinished())
        return future;
    const QString state = report.phase == PreviewReport::Phase::Failed ? u"failure"_s
        : report.phase == PreviewReport::Phase::Creating                ? u"in_progress"_s
        : report.phase == PreviewReport::Phase::Destroyed               ? u"inactive"_s
                                                                        : u"success"_s;
    const Step comment = [this, job] { findComment(job, {}, [this, job] { writeComment(job, [this, job] { succeed(job, {}); }); }); };
    const Step status = [this, job, state, comment] { postStatus(job, job->outcome.deploymentId, state, comment); };
    job->outcome.deploymentId = deploymentId;
    if (deploymentId > 0) {
        status();
        return future;
    }
    newestDeployment(job, [this, job, status] {
        if (!job->deployments.isEmpty()) {
            job->outcome.deploymentId = job->deployments.first();
            return status();
        }
        ensureRef(job, [this, job, status] { createDeployment(job, status); });
    });
    return future;
}

QFuture<ReportOutcome> PullRequestReporter::destroyed(const PreviewReport &report)
{
    const auto job = newJob(report);
    QFuture<ReportOutcome> future = job->promise.future();
    if (future.isFinished())
        return future;
    job->report.phase = PreviewReport::Phase::Destroyed;
    const Step comment = [this, job] { findComment(job, {}, [this, job] { writeComment(job, [this, job] { succeed(job, {}); }); }); };
    newestDeployment(job, [this, job, comment] { markInactive(job, comment); });
    return future;
}

QFuture<ReportOutcome> PullRequestReporter::upsertComment(const PreviewReport &report)
{
    const auto job = newJob(report);
    QFuture<ReportOutcome> future = job->promise.future();
    if (future.isFinished())
        return future;
    findComment(job, {}, [this, job] { writeComment(job, [this, job] { succeed(job, {}); }); });
    return future;
}

} // namespace pd::core
