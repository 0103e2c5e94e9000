// The clone planner on the exported staging environment: every clone-safety
// invariant of DESIGN.md is checked in code, and secrets are classified and decided.
#include "cloneplannertestutil.h"

#include "kube/quantity.h"

using namespace pd::core;
using namespace pd::core::test;

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
    void secretsAreClassified();
    void regeneratedSecretsDifferFromSourceAndBetweenClones();
    void undecidedSecretBlocksThePlan();
    void secretDecisions_data();
    void secretDecisions();
    void omittedSecretReferencesBecomeOptional();
    void enteredValuesMakeTheSecret();
    void cloudIdentityNeedsADecision();
    void dryRunJsonMasksSecrets();
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
    // Sized to the shop (quotasizer.h), never above the context's cap.
    const auto cpu = pd::kube::Quantity::fromJson((*quota)[QLatin1String("spec")][QLatin1String("hard")][QLatin1String("requests.cpu")]);
    QVERIFY(cpu && !cpu->isZero() && *cpu <= pd::kube::Quantity::fromString(u"2"));
    QVERIFY(hasRow(plan, QStringLiteral("ResourceQuota/previewdesk-quota"), PlanRule::QuotaSize));
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
// previewctl's --secret NAME=stdin: KEY=VALUE lines become the preview's Secret; a value
// is never repeated in an error or a row.
void TestClonePlanner::enteredValuesMakeTheSecret()
{
    QString error;
    const SecretDecision entered = SecretDecision::enteredValues("# mail relay\r\nSMTP_PASSWORD=s3cr=t-typed\n\n", &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(entered.kind, SecretDecision::Kind::EnterValue);
    QCOMPARE(entered.values.value(QStringLiteral("SMTP_PASSWORD")), QByteArray("s3cr=t-typed"));
    QCOMPARE(SecretDecision::enteredValues("SMTP_PASSWORD=x\nno-equals-s3cret\n", &error).kind, SecretDecision::Kind::Undecided);
    QCOMPARE(error, QStringLiteral("line 2 is not KEY=VALUE"));
    QCOMPARE(SecretDecision::enteredValues("\n# nothing\n", &error).kind, SecretDecision::Kind::Undecided);

    CloneOptions options = shopOptions();
    options.secretDecisions[QStringLiteral("mail-relay")] = entered;
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadFixture(), options, kNow, random);
    QVERIFY(plan.canProceed());
    const QJsonObject *secret = findObject(plan, QStringLiteral("Secret"), QStringLiteral("mail-relay"));
    QVERIFY(secret);
    QCOMPARE((*secret)[QLatin1String("data")][QLatin1String("SMTP_PASSWORD")].toString(),
             QString::fromLatin1(QByteArray("s3cr=t-typed").toBase64()));
    for (const PlanRow &row : plan.rows)
        QVERIFY(!row.newValue.contains(QLatin1String("s3cr=t-typed")) && !row.oldValue.contains(QLatin1String("s3cr=t-typed")));

    // A key without a value leaves the decision open, and the question says which.
    options.secretDecisions[QStringLiteral("mail-relay")] = SecretDecision::enteredValues("SMTP_USER=relay\n");
    const ClonePlan incomplete = planClone(loadFixture(), options, kNow, random);
    QVERIFY(!incomplete.canProceed());
    QVERIFY(!findObject(incomplete, QStringLiteral("Secret"), QStringLiteral("mail-relay")));
    QVERIFY2(incomplete.pendingDecisions.first().question.endsWith(QLatin1String("The values entered have no SMTP_PASSWORD.")),
             qPrintable(incomplete.pendingDecisions.first().question));
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

QTEST_GUILESS_MAIN(TestClonePlanner)
#include "tst_cloneplanner.moc"
