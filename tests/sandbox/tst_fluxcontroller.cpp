// The sandbox's simulated Flux (source-controller + kustomize-controller) against a real bare
// Git repository (file://), driven through the project's ApiClient over loopback: a
// GitRepository turns Ready with the branch's revision, a Kustomization applies
// previews/pr-1 into its targetNamespace (Progressing, then Ready=True
// ReconciliationSucceeded), picks up a new commit, heals drift unless suspended, reports a bad
// path and bad YAML as Ready=False BuildFailed, and prunes what it applied when deleted.
#include "gitopsfixture.h"

using namespace Qt::Literals::StringLiterals;
using namespace pd::test;

namespace {

const QString kFlux = u"flux-system"_s;

pd::kube::ResourceRef kustomizationRef(const QString &name = {})
{
    return ref(u"kustomize.toolkit.fluxcd.io"_s, u"v1"_s, u"kustomizations"_s, kFlux, name);
}
pd::kube::ResourceRef gitRepositoryRef(const QString &name = {})
{
    return ref(u"source.toolkit.fluxcd.io"_s, u"v1"_s, u"gitrepositories"_s, kFlux, name);
}

QJsonObject kustomization(const QString &name, const QString &path, const QString &target)
{
    return QJsonObject{{u"apiVersion"_s, u"kustomize.toolkit.fluxcd.io/v1"_s},
                       {u"kind"_s, u"Kustomization"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, kFlux}}},
                       {u"spec"_s, QJsonObject{{u"interval"_s, u"1m"_s},
                                               {u"sourceRef"_s, QJsonObject{{u"kind"_s, u"GitRepository"_s}, {u"name"_s, u"previews"_s}}},
                                               {u"path"_s, path},
                                               {u"targetNamespace"_s, target},
                                               {u"prune"_s, true},
                                               {u"wait"_s, true}}}};
}

} // namespace

class TestFluxController final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void gitRepositoryTurnsReady();
    void appliesAndTurnsReady();
    void picksUpANewCommit();
    void healsDrift();
    void suspendedLeavesDriftAlone();
    void badPathAndBadYamlAreNotReady();
    void deletionPrunesWhatItApplied();

private:
    bool create(const pd::kube::ResourceRef &collection, const QJsonObject &object);
    void createKustomization(const QString &name, const QString &path);
    QString readyOf(const QString &name, const QString &field = u"status"_s)
    {
        return conditionOf(*m_client, kustomizationRef(name), u"Ready"_s).value(field).toString();
    }
    int replicasOf(const QString &ns) { return fieldOf(*m_client, deploymentRef(ns), u"spec.replicas"_s).toInt(-1); }
    bool scale(const QString &ns, int replicas)
    {
        return waitFor(QFuture<pd::kube::ApiResult>(m_client->setScale(deploymentRef(ns), replicas))).ok();
    }

    QTemporaryDir m_dir;
    GitFixture m_git;
    QString m_sha1;
    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
};

bool TestFluxController::create(const pd::kube::ResourceRef &collection, const QJsonObject &object)
{
    const pd::kube::ApiResult r = waitFor(QFuture<pd::kube::ApiResult>(m_client->create(collection, object)));
    if (!r.ok())
        qWarning("create failed: %d %s", r.httpCode, qPrintable(r.message()));
    return r.ok();
}

void TestFluxController::createKustomization(const QString &name, const QString &path)
{
    QVERIFY(create(ref({}, u"v1"_s, u"namespaces"_s, {}), namespaceManifest(name)));
    QVERIFY(create(kustomizationRef(), kustomization(name, path, name)));
}

void TestFluxController::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString gitError = m_git.init(m_dir.path());
    QVERIFY2(gitError.isEmpty(), qPrintable(gitError));
    QString error;
    QMap<QString, QByteArray> files = previewManifests(u"previews/pr-1"_s, 2, "hello");
    files.insert(u"previews/broken/configmap.yaml"_s, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {unclosed\n");
    m_sha1 = m_git.commit(files, u"previews: pr-1"_s, &error);
    QVERIFY2(!m_sha1.isEmpty(), qPrintable(error));

    pd::sandbox::SandboxOptions options;
    options.podReadyDelay = std::chrono::milliseconds(1000);
    options.gitOpsResyncInterval = std::chrono::milliseconds(200);
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    pd::kube::ClusterEndpoint endpoint;
    endpoint.server = m_cluster.url();
    endpoint.token = m_cluster.adminToken();
    m_client = std::make_unique<pd::kube::ApiClient>(endpoint);
    QVERIFY(create(ref({}, u"v1"_s, u"namespaces"_s, {}), namespaceManifest(kFlux)));
}

void TestFluxController::gitRepositoryTurnsReady()
{
    QVERIFY(create(gitRepositoryRef(),
                   QJsonObject{{u"apiVersion"_s, u"source.toolkit.fluxcd.io/v1"_s},
                               {u"kind"_s, u"GitRepository"_s},
                               {u"metadata"_s, QJsonObject{{u"name"_s, u"previews"_s}, {u"namespace"_s, kFlux}}},
                               {u"spec"_s, QJsonObject{{u"interval"_s, u"1m"_s}, {u"url"_s, m_git.url()},
                                                       {u"ref"_s, QJsonObject{{u"branch"_s, u"main"_s}}}}}}));
    QTRY_COMPARE_WITH_TIMEOUT(conditionOf(*m_client, gitRepositoryRef(u"previews"_s), u"Ready"_s).value(u"status"_s).toString(), u"True"_s, 10000);
    QCOMPARE(fieldOf(*m_client, gitRepositoryRef(u"previews"_s), u"status.artifact.revision"_s).toString(), u"main@sha1:"_s + m_sha1);
    QCOMPARE(conditionOf(*m_client, gitRepositoryRef(u"previews"_s), u"Ready"_s).value(u"message"_s).toString(),
             u"stored artifact for revision 'main@sha1:%1'"_s.arg(m_sha1));

    // A branch that does not exist: Ready=False with git's reason.
    QVERIFY(create(gitRepositoryRef(),
                   QJsonObject{{u"apiVersion"_s, u"source.toolkit.fluxcd.io/v1"_s},
                               {u"kind"_s, u"GitRepository"_s},
                               {u"metadata"_s, QJsonObject{{u"name"_s, u"nobranch"_s}, {u"namespace"_s, kFlux}}},
                               {u"spec"_s, QJsonObject{{u"interval"_s, u"1m"_s}, {u"url"_s, m_git.url()},
                                                       {u"ref"_s, QJsonObject{{u"branch"_s, u"gone"_s}}}}}}));
    QTRY_COMPARE_WITH_TIMEOUT(conditionOf(*m_client, gitRepositoryRef(u"nobranch"_s), u"Ready"_s).value(u"reason"_s).toString(),
                              u"GitOperationFailed"_s, 10000);
    QVERIFY(conditionOf(*m_client, gitRepositoryRef(u"nobranch"_s), u"Ready"_s).value(u"message"_s).toString().contains(u"refs/heads/gone"_s));
}

void TestFluxController::appliesAndTurnsReady()
{
    createKustomization(u"pr-1"_s, u"./previews/pr-1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(httpCodeOf(*m_client, deploymentRef(u"pr-1"_s)), 200, 10000);
    QCOMPARE(httpCodeOf(*m_client, ref({}, u"v1"_s, u"services"_s, u"pr-1"_s, u"web"_s)), 200);
    QCOMPARE(fieldOf(*m_client, configMapRef(u"pr-1"_s), u"data.GREETING"_s).toString(), u"hello"_s);
    const QJsonObject labels = fieldOf(*m_client, deploymentRef(u"pr-1"_s), u"metadata.labels"_s).toObject();
    QCOMPARE(labels.value(u"kustomize.toolkit.fluxcd.io/name"_s).toString(), u"pr-1"_s);
    QCOMPARE(labels.value(u"kustomize.toolkit.fluxcd.io/namespace"_s).toString(), kFlux);
    // spec.wait: Progressing while the pods come up, then Ready.
    const auto ready = [this]() -> QString {
        const QJsonObject c = conditionOf(*m_client, kustomizationRef(u"pr-1"_s), u"Ready"_s);
        return c.value(u"status"_s).toString() + u'/' + c.value(u"reason"_s).toString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(ready(), u"Unknown/Progressing"_s, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(readyOf(u"pr-1"_s), u"True"_s, 10000);
    QCOMPARE(readyOf(u"pr-1"_s, u"reason"_s), u"ReconciliationSucceeded"_s);
    QCOMPARE(readyOf(u"pr-1"_s, u"message"_s), u"Applied revision: main@sha1:"_s + m_sha1);
    QCOMPARE(fieldOf(*m_client, kustomizationRef(u"pr-1"_s), u"status.lastAppliedRevision"_s).toString(), u"main@sha1:"_s + m_sha1);
    QCOMPARE(fieldOf(*m_client, kustomizationRef(u"pr-1"_s), u"status.inventory.entries"_s).toArray().size(), 3);
    QVERIFY(fieldOf(*m_client, kustomizationRef(u"pr-1"_s), u"metadata.finalizers"_s).toArray().contains(u"finalizers.fluxcd.io"_s));
}

void TestFluxController::picksUpANewCommit()
{
    QString error;
    const QString sha2 = m_git.commit(previewManifests(u"previews/pr-1"_s, 2, "hello again"), u"previews: pr-1 greets again"_s, &error);
    QVERIFY2(!sha2.isEmpty(), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, gitRepositoryRef(u"previews"_s), u"status.artifact.revision"_s).toString(),
                              u"main@sha1:"_s + sha2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, kustomizationRef(u"pr-1"_s), u"status.lastAppliedRevision"_s).toString(),
                              u"main@sha1:"_s + sha2, 10000);
    QCOMPARE(fieldOf(*m_client, configMapRef(u"pr-1"_s), u"data.GREETING"_s).toString(), u"hello again"_s);
    QTRY_COMPARE_WITH_TIMEOUT(readyOf(u"pr-1"_s), u"True"_s, 10000);
}

void TestFluxController::healsDrift()
{
    const pd::kube::ApiResult scaled = waitFor(QFuture<pd::kube::ApiResult>(m_client->setScale(deploymentRef(u"pr-1"_s), 5)));
    QVERIFY(scaled.ok());
    QCOMPARE(scaled.object.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 5);
    QTRY_COMPARE_WITH_TIMEOUT(replicasOf(u"pr-1"_s), 2, 10000);
    // A deleted object comes back as well.
    QVERIFY(waitFor(QFuture<pd::kube::ApiResult>(m_client->remove(configMapRef(u"pr-1"_s)))).ok());
    QTRY_COMPARE_WITH_TIMEOUT(fieldOf(*m_client, configMapRef(u"pr-1"_s), u"data.GREETING"_s).toString(), u"hello again"_s, 10000);
}

void TestFluxController::suspendedLeavesDriftAlone()
{
    // A control Kustomization of the same source keeps reconciling: once it has healed a
    // drift made after the suspended one's, the engine has looked at both.
    createKustomization(u"control"_s, u"previews/pr-1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(readyOf(u"control"_s), u"True"_s, 10000);
    const QByteArray suspend = R"({"spec":{"suspend":true}})";
    QVERIFY(waitFor(QFuture<pd::kube::ApiResult>(m_client->patch(kustomizationRef(u"pr-1"_s), pd::kube::PatchType::Merge, suspend))).ok());
    QVERIFY(scale(u"pr-1"_s, 0));
    for (int round = 0; round < 3; ++round) {   // three heals of the control: several resyncs went by
        QVERIFY(scale(u"control"_s, 0));
        QTRY_COMPARE_WITH_TIMEOUT(replicasOf(u"control"_s), 2, 10000);
    }
    QCOMPARE(replicasOf(u"pr-1"_s), 0);
    // Resumed: healed.
    const QByteArray resume = R"({"spec":{"suspend":false}})";
    QVERIFY(waitFor(QFuture<pd::kube::ApiResult>(m_client->patch(kustomizationRef(u"pr-1"_s), pd::kube::PatchType::Merge, resume))).ok());
    QTRY_COMPARE_WITH_TIMEOUT(replicasOf(u"pr-1"_s), 2, 10000);
}

void TestFluxController::badPathAndBadYamlAreNotReady()
{
    createKustomization(u"pr-9"_s, u"./previews/pr-9"_s);
    QTRY_COMPARE_WITH_TIMEOUT(readyOf(u"pr-9"_s), u"False"_s, 10000);
    QCOMPARE(readyOf(u"pr-9"_s, u"reason"_s), u"BuildFailed"_s);
    QVERIFY2(readyOf(u"pr-9"_s, u"message"_s).contains(u"previews/pr-9"_s), qPrintable(readyOf(u"pr-9"_s, u"message"_s)));
    QVERIFY(readyOf(u"pr-9"_s, u"message"_s).startsWith(u"kustomization path not found"_s));

    createKustomization(u"broken"_s, u"./previews/broken"_s);
    QTRY_COMPARE_WITH_TIMEOUT(readyOf(u"broken"_s), u"False"_s, 10000);
    QCOMPARE(readyOf(u"broken"_s, u"reason"_s), u"BuildFailed"_s);
    QVERIFY2(readyOf(u"broken"_s, u"message"_s).contains(u"previews/broken/configmap.yaml"_s), qPrintable(readyOf(u"broken"_s, u"message"_s)));
    QCOMPARE(httpCodeOf(*m_client, configMapRef(u"broken"_s, u"x"_s)), 404);
}

void TestFluxController::deletionPrunesWhatItApplied()
{
    QCOMPARE(httpCodeOf(*m_client, deploymentRef(u"pr-1"_s)), 200);
    QVERIFY(waitFor(QFuture<pd::kube::ApiResult>(m_client->remove(kustomizationRef(u"pr-1"_s)))).ok());
    QTRY_COMPARE_WITH_TIMEOUT(httpCodeOf(*m_client, kustomizationRef(u"pr-1"_s)), 404, 10000);
    QCOMPARE(httpCodeOf(*m_client, deploymentRef(u"pr-1"_s)), 404);
    QCOMPARE(httpCodeOf(*m_client, ref({}, u"v1"_s, u"services"_s, u"pr-1"_s, u"web"_s)), 404);
    QCOMPARE(httpCodeOf(*m_client, configMapRef(u"pr-1"_s)), 404);
    QCOMPARE(httpCodeOf(*m_client, deploymentRef(u"control"_s)), 200);
}

QTEST_GUILESS_MAIN(TestFluxController)
#include "tst_fluxcontroller.moc"
