// Every request PreviewDesk sends to GitHub and every answer the forge double gives, checked
// against GitHub's published OpenAPI description (npm @octokit/openapi, installed by
// packaging/install-deps-debian.sh): the operations exist, parameters and bodies match their
// schemas, statuses are documented. The validator is shown to catch wrong shapes too.
#include "core/forge/githubclient.h"
#include "core/forge/pullrequestreporter.h"
#include "core/forge/workflowbuild.h"

#include "forgedouble.h"
#include "futurewait.h"
#include "openapivalidator.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using pd::core::PreviewReport;
using pd::test::ForgeDouble;
using pd::test::OpenApiValidator;

namespace {

QString specPath()
{
    return qEnvironmentVariable("PREVIEWDESK_GITHUB_OPENAPI", QStringLiteral(PREVIEWDESK_GITHUB_OPENAPI_DEFAULT));
}

PreviewReport report(const QString &name)
{
    PreviewReport r;
    r.name = name;
    r.repository = u"octo-org/shop"_s;
    r.pullRequest = 42;
    r.phase = PreviewReport::Phase::Ready;
    r.url = QUrl(u"https://"_s + name + u".preview.example.com"_s);
    r.logUrl = QUrl(u"https://github.com/octo-org/shop/actions/runs/9"_s);
    r.source = u"staging-shop"_s;
    return r;
}

} // namespace

class TestForgeOpenApi final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyExchangeMatchesGitHubsDescription();
    void validatorCatchesWrongShapes();

private:
    OpenApiValidator m_validator;
};

void TestForgeOpenApi::initTestCase()
{
    const QString path = specPath();
    QVERIFY2(QFileInfo::exists(path),
             qPrintable(u"GitHub's OpenAPI description is not at %1: run packaging/install-deps-debian.sh "
                        "(npm install of tests/forge/package.json), or point PREVIEWDESK_GITHUB_OPENAPI at "
                        "@octokit/openapi's generated/api.github.com.json"_s.arg(path)));
    QString error;
    QVERIFY2(m_validator.load(path, &error), qPrintable(error));
}

void TestForgeOpenApi::everyExchangeMatchesGitHubsDescription()
{
    ForgeDouble forge;
    QVERIFY(forge.listen());
    forge.setToken(u"ghs_openapi"_s);
    forge.setPageSize(2);
    forge.addPullRequest(42);
    for (int i = 0; i < 3; ++i)
        forge.addComment(42, u"review %1"_s.arg(i));
    pd::core::GitHubClient client(forge.apiBase());
    client.setToken(u"ghs_openapi"_s);
    pd::core::PullRequestReporter reporter(&client);

    // What previewctl clone/report/destroy --report-to-pr and the app's tracker do.
    QVERIFY(pd::test::waitFor(client.pullRequest(u"octo-org/shop"_s, 42)).ok());
    QVERIFY(pd::test::waitFor(client.pullRequest(u"octo-org/shop"_s, 42)).fromCache);   // 304 to the ETag
    PreviewReport creating = report(u"pr-42"_s);
    creating.phase = PreviewReport::Phase::Creating;
    const pd::core::ReportOutcome begun = pd::test::waitFor(reporter.begin(creating), 20000);
    QVERIFY2(begun.ok, qPrintable(begun.message));
    QVERIFY(pd::test::waitFor(reporter.finish(report(u"pr-42"_s), begun.deploymentId), 20000).ok);
    PreviewReport failed = report(u"pr-42-b"_s);
    failed.phase = PreviewReport::Phase::Failed;
    failed.reason = u"Deployment/api did not become ready"_s;
    QVERIFY(pd::test::waitFor(reporter.finish(failed), 20000).ok);
    QVERIFY(pd::test::waitFor(reporter.finish(report(u"pr-42"_s)), 20000).ok);   // refresh: PATCH
    QVERIFY(pd::test::waitFor(reporter.destroyed(report(u"pr-42"_s)), 20000).ok);

    // What previewctl clone --mode ci-cd does: dispatch, follow the run, read its artifact.
    pd::test::WorkflowScript script;
    script.digests.insert(u"registry.example.com/shop/api"_s, u"sha256:"_s + QString(64, u'c'));
    forge.setWorkflow(u".github/workflows/build.yml"_s, script);
    pd::core::WorkflowBuild build(&client);
    QSignalSpy built(&build, &pd::core::WorkflowBuild::finished);
    pd::core::BuildRequest request;
    request.repository = u"octo-org/shop"_s;
    request.pullRequest = 42;
    request.preview = u"pr-42"_s;
    request.declaration.workflow = u".github/workflows/build.yml"_s;
    request.declaration.images = QStringList{u"registry.example.com/shop/api"_s};
    request.declaration.artifact = u"images"_s;
    request.pollInterval = std::chrono::milliseconds(0);
    build.start(request);
    QVERIFY(built.wait(20000));
    const auto outcome = built.first().first().value<pd::core::BuildOutcome>();
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QCOMPARE(outcome.digests.value(u"registry.example.com/shop/api"_s), u"sha256:"_s + QString(64, u'c'));

    QSet<QString> operations;
    QStringList problems;
    const QList<pd::test::ForgeExchange> exchanges = forge.exchanges();
    int blobs = 0;
    for (const pd::test::ForgeExchange &exchange : exchanges) {
        if (!exchange.request.path.startsWith(forge.apiBase().path() + u'/')) {
            // The archive behind download-artifact's 302: storage, not the REST API.
            ++blobs;
            QCOMPARE(exchange.status, 200);
            continue;
        }
        const QString path = exchange.request.path.mid(forge.apiBase().path().size());
        QString operationId;
        problems << m_validator.validateRequest(exchange.request.method, path, exchange.request.query, exchange.request.body, &operationId);
        problems << m_validator.validateResponse(exchange.request.method, path, exchange.status, exchange.body);
        operations.insert(operationId);
        // Headers GitHub documents for every REST call.
        QCOMPARE(exchange.request.header("Accept"), QByteArray("application/vnd.github+json"));
        QCOMPARE(exchange.request.header("X-GitHub-Api-Version"), QByteArray("2022-11-28"));
        if (!exchange.request.body.isEmpty())
            QVERIFY(exchange.request.header("Content-Type").startsWith("application/json"));
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QCOMPARE(operations, (QSet<QString>{u"pulls/get"_s, u"repos/create-deployment"_s, u"repos/list-deployments"_s,
                                        u"repos/create-deployment-status"_s, u"issues/list-comments"_s,
                                        u"issues/create-comment"_s, u"issues/update-comment"_s,
                                        u"actions/create-workflow-dispatch"_s, u"actions/list-workflow-runs-for-repo"_s,
                                        u"actions/list-jobs-for-workflow-run"_s, u"actions/list-workflow-run-artifacts"_s,
                                        u"actions/download-artifact"_s}));
    QCOMPARE(blobs, 1);
    QVERIFY(forge.count("GET", u"/actions/runs"_s) >= 3);   // before the dispatch, then following the run
    QVERIFY(exchanges.size() >= 20);
    QVERIFY(forge.count("GET", u"/issues/42/comments"_s) >= 2);   // pages were followed
}

void TestForgeOpenApi::validatorCatchesWrongShapes()
{
    const QString deployments = u"/repos/octo-org/shop/deployments"_s;
    // A request GitHub would refuse: no ref, a boolean where a list of contexts belongs.
    const QStringList noRef = m_validator.validateRequest("POST", deployments, {},
                                                          R"({"environment":"preview/x","required_contexts":true})");
    QVERIFY2(noRef.join(u'\n').contains(u"required property ref is missing"_s), qPrintable(noRef.join(u'\n')));
    QVERIFY(noRef.join(u'\n').contains(u"required_contexts: boolean where the description says array"_s));
    // A status state GitHub does not know.
    const QStringList state = m_validator.validateRequest("POST", deployments + u"/7/statuses"_s, {}, R"({"state":"ready"})");
    QVERIFY2(state.join(u'\n').contains(u"is not one of"_s), qPrintable(state.join(u'\n')));
    // A path parameter of the wrong type, an undeclared query parameter, an unknown operation.
    QVERIFY(!m_validator.validateRequest("POST", deployments + u"/seven/statuses"_s, {}, R"({"state":"success"})").isEmpty());
    QVERIFY(!m_validator.validateRequest("GET", deployments, QUrlQuery(u"colour=blue"_s), {}).isEmpty());
    QVERIFY(!m_validator.validateRequest("DELETE", u"/repos/octo-org/shop/issues/42/comments"_s, {}, {}).isEmpty());
    // An answer missing what GitHub always sends, and an undocumented status.
    const QStringList answer = m_validator.validateResponse("POST", deployments, 201, R"({"id":1,"ref":"main"})");
    QVERIFY2(answer.join(u'\n').contains(u"required property sha is missing"_s), qPrintable(answer.join(u'\n')));
    QVERIFY(!m_validator.validateResponse("PATCH", u"/repos/octo-org/shop/issues/comments/5"_s, 418, "{}").isEmpty());
    // And a well-formed request passes.
    QVERIFY(m_validator.validateRequest("PATCH", u"/repos/octo-org/shop/issues/comments/5"_s, {}, R"({"body":"hi"})").isEmpty());
}

QTEST_GUILESS_MAIN(TestForgeOpenApi)
#include "tst_forgeopenapi.moc"
