#pragma once

#include "scriptedserver.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QUrl>

namespace pd::test {

// A GitHub Actions workflow the double runs when it is dispatched. Time is the double's own:
// every look at a run's jobs (GET .../actions/runs/{id}/jobs) moves each unfinished run one stage on:
// queued, then each step in progress in turn, then completed with `conclusion` (success, or
// failure / cancelled at `endingStep`, the later steps skipped). No timers.
struct WorkflowScript
{
    QString name = QStringLiteral("Build preview images");
    QString job = QStringLiteral("build-images");
    QStringList steps{QStringLiteral("Set up job"), QStringLiteral("Check out the pull request"),
                      QStringLiteral("Build and push images"), QStringLiteral("Upload image digests")};
    QString conclusion = QStringLiteral("success");   // success | failure | cancelled
    int endingStep = 3;                                // failure / cancelled: the step it ends in (1-based)
    QString artifact = QStringLiteral("images");       // success: the artifact uploaded
    QMap<QString, QString> digests;                    // image -> "sha256:...", its images.json
    QString runName;                                   // run-name with {preview} (inputs.preview); empty: name
    QString alsoDispatchedFor;                         // another dispatch right after, for this preview
};

// A run of a dispatched workflow, as the double keeps it.
struct ForgeRun
{
    qint64 id = 0;
    int number = 0;
    QString path;
    QString headBranch;
    QString headSha;
    QString created;
    QString title;              // display_title
    WorkflowScript script;
    int stage = 0;              // 0 queued, 1..n step n in progress, n+1 or past endingStep: completed
    qint64 jobId = 0;
    qint64 artifactId = 0;      // success: its artifact
    bool completed() const;
    int lastStage() const;      // the stage at which it completes
};

// One request the double answered and what it answered, for the OpenAPI check.
struct ForgeExchange
{
    RecordedRequest request;
    int status = 0;
    QByteArray body;
};

// GitHub's REST API on loopback, speaking its wire format (JSON shapes as GitHub's OpenAPI
// description documents them, Link pagination, ETags with 304, rate-limit headers) and keeping
// state: pull requests, deployments with their statuses, issue comments. The one test double
// PreviewDesk allows; tst_forgeopenapi checks every exchange against @octokit/openapi.
class ForgeDouble final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForgeDouble)
public:
    explicit ForgeDouble(const QString &repository = QStringLiteral("octo-org/shop"), QObject *parent = nullptr);
    ~ForgeDouble() override;

    bool listen();
    QUrl apiBase() const;                       // http://127.0.0.1:PORT/api/v3 (GitHub Enterprise's layout)
    // Requests without "Authorization: Bearer <token>" get 401 Bad credentials.
    void setToken(const QString &token) { m_token = token; }
    void setPageSize(int size) { m_pageSize = size; }   // the most a list page holds

    // An open pull request #number, head commit sha on branch headRef.
    void addPullRequest(int number, const QString &headSha = QStringLiteral("6dcb09b5b57875f334f61aebed695e2e4193db5e"),
                        const QString &headRef = QStringLiteral("checkout-redesign"));
    // A workflow with a workflow_dispatch trigger at `path` (".github/workflows/build.yml");
    // set again to change how its next runs go.
    void setWorkflow(const QString &path, const WorkflowScript &script);
    QList<QJsonObject> dispatches() const { return m_dispatches; }   // the bodies received
    QList<QJsonObject> runs() const;                                // as GitHub shows them, oldest first
    // A zip archive of the files (deflated), as actions/upload-artifact writes one.
    static QByteArray zip(const QList<QPair<QString, QByteArray>> &files);
    // A comment by someone else (the marker search must skip it).
    qint64 addComment(int issue, const QString &body, const QString &login = QStringLiteral("reviewer"));
    // The next request matching METHOD and a path suffix gets this answer instead (in order).
    void failNext(const QByteArray &method, const QString &pathSuffix, const CannedResponse &response);

    QList<QJsonObject> deployments() const { return m_deployments; }
    QList<QJsonObject> statuses(qint64 deploymentId) const { return m_statuses.value(deploymentId); }
    QList<QJsonObject> comments(int issue) const;
    QList<ForgeExchange> exchanges() const { return m_exchanges; }
    int count(const QByteArray &method, const QString &pathSuffix) const;
    ScriptedServer &server() { return m_server; }

    // GitHub's user object (simple-user), for answers and fixtures.
    QJsonObject user(const QString &login, qint64 id) const;

private:
    std::optional<CannedResponse> respond(const RecordedRequest &request);
    CannedResponse route(const RecordedRequest &request, const QStringList &parts);
    CannedResponse page(const RecordedRequest &request, const QJsonArray &items);
    CannedResponse json(int status, const QJsonValue &value) const;
    CannedResponse error(int status, const QString &message) const;
    QString api(const QString &path) const;
    QString html(const QString &path) const;
    CannedResponse routeActions(const RecordedRequest &request, const QStringList &parts);
    std::optional<CannedResponse> artifactBlob(const RecordedRequest &request);
    QJsonObject runJson(const ForgeRun &run) const;
    QJsonObject jobJson(const ForgeRun &run) const;
    QJsonObject artifactJson(qint64 id) const;
    QJsonObject repositoryJson() const;
    void advanceRuns();

    ScriptedServer m_server;
    QString m_repository;
    QString m_token;
    int m_pageSize = 30;
    qint64 m_nextId = 1000;
    QMap<int, QString> m_pulls;                        // number -> head sha
    QMap<int, QString> m_pullBranches;                 // number -> head ref
    QMap<QString, WorkflowScript> m_workflows;         // path -> script
    QList<QJsonObject> m_dispatches;
    QList<ForgeRun> m_runs;
    QMap<qint64, QPair<QString, QByteArray>> m_artifacts;   // id -> (name, zip)
    QList<QJsonObject> m_deployments;                   // oldest first
    QHash<qint64, QList<QJsonObject>> m_statuses;       // deployment id -> statuses, oldest first
    QMap<qint64, QPair<int, QJsonObject>> m_comments;   // id -> (issue, comment)
    QList<std::pair<QPair<QByteArray, QString>, CannedResponse>> m_failures;
    QList<ForgeExchange> m_exchanges;
};

} // namespace pd::test
