// Namespace defaults, ingress status, External Secrets sync and pod metrics on a real ObjectStore.
#include "sandbox/controllers/controllermanager.h"
#include "sandbox/controllers/externalsecretcontroller.h"
#include "sandbox/controllers/podmetrics.h"
#include "sandbox/objectstore.h"

#include "kube/quantity.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace pd::sandbox;
using namespace Qt::Literals::StringLiterals;

namespace {

const GroupResource kNamespaces{{}, u"namespaces"_s};
const GroupResource kSecrets{{}, u"secrets"_s};
const GroupResource kServiceAccounts{{}, u"serviceaccounts"_s};
const GroupResource kConfigMaps{{}, u"configmaps"_s};
const GroupResource kPods{{}, u"pods"_s};
const GroupResource kIngresses{u"networking.k8s.io"_s, u"ingresses"_s};
const GroupResource kExternalSecrets{u"external-secrets.io"_s, u"externalsecrets"_s};

QJsonObject json(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }

QJsonObject readyCondition(const QJsonObject &o)
{
    return o.value(u"status"_s).toObject().value(u"conditions"_s).toArray().first().toObject();
}

QJsonObject externalSecret(const char *name, const char *key)
{
    QJsonObject es = json(R"({"apiVersion":"external-secrets.io/v1","kind":"ExternalSecret",
        "metadata":{"namespace":"shop"},
        "spec":{"refreshInterval":"1h","secretStoreRef":{"kind":"ClusterSecretStore","name":"aws-secrets-manager"},
                "target":{"name":"payments-api"},
                "data":[{"secretKey":"API_KEY","remoteRef":{"key":"shop/staging/payments-api-key"}}]}})");
    QJsonObject meta = es.value(u"metadata"_s).toObject();
    meta.insert(u"name"_s, QString::fromUtf8(name));
    es.insert(u"metadata"_s, meta);
    QJsonObject spec = es.value(u"spec"_s).toObject();
    spec.insert(u"data"_s, QJsonArray{QJsonObject{{u"secretKey"_s, u"API_KEY"_s},
                                                  {u"remoteRef"_s, QJsonObject{{u"key"_s, QString::fromUtf8(key)}}}}});
    spec.insert(u"target"_s, QJsonObject{{u"name"_s, QString(QString::fromUtf8(name) + u"-secret"_s)}});
    es.insert(u"spec"_s, spec);
    return es;
}

} // namespace

class TestClusterControllers final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<ControllerManager> m_manager;

private slots:
    void init()
    {
        m_store = std::make_unique<ObjectStore>();
        ControllerOptions options;
        options.podReadyDelay = std::chrono::milliseconds(0);
        options.cronJobs = false;
        options.caPem = QByteArrayLiteral("-----BEGIN CERTIFICATE-----\nTEST\n-----END CERTIFICATE-----\n");
        m_manager = std::make_unique<ControllerManager>(m_store.get(), options);
        m_manager->start();
        QVERIFY(m_store->create(kNamespaces, json(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}})")).ok());
    }

    void cleanup()
    {
        m_manager.reset();
        m_store.reset();
    }

    void namespaceDefaults_data()
    {
        QTest::addColumn<QString>("ns");
        QTest::newRow("new namespace") << u"shop"_s;
        QTest::newRow("bootstrap namespace") << u"kube-public"_s;
    }

    void namespaceDefaults()
    {
        QFETCH(QString, ns);
        QTRY_VERIFY(m_store->get(kServiceAccounts, ns, u"default"_s).has_value());
        QTRY_VERIFY(m_store->get(kConfigMaps, ns, u"kube-root-ca.crt"_s).has_value());
        const QJsonObject cm = *m_store->get(kConfigMaps, ns, u"kube-root-ca.crt"_s);
        QCOMPARE(cm.value(u"data"_s).toObject().value(u"ca.crt"_s).toString(), QString::fromLatin1(m_manager->options().caPem));
    }

    void deletedDefaultsComeBack()
    {
        QTRY_VERIFY(m_store->get(kServiceAccounts, u"shop"_s, u"default"_s).has_value());
        const QString oldUid = m_store->get(kServiceAccounts, u"shop"_s, u"default"_s)->value(u"metadata"_s).toObject().value(u"uid"_s).toString();
        QVERIFY(m_store->remove(kServiceAccounts, u"shop"_s, u"default"_s).ok());
        QTRY_VERIFY(m_store->get(kServiceAccounts, u"shop"_s, u"default"_s).has_value());
        QVERIFY(m_store->get(kServiceAccounts, u"shop"_s, u"default"_s)->value(u"metadata"_s).toObject().value(u"uid"_s).toString() != oldUid);
    }

    void ingressGetsAddress()
    {
        QVERIFY(m_store->create(kIngresses, json(R"({"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
            "metadata":{"name":"shop","namespace":"shop"},"spec":{"rules":[{"host":"a.example.com"}]}})")).ok());
        const QJsonArray expected{QJsonObject{{u"ip"_s, u"127.0.0.1"_s}}};
        QTRY_COMPARE(m_store->get(kIngresses, u"shop"_s, u"shop"_s)->value(u"status"_s).toObject().value(u"loadBalancer"_s).toObject()
                         .value(u"ingress"_s).toArray(),
                     expected);
    }

    void externalSecretSyncs()
    {
        QVERIFY(m_store->create(kExternalSecrets, externalSecret("payments", "shop/staging/payments-api-key")).ok());
        QTRY_VERIFY(m_store->get(kSecrets, u"shop"_s, u"payments-secret"_s).has_value());
        const QJsonObject secret = *m_store->get(kSecrets, u"shop"_s, u"payments-secret"_s);
        QCOMPARE(QByteArray::fromBase64(secret.value(u"data"_s).toObject().value(u"API_KEY"_s).toString().toLatin1()),
                 QByteArrayLiteral("sk_test_staging_4eC39HqLkjWisRe"));
        const QJsonObject owner = secret.value(u"metadata"_s).toObject().value(u"ownerReferences"_s).toArray().first().toObject();
        QCOMPARE(owner.value(u"kind"_s).toString(), u"ExternalSecret"_s);
        QCOMPARE(owner.value(u"controller"_s).toBool(), true);
        QCOMPARE(secret.value(u"metadata"_s).toObject().value(u"labels"_s).toObject().value(u"reconcile.external-secrets.io/managed"_s).toString(), u"true"_s);
        QTRY_COMPARE(readyCondition(*m_store->get(kExternalSecrets, u"shop"_s, u"payments"_s)).value(u"status"_s).toString(), u"True"_s);
        const QJsonObject es = *m_store->get(kExternalSecrets, u"shop"_s, u"payments"_s);
        QCOMPARE(readyCondition(es).value(u"reason"_s).toString(), u"SecretSynced"_s);
        QVERIFY(!es.value(u"status"_s).toObject().value(u"refreshTime"_s).toString().isEmpty());
        QCOMPARE(es.value(u"status"_s).toObject().value(u"binding"_s).toObject().value(u"name"_s).toString(), u"payments-secret"_s);

        // Quiet afterwards: our own status write must not loop.
        const qint64 version = m_store->resourceVersion();
        for (int i = 0; i < 5; ++i)
            QCoreApplication::processEvents();
        QCOMPARE(m_store->resourceVersion(), version);

        // The secret manager changes; a refresh carries the new value over.
        m_manager->externalSecrets()->secretManager().setValue(u"shop/staging/payments-api-key"_s, u"rotated"_s);
        m_manager->externalSecrets()->refreshAll();
        QTRY_COMPARE(QByteArray::fromBase64(m_store->get(kSecrets, u"shop"_s, u"payments-secret"_s)->value(u"data"_s).toObject()
                                                .value(u"API_KEY"_s).toString().toLatin1()),
                     QByteArrayLiteral("rotated"));
    }

    void unknownKeyIsNotReady()
    {
        QVERIFY(m_store->create(kExternalSecrets, externalSecret("broken", "other-team/secret")).ok());
        QTRY_COMPARE(readyCondition(*m_store->get(kExternalSecrets, u"shop"_s, u"broken"_s)).value(u"status"_s).toString(), u"False"_s);
        QCOMPARE(readyCondition(*m_store->get(kExternalSecrets, u"shop"_s, u"broken"_s)).value(u"reason"_s).toString(), u"SecretSyncedError"_s);
        QVERIFY(!m_store->get(kSecrets, u"shop"_s, u"broken-secret"_s).has_value());
    }

    void secretManagerValues_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("property");
        QTest::addColumn<QString>("value");
        QTest::newRow("seeded") << u"shop/staging/payments-webhook-secret"_s << QString() << u"whsec_staging_98asdjkHJK44"_s;
        QTest::newRow("property") << u"shop/staging/mail-relay"_s << u"SMTP_USER"_s << u"shop@mail.example.com"_s;
        QTest::newRow("missing property") << u"shop/staging/mail-relay"_s << u"NOPE"_s << QString();
        QTest::newRow("unknown outside shop") << u"billing/key"_s << QString() << QString();
    }

    void secretManagerValues()
    {
        QFETCH(QString, key);
        QFETCH(QString, property);
        QFETCH(QString, value);
        const controllers::FakeSecretManager manager;
        QCOMPARE(manager.value(key, property).value_or(QString()), value);
        // Unseeded shop keys are stable across runs.
        QCOMPARE(manager.value(u"shop/previews/x"_s), controllers::FakeSecretManager().value(u"shop/previews/x"_s));
    }

    void podMetrics()
    {
        const QJsonObject pod = json(R"({"metadata":{"name":"web-1","namespace":"shop","labels":{"app":"web"}},
            "spec":{"containers":[{"name":"main","resources":{"requests":{"cpu":"500m","memory":"256Mi"}}},{"name":"sidecar"}]},
            "status":{"phase":"Running"}})");
        const QDateTime now = QDateTime::fromString(u"2026-11-26T09:00:07Z"_s, Qt::ISODate);
        const QJsonObject m = controllers::simulatedPodMetrics(pod, now);
        QCOMPARE(m.value(u"kind"_s).toString(), u"PodMetrics"_s);
        QCOMPARE(m.value(u"window"_s).toString(), u"30s"_s);
        QCOMPARE(m.value(u"timestamp"_s).toString(), u"2026-11-26T09:00:00Z"_s);
        QCOMPARE(m.value(u"metadata"_s).toObject().value(u"labels"_s).toObject().value(u"app"_s).toString(), u"web"_s);
        const QJsonArray containers = m.value(u"containers"_s).toArray();
        QCOMPARE(containers.size(), 2);
        const QString cpu = containers.first().toObject().value(u"usage"_s).toObject().value(u"cpu"_s).toString();
        const QString memory = containers.first().toObject().value(u"usage"_s).toObject().value(u"memory"_s).toString();
        QVERIFY2(cpu.endsWith(u'n'), qPrintable(cpu));
        QVERIFY2(memory.endsWith(u"Ki"_s), qPrintable(memory));
        QVERIFY(pd::kube::Quantity::fromString(cpu) > pd::kube::Quantity());
        QVERIFY(pd::kube::Quantity::fromString(cpu) < pd::kube::Quantity::fromString(u"800m"_s)); // at most 1.6 x 0.75 of 500m... bounded
        // Deterministic: same input, same answer; another bucket, a different one.
        QCOMPARE(controllers::simulatedPodMetrics(pod, now), m);
        QVERIFY(controllers::simulatedPodMetrics(pod, now.addSecs(600)) != m);
        // Not running: no metrics.
        QJsonObject pending = pod;
        pending.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Pending"_s}});
        QVERIFY(controllers::simulatedPodMetrics(pending, now).isEmpty());
    }

    void metricsMostlyBelowRequests()
    {
        // Over many pods the usage stays under the request for the large majority.
        const QDateTime now = QDateTime::fromString(u"2026-11-26T09:00:00Z"_s, Qt::ISODate);
        int below = 0, idle = 0;
        const int pods = 200;
        for (int i = 0; i < pods; ++i) {
            QJsonObject pod = json(R"({"metadata":{"namespace":"shop"},"spec":{"containers":[{"name":"main","resources":{"requests":{"cpu":"1"}}}]},"status":{"phase":"Running"}})");
            QJsonObject meta = pod.value(u"metadata"_s).toObject();
            meta.insert(u"name"_s, QString(u"pod-"_s + QString::number(i)));
            pod.insert(u"metadata"_s, meta);
            const QString cpu = controllers::simulatedPodMetrics(pod, now).value(u"containers"_s).toArray().first().toObject()
                                    .value(u"usage"_s).toObject().value(u"cpu"_s).toString();
            const auto q = pd::kube::Quantity::fromString(cpu);
            below += q < pd::kube::Quantity::fromString(u"1"_s) ? 1 : 0;
            idle += q < pd::kube::Quantity::fromString(u"50m"_s) ? 1 : 0;
        }
        QVERIFY2(below > pods * 8 / 10, qPrintable(QString::number(below)));
        QVERIFY2(idle > pods / 20, qPrintable(QString::number(idle)));
    }

    void metricsProviderListsRunningPods()
    {
        QVERIFY(m_store->create(kPods, json(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","namespace":"shop"},
            "spec":{"containers":[{"name":"c"}]},"status":{"phase":"Running"}})")).ok());
        QVERIFY(m_store->create(kPods, json(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"b","namespace":"shop"},
            "spec":{"containers":[{"name":"c"}]},"status":{"phase":"Pending"}})")).ok());
        const QList<QJsonObject> list = m_manager->podMetricsProvider()(u"shop"_s);
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first().value(u"metadata"_s).toObject().value(u"name"_s).toString(), u"a"_s);
        // Simulated logs: running pods say something, pending ones nothing.
        QVERIFY(m_manager->podLogProvider()(u"shop"_s, u"a"_s, {}).contains("starting c"));
        QVERIFY(m_manager->podLogProvider()(u"shop"_s, u"b"_s, {}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestClusterControllers)
#include "tst_clustercontrollers.moc"
