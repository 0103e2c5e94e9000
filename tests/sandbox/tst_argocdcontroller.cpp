// The sandbox's simulated Argo CD against a real bare Git repository (file://), driven through
// the project's ApiClient over loopback: an automated Application applies previews/pr-1 into
// its namespace and turns Synced/Healthy, picks up a new commit, heals drift with selfHeal and
// not without it, only reports OutOfSync without automated sync, reports a bad path and bad
// YAML as Degraded with a ComparisonError, and its resources finalizer removes what it applied.
#include "gitopsfixture.h"

using namespace Qt::Literals::StringLiterals;
using namespace pd::test;

namespace {

const QString kArgo = u"argocd"_s;

QJsonObject application(const QString &name, const QString &repoUrl, const QString &path, const QString &destination,
                        const QJsonValue &automated)
{
    QJsonObject spec{{u"project"_s, u"default"_s},
                     {u"source"_s, QJsonObject{{u"repoURL"_s, repoUrl}, {u"path"_s, path}, {u"targetRevision"_s, u"main"_s}}},
                     {u"destination"_s, QJsonObject{{u"server"_s, u"https://kubernetes.default.svc"_s}, {u"namespace"_s, destination}}}};
    if (automated.isObject())
        spec.insert(u"syncPolicy"_s, QJsonObject{{u"automated"_s, automated}});
    return QJsonObject{{u"apiVersion"_s, u"argoproj.io/v1alpha1"_s},
                       {u"kind"_s, u"Application"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, kArgo},
                                                   {u"finalizers"_s, QJsonArray{u"resources-finalizer.argocd.argoproj.io"_s}}}},
                       {u"spec"_s, spec}};
}

pd::kube::ResourceRef appRef(const QString &name = {})
{
    return ref(u"argoproj.io"_s, u"v1alpha1"_s, u"applications"_s, kArgo, name);
}

} // namespace

class TestArgoCdController final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void syncsAndTurnsHealthy();
    void picksUpANewCommit();
    void selfHealsDrift();
    void withoutSelfHealDriftStays();
    void withoutAutomatedSyncOnlyReports();
    void badPathAndBadYamlAreDegraded();
    void finalizerRemovesWhatItApplied();

private:
    bool create(const pd::kube::ResourceRef &collection, const QJsonObject &object);
    void createApp(const QString &name, const QString &path, const QJsonValue &automated);

    QTemporaryDir m_dir;
    GitFixture m_git;
    QString m_sha1;
    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
};

bool TestArgoCdController::create(const pd::kube::ResourceRef &collection, const QJsonObject &object)
{
    const pd::kube::ApiResult r = waitFor(QFuture<pd::kube::ApiResult>(m_client->create(collection, object)));
    if (!r.ok())
        qWarning("create failed: %d %s", r.httpCode, qPrintable(r.message()));
    return r.ok();
}

void TestArgoCdController::createApp(const QString &name, const QString &path, const QJsonValue &automated)
{
    QVERIFY(create(ref({}, u"v1"_s, u"namespaces"_s, {}), namespaceManifest(name)));
    QVERIFY(create(appRef(), application(name, m_git.url(), path, name, automated)));
}

void TestArgoCdController::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString gitError = m_git.init(m_dir.path());
    QVERIFY2(gitError.isEmpty(), qPrintable(gitError));
    QString error;
    QMap<QString, QByteArray> files = previewManifests(u"previews/pr-1"_s, 2, "hello");
    files.insert(u"previews/broken/deployment.yaml"_s, "apiVersion: apps/v1\nkind: Deployment\nmetadata: [unclosed\n");
    m_sha1 = m_git.commit(files, u"previews: pr-1"_s, &error);
    QVERIFY2(!m_sha1.isEmpty(), qPrintable(error));

    pd::sandbox::SandboxOptions options;
    // Long enough that the Application is seen Progressing before its pods are ready.
    options.podReadyDelay = std::chrono::milliseconds(1000);
    options.gitOpsResyncInterval = std::chrono::milliseconds(200);
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    pd::kube::ClusterEndpoint endpoint;
    endpoint.server = m_cluster.url();
    endpoint.token = m_cluster.adminToken();
    m_client = std::make_unique<pd::kube::ApiClient>(endpoint);
    QVERIFY(create(ref({}, u"v1"_s, u"namespaces"_s, {}), namespaceManifest(kArgo)));
}

void TestArgoCdController::syncsAndTurnsHealthy()
{
    createApp(u"pr-1"_s, u"previews/pr-1"_s, QJsonObject{{u"prune"_s, true}, {u"selfHeal"_s, true}});
    QTRY_COMPARE_WITH_TIMEOUT(httpCodeOf(*m_client, deploymentRef(u"pr-1"_s)), 200, 10000);
    QCOMPARE(httpCodeOf(*m_client, ref({}, u"v1"_s, u"services"_s, u"pr-1"_s, u"web"_s)), 200);
    QCOMPARE(fieldOf(*m_client, configMapRef(u"pr-1"_s), u"data.GREETING"_s).toString(), u"hello"_s);
    QCOMPARE(fieldOf(*m_client, deploymentRef(u"pr-1"_s), u"metadata.labels"_s).toObject().value(u"app.kubernetes.io/instance"_s).toString(),
             u"pr-1"_s);
    // Pods take a second to turn ready: Synced and Progressing first, with Argo CD's rollout message.
    const auto state = [this]() -> QString {
        const QJsonObject status = fieldOf(*m_client, appRef(u"pr-1"_s), u"status"_s).toObject();
        return status.value(u"sync"_s).toObject().value(u"status"_s).toString() + u'/'
            + status.value(u"health"_s).toObject().value(u"status"_s).toString() + u'/'
            + status.value(u"health"_s).toObject().value(u"message"_s).toString().left(29);
    };
    QTRY_COMPARE_WITH_TIMEOUT(state(), u"Synced/Progressing/Waiting for rollout to finish"_s, 10000);
    QCOMPARE(fieldOf(*m_client, appRef(u"pr-1"_s), u"status.sync.revision"_s).toString(), m_sha1);
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, appRef(u"pr-1"_s), u"status.health.status"_s).toString(), u"Healthy"_s, 10000);
    QCOMPARE(fieldOf(*m_client, appRef(u"pr-1"_s), u"status.operationState.phase"_s).toString(), u"Succeeded"_s);
    QCOMPARE(fieldOf(*m_client, appRef(u"pr-1"_s), u"status.resources"_s).toArray().size(), 3);
}

void TestArgoCdController::picksUpANewCommit()
{
    QString error;
    QMap<QString, QByteArray> files = previewManifests(u"previews/pr-1"_s, 2, "hello again");
    files.insert(u"previews/pr-1/extra.yaml"_s, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  A: b\n");
    const QString sha2 = m_git.commit(files, u"previews: pr-1 greets again"_s, &error);
    QVERIFY2(!sha2.isEmpty(), qPrintable(error));
    QVERIFY(sha2 != m_sha1);
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, appRef(u"pr-1"_s), u"status.sync.revision"_s).toString(), sha2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, configMapRef(u"pr-1"_s), u"data.GREETING"_s).toString(), u"hello again"_s, 10000);
    QCOMPARE(httpCodeOf(*m_client, configMapRef(u"pr-1"_s, u"extra"_s)), 200);
    // automated.prune: a file removed from Git takes its object with it.
    const QString sha3 = m_git.commit({{u"previews/pr-1/extra.yaml"_s, {}}}, u"previews: pr-1 without extra"_s, &error);
    QVERIFY2(!sha3.isEmpty(), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(httpCodeOf(*m_client, configMapRef(u"pr-1"_s, u"extra"_s)), 404, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, appRef(u"pr-1"_s), u"status.sync.status"_s).toString(), u"Synced"_s, 10000);
}

void TestArgoCdController::selfHealsDrift()
{
    const pd::kube::ApiResult scaled = waitFor(QFuture<pd::kube::ApiResult>(m_client->setScale(deploymentRef(u"pr-1"_s), 5)));
    QVERIFY(scaled.ok());
    QCOMPARE(scaled.object.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 5);
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, deploymentRef(u"pr-1"_s), u"spec.replicas"_s).toInt(), 2, 10000);
    // A hand edit of the ConfigMap goes back too.
    const QByteArray patch = R"({"data":{"GREETING":"edited by hand"}})";
    QVERIFY(waitFor(QFuture<pd::kube::ApiResult>(m_client->patch(configMapRef(u"pr-1"_s), pd::kube::PatchType::Merge, patch))).ok());
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, configMapRef(u"pr-1"_s), u"data.GREETING"_s).toString(), u"hello again"_s, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, appRef(u"pr-1"_s), u"status.sync.status"_s).toString(), u"Synced"_s, 10000);
}

void TestArgoCdController::withoutSelfHealDriftStays()
{
    createApp(u"pr-3"_s, u"previews/pr-1"_s, QJsonObject{{u"prune"_s, true}});
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, appRef(u"pr-3"_s), u"status.sync.status"_s).toString(), u"Synced"_s, 10000);
    QCOMPARE(fieldOf(*m_client, deploymentRef(u"pr-3"_s), u"spec.replicas"_s).toInt(), 2);
    QVERIFY(waitFor(QFuture<pd::kube::ApiResult>(m_client->setScale(deploymentRef(u"pr-3"_s), 0))).ok());
    // The engine saw the drift (it says so) and left it: automated sync without selfHeal.
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, appRef(u"pr-3"_s), u"status.sync.status"_s).toString(), u"OutOfSync"_s, 10000);
    QCOMPARE(fieldOf(*m_client, deploymentRef(u"pr-3"_s), u"spec.replicas"_s).toInt(), 0);

    // Turning automated sync off altogether (what a scale-down guardrail does) keeps it down too.
    const QByteArray off = R"({"spec":{"syncPolicy":null}})";
    QVERIFY(waitFor(QFuture<pd::kube::ApiResult>(m_client->patch(appRef(u"pr-1"_s), pd::kube::PatchType::Merge, off))).ok());
    QVERIFY(waitFor(QFuture<pd::kube::ApiResult>(m_client->setScale(deploymentRef(u"pr-1"_s), 0))).ok());
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, appRef(u"pr-1"_s), u"status.sync.status"_s).toString(), u"OutOfSync"_s, 10000);
    QCOMPARE(fieldOf(*m_client, deploymentRef(u"pr-1"_s), u"spec.replicas"_s).toInt(), 0);
    // And back on: healed.
    const QByteArray on = R"({"spec":{"syncPolicy":{"automated":{"prune":true,"selfHeal":true}}}})";
    QVERIFY(waitFor(QFuture<pd::kube::ApiResult>(m_client->patch(appRef(u"pr-1"_s), pd::kube::PatchType::Merge, on))).ok());
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, deploymentRef(u"pr-1"_s), u"spec.replicas"_s).toInt(), 2, 10000);
}

void TestArgoCdController::withoutAutomatedSyncOnlyReports()
{
    createApp(u"pr-2"_s, u"previews/pr-1"_s, QJsonValue());
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, appRef(u"pr-2"_s), u"status.sync.status"_s).toString(), u"OutOfSync"_s, 10000);
    QCOMPARE(fieldOf(*m_client, appRef(u"pr-2"_s), u"status.health.status"_s).toString(), u"Missing"_s);
    QCOMPARE(fieldOf(*m_client, appRef(u"pr-2"_s), u"status.sync.revision"_s).toString().size(), 40);
    QCOMPARE(httpCodeOf(*m_client, deploymentRef(u"pr-2"_s)), 404);
    QCOMPARE(httpCodeOf(*m_client, configMapRef(u"pr-2"_s)), 404);
}

void TestArgoCdController::badPathAndBadYamlAreDegraded()
{
    createApp(u"pr-9"_s, u"previews/pr-9"_s, QJsonObject{{u"selfHeal"_s, true}});
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, appRef(u"pr-9"_s), u"status.health.status"_s).toString(), u"Degraded"_s, 10000);
    QVERIFY2(fieldOf(*m_client, appRef(u"pr-9"_s), u"status.health.message"_s).toString().contains(u"previews/pr-9: app path does not exist"_s),
             qPrintable(fieldOf(*m_client, appRef(u"pr-9"_s), u"status.health.message"_s).toString()));
    const QJsonArray conditions = fieldOf(*m_client, appRef(u"pr-9"_s), u"status.conditions"_s).toArray();
    QCOMPARE(conditions.size(), 1);
    QCOMPARE(conditions.first().toObject().value(u"type"_s).toString(), u"ComparisonError"_s);
    QVERIFY(conditions.first().toObject().value(u"message"_s).toString().contains(u"previews/pr-9"_s));

    createApp(u"broken"_s, u"previews/broken"_s, QJsonObject{{u"selfHeal"_s, true}});
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, appRef(u"broken"_s), u"status.health.status"_s).toString(), u"Degraded"_s, 10000);
    const QString message = fieldOf(*m_client, appRef(u"broken"_s), u"status.health.message"_s).toString();
    QVERIFY2(message.contains(u"failed to unmarshal \"previews/broken/deployment.yaml\""_s), qPrintable(message));
    QCOMPARE(fieldOf(*m_client, appRef(u"broken"_s), u"status.sync.status"_s).toString(), u"Unknown"_s);
    QCOMPARE(httpCodeOf(*m_client, deploymentRef(u"broken"_s)), 404);
}

void TestArgoCdController::finalizerRemovesWhatItApplied()
{
    QCOMPARE(httpCodeOf(*m_client, deploymentRef(u"pr-1"_s)), 200);
    // An object of the namespace that Argo CD did not apply stays.
    QVERIFY(create(configMapRef(u"pr-1"_s, {}), QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s},
                                                          {u"metadata"_s, QJsonObject{{u"name"_s, u"by-hand"_s}}}}));
    QVERIFY(waitFor(QFuture<pd::kube::ApiResult>(m_client->remove(appRef(u"pr-1"_s)))).ok());
    QTRY_COMPARE_WITH_TIMEOUT(httpCodeOf(*m_client, appRef(u"pr-1"_s)), 404, 10000);
    QCOMPARE(httpCodeOf(*m_client, deploymentRef(u"pr-1"_s)), 404);
    QCOMPARE(httpCodeOf(*m_client, ref({}, u"v1"_s, u"services"_s, u"pr-1"_s, u"web"_s)), 404);
    QCOMPARE(httpCodeOf(*m_client, configMapRef(u"pr-1"_s)), 404);
    QCOMPARE(httpCodeOf(*m_client, configMapRef(u"pr-1"_s, u"by-hand"_s)), 200);
    // Another Application's objects are not touched.
    QCOMPARE(httpCodeOf(*m_client, deploymentRef(u"pr-3"_s)), 200);
}

QTEST_GUILESS_MAIN(TestArgoCdController)
#include "tst_argocdcontroller.moc"
