// GitHubClient against a loopback server that speaks GitHub's documented REST JSON.
#include "core/credentialstore.h"
#include "core/forge/githubclient.h"
#include "core/keychainstore.h"
#include "kube/logging.h"

#include "futurewait.h"
#include "githubtestutil.h"
#include "scriptedserver.h"

#include <spdlog/sinks/ostream_sink.h>

#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <sstream>

using namespace Qt::StringLiterals;
using pd::core::GitHubClient;
using pd::core::PullRequestResult;
using pd::core::PullRequestState;
using pd::test::CannedResponse;
using pd::test::GitHubPull;
using pd::test::ScriptedServer;

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

const QString prPath = u"/repos/octo-org/shop/pulls/42"_s;
const QDateTime fixedNow(QDate(2026, 11, 26), QTime(13, 0), Qt::UTC);

CannedResponse pullAnswer(const GitHubPull &pull)
{
    return CannedResponse::json(200, pd::test::gitHubPullJson(pull));
}

CannedResponse githubError(int status, const QString &message)
{
    return CannedResponse::json(status, QJsonObject{{u"message"_s, message},
                                                    {u"documentation_url"_s, u"https://docs.github.com/rest"_s},
                                                    {u"status"_s, QString::number(status)}});
}

} // namespace

class TestGitHubClient final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void states_data();
    void states();
    void sendsDocumentedHeaders();
    void authorizationOnlyWithToken();
    void enterpriseApiBase();
    void etagAnswersFromCacheOn304();
    void tokenChangeDropsCache();
    void unauthorized();
    void rateLimited_data();
    void rateLimited();
    void forbiddenWithoutRateLimit();
    void notFound();
    void networkError();
    void invalidAnswer();
    void invalidRequestSendsNothing();
    void normalizeRepository_data();
    void normalizeRepository();
    void tokenNeverLogged();
    void destroyingTheClientFinishesFutures();
    void loadsTheTokenFromTheCredentialStore();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<GitHubClient> m_client;
};

void TestGitHubClient::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // No keychain here: a session bus address that leads nowhere, so the credential
    // store keeps tokens in memory and no real keyring is touched.
    qputenv("DBUS_SESSION_BUS_ADDRESS", (u"unix:path="_s + m_dir.filePath(u"no-such-bus"_s)).toUtf8());
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(u"config"_s).toUtf8());
    qputenv("HOME", m_dir.filePath(u"home"_s).toUtf8());
}

void TestGitHubClient::init()
{
    m_client.reset();
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    m_client = std::make_unique<GitHubClient>(m_server->url());
    m_client->setClock([] { return fixedNow; });
}

void TestGitHubClient::states_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<bool>("draft");
    QTest::addColumn<bool>("merged");
    QTest::addColumn<QString>("mergedAt");
    QTest::addColumn<QString>("closedAt");
    QTest::addColumn<PullRequestState>("expected");
    QTest::addColumn<QString>("expectedText");
    QTest::addColumn<QString>("infoTime");   // PullRequestInfo::updatedAt: when it finished

    QTest::newRow("open") << u"open"_s << false << false << QString() << QString()
                          << PullRequestState::Open << u"open"_s << u"2026-11-26T10:00:00Z"_s;
    QTest::newRow("draft") << u"open"_s << true << false << QString() << QString()
                           << PullRequestState::Draft << u"draft"_s << u"2026-11-26T10:00:00Z"_s;
    QTest::newRow("merged") << u"closed"_s << false << true << u"2026-11-26T11:00:00Z"_s << u"2026-11-26T11:00:00Z"_s
                            << PullRequestState::Merged << u"merged"_s << u"2026-11-26T11:00:00Z"_s;
    // List answers carry merged_at but no "merged": the timestamp alone says merged.
    QTest::newRow("merged, merged_at only") << u"closed"_s << false << false << u"2026-11-25T08:30:00Z"_s
                                            << u"2026-11-25T08:30:00Z"_s << PullRequestState::Merged << u"merged"_s
                                            << u"2026-11-25T08:30:00Z"_s;
    QTest::newRow("closed without merging") << u"closed"_s << false << false << QString() << u"2026-11-24T17:45:00Z"_s
                                            << PullRequestState::Closed << u"closed"_s << u"2026-11-24T17:45:00Z"_s;
    QTest::newRow("closed draft is closed") << u"closed"_s << true << false << QString() << u"2026-11-24T17:45:00Z"_s
                                            << PullRequestState::Closed << u"closed"_s << u"2026-11-24T17:45:00Z"_s;
}

void TestGitHubClient::states()
{
    QFETCH(QString, state);
    QFETCH(bool, draft);
    QFETCH(bool, merged);
    QFETCH(QString, mergedAt);
    QFETCH(QString, closedAt);
    QFETCH(PullRequestState, expected);
    QFETCH(QString, expectedText);
    QFETCH(QString, infoTime);

    GitHubPull pull;
    pull.state = state;
    pull.draft = draft;
    pull.merged = merged;
    pull.mergedAt = mergedAt;
    pull.closedAt = closedAt;
    m_server->on("GET", prPath, pullAnswer(pull));

    const PullRequestResult result = pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42));
    QVERIFY2(result.ok(), qPrintable(result.errorString));
    QCOMPARE(result.httpCode, 200);
    QCOMPARE(result.fromCache, false);
    QCOMPARE(result.pullRequest.number, 42);
    QCOMPARE(result.pullRequest.state, expected);
    QCOMPARE(result.pullRequest.title, u"Checkout redesign"_s);
    QCOMPARE(result.pullRequest.headRef, u"checkout-redesign"_s);
    QCOMPARE(result.pullRequest.htmlUrl, QUrl(u"https://github.com/octo-org/shop/pull/42"_s));
    QCOMPARE(result.pullRequest.updatedAt, QDateTime(QDate(2026, 11, 26), QTime(10, 0), Qt::UTC));
    QCOMPARE(result.pullRequest.mergedAt.isValid(), !mergedAt.isEmpty());

    const pd::core::PullRequestInfo info = result.pullRequest.toInfo();
    QCOMPARE(info.state, expectedText);
    QCOMPARE(info.title, u"Checkout redesign"_s);
    QCOMPARE(info.url, QUrl(u"https://github.com/octo-org/shop/pull/42"_s));
    QCOMPARE(info.updatedAt, QDateTime::fromString(infoTime, Qt::ISODate));
    QCOMPARE(info.isFinished(), expected == PullRequestState::Merged || expected == PullRequestState::Closed);
}

void TestGitHubClient::sendsDocumentedHeaders()
{
    m_server->on("GET", prPath, pullAnswer({}));
    QVERIFY(pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42)).ok());
    QCOMPARE(m_server->requests().size(), 1);
    const pd::test::RecordedRequest request = m_server->last();
    QCOMPARE(request.method, QByteArray("GET"));
    QCOMPARE(request.path, prPath);
    QCOMPARE(request.header("Accept"), QByteArray("application/vnd.github+json"));
    QCOMPARE(request.header("X-GitHub-Api-Version"), QByteArray("2022-11-28"));
    QVERIFY(request.header("User-Agent").startsWith("PreviewDesk/"));   // GitHub rejects requests without one
    QVERIFY(!request.headers.contains("if-none-match"));                // nothing cached yet
}

void TestGitHubClient::authorizationOnlyWithToken()
{
    m_server->on("GET", prPath, pullAnswer({}));
    QVERIFY(!m_client->hasToken());
    QVERIFY(pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42)).ok());
    QVERIFY(!m_server->last().headers.contains("authorization"));

    m_client->setToken(u"ghp_testTokenValue1234"_s);
    QVERIFY(m_client->hasToken());
    QVERIFY(pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42)).ok());
    QCOMPARE(m_server->last().header("Authorization"), QByteArray("Bearer ghp_testTokenValue1234"));

    m_client->setToken({});
    QVERIFY(pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42)).ok());
    QVERIFY(!m_server->last().headers.contains("authorization"));
}

void TestGitHubClient::enterpriseApiBase()
{
    QUrl base = m_server->url();
    base.setPath(u"/api/v3/"_s);
    GitHubClient enterprise(base);
    QCOMPARE(enterprise.host(), u"127.0.0.1"_s);
    QCOMPARE(enterprise.tokenKey(), u"forge-token/127.0.0.1"_s);
    QCOMPARE(GitHubClient().host(), u"github.com"_s);
    QCOMPARE(GitHubClient().tokenKey(), u"forge-token/github.com"_s);

    m_server->on("GET", u"/api/v3"_s + prPath, pullAnswer({}));
    const PullRequestResult result = pd::test::waitFor(enterprise.pullRequest(u"octo-org/shop"_s, 42));
    QVERIFY2(result.ok(), qPrintable(result.errorString));
    QCOMPARE(m_server->last().path, u"/api/v3"_s + prPath);
}

void TestGitHubClient::etagAnswersFromCacheOn304()
{
    GitHubPull pull;
    pull.title = u"First title"_s;
    m_server->on("GET", prPath, {pullAnswer(pull).withHeader("ETag", "W/\"a1b2c3\""),
                                 CannedResponse::text(304, {}, "application/json").withHeader("ETag", "W/\"a1b2c3\"")});

    const PullRequestResult first = pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42));
    QVERIFY(first.ok());
    QCOMPARE(first.fromCache, false);

    const PullRequestResult second = pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42));
    QCOMPARE(m_server->last().header("If-None-Match"), QByteArray("W/\"a1b2c3\""));
    QVERIFY2(second.ok(), qPrintable(second.errorString));
    QCOMPARE(second.httpCode, 304);
    QCOMPARE(second.fromCache, true);
    QCOMPARE(second.pullRequest, first.pullRequest);
    QCOMPARE(second.pullRequest.title, u"First title"_s);
}

void TestGitHubClient::tokenChangeDropsCache()
{
    m_server->on("GET", prPath, pullAnswer({}).withHeader("ETag", "\"v1\""));
    QVERIFY(pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42)).ok());
    QVERIFY(pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42)).ok());
    QCOMPARE(m_server->last().header("If-None-Match"), QByteArray("\"v1\""));
    // GitHub's ETags vary with Authorization: a new token asks afresh.
    m_client->setToken(u"ghp_anotherToken5678"_s);
    QVERIFY(pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42)).ok());
    QVERIFY(!m_server->last().headers.contains("if-none-match"));
}

void TestGitHubClient::unauthorized()
{
    m_client->setToken(u"ghp_expiredToken0000"_s);
    m_server->on("GET", prPath, githubError(401, u"Bad credentials"_s));
    const PullRequestResult result = pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42));
    QCOMPARE(result.error, PullRequestResult::Error::Unauthorized);
    QCOMPARE(result.httpCode, 401);
    QVERIFY2(result.errorString.contains(u"did not accept the token"_s), qPrintable(result.errorString));
    QVERIFY(result.errorString.contains(u"Bad credentials"_s));
    QVERIFY(!result.errorString.contains(u"ghp_expiredToken0000"_s));
}

void TestGitHubClient::rateLimited_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QDateTime>("reset");
    QTest::addColumn<QString>("words");

    const QDateTime reset = fixedNow.addSecs(12 * 60);
    const QByteArray epoch = QByteArray::number(reset.toSecsSinceEpoch());
    QTest::newRow("403 primary limit") << 403
                                       << Headers{{"x-ratelimit-limit", "60"},
                                                                               {"x-ratelimit-remaining", "0"},
                                                                               {"x-ratelimit-used", "60"},
                                                                               {"x-ratelimit-reset", epoch}}
                                       << reset << u"until 13:12 UTC (in 12 min)"_s;
    QTest::newRow("429 primary limit") << 429
                                       << Headers{{"x-ratelimit-remaining", "0"},
                                                                               {"x-ratelimit-reset", epoch}}
                                       << reset << u"until 13:12 UTC (in 12 min)"_s;
    QTest::newRow("403 secondary limit, retry-after") << 403
                                                      << Headers{{"retry-after", "120"},
                                                                                              {"x-ratelimit-remaining", "4000"}}
                                                      << fixedNow.addSecs(120) << u"until 13:02 UTC (in 2 min)"_s;
}

void TestGitHubClient::rateLimited()
{
    QFETCH(int, status);
    QFETCH(Headers, headers);
    QFETCH(QDateTime, reset);
    QFETCH(QString, words);

    CannedResponse answer = githubError(status, u"API rate limit exceeded for 127.0.0.1."_s);
    for (const auto &[name, value] : std::as_const(headers))
        answer.withHeader(name, value);
    m_server->on("GET", prPath, answer);
    const PullRequestResult result = pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42));
    QCOMPARE(result.error, PullRequestResult::Error::RateLimited);
    QCOMPARE(result.httpCode, status);
    QCOMPARE(result.rateLimitReset, reset);
    QVERIFY2(result.errorString.contains(words), qPrintable(result.errorString));
    QVERIFY(result.errorString.contains(u"rate limit"_s));
    QVERIFY(result.errorString.contains(u"a token raises the limit"_s));   // anonymous: say how to get more
}

void TestGitHubClient::forbiddenWithoutRateLimit()
{
    m_server->on("GET", prPath, githubError(403, u"Resource not accessible by personal access token"_s)
                                    .withHeader("x-ratelimit-remaining", "4999"));
    const PullRequestResult result = pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42));
    QCOMPARE(result.error, PullRequestResult::Error::Http);
    QCOMPARE(result.httpCode, 403);
    QVERIFY(!result.rateLimitReset.isValid());
    QVERIFY2(result.errorString.contains(u"Resource not accessible by personal access token"_s), qPrintable(result.errorString));
}

void TestGitHubClient::notFound()
{
    m_server->on("GET", prPath, githubError(404, u"Not Found"_s));
    const PullRequestResult result = pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42));
    QCOMPARE(result.error, PullRequestResult::Error::NotFound);
    QCOMPARE(result.httpCode, 404);
    QVERIFY2(result.errorString.contains(u"octo-org/shop#42 was not found"_s), qPrintable(result.errorString));
    QVERIFY(result.errorString.contains(u"cannot see that repository"_s));
}

void TestGitHubClient::networkError()
{
    m_server->on("GET", prPath, CannedResponse::dropConnection());
    const PullRequestResult result = pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42));
    QCOMPARE(result.error, PullRequestResult::Error::Network);
    QCOMPARE(result.httpCode, 0);
    QVERIFY2(result.errorString.startsWith(u"Could not reach GitHub at 127.0.0.1: "_s), qPrintable(result.errorString));
}

void TestGitHubClient::invalidAnswer()
{
    m_server->on("GET", prPath, CannedResponse::json(200, QJsonObject{{u"message"_s, u"hello"_s}}));
    const PullRequestResult result = pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42));
    QCOMPARE(result.error, PullRequestResult::Error::InvalidAnswer);
    QVERIFY2(result.errorString.contains(u"not a pull request"_s), qPrintable(result.errorString));
}

void TestGitHubClient::invalidRequestSendsNothing()
{
    const PullRequestResult badRepo = pd::test::waitFor(m_client->pullRequest(u"not a repository"_s, 42));
    QCOMPARE(badRepo.error, PullRequestResult::Error::InvalidRequest);
    QVERIFY(badRepo.errorString.contains(u"owner/name"_s));
    const PullRequestResult badNumber = pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 0));
    QCOMPARE(badNumber.error, PullRequestResult::Error::InvalidRequest);
    QCOMPARE(m_server->requests().size(), 0);
}

void TestGitHubClient::normalizeRepository_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("owner/name") << u"octo-org/shop"_s << u"octo-org/shop"_s;
    QTest::newRow("spaces") << u"  octo-org/shop.api "_s << u"octo-org/shop.api"_s;
    QTest::newRow("https URL") << u"https://github.com/octo-org/shop"_s << u"octo-org/shop"_s;
    QTest::newRow("clone URL") << u"https://github.com/octo-org/shop.git"_s << u"octo-org/shop"_s;
    QTest::newRow("ssh") << u"git@github.com:octo-org/shop.git"_s << u"octo-org/shop"_s;
    QTest::newRow("enterprise URL") << u"https://git.example.com/team/app/"_s << u"team/app"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("no owner") << u"shop"_s << QString();
    QTest::newRow("too deep") << u"octo-org/shop/pulls"_s << QString();
    QTest::newRow("dot dot") << u"octo-org/.."_s << QString();
    QTest::newRow("query characters") << u"octo-org/shop?x=1"_s << QString();
}

void TestGitHubClient::normalizeRepository()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(GitHubClient::normalizeRepository(text), expected);
}

void TestGitHubClient::tokenNeverLogged()
{
    std::ostringstream out;
    auto capture = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    capture->set_pattern("%n %l %v");
    QVERIFY(pd::log::setLevels(u"trace"_s));
    pd::log::addSink(capture);

    const QString token = u"ghp_secretTokenNeverLogged42"_s;
    m_client->setToken(token);
    m_server->on("GET", prPath, {pullAnswer({}), githubError(401, u"Bad credentials"_s)});
    QVERIFY(pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42)).ok());
    QVERIFY(!pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42)).ok());

    pd::log::removeSink(capture);
    QVERIFY(pd::log::setLevels(u"info"_s));
    const QString logged = QString::fromStdString(out.str());
    QVERIFY2(logged.contains(u"octo-org/shop#42 is open"_s), qPrintable(logged));   // the capture works
    QVERIFY2(logged.contains(u"did not accept the token"_s), qPrintable(logged));
    QVERIFY(!logged.contains(token));
    // Not even redacted: the header is never written to a log at all.
    QVERIFY(!logged.contains(u"Bearer"_s, Qt::CaseInsensitive));
    QVERIFY(!logged.contains(u"Authorization"_s, Qt::CaseInsensitive));
    // And the token is known to the redaction for anyone else who might log it.
    QCOMPARE(pd::log::redacted(u"x "_s + token), u"x ***"_s);
}

void TestGitHubClient::destroyingTheClientFinishesFutures()
{
    m_server->on("GET", prPath, CannedResponse::noAnswer());
    const QFuture<PullRequestResult> future = m_client->pullRequest(u"octo-org/shop"_s, 42);
    QTRY_COMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_client->inFlight(), 1);
    m_client.reset();
    QVERIFY(future.isFinished());
    QCOMPARE(future.resultCount(), 1);
    QCOMPARE(future.result().error, PullRequestResult::Error::Network);
}

void TestGitHubClient::loadsTheTokenFromTheCredentialStore()
{
    pd::core::KeychainStore keychain(u"PreviewDeskTest-githubclient"_s);
    pd::core::CredentialStore store(&keychain);
    const QString key = m_client->tokenKey();
    QCOMPARE(key, u"forge-token/127.0.0.1"_s);

    // Nothing stored: anonymous.
    const pd::core::KeychainResult none = pd::test::waitFor(m_client->loadToken(&store), 30000);
    QVERIFY(!none.ok());
    QVERIFY(!m_client->hasToken());

    QVERIFY(pd::test::waitFor(store.store(key, u"ghp_fromTheKeychain9876"_s), 30000).ok());
    const pd::core::KeychainResult loaded = pd::test::waitFor(m_client->loadToken(&store), 30000);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorString));
    QVERIFY(loaded.secret.isEmpty());   // the value stays inside the client
    QVERIFY(m_client->hasToken());
    m_server->on("GET", prPath, pullAnswer({}));
    QVERIFY(pd::test::waitFor(m_client->pullRequest(u"octo-org/shop"_s, 42)).ok());
    QCOMPARE(m_server->last().header("Authorization"), QByteArray("Bearer ghp_fromTheKeychain9876"));

    QVERIFY(pd::test::waitFor(store.remove(key), 30000).ok());
    const pd::core::KeychainResult removed = pd::test::waitFor(m_client->loadToken(&store), 30000);
    QVERIFY(!removed.ok());
}

QTEST_GUILESS_MAIN(TestGitHubClient)
#include "tst_githubclient.moc"
