// kubectl reads against the sandbox: discovery, lists across namespaces, selectors, output formats.
#include "kubectlharness.h"

#include "sandbox/sandboxcluster.h"

#include <QJsonDocument>
#include <QTest>

using namespace pd::sandbox;
using pd::test::KubectlHarness;

class TestKubectlRead final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void version();
    void apiResources();
    void getAcrossNamespaces();
    void tableOutput();
    void labelSelector_data();
    void labelSelector();
    void fieldSelector_data();
    void fieldSelector();
    void outputFormats();
    void jsonpath_data();
    void jsonpath();
    void notFound();

private:
    SandboxCluster m_cluster;
    std::unique_ptr<KubectlHarness> m_kubectl;
};

void TestKubectlRead::initTestCase()
{
    SandboxOptions options;
    options.controllers = true;       // the External Secrets CRDs come with them
    options.tls = true;               // kubectl sends its token only over TLS
    options.loadFiles = {pd::test::fixturePath(QStringLiteral("staging-shop.yaml"))};
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    m_kubectl = std::make_unique<KubectlHarness>(&m_cluster);
}

void TestKubectlRead::version()
{
    const auto r = m_kubectl->run({QStringLiteral("version"), QStringLiteral("-o"), QStringLiteral("json")});
    QVERIFY2(r.ok(), r.describe());
    const QJsonObject server = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("serverVersion")).toObject();
    QCOMPARE(server.value(QStringLiteral("major")).toString(), QStringLiteral("1"));
    QVERIFY(server.value(QStringLiteral("gitVersion")).toString().startsWith(QLatin1String("v1.")));
}

void TestKubectlRead::apiResources()
{
    auto r = m_kubectl->run({QStringLiteral("api-resources")});
    QVERIFY2(r.ok(), r.describe());
    const QList<QByteArray> lines = r.out.split('\n');
    QVERIFY(lines.first().simplified().startsWith("NAME SHORTNAMES APIVERSION NAMESPACED KIND"));
    auto row = [&lines](const QByteArray &start) {
        for (const QByteArray &line : lines)
            if (line.startsWith(QByteArray(start + ' ')))
                return line.simplified();
        return QByteArray();
    };
    QCOMPARE(row("deployments"), QByteArray("deployments deploy apps/v1 true Deployment"));
    QCOMPARE(row("namespaces"), QByteArray("namespaces ns v1 false Namespace"));
    QCOMPARE(row("pods"), QByteArray("pods po v1 true Pod"));
    QVERIFY(!row("cronjobs").isEmpty());

    r = m_kubectl->run({QStringLiteral("api-versions")});
    QVERIFY2(r.ok(), r.describe());
    QVERIFY(r.out.split('\n').contains("apps/v1"));
    QVERIFY(r.out.split('\n').contains("v1"));
}

void TestKubectlRead::getAcrossNamespaces()
{
    const auto r = m_kubectl->run({QStringLiteral("get"), QStringLiteral("deployments"), QStringLiteral("-A"),
                                   QStringLiteral("-o"), QStringLiteral("name")});
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, QByteArray("deployment.apps/checkout-api\ndeployment.apps/redis\ndeployment.apps/web\ndeployment.apps/worker\n"));

    const auto ns = m_kubectl->run({QStringLiteral("get"), QStringLiteral("namespaces"), QStringLiteral("-o"), QStringLiteral("name")});
    QVERIFY2(ns.ok(), ns.describe());
    for (const char *name : {"namespace/default", "namespace/kube-system", "namespace/kube-public", "namespace/staging"})
        QVERIFY2(ns.out.split('\n').contains(name), ns.out.constData());
}

void TestKubectlRead::tableOutput()
{
    const auto r = m_kubectl->run({QStringLiteral("get"), QStringLiteral("services"), QStringLiteral("-A")});
    QVERIFY2(r.ok(), r.describe());
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QVERIFY2(lines.first().startsWith("NAMESPACE"), r.out.constData());
    QVERIFY(lines.first().contains("NAME"));
    QVERIFY(lines.first().contains("AGE"));
    bool sawWeb = false;
    for (const QByteArray &line : lines)
        sawWeb = sawWeb || line.simplified().startsWith("staging web ");
    QVERIFY2(sawWeb, r.out.constData());
}

void TestKubectlRead::labelSelector_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("equals") << QStringLiteral("app.kubernetes.io/name=web") << QByteArray("deployment.apps/web\n");
    QTest::newRow("double equals") << QStringLiteral("app.kubernetes.io/name==redis") << QByteArray("deployment.apps/redis\n");
    QTest::newRow("in") << QStringLiteral("app.kubernetes.io/component in (api,cache)")
                        << QByteArray("deployment.apps/checkout-api\ndeployment.apps/redis\n");
    QTest::newRow("notin") << QStringLiteral("app.kubernetes.io/component notin (api,cache)")
                           << QByteArray("deployment.apps/web\ndeployment.apps/worker\n");
    QTest::newRow("not equals and exists") << QStringLiteral("app.kubernetes.io/part-of,app.kubernetes.io/name!=web")
                                           << QByteArray("deployment.apps/checkout-api\ndeployment.apps/redis\ndeployment.apps/worker\n");
    QTest::newRow("does not exist") << QStringLiteral("!app.kubernetes.io/version")
                                    << QByteArray("deployment.apps/redis\ndeployment.apps/web\ndeployment.apps/worker\n");
}

void TestKubectlRead::labelSelector()
{
    QFETCH(QString, selector);
    QFETCH(QByteArray, expected);
    const auto r = m_kubectl->run({QStringLiteral("get"), QStringLiteral("deploy"), QStringLiteral("-A"), QStringLiteral("-l"),
                                   selector, QStringLiteral("-o"), QStringLiteral("name")});
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, expected);
}

void TestKubectlRead::fieldSelector_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("secret type") << QStringList{QStringLiteral("secrets"), QStringLiteral("-n"), QStringLiteral("staging"),
                                                QStringLiteral("--field-selector"), QStringLiteral("type=kubernetes.io/tls")}
                                 << QByteArray("secret/shop-tls\n");
    QTest::newRow("namespace by name") << QStringList{QStringLiteral("ns"), QStringLiteral("--field-selector"),
                                                      QStringLiteral("metadata.name=staging")}
                                       << QByteArray("namespace/staging\n");
    QTest::newRow("not equal, across namespaces") << QStringList{QStringLiteral("deploy"), QStringLiteral("-A"),
                                                      QStringLiteral("--field-selector"),
                                                      QStringLiteral("metadata.name!=web,metadata.namespace==staging")}
                                                  << QByteArray("deployment.apps/checkout-api\ndeployment.apps/redis\ndeployment.apps/worker\n");
}

void TestKubectlRead::fieldSelector()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, expected);
    const auto r = m_kubectl->run(QStringList{QStringLiteral("get")} + args + QStringList{QStringLiteral("-o"), QStringLiteral("name")});
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, expected);

    // A field no kind supports: 400 BadRequest, as kube-apiserver words it.
    const auto bad = m_kubectl->run({QStringLiteral("get"), QStringLiteral("deploy"), QStringLiteral("-A"),
                                     QStringLiteral("--field-selector"), QStringLiteral("spec.replicas=2")});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.err.contains("field label not supported: spec.replicas"), bad.err.constData());
}

void TestKubectlRead::outputFormats()
{
    auto r = m_kubectl->run({QStringLiteral("get"), QStringLiteral("deploy"), QStringLiteral("web"), QStringLiteral("-n"),
                             QStringLiteral("staging"), QStringLiteral("-o"), QStringLiteral("json")});
    QVERIFY2(r.ok(), r.describe());
    const QJsonObject web = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(web.value(QStringLiteral("kind")).toString(), QStringLiteral("Deployment"));
    QCOMPARE(web.value(QStringLiteral("apiVersion")).toString(), QStringLiteral("apps/v1"));
    QCOMPARE(web.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("web"));
    QVERIFY(!web.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("uid")).toString().isEmpty());

    r = m_kubectl->run({QStringLiteral("get"), QStringLiteral("deploy"), QStringLiteral("-n"), QStringLiteral("staging"),
                        QStringLiteral("-o"), QStringLiteral("yaml")});
    QVERIFY2(r.ok(), r.describe());
    QVERIFY(r.out.startsWith("apiVersion: v1\nitems:\n"));
    QVERIFY(r.out.contains("\n  kind: Deployment\n"));
    QVERIFY(r.out.contains("\n    name: worker\n"));
    QVERIFY(r.out.contains("\nkind: List\n"));
}

void TestKubectlRead::jsonpath_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("one field") << QStringList{QStringLiteral("deploy"), QStringLiteral("web"), QStringLiteral("-n"), QStringLiteral("staging"),
                                              QStringLiteral("-o"), QStringLiteral("jsonpath={.spec.replicas}")}
                               << QByteArray("2");
    QTest::newRow("all names") << QStringList{QStringLiteral("deploy"), QStringLiteral("-n"), QStringLiteral("staging"),
                                              QStringLiteral("-o"), QStringLiteral("jsonpath={.items[*].metadata.name}")}
                               << QByteArray("checkout-api redis web worker");
    QTest::newRow("label with dots") << QStringList{QStringLiteral("ns"), QStringLiteral("staging"), QStringLiteral("-o"),
                                                    QStringLiteral("jsonpath={.metadata.labels.previewdesk\\.io/role}")}
                                     << QByteArray("source");
    QTest::newRow("range") << QStringList{QStringLiteral("svc"), QStringLiteral("-n"), QStringLiteral("staging"), QStringLiteral("-o"),
                                          QStringLiteral("jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}")}
                           << QByteArray("checkout-api\npostgres\nredis\nweb\n");
}

void TestKubectlRead::jsonpath()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, expected);
    const auto r = m_kubectl->run(QStringList{QStringLiteral("get")} + args);
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, expected);
}

void TestKubectlRead::notFound()
{
    const auto r = m_kubectl->run({QStringLiteral("get"), QStringLiteral("deploy"), QStringLiteral("nope"), QStringLiteral("-n"),
                                   QStringLiteral("staging")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.trimmed(), QByteArray("Error from server (NotFound): deployments.apps \"nope\" not found"));
}

QTEST_GUILESS_MAIN(TestKubectlRead)
#include "tst_kubectlread.moc"
