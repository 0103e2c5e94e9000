// previewctl clone --mode ci-cd against the in-process sandbox and the forge double, as a
// GitHub Actions job runs it: the source declares its build (previewdesk.io/ci-workflow and the
// clone profile's ciImages / ciArtifact); previewctl dispatches the workflow for the pull
// request's head, follows the run's jobs and steps, reads images.json from the run's artifact
// and deploys the images pinned by digest. A failed or cancelled run ends the clone with the
// run's URL and failing step, nothing created; a source without a declared build is told what
// to declare. The double's runs move on with each look at them (no timers, no sleeps).
#include "core/contract.h"
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"

#include "forgedouble.h"
#include "futurewait.h"
#include "previewctlrun.h"
#include "testpaths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using pd::kube::ResourceRef;
namespace contract = pd::core::contract;

namespace {

const QString kToken = u"ghs_ciCdTokenNeverPrinted"_s;
const QString kWorkflow = u".github/workflows/build.yml"_s;
const QString kApi = u"registry.example.com/shop/checkout-api"_s;
const QString kWeb = u"registry.example.com/shop/web"_s;

using Run = pd::test::PreviewctlRun;

ResourceRef namespaceRef(const QString &name)
{
    return ResourceRef{QString(), u"v1"_s, u"namespaces"_s, QString(), name, {}};
}

QString sha(int pr)
{
    return QString::number(pr).repeated(20).left(40);
}

// What previewctl said itself (QtTest cuts long messages; the log lines come first).
QByteArray said(const pd::test::PreviewctlRun &run)
{
    QStringList lines;
    for (const QString &line : run.err.split(u'\n'))
        if (line.startsWith(u"previewctl"_s))
            lines << line;
    return "exit " + QByteArray::number(run.exitCode) + ": " + lines.join(u'\n').toUtf8();
}

QString digest(QChar c)
{
    return u"sha256:"_s + QString(64, c);
}

} // namespace

class TestCiCdCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void withoutDeclaredBuildSaysWhatToDeclare();
    void dispatchesFollowsAndPinsByDigest();
    void dryRunSaysWhatWillBeBuiltAndDispatchesNothing();
    void failedRunEndsTheCloneWithItsUrlAndStep();
    void cancelledRunEndsTheClone();

private:
    Run clone(int pr, const QStringList &extra = {});
    void declareBuild();
    QString image(const QString &ns, const QString &deployment);

    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
    pd::test::ForgeDouble m_forge;
    QTemporaryDir m_dir;
};

void TestCiCdCli::initTestCase()
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
    for (int pr : {61, 62, 63, 64})
        m_forge.addPullRequest(pr, sha(pr), u"feature-"_s + QString::number(pr));
}

Run TestCiCdCli::clone(int pr, const QStringList &extra)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"GITHUB_API_URL"_s, m_forge.apiBase().toString());
    environment.insert(u"GITHUB_REPOSITORY"_s, u"octo-org/shop"_s);
    environment.insert(u"GITHUB_TOKEN"_s, kToken);
    environment.remove(u"GH_TOKEN"_s);
    return pd::test::runPreviewctl(QStringList{u"clone"_s, u"staging"_s, u"--pr"_s, QString::number(pr), u"--mode"_s, u"ci-cd"_s,
                                    u"--secret"_s, u"mail-relay=omit"_s, u"--timeout"_s, u"120"_s,
                                    u"--build-poll-interval"_s, u"0"_s, u"--kubeconfig"_s, m_dir.filePath(u"kubeconfig"_s)}
                                       + extra,
                                   environment);
}

// The source's declaration: the workflow on the namespace, what it builds in the clone profile.
void TestCiCdCli::declareBuild()
{
    const QJsonObject profile{
        {u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, u"preview-profile"_s}, {u"namespace"_s, u"staging"_s}}},
        {u"data"_s, QJsonObject{{QString(contract::CloneProfileDataKey),
                                 QString(u"ciImages:\n  - "_s + kApi + u"\n  - "_s + kWeb + u"\nciArtifact: images\n"_s)}}},
    };
    const ResourceRef configMaps{QString(), u"v1"_s, u"configmaps"_s, u"staging"_s, QString(), {}};
    QVERIFY(pd::test::waitFor(m_client->create(configMaps, profile), 30000).ok());
    const QJsonObject patch{{u"metadata"_s, QJsonObject{{u"annotations"_s, QJsonObject{
        {QString(contract::CiWorkflowAnnotation), kWorkflow}, {QString(contract::CloneProfileAnnotation), u"preview-profile"_s}}}}}};
    QVERIFY(pd::test::waitFor(m_client->patch(namespaceRef(u"staging"_s), pd::kube::PatchType::Merge,
                                              QJsonDocument(patch).toJson(QJsonDocument::Compact)), 30000).ok());
}

QString TestCiCdCli::image(const QString &ns, const QString &deployment)
{
    const ResourceRef ref{u"apps"_s, u"v1"_s, u"deployments"_s, ns, deployment, {}};
    const pd::kube::ApiResult result = pd::test::waitFor(m_client->get(ref), 30000);
    return result.object.value("spec"_L1).toObject().value("template"_L1).toObject().value("spec"_L1).toObject()
        .value("containers"_L1).toArray().first().toObject().value("image"_L1).toString();
}

void TestCiCdCli::withoutDeclaredBuildSaysWhatToDeclare()
{
    const Run run = clone(61);
    QCOMPARE(run.exitCode, 3);   // a decision the source has to make, as for any other open one
    QVERIFY2(run.err.contains(u"but staging does not declare that build"_s), run.describe().constData());
    QVERIFY(run.err.contains(QString(contract::CiWorkflowAnnotation) + u" on namespace staging"_s));
    QVERIFY(run.err.contains(u"ciImages"_s) && run.err.contains(u"ciArtifact"_s) && run.err.contains(u"images.json"_s));
    QVERIFY(run.err.contains(u"--mode cd-only"_s));
    QVERIFY(!run.err.contains(u":pr-61"_s));   // no guessed tag
    QVERIFY(m_forge.dispatches().isEmpty());
    QCOMPARE(pd::test::waitFor(m_client->get(namespaceRef(u"pr-61"_s)), 30000).httpCode, 404);
}

void TestCiCdCli::dispatchesFollowsAndPinsByDigest()
{
    declareBuild();
    pd::test::WorkflowScript script;
    script.digests = {{kApi, digest(u'a')}, {kWeb, digest(u'b')}};
    m_forge.setWorkflow(kWorkflow, script);

    const Run run = clone(62);
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QVERIFY(!run.out.contains(kToken) && !run.err.contains(kToken));

    // Dispatched for the PR's head: its branch as ref, its commit and the preview as inputs.
    QCOMPARE(m_forge.dispatches().size(), 1);
    const QJsonObject dispatch = m_forge.dispatches().first();
    QCOMPARE(dispatch.value("ref"_L1).toString(), u"feature-62"_s);
    QCOMPARE(dispatch.value("inputs"_L1).toObject().value("ref"_L1).toString(), sha(62));
    QCOMPARE(dispatch.value("inputs"_L1).toObject().value("preview"_L1).toString(), u"pr-62"_s);

    // Followed through core's progress: queued, each step, success.
    const QString runUrl = m_forge.runs().first().value("html_url"_L1).toString();
    QVERIFY2(run.out.contains(u"== Build: dispatching .github/workflows/build.yml for feature-62"_s), run.describe().constData());
    QVERIFY(run.out.contains(u"run #1 of .github/workflows/build.yml queued ("_s + runUrl + u')'));
    QVERIFY(run.out.contains(u"in progress: job build-images, step 3/4 Build and push images"_s));
    QVERIFY(run.out.contains(u"succeeded; reading the digests from its artifact images"_s));
    QCOMPARE(m_forge.count("GET", u"/actions/runs/"_s + QString::number(m_forge.runs().first().value("id"_L1).toInteger()) + u"/jobs"_s), 6);

    // Deployed pinned by digest, one image each.
    QCOMPARE(image(u"pr-62"_s, u"checkout-api"_s), kApi + u'@' + digest(u'a'));
    QCOMPARE(image(u"pr-62"_s, u"web"_s), kWeb + u'@' + digest(u'b'));
    QCOMPARE(image(u"staging"_s, u"web"_s), u"registry.example.com/shop/web:2.14.1"_s);   // the source is untouched
}

void TestCiCdCli::dryRunSaysWhatWillBeBuiltAndDispatchesNothing()
{
    const qsizetype dispatched = m_forge.dispatches().size();
    const Run run = clone(65, {u"--dry-run"_s});
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QVERIFY2(run.out.contains(u"warning: CI+CD: .github/workflows/build.yml builds "_s + kApi + u", "_s + kWeb), run.describe().constData());
    QVERIFY(!run.out.contains(u"registry-binding"_s));   // no digest is known before the build
    QCOMPARE(m_forge.dispatches().size(), dispatched);
    QCOMPARE(pd::test::waitFor(m_client->get(namespaceRef(u"pr-65"_s)), 30000).httpCode, 404);
}

void TestCiCdCli::failedRunEndsTheCloneWithItsUrlAndStep()
{
    pd::test::WorkflowScript script;
    script.conclusion = u"failure"_s;
    script.endingStep = 3;
    m_forge.setWorkflow(kWorkflow, script);

    const Run run = clone(63);
    QCOMPARE(run.exitCode, 1);
    const QString runUrl = m_forge.runs().last().value("html_url"_L1).toString();
    QCOMPARE(m_forge.runs().last().value("head_sha"_L1).toString(), sha(63));
    QVERIFY2(run.err.contains(u"the build run #2 of .github/workflows/build.yml failed in job \"build-images\", "
                              "step \"Build and push images\": "_s + runUrl),
             said(run).constData());
    QCOMPARE(pd::test::waitFor(m_client->get(namespaceRef(u"pr-63"_s)), 30000).httpCode, 404);
}

void TestCiCdCli::cancelledRunEndsTheClone()
{
    pd::test::WorkflowScript script;
    script.conclusion = u"cancelled"_s;
    script.endingStep = 2;
    m_forge.setWorkflow(kWorkflow, script);

    const Run run = clone(64);
    QCOMPARE(run.exitCode, 1);
    const QString runUrl = m_forge.runs().last().value("html_url"_L1).toString();
    QVERIFY2(run.err.contains(u"the build run #3 of .github/workflows/build.yml was cancelled in job \"build-images\", "
                              "step \"Check out the pull request\": "_s + runUrl),
             said(run).constData());
    QVERIFY(!run.out.contains(u"reading the digests"_s));
    QCOMPARE(pd::test::waitFor(m_client->get(namespaceRef(u"pr-64"_s)), 30000).httpCode, 404);
}

QTEST_GUILESS_MAIN(TestCiCdCli)
#include "tst_cicdcli.moc"
