// kubectl writes against the sandbox: create, apply (client- and server-side), scale,
// annotate, label, patch of each type, delete of an object and of a namespace.
#include "kubectlharness.h"

#include "sandbox/sandboxcluster.h"

#include <QJsonDocument>
#include <QTest>

using namespace pd::sandbox;
using pd::test::KubectlHarness;

namespace {
QStringList args(std::initializer_list<const char *> words)
{
    QStringList list;
    for (const char *w : words)
        list.append(QString::fromUtf8(w));
    return list;
}
} // namespace

class TestKubectlWrite final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void createFromFixture();
    void applyClientSide();
    void applyServerSide();
    void scale();
    void annotateAndLabel();
    void patch_data();
    void patch();
    void deleteObject();
    void deleteNamespaceWaitsUntilGone();

private:
    QByteArray get(const char *jsonpath, const char *resource = "deploy/web");
    void createStaging();

    std::unique_ptr<SandboxCluster> m_cluster;
    std::unique_ptr<KubectlHarness> m_kubectl;
};

void TestKubectlWrite::init()
{
    m_cluster = std::make_unique<SandboxCluster>();
    SandboxOptions options;
    options.tls = true;
    QString error;
    QVERIFY2(m_cluster->start(options, &error), qPrintable(error));
    m_kubectl = std::make_unique<KubectlHarness>(m_cluster.get());
}

void TestKubectlWrite::cleanup()
{
    m_kubectl.reset();
    m_cluster.reset();
}

QByteArray TestKubectlWrite::get(const char *jsonpath, const char *resource)
{
    const auto r = m_kubectl->run({QStringLiteral("get"), QString::fromUtf8(resource), QStringLiteral("-n"), QStringLiteral("staging"),
                                   QStringLiteral("-o"), QStringLiteral("jsonpath=") + QString::fromUtf8(jsonpath)});
    return r.ok() ? r.out : "ERROR " + r.err;
}

void TestKubectlWrite::createStaging()
{
    const auto r = m_kubectl->run({QStringLiteral("create"), QStringLiteral("--validate=false"), QStringLiteral("-f"),
                                   m_kubectl->writeFixtureManifests()});
    QVERIFY2(r.ok(), r.describe());
}

void TestKubectlWrite::createFromFixture()
{
    const QString file = m_kubectl->writeFixtureManifests();
    auto r = m_kubectl->run({QStringLiteral("create"), QStringLiteral("--validate=false"), QStringLiteral("-f"), file});
    QVERIFY2(r.ok(), r.describe());
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("namespace/staging created"));
    QVERIFY(lines.contains("deployment.apps/web created"));
    QVERIFY(lines.contains("statefulset.apps/postgres created"));
    QVERIFY(lines.contains("externalsecret.external-secrets.io/payments-api created"));
    QCOMPARE(lines.size(), pd::test::KubectlHarness::fixtureManifests().size());

    r = m_kubectl->run({QStringLiteral("get"), QStringLiteral("deploy"), QStringLiteral("-n"), QStringLiteral("staging"),
                        QStringLiteral("-o"), QStringLiteral("name")});
    QCOMPARE(r.out, QByteArray("deployment.apps/checkout-api\ndeployment.apps/redis\ndeployment.apps/web\ndeployment.apps/worker\n"));

    // Again: every object exists already.
    r = m_kubectl->run({QStringLiteral("create"), QStringLiteral("--validate=false"), QStringLiteral("-f"), file});
    QCOMPARE(r.exitCode, 1);
    const QByteArray expected = "Error from server (AlreadyExists): error when creating \"" + file.toUtf8()
                                + "\": deployments.apps \"web\" already exists";
    QVERIFY2(r.err.contains(expected), r.err.constData());
}

void TestKubectlWrite::applyClientSide()
{
    const QString file = m_kubectl->writeFixtureManifests();
    auto r = m_kubectl->run({QStringLiteral("apply"), QStringLiteral("--validate=false"), QStringLiteral("-f"), file});
    QVERIFY2(r.ok(), r.describe());
    QVERIFY2(r.out.contains("deployment.apps/web created\n"), r.out.constData());
    QVERIFY(!get("{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}").isEmpty());

    r = m_kubectl->run({QStringLiteral("apply"), QStringLiteral("--validate=false"), QStringLiteral("-f"), file});
    QVERIFY2(r.ok(), r.describe());
    QVERIFY2(r.out.contains("deployment.apps/web unchanged\n"), r.out.constData());

    // Change one field in the manifests: a three-way strategic patch updates it.
    QByteArray changed;
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        changed = f.readAll();
    }
    const QByteArray from = "registry.example.com/shop/web:2.14.1";
    QVERIFY(changed.contains(from));
    changed.replace(from, "registry.example.com/shop/web:2.15.0");
    r = m_kubectl->run({QStringLiteral("apply"), QStringLiteral("--validate=false"), QStringLiteral("-f"),
                        m_kubectl->writeFile(QStringLiteral("changed.json"), changed)});
    QVERIFY2(r.ok(), r.describe());
    QVERIFY2(r.out.contains("deployment.apps/web configured\n"), r.out.constData());
    QCOMPARE(get("{.spec.template.spec.containers[0].image}"), QByteArray("registry.example.com/shop/web:2.15.0"));
    QCOMPARE(get("{.metadata.generation}"), QByteArray("2"));
}

void TestKubectlWrite::applyServerSide()
{
    const QString file = m_kubectl->writeFixtureManifests();
    auto r = m_kubectl->run({QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("--validate=false"),
                             QStringLiteral("-f"), file});
    QVERIFY2(r.ok(), r.describe());
    QVERIFY2(r.out.contains("deployment.apps/web serverside-applied\n"), r.out.constData());
    QCOMPARE(get("{.metadata.managedFields[0].manager}"), QByteArray("kubectl"));
    QCOMPARE(get("{.metadata.managedFields[0].operation}"), QByteArray("Apply"));

    // Another manager taking a field kubectl owns: conflict, unless forced.
    const QByteArray patch = R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"staging"},"spec":{"replicas":7}})";
    const QString patchFile = m_kubectl->writeFile(QStringLiteral("replicas.json"), patch);
    r = m_kubectl->run({QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("--field-manager=other"),
                        QStringLiteral("--validate=false"), QStringLiteral("-f"), patchFile});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("conflict"), r.err.constData());
    r = m_kubectl->run({QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("--field-manager=other"),
                        QStringLiteral("--force-conflicts"), QStringLiteral("--validate=false"), QStringLiteral("-f"), patchFile});
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(get("{.spec.replicas}"), QByteArray("7"));
}

void TestKubectlWrite::scale()
{
    createStaging();
    auto r = m_kubectl->run(args({"scale", "deployment/web", "-n", "staging", "--replicas=5"}));
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, QByteArray("deployment.apps/web scaled\n"));
    QCOMPARE(get("{.spec.replicas}"), QByteArray("5"));
    // --current-replicas is a precondition.
    r = m_kubectl->run(args({"scale", "statefulset/postgres", "-n", "staging", "--current-replicas=3", "--replicas=0"}));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("Expected replicas to be 3, was 1"), r.err.constData());
    QCOMPARE(get("{.spec.replicas}", "statefulset/postgres"), QByteArray("1"));
}

void TestKubectlWrite::annotateAndLabel()
{
    createStaging();
    auto r = m_kubectl->run(args({"annotate", "deploy", "web", "-n", "staging", "downscaler/original-replicas=2"}));
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, QByteArray("deployment.apps/web annotated\n"));
    QCOMPARE(get("{.metadata.annotations.downscaler/original-replicas}"), QByteArray("2"));

    r = m_kubectl->run(args({"annotate", "deploy", "web", "-n", "staging", "downscaler/original-replicas=3"}));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("--overwrite is false but found the following declared annotation(s)"), r.err.constData());

    r = m_kubectl->run(args({"label", "ns", "staging", "previewdesk.io/protected=true"}));
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, QByteArray("namespace/staging labeled\n"));
    r = m_kubectl->run(args({"get", "ns", "-l", "previewdesk.io/protected=true", "-o", "name"}));
    QCOMPARE(r.out, QByteArray("namespace/staging\n"));

    r = m_kubectl->run(args({"label", "ns", "staging", "previewdesk.io/protected-"}));
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, QByteArray("namespace/staging unlabeled\n"));
    r = m_kubectl->run(args({"get", "ns", "-l", "previewdesk.io/protected", "-o", "name"}));
    QVERIFY2(r.ok(), r.describe());
    QVERIFY(r.out.isEmpty());
}

void TestKubectlWrite::patch_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QByteArray>("jsonpath");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("merge") << QStringLiteral("merge") << QStringLiteral(R"({"spec":{"replicas":4},"metadata":{"labels":{"tier":"x"}}})")
                           << QByteArray("{.spec.replicas}/{.metadata.labels.tier}") << QByteArray("4/x");
    QTest::newRow("json") << QStringLiteral("json")
                          << QStringLiteral(R"([{"op":"replace","path":"/spec/replicas","value":3},{"op":"add","path":"/metadata/labels/tier","value":"y"}])")
                          << QByteArray("{.spec.replicas}/{.metadata.labels.tier}") << QByteArray("3/y");
    // Strategic: the container list merges by name (the env list and ports stay).
    QTest::newRow("strategic") << QStringLiteral("strategic")
                               << QStringLiteral(R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:2"}]}}}})")
                               << QByteArray("{.spec.template.spec.containers[0].image}/{.spec.template.spec.containers[0].env[0].name}")
                               << QByteArray("nginx:2/API_URL");
}

void TestKubectlWrite::patch()
{
    QFETCH(QString, type);
    QFETCH(QString, patch);
    QFETCH(QByteArray, jsonpath);
    QFETCH(QByteArray, expected);
    createStaging();
    const auto r = m_kubectl->run({QStringLiteral("patch"), QStringLiteral("deploy"), QStringLiteral("web"), QStringLiteral("-n"),
                                   QStringLiteral("staging"), QStringLiteral("--type"), type, QStringLiteral("-p"), patch});
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, QByteArray("deployment.apps/web patched\n"));
    QCOMPARE(get(jsonpath.constData()), expected);

    // The same patch again changes nothing.
    const auto again = m_kubectl->run({QStringLiteral("patch"), QStringLiteral("deploy"), QStringLiteral("web"), QStringLiteral("-n"),
                                       QStringLiteral("staging"), QStringLiteral("--type"), type, QStringLiteral("-p"), patch});
    QVERIFY2(again.ok(), again.describe());
    QCOMPARE(again.out, QByteArray("deployment.apps/web patched (no change)\n"));
}

void TestKubectlWrite::deleteObject()
{
    createStaging();
    auto r = m_kubectl->run(args({"delete", "configmap", "checkout-config", "-n", "staging"}));
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, QByteArray("configmap \"checkout-config\" deleted\n"));
    r = m_kubectl->run(args({"get", "configmap", "checkout-config", "-n", "staging"}));
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("Error from server (NotFound): configmaps \"checkout-config\" not found"));
    r = m_kubectl->run(args({"delete", "configmap", "checkout-config", "-n", "staging"}));
    QCOMPARE(r.exitCode, 1);
    r = m_kubectl->run(args({"delete", "configmap", "checkout-config", "-n", "staging", "--ignore-not-found"}));
    QVERIFY2(r.ok(), r.describe());
}

void TestKubectlWrite::deleteNamespaceWaitsUntilGone()
{
    createStaging();
    auto r = m_kubectl->run(args({"delete", "namespace", "staging"}));
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, QByteArray("namespace \"staging\" deleted\n"));
    // kubectl waited: it is gone, contents too.
    r = m_kubectl->run(args({"get", "namespace", "staging"}));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("Error from server (NotFound): namespaces \"staging\" not found"), r.err.constData());
    r = m_kubectl->run(args({"get", "deploy", "-A", "-o", "name"}));
    QVERIFY2(r.ok(), r.describe());
    QVERIFY(r.out.isEmpty());

    r = m_kubectl->run(args({"delete", "namespace", "default"}));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("Error from server (Forbidden): namespaces \"default\" is forbidden: this namespace may not be deleted"),
             r.err.constData());
}

QTEST_GUILESS_MAIN(TestKubectlWrite)
#include "tst_kubectlwrite.moc"
