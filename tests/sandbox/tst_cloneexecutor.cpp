// The clone executor against the sandbox over loopback HTTP: the shop's staging
// environment is cloned end to end, the source stays byte-for-byte the same, a
// failure at each creation step leaves nothing behind, and a kept half-made clone
// resumes to completion.

#include "core/clone/cloneexecutor.h"
#include "core/clone/cloneplanner.h"
#include "core/clone/previewdestroyer.h"
#include "core/clone/sourceexporter.h"
#include "kube/apiclient.h"
#include "kube/discovery.h"
#include "sandbox/faultinjector.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"
#include "testpaths.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QtTest>

using namespace pd::core;

Q_DECLARE_METATYPE(pd::core::CloneObjectState)

namespace {

template<typename T>
T waitFor(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 30000) || future.resultCount() == 0)
        qFatal("an API call did not finish within 30 s");
    return future.result();
}

QByteArray canonical(QList<QJsonObject> objects)
{
    std::sort(objects.begin(), objects.end(), [](const QJsonObject &a, const QJsonObject &b) {
        auto key = [](const QJsonObject &o) -> QString {
            return o[QLatin1String("kind")].toString() + QLatin1Char('/') + o[QLatin1String("metadata")][QLatin1String("name")].toString();
        };
        return key(a) < key(b);
    });
    QByteArray all;
    for (const QJsonObject &object : std::as_const(objects))
        all += QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    return all;
}

CloneOptions options(const QString &name)
{
    CloneOptions o;
    o.sourceNamespace = QStringLiteral("staging");
    o.name = name;
    o.owner = QStringLiteral("a.rivera");
    o.secretDecisions.insert(QStringLiteral("mail-relay"), SecretDecision::parse(QStringLiteral("omit")));
    o.cloneId = name + QStringLiteral("-id");
    return o;
}

} // namespace

class TestCloneExecutor final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void clonesTheShopEndToEnd();
    void existingNameIsRefusedBeforeAnythingIsWritten();
    void failureAtEachStepLeavesNothingBehind_data();
    void failureAtEachStepLeavesNothingBehind();
    void keptHalfMadeCloneResumes();
    void cancelAbortsTheReadsAndRollsBack();
    void destroyRefusesSourcesAndDeletesPreviews();

private:
    QList<QJsonObject> exportNamespace(const QString &name);
    ClonePlan plan(const QString &name);
    CloneOutcome run(const ClonePlan &plan, CloneExecutor::Options runOptions = {});
    bool namespaceExists(const QString &name);
    bool sourceSettled();

    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
    std::unique_ptr<pd::kube::Discovery> m_discovery;
    QByteArray m_sourceBefore;
};

void TestCloneExecutor::initTestCase()
{
    qRegisterMetaType<pd::core::CloneOutcome>();
    qRegisterMetaType<pd::core::CloneObjectState>();
    pd::sandbox::SandboxOptions sandboxOptions;
    sandboxOptions.loadFiles << pd::test::fixturePath(QStringLiteral("staging-shop.yaml"));
    QString error;
    QVERIFY2(m_cluster.start(sandboxOptions, &error), qPrintable(error));
    pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(m_cluster);
    m_client = std::make_unique<pd::kube::ApiClient>(endpoint);
    m_discovery = std::make_unique<pd::kube::Discovery>(m_client.get());
    // The simulated controllers bring the loaded source up (status, pods); compare it
    // only once they are done, so what changes afterwards is what the clone wrote.
    QVERIFY(QTest::qWaitFor([this] { return sourceSettled(); }, 30000));
    m_sourceBefore = canonical(exportNamespace(QStringLiteral("staging")));
    QVERIFY(m_sourceBefore.contains("checkout-api"));
}

QList<QJsonObject> TestCloneExecutor::exportNamespace(const QString &name)
{
    const SourceSnapshot snapshot = waitFor(pd::core::exportNamespace(m_client.get(), m_discovery.get(), name, this));
    if (!snapshot.ok())
        qWarning("%s", qPrintable(snapshot.error));
    return snapshot.objects;
}

ClonePlan TestCloneExecutor::plan(const QString &name)
{
    QRandomGenerator random(42);
    return planClone(exportNamespace(QStringLiteral("staging")), options(name), QDateTime::currentDateTimeUtc(), random);
}

CloneOutcome TestCloneExecutor::run(const ClonePlan &plan, CloneExecutor::Options runOptions)
{
    CloneExecutor executor(m_client.get(), m_discovery.get());
    QSignalSpy finished(&executor, &CloneExecutor::finished);
    runOptions.pollInterval = std::chrono::milliseconds(50);
    if (runOptions.readyTimeout == std::chrono::minutes(5))
        runOptions.readyTimeout = std::chrono::seconds(30);
    executor.start(plan, runOptions);
    if (finished.isEmpty() && !finished.wait(60000))
        return CloneOutcome::failure(QStringLiteral("the executor did not finish"));
    return finished.first().first().value<CloneOutcome>();
}

bool TestCloneExecutor::sourceSettled()
{
    for (const QJsonObject &object : exportNamespace(QStringLiteral("staging"))) {
        const QString kind = object[QLatin1String("kind")].toString();
        const QJsonObject status = object[QLatin1String("status")].toObject();
        const int replicas = object[QLatin1String("spec")][QLatin1String("replicas")].toInt(1);
        if (kind == QLatin1String("Deployment") && (status[QLatin1String("availableReplicas")].toInt() != replicas
                                                    || status[QLatin1String("updatedReplicas")].toInt() != replicas))
            return false;
        if (kind == QLatin1String("StatefulSet") && status[QLatin1String("readyReplicas")].toInt() != replicas)
            return false;
    }
    return true;
}

bool TestCloneExecutor::namespaceExists(const QString &name)
{
    const pd::kube::ResourceRef ref{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), name, {}};
    return waitFor(m_client->get(ref)).httpCode != 404;
}

void TestCloneExecutor::clonesTheShopEndToEnd()
{
    const ClonePlan planned = plan(QStringLiteral("pr-1423"));
    QVERIFY(planned.canProceed());
    const CloneOutcome outcome = run(planned);
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QCOMPARE(outcome.url, QStringLiteral("https://pr-1423.preview.example.com"));

    // Clone safety 1: the source is byte-for-byte what it was.
    const QByteArray after = canonical(exportNamespace(QStringLiteral("staging")));
    if (after != m_sourceBefore) {
        const QList<QByteArray> a = m_sourceBefore.split('\n'), b = after.split('\n');
        for (qsizetype i = 0; i < std::min(a.size(), b.size()); ++i)
            if (a[i] != b[i]) { qWarning("before: %s\nafter:  %s", a[i].constData(), b[i].constData()); break; }
    }
    QCOMPARE(after, m_sourceBefore);

    const QList<QJsonObject> preview = exportNamespace(QStringLiteral("pr-1423"));
    auto find = [&](const QString &kind, const QString &name) -> QJsonObject {
        for (const QJsonObject &o : preview)
            if (o[QLatin1String("kind")].toString() == kind && o[QLatin1String("metadata")][QLatin1String("name")].toString() == name)
                return o;
        return {};
    };
    // Clone safety 5: guards are in the cluster.
    QVERIFY(!find(QStringLiteral("ResourceQuota"), QStringLiteral("previewdesk-quota")).isEmpty());
    QVERIFY(!find(QStringLiteral("NetworkPolicy"), QStringLiteral("previewdesk-default-deny")).isEmpty());
    QVERIFY(!find(QStringLiteral("RoleBinding"), QStringLiteral("previewdesk-owner")).isEmpty());
    // Workloads are up.
    const QJsonObject web = find(QStringLiteral("Deployment"), QStringLiteral("web"));
    QCOMPARE(web[QLatin1String("status")][QLatin1String("availableReplicas")].toInt(), 1);
    // Clone safety 2: no value PreviewDesk wrote carries a source secret (the
    // ExternalSecret's Secret is the operator's, fetched from the secret manager).
    const QJsonObject credentials = find(QStringLiteral("Secret"), QStringLiteral("postgres-credentials"));
    QVERIFY(!credentials.isEmpty());
    QVERIFY(credentials[QLatin1String("data")][QLatin1String("password")].toString() != QLatin1String("c3RhZ2luZy1wZy1Ba2o4M2hkMjk0bWNr"));
    QVERIFY(find(QStringLiteral("Secret"), QStringLiteral("mail-relay")).isEmpty());
    // Clone safety 3: nothing points back at staging.
    const QByteArray text = canonical(preview);
    QVERIFY(!text.contains(".staging.svc"));
    QVERIFY(!text.contains("staging.shop.example.com"));
}

void TestCloneExecutor::existingNameIsRefusedBeforeAnythingIsWritten()
{
    // "staging" exists and is not a clone of this plan.
    ClonePlan planned = plan(QStringLiteral("staging-copy"));
    planned.targetNamespace = QStringLiteral("staging");
    planned.objects.first().object[QLatin1String("metadata")] = QJsonObject{{QStringLiteral("name"), QStringLiteral("staging")}};
    const CloneOutcome outcome = run(planned);
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(QLatin1String("already exists")), qPrintable(outcome.message));
    QCOMPARE(canonical(exportNamespace(QStringLiteral("staging"))), m_sourceBefore);
}

void TestCloneExecutor::failureAtEachStepLeavesNothingBehind_data()
{
    QTest::addColumn<QString>("resource");   // the collection whose create fails
    QTest::addColumn<bool>("dryRun");        // fail the server-side check, or the real create
    QTest::newRow("namespace check") << "namespaces" << true;
    QTest::newRow("quota") << "resourcequotas" << false;
    QTest::newRow("config map") << "configmaps" << false;
    QTest::newRow("secret") << "secrets" << false;
    QTest::newRow("service") << "services" << false;
    QTest::newRow("deployment check") << "deployments" << true;
    QTest::newRow("deployment") << "deployments" << false;
    QTest::newRow("statefulset") << "statefulsets" << false;
    QTest::newRow("ingress") << "ingresses" << false;
}

void TestCloneExecutor::failureAtEachStepLeavesNothingBehind()
{
    QFETCH(QString, resource);
    QFETCH(bool, dryRun);
    const QString name = QStringLiteral("fail-") + resource;
    m_cluster.faults()->setRequestFault(
        [resource, dryRun](const pd::sandbox::HttpRequest &request) {
            return request.method == "POST" && request.path.endsWith(QLatin1Char('/') + resource)
                && request.query.hasQueryItem(QStringLiteral("dryRun")) == dryRun;
        },
        500);
    const CloneOutcome outcome = run(plan(name));
    m_cluster.faults()->reset();
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.message.contains(resource == QLatin1String("namespaces") ? QStringLiteral("Namespace/") : QString()),
             qPrintable(outcome.message));
    QVERIFY(!namespaceExists(name));
    QCOMPARE(canonical(exportNamespace(QStringLiteral("staging"))), m_sourceBefore);
}

void TestCloneExecutor::keptHalfMadeCloneResumes()
{
    const ClonePlan planned = plan(QStringLiteral("pr-77"));
    m_cluster.faults()->setRequestFault(
        [](const pd::sandbox::HttpRequest &request) {
            return request.method == "POST" && request.path.endsWith(QLatin1String("/deployments"))
                && !request.query.hasQueryItem(QStringLiteral("dryRun"));
        },
        503);
    CloneExecutor::Options keep;
    keep.keepOnFailure = true;
    const CloneOutcome first = run(planned, keep);
    m_cluster.faults()->reset();
    QVERIFY(!first.ok);
    QVERIFY(namespaceExists(QStringLiteral("pr-77")));
    // Stopped before its workloads: kept, and marked so (the browser shows Incomplete).
    QVERIFY(first.keptIncomplete);
    const pd::kube::ResourceRef ns{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), QStringLiteral("pr-77"), {}};
    const auto annotations = [&] {
        return waitFor(m_client->get(ns)).object[QLatin1String("metadata")][QLatin1String("annotations")].toObject();
    };
    QVERIFY2(annotations().value(QLatin1String("previewdesk.io/incomplete")).toString().contains(QLatin1String("could not be created")),
             QJsonDocument(annotations()).toJson().constData());

    const CloneOutcome second = run(planned);
    QVERIFY2(second.ok, qPrintable(second.message));
    QVERIFY(second.resumed);
    QVERIFY(!annotations().contains(QLatin1String("previewdesk.io/incomplete")));
}

void TestCloneExecutor::cancelAbortsTheReadsAndRollsBack()
{
    // The readiness round goes out against a slow cluster; cancel() aborts its reads through
    // their ApiCalls (no waiting for the answers) and rolls the clone back.
    const ClonePlan planned = plan(QStringLiteral("pr-88"));
    CloneExecutor executor(m_client.get(), m_discovery.get());
    QSignalSpy finished(&executor, &CloneExecutor::finished);
    bool waiting = false;
    connect(&executor, &CloneExecutor::phaseChanged, this, [this, &waiting](const QString &phase) {
        if (!phase.startsWith(QLatin1String("Waiting until")))
            return;
        waiting = true;
        m_cluster.faults()->setLatency(std::chrono::milliseconds(3000));
    });
    CloneExecutor::Options runOptions;
    runOptions.pollInterval = std::chrono::milliseconds(50);
    runOptions.readyTimeout = std::chrono::seconds(60);
    executor.start(planned, runOptions);
    QTRY_VERIFY_WITH_TIMEOUT(waiting, 30000);
    QVERIFY(finished.isEmpty());
    QVERIFY(m_client->inFlight() >= 5);   // the first round: workloads, events, pods, claims, ReplicaSets
    executor.cancel();
    QCOMPARE(m_client->inFlight() + m_client->queued(), 1);   // the reads are gone; the rollback's delete is out
    m_cluster.faults()->reset();
    QVERIFY(finished.wait(60000) || !finished.isEmpty());
    const CloneOutcome outcome = finished.first().first().value<CloneOutcome>();
    QVERIFY(!outcome.ok);
    QVERIFY(outcome.cancelled);
    QVERIFY(outcome.rolledBack);
    QCOMPARE(outcome.status().code, int(pd::kube::Status::Cancelled));
    QVERIFY2(outcome.message.startsWith(QLatin1String("Cancelled.")), qPrintable(outcome.message));
    QVERIFY(!namespaceExists(QStringLiteral("pr-88")));
}

void TestCloneExecutor::destroyRefusesSourcesAndDeletesPreviews()
{
    PreviewDestroyer destroyer(m_client.get());
    QSignalSpy finished(&destroyer, &PreviewDestroyer::finished);
    destroyer.destroy(QStringLiteral("staging"));
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY(finished.first().at(1).toString().contains(QLatin1String("source")));
    QVERIFY(namespaceExists(QStringLiteral("staging")));

    finished.clear();
    destroyer.destroy(QStringLiteral("pr-1423"));
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QVERIFY(!namespaceExists(QStringLiteral("pr-1423")));
}

QTEST_GUILESS_MAIN(TestCloneExecutor)
#include "tst_cloneexecutor.moc"
