// PullRequestTracker: an environment model with previews, GitHub on a loopback server.
#include "core/environment/environmentmodel.h"
#include "core/forge/githubclient.h"
#include "core/forge/pullrequesttracker.h"

#include "githubtestutil.h"
#include "scriptedserver.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using pd::core::Environment;
using pd::core::EnvironmentModel;
using pd::core::EnvironmentRole;
using pd::core::GitHubClient;
using pd::core::PullRequestTracker;
using pd::test::CannedResponse;
using pd::test::GitHubPull;
using pd::test::ScriptedServer;

namespace {

Environment preview(const QString &name, const QString &pr, const QString &repository = u"octo-org/shop"_s)
{
    Environment env;
    env.name = name;
    env.environmentName = name;
    env.role = EnvironmentRole::Preview;
    env.pr = pr;
    if (!repository.isEmpty())
        env.annotations.insert(PullRequestTracker::repositoryAnnotation(), repository);
    return env;
}

QString pullPath(int number, const QString &repository = u"octo-org/shop"_s)
{
    return u"/repos/"_s + repository + u"/pulls/"_s + QString::number(number);
}

CannedResponse answer(int number, const QString &state, bool draft = false, bool merged = false)
{
    GitHubPull pull;
    pull.number = number;
    pull.state = state;
    pull.draft = draft;
    pull.merged = merged;
    if (merged)
        pull.mergedAt = u"2026-11-26T11:00:00Z"_s;
    if (state == u"closed"_s)
        pull.closedAt = u"2026-11-26T11:00:00Z"_s;
    pull.title = u"PR %1"_s.arg(number);
    return CannedResponse::json(200, pd::test::gitHubPullJson(pull));
}

} // namespace

Q_DECLARE_METATYPE(pd::test::CannedResponse)

class TestPullRequestTracker final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void fillsStatesAndTeardownCandidates();
    void ignoresSourcesAndPreviewsWithoutRepository();
    void previewsOfOnePullRequestShareOneRequest();
    void keepsToMaxConcurrent();
    void changedPullRequestIsFetchedAgain();
    void refreshPicksUpAMergeWithETag();
    void removedRowsLeaveTheCandidates();
    void rateLimitPausesAndReportsOnce();
    void trackerGoesAwayWhileRequestsRun();
    void unreadableStateIsNeverClosed_data();
    void unreadableStateIsNeverClosed();

private:
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<EnvironmentModel> m_model;
    std::unique_ptr<GitHubClient> m_client;
};

void TestPullRequestTracker::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    m_model = std::make_unique<EnvironmentModel>();
    m_client = std::make_unique<GitHubClient>(m_server->url());
}

void TestPullRequestTracker::cleanup()
{
    m_client.reset();
    m_model.reset();
    m_server.reset();
}

void TestPullRequestTracker::fillsStatesAndTeardownCandidates()
{
    m_server->on("GET", pullPath(1), answer(1, u"open"_s));
    m_server->on("GET", pullPath(2), answer(2, u"closed"_s, false, true));
    m_server->on("GET", pullPath(3), answer(3, u"closed"_s));
    m_server->on("GET", pullPath(4), answer(4, u"open"_s, true));
    // Already in the model before the tracker exists, and one added after.
    m_model->upsert(preview(u"pr-1"_s, u"1"_s));
    m_model->upsert(preview(u"pr-2"_s, u"2"_s));
    m_model->upsert(preview(u"pr-3"_s, u"3"_s, u"https://github.com/octo-org/shop.git"_s));

    PullRequestTracker tracker(m_model.get(), m_client.get());
    QSignalSpy candidatesChanged(&tracker, &PullRequestTracker::teardownCandidatesChanged);
    QSignalSpy idle(&tracker, &PullRequestTracker::idle);
    m_model->upsert(preview(u"pr-4"_s, u"4"_s));

    QTRY_COMPARE(tracker.teardownCandidates(), (QStringList{u"pr-2"_s, u"pr-3"_s}));
    QTRY_VERIFY(!tracker.isBusy());
    QVERIFY(!idle.isEmpty());
    QCOMPARE(candidatesChanged.last().first().toStringList(), (QStringList{u"pr-2"_s, u"pr-3"_s}));
    QCOMPARE(tracker.trackedNames(), (QStringList{u"pr-1"_s, u"pr-2"_s, u"pr-3"_s, u"pr-4"_s}));

    const auto stateOf = [this](const QString &name) {
        return m_model->extras(m_model->rowOf(name)).pullRequest.state;
    };
    QCOMPARE(stateOf(u"pr-1"_s), u"open"_s);
    QCOMPARE(stateOf(u"pr-2"_s), u"merged"_s);
    QCOMPARE(stateOf(u"pr-3"_s), u"closed"_s);
    QCOMPARE(stateOf(u"pr-4"_s), u"draft"_s);
    const pd::core::PullRequestInfo merged = m_model->extras(m_model->rowOf(u"pr-2"_s)).pullRequest;
    QCOMPARE(merged.title, u"PR 2"_s);
    QCOMPARE(merged.url, QUrl(u"https://github.com/octo-org/shop/pull/2"_s));
    QCOMPARE(merged.updatedAt, QDateTime(QDate(2026, 11, 26), QTime(11, 0), Qt::UTC));
    // The model shows it too.
    QCOMPARE(m_model->index(m_model->rowOf(u"pr-2"_s), 0).data(EnvironmentModel::PullRequestStateRole).toString(), u"merged"_s);
    QCOMPARE(tracker.pullRequestOf(u"pr-3"_s)->state, pd::core::PullRequestState::Closed);
    QVERIFY(tracker.lastError().isEmpty());
}

void TestPullRequestTracker::ignoresSourcesAndPreviewsWithoutRepository()
{
    Environment source = preview(u"staging"_s, u"7"_s);
    source.role = EnvironmentRole::Source;
    m_model->upsert(source);
    m_model->upsert(preview(u"no-repo"_s, u"8"_s, QString()));
    m_model->upsert(preview(u"bad-repo"_s, u"9"_s, u"not a repo"_s));
    m_model->upsert(preview(u"no-pr"_s, QString()));
    m_model->upsert(preview(u"pr-5"_s, u"5"_s));
    m_server->on("GET", pullPath(5), answer(5, u"closed"_s));

    PullRequestTracker tracker(m_model.get(), m_client.get());
    QTRY_COMPARE(tracker.teardownCandidates(), QStringList{u"pr-5"_s});
    QCOMPARE(tracker.trackedNames(), QStringList{u"pr-5"_s});
    QCOMPARE(m_server->requests().size(), 1);
    QVERIFY(m_model->extras(m_model->rowOf(u"staging"_s)).pullRequest.state.isEmpty());
}

void TestPullRequestTracker::previewsOfOnePullRequestShareOneRequest()
{
    m_server->on("GET", pullPath(10), answer(10, u"closed"_s, false, true));
    PullRequestTracker tracker(m_model.get(), m_client.get());
    QList<Environment> rows{preview(u"pr-10"_s, u"10"_s), preview(u"pr-10-mobile"_s, u"10"_s)};
    m_model->upsertAll(rows);
    QTRY_COMPARE(tracker.teardownCandidates(), (QStringList{u"pr-10"_s, u"pr-10-mobile"_s}));
    QCOMPARE(m_server->count("GET", pullPath(10)), 1);
    QCOMPARE(m_model->extras(m_model->rowOf(u"pr-10-mobile"_s)).pullRequest.state, u"merged"_s);
}

void TestPullRequestTracker::keepsToMaxConcurrent()
{
    QList<Environment> rows;
    for (int n = 1; n <= 7; ++n) {
        m_server->on("GET", pullPath(n), answer(n, u"open"_s));
        rows << preview(u"pr-%1"_s.arg(n), QString::number(n));
    }
    int most = 0;
    connect(m_server.get(), &ScriptedServer::requestReceived, this, [&most, this] {
        most = std::max(most, m_client->inFlight());
    });
    PullRequestTracker tracker(m_model.get(), m_client.get());
    tracker.setMaxConcurrent(2);
    m_model->upsertAll(rows);
    QTRY_COMPARE(m_server->requests().size(), 7);
    QTRY_VERIFY(!tracker.isBusy());
    QVERIFY(most >= 1);
    QVERIFY2(most <= 2, qPrintable(QString::number(most)));
    for (int n = 1; n <= 7; ++n)
        QCOMPARE(m_model->extras(m_model->rowOf(u"pr-%1"_s.arg(n))).pullRequest.state, u"open"_s);
}

void TestPullRequestTracker::changedPullRequestIsFetchedAgain()
{
    m_server->on("GET", pullPath(20), answer(20, u"open"_s));
    m_server->on("GET", pullPath(21), answer(21, u"closed"_s));
    m_model->upsert(preview(u"feature"_s, u"20"_s));
    PullRequestTracker tracker(m_model.get(), m_client.get());
    QTRY_COMPARE(m_model->extras(0).pullRequest.state, u"open"_s);

    m_model->upsert(preview(u"feature"_s, u"21"_s));   // relabelled to another PR
    QTRY_COMPARE(m_model->extras(0).pullRequest.state, u"closed"_s);
    QCOMPARE(tracker.teardownCandidates(), QStringList{u"feature"_s});

    m_model->upsert(preview(u"feature"_s, QString()));  // no PR any more: nothing known
    QVERIFY(m_model->extras(0).pullRequest.state.isEmpty());
    QVERIFY(tracker.teardownCandidates().isEmpty());
    QCOMPARE(m_server->requests().size(), 2);
}

void TestPullRequestTracker::refreshPicksUpAMergeWithETag()
{
    m_server->on("GET", pullPath(30), {answer(30, u"open"_s).withHeader("ETag", "\"open-1\""),
                                       answer(30, u"closed"_s, false, true).withHeader("ETag", "\"merged-2\"")});
    m_model->upsert(preview(u"pr-30"_s, u"30"_s));
    PullRequestTracker tracker(m_model.get(), m_client.get());
    QTRY_COMPARE(m_model->extras(0).pullRequest.state, u"open"_s);
    QVERIFY(tracker.teardownCandidates().isEmpty());

    QSignalSpy candidatesChanged(&tracker, &PullRequestTracker::teardownCandidatesChanged);
    tracker.setRefreshInterval(std::chrono::milliseconds(50));   // the timer, not a direct call
    QVERIFY(candidatesChanged.wait());
    QCOMPARE(candidatesChanged.first().first().toStringList(), QStringList{u"pr-30"_s});
    QCOMPARE(m_model->extras(0).pullRequest.state, u"merged"_s);
    QCOMPARE(m_server->requests().at(1).header("If-None-Match"), QByteArray("\"open-1\""));
    tracker.setRefreshInterval(std::chrono::minutes(5));
}

void TestPullRequestTracker::removedRowsLeaveTheCandidates()
{
    m_server->on("GET", pullPath(40), answer(40, u"closed"_s));
    m_server->on("GET", pullPath(41), answer(41, u"closed"_s));
    m_model->upsert(preview(u"pr-40"_s, u"40"_s));
    m_model->upsert(preview(u"pr-41"_s, u"41"_s));
    PullRequestTracker tracker(m_model.get(), m_client.get());
    QTRY_COMPARE(tracker.teardownCandidates(), (QStringList{u"pr-40"_s, u"pr-41"_s}));
    QSignalSpy candidatesChanged(&tracker, &PullRequestTracker::teardownCandidatesChanged);
    QVERIFY(m_model->remove(u"pr-40"_s));
    QCOMPARE(tracker.teardownCandidates(), QStringList{u"pr-41"_s});
    QCOMPARE(candidatesChanged.size(), 1);
    QCOMPARE(tracker.trackedNames(), QStringList{u"pr-41"_s});
}

void TestPullRequestTracker::rateLimitPausesAndReportsOnce()
{
    const QDateTime reset = QDateTime::currentDateTimeUtc().addSecs(3600);
    const CannedResponse limited = CannedResponse::json(403, QJsonObject{{u"message"_s, u"API rate limit exceeded"_s}})
                                       .withHeader("x-ratelimit-remaining", "0")
                                       .withHeader("x-ratelimit-reset", QByteArray::number(reset.toSecsSinceEpoch()));
    for (int n = 50; n <= 53; ++n)
        m_server->on("GET", pullPath(n), limited);
    PullRequestTracker tracker(m_model.get(), m_client.get());
    tracker.setMaxConcurrent(1);
    QSignalSpy errors(&tracker, &PullRequestTracker::errorOccurred);
    m_model->upsertAll({preview(u"pr-50"_s, u"50"_s), preview(u"pr-51"_s, u"51"_s), preview(u"pr-52"_s, u"52"_s),
                        preview(u"pr-53"_s, u"53"_s)});
    QVERIFY(errors.wait());
    QVERIFY2(errors.first().first().toString().contains(u"rate limit"_s), qPrintable(errors.first().first().toString()));
    QCOMPARE(tracker.pausedUntil().toSecsSinceEpoch(), reset.toSecsSinceEpoch());
    // Paused: nothing more is asked until the reset time; requests start synchronously,
    // so an idle client right after a refresh means none was started.
    tracker.refreshAll();
    QCOMPARE(m_client->inFlight(), 0);
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(errors.size(), 1);
    QVERIFY(tracker.isBusy());
    QVERIFY(tracker.teardownCandidates().isEmpty());
}

void TestPullRequestTracker::trackerGoesAwayWhileRequestsRun()
{
    m_server->on("GET", pullPath(60), CannedResponse::noAnswer());
    m_model->upsert(preview(u"pr-60"_s, u"60"_s));
    {
        PullRequestTracker tracker(m_model.get(), m_client.get());
        QTRY_COMPARE(m_server->requests().size(), 1);
        QVERIFY(tracker.isBusy());
    }
    // The answer (here: the client giving up) reaches no destroyed tracker.
    QCOMPARE(m_client->inFlight(), 1);
    m_client.reset();
    QCoreApplication::processEvents();
    QVERIFY(m_model->extras(0).pullRequest.state.isEmpty());
}

void TestPullRequestTracker::unreadableStateIsNeverClosed_data()
{
    QTest::addColumn<CannedResponse>("failure");
    QTest::newRow("5xx") << CannedResponse::json(502, QJsonObject{{u"message"_s, u"Server Error"_s}});
    QTest::newRow("rate-limited") << CannedResponse::json(403, QJsonObject{{u"message"_s, u"API rate limit exceeded"_s}})
                                         .withHeader("x-ratelimit-remaining", "0")
                                         .withHeader("x-ratelimit-reset", QByteArray::number(QDateTime::currentSecsSinceEpoch() + 3600));
    QTest::newRow("empty answer") << CannedResponse::text(200, {}, "application/json");
    QTest::newRow("empty object") << CannedResponse::json(200, QJsonObject{});
    QTest::newRow("API down") << CannedResponse::dropConnection();
}

void TestPullRequestTracker::unreadableStateIsNeverClosed()
{
    QFETCH(CannedResponse, failure);
    // pr-1 was read as open before; pr-2 was never read. Neither failed read makes a candidate.
    m_server->on("GET", pullPath(1), {answer(1, u"open"_s), failure});
    m_server->on("GET", pullPath(2), failure);
    m_model->upsert(preview(u"pr-1"_s, u"1"_s));
    m_model->upsert(preview(u"pr-2"_s, u"2"_s));
    PullRequestTracker tracker(m_model.get(), m_client.get());
    QSignalSpy errors(&tracker, &PullRequestTracker::errorOccurred);
    QTRY_VERIFY(!tracker.isBusy() || tracker.pausedUntil().isValid());
    tracker.refreshAll();
    // Both asked again (a rate limit pauses the tracker after the first two answers instead).
    QTRY_VERIFY(m_server->count("GET", pullPath(1)) + m_server->count("GET", pullPath(2)) >= (failure.status == 403 ? 2 : 4));
    QTRY_VERIFY(!errors.isEmpty());
    QCOMPARE(tracker.teardownCandidates(), QStringList());
    QCOMPARE(m_model->extras(m_model->rowOf(u"pr-1"_s)).pullRequest.state, u"open"_s);   // the last known state stays
    QVERIFY(m_model->extras(m_model->rowOf(u"pr-2"_s)).pullRequest.state.isEmpty());     // unknown, not closed
    QVERIFY(!m_model->extras(m_model->rowOf(u"pr-2"_s)).pullRequest.isFinished());
}

QTEST_GUILESS_MAIN(TestPullRequestTracker)
#include "tst_pullrequesttracker.moc"
