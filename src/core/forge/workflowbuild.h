#pragma once

#include "core/clone/builddeclaration.h"

#include <QDateTime>
#include <QFuture>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QUrl>

#include <chrono>

namespace pd::core {

class GitHubClient;
struct GitHubReply;

// What to build: the source's declared workflow, for a pull request, for a preview.
struct BuildRequest
{
    QString repository;              // owner/name
    int pullRequest = 0;
    QString preview;                 // the preview's name: the workflow's input `preview`
    BuildDeclaration declaration;
    // Between two looks at the run. GitHub counts a 304 to an ETag against no limit, so the
    // poll is cheap; a rate-limited answer waits for the reset GitHub names.
    std::chrono::milliseconds pollInterval{10000};
    int maxPollsToAppear = 60;       // polls until the dispatched run shows up
    int maxFailedPolls = 5;          // consecutive failed looks (5xx, network) before giving up
};

struct BuildOutcome
{
    bool ok = false;
    bool cancelled = false;          // cancel() stopped the following (the run itself goes on)
    QString message;                 // plain words; on a failed run: its URL and the failing job and step
    qint64 runId = 0;
    int runNumber = 0;
    QUrl runUrl;                     // the run's html_url
    QString conclusion;              // success | failure | cancelled | timed_out | ...
    QString failedJob;
    QString failedStep;
    QMap<QString, QString> digests;  // image repository -> "sha256:..."
};

// CI+CD mode's build (issue 14): dispatches the source's workflow for the pull request's head
// (POST .../actions/workflows/{file}/dispatches, ref = the head branch, inputs ref = the head
// commit and preview = the preview's name), finds the run it started
// (GET .../actions/runs?event=workflow_dispatch&head_sha=...: the newest run of that workflow
// that was not there before the dispatch), follows it and its jobs and steps
// (GET .../actions/runs/{id}/jobs) and, when it succeeded, reads the digests of the images it
// built from the run's artifact named in the clone profile (GET .../runs/{id}/artifacts, then
// its archive_download_url: a zip holding images.json). Every request goes through the one
// GitHubClient (ETags, rate limits, same-origin redirects, the token never logged).
//
//   auto *build = new WorkflowBuild(client, parent);
//   connect(build, &WorkflowBuild::progress, ...);   // "run #12 in progress: build / Push"
//   connect(build, &WorkflowBuild::finished, ...);
//   build->start(request);
class WorkflowBuild final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkflowBuild)
public:
    explicit WorkflowBuild(GitHubClient *client, QObject *parent = nullptr);
    ~WorkflowBuild() override;

    void start(const BuildRequest &request);
    // Stops following; finished() reports cancelled. The run on GitHub is left to finish.
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(const QString &text);
    void finished(const pd::core::BuildOutcome &outcome);

private:
    void readPullRequest();
    void listBefore();
    void dispatch();
    void pollRuns();
    void pollJobs(const QJsonObject &run);
    void readArtifact();
    void fail(const QString &message);
    void finish(BuildOutcome outcome);
    void schedule(void (WorkflowBuild::*next)(), const QDateTime &notBefore = {});
    // A failed look at the run: retried (rate limit: after its reset) unless it is final.
    bool retry(const GitHubReply &reply, void (WorkflowBuild::*again)(), const QString &what);
    void say(const QString &text);
    QString runsPath() const;
    QFuture<GitHubReply> fetchRunsOfHead() const;
    QString runName() const;

    QPointer<GitHubClient> m_client;
    BuildRequest m_request;
    bool m_running = false;
    QString m_headRef;
    QString m_headSha;
    QSet<qint64> m_earlier;          // runs of the head commit before the dispatch
    int m_polls = 0;
    int m_failedPolls = 0;
    BuildOutcome m_outcome;
    QString m_lastProgress;
    quint64 m_generation = 0;        // bumps on cancel(): late timers and replies are dropped
};

} // namespace pd::core

Q_DECLARE_METATYPE(pd::core::BuildOutcome)
