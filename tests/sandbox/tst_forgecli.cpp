// previewctl against the in-process sandbox and the forge double, the way a GitHub Actions
// job runs it (GITHUB_* in the environment): clone --report-to-pr makes the deployment with
// in_progress then success and one comment; report --pr refreshes that comment in place;
// extend renews to now + the recorded TTL and refuses a source; destroy --report-to-pr marks
// the deployment inactive and says why in the comment. Flags win over the environment.
#include "core/contract.h"
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"

#include "forgedouble.h"
#include "futurewait.h"
#include "previewctlrun.h"
#include "testpaths.h"

#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using pd::kube::ResourceRef;
namespace contract = pd::core::contract;

namespace {

const QString kToken = u"ghs_forgeCliTokenNeverPrinted"_s;

using Run = pd::test::PreviewctlRun;

ResourceRef namespaceRef(const QString &name)
{
    return ResourceRef{QString(), u"v1"_s, u"namespaces"_s, QString(), name, {}};
}

} // namespace

class TestForgeCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void missingTokenStopsBeforeAnythingIsWritten();
    void cloneReportsToThePullRequest();
    void reportRefreshesTheCommentInPlace();
    void flagsWinOverTheEnvironment();
    void extendRenewsToNowPlusTheRecordedTtl();
    void destroyReportsTheTeardown();

private:
    Run previewctl(const QStringList &arguments, const QProcessEnvironment &environment);
    QProcessEnvironment actions() const;
    QJsonObject annotations(const QString &name);

    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
    pd::test::ForgeDouble m_forge;
    QTemporaryDir m_dir;
};

void TestForgeCli::initTestCase()
{
    QVERIFY2(!pd::test::builtExecutable(u"previewctl"_s).isEmpty(), "previewctl is not built");
    pd::sandbox::SandboxOptions options;
    options.loadFiles << pd::test::fixturePath(u"staging-shop.yaml"_s);
    options.podReadyDelay = std::chrono::milliseconds(100);
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    QVERIFY2(m_cluster.writeKubeconfig(m_dir.filePath(u"kubeconfig"_s), &error), qPrintable(error));
    pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(m_cluster);
    m_client = std::make_unique<pd::kube::ApiClient>(endpoint);
    QVERIFY(m_forge.listen());
    m_forge.setToken(kToken);
    m_forge.addPullRequest(42);
    m_forge.addPullRequest(43);
}

QProcessEnvironment TestForgeCli::actions() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"GITHUB_API_URL"_s, m_forge.apiBase().toString());
    environment.insert(u"GITHUB_REPOSITORY"_s, u"octo-org/shop"_s);
    environment.insert(u"GITHUB_TOKEN"_s, kToken);
    environment.insert(u"GITHUB_SHA"_s, u"abc1234def5678abc1234def5678abc1234def56"_s);
    environment.insert(u"GITHUB_SERVER_URL"_s, u"https://github.com"_s);
    environment.insert(u"GITHUB_RUN_ID"_s, u"77"_s);
    environment.remove(u"GH_TOKEN"_s);
    return environment;
}

Run TestForgeCli::previewctl(const QStringList &arguments, const QProcessEnvironment &environment)
{
    return pd::test::runPreviewctl(arguments + QStringList{u"--kubeconfig"_s, m_dir.filePath(u"kubeconfig"_s)}, environment);
}

QJsonObject TestForgeCli::annotations(const QString &name)
{
    const pd::kube::ApiResult result = pd::test::waitFor(m_client->get(namespaceRef(name)), 30000);
    return result.object.value("metadata"_L1).toObject().value("annotations"_L1).toObject();
}

void TestForgeCli::missingTokenStopsBeforeAnythingIsWritten()
{
    QProcessEnvironment environment = actions();
    environment.remove(u"GITHUB_TOKEN"_s);
    const Run run = previewctl({u"clone"_s, u"staging"_s, u"--pr"_s, u"43"_s, u"--report-to-pr"_s, u"--secret"_s, u"mail-relay=omit"_s},
                               environment);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(u"GITHUB_TOKEN or GH_TOKEN"_s), run.describe().constData());
    QCOMPARE(pd::test::waitFor(m_client->get(namespaceRef(u"pr-43"_s)), 30000).httpCode, 404);
    QVERIFY(m_forge.exchanges().isEmpty());
}

void TestForgeCli::cloneReportsToThePullRequest()
{
    const Run run = previewctl({u"clone"_s, u"staging"_s, u"--pr"_s, u"42"_s, u"--ttl"_s, u"2h"_s, u"--report-to-pr"_s,
                                u"--secret"_s, u"mail-relay=omit"_s, u"--timeout"_s, u"120"_s},
                               actions());
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QVERIFY2(run.out.contains(u"reported pr-42 to the pull request"_s), run.describe().constData());
    QVERIFY(!run.out.contains(kToken) && !run.err.contains(kToken));

    const QJsonObject recorded = annotations(u"pr-42"_s);
    QCOMPARE(recorded.value(contract::RepositoryAnnotation).toString(), u"octo-org/shop"_s);
    QCOMPARE(recorded.value(contract::TtlAnnotation).toString(), u"2h"_s);
    const QString url = recorded.value(contract::UrlAnnotation).toString();
    QVERIFY(!url.isEmpty());

    QCOMPARE(m_forge.deployments().size(), 1);
    const QJsonObject deployment = m_forge.deployments().first();
    QCOMPARE(deployment.value("ref"_L1).toString(), u"abc1234def5678abc1234def5678abc1234def56"_s);   // GITHUB_SHA
    QCOMPARE(deployment.value("environment"_L1).toString(), u"preview/pr-42"_s);
    QCOMPARE(deployment.value("transient_environment"_L1).toBool(), true);
    const QList<QJsonObject> statuses = m_forge.statuses(deployment.value("id"_L1).toInteger());
    QCOMPARE(statuses.size(), 2);
    QCOMPARE(statuses.at(0).value("state"_L1).toString(), u"in_progress"_s);
    QCOMPARE(statuses.at(1).value("state"_L1).toString(), u"success"_s);
    QCOMPARE(statuses.at(1).value("environment_url"_L1).toString(), url);
    QCOMPARE(statuses.at(1).value("log_url"_L1).toString(), u"https://github.com/octo-org/shop/actions/runs/77"_s);
    const QList<QJsonObject> comments = m_forge.comments(42);
    QCOMPARE(comments.size(), 1);
    const QString body = comments.first().value("body"_L1).toString();
    QVERIFY2(body.startsWith(u"<!-- previewdesk:pr-42 -->"_s), qPrintable(body));
    QVERIFY(body.contains(url));
    QVERIFY2(body.contains(u"| Time left | 1 h"_s) || body.contains(u"| Time left | 119 min"_s) || body.contains(u"| Time left | 2 h"_s),
             qPrintable(body));
    QVERIFY(body.contains(u"cloned from `staging`"_s));
}

void TestForgeCli::reportRefreshesTheCommentInPlace()
{
    const qint64 comment = m_forge.comments(42).first().value("id"_L1).toInteger();
    const Run run = previewctl({u"report"_s, u"--pr"_s, u"42"_s}, actions());
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QCOMPARE(m_forge.comments(42).size(), 1);
    QCOMPARE(m_forge.comments(42).first().value("id"_L1).toInteger(), comment);
    QCOMPARE(m_forge.count("PATCH", u"/issues/comments/"_s + QString::number(comment)), 1);
    QCOMPARE(m_forge.deployments().size(), 1);   // the newest deployment gets the status
}

void TestForgeCli::flagsWinOverTheEnvironment()
{
    QProcessEnvironment environment = actions();
    environment.insert(u"GITHUB_API_URL"_s, u"http://127.0.0.1:9/api/v3"_s);   // nothing listens there
    environment.insert(u"GITHUB_REPOSITORY"_s, u"someone/else"_s);
    environment.remove(u"GITHUB_TOKEN"_s);
    environment.insert(u"GH_TOKEN"_s, kToken);   // gh's name for it
    const int before = m_forge.count("PATCH", u""_s);
    const Run run = previewctl({u"report"_s, u"pr-42"_s, u"--api-url"_s, m_forge.apiBase().toString(),
                                u"--repository"_s, u"https://github.com/octo-org/shop.git"_s},
                               environment);
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QCOMPARE(m_forge.count("PATCH", u""_s), before + 1);

    const Run bad = previewctl({u"report"_s, u"pr-42"_s, u"--repository"_s, u"not a repository"_s}, environment);
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(u"--repository takes owner/name"_s), bad.describe().constData());
}

void TestForgeCli::extendRenewsToNowPlusTheRecordedTtl()
{
    // About to expire: a push renews it to now + 2h (the recorded TTL), not 2h past the old expiry.
    const QDateTime soon = QDateTime::currentDateTimeUtc().addSecs(600);
    const QJsonObject patch{{u"metadata"_s, QJsonObject{{u"annotations"_s, QJsonObject{
        {QString(contract::ExpiresAtAnnotation), soon.toString(Qt::ISODate)}}}}}};
    QVERIFY(pd::test::waitFor(m_client->patch(namespaceRef(u"pr-42"_s), pd::kube::PatchType::Merge,
                                              QJsonDocument(patch).toJson(QJsonDocument::Compact)), 30000).ok());
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const Run run = previewctl({u"extend"_s, u"--pr"_s, u"42"_s}, actions());
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QVERIFY2(run.out.contains(u"pr-42 renewed"_s), run.describe().constData());
    const QJsonObject renewed = annotations(u"pr-42"_s);
    const QDateTime expiry = QDateTime::fromString(renewed.value(contract::ExpiresAtAnnotation).toString(), Qt::ISODate);
    const QDateTime renewedAt = QDateTime::fromString(renewed.value(contract::RenewedAtAnnotation).toString(), Qt::ISODate);
    QVERIFY2(qAbs(before.addSecs(7200).secsTo(expiry)) <= 60, qPrintable(expiry.toString(Qt::ISODate)));
    QVERIFY2(qAbs(before.secsTo(renewedAt)) <= 60, qPrintable(renewedAt.toString(Qt::ISODate)));

    // An explicit TTL wins; a source is refused by the one mutation rule and stays unwritten.
    const Run longer = previewctl({u"extend"_s, u"pr-42"_s, u"--ttl"_s, u"3d"_s}, actions());
    QVERIFY2(longer.exitCode == 0, longer.describe().constData());
    const QDateTime extended = QDateTime::fromString(annotations(u"pr-42"_s).value(contract::ExpiresAtAnnotation).toString(), Qt::ISODate);
    QVERIFY(qAbs(before.addDays(3).secsTo(extended)) <= 60);
    const QJsonObject sourceBefore = annotations(u"staging"_s);
    const Run source = previewctl({u"extend"_s, u"staging"_s, u"--ttl"_s, u"1d"_s}, actions());
    QCOMPARE(source.exitCode, 1);
    QVERIFY2(source.err.contains(u"refused: staging: source environment"_s), source.describe().constData());
    QCOMPARE(annotations(u"staging"_s), sourceBefore);
}

void TestForgeCli::destroyReportsTheTeardown()
{
    const Run run = previewctl({u"destroy"_s, u"--pr"_s, u"42"_s, u"--yes"_s, u"--report-to-pr"_s, u"--reason"_s, u"pull request merged"_s},
                               actions());
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QCOMPARE(pd::test::waitFor(m_client->get(namespaceRef(u"pr-42"_s)), 30000).httpCode, 404);
    const QJsonObject deployment = m_forge.deployments().first();
    QCOMPARE(m_forge.statuses(deployment.value("id"_L1).toInteger()).last().value("state"_L1).toString(), u"inactive"_s);
    QCOMPARE(m_forge.comments(42).size(), 1);
    const QString body = m_forge.comments(42).first().value("body"_L1).toString();
    QVERIFY2(body.contains(u"### Preview `pr-42`: destroyed"_s), qPrintable(body));
    QVERIFY(body.contains(u": pull request merged."_s));
}

QTEST_GUILESS_MAIN(TestForgeCli)
#include "tst_forgecli.moc"
