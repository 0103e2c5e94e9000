// CloneSession, the one clone workflow behind the wizard and `previewctl clone`, against
// the in-process sandbox over loopback: what it reads, what the served APIs decide, that
// both ways of giving it options plan the same clone, and a run to the end.
#include "core/clone/cloneplanner.h"
#include "core/session/clonesession.h"
#include "futurewait.h"
#include "kube/apiclient.h"
#include "kube/discovery.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"
#include "testpaths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using pd::core::CloneOptions;
using pd::core::CloneSession;

Q_DECLARE_METATYPE(pd::core::CloneObjectState)

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 3, 2), QTime(9, 30), Qt::UTC);
constexpr quint32 kSeed = 1423;

struct Connection
{
    std::unique_ptr<pd::kube::ApiClient> client;
    std::unique_ptr<pd::kube::Discovery> discovery;
};

Connection connectAs(const pd::sandbox::SandboxCluster &cluster, const QString &token)
{
    pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(cluster);
    endpoint.token = token;
    Connection connection;
    connection.client = std::make_unique<pd::kube::ApiClient>(endpoint);
    connection.discovery = std::make_unique<pd::kube::Discovery>(connection.client.get());
    return connection;
}

// What the wizard's source, decisions and settings pages set, one edit at a time.
void answerLikeTheWizard(CloneSession &clone)
{
    clone.changeOptions([](CloneOptions &o) { o.pullRequest = 1423; });
    clone.changeOptions([](CloneOptions &o) { o.name = pd::core::previewNameForPullRequest(o.pullRequest); });
    clone.changeOptions([](CloneOptions &o) { o.branch = u"feature/checkout"_s; });
    clone.changeOptions([](CloneOptions &o) { o.owner = u"a.rivera"_s; });
    clone.changeOptions([](CloneOptions &o) {
        o.secretDecisions.insert(u"mail-relay"_s, pd::core::SecretDecision::parse(u"omit"_s));
    });
    clone.changeOptions([](CloneOptions &o) { o.ttl = std::chrono::hours(48); });
}

// The same answers as previewctl's flags give them: all at once, before the source is read.
CloneOptions answersLikeTheCli()
{
    CloneOptions o;
    o.sourceNamespace = u"staging"_s;
    o.pullRequest = 1423;
    o.name = pd::core::previewNameForPullRequest(1423);
    o.branch = u"feature/checkout"_s;
    o.owner = u"a.rivera"_s;
    o.secretDecisions.insert(u"mail-relay"_s, pd::core::SecretDecision::parse(u"omit"_s));
    o.ttl = std::chrono::hours(48);
    return o;
}

bool loadSession(CloneSession &clone)
{
    const pd::core::SourceSnapshot snapshot = pd::test::waitFor(clone.load(), 30000);
    return snapshot.ok() && clone.sourceLoaded();
}

} // namespace

class TestCloneSession final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void wizardAndCliPlanTheSameClone();
    void viewerGetsTheConfigurationOnly();
    void runsThePlanAndReportsProgress();
    void servedApisDecideTheOptions();   // last: it takes APIs away from m_cluster

private:
    pd::sandbox::SandboxCluster m_cluster;   // with controllers: clones become ready
    pd::sandbox::SandboxCluster m_still;     // without: nothing changes between two exports
};

void TestCloneSession::initTestCase()
{
    qRegisterMetaType<pd::core::CloneOutcome>();
    qRegisterMetaType<pd::core::CloneObjectState>();
    pd::sandbox::SandboxOptions options;
    options.loadFiles << pd::test::fixturePath(u"staging-shop.yaml"_s);
    options.podReadyDelay = std::chrono::milliseconds(50);
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    options.controllers = false;   // no CronJob makes a Job between the two reads
    QVERIFY2(m_still.start(options, &error), qPrintable(error));
}

void TestCloneSession::wizardAndCliPlanTheSameClone()
{
    Connection connection = connectAs(m_still, m_still.adminToken());

    CloneSession wizard(connection.client.get(), connection.discovery.get(), u"staging"_s);
    wizard.setPlanClock([] { return kNow; });
    wizard.setPlanSeed(kSeed);
    QSignalSpy replans(&wizard, &CloneSession::planChanged);
    wizard.reviewAccess();
    QVERIFY(loadSession(wizard));
    answerLikeTheWizard(wizard);
    QVERIFY(replans.count() >= 7);   // once on load, once per answer

    CloneSession cli(connection.client.get(), connection.discovery.get(), u"staging"_s);
    cli.setPlanClock([] { return kNow; });
    cli.setPlanSeed(kSeed);
    cli.setOptions(answersLikeTheCli());
    QVERIFY(loadSession(cli));
    cli.setOptions(cli.options());   // previewctl: after the clone profile is applied

    QCOMPARE(wizard.options().externalSecretsApiVersion, cli.options().externalSecretsApiVersion);
    QCOMPARE(wizard.plan().targetNamespace, u"pr-1423"_s);
    QVERIFY(!wizard.plan().objects.isEmpty());
    QVERIFY2(wizard.plan().canProceed(), qPrintable(wizard.plan().pendingDecisions.value(0).question));
    const QByteArray fromWizard = QJsonDocument(wizard.plan().toJson()).toJson();
    QCOMPARE(QJsonDocument(cli.plan().toJson()).toJson(), fromWizard);

    // And it is the planner's plan of the exported source, nothing added on the way.
    QRandomGenerator seeded(kSeed);
    const pd::core::ClonePlan direct = pd::core::planClone(cli.snapshot().objects, cli.options(), kNow, seeded);
    QCOMPARE(QJsonDocument(direct.toJson()).toJson(), fromWizard);
    // The wizard's access review answered for the admin.
    QTRY_VERIFY(wizard.canReadSecrets().has_value());
    QCOMPARE(*wizard.canReadSecrets(), true);
}

void TestCloneSession::servedApisDecideTheOptions()
{
    Connection connection = connectAs(m_cluster, m_cluster.adminToken());
    QVERIFY(pd::test::waitFor(connection.discovery->ensureLoaded(), 30000).ok());
    CloneOptions options;
    CloneSession::applyServedApis(*connection.discovery, &options);
    QCOMPARE(options.externalSecretsApiVersion, u"external-secrets.io/v1"_s);
    QVERIFY(options.passwordGeneratorServed);

    // A cluster with an older ESO: v1 not served, no Password generator.
    const pd::kube::ResourceRef crds{u"apiextensions.k8s.io"_s, u"v1"_s, u"customresourcedefinitions"_s, QString(), {}, {}};
    pd::kube::ResourceRef passwords = crds;
    passwords.name = u"passwords.generators.external-secrets.io"_s;
    QVERIFY(pd::test::waitFor(connection.client->remove(passwords), 30000).ok());
    for (const QString &plural : {u"externalsecrets"_s, u"secretstores"_s, u"clustersecretstores"_s, u"clusterexternalsecrets"_s}) {
        pd::kube::ResourceRef ref = crds;
        ref.name = plural + u".external-secrets.io"_s;
        pd::kube::ApiResult crd = pd::test::waitFor(connection.client->get(ref), 30000);
        QVERIFY2(crd.ok(), qPrintable(crd.message()));
        QJsonObject object = crd.object;
        QJsonObject spec = object.value(u"spec"_s).toObject();
        QJsonArray versions;
        for (const QJsonValue &value : spec.value(u"versions"_s).toArray()) {
            QJsonObject version = value.toObject();
            const bool v1beta1 = version.value(u"name"_s).toString() == u"v1beta1"_s;
            version.insert(u"served"_s, v1beta1);
            version.insert(u"storage"_s, v1beta1);
            versions.append(version);
        }
        spec.insert(u"versions"_s, versions);
        object.insert(u"spec"_s, spec);
        crd = pd::test::waitFor(connection.client->update(ref, object), 30000);
        QVERIFY2(crd.ok(), qPrintable(crd.message()));
    }

    Connection older = connectAs(m_cluster, m_cluster.adminToken());
    CloneSession clone(older.client.get(), older.discovery.get(), u"staging"_s);
    clone.load();
    QTRY_VERIFY_WITH_TIMEOUT(clone.sourceLoaded() || !clone.loadError().isEmpty(), 30000);
    QCOMPARE(clone.options().externalSecretsApiVersion, u"external-secrets.io/v1beta1"_s);
    QVERIFY(!clone.passwordGeneratorServed());
}

void TestCloneSession::viewerGetsTheConfigurationOnly()
{
    Connection connection = connectAs(m_cluster, m_cluster.viewerToken());
    CloneSession clone(connection.client.get(), connection.discovery.get(), u"staging"_s);
    QSignalSpy loaded(&clone, &CloneSession::loaded);
    clone.reviewAccess();
    const pd::core::SourceSnapshot snapshot = pd::test::waitFor(clone.load(), 30000);
    QCOMPARE(loaded.count(), 1);
    QVERIFY(!snapshot.ok());
    QVERIFY(!clone.sourceLoaded());
    QVERIFY2(clone.loadError().contains(u"secrets"_s), qPrintable(clone.loadError()));
    QVERIFY(clone.plan().objects.isEmpty());
    QTRY_VERIFY(clone.canReadSecrets().has_value());
    QCOMPARE(*clone.canReadSecrets(), false);
    QVERIFY(clone.missingSecretPermission().contains(u"get secrets in namespace staging"_s));

    clone.readConfiguration();
    QTRY_VERIFY_WITH_TIMEOUT(clone.configurationObjects().size() >= 3, 30000);
    QSet<QString> kinds;
    for (const QJsonObject &object : clone.configurationObjects())
        kinds.insert(object.value(u"kind"_s).toString());
    QVERIFY(kinds.contains(u"Deployment"_s));
    QVERIFY(kinds.contains(u"ConfigMap"_s));
    QVERIFY(!kinds.contains(u"Secret"_s));
}

void TestCloneSession::runsThePlanAndReportsProgress()
{
    Connection connection = connectAs(m_cluster, m_cluster.adminToken());
    CloneSession clone(connection.client.get(), connection.discovery.get(), u"staging"_s);
    CloneOptions options = answersLikeTheCli();
    options.name = u"pr-1424"_s;
    clone.setOptions(options);
    QVERIFY(loadSession(clone));
    QVERIFY(clone.plan().canProceed());

    QSignalSpy phases(&clone, &CloneSession::phaseChanged);
    QSignalSpy states(&clone, &CloneSession::objectStateChanged);
    QSignalSpy finished(&clone, &CloneSession::finished);
    pd::core::CloneExecutor::Options run;
    run.pollInterval = std::chrono::milliseconds(50);
    run.readyTimeout = std::chrono::seconds(60);
    QVERIFY(clone.start(run));
    QVERIFY(!clone.start(run));   // one run per session
    QVERIFY(finished.wait(90000));
    const auto outcome = finished.first().first().value<pd::core::CloneOutcome>();
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QCOMPARE(outcome.url, clone.plan().url);
    QVERIFY(!phases.isEmpty());
    QVERIFY(states.count() >= clone.plan().objects.size());
    QVERIFY(!clone.isRunning());

    const pd::kube::ResourceRef ns{QString(), u"v1"_s, u"namespaces"_s, QString(), u"pr-1424"_s, {}};
    QVERIFY(pd::test::waitFor(connection.client->get(ns), 30000).ok());
}

QTEST_GUILESS_MAIN(TestCloneSession)
#include "tst_clonesession.moc"
