// WorkflowBuild against the forge double, one rule each: a rate-limited look waits for GitHub's
// reset and goes on; a dispatch GitHub refuses, a missing artifact and an images.json without a
// declared image each end the build in words that say what to fix; cancel() stops following;
// the artifact's redirect keeps the token on the API's origin.
#include "core/forge/githubclient.h"
#include "core/forge/workflowbuild.h"

#include "forgedouble.h"
#include "futurewait.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::core::BuildOutcome;
using pd::core::BuildRequest;
using pd::core::WorkflowBuild;
using pd::test::CannedResponse;
using pd::test::ForgeDouble;

namespace {

const QString kWorkflow = u".github/workflows/build.yml"_s;
const QString kImage = u"registry.example.com/shop/api"_s;

BuildRequest request()
{
    BuildRequest r;
    r.repository = u"octo-org/shop"_s;
    r.pullRequest = 7;
    r.preview = u"pr-7"_s;
    r.declaration.workflow = kWorkflow;
    r.declaration.images = QStringList{kImage};
    r.declaration.artifact = u"images"_s;
    r.pollInterval = std::chrono::milliseconds(0);
    return r;
}

pd::test::WorkflowScript success()
{
    pd::test::WorkflowScript script;
    script.digests.insert(kImage, u"sha256:"_s + QString(64, u'f'));
    return script;
}

} // namespace

class TestWorkflowBuild final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void rateLimitedLookWaitsAndGoesOn();
    void refusedDispatchSaysWhy();
    void missingArtifactNamesTheProfileField();
    void undeclaredDigestIsRefused();
    void cancelStopsFollowing();
    void followsItsOwnRunNotAnotherDispatch();
    void redirectElsewhereNeverCarriesTheToken();

private:
    BuildOutcome run(const BuildRequest &r, QStringList *progress = nullptr);

    std::unique_ptr<ForgeDouble> m_forge;
    std::unique_ptr<pd::core::GitHubClient> m_client;
};

void TestWorkflowBuild::init()
{
    m_forge = std::make_unique<ForgeDouble>();
    QVERIFY(m_forge->listen());
    m_forge->setToken(u"ghs_build"_s);
    m_forge->addPullRequest(7, QString(40, u'7'), u"feature-7"_s);
    m_forge->setWorkflow(kWorkflow, success());
    m_client = std::make_unique<pd::core::GitHubClient>(m_forge->apiBase());
    m_client->setToken(u"ghs_build"_s);
}

BuildOutcome TestWorkflowBuild::run(const BuildRequest &r, QStringList *progress)
{
    WorkflowBuild build(m_client.get());
    QSignalSpy finished(&build, &WorkflowBuild::finished);
    QSignalSpy said(&build, &WorkflowBuild::progress);
    build.start(r);
    if (!finished.wait(20000))
        return {};
    if (progress)
        for (const QList<QVariant> &args : said)
            *progress << args.first().toString();
    return finished.first().first().value<BuildOutcome>();
}

void TestWorkflowBuild::rateLimitedLookWaitsAndGoesOn()
{
    // A secondary rate limit (retry-after) on two looks in a row.
    const auto limited = CannedResponse::json(429, QJsonObject{{u"message"_s, u"You have exceeded a secondary rate limit."_s}})
                             .withHeader("retry-after", "0");
    m_forge->failNext("GET", u"/actions/runs"_s, limited);
    m_forge->failNext("GET", u"/actions/runs"_s, limited);
    QStringList progress;
    const BuildOutcome outcome = run(request(), &progress);
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QVERIFY2(progress.join(u'\n').contains(u"rate limit for 127.0.0.1 is used up"_s), qPrintable(progress.join(u'\n')));
    QCOMPARE(m_forge->dispatches().size(), 1);   // the wait did not dispatch twice
    QCOMPARE(outcome.digests.value(kImage), u"sha256:"_s + QString(64, u'f'));
}

void TestWorkflowBuild::refusedDispatchSaysWhy()
{
    m_forge->failNext("POST", u"/dispatches"_s,
                      CannedResponse::json(422, QJsonObject{{u"message"_s, u"Workflow does not have 'workflow_dispatch' trigger"_s}}));
    const BuildOutcome outcome = run(request());
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(u"dispatching .github/workflows/build.yml for pull request #7"_s), qPrintable(outcome.message));
    QVERIFY(outcome.message.contains(u"Workflow does not have 'workflow_dispatch' trigger"_s));
    QVERIFY(m_forge->runs().isEmpty());
}

void TestWorkflowBuild::missingArtifactNamesTheProfileField()
{
    pd::test::WorkflowScript script = success();
    script.artifact = u"build-output"_s;
    m_forge->setWorkflow(kWorkflow, script);
    const BuildOutcome outcome = run(request());
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(u"has no artifact \"images\" (ciArtifact in the clone profile)"_s), qPrintable(outcome.message));
    QVERIFY(outcome.message.contains(m_forge->runs().first().value("html_url"_L1).toString()));
}

void TestWorkflowBuild::undeclaredDigestIsRefused()
{
    BuildRequest r = request();
    r.declaration.images << u"registry.example.com/shop/web"_s;
    const BuildOutcome outcome = run(r);
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(u"images.json has no digest for registry.example.com/shop/web"_s), qPrintable(outcome.message));
    QVERIFY(outcome.digests.isEmpty());
}

void TestWorkflowBuild::cancelStopsFollowing()
{
    WorkflowBuild build(m_client.get());
    QSignalSpy finished(&build, &WorkflowBuild::finished);
    // Cancelled the moment the run is reported in progress (a state of the double, not a time).
    connect(&build, &WorkflowBuild::progress, &build, [&build](const QString &text) {
        if (text.contains(u"in progress"_s))
            build.cancel();
    });
    build.start(request());
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.size(), 1);
    const BuildOutcome outcome = finished.first().first().value<BuildOutcome>();
    QVERIFY(outcome.cancelled && !outcome.ok);
    QVERIFY2(outcome.message.contains(u"the run goes on on GitHub"_s), qPrintable(outcome.message));
    const int looks = m_forge->count("GET", u"/jobs"_s);
    QCoreApplication::processEvents();   // a reply still in flight arrives: nothing more is asked, nothing reported
    QCOMPARE(m_forge->count("GET", u"/jobs"_s), looks);
    QCOMPARE(finished.size(), 1);
    QVERIFY(!build.isRunning());
}

void TestWorkflowBuild::followsItsOwnRunNotAnotherDispatch()
{
    pd::test::WorkflowScript script = success();
    script.runName = u"Build {preview}"_s;
    script.alsoDispatchedFor = u"pr-7-other"_s;   // newer, same workflow and commit
    m_forge->setWorkflow(kWorkflow, script);
    const BuildOutcome outcome = run(request());
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QCOMPARE(m_forge->runs().size(), 2);
    QCOMPARE(outcome.runId, m_forge->runs().first().value("id"_L1).toInteger());
    QCOMPARE(m_forge->runs().first().value("display_title"_L1).toString(), u"Build pr-7"_s);
    QVERIFY(outcome.runId < m_forge->runs().last().value("id"_L1).toInteger());
}

void TestWorkflowBuild::redirectElsewhereNeverCarriesTheToken()
{
    // Another origin (another port) over plain http: not followed, so the token cannot go there.
    pd::test::ScriptedServer storage;
    QVERIFY(storage.listen());
    QUrl elsewhere = storage.url();
    elsewhere.setPath(u"/blob/1.zip"_s);
    m_forge->failNext("GET", u"/actions/artifacts/5/zip"_s,
                      CannedResponse::text(302, {}, "text/html").withHeader("Location", elsewhere.toEncoded()));
    QUrl url = m_forge->apiBase();
    url.setPath(url.path() + u"/repos/octo-org/shop/actions/artifacts/5/zip"_s);
    const pd::core::GitHubReply reply = pd::test::waitFor(m_client->download(url, u"the artifact images"_s));
    QVERIFY(!reply.ok());
    QVERIFY2(reply.errorString.contains(u"over plain http: not followed"_s), qPrintable(reply.errorString));
    QCOMPARE(storage.requests().size(), 0);
    // A URL outside the API is not downloaded at all.
    const pd::core::GitHubReply outside = pd::test::waitFor(m_client->download(elsewhere, u"the artifact images"_s));
    QVERIFY(outside.errorString.contains(u"not downloaded"_s));
    QCOMPARE(storage.requests().size(), 0);
}

QTEST_GUILESS_MAIN(TestWorkflowBuild)
#include "tst_workflowbuild.moc"
