// PullRequestReporter through the real GitHubClient against the forge double (GitHub's wire
// format on loopback): one deployment per clone with its statuses, exactly one comment per
// preview found again by its marker on any page, rate limits waited out or reported, the
// token never logged, redirects to another origin never followed.
#include "core/forge/githubclient.h"
#include "core/forge/pullrequestreporter.h"
#include "kube/logging.h"

#include "forgedouble.h"
#include "futurewait.h"

#include <spdlog/sinks/ostream_sink.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>
#include <sstream>

using namespace Qt::StringLiterals;
using pd::core::PreviewReport;
using pd::core::ReportOutcome;
using pd::test::CannedResponse;
using pd::test::ForgeDouble;

namespace {

const QString kToken = u"ghs_reporterTokenNeverLogged77"_s;
const QString kSha = u"0123456789abcdef0123456789abcdef01234567"_s;

PreviewReport ready()
{
    PreviewReport report;
    report.name = u"pr-42"_s;
    report.repository = u"octo-org/shop"_s;
    report.pullRequest = 42;
    report.phase = PreviewReport::Phase::Ready;
    report.url = QUrl(u"https://pr-42.preview.example.com"_s);
    report.logUrl = QUrl(u"https://github.com/octo-org/shop/actions/runs/9"_s);
    report.expiresAt = QDateTime::currentDateTimeUtc().addSecs(72 * 3600);
    report.source = u"staging-shop"_s;
    report.cloneId = u"c0ffee"_s;
    report.mode = u"cd-only"_s;
    return report;
}

QJsonObject sentBody(const pd::test::ForgeExchange &exchange)
{
    return QJsonDocument::fromJson(exchange.request.body).object();
}

} // namespace

class TestPullRequestReporter final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void beginMakesADeploymentOfTheHeadCommit();
    void finishPostsSuccessAndOneComment();
    void refreshUpdatesTheSameCommentInPlace();
    void markerIsFoundOnALaterPage();
    void failureCarriesTheReason();
    void destroyMarksEveryDeploymentInactive();
    void shortRateLimitIsWaitedOut();
    void longRateLimitFailsWithoutRetrying();
    void badTokenFailsWithGitHubsMessage();
    void redirectToAnotherOriginIsNotFollowed();
    void tokenNeverLogged();

private:
    ReportOutcome run(QFuture<ReportOutcome> future) { return pd::test::waitFor(future, 20000); }

    std::unique_ptr<ForgeDouble> m_forge;
    std::unique_ptr<pd::core::GitHubClient> m_client;
    std::unique_ptr<pd::core::PullRequestReporter> m_reporter;
};

void TestPullRequestReporter::init()
{
    m_reporter.reset();
    m_client.reset();
    m_forge = std::make_unique<ForgeDouble>();
    QVERIFY(m_forge->listen());
    m_forge->setToken(kToken);
    m_forge->addPullRequest(42, kSha);
    m_client = std::make_unique<pd::core::GitHubClient>(m_forge->apiBase());
    m_client->setToken(kToken);
    m_reporter = std::make_unique<pd::core::PullRequestReporter>(m_client.get());
}

void TestPullRequestReporter::beginMakesADeploymentOfTheHeadCommit()
{
    PreviewReport report = ready();
    report.phase = PreviewReport::Phase::Creating;
    const ReportOutcome outcome = run(m_reporter->begin(report));
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QCOMPARE(m_forge->count("GET", u"/pulls/42"_s), 1);   // no ref given: the PR's head
    QCOMPARE(m_forge->deployments().size(), 1);
    const QJsonObject sent = sentBody(m_forge->exchanges().at(1));
    QCOMPARE(sent.value("ref"_L1).toString(), kSha);
    QCOMPARE(sent.value("environment"_L1).toString(), u"preview/pr-42"_s);
    QCOMPARE(sent.value("transient_environment"_L1), QJsonValue(true));
    QCOMPARE(sent.value("auto_merge"_L1), QJsonValue(false));
    QCOMPARE(sent.value("required_contexts"_L1), QJsonValue(QJsonArray()));
    QCOMPARE(outcome.deploymentId, m_forge->deployments().first().value("id"_L1).toInteger());
    const QList<QJsonObject> statuses = m_forge->statuses(outcome.deploymentId);
    QCOMPARE(statuses.size(), 1);
    QCOMPARE(statuses.first().value("state"_L1).toString(), u"in_progress"_s);
    QCOMPARE(statuses.first().value("log_url"_L1).toString(), u"https://github.com/octo-org/shop/actions/runs/9"_s);
    QVERIFY(m_forge->comments(42).isEmpty());   // the comment waits for the outcome
}

void TestPullRequestReporter::finishPostsSuccessAndOneComment()
{
    PreviewReport report = ready();
    report.ref = u"feedface"_s;   // GITHUB_SHA: no PR read
    const ReportOutcome begun = run(m_reporter->begin(report));
    QVERIFY2(begun.ok, qPrintable(begun.message));
    QCOMPARE(m_forge->count("GET", u"/pulls/42"_s), 0);
    m_forge->addComment(42, u"LGTM"_s);
    const ReportOutcome done = run(m_reporter->finish(report, begun.deploymentId));
    QVERIFY2(done.ok, qPrintable(done.message));
    const QList<QJsonObject> statuses = m_forge->statuses(begun.deploymentId);
    QCOMPARE(statuses.size(), 2);
    QCOMPARE(statuses.last().value("state"_L1).toString(), u"success"_s);
    QCOMPARE(statuses.last().value("environment_url"_L1).toString(), u"https://pr-42.preview.example.com"_s);
    QCOMPARE(statuses.last().value("log_url"_L1).toString(), u"https://github.com/octo-org/shop/actions/runs/9"_s);
    QVERIFY(done.commentCreated);
    const QList<QJsonObject> comments = m_forge->comments(42);
    QCOMPARE(comments.size(), 2);
    const QString body = comments.last().value("body"_L1).toString();
    QVERIFY2(body.startsWith(u"<!-- previewdesk:pr-42 -->"_s), qPrintable(body));
    QVERIFY(body.contains(u"https://pr-42.preview.example.com"_s));
    QVERIFY(body.contains(u"| State | ready |"_s));
    QVERIFY2(body.contains(u"| Time left | 2 d"_s) || body.contains(u"| Time left | 3 d"_s), qPrintable(body));
    QVERIFY(body.contains(u"cloned from `staging-shop`, cd-only, clone c0ffee"_s));
    QVERIFY(body.contains(u"| Cost per day | not measured yet |"_s));   // never invented
    QCOMPARE(comments.first().value("body"_L1).toString(), u"LGTM"_s);   // someone else's, untouched
}

void TestPullRequestReporter::refreshUpdatesTheSameCommentInPlace()
{
    const ReportOutcome first = run(m_reporter->finish(ready()));
    QVERIFY2(first.ok, qPrintable(first.message));
    QCOMPARE(m_forge->deployments().size(), 1);   // none yet: one made
    PreviewReport later = ready();
    later.costPerDay = 1.5;
    const ReportOutcome second = run(m_reporter->finish(later));
    QVERIFY2(second.ok, qPrintable(second.message));
    QCOMPARE(m_forge->deployments().size(), 1);   // the newest one gets the status
    QCOMPARE(second.deploymentId, first.deploymentId);
    QCOMPARE(second.commentId, first.commentId);
    QVERIFY(!second.commentCreated);
    QCOMPARE(m_forge->count("POST", u"/issues/42/comments"_s), 1);
    QCOMPARE(m_forge->count("PATCH", u"/issues/comments/"_s + QString::number(first.commentId)), 1);
    QCOMPARE(m_forge->comments(42).size(), 1);
    QVERIFY(m_forge->comments(42).first().value("body"_L1).toString().contains(u"| Cost per day | $1.50 |"_s));
}

void TestPullRequestReporter::markerIsFoundOnALaterPage()
{
    m_forge->setPageSize(2);
    for (int i = 0; i < 5; ++i)
        m_forge->addComment(42, u"review %1 mentions previewdesk:pr-42 in passing"_s.arg(i));
    const qint64 ours = m_forge->addComment(42, u"<!-- previewdesk:pr-42 -->\nold text"_s, u"github-actions[bot]"_s);
    m_forge->addComment(42, u"<!-- previewdesk:pr-420 -->\nanother preview"_s, u"github-actions[bot]"_s);
    const ReportOutcome outcome = run(m_reporter->upsertComment(ready()));
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QCOMPARE(outcome.commentId, ours);
    QCOMPARE(m_forge->count("GET", u"/issues/42/comments"_s), 3);   // pages 1-3 by the Link header
    QCOMPARE(m_forge->count("POST", u"/issues/42/comments"_s), 0);
    QCOMPARE(m_forge->comments(42).size(), 7);
}

void TestPullRequestReporter::failureCarriesTheReason()
{
    PreviewReport report = ready();
    report.phase = PreviewReport::Phase::Failed;
    report.reason = u"Deployment/api did not become ready within 300 s: ImagePullBackOff | "_s + QString(200, u'x');
    const ReportOutcome outcome = run(m_reporter->finish(report));
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    const QJsonObject status = m_forge->statuses(outcome.deploymentId).last();
    QCOMPARE(status.value("state"_L1).toString(), u"failure"_s);
    QVERIFY(status.value("description"_L1).toString().startsWith(u"Deployment/api did not become ready"_s));
    QVERIFY(status.value("description"_L1).toString().size() <= 140);   // GitHub's limit
    QVERIFY(!status.contains("environment_url"_L1) || status.value("environment_url"_L1).toString().isEmpty());
    const QString body = m_forge->comments(42).first().value("body"_L1).toString();
    QVERIFY2(body.contains(u"| State | failed: Deployment/api did not become ready within 300 s: ImagePullBackOff \\| x"_s), qPrintable(body));
}

void TestPullRequestReporter::destroyMarksEveryDeploymentInactive()
{
    QVERIFY(run(m_reporter->begin(ready())).ok);
    QVERIFY(run(m_reporter->begin(ready())).ok);
    PreviewReport other = ready();
    other.name = u"pr-42-b"_s;
    QVERIFY(run(m_reporter->begin(other)).ok);
    QVERIFY(run(m_reporter->upsertComment(ready())).ok);
    PreviewReport gone = ready();
    gone.reason = u"pull request merged"_s;
    const ReportOutcome outcome = run(m_reporter->destroyed(gone));
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    const QList<QJsonObject> deployments = m_forge->deployments();
    QCOMPARE(deployments.size(), 3);
    for (const QJsonObject &deployment : deployments) {
        const QString last = m_forge->statuses(deployment.value("id"_L1).toInteger()).last().value("state"_L1).toString();
        QCOMPARE(last, deployment.value("environment"_L1).toString() == u"preview/pr-42"_s ? u"inactive"_s : u"in_progress"_s);
    }
    QCOMPARE(m_forge->comments(42).size(), 1);
    const QString body = m_forge->comments(42).first().value("body"_L1).toString();
    QVERIFY2(body.contains(u"### Preview `pr-42`: destroyed"_s), qPrintable(body));
    QVERIFY(body.contains(u"Torn down "_s));
    QVERIFY(body.contains(u": pull request merged."_s));
    QVERIFY(!body.contains(u"https://pr-42.preview.example.com"_s));   // the URL opens nothing any more
}

void TestPullRequestReporter::shortRateLimitIsWaitedOut()
{
    m_forge->failNext("POST", u"/deployments"_s,
                      CannedResponse::json(403, QJsonObject{{u"message"_s, u"You have exceeded a secondary rate limit."_s}})
                          .withHeader("retry-after", "1"));
    QElapsedTimer timer;
    timer.start();
    const ReportOutcome outcome = run(m_reporter->begin(ready()));
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QCOMPARE(m_forge->count("POST", u"/deployments"_s), 2);
    QVERIFY2(timer.elapsed() >= 900, qPrintable(QString::number(timer.elapsed())));   // retry-after: 1 was honoured
    QCOMPARE(m_forge->deployments().size(), 1);
}

void TestPullRequestReporter::longRateLimitFailsWithoutRetrying()
{
    const QByteArray reset = QByteArray::number(QDateTime::currentSecsSinceEpoch() + 1800);
    m_forge->failNext("GET", u"/issues/42/comments"_s,
                      CannedResponse::json(403, QJsonObject{{u"message"_s, u"API rate limit exceeded"_s}})
                          .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", reset));
    const ReportOutcome outcome = run(m_reporter->upsertComment(ready()));
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(u"rate limit"_s), qPrintable(outcome.message));
    QVERIFY2(outcome.message.contains(u"until"_s), qPrintable(outcome.message));
    QCOMPARE(m_forge->count("GET", u"/issues/42/comments"_s), 1);
    QVERIFY(m_forge->comments(42).isEmpty());
}

void TestPullRequestReporter::badTokenFailsWithGitHubsMessage()
{
    m_client->setToken(u"ghs_wrong"_s);
    const ReportOutcome outcome = run(m_reporter->begin(ready()));
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(u"did not accept the token"_s), qPrintable(outcome.message));
    QVERIFY(outcome.message.contains(u"Bad credentials"_s));
    QVERIFY(m_forge->deployments().isEmpty());
}

void TestPullRequestReporter::redirectToAnotherOriginIsNotFollowed()
{
    pd::test::ScriptedServer elsewhere;
    QVERIFY(elsewhere.listen());
    QUrl target = elsewhere.url();
    target.setHost(u"localhost"_s);   // another origin than 127.0.0.1
    target.setPath(u"/steal"_s);
    m_forge->failNext("GET", u"/issues/42/comments"_s,
                      CannedResponse::text(302, {}, "text/html").withHeader("Location", target.toEncoded()));
    const ReportOutcome outcome = run(m_reporter->upsertComment(ready()));
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(u"302"_s), qPrintable(outcome.message));
    QVERIFY(elsewhere.requests().isEmpty());   // the token went nowhere else
    QVERIFY(m_forge->comments(42).isEmpty());
}

void TestPullRequestReporter::tokenNeverLogged()
{
    std::ostringstream out;
    auto capture = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    capture->set_pattern("%n %l %v");
    QVERIFY(pd::log::setLevels(u"trace"_s));
    pd::log::addSink(capture);
    QVERIFY(run(m_reporter->finish(ready())).ok);
    m_client->setToken(u"ghs_wrongButAlsoSecret"_s);
    QVERIFY(!run(m_reporter->finish(ready())).ok);
    pd::log::removeSink(capture);
    QVERIFY(pd::log::setLevels(u"info"_s));
    const QString logged = QString::fromStdString(out.str());
    QVERIFY2(logged.contains(u"comment"_s), qPrintable(logged));   // the capture works
    QVERIFY(!logged.contains(kToken));
    QVERIFY(!logged.contains(u"ghs_wrongButAlsoSecret"_s));
    QVERIFY(!logged.contains(u"Bearer"_s, Qt::CaseInsensitive));
}

QTEST_GUILESS_MAIN(TestPullRequestReporter)
#include "tst_pullrequestreporter.moc"
