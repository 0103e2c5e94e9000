// What kubectl shows of the sandbox's controllers and allocators, as on a real cluster:
// `kubectl get events --field-selector involvedObject.kind=ReplicaSet` lists the
// FailedCreate of a quota-blocked Deployment, `kubectl get deploy -o jsonpath` its
// ReplicaFailure condition, and a NodePort Service gets a node port and the real
// server's error for one already taken.
#include "kubectlharness.h"

#include "sandbox/sandboxcluster.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pd::sandbox;
using pd::test::KubectlHarness;

class TestKubectlEvidence final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void failedCreateIsListedByFieldSelector();
    void nodePortsAreAllocatedOnce();

private:
    SandboxCluster m_cluster;
    std::unique_ptr<KubectlHarness> m_kubectl;
};

void TestKubectlEvidence::initTestCase()
{
    SandboxOptions options;
    options.tls = true;
    options.podReadyDelay = std::chrono::milliseconds(0);
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    m_kubectl = std::make_unique<KubectlHarness>(&m_cluster);
    const auto ns = m_kubectl->run({u"create"_s, u"namespace"_s, u"shop"_s});
    QVERIFY2(ns.ok(), ns.describe());
}

void TestKubectlEvidence::failedCreateIsListedByFieldSelector()
{
    // `create -f` sends JSON (kubectl's typed generators send protobuf, which the sandbox does not decode).
    auto r = m_kubectl->run({u"create"_s, u"-n"_s, u"shop"_s, u"-f"_s, u"-"_s}, {},
                            R"({"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"compute"},"spec":{"hard":{"pods":"1"}}})");
    QVERIFY2(r.ok(), r.describe());
    r = m_kubectl->run({u"create"_s, u"-n"_s, u"shop"_s, u"-f"_s, u"-"_s}, {},
                       R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":3,
                           "selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
                           "spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}})");
    QVERIFY2(r.ok(), r.describe());

    const QStringList events{u"get"_s, u"events"_s, u"-n"_s, u"shop"_s, u"--field-selector"_s,
                             u"involvedObject.kind=ReplicaSet,reason=FailedCreate"_s,
                             u"-o"_s, u"jsonpath={range .items[*]}{.type} {.reason} {.message}{\"\\n\"}{end}"_s};
    QTRY_VERIFY_WITH_TIMEOUT((r = m_kubectl->run(events)).ok() && r.out.contains("FailedCreate"), 20000);
    const QString line = QString::fromUtf8(r.out).split(u'\n').first();
    QVERIFY2(line.startsWith(u"Warning FailedCreate Error creating: pods \"web-"_s), r.describe());
    QVERIFY2(line.contains(u"is forbidden: exceeded quota: compute, requested: pods=1, used: pods=1, limited: pods=1"_s), r.describe());

    const QStringList condition{u"get"_s, u"deployment"_s, u"web"_s, u"-n"_s, u"shop"_s, u"-o"_s,
                                u"jsonpath={.status.conditions[?(@.type==\"ReplicaFailure\")].reason}"_s};
    QTRY_VERIFY_WITH_TIMEOUT((r = m_kubectl->run(condition)).ok() && r.out == "FailedCreate", 20000);

    // The plain table kubectl prints for events.
    r = m_kubectl->run({u"get"_s, u"events"_s, u"-n"_s, u"shop"_s, u"--field-selector"_s, u"type=Warning"_s});
    QVERIFY2(r.ok() && r.out.contains("FailedCreate"), r.describe());
}

void TestKubectlEvidence::nodePortsAreAllocatedOnce()
{
    const auto service = [](const char *name, const QByteArray &nodePort) -> QByteArray {
        return QByteArray(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":")") + name
               + R"("},"spec":{"type":"NodePort","selector":{"app":"front"},"ports":[{"port":80,"targetPort":8080)"
               + (nodePort.isEmpty() ? QByteArray() : ",\"nodePort\":" + nodePort) + "}]}}";
    };
    auto r = m_kubectl->run({u"create"_s, u"-n"_s, u"shop"_s, u"-f"_s, u"-"_s, u"-o"_s,
                             u"jsonpath={.spec.clusterIP} {.spec.ports[0].nodePort}"_s},
                            {}, service("front", {}));
    QVERIFY2(r.ok(), r.describe());
    const QStringList parts = QString::fromUtf8(r.out).split(u' ');
    QCOMPARE(parts.size(), 2);
    QVERIFY2(parts.at(0).startsWith(u"10."_s), r.describe());
    const int port = parts.at(1).toInt();
    QVERIFY2(port >= 30000 && port <= 32767, r.describe());

    r = m_kubectl->run({u"create"_s, u"-n"_s, u"shop"_s, u"-f"_s, u"-"_s}, {}, service("copy", QByteArray::number(port)));
    QVERIFY2(!r.ok(), r.describe());
    const QByteArray expected = QByteArray("The Service \"copy\" is invalid: spec.ports[0].nodePort: Invalid value: ")
                                + QByteArray::number(port) + QByteArray(": provided port is already allocated");
    QVERIFY2(r.err.contains(expected),
             r.describe());
}

QTEST_GUILESS_MAIN(TestKubectlEvidence)
#include "tst_kubectlevidence.moc"
