// The clone planner on the exported staging environment: every clone-safety
// invariant of DESIGN.md is checked in code, plus each regeneration rule.

#include "core/clone/cloneplanner.h"
#include "kube/yamljson.h"
#include "testpaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QtTest>

using namespace pd::core;

namespace {

QList<QJsonObject> loadFixture()
{
    QFile file(pd::test::fixturePath(QStringLiteral("staging-shop.yaml")));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open the staging-shop fixture");
    QList<QJsonObject> objects;
    pd::kube::YamlError error;
    if (!pd::kube::parseYamlDocuments(file.readAll(), file.fileName(), &objects, &error))
        qFatal("fixture does not parse");
    return objects;
}

CloneOptions shopOptions()
{
    CloneOptions options;
    options.sourceNamespace = QStringLiteral("staging");
    options.name = QStringLiteral("pr-1423");
    options.pullRequest = 1423;
    options.branch = QStringLiteral("feature/checkout-redesign");
    options.owner = QStringLiteral("a.rivera");
    options.ttl = std::chrono::hours(72);
    options.secretDecisions.insert(QStringLiteral("mail-relay"), SecretDecision::parse(QStringLiteral("omit")));
    return options;
}

const QDateTime kNow = QDateTime(QDate(2026, 11, 26), QTime(9, 0), Qt::UTC);

QByteArray serialized(const QList<QJsonObject> &objects)
{
    QByteArray all;
    for (const QJsonObject &object : objects)
        all += QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    return all;
}

QByteArray serializedPlan(const ClonePlan &plan)
{
    QByteArray all = QJsonDocument(plan.toJson()).toJson(QJsonDocument::Compact);
    all += serialized(plan.manifests(true));   // with secret values: the invariant covers them too
    return all;
}

// Every value (decoded and as stored) of every Secret of the source.
QList<QByteArray> sourceSecretValues(const QList<QJsonObject> &objects)
{
    QList<QByteArray> values;
    for (const QJsonObject &object : objects) {
        if (object.value(QLatin1String("kind")).toString() != QLatin1String("Secret"))
            continue;
        const QJsonObject data = object.value(QLatin1String("data")).toObject();
        for (auto it = data.begin(); it != data.end(); ++it) {
            // A service-account token's "namespace" key holds the namespace's name, which is public.
            if (it.key() == QLatin1String("namespace"))
                continue;
            values << it.value().toString().toLatin1();
            values << QByteArray::fromBase64(it.value().toString().toLatin1());
        }
    }
    return values;
}

const QJsonObject *findObject(const ClonePlan &plan, const QString &kind, const QString &name)
{
    for (const PlannedObject &planned : plan.objects)
        if (planned.object.value(QLatin1String("kind")).toString() == kind
            && planned.object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString() == name)
            return &planned.object;
    return nullptr;
}

bool hasRow(const ClonePlan &plan, const QString &object, PlanRule rule, const QString &newValue = {})
{
    return std::any_of(plan.rows.begin(), plan.rows.end(), [&](const PlanRow &row) {
        return row.object == object && row.rule == rule && (newValue.isEmpty() || row.newValue == newValue);
    });
}

QString envValue(const QJsonObject &workload, const QString &container, const QString &variable)
{
    const QJsonArray containers = workload[QLatin1String("spec")][QLatin1String("template")][QLatin1String("spec")][QLatin1String("containers")].toArray();
    for (const QJsonValue &c : containers) {
        if (c[QLatin1String("name")].toString() != container)
            continue;
        for (const QJsonValue &e : c[QLatin1String("env")].toArray())
            if (e[QLatin1String("name")].toString() == variable)
                return e[QLatin1String("value")].toString();
    }
    return {};
}

} // namespace

class TestClonePlanner final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sourceIsNeverChanged();
    void noSourceSecretValueInThePlan();
    void noReferenceLeftToTheSource();
    void guardsArePresent();
    void namespaceCarriesTheContract();
    void serverPopulatedFieldsAreDropped();
    void controllerOwnedAndPerNamespaceObjectsAreDropped();
    void dnsNamesAreRewritten_data();
    void dnsNamesAreRewritten();
    void ingressHostsAndTlsSecretsAreRegenerated();
    void recordPrefixesAreRewritten();
    void registryBindingsFollowTheMode_data();
    void registryBindingsFollowTheMode();
    void replicasAndAutoscalingAreCapped();
    void secretsAreClassified();
    void regeneratedSecretsDifferFromSourceAndBetweenClones();
    void undecidedSecretBlocksThePlan();
    void secretDecisions_data();
    void secretDecisions();
    void omittedSecretReferencesBecomeOptional();
    void cloudIdentityNeedsADecision();
    void objectsComeInDependencyOrder();
    void dryRunJsonMasksSecrets();
    void previewNames_data();
    void previewNames();
};

void TestClonePlanner::sourceIsNeverChanged()
{
    const QList<QJsonObject> source = loadFixture();
    const QByteArray before = serialized(source);
    QRandomGenerator random(7);
    const ClonePlan plan = planClone(source, shopOptions(), kNow, random);
    QVERIFY(!plan.objects.isEmpty());
    QCOMPARE(serialized(source), before);
}

void TestClonePlanner::noSourceSecretValueInThePlan()
{
    const QList<QJsonObject> source = loadFixture();
    const QList<QByteArray> secrets = sourceSecretValues(source);
    QVERIFY(secrets.size() >= 18);
    for (const CloneMode mode : {CloneMode::CdOnly, CloneMode::CiCd}) {
        CloneOptions options = shopOptions();
        options.mode = mode;
        options.secretDecisions[QStringLiteral("mail-relay")] = SecretDecision::parse(QStringLiteral("generate"));
        QRandomGenerator random(11);
        const ClonePlan plan = planClone(source, options, kNow, random);
        // Anywhere in the plan (rows, objects, secret data): no credential-like value of the source.
        const QByteArray text = serializedPlan(plan);
        for (const QByteArray &value : secrets)
            if (value.size() >= 12)
                QVERIFY2(!text.contains(value), value.constData());
        // In every Secret the clone gets: no value of the source at all, however short.
        for (const QJsonObject &object : plan.manifests(true)) {
            if (object.value(QLatin1String("kind")).toString() != QLatin1String("Secret"))
                continue;
            const QJsonObject data = object.value(QLatin1String("data")).toObject();
            for (auto it = data.begin(); it != data.end(); ++it) {
                QVERIFY(!secrets.contains(it.value().toString().toLatin1()));
                QVERIFY(!secrets.contains(QByteArray::fromBase64(it.value().toString().toLatin1())));
            }
        }
    }
}

void TestClonePlanner::noReferenceLeftToTheSource()
{
    QRandomGenerator random(3);
    const ClonePlan plan = planClone(loadFixture(), shopOptions(), kNow, random);
    for (const PlannedObject &planned : plan.objects) {
        const QString kind = planned.object.value(QLatin1String("kind")).toString();
        QJsonObject object = planned.object;
        if (kind == QLatin1String("Namespace")) {
            // Lineage names the parent on purpose.
            QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
            metadata.remove(QLatin1String("annotations"));
            object.insert(QLatin1String("metadata"), metadata);
        }
        if (kind == QLatin1String("ExternalSecret"))
            object.remove(QLatin1String("spec"));   // remote keys name the secret manager's entries
        const QString text = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
        QVERIFY2(!text.contains(QLatin1String(".staging.svc")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("staging.shop.example.com")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("\"namespace\":\"staging\"")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("/staging/")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String(".staging:")), qPrintable(text));
        QCOMPARE(object.value(QLatin1String("metadata")).toObject().value(QLatin1String("namespace")).toString(),
                 kind == QLatin1String("Namespace") ? QString() : QStringLiteral("pr-1423"));
    }
}

void TestClonePlanner::guardsArePresent()
{
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), shopOptions(), kNow, random);
    const QJsonObject *quota = findObject(plan, QStringLiteral("ResourceQuota"), QStringLiteral("previewdesk-quota"));
    QVERIFY(quota);
    QCOMPARE((*quota)[QLatin1String("spec")][QLatin1String("hard")][QLatin1String("requests.cpu")].toString(), QStringLiteral("2"));
    QVERIFY(findObject(plan, QStringLiteral("LimitRange"), QStringLiteral("previewdesk-limits")));
    const QJsonObject *policy = findObject(plan, QStringLiteral("NetworkPolicy"), QStringLiteral("previewdesk-default-deny"));
    QVERIFY(policy);
    const QJsonArray from = (*policy)[QLatin1String("spec")][QLatin1String("ingress")][0][QLatin1String("from")].toArray();
    QCOMPARE(from.size(), 2);
    QCOMPARE(from[1][QLatin1String("namespaceSelector")][QLatin1String("matchLabels")][QLatin1String("kubernetes.io/metadata.name")].toString(),
             QStringLiteral("ingress-nginx"));
    const QJsonObject *role = findObject(plan, QStringLiteral("Role"), QStringLiteral("previewdesk-owner"));
    QVERIFY(role);
    const QByteArray rules = QJsonDocument((*role)[QLatin1String("rules")].toArray()).toJson(QJsonDocument::Compact);
    QVERIFY2(!rules.contains("\"secrets\""), "the owner role must not read secrets");
    QVERIFY2(!rules.contains("\"*\""), "the owner role must not use wildcards");
    const QJsonObject *binding = findObject(plan, QStringLiteral("RoleBinding"), QStringLiteral("previewdesk-owner"));
    QVERIFY(binding);
    QCOMPARE((*binding)[QLatin1String("subjects")][0][QLatin1String("name")].toString(), QStringLiteral("a.rivera"));
    // The source's own quota is replaced, not copied.
    QVERIFY(!findObject(plan, QStringLiteral("ResourceQuota"), QStringLiteral("staging-quota")));
}

void TestClonePlanner::namespaceCarriesTheContract()
{
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), shopOptions(), kNow, random);
    const QJsonObject *ns = findObject(plan, QStringLiteral("Namespace"), QStringLiteral("pr-1423"));
    QVERIFY(ns);
    const QJsonObject labels = (*ns)[QLatin1String("metadata")][QLatin1String("labels")].toObject();
    QCOMPARE(labels.value(QLatin1String("app.kubernetes.io/managed-by")).toString(), QStringLiteral("previewdesk"));
    QCOMPARE(labels.value(QLatin1String("previewdesk.io/role")).toString(), QStringLiteral("preview"));
    QCOMPARE(labels.value(QLatin1String("previewdesk.io/pr")).toString(), QStringLiteral("1423"));
    QCOMPARE(labels.value(QLatin1String("previewdesk.io/branch")).toString(), QStringLiteral("feature-checkout-redesign"));
    QCOMPARE(labels.value(QLatin1String("previewdesk.io/owner")).toString(), QStringLiteral("a.rivera"));
    QCOMPARE(labels.value(QLatin1String("app.kubernetes.io/part-of")).toString(), QStringLiteral("shop"));
    QVERIFY(!labels.contains(QLatin1String("kubernetes.io/metadata.name")));
    const QJsonObject annotations = (*ns)[QLatin1String("metadata")][QLatin1String("annotations")].toObject();
    QCOMPARE(annotations.value(QLatin1String("previewdesk.io/expires-at")).toString(), QStringLiteral("2026-11-29T09:00:00Z"));
    QCOMPARE(annotations.value(QLatin1String("previewdesk.io/parent")).toString(), QStringLiteral("staging"));
    QCOMPARE(annotations.value(QLatin1String("previewdesk.io/parent-uid")).toString(), QStringLiteral("6c1f1f2e-0b7a-4f57-9a51-3f1f5f0a1001"));
    QCOMPARE(annotations.value(QLatin1String("previewdesk.io/clone-id")).toString(), plan.cloneId);
    QCOMPARE(annotations.value(QLatin1String("previewdesk.io/mode")).toString(), QStringLiteral("cd-only"));
    QCOMPARE(annotations.value(QLatin1String("previewdesk.io/url")).toString(), QStringLiteral("https://pr-1423.preview.example.com"));
    QVERIFY(!plan.cloneId.isEmpty());
}

void TestClonePlanner::serverPopulatedFieldsAreDropped()
{
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), shopOptions(), kNow, random);
    for (const PlannedObject &planned : plan.objects) {
        const QJsonObject metadata = planned.object.value(QLatin1String("metadata")).toObject();
        for (const char *key : {"uid", "resourceVersion", "creationTimestamp", "managedFields", "generation", "ownerReferences"})
            QVERIFY2(!metadata.contains(QLatin1String(key)), key);
        QVERIFY(!planned.object.contains(QLatin1String("status")));
        QVERIFY(!metadata.value(QLatin1String("annotations")).toObject().contains(QLatin1String("kubectl.kubernetes.io/last-applied-configuration")));
    }
    const QJsonObject *redis = findObject(plan, QStringLiteral("Service"), QStringLiteral("redis"));
    QVERIFY(redis);
    QVERIFY(!(*redis)[QLatin1String("spec")].toObject().contains(QLatin1String("clusterIP")));
    QVERIFY(!(*redis)[QLatin1String("spec")].toObject().contains(QLatin1String("clusterIPs")));
    const QJsonObject *postgres = findObject(plan, QStringLiteral("Service"), QStringLiteral("postgres"));
    QVERIFY(postgres);
    QCOMPARE((*postgres)[QLatin1String("spec")][QLatin1String("clusterIP")].toString(), QStringLiteral("None"));  // headless stays headless
}

void TestClonePlanner::controllerOwnedAndPerNamespaceObjectsAreDropped()
{
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), shopOptions(), kNow, random);
    QVERIFY(!findObject(plan, QStringLiteral("ReplicaSet"), QStringLiteral("checkout-api-7b9c6d5f4")));
    QVERIFY(!findObject(plan, QStringLiteral("Pod"), QStringLiteral("checkout-api-7b9c6d5f4-q2w8e")));
    QVERIFY(!findObject(plan, QStringLiteral("PersistentVolumeClaim"), QStringLiteral("data-postgres-0")));
    QVERIFY(!findObject(plan, QStringLiteral("Event"), QStringLiteral("checkout-api.1810f4c3a9b2d7e1")));
    QVERIFY(!findObject(plan, QStringLiteral("ConfigMap"), QStringLiteral("kube-root-ca.crt")));
    QVERIFY(!findObject(plan, QStringLiteral("ServiceAccount"), QStringLiteral("default")));
    QVERIFY(hasRow(plan, QStringLiteral("PersistentVolumeClaim/data-postgres-0"), PlanRule::Dropped));
    // What defines the environment is kept.
    for (const auto &[kind, name] : QList<QPair<QString, QString>>{
             {QStringLiteral("Deployment"), QStringLiteral("checkout-api")}, {QStringLiteral("Deployment"), QStringLiteral("web")},
             {QStringLiteral("Deployment"), QStringLiteral("worker")}, {QStringLiteral("Deployment"), QStringLiteral("redis")},
             {QStringLiteral("StatefulSet"), QStringLiteral("postgres")}, {QStringLiteral("CronJob"), QStringLiteral("postgres-backup")},
             {QStringLiteral("HorizontalPodAutoscaler"), QStringLiteral("checkout-api")}, {QStringLiteral("Ingress"), QStringLiteral("shop")},
             {QStringLiteral("ConfigMap"), QStringLiteral("checkout-config")}, {QStringLiteral("ServiceAccount"), QStringLiteral("checkout")},
             {QStringLiteral("ExternalSecret"), QStringLiteral("payments-api")}, {QStringLiteral("Service"), QStringLiteral("web")}})
        QVERIFY2(findObject(plan, kind, name), qPrintable(kind + QLatin1Char('/') + name));
    const QJsonObject *postgres = findObject(plan, QStringLiteral("StatefulSet"), QStringLiteral("postgres"));
    QCOMPARE((*postgres)[QLatin1String("spec")][QLatin1String("volumeClaimTemplates")].toArray().size(), 1);
}

void TestClonePlanner::dnsNamesAreRewritten_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("path");     // a.b.c; "env:CONTAINER:VAR" for env values
    QTest::addColumn<QString>("expected");
    QTest::newRow("configmap redis url") << "ConfigMap" << "checkout-config" << "data.REDIS_URL"
                                         << "redis://redis.pr-1423.svc.cluster.local:6379/0";
    QTest::newRow("configmap db host") << "ConfigMap" << "checkout-config" << "data.DB_HOST"
                                       << "postgres.pr-1423.svc.cluster.local";
    QTest::newRow("env database url") << "Deployment" << "checkout-api" << "env:api:DATABASE_URL"
                                      << "postgres://$(DB_USER):$(DB_PASSWORD)@postgres.pr-1423.svc.cluster.local:5432/checkout";
    QTest::newRow("env api url") << "Deployment" << "web" << "env:web:API_URL"
                                 << "http://checkout-api.pr-1423.svc.cluster.local";
    QTest::newRow("untouched") << "ConfigMap" << "checkout-config" << "data.FEATURE_FLAGS" << "new-cart=on,express-pay=off";
}

void TestClonePlanner::dnsNamesAreRewritten()
{
    QFETCH(QString, kind);
    QFETCH(QString, name);
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), shopOptions(), kNow, random);
    const QJsonObject *object = findObject(plan, kind, name);
    QVERIFY(object);
    QString actual;
    if (path.startsWith(QLatin1String("env:"))) {
        const QStringList parts = path.split(QLatin1Char(':'));
        actual = envValue(*object, parts[1], parts[2]);
    } else {
        QJsonValue value = *object;
        for (const QString &key : path.split(QLatin1Char('.')))
            value = value[key];
        actual = value.toString();
    }
    QCOMPARE(actual, expected);
}

void TestClonePlanner::ingressHostsAndTlsSecretsAreRegenerated()
{
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), shopOptions(), kNow, random);
    const QJsonObject *ingress = findObject(plan, QStringLiteral("Ingress"), QStringLiteral("shop"));
    QVERIFY(ingress);
    const QJsonObject spec = (*ingress)[QLatin1String("spec")].toObject();
    QCOMPARE(spec[QLatin1String("rules")][0][QLatin1String("host")].toString(), QStringLiteral("pr-1423.preview.example.com"));
    QCOMPARE(spec[QLatin1String("rules")][1][QLatin1String("host")].toString(), QStringLiteral("api.pr-1423.preview.example.com"));
    QCOMPARE(spec[QLatin1String("tls")][0][QLatin1String("hosts")].toArray(),
             QJsonArray({QStringLiteral("pr-1423.preview.example.com"), QStringLiteral("api.pr-1423.preview.example.com")}));
    QCOMPARE(spec[QLatin1String("tls")][0][QLatin1String("secretName")].toString(), QStringLiteral("pr-1423-shop-tls"));
    QVERIFY(hasRow(plan, QStringLiteral("Ingress/shop"), PlanRule::TlsSecretName, QStringLiteral("pr-1423-shop-tls")));
    const QJsonObject *config = findObject(plan, QStringLiteral("ConfigMap"), QStringLiteral("checkout-config"));
    QCOMPARE((*config)[QLatin1String("data")][QLatin1String("PUBLIC_BASE_URL")].toString(), QStringLiteral("https://pr-1423.preview.example.com"));
    QCOMPARE(plan.url, QStringLiteral("https://pr-1423.preview.example.com"));
    // The host template is per context.
    CloneOptions options = shopOptions();
    options.hostTemplate = QStringLiteral("{name}.qa.internal");
    QRandomGenerator random2(1);
    QCOMPARE(planClone(loadFixture(), options, kNow, random2).url, QStringLiteral("https://pr-1423.qa.internal"));
}

void TestClonePlanner::recordPrefixesAreRewritten()
{
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), shopOptions(), kNow, random);
    const QJsonObject *postgres = findObject(plan, QStringLiteral("StatefulSet"), QStringLiteral("postgres"));
    QCOMPARE((*postgres)[QLatin1String("metadata")][QLatin1String("annotations")][QLatin1String("backup.shop.example.com/destination")].toString(),
             QStringLiteral("s3://shop-backups/pr-1423/postgres/"));
    const QJsonObject *backup = findObject(plan, QStringLiteral("CronJob"), QStringLiteral("postgres-backup"));
    const QString script = (*backup)[QLatin1String("spec")][QLatin1String("jobTemplate")][QLatin1String("spec")][QLatin1String("template")]
                               [QLatin1String("spec")][QLatin1String("containers")][0][QLatin1String("args")][0].toString();
    QVERIFY2(script.contains(QLatin1String("s3://shop-backups/pr-1423/postgres/")), qPrintable(script));
    QVERIFY2(script.contains(QLatin1String("-h postgres.pr-1423.svc.cluster.local")), qPrintable(script));
    QVERIFY(hasRow(plan, QStringLiteral("CronJob/postgres-backup"), PlanRule::RecordPrefix));
}

void TestClonePlanner::registryBindingsFollowTheMode_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("checkoutImage");
    QTest::addColumn<QString>("workerImage");
    QTest::addColumn<QString>("redisImage");
    const QString digest = QStringLiteral("registry.example.com/shop/checkout-api@sha256:4f6c9a0e2b7d81c35e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f");
    QTest::newRow("cd-only keeps digests") << int(CloneMode::CdOnly) << digest << digest << "docker.io/library/redis:7.4";
    QTest::newRow("ci-cd binds PR images") << int(CloneMode::CiCd) << "registry.example.com/shop/checkout-api:pr-1423"
                                           << "registry.example.com/shop/checkout-api:pr-1423" << "docker.io/library/redis:7.4";
}

void TestClonePlanner::registryBindingsFollowTheMode()
{
    QFETCH(int, mode);
    QFETCH(QString, checkoutImage);
    QFETCH(QString, workerImage);
    QFETCH(QString, redisImage);
    CloneOptions options = shopOptions();
    options.mode = CloneMode(mode);
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), options, kNow, random);
    auto image = [&](const QString &name) {
        return (*findObject(plan, QStringLiteral("Deployment"), name))[QLatin1String("spec")][QLatin1String("template")]
            [QLatin1String("spec")][QLatin1String("containers")][0][QLatin1String("image")].toString();
    };
    QCOMPARE(image(QStringLiteral("checkout-api")), checkoutImage);
    QCOMPARE(image(QStringLiteral("worker")), workerImage);
    QCOMPARE(image(QStringLiteral("redis")), redisImage);
    QCOMPARE(hasRow(plan, QStringLiteral("Deployment/checkout-api"), PlanRule::RegistryBinding), mode == int(CloneMode::CiCd));
}

void TestClonePlanner::replicasAndAutoscalingAreCapped()
{
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), shopOptions(), kNow, random);
    QCOMPARE((*findObject(plan, QStringLiteral("Deployment"), QStringLiteral("checkout-api")))[QLatin1String("spec")][QLatin1String("replicas")].toInt(), 1);
    QCOMPARE((*findObject(plan, QStringLiteral("Deployment"), QStringLiteral("web")))[QLatin1String("spec")][QLatin1String("replicas")].toInt(), 1);
    const QJsonObject hpa = (*findObject(plan, QStringLiteral("HorizontalPodAutoscaler"), QStringLiteral("checkout-api")))[QLatin1String("spec")].toObject();
    QCOMPARE(hpa[QLatin1String("minReplicas")].toInt(), 1);
    QCOMPARE(hpa[QLatin1String("maxReplicas")].toInt(), 2);
    const QJsonObject pdb = (*findObject(plan, QStringLiteral("PodDisruptionBudget"), QStringLiteral("checkout-api")))[QLatin1String("spec")].toObject();
    QVERIFY(!pdb.contains(QLatin1String("minAvailable")));
    QCOMPARE(pdb[QLatin1String("maxUnavailable")].toInt(), 1);
    QVERIFY(hasRow(plan, QStringLiteral("Deployment/checkout-api"), PlanRule::ReplicaCap, QStringLiteral("1")));
    QVERIFY(plan.warnings.isEmpty());

    // A tight quota produces a plain warning instead of a silently failing preview.
    CloneOptions tight = shopOptions();
    tight.guards.quotaHard[QStringLiteral("requests.cpu")] = QStringLiteral("500m");
    QRandomGenerator random2(1);
    const ClonePlan tightPlan = planClone(loadFixture(), tight, kNow, random2);
    QCOMPARE(tightPlan.warnings.size(), 1);
    QVERIFY2(tightPlan.warnings.first().contains(QLatin1String("1050m cpu")), qPrintable(tightPlan.warnings.first()));
}

void TestClonePlanner::secretsAreClassified()
{
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), shopOptions(), kNow, random);
    QVERIFY(hasRow(plan, QStringLiteral("Secret/checkout-token-x8k2p"), PlanRule::SecretController));
    QVERIFY(hasRow(plan, QStringLiteral("Secret/shop-tls"), PlanRule::SecretController));
    QVERIFY(hasRow(plan, QStringLiteral("Secret/payments-api"), PlanRule::SecretExternal));
    QVERIFY(hasRow(plan, QStringLiteral("Secret/postgres-credentials"), PlanRule::SecretRegenerated));
    QVERIFY(!findObject(plan, QStringLiteral("Secret"), QStringLiteral("checkout-token-x8k2p")));
    QVERIFY(!findObject(plan, QStringLiteral("Secret"), QStringLiteral("shop-tls")));
    QVERIFY(!findObject(plan, QStringLiteral("Secret"), QStringLiteral("payments-api")));
    const QJsonObject *external = findObject(plan, QStringLiteral("ExternalSecret"), QStringLiteral("payments-api"));
    QVERIFY(external);
    QCOMPARE((*external)[QLatin1String("apiVersion")].toString(), QStringLiteral("external-secrets.io/v1"));
    QCOMPARE((*external)[QLatin1String("spec")][QLatin1String("data")][0][QLatin1String("remoteRef")][QLatin1String("key")].toString(),
             QStringLiteral("shop/staging/payments-api-key"));
    const QJsonObject *credentials = findObject(plan, QStringLiteral("Secret"), QStringLiteral("postgres-credentials"));
    QVERIFY(credentials);
    QCOMPARE((*credentials)[QLatin1String("data")].toObject().keys(), QStringList({QStringLiteral("password"), QStringLiteral("username")}));
    QCOMPARE((*credentials)[QLatin1String("metadata")][QLatin1String("annotations")][QLatin1String("previewdesk.io/regenerate")].toString(),
             QStringLiteral("password"));
    for (const PlanRow &row : plan.rows)
        if (row.rule == PlanRule::SecretRegenerated)
            QVERIFY(row.secret && row.oldValue.startsWith(QStringLiteral("••")));

    // A cluster that serves only v1beta1 gets the ExternalSecret in that version.
    CloneOptions beta = shopOptions();
    beta.externalSecretsApiVersion = QStringLiteral("external-secrets.io/v1beta1");
    QRandomGenerator random2(1);
    const ClonePlan betaPlan = planClone(loadFixture(), beta, kNow, random2);
    QCOMPARE((*findObject(betaPlan, QStringLiteral("ExternalSecret"), QStringLiteral("payments-api")))[QLatin1String("apiVersion")].toString(),
             QStringLiteral("external-secrets.io/v1beta1"));
}

void TestClonePlanner::regeneratedSecretsDifferFromSourceAndBetweenClones()
{
    QRandomGenerator first(1), second(2);
    const ClonePlan a = planClone(loadFixture(), shopOptions(), kNow, first);
    const ClonePlan b = planClone(loadFixture(), shopOptions(), kNow, second);
    const QString pa = (*findObject(a, QStringLiteral("Secret"), QStringLiteral("postgres-credentials")))[QLatin1String("data")][QLatin1String("password")].toString();
    const QString pb = (*findObject(b, QStringLiteral("Secret"), QStringLiteral("postgres-credentials")))[QLatin1String("data")][QLatin1String("password")].toString();
    QVERIFY(pa != pb);
    QCOMPARE(QByteArray::fromBase64(pa.toLatin1()).size(), 32);
    QVERIFY(a.cloneId != b.cloneId);
    // Same seed, same plan: the planner is a pure function.
    QRandomGenerator again(1);
    QCOMPARE(QJsonDocument(planClone(loadFixture(), shopOptions(), kNow, again).toJson()).toJson(),
             QJsonDocument(a.toJson()).toJson());
}

void TestClonePlanner::undecidedSecretBlocksThePlan()
{
    CloneOptions options = shopOptions();
    options.secretDecisions.clear();
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), options, kNow, random);
    QVERIFY(!plan.canProceed());
    QCOMPARE(plan.pendingDecisions.size(), 1);
    QCOMPARE(plan.pendingDecisions.first().name, QStringLiteral("mail-relay"));
    QVERIFY(plan.pendingDecisions.first().question.contains(QLatin1String("SMTP_PASSWORD")));
    QVERIFY(!findObject(plan, QStringLiteral("Secret"), QStringLiteral("mail-relay")));
}

void TestClonePlanner::secretDecisions_data()
{
    QTest::addColumn<QString>("decision");
    QTest::addColumn<QString>("expectedKind");   // what the preview gets, "" = nothing
    QTest::newRow("generate") << "generate" << "Secret";
    QTest::newRow("omit") << "omit" << "";
    QTest::newRow("reference") << "ref:vault/shop/preview/smtp" << "ExternalSecret";
}

void TestClonePlanner::secretDecisions()
{
    QFETCH(QString, decision);
    QFETCH(QString, expectedKind);
    CloneOptions options = shopOptions();
    QString error;
    options.secretDecisions[QStringLiteral("mail-relay")] = SecretDecision::parse(decision, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), options, kNow, random);
    QVERIFY(plan.canProceed());
    const bool secret = findObject(plan, QStringLiteral("Secret"), QStringLiteral("mail-relay"));
    const QJsonObject *external = findObject(plan, QStringLiteral("ExternalSecret"), QStringLiteral("mail-relay"));
    QCOMPARE(secret, expectedKind == QLatin1String("Secret"));
    QCOMPARE(external != nullptr, expectedKind == QLatin1String("ExternalSecret"));
    if (external) {
        QCOMPARE((*external)[QLatin1String("spec")][QLatin1String("secretStoreRef")][QLatin1String("name")].toString(), QStringLiteral("vault"));
        QCOMPARE((*external)[QLatin1String("spec")][QLatin1String("dataFrom")][0][QLatin1String("extract")][QLatin1String("key")].toString(),
                 QStringLiteral("shop/preview/smtp"));
    }
    QVERIFY(hasRow(plan, QStringLiteral("Secret/mail-relay"), PlanRule::SecretDecided));
}

void TestClonePlanner::omittedSecretReferencesBecomeOptional()
{
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), shopOptions(), kNow, random);
    const QJsonObject *worker = findObject(plan, QStringLiteral("Deployment"), QStringLiteral("worker"));
    const QJsonArray envFrom = (*worker)[QLatin1String("spec")][QLatin1String("template")][QLatin1String("spec")]
                                   [QLatin1String("containers")][0][QLatin1String("envFrom")].toArray();
    QCOMPARE(envFrom[1][QLatin1String("secretRef")][QLatin1String("name")].toString(), QStringLiteral("mail-relay"));
    QCOMPARE(envFrom[1][QLatin1String("secretRef")][QLatin1String("optional")].toBool(), true);
    QVERIFY(!envFrom[0][QLatin1String("configMapRef")].toObject().contains(QLatin1String("optional")));

    QString error;
    QCOMPARE(SecretDecision::parse(QStringLiteral("ref:nokey"), &error).kind, SecretDecision::Kind::Undecided);
    QVERIFY(error.contains(QLatin1String("ref:STORE/KEY")));
    QCOMPARE(SecretDecision::parse(QStringLiteral("copy"), &error).kind, SecretDecision::Kind::Undecided);
    QVERIFY(error.contains(QLatin1String("generate, omit or ref:STORE/KEY")));
}

void TestClonePlanner::cloudIdentityNeedsADecision()
{
    QList<QJsonObject> source = loadFixture();
    for (QJsonObject &object : source) {
        if (object[QLatin1String("kind")].toString() == QLatin1String("ServiceAccount")
            && object[QLatin1String("metadata")][QLatin1String("name")].toString() == QLatin1String("checkout")) {
            QJsonObject metadata = object[QLatin1String("metadata")].toObject();
            metadata.insert(QStringLiteral("annotations"), QJsonObject{{QStringLiteral("eks.amazonaws.com/role-arn"),
                                                                        QStringLiteral("arn:aws:iam::123456789012:role/staging-checkout")}});
            object.insert(QStringLiteral("metadata"), metadata);
        }
    }
    QRandomGenerator random(1);
    ClonePlan plan = planClone(source, shopOptions(), kNow, random);
    QVERIFY(!plan.canProceed());
    QCOMPARE(plan.pendingDecisions.first().kind, PendingDecision::Kind::CloudIdentity);

    CloneOptions options = shopOptions();
    options.identityDecisions[QStringLiteral("checkout")] = IdentityDecision::Drop;
    QRandomGenerator random2(1);
    plan = planClone(source, options, kNow, random2);
    QVERIFY(plan.canProceed());
    const QJsonObject *account = findObject(plan, QStringLiteral("ServiceAccount"), QStringLiteral("checkout"));
    QVERIFY(!(*account)[QLatin1String("metadata")].toObject().contains(QLatin1String("annotations")));
    QVERIFY(hasRow(plan, QStringLiteral("ServiceAccount/checkout"), PlanRule::CloudIdentity, QStringLiteral("(dropped)")));
}

void TestClonePlanner::objectsComeInDependencyOrder()
{
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), shopOptions(), kNow, random);
    QCOMPARE(plan.objects.first().object[QLatin1String("kind")].toString(), QStringLiteral("Namespace"));
    QCOMPARE(plan.objects.last().object[QLatin1String("kind")].toString(), QStringLiteral("Ingress"));
    for (qsizetype i = 1; i < plan.objects.size(); ++i)
        QVERIFY(plan.objects[i - 1].tier <= plan.objects[i].tier);
    auto tierOf = [&](const QString &kind) {
        for (const PlannedObject &p : plan.objects)
            if (p.object[QLatin1String("kind")].toString() == kind)
                return int(p.tier);
        return -1;
    };
    QVERIFY(tierOf(QStringLiteral("ConfigMap")) < tierOf(QStringLiteral("Deployment")));
    QVERIFY(tierOf(QStringLiteral("Secret")) < tierOf(QStringLiteral("StatefulSet")));
    QVERIFY(tierOf(QStringLiteral("Service")) < tierOf(QStringLiteral("Deployment")));
}

void TestClonePlanner::dryRunJsonMasksSecrets()
{
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), shopOptions(), kNow, random);
    const QByteArray json = QJsonDocument(plan.toJson()).toJson();
    const QString generated = (*findObject(plan, QStringLiteral("Secret"), QStringLiteral("postgres-credentials")))[QLatin1String("data")][QLatin1String("password")].toString();
    QVERIFY(!json.contains(generated.toLatin1()));
    QVERIFY(json.contains("\"rule\": \"dns-name\""));
    QVERIFY(serialized(plan.manifests(true)).contains(generated.toLatin1()));
    QVERIFY(!serialized(plan.manifests(false)).contains(generated.toLatin1()));
}

void TestClonePlanner::previewNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("pr") << previewNameForPullRequest(1423) << true;
    QTest::newRow("digits") << "1423" << true;
    QTest::newRow("upper") << "PR-1423" << false;
    QTest::newRow("underscore") << "pr_1423" << false;
    QTest::newRow("leading dash") << "-pr" << false;
    QTest::newRow("trailing dash") << "pr-" << false;
    QTest::newRow("63") << QString(63, QLatin1Char('a')) << true;
    QTest::newRow("64") << QString(64, QLatin1Char('a')) << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("dot") << "pr.1" << false;
}

void TestClonePlanner::previewNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(validatePreviewName(name).isEmpty(), valid);
}

QTEST_GUILESS_MAIN(TestClonePlanner)
#include "tst_cloneplanner.moc"
