#pragma once

#include "pullrequestreporter.h"

#include <QDateTime>
#include <QFuture>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace pd::kube {
class ApiClient;
}

namespace pd::core {

struct Environment;
struct EnvironmentExtras;

// What the namespace records of the pull-request comment last posted for it (annotation
// previewdesk.io/pr-comment): which comment, when, and what it said that can go stale.
struct PreviewCommentRecord
{
    qint64 commentId = 0;
    QDateTime postedAt;   // UTC
    QString says;         // previewCommentFingerprint() of the report posted

    // nullopt when the namespace has none (or it does not parse).
    static std::optional<PreviewCommentRecord> of(const Environment &environment);
    QString toAnnotation() const;
};

// What a comment reports that a later change makes wrong: phase, URL and expiry
// ("ready|https://pr-42.example.com|2026-12-05T00:00:00Z"). Time left and cost per day are
// left out: they change by the minute, and the comment says when it was written.
QString previewCommentFingerprint(const PreviewReport &report);

enum class CommentFreshness { NotPosted, Current, Stale };

// Current: the recorded comment was posted after the preview was created and last renewed,
// and says what a comment posted now would say; Stale otherwise.
CommentFreshness commentFreshness(const Environment &environment, const EnvironmentExtras &extras);

// Posts a preview of the app's model to its pull request (the deployment's status and the
// one comment, as `previewctl report` does) and records the comment on the namespace.
// The clients must outlive it.
class PreviewReporting final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewReporting)
public:
    PreviewReporting(pd::kube::ApiClient *cluster, GitHubClient *gitHub, QObject *parent = nullptr);
    ~PreviewReporting() override;

    // Why the preview cannot be reported (no pull request, no repository, no token), one
    // sentence; empty when it can.
    QString refusal(const Environment &environment) const;
    // The report's outcome; its message also says when the comment could not be recorded.
    QFuture<ReportOutcome> report(const Environment &environment, const EnvironmentExtras &extras,
                                  const QDateTime &now = QDateTime::currentDateTimeUtc());

private:
    QPointer<pd::kube::ApiClient> m_cluster;
    QPointer<GitHubClient> m_gitHub;
    PullRequestReporter *m_reporter;
};

} // namespace pd::core
