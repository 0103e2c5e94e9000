#pragma once

#include "githubclient.h"
#include "previewreport.h"

#include <QFuture>
#include <QObject>
#include <QPointer>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

namespace pd::core {

struct ReportOutcome
{
    bool ok = false;
    QString message;            // what was done, or the first step that failed and why
    qint64 deploymentId = 0;
    qint64 commentId = 0;
    bool commentCreated = false;   // false: an existing comment was updated in place
};

// Posts a preview back to its pull request through GitHub's REST API:
//  - a Deployment (environment preview/<name>, transient, auto_merge false, no required
//    contexts, ref = report.ref or the PR's head commit) with statuses in_progress, then
//    success (environment_url, log_url) or failure (the reason), inactive on destroy;
//  - exactly one comment per preview, found by previewCommentMarker() on any page of the
//    PR's comments and updated in place (PATCH), created only when there is none.
// A rate-limit answer is waited out (retry-after or x-ratelimit-reset) when that is at most
// maxRateLimitWait away, then the call is repeated once; otherwise the step fails with
// GitHub's reset time. The client must outlive the reporter.
class PullRequestReporter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PullRequestReporter)
public:
    explicit PullRequestReporter(GitHubClient *client, QObject *parent = nullptr);
    ~PullRequestReporter() override;

    void setMaxRateLimitWait(std::chrono::seconds wait) { m_maxWait = wait; }

    // The deployment and its in_progress status (the clone is starting).
    QFuture<ReportOutcome> begin(const PreviewReport &report);
    // success or failure (by report.phase) on deploymentId, or on the environment's newest
    // deployment when 0 (one is made when there is none), then the comment. Also the refresh.
    QFuture<ReportOutcome> finish(const PreviewReport &report, qint64 deploymentId = 0);
    // inactive on every deployment of the environment, then the comment's teardown line.
    QFuture<ReportOutcome> destroyed(const PreviewReport &report);
    // Only the comment.
    QFuture<ReportOutcome> upsertComment(const PreviewReport &report);

private:
    struct Job;
    using Done = std::function<void(const GitHubReply &)>;
    using Step = std::function<void()>;
    std::shared_ptr<Job> newJob(const PreviewReport &report);
    void call(const QByteArray &method, const QString &path, const QUrlQuery &query, const QJsonDocument &body,
              const QString &what, Done done, int attempt = 0);
    void callPage(const QUrl &url, const QString &what, Done done, int attempt = 0);
    void retryOrFail(const GitHubReply &reply, int attempt, const std::function<void(int)> &again, const Done &done);
    void ensureRef(const std::shared_ptr<Job> &job, Step then);
    void createDeployment(const std::shared_ptr<Job> &job, Step then);
    void newestDeployment(const std::shared_ptr<Job> &job, Step then);
    void postStatus(const std::shared_ptr<Job> &job, qint64 id, const QString &state, Step then);
    void markInactive(const std::shared_ptr<Job> &job, Step then);
    void findComment(const std::shared_ptr<Job> &job, const QUrl &page, Step then);
    void writeComment(const std::shared_ptr<Job> &job, Step then);
    void fail(const std::shared_ptr<Job> &job, const QString &message);
    void succeed(const std::shared_ptr<Job> &job, const QString &message);

    QPointer<GitHubClient> m_client;
    std::chrono::seconds m_maxWait{60};
};

} // namespace pd::core
