// The real kubectl 1.32 on the sandbox's simulated GitOps engines: apply an Argo CD
// Application and a Flux GitRepository + Kustomization of a bare repository (file://), wait
// for the engines with `kubectl wait`, and read the upstream printer columns.
#include "gitopsfixture.h"
#include "kubectlrun.h"
#include "requirekubectl.h"

#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;
using namespace pd::test;

class TestGitOpsKubectl final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void applicationColumns();
    void kustomizationColumns();

private:
    KubectlResult kubectl(const QStringList &args, const QByteArray &stdinData = {})
    {
        return runKubectl(m_kubectl, m_dir.filePath(u"kubeconfig"_s), m_dir.filePath(u"cache"_s), args, stdinData);
    }

    QTemporaryDir m_dir;
    GitFixture m_git;
    QString m_sha;
    QString m_kubectl;
    pd::sandbox::SandboxCluster m_cluster;
};

void TestGitOpsKubectl::initTestCase()
{
    PD_REQUIRE_KUBECTL();
    m_kubectl = QStandardPaths::findExecutable(u"kubectl"_s);
    const QString gitError = m_git.init(m_dir.path());
    QVERIFY2(gitError.isEmpty(), qPrintable(gitError));
    QString error;
    m_sha = m_git.commit(previewManifests(u"previews/pr-1"_s, 1, "hello"), u"previews: pr-1"_s, &error);
    QVERIFY2(!m_sha.isEmpty(), qPrintable(error));
    pd::sandbox::SandboxOptions options;
    options.podReadyDelay = std::chrono::milliseconds(0);
    options.gitOpsResyncInterval = std::chrono::milliseconds(200);
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    QVERIFY2(m_cluster.writeKubeconfig(m_dir.filePath(u"kubeconfig"_s), &error), qPrintable(error));
}

void TestGitOpsKubectl::applicationColumns()
{
    const QByteArray manifests = R"(apiVersion: v1
kind: Namespace
metadata:
  name: argocd
---
apiVersion: v1
kind: Namespace
metadata:
  name: pr-1
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: pr-1
  namespace: argocd
  finalizers: [resources-finalizer.argocd.argoproj.io]
spec:
  project: default
  source:
    repoURL: )" + m_git.url().toUtf8() + R"(
    path: previews/pr-1
    targetRevision: main
  destination:
    server: https://kubernetes.default.svc
    namespace: pr-1
  syncPolicy:
    automated:
      prune: true
      selfHeal: true
)";
    KubectlResult r = kubectl({u"apply"_s, u"--validate=false"_s, u"-f"_s, u"-"_s}, manifests);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"application.argoproj.io/pr-1 created"_s), qPrintable(r.out));
    r = kubectl({u"wait"_s, u"-n"_s, u"argocd"_s, u"--for=jsonpath={.status.health.status}=Healthy"_s,
                 u"applications.argoproj.io/pr-1"_s, u"--timeout=30s"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));

    r = kubectl({u"get"_s, u"applications.argoproj.io"_s, u"-n"_s, u"argocd"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(QRegularExpression(u"^NAME\\s+SYNC STATUS\\s+HEALTH STATUS$"_s).match(lines.at(0)).hasMatch(), qPrintable(lines.at(0)));
    QVERIFY2(QRegularExpression(u"^pr-1\\s+Synced\\s+Healthy$"_s).match(lines.at(1)).hasMatch(), qPrintable(lines.at(1)));
    // The priority-10 columns with -o wide: the revision and the project.
    r = kubectl({u"get"_s, u"applications.argoproj.io"_s, u"-n"_s, u"argocd"_s, u"-o"_s, u"wide"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"REVISION"_s) && r.out.contains(u"PROJECT"_s), qPrintable(r.out));
    QVERIFY2(r.out.contains(m_sha) && r.out.contains(u"default"_s), qPrintable(r.out));
    r = kubectl({u"get"_s, u"deployments"_s, u"-n"_s, u"pr-1"_s, u"-l"_s, u"app.kubernetes.io/instance=pr-1"_s, u"-o"_s, u"name"_s});
    QCOMPARE(r.out.trimmed(), u"deployment.apps/web"_s);
}

void TestGitOpsKubectl::kustomizationColumns()
{
    const QByteArray manifests = R"(apiVersion: v1
kind: Namespace
metadata:
  name: flux-system
---
apiVersion: v1
kind: Namespace
metadata:
  name: pr-2
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: previews
  namespace: flux-system
spec:
  interval: 1m
  url: )" + m_git.url().toUtf8() + R"(
  ref:
    branch: main
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: pr-2
  namespace: flux-system
spec:
  interval: 1m
  sourceRef:
    kind: GitRepository
    name: previews
  path: ./previews/pr-1
  targetNamespace: pr-2
  prune: true
  wait: true
)";
    KubectlResult r = kubectl({u"apply"_s, u"--validate=false"_s, u"-f"_s, u"-"_s}, manifests);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"kustomization.kustomize.toolkit.fluxcd.io/pr-2 created"_s), qPrintable(r.out));
    r = kubectl({u"wait"_s, u"-n"_s, u"flux-system"_s, u"--for=condition=Ready"_s, u"kustomizations/pr-2"_s, u"--timeout=30s"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));

    r = kubectl({u"get"_s, u"kustomizations"_s, u"-n"_s, u"flux-system"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(QRegularExpression(u"^NAME\\s+AGE\\s+READY\\s+STATUS$"_s).match(lines.at(0)).hasMatch(), qPrintable(lines.at(0)));
    QVERIFY2(QRegularExpression(u"^pr-2\\s+\\S+\\s+True\\s+Applied revision: main@sha1:%1$"_s.arg(m_sha)).match(lines.at(1)).hasMatch(),
             qPrintable(lines.at(1)));
    r = kubectl({u"get"_s, u"gitrepositories"_s, u"-n"_s, u"flux-system"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(QRegularExpression(u"^NAME\\s+URL\\s+AGE\\s+READY\\s+STATUS$"_s).match(lines.at(0)).hasMatch(), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).contains(m_git.url()) && lines.at(1).contains(u"stored artifact for revision"_s), qPrintable(lines.at(1)));
    // The short name works as upstream's does.
    r = kubectl({u"get"_s, u"ks"_s, u"-n"_s, u"flux-system"_s, u"-o"_s, u"name"_s});
    QCOMPARE(r.out.trimmed(), u"kustomization.kustomize.toolkit.fluxcd.io/pr-2"_s);
}

QTEST_GUILESS_MAIN(TestGitOpsKubectl)
#include "tst_gitopskubectl.moc"
