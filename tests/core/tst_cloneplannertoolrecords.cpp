// The clone planner knows the records tools keep in a namespace: Helm's release
// history, service-account and bootstrap tokens, leader-election Leases,
// EndpointSlices, Jobs of CronJobs, ReplicaSets. They are dropped with a row that
// names the tool; cert-manager Certificates are cloned for the preview's hosts and
// their TLS Secrets left to cert-manager.
#include "helmirsatestutil.h"

#include "core/clone/droprules.h"
#include "core/clone/jsonwalk.h"

using namespace pd::core;
using namespace pd::core::test;

class TestClonePlannerToolRecords final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helmReleaseRecordIsDroppedWithARow();
    void toolRecords_data();
    void toolRecords();
    void applicationObjectsAreKept_data();
    void applicationObjectsAreKept();
    void certificatesGetThePreviewsHostsAndSecret();
};

namespace {

QJsonObject object(const QString &apiVersion, const QString &kind, const QString &name, const QJsonObject &extra = {})
{
    QJsonObject o = extra;
    o.insert(QStringLiteral("apiVersion"), apiVersion);
    o.insert(QStringLiteral("kind"), kind);
    QJsonObject metadata = extra.value(QLatin1String("metadata")).toObject();
    metadata.insert(QStringLiteral("name"), name);
    metadata.insert(QStringLiteral("namespace"), QStringLiteral("staging-eks"));
    o.insert(QStringLiteral("metadata"), metadata);
    return o;
}

QJsonObject ownedBy(const QString &kind, const QString &name)
{
    return QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("ownerReferences"), QJsonArray{QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("apps/v1")}, {QStringLiteral("kind"), kind}, {QStringLiteral("name"), name},
        {QStringLiteral("uid"), QStringLiteral("5f0c1f9e-0000-4000-8000-000000000001")}, {QStringLiteral("controller"), true}}}}}}};
}

} // namespace

void TestClonePlannerToolRecords::helmReleaseRecordIsDroppedWithARow()
{
    CloneOptions options = helmIrsaOptions();
    options.identityDecisions.insert(QStringLiteral("orders"), IdentityDecision::Drop);
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadHelmIrsaApp(), options, kNow, random);
    QVERIFY(plan.canProceed());   // no decision is asked for the release record
    QVERIFY(!findObject(plan, QStringLiteral("Secret"), QStringLiteral("sh.helm.release.v1.orders.v3")));
    QVERIFY(!findDecision(plan, QStringLiteral("Secret/sh.helm.release.v1.orders.v3")));
    const PlanRow *row = findRow(plan, QStringLiteral("Secret/sh.helm.release.v1.orders.v3"));
    QVERIFY(row);
    QCOMPARE(row->rule, PlanRule::Dropped);
    QCOMPARE(row->newValue, QStringLiteral("Helm release record: belongs to the source's release history"));
    QVERIFY(row->secret);   // its values are never shown
    // The release's rendered values never reach the plan.
    QVERIFY(!serializedPlan(plan).contains("SDRzSUFBQUFBQUFDLyt4WTNXN2JOaFIr"));
    // The Lease and the token are tool records too.
    QVERIFY(findRow(plan, QStringLiteral("Lease/orders-leader"))->newValue.startsWith(QLatin1String("leader-election Lease")));
    QVERIFY(findRow(plan, QStringLiteral("Secret/orders-token-7x2kq"))->newValue.startsWith(QLatin1String("service-account token")));
    QVERIFY(!findObject(plan, QStringLiteral("Lease"), QStringLiteral("orders-leader")));
}

void TestClonePlannerToolRecords::toolRecords_data()
{
    QTest::addColumn<QJsonObject>("record");
    QTest::addColumn<QString>("reasonStart");
    QTest::addColumn<int>("rule");
    const QJsonObject helmLabels{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("labels"),
        QJsonObject{{QStringLiteral("owner"), QStringLiteral("helm")}, {QStringLiteral("name"), QStringLiteral("orders")}}}}}};
    QTest::newRow("helm secret") << object(QStringLiteral("v1"), QStringLiteral("Secret"), QStringLiteral("sh.helm.release.v1.orders.v1"),
                                           QJsonObject{{QStringLiteral("type"), QStringLiteral("helm.sh/release.v1")}})
                                 << "Helm release record" << int(PlanRule::Dropped);
    QTest::newRow("helm configmap") << object(QStringLiteral("v1"), QStringLiteral("ConfigMap"), QStringLiteral("orders.v1"), helmLabels)
                                    << "Helm release record" << int(PlanRule::Dropped);
    QTest::newRow("service-account token") << object(QStringLiteral("v1"), QStringLiteral("Secret"), QStringLiteral("orders-token"),
                                                     QJsonObject{{QStringLiteral("type"), QStringLiteral("kubernetes.io/service-account-token")}})
                                           << "service-account token" << int(PlanRule::SecretController);
    QTest::newRow("bootstrap token") << object(QStringLiteral("v1"), QStringLiteral("Secret"), QStringLiteral("bootstrap-token-abcdef"),
                                               QJsonObject{{QStringLiteral("type"), QStringLiteral("bootstrap.kubernetes.io/token")}})
                                     << "bootstrap token" << int(PlanRule::Dropped);
    QTest::newRow("cert-manager tls") << object(QStringLiteral("v1"), QStringLiteral("Secret"), QStringLiteral("orders-tls"),
                                                QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("annotations"),
                                                    QJsonObject{{QStringLiteral("cert-manager.io/certificate-name"), QStringLiteral("orders-tls")}}}}}})
                                      << "cert-manager TLS Secret of Certificate orders-tls" << int(PlanRule::SecretController);
    QTest::newRow("lease") << object(QStringLiteral("coordination.k8s.io/v1"), QStringLiteral("Lease"), QStringLiteral("orders-leader"))
                           << "leader-election Lease" << int(PlanRule::Dropped);
    QTest::newRow("endpointslice") << object(QStringLiteral("discovery.k8s.io/v1"), QStringLiteral("EndpointSlice"), QStringLiteral("orders-x7k2p"))
                                   << "made by the endpoints controller" << int(PlanRule::Dropped);
    QTest::newRow("endpoints") << object(QStringLiteral("v1"), QStringLiteral("Endpoints"), QStringLiteral("orders"))
                               << "made by the endpoints controller" << int(PlanRule::Dropped);
    QTest::newRow("job of cronjob") << object(QStringLiteral("batch/v1"), QStringLiteral("Job"), QStringLiteral("report-29153460"),
                                             ownedBy(QStringLiteral("CronJob"), QStringLiteral("report")))
                                    << "made by CronJob/report" << int(PlanRule::Dropped);
    QTest::newRow("replicaset") << object(QStringLiteral("apps/v1"), QStringLiteral("ReplicaSet"), QStringLiteral("orders-6d8f7c9b5"),
                                          ownedBy(QStringLiteral("Deployment"), QStringLiteral("orders")))
                                << "made by its controller (Deployment/orders)" << int(PlanRule::Dropped);
    QTest::newRow("clone profile") << object(QStringLiteral("v1"), QStringLiteral("ConfigMap"), QStringLiteral("clone-profile"))
                                   << "the source's clone profile" << int(PlanRule::Dropped);
}

void TestClonePlannerToolRecords::toolRecords()
{
    QFETCH(QJsonObject, record);
    QFETCH(QString, reasonStart);
    QFETCH(int, rule);
    const clone::DropVerdict verdict = clone::dropVerdict(record, {}, QStringLiteral("clone-profile"));
    QVERIFY2(verdict.reason.startsWith(reasonStart), qPrintable(verdict.reason));
    QCOMPARE(int(verdict.rule), rule);

    // Through the planner: no object, one row naming the tool, no decision.
    QList<QJsonObject> source = withProfile(loadHelmIrsaApp(), QStringLiteral("identities: {orders: drop}\n"));
    source << record;
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(source, helmIrsaOptions(), kNow, random);
    const QString ref = clone::objectRef(record);
    QVERIFY2(plan.canProceed(), qPrintable(plan.pendingDecisions.value(0).question));
    QVERIFY(!findObject(plan, record[QLatin1String("kind")].toString(), record[QLatin1String("metadata")][QLatin1String("name")].toString()));
    const PlanRow *row = findRow(plan, ref);
    QVERIFY2(row, qPrintable(ref));
    QVERIFY2(row->newValue.startsWith(reasonStart), qPrintable(row->newValue));
}

void TestClonePlannerToolRecords::applicationObjectsAreKept_data()
{
    QTest::addColumn<QJsonObject>("kept");
    QTest::newRow("plain configmap") << object(QStringLiteral("v1"), QStringLiteral("ConfigMap"), QStringLiteral("orders-flags"));
    QTest::newRow("job of nobody") << object(QStringLiteral("batch/v1"), QStringLiteral("Job"), QStringLiteral("migrate"));
    QTest::newRow("cronjob") << object(QStringLiteral("batch/v1"), QStringLiteral("CronJob"), QStringLiteral("report"));
    QTest::newRow("certificate") << object(QStringLiteral("cert-manager.io/v1"), QStringLiteral("Certificate"), QStringLiteral("orders-tls"));
}

void TestClonePlannerToolRecords::applicationObjectsAreKept()
{
    QFETCH(QJsonObject, kept);
    QCOMPARE(clone::dropReason(kept, {}, QStringLiteral("clone-profile")), QString());
}

void TestClonePlannerToolRecords::certificatesGetThePreviewsHostsAndSecret()
{
    CloneOptions options = helmIrsaOptions();
    options.identityDecisions.insert(QStringLiteral("orders"), IdentityDecision::Drop);
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadHelmIrsaApp(), options, kNow, random);
    const QJsonObject *certificate = findObject(plan, QStringLiteral("Certificate"), QStringLiteral("orders-tls"));
    QVERIFY(certificate);
    const QJsonObject spec = (*certificate)[QLatin1String("spec")].toObject();
    QCOMPARE(spec[QLatin1String("dnsNames")].toArray(), QJsonArray{QStringLiteral("orders.pr-7.preview.example.com")});
    QCOMPARE(spec[QLatin1String("secretName")].toString(), QStringLiteral("orders-pr-7-tls"));
    QCOMPARE(spec[QLatin1String("issuerRef")][QLatin1String("name")].toString(), QStringLiteral("letsencrypt"));
    QVERIFY(hasRow(plan, QStringLiteral("Certificate/orders-tls"), PlanRule::TlsSecretName, QStringLiteral("orders-pr-7-tls")));
    QVERIFY(hasRow(plan, QStringLiteral("Certificate/orders-tls"), PlanRule::IngressHost));
    // The Ingress serves the Secret the Certificate asks cert-manager for.
    const QJsonObject *ingress = findObject(plan, QStringLiteral("Ingress"), QStringLiteral("orders"));
    QCOMPARE((*ingress)[QLatin1String("spec")][QLatin1String("tls")][0][QLatin1String("secretName")].toString(), QStringLiteral("orders-pr-7-tls"));
    QCOMPARE(plan.url, QStringLiteral("https://orders.pr-7.preview.example.com"));
    // The TLS Secret it issued in the source is left to cert-manager: no object, no decision.
    QVERIFY(!findObject(plan, QStringLiteral("Secret"), QStringLiteral("orders-staging-eks-tls")));
    QVERIFY(!findDecision(plan, QStringLiteral("Secret/orders-staging-eks-tls")));
    QVERIFY(hasRow(plan, QStringLiteral("Secret/orders-staging-eks-tls"), PlanRule::SecretController));

    // A host only a Certificate names is still rewritten.
    QList<QJsonObject> source = loadHelmIrsaApp();
    source << object(QStringLiteral("cert-manager.io/v1"), QStringLiteral("Certificate"), QStringLiteral("admin-tls"),
                     QJsonObject{{QStringLiteral("spec"), QJsonObject{{QStringLiteral("secretName"), QStringLiteral("admin-tls")},
                                                                      {QStringLiteral("commonName"), QStringLiteral("admin.staging-eks.example.com")}}}});
    QRandomGenerator random2(1);
    const ClonePlan second = planClone(source, options, kNow, random2);
    const QJsonObject *admin = findObject(second, QStringLiteral("Certificate"), QStringLiteral("admin-tls"));
    QCOMPARE((*admin)[QLatin1String("spec")][QLatin1String("commonName")].toString(), QStringLiteral("admin.pr-7.preview.example.com"));
    QCOMPARE((*admin)[QLatin1String("spec")][QLatin1String("secretName")].toString(), QStringLiteral("pr-7-admin-tls"));
}

QTEST_GUILESS_MAIN(TestClonePlannerToolRecords)
#include "tst_cloneplannertoolrecords.moc"
