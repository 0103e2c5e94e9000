#include "workflowbuild.h"

#include "githubclient.h"
#include "ziparchive.h"

#include "core/contract.h"

#include "kube/bindto.h"
#include "kube/logging.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

QString shortSha(const QString &sha)
{
    return sha.left(7);
}

// "failure" -> "failed", the way people say what a run did.
QString conclusionText(const QString &conclusion)
{
    if (conclusion == u"failure"_s)
        return u"failed"_s;
    if (conclusion == u"cancelled"_s)
        return u"was cancelled"_s;
    if (conclusion == u"timed_out"_s)
        return u"timed out"_s;
    if (conclusion == u"startup_failure"_s)
        return u"failed to start"_s;
    if (conclusion == u"action_required"_s)
        return u"is waiting for an approval"_s;
    return u"ended \"%1\""_s.arg(conclusion);
}

} // namespace

WorkflowBuild::WorkflowBuild(GitHubClient *client, QObject *parent) : QObject(parent), m_client(client)
{
    qRegisterMetaType<pd::core::BuildOutcome>();
}

WorkflowBuild::~WorkflowBuild() = default;

QString WorkflowBuild::runsPath() const
{
    return u"/repos/"_s + m_request.repository + u"/actions/runs"_s;
}

QString WorkflowBuild::runName() const
{
    return m_outcome.runNumber > 0 ? u"run #%1 of %2"_s.arg(m_outcome.runNumber).arg(m_request.declaration.workflow)
                                   : u"the run of %1"_s.arg(m_request.declaration.workflow);
}

void WorkflowBuild::say(const QString &text)
{
    if (text == m_lastProgress)
        return;
    m_lastProgress = text;
    pd::log::core()->info("Build: {}", text);
    Q_EMIT progress(text);
}

void WorkflowBuild::start(const BuildRequest &request)
{
    if (m_running)
        return;
    m_request = request;
    m_running = true;
    m_outcome = {};
    m_earlier.clear();
    m_polls = m_failedPolls = 0;
    m_lastProgress.clear();
    ++m_generation;
    if (!m_client || GitHubClient::normalizeRepository(request.repository).isEmpty() || request.pullRequest <= 0) {
        // Asynchronous like every other end, so a caller connects after start() safely.
        const QString message = u"CI+CD mode dispatches %1 on GitHub for the pull request: it needs the pull request "
                                "(--pr N), its repository (GITHUB_REPOSITORY or --repository; in the app, the source "
                                "namespace's annotation %2) and a GitHub token (GITHUB_TOKEN or GH_TOKEN; in the app, the "
                                "GitHub token settings)"_s.arg(request.declaration.workflow, contract::RepositoryAnnotation);
        QTimer::singleShot(0, this, [this, message, generation = m_generation] {
            if (generation == m_generation)
                fail(message);
        });
        return;
    }
    schedule(&WorkflowBuild::readPullRequest);
}

void WorkflowBuild::cancel()
{
    if (!m_running)
        return;
    ++m_generation;
    BuildOutcome outcome = m_outcome;
    outcome.cancelled = true;
    outcome.message = m_outcome.runUrl.isEmpty()
        ? u"cancelled before %1 ran; nothing was created"_s.arg(m_request.declaration.workflow)
        : u"cancelled while following %1 (%2); nothing was created, the run goes on on GitHub"_s
              .arg(runName(), m_outcome.runUrl.toString());
    finish(outcome);
}

void WorkflowBuild::schedule(void (WorkflowBuild::*next)(), const QDateTime &notBefore)
{
    qint64 delay = m_request.pollInterval.count();
    if (notBefore.isValid())
        delay = std::max(delay, QDateTime::currentDateTimeUtc().msecsTo(notBefore));
    if (next == &WorkflowBuild::readPullRequest || next == &WorkflowBuild::listBefore || next == &WorkflowBuild::dispatch)
        delay = notBefore.isValid() ? delay : 0;   // only following waits between looks
    QTimer::singleShot(std::chrono::milliseconds(std::max<qint64>(0, delay)), this, [this, next, generation = m_generation] {
        if (generation == m_generation && m_running)
            (this->*next)();
    });
}

bool WorkflowBuild::retry(const GitHubReply &reply, void (WorkflowBuild::*again)(), const QString &what)
{
    using Error = GitHubReply::Error;
    if (reply.error == Error::RateLimited) {
        say(u"%1: %2; waiting"_s.arg(what, reply.errorString));
        schedule(again, reply.rateLimitReset);
        return true;
    }
    const bool transient = reply.error == Error::Network || (reply.error == Error::Http && reply.httpCode >= 500);
    if (transient && ++m_failedPolls < m_request.maxFailedPolls) {
        schedule(again);
        return true;
    }
    fail(u"%1: %2"_s.arg(what, reply.errorString));
    return false;
}

void WorkflowBuild::readPullRequest()
{
    pd::bindTo(this, m_client->pullRequest(m_request.repository, m_request.pullRequest),
               [this, generation = m_generation](const PullRequestResult &result) {
                   if (generation != m_generation)
                       return;
                   if (!result.ok())
                       return fail(u"reading pull request #%1 for its head: %2"_s.arg(m_request.pullRequest).arg(result.errorString));
                   if (result.pullRequest.isFinished())
                       return fail(u"pull request #%1 is %2: nothing to build"_s.arg(m_request.pullRequest)
                                       .arg(pullRequestStateText(result.pullRequest.state)));
                   m_headRef = result.pullRequest.headRef;
                   m_headSha = result.pullRequest.headSha;
                   if (m_headRef.isEmpty() || m_headSha.isEmpty())
                       return fail(u"pull request #%1 names no head branch and commit"_s.arg(m_request.pullRequest));
                   listBefore();
               });
}

// The workflow_dispatch runs of the head commit (before the dispatch and while waiting for its run).
QFuture<GitHubReply> WorkflowBuild::fetchRunsOfHead() const
{
    QUrlQuery query;
    query.addQueryItem(u"event"_s, u"workflow_dispatch"_s);
    query.addQueryItem(u"head_sha"_s, m_headSha);
    return m_client->send("GET", runsPath(), query, {}, u"the workflow runs of %1"_s.arg(shortSha(m_headSha)));
}

// The runs already there for the head commit, so the one the dispatch starts is told apart.
void WorkflowBuild::listBefore()
{
    pd::bindTo(this, fetchRunsOfHead(),
               [this, generation = m_generation](const GitHubReply &reply) {
                   if (generation != m_generation)
                       return;
                   if (!reply.ok())
                       return void(retry(reply, &WorkflowBuild::listBefore, u"listing the runs of %1"_s.arg(shortSha(m_headSha))));
                   m_failedPolls = 0;
                   for (const QJsonValue &run : reply.body.object().value("workflow_runs"_L1).toArray())
                       m_earlier.insert(run.toObject().value("id"_L1).toInteger());
                   dispatch();
               });
}

void WorkflowBuild::dispatch()
{
    const BuildDeclaration &declaration = m_request.declaration;
    say(u"dispatching %1 for %2 (%3)"_s.arg(declaration.workflow, m_headRef, shortSha(m_headSha)));
    const QJsonObject body{
        {u"ref"_s, m_headRef},
        {u"inputs"_s, QJsonObject{{u"ref"_s, m_headSha}, {u"preview"_s, m_request.preview}}},
    };
    const QString path = u"/repos/"_s + m_request.repository + u"/actions/workflows/"_s + declaration.workflowFile() + u"/dispatches"_s;
    pd::bindTo(this, m_client->send("POST", path, {}, QJsonDocument(body), u"workflow %1"_s.arg(declaration.workflow)),
               [this, generation = m_generation](const GitHubReply &reply) {
                   if (generation != m_generation)
                       return;
                   if (reply.error == GitHubReply::Error::RateLimited)
                       return void(retry(reply, &WorkflowBuild::dispatch, u"dispatching"_s));
                   if (!reply.ok())   // 404: no such workflow; 422: it has no workflow_dispatch trigger
                       return fail(u"dispatching %1 for pull request #%2: %3"_s.arg(m_request.declaration.workflow)
                                       .arg(m_request.pullRequest).arg(reply.errorString));
                   say(u"waiting for the run of %1 to start"_s.arg(m_request.declaration.workflow));
                   schedule(&WorkflowBuild::pollRuns);
               });
}

void WorkflowBuild::pollRuns()
{
    pd::bindTo(this, fetchRunsOfHead(),
               [this, generation = m_generation](const GitHubReply &reply) {
                   if (generation != m_generation)
                       return;
                   if (!reply.ok())
                       return void(retry(reply, &WorkflowBuild::pollRuns, u"following "_s + runName()));
                   m_failedPolls = 0;
                   // The newest new run of the workflow; one whose title names the preview (the
                   // workflow's run-name: "Build ${{ inputs.preview }}") wins over another dispatch's.
                   QJsonObject run;
                   // The name as a word of the title: pr-7 is not named by "Build pr-70".
                   const QRegularExpression word(u"(?:^|[^a-z0-9-])"_s + QRegularExpression::escape(m_request.preview)
                                                 + u"(?:$|[^a-z0-9-])"_s);
                   const auto named = [&word](const QJsonObject &r) {
                       return word.match(r.value("display_title"_L1).toString()).hasMatch();
                   };
                   for (const QJsonValue &value : reply.body.object().value("workflow_runs"_L1).toArray()) {
                       const QJsonObject candidate = value.toObject();
                       const qint64 id = candidate.value("id"_L1).toInteger();
                       const bool ours = m_outcome.runId != 0 ? id == m_outcome.runId
                                                              : !m_earlier.contains(id)
                               && candidate.value("path"_L1).toString() == m_request.declaration.workflow;
                       if (!ours)
                           continue;
                       const bool better = run.isEmpty() || (named(candidate) && !named(run))
                           || (named(candidate) == named(run) && id > run.value("id"_L1).toInteger());
                       if (better)
                           run = candidate;
                   }
                   if (run.isEmpty()) {
                       if (++m_polls >= m_request.maxPollsToAppear)
                           return fail(u"%1 was dispatched for %2, but no run of it appeared after %3 looks"_s
                                           .arg(m_request.declaration.workflow, shortSha(m_headSha)).arg(m_polls));
                       return schedule(&WorkflowBuild::pollRuns);
                   }
                   m_outcome.runId = run.value("id"_L1).toInteger();
                   m_outcome.runNumber = run.value("run_number"_L1).toInt();
                   m_outcome.runUrl = QUrl(run.value("html_url"_L1).toString());
                   pollJobs(run);
               });
}

void WorkflowBuild::pollJobs(const QJsonObject &run)
{
    const QString path = runsPath() + u'/' + QString::number(m_outcome.runId) + u"/jobs"_s;
    pd::bindTo(this, m_client->send("GET", path, {}, {}, u"the jobs of "_s + runName()),
               [this, run, generation = m_generation](const GitHubReply &reply) {
                   if (generation != m_generation)
                       return;
                   if (!reply.ok())
                       return void(retry(reply, &WorkflowBuild::pollRuns, u"following "_s + runName()));
                   const QJsonArray jobs = reply.body.object().value("jobs"_L1).toArray();
                   const QString status = run.value("status"_L1).toString();
                   const QString conclusion = run.value("conclusion"_L1).toString();
                   if (status != u"completed"_s) {
                       // The job and step running now, else the run's own status.
                       QString doing = status.isEmpty() ? u"queued"_s : QString(status).replace(u'_', u' ');
                       for (const QJsonValue &value : jobs) {
                           const QJsonObject job = value.toObject();
                           if (job.value("status"_L1).toString() != u"in_progress"_s)
                               continue;
                           const QJsonArray steps = job.value("steps"_L1).toArray();
                           doing = u"in progress: job %1"_s.arg(job.value("name"_L1).toString());
                           for (const QJsonValue &step : steps)
                               if (step.toObject().value("status"_L1).toString() == u"in_progress"_s)
                                   doing += u", step %1/%2 %3"_s.arg(step.toObject().value("number"_L1).toInt()).arg(steps.size())
                                                .arg(step.toObject().value("name"_L1).toString());
                           break;
                       }
                       say(u"%1 %2 (%3)"_s.arg(runName(), doing, m_outcome.runUrl.toString()));
                       return schedule(&WorkflowBuild::pollRuns);
                   }
                   m_outcome.conclusion = conclusion;
                   if (conclusion == u"success"_s) {
                       say(u"%1 succeeded; reading the digests from its artifact %2"_s.arg(runName(), m_request.declaration.artifact));
                       return readArtifact();
                   }
                   // The first job that did not succeed, and its first step that did not.
                   for (const QJsonValue &value : jobs) {
                       const QJsonObject job = value.toObject();
                       const QString jobConclusion = job.value("conclusion"_L1).toString();
                       if (jobConclusion == u"success"_s || jobConclusion == u"skipped"_s || jobConclusion == u"neutral"_s)
                           continue;
                       m_outcome.failedJob = job.value("name"_L1).toString();
                       for (const QJsonValue &step : job.value("steps"_L1).toArray()) {
                           const QString stepConclusion = step.toObject().value("conclusion"_L1).toString();
                           if (stepConclusion == u"failure"_s || stepConclusion == u"cancelled"_s || stepConclusion == u"timed_out"_s) {
                               m_outcome.failedStep = step.toObject().value("name"_L1).toString();
                               break;
                           }
                       }
                       if (!m_outcome.failedStep.isEmpty() || m_outcome.failedJob.isEmpty())
                           break;
                   }
                   QString where;
                   if (!m_outcome.failedJob.isEmpty())
                       where = m_outcome.failedStep.isEmpty() ? u" in job \"%1\""_s.arg(m_outcome.failedJob)
                                                              : u" in job \"%1\", step \"%2\""_s.arg(m_outcome.failedJob, m_outcome.failedStep);
                   fail(u"the build %1%2: %3; nothing was created"_s.arg(runName(), u' ' + conclusionText(conclusion) + where,
                                                                        m_outcome.runUrl.toString()));
               });
}

void WorkflowBuild::readArtifact()
{
    const QString artifact = m_request.declaration.artifact;
    QUrlQuery query;
    query.addQueryItem(u"name"_s, artifact);
    const QString path = runsPath() + u'/' + QString::number(m_outcome.runId) + u"/artifacts"_s;
    pd::bindTo(this, m_client->send("GET", path, query, {}, u"the artifacts of "_s + runName()),
               [this, artifact, generation = m_generation](const GitHubReply &reply) {
                   if (generation != m_generation)
                       return;
                   if (!reply.ok())
                       return void(retry(reply, &WorkflowBuild::readArtifact, u"reading the artifacts of "_s + runName()));
                   QJsonObject found;
                   for (const QJsonValue &value : reply.body.object().value("artifacts"_L1).toArray())
                       if (value.toObject().value("name"_L1).toString() == artifact)
                           found = value.toObject();
                   if (found.isEmpty())
                       return fail(u"%1 succeeded but has no artifact \"%2\" (ciArtifact in the clone profile): upload %3 "
                                   "under that name (%4)"_s.arg(runName(), artifact, BuildDigestFile, m_outcome.runUrl.toString()));
                   if (found.value("expired"_L1).toBool())
                       return fail(u"the artifact \"%1\" of %2 has expired (%3)"_s.arg(artifact, runName(), m_outcome.runUrl.toString()));
                   const QUrl url(found.value("archive_download_url"_L1).toString());
                   pd::bindTo(this, m_client->download(url, u"the artifact %1 of %2"_s.arg(artifact, runName())),
                              [this, artifact, generation](const GitHubReply &zip) {
                                  if (generation != m_generation)
                                      return;
                                  if (!zip.ok())
                                      return fail(u"downloading the artifact \"%1\": %2"_s.arg(artifact, zip.errorString));
                                  ZipArchive archive;
                                  QString error;
                                  std::optional<QByteArray> json;
                                  if (archive.open(zip.raw, &error))
                                      json = archive.read(BuildDigestFile, &error);
                                  BuildOutcome outcome = m_outcome;
                                  if (!json || !parseImageDigests(*json, m_request.declaration.images, &outcome.digests, &error))
                                      return fail(u"the artifact \"%1\" of %2: %3"_s.arg(artifact, runName(), error));
                                  outcome.ok = true;
                                  QStringList pinned;
                                  for (const QString &image : m_request.declaration.images)
                                      pinned << image + u'@' + outcome.digests.value(image);
                                  outcome.message = u"%1 built %2"_s.arg(runName(), pinned.join(u", "_s));
                                  say(outcome.message);
                                  finish(outcome);
                              });
               });
}

void WorkflowBuild::fail(const QString &message)
{
    BuildOutcome outcome = m_outcome;
    outcome.ok = false;
    outcome.message = message;
    pd::log::core()->warn("Build: {}", message);
    finish(outcome);
}

void WorkflowBuild::finish(BuildOutcome outcome)
{
    if (!m_running)
        return;
    m_running = false;
    ++m_generation;
    Q_EMIT finished(outcome);
}

} // namespace pd::core
