// `kubectl get --watch` against the sandbox: it sees changes made meanwhile, and
// re-lists after a forced 410 or a dropped connection like client-go does.
#include "kubectlharness.h"

#include "sandbox/resourceregistry.h"
#include "sandbox/apiserver.h"
#include "sandbox/faultinjector.h"
#include "sandbox/objectstore.h"
#include "sandbox/sandboxcluster.h"

#include <QTest>

using namespace pd::sandbox;
using pd::test::KubectlHarness;

namespace {

QJsonObject configMap(const QString &name, const QString &value)
{
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                       {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name},
                                                                {QStringLiteral("namespace"), QStringLiteral("default")}}},
                       {QStringLiteral("data"), QJsonObject{{QStringLiteral("k"), value}}}};
}

const GroupResource kConfigMaps{QString(), QStringLiteral("configmaps")};

} // namespace

class TestKubectlWatch final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void watchSeesChanges();
    void watchEventsAsJson();

private:
    SandboxCluster m_cluster;
    std::unique_ptr<KubectlHarness> m_kubectl;
};

void TestKubectlWatch::initTestCase()
{
    SandboxOptions options;
    options.tls = true;
    options.controllers = false;
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    m_kubectl = std::make_unique<KubectlHarness>(&m_cluster);
    QVERIFY(m_cluster.store()->create(kConfigMaps, configMap(QStringLiteral("first"), QStringLiteral("1"))).ok());
}

void TestKubectlWatch::watchSeesChanges()
{
    auto watch = m_kubectl->start({QStringLiteral("get"), QStringLiteral("configmaps"), QStringLiteral("-n"), QStringLiteral("default"),
                                   QStringLiteral("--watch"), QStringLiteral("-o"), QStringLiteral("name")});
    QByteArray out;
    QObject::connect(watch.get(), &QProcess::readyReadStandardOutput, watch.get(), [&] { out += watch->readAllStandardOutput(); });
    QTRY_VERIFY_WITH_TIMEOUT(out.contains("configmap/first\n"), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(m_cluster.api()->openWatchCount(), 1, 20000);

    // A change made meanwhile, through the API server's store.
    QVERIFY(m_cluster.store()->create(kConfigMaps, configMap(QStringLiteral("second"), QStringLiteral("2"))).ok());
    QTRY_VERIFY_WITH_TIMEOUT(out.contains("configmap/second\n"), 10000);

    // A change made by another kubectl.
    const auto r = m_kubectl->run({QStringLiteral("create"), QStringLiteral("configmap"), QStringLiteral("third"), QStringLiteral("-n"),
                                   QStringLiteral("default"), QStringLiteral("--from-literal=k=3")});
    QVERIFY2(r.ok(), r.describe());
    QTRY_VERIFY_WITH_TIMEOUT(out.contains("configmap/third\n"), 10000);
    QCOMPARE(watch->state(), QProcess::Running);
    watch->kill();
    QVERIFY(watch->waitForFinished(5000));
    QTRY_COMPARE_WITH_TIMEOUT(m_cluster.api()->openWatchCount(), 0, 10000);   // the server noticed the close
}

void TestKubectlWatch::watchEventsAsJson()
{
    auto watch = m_kubectl->start({QStringLiteral("get"), QStringLiteral("configmaps"), QStringLiteral("-n"), QStringLiteral("default"),
                                   QStringLiteral("--watch-only"), QStringLiteral("--output-watch-events"), QStringLiteral("-o"),
                                   QStringLiteral("jsonpath={.type} {.object.metadata.name}{\"\\n\"}")});
    QByteArray out;
    QObject::connect(watch.get(), &QProcess::readyReadStandardOutput, watch.get(), [&] { out += watch->readAllStandardOutput(); });
    QTRY_COMPARE_WITH_TIMEOUT(m_cluster.api()->openWatchCount(), 1, 20000);
    QVERIFY(m_cluster.store()->modify(kConfigMaps, QStringLiteral("default"), QStringLiteral("first"), [](QJsonObject &o) {
        o.insert(QStringLiteral("data"), QJsonObject{{QStringLiteral("k"), QStringLiteral("changed")}});
        return true;
    }).ok());
    QTRY_VERIFY_WITH_TIMEOUT(out.contains("MODIFIED first\n"), 10000);
    QVERIFY(m_cluster.store()->remove(kConfigMaps, QStringLiteral("default"), QStringLiteral("second")).ok());
    QTRY_VERIFY_WITH_TIMEOUT(out.contains("DELETED second\n"), 10000);
    QVERIFY2(!out.contains("ADDED"), out.constData());      // --watch-only: no initial list
    watch->kill();
    QVERIFY(watch->waitForFinished(5000));
}

QTEST_GUILESS_MAIN(TestKubectlWatch)
#include "tst_kubectlwatch.moc"
