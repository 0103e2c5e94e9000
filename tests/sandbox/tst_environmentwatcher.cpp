// EnvironmentWatcher against the embedded sandbox over loopback HTTP: cluster-wide
// list+watch, and the per-namespace mode (setNamespaces) for a user whose RBAC
// reaches two namespaces only.
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"

#include <futurewait.h>

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using pd::core::EnvironmentModel;
using pd::core::EnvironmentState;
using pd::core::EnvironmentWatcher;

namespace {

QByteArray environmentYaml(const QString &ns)
{
    return QStringLiteral(R"(---
apiVersion: v1
kind: Namespace
metadata:
  name: %1
  labels:
    previewdesk.io/role: preview
    app.kubernetes.io/managed-by: previewdesk
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: %1
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: registry.example.com/shop/web:1.0
status:
  replicas: 2
  readyReplicas: 2
  updatedReplicas: 2
  availableReplicas: 2
  observedGeneration: 1
)")
            .arg(ns)
            .toUtf8();
}

// May read the environment's kinds in one namespace and GET that Namespace object.
QByteArray readerRbacYaml(const QString &ns, const QString &user)
{
    return QStringLiteral(R"(---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: env-reader
  namespace: %1
rules:
- apiGroups: ["", "apps", "networking.k8s.io"]
  resources: ["deployments", "statefulsets", "ingresses", "resourcequotas"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: env-reader
  namespace: %1
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: env-reader
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: %2
)")
            .arg(ns, user)
            .toUtf8();
}

int desiredOf(const EnvironmentModel &model, const QString &ns, const QString &workload)
{
    const auto env = model.find(ns);
    if (!env)
        return -1;
    for (const pd::core::WorkloadInfo &info : env->workloads) {
        if (info.name == workload)
            return info.desired;
    }
    return -1;
}

} // namespace

class TestEnvironmentWatcher final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void clusterWide();
    void namespacesOnly();
    void clusterWideRefusedSaysWhy();

private:
    pd::kube::ClusterEndpoint endpointFor(const QString &token) const;
    bool scale(const QString &ns, const QString &name, int replicas);

    QTemporaryDir m_dir;
    pd::sandbox::SandboxCluster m_cluster;
    QString m_aliceToken;
};

void TestEnvironmentWatcher::initTestCase()
{
    QVERIFY(m_dir.isValid());
    pd::sandbox::SandboxOptions options;
    options.controllers = false;   // replicas stay what the test sets
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    QByteArray yaml;
    for (const QString &ns : {u"pr-1"_s, u"pr-2"_s, u"pr-3"_s})
        yaml += environmentYaml(ns);
    yaml += readerRbacYaml(u"pr-1"_s, u"alice"_s) + readerRbacYaml(u"pr-2"_s, u"alice"_s);
    QFile file(m_dir.filePath(u"seed.yaml"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(yaml);
    file.close();
    QVERIFY2(m_cluster.loadFile(file.fileName(), &error), qPrintable(error));
    m_aliceToken = m_cluster.mintToken(u"alice"_s, {});
}

pd::kube::ClusterEndpoint TestEnvironmentWatcher::endpointFor(const QString &token) const
{
    pd::kube::ClusterEndpoint endpoint;
    endpoint.server = m_cluster.url();
    endpoint.token = token;
    return endpoint;
}

bool TestEnvironmentWatcher::scale(const QString &ns, const QString &name, int replicas)
{
    pd::kube::ApiClient admin(endpointFor(m_cluster.adminToken()));
    const pd::kube::ResourceRef ref{u"apps"_s, u"v1"_s, u"deployments"_s, ns, name, {}};
    const QByteArray body = QByteArray(R"({"spec":{"replicas":)") + QByteArray::number(replicas) + "}}";
    return pd::test::waitFor(admin.patch(ref, pd::kube::PatchType::Merge, body)).ok();
}

void TestEnvironmentWatcher::clusterWide()
{
    pd::kube::ApiClient client(endpointFor(m_cluster.adminToken()));
    EnvironmentModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    EnvironmentWatcher watcher(&client, &model);
    watcher.setCoalesceInterval(20ms);
    QSignalSpy synced(&watcher, &EnvironmentWatcher::synced);
    watcher.start();
    QVERIFY(synced.wait(15000));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.rowOf(u"default"_s), -1);
    // Namespaces come as metadata only: labels and role still arrive.
    QCOMPARE(model.find(u"pr-1"_s)->role, pd::core::EnvironmentRole::Preview);
    QCOMPARE(model.find(u"pr-1"_s)->state, EnvironmentState::Healthy);
    QCOMPARE(desiredOf(model, u"pr-2"_s, u"web"_s), 2);
    QVERIFY(watcher.lastError().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(watcher.connectionText().startsWith(u"Live"_s), 10000);

    QVERIFY(scale(u"pr-2"_s, u"web"_s, 3));
    QTRY_COMPARE_WITH_TIMEOUT(desiredOf(model, u"pr-2"_s, u"web"_s), 3, 10000);
    QCOMPARE(model.find(u"pr-2"_s)->state, EnvironmentState::Progressing);   // 2/3 ready
    // Without controllers observedGeneration stays behind: still rolling out, at 2 again.
    QVERIFY(scale(u"pr-2"_s, u"web"_s, 2));
    QTRY_COMPARE_WITH_TIMEOUT(desiredOf(model, u"pr-2"_s, u"web"_s), 2, 10000);
    QCOMPARE(model.find(u"pr-1"_s)->state, EnvironmentState::Healthy);   // untouched
}

void TestEnvironmentWatcher::namespacesOnly()
{
    pd::kube::ApiClient client(endpointFor(m_aliceToken));
    EnvironmentModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    EnvironmentWatcher watcher(&client, &model);
    watcher.setCoalesceInterval(20ms);
    // pr-3 exists but is not alice's; nope-9 does not exist at all.
    watcher.setNamespaces({u"pr-1"_s, u"pr-2"_s, u"pr-3"_s, u"nope-9"_s, u"pr-1"_s});
    QCOMPARE(watcher.namespaces(), (QStringList{u"pr-1"_s, u"pr-2"_s, u"pr-3"_s, u"nope-9"_s}));
    QSignalSpy synced(&watcher, &EnvironmentWatcher::synced);
    watcher.start();
    // The refused namespaces do not hold the reachable ones back.
    QVERIFY(synced.wait(15000));
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(model.rowOf(u"pr-1"_s) >= 0);
    QVERIFY(model.rowOf(u"pr-2"_s) >= 0);
    QCOMPARE(model.rowOf(u"pr-3"_s), -1);
    QCOMPARE(model.find(u"pr-1"_s)->state, EnvironmentState::Healthy);
    QCOMPARE(desiredOf(model, u"pr-1"_s, u"web"_s), 2);
    // In plain words, naming the namespace.
    QVERIFY2(watcher.lastError().contains(u"pr-3"_s) || watcher.lastError().contains(u"nope-9"_s),
             qPrintable(watcher.lastError()));
    QVERIFY2(watcher.connectionText().contains(u"\u2014"_s), qPrintable(watcher.connectionText()));

    // Live in the reachable namespaces.
    QVERIFY(scale(u"pr-1"_s, u"web"_s, 4));
    QTRY_COMPARE_WITH_TIMEOUT(desiredOf(model, u"pr-1"_s, u"web"_s), 4, 10000);
    QVERIFY(scale(u"pr-1"_s, u"web"_s, 2));
    QTRY_COMPARE_WITH_TIMEOUT(desiredOf(model, u"pr-1"_s, u"web"_s), 2, 10000);
}

void TestEnvironmentWatcher::clusterWideRefusedSaysWhy()
{
    // alice may not list namespaces cluster-wide: the watcher says so instead of spinning.
    pd::kube::ApiClient client(endpointFor(m_aliceToken));
    EnvironmentModel model;
    EnvironmentWatcher watcher(&client, &model);
    QSignalSpy synced(&watcher, &EnvironmentWatcher::synced);
    watcher.start();
    QVERIFY(synced.wait(15000));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY2(watcher.lastError().contains(u"forbidden"_s), qPrintable(watcher.lastError()));
    QVERIFY2(watcher.connectionText().contains(u"forbidden"_s), qPrintable(watcher.connectionText()));
}

QTEST_GUILESS_MAIN(TestEnvironmentWatcher)
#include "tst_environmentwatcher.moc"
