// The clone planner on environments unlike the shop (tests/fixtures/ledger-staging-eu.yaml,
// the published online-boutique): Services that claim addresses, a front Service
// exposed for the URL, the quota sized to the footprint, the source's name as a
// word in values, keys and embedded files, and credentials written into env.
#include "cloneplannertestutil.h"

#include "core/clone/textrewriter.h"
#include "kube/quantity.h"

#include <QDir>

using namespace pd::core;
using namespace pd::core::test;

namespace {

Environment ledger()
{
    return loadEnvironment(QDir(pd::test::sourceDir()).filePath(QStringLiteral("tests/fixtures/ledger-staging-eu.yaml")));
}

Environment boutique()
{
    return loadEnvironment(pd::test::fixturePath(QStringLiteral("real/online-boutique.yaml")));
}

CloneOptions optionsFor(const Environment &environment)
{
    CloneOptions options;
    options.sourceNamespace = environment.sourceNamespace;
    options.name = QStringLiteral("pr-7");
    options.pullRequest = 7;
    return options;
}

ClonePlan plan(const Environment &environment, const CloneOptions &options)
{
    QRandomGenerator random(5);
    return planClone(environment.objects, options, kNow, random);
}

QJsonObject specOf(const ClonePlan &plan, const QString &kind, const QString &name)
{
    const QJsonObject *object = findObject(plan, kind, name);
    return object ? (*object)[QLatin1String("spec")].toObject() : QJsonObject();
}

QString configValue(const ClonePlan &plan, const QString &key)
{
    const QJsonObject *config = findObject(plan, QStringLiteral("ConfigMap"), QStringLiteral("ledger-config"));
    return config ? (*config)[QLatin1String("data")][key].toString() : QString();
}

const PlanRow *row(const ClonePlan &plan, const QString &object, PlanRule rule, const QString &field = {})
{
    for (const PlanRow &r : plan.rows)
        if (r.object == object && r.rule == rule && (field.isEmpty() || r.field == field))
            return &r;
    return nullptr;
}

} // namespace

class TestClonePlannerEnvironments final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadBalancerAndNodePortBecomeClusterIp();
    void keepServiceTypeStillDropsFixedAddresses();
    void frontServiceIsExposed_data();
    void frontServiceIsExposed();
    void exposeNamesWhatTheSourceHas_data();
    void exposeNamesWhatTheSourceHas();
    void quotaIsSizedToTheFootprint();
    void quotaThatCannotFitSaysTheNumbers();
    void replicasCapMakesItFit();
    void sourceNameIsRewrittenAsAWord_data();
    void sourceNameIsRewrittenAsAWord();
    void keysAndEmbeddedFilesStayConsistent();
    void foreignHostsAndCaseVariantsAreKeptWithAReason();
    void tokensAreBoundedByNonAlphanumerics_data();
    void tokensAreBoundedByNonAlphanumerics();
    void literalCredentialsGetOneFreshValue();
};

void TestClonePlannerEnvironments::loadBalancerAndNodePortBecomeClusterIp()
{
    const ClonePlan p = plan(ledger(), optionsFor(ledger()));
    const QJsonObject api = specOf(p, QStringLiteral("Service"), QStringLiteral("ledger-api"));
    QCOMPARE(api[QLatin1String("type")].toString(), QStringLiteral("ClusterIP"));
    for (const char *field : {"loadBalancerIP", "loadBalancerSourceRanges", "externalTrafficPolicy", "healthCheckNodePort",
                              "allocateLoadBalancerNodePorts", "clusterIP", "clusterIPs"})
        QVERIFY2(!api.contains(QLatin1String(field)), field);
    QVERIFY(!api[QLatin1String("ports")][0].toObject().contains(QLatin1String("nodePort")));
    QCOMPARE(api[QLatin1String("ports")][0][QLatin1String("targetPort")].toString(), QStringLiteral("http"));
    const PlanRow *why = row(p, QStringLiteral("Service/ledger-api"), PlanRule::ServiceType);
    QVERIFY(why);
    QCOMPARE(why->oldValue, QStringLiteral("LoadBalancer"));
    QVERIFY2(why->newValue.contains(QLatin1String("--keep-service-type ledger-api")), qPrintable(why->newValue));
    QVERIFY(row(p, QStringLiteral("Service/ledger-api"), PlanRule::ExternalClaim, QStringLiteral("spec.loadBalancerIP")));
    QVERIFY(row(p, QStringLiteral("Service/ledger-api"), PlanRule::ExternalClaim, QStringLiteral("spec.ports[http].nodePort")));
    // Address annotations go; the external-dns host names the preview's own host now.
    const QJsonObject annotations = (*findObject(p, QStringLiteral("Service"), QStringLiteral("ledger-api")))
                                        [QLatin1String("metadata")][QLatin1String("annotations")].toObject();
    QVERIFY(!annotations.contains(QLatin1String("metallb.universe.tf/loadBalancerIPs")));
    QVERIFY(!annotations.contains(QLatin1String("metallb.universe.tf/address-pool")));
    QCOMPARE(annotations[QLatin1String("external-dns.alpha.kubernetes.io/hostname")].toString(),
             QStringLiteral("ledger.pr-7.payments.example.com"));

    const QJsonObject admin = specOf(p, QStringLiteral("Service"), QStringLiteral("ledger-admin"));
    QCOMPARE(admin[QLatin1String("type")].toString(), QStringLiteral("ClusterIP"));
    QVERIFY(!admin.contains(QLatin1String("externalTrafficPolicy")));
    QVERIFY(!admin[QLatin1String("ports")][0].toObject().contains(QLatin1String("nodePort")));
    QVERIFY(row(p, QStringLiteral("Service/ledger-admin"), PlanRule::ServiceType));
    // Headless stays headless.
    QCOMPARE(specOf(p, QStringLiteral("Service"), QStringLiteral("postgres"))[QLatin1String("clusterIPs")].toArray(),
             QJsonArray{QStringLiteral("None")});
}

void TestClonePlannerEnvironments::keepServiceTypeStillDropsFixedAddresses()
{
    CloneOptions options = optionsFor(ledger());
    options.keepServiceTypes = {QStringLiteral("ledger-api")};
    const ClonePlan p = plan(ledger(), options);
    const QJsonObject api = specOf(p, QStringLiteral("Service"), QStringLiteral("ledger-api"));
    QCOMPARE(api[QLatin1String("type")].toString(), QStringLiteral("LoadBalancer"));
    QCOMPARE(api[QLatin1String("externalTrafficPolicy")].toString(), QStringLiteral("Local"));
    QVERIFY(!api.contains(QLatin1String("loadBalancerIP")));
    QVERIFY(!api.contains(QLatin1String("healthCheckNodePort")));
    QVERIFY(!api[QLatin1String("ports")][0].toObject().contains(QLatin1String("nodePort")));
    QVERIFY(!(*findObject(p, QStringLiteral("Service"), QStringLiteral("ledger-api")))[QLatin1String("metadata")]
                [QLatin1String("annotations")].toObject().contains(QLatin1String("metallb.universe.tf/loadBalancerIPs")));
    // The other one is still made ClusterIP.
    QCOMPARE(specOf(p, QStringLiteral("Service"), QStringLiteral("ledger-admin"))[QLatin1String("type")].toString(), QStringLiteral("ClusterIP"));
}

void TestClonePlannerEnvironments::frontServiceIsExposed_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("expose");
    QTest::addColumn<QString>("service");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("url");
    QTest::newRow("ledger: the LoadBalancer Service") << "ledger" << "" << "ledger-api" << 80 << "http://pr-7.preview.example.com";
    QTest::newRow("ledger: --expose ledger-admin") << "ledger" << "ledger-admin" << "ledger-admin" << 8081 << "http://pr-7.preview.example.com";
    QTest::newRow("boutique: frontend-external") << "boutique" << "" << "frontend-external" << 80 << "http://pr-7.preview.example.com";
    QTest::newRow("boutique: --expose frontend") << "boutique" << "frontend" << "frontend" << 80 << "http://pr-7.preview.example.com";
    QTest::newRow("shop: beside its Ingress") << "shop" << "web" << "web" << 80 << "http://web.pr-7.preview.example.com";
}

void TestClonePlannerEnvironments::frontServiceIsExposed()
{
    QFETCH(QString, fixture);
    QFETCH(QString, expose);
    QFETCH(QString, service);
    QFETCH(int, port);
    QFETCH(QString, url);
    const Environment environment = fixture == QLatin1String("ledger") ? ledger()
        : fixture == QLatin1String("boutique")                         ? boutique()
                                                                       : loadEnvironment(pd::test::fixturePath(QStringLiteral("staging-shop.yaml")));
    CloneOptions options = optionsFor(environment);
    options.exposeService = expose;
    options.secretDecisions.insert(QStringLiteral("mail-relay"), SecretDecision::parse(QStringLiteral("omit")));
    const ClonePlan p = plan(environment, options);
    QVERIFY(p.canProceed());
    const QJsonObject *ingress = findObject(p, QStringLiteral("Ingress"), QStringLiteral("previewdesk-url"));
    QVERIFY(ingress);
    const QJsonObject rule = (*ingress)[QLatin1String("spec")][QLatin1String("rules")][0].toObject();
    QCOMPARE(QStringLiteral("http://") + rule[QLatin1String("host")].toString(), url);
    const QJsonObject backend = rule[QLatin1String("http")][QLatin1String("paths")][0][QLatin1String("backend")][QLatin1String("service")].toObject();
    QCOMPARE(backend[QLatin1String("name")].toString(), service);
    QCOMPARE(backend[QLatin1String("port")][QLatin1String("number")].toInt(), port);
    QCOMPARE(p.url, url);
    QVERIFY(row(p, QStringLiteral("Ingress/previewdesk-url"), PlanRule::Exposure));

    // --no-ingress: none made, and the plan says the preview has no URL.
    if (fixture == QLatin1String("shop"))
        return;
    options.exposeService.clear();
    options.noIngress = true;
    const ClonePlan none = plan(environment, options);
    QVERIFY(!findObject(none, QStringLiteral("Ingress"), QStringLiteral("previewdesk-url")));
    QVERIFY(none.url.isEmpty());
    QVERIFY(none.warnings.contains(QStringLiteral("--no-ingress: the preview has no URL.")));
}

void TestClonePlannerEnvironments::exposeNamesWhatTheSourceHas_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("message");
    QTest::newRow("no such service") << "payments" << 0
                                     << "--expose payments: the source has no Service payments with ports to expose "
                                        "(it has: ledger-admin, ledger-api, redis).";
    QTest::newRow("no such port") << "ledger-admin" << 9999 << "--expose ledger-admin:9999: Service ledger-admin has no port 9999 (it has: 8081).";
    QTest::newRow("headless") << "postgres" << 0
                              << "--expose postgres: the source has no Service postgres with ports to expose "
                                 "(it has: ledger-admin, ledger-api, redis).";
}

void TestClonePlannerEnvironments::exposeNamesWhatTheSourceHas()
{
    QFETCH(QString, service);
    QFETCH(int, port);
    QFETCH(QString, message);
    CloneOptions options = optionsFor(ledger());
    options.exposeService = service;
    options.exposePort = port;
    const ClonePlan p = plan(ledger(), options);
    QVERIFY(!p.canProceed());
    QCOMPARE(p.pendingDecisions.size(), 1);
    QCOMPARE(p.pendingDecisions.first().kind, PendingDecision::Kind::Exposure);
    QCOMPARE(p.pendingDecisions.first().question, message);
}

void TestClonePlannerEnvironments::quotaIsSizedToTheFootprint()
{
    // online-boutique: 12 Deployments, one replica each; loadgenerator's init container
    // declares no resources and gets the LimitRange defaults (50m/500m, 64Mi/512Mi).
    const ClonePlan p = plan(boutique(), optionsFor(boutique()));
    QVERIFY(p.canProceed());
    const QJsonObject hard = specOf(p, QStringLiteral("ResourceQuota"), QStringLiteral("previewdesk-quota"))[QLatin1String("hard")].toObject();
    // Requests 1.57 cores, limits 2.825: rolling all twelve at once would need twice that, so the caps hold.
    QCOMPARE(hard[QLatin1String("requests.cpu")].toString(), QStringLiteral("2"));
    QCOMPARE(hard[QLatin1String("limits.cpu")].toString(), QStringLiteral("4"));
    QCOMPARE(hard[QLatin1String("pods")].toString(), QStringLiteral("24"));
    // 1368Mi requested, 2736Mi with every surge: rounded up to 64Mi steps.
    QCOMPARE(hard[QLatin1String("requests.memory")].toString(), QStringLiteral("2752Mi"));
    QCOMPARE(hard[QLatin1String("requests.storage")].toString(), QStringLiteral("0"));
    const PlanRow *cpu = row(p, QStringLiteral("ResourceQuota/previewdesk-quota"), PlanRule::QuotaSize, QStringLiteral("spec.hard.limits.cpu"));
    QVERIFY(cpu);
    QCOMPARE(cpu->oldValue, QStringLiteral("cap 4"));
    QVERIFY2(cpu->newValue.contains(QLatin1String("runs 2.825")) && cpu->newValue.contains(QLatin1String("held at the cap")),
             qPrintable(cpu->newValue));

    // ledger: one replica each after the cap; ledger-admin declares nothing (defaults),
    // the CronJob runs one pod, the StatefulSet claims 20Gi.
    const ClonePlan l = plan(ledger(), optionsFor(ledger()));
    const QJsonObject ledgerHard = specOf(l, QStringLiteral("ResourceQuota"), QStringLiteral("previewdesk-quota"))[QLatin1String("hard")].toObject();
    QCOMPARE(ledgerHard[QLatin1String("requests.storage")].toString(), QStringLiteral("20Gi"));
    const PlanRow *requests = row(l, QStringLiteral("ResourceQuota/previewdesk-quota"), PlanRule::QuotaSize, QStringLiteral("spec.hard.requests.cpu"));
    QVERIFY(requests);
    QVERIFY2(requests->newValue.contains(QLatin1String("runs 0.65,")), qPrintable(requests->newValue));
}

void TestClonePlannerEnvironments::quotaThatCannotFitSaysTheNumbers()
{
    CloneOptions options = optionsFor(boutique());
    options.guards.quotaHard[QStringLiteral("limits.cpu")] = QStringLiteral("2500m");
    const ClonePlan p = plan(boutique(), options);
    QVERIFY(!p.canProceed());
    QCOMPARE(p.pendingDecisions.first().kind, PendingDecision::Kind::Quota);
    // 2.825 running; no workload has a second replica to cut.
    QCOMPARE(p.pendingDecisions.first().question,
             QStringLiteral("The environment does not fit the preview's quota: needs limits.cpu 2.825, cap 2.5 (what its 12 workloads "
                            "run at once, LimitRange defaults included): raise the cap (even one replica of each workload does not fit)."));

    // It fits under 3, but loadgenerator's rolling update (0.5 more) does not: a warning, not a block.
    options.guards.quotaHard[QStringLiteral("limits.cpu")] = QStringLiteral("3");
    const ClonePlan tight = plan(boutique(), options);
    QVERIFY(tight.canProceed());
    QCOMPARE(tight.warnings, QStringList{QStringLiteral("A rolling update needs limits.cpu 3.325 but the quota holds 3 (the cap): until "
                                                        "the cap is raised, an update of the largest workload waits for room.")});
}

void TestClonePlannerEnvironments::replicasCapMakesItFit()
{
    // A context that allows three replicas: ledger-api's three do not fit under 3.5 CPUs of limits, two do.
    CloneOptions options = optionsFor(ledger());
    options.guards.quotaHard[QStringLiteral("limits.cpu")] = QStringLiteral("3500m");
    options.guards.maxReplicasPerWorkload = 3;
    options.guards.maxHpaReplicas = 3;
    const ClonePlan tooBig = plan(ledger(), options);
    QVERIFY(!tooBig.canProceed());
    const QString question = tooBig.pendingDecisions.first().question;
    QVERIFY2(question.contains(QLatin1String("needs limits.cpu 3.7, cap 3.5")), qPrintable(question));
    QVERIFY2(question.endsWith(QLatin1String("raise the cap or pass --replicas-cap 2.")), qPrintable(question));

    options.replicasCap = 2;
    const ClonePlan fits = plan(ledger(), options);
    QVERIFY(fits.canProceed());
    QCOMPARE(specOf(fits, QStringLiteral("Deployment"), QStringLiteral("ledger-api"))[QLatin1String("replicas")].toInt(), 2);
    QCOMPARE(specOf(fits, QStringLiteral("HorizontalPodAutoscaler"), QStringLiteral("ledger-api"))[QLatin1String("minReplicas")].toInt(), 2);
}

void TestClonePlannerEnvironments::sourceNameIsRewrittenAsAWord_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");
    QTest::newRow("record prefix") << "RECORD_PREFIX" << "pr-7-";
    QTest::newRow("bucket") << "ARCHIVE_BUCKET" << "s3://pr-7-ledger-archive";
    QTest::newRow("topic prefix") << "KAFKA_TOPIC_PREFIX" << "pr-7.ledger.";
    QTest::newRow("own host without an Ingress") << "PUBLIC_URL" << "https://ledger.pr-7.payments.example.com";
    QTest::newRow("untouched") << "LOG_LEVEL" << "info";
}

void TestClonePlannerEnvironments::sourceNameIsRewrittenAsAWord()
{
    QFETCH(QString, key);
    QFETCH(QString, expected);
    const ClonePlan p = plan(ledger(), optionsFor(ledger()));
    QCOMPARE(configValue(p, key), expected);
}

void TestClonePlannerEnvironments::keysAndEmbeddedFilesStayConsistent()
{
    const ClonePlan p = plan(ledger(), optionsFor(ledger()));
    const QString conf = configValue(p, QStringLiteral("app.conf"));
    QVERIFY2(conf.contains(QLatin1String("# ledger settings for pr-7\n")), qPrintable(conf));
    QVERIFY2(conf.contains(QLatin1String("host = postgres.pr-7.svc.cluster.local\n")), qPrintable(conf));
    QVERIFY2(conf.contains(QLatin1String("prefix = pr-7-\n")), qPrintable(conf));
    QVERIFY2(conf.contains(QLatin1String("archive = s3://pr-7-ledger-archive/records/\n")), qPrintable(conf));
    // The key is a file name: renamed, and so are the volume item and the argument that read it.
    QVERIFY(configValue(p, QStringLiteral("staging-eu.properties")).isEmpty());
    const QString properties = configValue(p, QStringLiteral("pr-7.properties"));
    QCOMPARE(properties, QStringLiteral("ledger.environment=pr-7\nledger.callback=http://ledger-api.pr-7.svc:80/callbacks\n"
                                        "ledger.admin=http://ledger-admin.pr-7:8081\n"));
    const QJsonObject pod = specOf(p, QStringLiteral("Deployment"), QStringLiteral("ledger-api"))[QLatin1String("template")][QLatin1String("spec")].toObject();
    QCOMPARE(pod[QLatin1String("volumes")][0][QLatin1String("configMap")][QLatin1String("items")][0][QLatin1String("key")].toString(),
             QStringLiteral("pr-7.properties"));
    QCOMPARE(pod[QLatin1String("containers")][0][QLatin1String("args")][0].toString(), QStringLiteral("--config=/etc/ledger/pr-7.properties"));
    QVERIFY(row(p, QStringLiteral("ConfigMap/ledger-config"), PlanRule::SourceName, QStringLiteral("data.staging-eu.properties (key)")));
    // The custom resource nobody here knows gets the same rule.
    QCOMPARE(specOf(p, QStringLiteral("KafkaTopic"), QStringLiteral("ledger-events"))[QLatin1String("topicName")].toString(),
             QStringLiteral("pr-7.ledger.events"));
    // The CronJob's arguments.
    const QJsonArray args = specOf(p, QStringLiteral("CronJob"), QStringLiteral("ledger-reconcile"))[QLatin1String("jobTemplate")]
                                [QLatin1String("spec")][QLatin1String("template")][QLatin1String("spec")][QLatin1String("containers")][0]
                                [QLatin1String("args")].toArray();
    QCOMPARE(args[1].toString(), QStringLiteral("--prefix=pr-7-"));
    QCOMPARE(args[2].toString(), QStringLiteral("--archive=s3://pr-7-ledger-archive/reconcile/"));
}

void TestClonePlannerEnvironments::foreignHostsAndCaseVariantsAreKeptWithAReason()
{
    const ClonePlan p = plan(ledger(), optionsFor(ledger()));
    QCOMPARE(configValue(p, QStringLiteral("PARTNER_SANDBOX_URL")), QStringLiteral("https://api.staging-eu.partnerbank.io/v2"));
    const PlanRow *partner = row(p, QStringLiteral("ConfigMap/ledger-config"), PlanRule::Kept, QStringLiteral("data.PARTNER_SANDBOX_URL"));
    QVERIFY(partner);
    QCOMPARE(partner->newValue, QStringLiteral("kept: in the host api.staging-eu.partnerbank.io, outside the environment's own "
                                               "domains (example.com): it names someone else's service"));
    QCOMPARE(configValue(p, QStringLiteral("DISPLAY_NAME")), QStringLiteral("Ledger (Staging-EU)"));
    const PlanRow *display = row(p, QStringLiteral("ConfigMap/ledger-config"), PlanRule::Kept, QStringLiteral("data.DISPLAY_NAME"));
    QVERIFY(display);
    QVERIFY2(display->newValue.contains(QLatin1String("written \"Staging-EU\"")), qPrintable(display->newValue));
    QVERIFY(row(p, QStringLiteral("Namespace/pr-7"), PlanRule::Kept, QStringLiteral("metadata.annotations.previewdesk.io/parent")));
}

void TestClonePlannerEnvironments::tokensAreBoundedByNonAlphanumerics_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("prefix") << "staging-" << "pr-7-";
    QTest::newRow("underscore") << "staging_db" << "pr-7_db";
    QTest::newRow("inside a word") << "stagingarea" << "stagingarea";
    QTest::newRow("after a letter") << "prestaging" << "prestaging";
    QTest::newRow("path") << "/var/backups/staging/2026" << "/var/backups/pr-7/2026";
    QTest::newRow("object name") << "staging-db:5432" << "staging-db:5432";
    QTest::newRow("foreign host") << "api.staging.stripe.com" << "api.staging.stripe.com";
    QTest::newRow("own host") << "cdn.staging.example.com" << "cdn.pr-7.example.com";
    QTest::newRow("file name is no host") << "staging.backup.sql" << "pr-7.backup.sql";
    QTest::newRow("case variant") << "STAGING" << "STAGING";
}

void TestClonePlannerEnvironments::tokensAreBoundedByNonAlphanumerics()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    pd::core::clone::TextRewriter rewriter(QStringLiteral("staging"), QStringLiteral("pr-7"), {QStringLiteral("staging-db")}, {});
    rewriter.setObjectNames({QStringLiteral("staging-db")});
    rewriter.setOwnDomains({QStringLiteral("example.com")});
    QList<pd::core::clone::TextChange> changes;
    QCOMPARE(rewriter.rewrite(text, &changes), expected);
    QCOMPARE(changes.isEmpty(), text == expected);
}

void TestClonePlannerEnvironments::literalCredentialsGetOneFreshValue()
{
    const Environment environment = ledger();
    const ClonePlan p = plan(environment, optionsFor(environment));
    auto env = [&](const QString &kind, const QString &name, const QString &variable) {
        const QJsonObject spec = specOf(p, kind, name);
        for (const QJsonValue &e : spec[QLatin1String("template")][QLatin1String("spec")][QLatin1String("containers")][0][QLatin1String("env")].toArray())
            if (e[QLatin1String("name")].toString() == variable)
                return e[QLatin1String("value")].toString();
        return QString();
    };
    const QString password = env(QStringLiteral("StatefulSet"), QStringLiteral("postgres"), QStringLiteral("POSTGRES_PASSWORD"));
    QCOMPARE(password.size(), 32);
    QVERIFY(password != QLatin1String("Ldg-Stg-Db-7Qx2Kp9"));
    // The client's URL carries the same fresh password, so the database and its client still agree.
    QCOMPARE(env(QStringLiteral("Deployment"), QStringLiteral("ledger-api"), QStringLiteral("DATABASE_URL")),
             QStringLiteral("postgres://ledger:%1@postgres.pr-7.svc.cluster.local:5432/ledger").arg(password));
    QVERIFY(env(QStringLiteral("Deployment"), QStringLiteral("ledger-api"), QStringLiteral("PSP_API_KEY")) != QLatin1String("pk_live_4Hq8ZxT2mW9rL0vB"));
    QCOMPARE(env(QStringLiteral("Deployment"), QStringLiteral("ledger-api"), QStringLiteral("PSP_API_KEY_FILE")), QStringLiteral("/etc/psp/key"));
    QCOMPARE(env(QStringLiteral("StatefulSet"), QStringLiteral("postgres"), QStringLiteral("POSTGRES_USER")), QStringLiteral("ledger"));
    // Rows name the fields, masked; neither the old nor the new value shows.
    const PlanRow *literal = row(p, QStringLiteral("StatefulSet/postgres"), PlanRule::LiteralCredential);
    QVERIFY(literal && literal->secret);
    const QByteArray rows = QJsonDocument(p.toJson()[QLatin1String("rows")].toArray()).toJson();
    QVERIFY(!rows.contains(password.toUtf8()));
    QVERIFY(!rows.contains("Ldg-Stg-Db-7Qx2Kp9"));
}

QTEST_GUILESS_MAIN(TestClonePlannerEnvironments)
#include "tst_cloneplannerenvironments.moc"
