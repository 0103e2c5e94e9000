// The real kubectl 1.32 against HttpServer + ApiServer (plain HTTP, no auth):
// discovery, create/apply/get/scale/label/delete as users run them.
#include "kubectlrun.h"
#include "apitesthelper.h"
#include "requirekubectl.h"

#include <sandbox/httpserver.h>

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pd::sandbox;

class TestApiServerKubectl final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void getNamespaces();
    void applyGetScaleDelete();
    void serverSideApply();
    void labelAndSelect();
    void deleteNamespaceWaits();
    void authCanI();
    void applyValidatesOnServer();
    void createDeploymentFromProtobuf();

private:
    using Result = pd::test::KubectlResult;
    Result kubectl(const QStringList &args, const QByteArray &stdinData = {});

    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<ApiServer> m_api;
    std::unique_ptr<HttpServer> m_http;
    QTemporaryDir m_dir;
    QString m_kubectl;
};

void TestApiServerKubectl::initTestCase()
{
    PD_REQUIRE_KUBECTL();
    m_kubectl = QStandardPaths::findExecutable(u"kubectl"_s);
    m_store = std::make_unique<ObjectStore>();
    m_api = std::make_unique<ApiServer>(m_store.get());
    m_http = std::make_unique<HttpServer>();
    m_http->setHandler(m_api->handler());
    QString error;
    QVERIFY2(m_http->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    QFile config(m_dir.filePath(u"kubeconfig"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(u"apiVersion: v1\nkind: Config\nclusters:\n- name: sandbox\n  cluster:\n    server: http://127.0.0.1:%1\n"
                 "users:\n- name: admin\n  user:\n    token: unused\ncontexts:\n- name: sandbox\n  context:\n    cluster: sandbox\n"
                 "    user: admin\n    namespace: default\ncurrent-context: sandbox\n"_s.arg(m_http->serverPort()).toUtf8());
}

void TestApiServerKubectl::cleanupTestCase()
{
    m_http.reset();
    m_api.reset();
    m_store.reset();
}

TestApiServerKubectl::Result TestApiServerKubectl::kubectl(const QStringList &args, const QByteArray &stdinData)
{
    return pd::test::runKubectl(m_kubectl, m_dir.filePath(u"kubeconfig"_s), m_dir.filePath(u"cache"_s), args, stdinData);
}

void TestApiServerKubectl::getNamespaces()
{
    const Result r = kubectl({u"get"_s, u"namespaces"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(u"NAME"_s));
    QVERIFY(r.out.contains(u"STATUS"_s));
    QVERIFY(r.out.contains(u"kube-system"_s));
    QVERIFY(r.out.contains(u"Active"_s));
}

static const QByteArray kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
)";

void TestApiServerKubectl::applyGetScaleDelete()
{
    Result r = kubectl({u"apply"_s, u"--validate=false"_s, u"-f"_s, u"-"_s}, kDeployment);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"deployment.apps/web created"_s), qPrintable(r.out));
    r = kubectl({u"apply"_s, u"--validate=false"_s, u"-f"_s, u"-"_s}, QByteArray(kDeployment).replace("nginx:1.27", "nginx:1.28"));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"deployment.apps/web configured"_s), qPrintable(r.out));
    r = kubectl({u"get"_s, u"deploy"_s, u"web"_s, u"-o"_s, u"jsonpath={.spec.template.spec.containers[0].image}"_s});
    QCOMPARE(r.out, u"nginx:1.28"_s);
    r = kubectl({u"scale"_s, u"deployment/web"_s, u"--replicas=3"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = kubectl({u"get"_s, u"deployments"_s});
    QVERIFY2(r.out.contains(u"UP-TO-DATE"_s), qPrintable(r.out));
    r = kubectl({u"get"_s, u"deploy"_s, u"web"_s, u"-o"_s, u"jsonpath={.spec.replicas}"_s});
    QCOMPARE(r.out, u"3"_s);
    r = kubectl({u"get"_s, u"all"_s});
    QVERIFY2(r.exitCode == 0 && r.out.contains(u"deployment.apps/web"_s), qPrintable(r.out + r.err));
    r = kubectl({u"delete"_s, u"deployment"_s, u"web"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = kubectl({u"get"_s, u"deploy"_s, u"web"_s});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(u"deployments.apps \"web\" not found"_s), qPrintable(r.err));
}

void TestApiServerKubectl::serverSideApply()
{
    Result r = kubectl({u"apply"_s, u"--server-side"_s, u"--validate=false"_s, u"-f"_s, u"-"_s}, kDeployment);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"serverside-applied"_s), qPrintable(r.out));
    r = kubectl({u"get"_s, u"deploy"_s, u"web"_s, u"--show-managed-fields"_s, u"-o"_s, u"jsonpath={.metadata.managedFields[0].manager}"_s});
    QCOMPARE(r.out, u"kubectl"_s);
    kubectl({u"delete"_s, u"deployment"_s, u"web"_s});
}

void TestApiServerKubectl::labelAndSelect()
{
    Result r = kubectl({u"create"_s, u"configmap"_s, u"settings"_s, u"--from-literal=a=1"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = kubectl({u"label"_s, u"configmap"_s, u"settings"_s, u"tier=backend"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = kubectl({u"get"_s, u"cm"_s, u"-l"_s, u"tier=backend"_s, u"-o"_s, u"name"_s});
    QCOMPARE(r.out.trimmed(), u"configmap/settings"_s);
    r = kubectl({u"annotate"_s, u"cm"_s, u"settings"_s, u"note=hello"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = kubectl({u"get"_s, u"cm"_s, u"settings"_s, u"-o"_s, u"yaml"_s});
    QVERIFY(r.out.contains(u"note: hello"_s));
}

void TestApiServerKubectl::deleteNamespaceWaits()
{
    Result r = kubectl({u"create"_s, u"namespace"_s, u"pr-9"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = kubectl({u"-n"_s, u"pr-9"_s, u"create"_s, u"configmap"_s, u"x"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = kubectl({u"delete"_s, u"namespace"_s, u"pr-9"_s, u"--timeout=30s"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(!m_store->get({QString(), u"namespaces"_s}, QString(), u"pr-9"_s));
}

void TestApiServerKubectl::authCanI()
{
    const Result r = kubectl({u"auth"_s, u"can-i"_s, u"delete"_s, u"pods"_s});
    QCOMPARE(r.out.trimmed(), u"yes"_s);
}

void TestApiServerKubectl::applyValidatesOnServer()
{
    // No --validate=false: kubectl finds fieldValidation in /openapi/v3 and leaves validation to the server.
    const Result r = kubectl({u"apply"_s, u"-f"_s, u"-"_s}, QByteArray(kDeployment).replace("name: web\n", "name: validated\n"));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(u"deployment.apps/validated created"_s));
}

void TestApiServerKubectl::createDeploymentFromProtobuf()
{
    Result r = kubectl({u"create"_s, u"deployment"_s, u"made"_s, u"--image=nginx:1.27"_s, u"--replicas=2"_s, u"--port=8080"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = kubectl({u"get"_s, u"deploy"_s, u"made"_s, u"-o"_s,
                 u"jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort} {.spec.selector.matchLabels.app}"_s});
    QCOMPARE(r.out, u"2 nginx:1.27 8080 made"_s);
}

QTEST_GUILESS_MAIN(TestApiServerKubectl)
#include "tst_apiserverkubectl.moc"
