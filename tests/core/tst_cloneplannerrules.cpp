// The clone planner's regeneration rules on the exported staging environment:
// DNS names, hosts and TLS secrets, record prefixes, registry bindings, capping,
// creation order and preview names.
#include "cloneplannertestutil.h"
#include "core/contract.h"

using namespace pd::core;
using namespace pd::core::test;

class TestClonePlannerRules final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dnsNamesAreRewritten_data();
    void dnsNamesAreRewritten();
    void ingressHostsAndTlsSecretsAreRegenerated();
    void recordPrefixesAreRewritten();
    void registryBindingsFollowTheMode_data();
    void registryBindingsFollowTheMode();
    void replicasAndAutoscalingAreCapped();
    void objectsComeInDependencyOrder();
    void previewNames_data();
    void previewNames();
};

void TestClonePlannerRules::dnsNamesAreRewritten_data()
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
void TestClonePlannerRules::dnsNamesAreRewritten()
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
void TestClonePlannerRules::ingressHostsAndTlsSecretsAreRegenerated()
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
void TestClonePlannerRules::recordPrefixesAreRewritten()
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
void TestClonePlannerRules::registryBindingsFollowTheMode_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("checkoutImage");
    QTest::addColumn<QString>("workerImage");
    QTest::addColumn<QString>("redisImage");
    QTest::addColumn<bool>("declared");
    QTest::addColumn<bool>("built");
    const QString digest = QStringLiteral("registry.example.com/shop/checkout-api@sha256:4f6c9a0e2b7d81c35e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f");
    const QString built = QStringLiteral("registry.example.com/shop/checkout-api@sha256:") + QString(64, QLatin1Char('b'));
    QTest::newRow("cd-only keeps digests") << int(CloneMode::CdOnly) << digest << digest << "docker.io/library/redis:7.4" << true << true;
    // CI+CD never guesses a tag: without a declared build nothing is rebound and the clone cannot start.
    QTest::newRow("ci-cd without a declared build") << int(CloneMode::CiCd) << digest << digest << "docker.io/library/redis:7.4" << false << false;
    QTest::newRow("ci-cd before the build ran") << int(CloneMode::CiCd) << digest << digest << "docker.io/library/redis:7.4" << true << false;
    QTest::newRow("ci-cd pins the built digest") << int(CloneMode::CiCd) << built << built << "docker.io/library/redis:7.4" << true << true;
}
void TestClonePlannerRules::registryBindingsFollowTheMode()
{
    QFETCH(int, mode);
    QFETCH(QString, checkoutImage);
    QFETCH(QString, workerImage);
    QFETCH(QString, redisImage);
    QFETCH(bool, declared);
    QFETCH(bool, built);
    CloneOptions options = shopOptions();
    options.mode = CloneMode(mode);
    QList<QJsonObject> source = loadFixture();
    if (declared) {
        // previewdesk.io/ci-workflow on the namespace, ciImages and ciArtifact in its clone profile.
        for (QJsonObject &object : source) {
            if (object.value(QLatin1String("kind")).toString() != QLatin1String("Namespace"))
                continue;
            QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
            QJsonObject annotations = metadata.value(QLatin1String("annotations")).toObject();
            annotations.insert(pd::core::contract::CiWorkflowAnnotation, QStringLiteral(".github/workflows/build.yml"));
            annotations.insert(pd::core::contract::CloneProfileAnnotation, QStringLiteral("preview-profile"));
            metadata.insert(QStringLiteral("annotations"), annotations);
            object.insert(QStringLiteral("metadata"), metadata);
        }
        source << QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                              {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("preview-profile")},
                                                                       {QStringLiteral("namespace"), options.sourceNamespace}}},
                              {QStringLiteral("data"), QJsonObject{{QString(pd::core::contract::CloneProfileDataKey),
                                                                    QStringLiteral("ciImages: [registry.example.com/shop/checkout-api]\nciArtifact: images\n")}}}};
    }
    if (built)
        options.builtImages.insert(QStringLiteral("registry.example.com/shop/checkout-api"), QStringLiteral("sha256:") + QString(64, QLatin1Char('b')));
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(source, options, kNow, random);
    auto image = [&](const QString &name) {
        return (*findObject(plan, QStringLiteral("Deployment"), name))[QLatin1String("spec")][QLatin1String("template")]
            [QLatin1String("spec")][QLatin1String("containers")][0][QLatin1String("image")].toString();
    };
    QCOMPARE(image(QStringLiteral("checkout-api")), checkoutImage);
    QCOMPARE(image(QStringLiteral("worker")), workerImage);
    QCOMPARE(image(QStringLiteral("redis")), redisImage);
    const bool pinned = mode == int(CloneMode::CiCd) && declared && built;
    QCOMPARE(hasRow(plan, QStringLiteral("Deployment/checkout-api"), PlanRule::RegistryBinding), pinned);
    const bool undeclared = mode == int(CloneMode::CiCd) && !declared;
    const auto build = std::find_if(plan.pendingDecisions.cbegin(), plan.pendingDecisions.cend(),
                                    [](const pd::core::PendingDecision &d) { return d.kind == pd::core::PendingDecision::Kind::Build; });
    QCOMPARE(build != plan.pendingDecisions.cend(), undeclared);
    if (undeclared) {
        // It says exactly what to declare: the annotation and both profile fields.
        QVERIFY2(build->question.contains(QLatin1String("previewdesk.io/ci-workflow")), qPrintable(build->question));
        QVERIFY(build->question.contains(QLatin1String("ciImages")) && build->question.contains(QLatin1String("ciArtifact")));
    }
    if (mode == int(CloneMode::CiCd) && declared && !built)
        QVERIFY2(plan.warnings.join(QLatin1Char('\n')).contains(QLatin1String(".github/workflows/build.yml builds registry.example.com/shop/checkout-api")),
                 qPrintable(plan.warnings.join(QLatin1Char('\n'))));
}
void TestClonePlannerRules::replicasAndAutoscalingAreCapped()
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
    // 3.75 CPUs of limits run (the backup's container gets the LimitRange default); checkout-api's
    // rolling update needs one more, which the context's cap of 4 does not leave.
    QCOMPARE(plan.warnings.size(), 1);
    QVERIFY2(plan.warnings.first().startsWith(QLatin1String("A rolling update needs limits.cpu 4.75 but the quota holds 4")),
             qPrintable(plan.warnings.first()));

    // A quota cap the environment cannot fit blocks the plan, with the numbers, before anything is written.
    CloneOptions tight = shopOptions();
    tight.guards.quotaHard[QStringLiteral("requests.cpu")] = QStringLiteral("500m");
    QRandomGenerator random2(1);
    const ClonePlan tightPlan = planClone(loadFixture(), tight, kNow, random2);
    QVERIFY(!tightPlan.canProceed());
    QCOMPARE(tightPlan.pendingDecisions.size(), 1);
    QCOMPARE(tightPlan.pendingDecisions.first().kind, PendingDecision::Kind::Quota);
    const QString question = tightPlan.pendingDecisions.first().question;
    QVERIFY2(question.contains(QLatin1String("needs requests.cpu 1.15, cap 0.5"))
                 && question.contains(QLatin1String("raise the cap")), qPrintable(question));
}
void TestClonePlannerRules::objectsComeInDependencyOrder()
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
void TestClonePlannerRules::previewNames_data()
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
void TestClonePlannerRules::previewNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(validatePreviewName(name).isEmpty(), valid);
}

QTEST_GUILESS_MAIN(TestClonePlannerRules)
#include "tst_cloneplannerrules.moc"
