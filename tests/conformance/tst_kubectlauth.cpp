// Authentication and RBAC as kubectl sees them: contexts sandbox-admin and sandbox-viewer,
// ServiceAccount tokens, unknown tokens.
#include "kubectlharness.h"

#include "sandbox/sandboxcluster.h"

#include <QTest>

using namespace pd::sandbox;
using pd::test::KubectlHarness;

class TestKubectlAuth final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void canI_data();
    void canI();
    void viewerIsForbiddenSecrets();
    void viewerReadsPods();
    void unknownTokenIsUnauthorized();
    void serviceAccountTokenFollowsRbac();

private:
    SandboxCluster m_cluster;
    std::unique_ptr<KubectlHarness> m_kubectl;
};

void TestKubectlAuth::initTestCase()
{
    SandboxOptions options;
    options.tls = true;
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    m_kubectl = std::make_unique<KubectlHarness>(&m_cluster);
}

void TestKubectlAuth::canI_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<QStringList>("question");
    QTest::addColumn<bool>("allowed");
    const QString admin = QStringLiteral("sandbox-admin");
    const QString viewer = QStringLiteral("sandbox-viewer");
    QTest::newRow("admin anything") << admin << QStringList{QStringLiteral("*"), QStringLiteral("*")} << true;
    QTest::newRow("admin delete namespaces") << admin << QStringList{QStringLiteral("delete"), QStringLiteral("namespaces")} << true;
    QTest::newRow("admin get secrets") << admin << QStringList{QStringLiteral("get"), QStringLiteral("secrets"), QStringLiteral("-A")} << true;
    QTest::newRow("viewer list pods") << viewer << QStringList{QStringLiteral("list"), QStringLiteral("pods")} << true;
    QTest::newRow("viewer watch deployments") << viewer << QStringList{QStringLiteral("watch"), QStringLiteral("deployments.apps"), QStringLiteral("-n"), QStringLiteral("kube-system")} << true;
    QTest::newRow("viewer get secrets") << viewer << QStringList{QStringLiteral("get"), QStringLiteral("secrets")} << false;
    QTest::newRow("viewer create deployments") << viewer << QStringList{QStringLiteral("create"), QStringLiteral("deployments")} << false;
    QTest::newRow("viewer pods/exec") << viewer << QStringList{QStringLiteral("create"), QStringLiteral("pods"), QStringLiteral("--subresource=exec")} << false;
    QTest::newRow("viewer delete namespaces") << viewer << QStringList{QStringLiteral("delete"), QStringLiteral("namespaces")} << false;
}

void TestKubectlAuth::canI()
{
    QFETCH(QString, context);
    QFETCH(QStringList, question);
    QFETCH(bool, allowed);
    const auto r = m_kubectl->run(QStringList{QStringLiteral("auth"), QStringLiteral("can-i")} + question, context);
    QVERIFY2(r.finished, r.describe());
    QCOMPARE(r.out.trimmed(), allowed ? QByteArray("yes") : QByteArray("no"));
    QCOMPARE(r.exitCode, allowed ? 0 : 1);
}

void TestKubectlAuth::viewerIsForbiddenSecrets()
{
    const auto r = m_kubectl->run({QStringLiteral("get"), QStringLiteral("secrets"), QStringLiteral("-n"), QStringLiteral("default")},
                                  QStringLiteral("sandbox-viewer"));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.trimmed(), QByteArray("Error from server (Forbidden): secrets is forbidden: User \"viewer\" cannot list "
                                         "resource \"secrets\" in API group \"\" in the namespace \"default\""));
}

void TestKubectlAuth::viewerReadsPods()
{
    const auto r = m_kubectl->run({QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-A")}, QStringLiteral("sandbox-viewer"));
    QVERIFY2(r.ok(), r.describe());
    const auto ns = m_kubectl->run({QStringLiteral("get"), QStringLiteral("ns"), QStringLiteral("default"), QStringLiteral("-o"),
                                    QStringLiteral("name")}, QStringLiteral("sandbox-viewer"));
    QVERIFY2(ns.ok(), ns.describe());
    QCOMPARE(ns.out, QByteArray("namespace/default\n"));
}

void TestKubectlAuth::unknownTokenIsUnauthorized()
{
    KubectlHarness stranger(nullptr);
    QByteArray kubeconfig = m_cluster.kubeconfigYamlForToken(QStringLiteral("not-a-token"));
    QFile file(stranger.kubeconfigPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kubeconfig);
    file.close();
    const auto r = stranger.run({QStringLiteral("get"), QStringLiteral("pods")});
    QCOMPARE(r.exitCode, 1);
    // Discovery fails first, so kubectl 1.32 words it like this against a real cluster too.
    QVERIFY2(r.err.contains("error: You must be logged in to the server (the server has asked for the client to provide credentials)"),
             r.err.constData());
}

void TestKubectlAuth::serviceAccountTokenFollowsRbac()
{
    const QString token = m_cluster.serviceAccountToken(QStringLiteral("default"), QStringLiteral("robot"));
    QCOMPARE(m_cluster.serviceAccountToken(QStringLiteral("default"), QStringLiteral("robot")), token);
    const auto user = m_cluster.userForToken(token);
    QVERIFY(user);
    QCOMPARE(user->name, QStringLiteral("system:serviceaccount:default:robot"));
    QCOMPARE(user->groups, (QStringList{QStringLiteral("system:serviceaccounts"), QStringLiteral("system:serviceaccounts:default"),
                                        QStringLiteral("system:authenticated")}));

    KubectlHarness robot(nullptr);
    QFile file(robot.kubeconfigPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(m_cluster.kubeconfigYamlForToken(token, QStringLiteral("default")));
    file.close();
    auto r = robot.run({QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("list"), QStringLiteral("configmaps")});
    QCOMPARE(r.out.trimmed(), QByteArray("no"));

    // Bind it (as the admin, with kubectl) and ask again.
    r = m_kubectl->run({QStringLiteral("create"), QStringLiteral("rolebinding"), QStringLiteral("robot-view"), QStringLiteral("-n"),
                        QStringLiteral("default"), QStringLiteral("--clusterrole=view"), QStringLiteral("--serviceaccount=default:robot")});
    QVERIFY2(r.ok(), r.describe());
    r = robot.run({QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("list"), QStringLiteral("configmaps")});
    QCOMPARE(r.out.trimmed(), QByteArray("yes"));
    r = robot.run({QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("list"), QStringLiteral("configmaps"),
                   QStringLiteral("-n"), QStringLiteral("kube-system")});
    QCOMPARE(r.out.trimmed(), QByteArray("no"));
}

QTEST_GUILESS_MAIN(TestKubectlAuth)
#include "tst_kubectlauth.moc"
