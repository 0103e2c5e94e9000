// The clone planner's decisions on a Helm-managed EKS app: one decision per
// ServiceAccount with a cloud identity, per secret without a source and per
// ExternalSecret whose remote keys name the source; each names the flag that
// decides it, and the answers change the preview as asked.
#include "helmirsatestutil.h"

using namespace pd::core;
using namespace pd::core::test;

class TestClonePlannerDecisions final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void irsaWithoutFlagsAsksOneDecision();
    void everyOpenDecisionNamesItsFlag();
    void identityDecisions_data();
    void identityDecisions();
    void secretKeyDecisions_data();
    void secretKeyDecisions();
    void generatedSecretKeysUseThePasswordGenerator();
    void generateNeedsThePasswordGenerator();
    void extractedKeysAreDecidedToo();
    void everyKindNamesItsFlag_data();
    void everyKindNamesItsFlag();
    void decisionsAppearInTheJsonPlan();
};

void TestClonePlannerDecisions::irsaWithoutFlagsAsksOneDecision()
{
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadHelmIrsaApp(), helmIrsaOptions(), kNow, random);
    QVERIFY(!plan.canProceed());
    QCOMPARE(plan.pendingDecisions.size(), 1);
    const CloneDecision &decision = plan.pendingDecisions.first();
    QCOMPARE(decision.kind, CloneDecision::Kind::CloudIdentity);
    QCOMPARE(decision.object, QStringLiteral("ServiceAccount/orders"));
    QCOMPARE(decision.flag(), QStringLiteral("--identity orders=drop|keep"));
    QCOMPARE(decision.choices().first(), QStringLiteral("drop"));   // the recommended answer first
    QVERIFY2(decision.question.contains(QLatin1String("arn:aws:iam::210987654321:role/staging-eks-orders")), qPrintable(decision.question));
    QVERIFY2(decision.question.contains(QLatin1String("drop it (recommended) or keep it")), qPrintable(decision.question));
    // Every decision is listed once, made or open: the identity, the secret, the ExternalSecret's keys.
    QStringList objects;
    for (const CloneDecision &d : plan.decisions)
        objects << d.object;
    QCOMPARE(objects.size(), 3);
    QCOMPARE(QSet<QString>(objects.begin(), objects.end()),
             (QSet<QString>{QStringLiteral("ServiceAccount/orders"), QStringLiteral("Secret/orders-smtp"),
                            QStringLiteral("ExternalSecret/orders-payments")}));
    QCOMPARE(findDecision(plan, QStringLiteral("Secret/orders-smtp"))->decidedBy, CloneDecision::DecidedBy::Flag);
    QCOMPARE(findDecision(plan, QStringLiteral("Secret/orders-smtp"))->choice, QStringLiteral("generate"));
    // The executor would refuse it: nothing of the account is in the plan undecided.
    QVERIFY(!hasRow(plan, QStringLiteral("ServiceAccount/orders"), PlanRule::CloudIdentity));
}

void TestClonePlannerDecisions::everyOpenDecisionNamesItsFlag()
{
    CloneOptions options = helmIrsaOptions();
    options.secretDecisions.clear();
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadHelmIrsaApp(), options, kNow, random);
    QCOMPARE(plan.pendingDecisions.size(), 2);
    QStringList flags;
    for (const CloneDecision &decision : plan.pendingDecisions)
        flags << decision.flag();
    flags.sort();
    QCOMPARE(flags, (QStringList{QStringLiteral("--identity orders=drop|keep"),
                                 QStringLiteral("--secret orders-smtp=generate|omit|ref:STORE/KEY|stdin")}));
    const CloneDecision *secret = findDecision(plan, QStringLiteral("Secret/orders-smtp"));
    QVERIFY(secret->question.contains(QLatin1String("SMTP_PASSWORD")));
    // Every choice the question names has a spelling: previewctl reads entered values from stdin.
    QVERIFY2(secret->question.contains(QLatin1String("enter the values")), qPrintable(secret->question));
    QVERIFY(secret->choices().contains(QLatin1String("stdin")));
}

void TestClonePlannerDecisions::identityDecisions_data()
{
    QTest::addColumn<QString>("decision");
    QTest::addColumn<bool>("annotationKept");
    QTest::newRow("drop") << "drop" << false;
    QTest::newRow("keep") << "keep" << true;
}

void TestClonePlannerDecisions::identityDecisions()
{
    QFETCH(QString, decision);
    QFETCH(bool, annotationKept);
    CloneOptions options = helmIrsaOptions();
    QString error;
    options.identityDecisions.insert(QStringLiteral("orders"), parseIdentityDecision(decision, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadHelmIrsaApp(), options, kNow, random);
    QVERIFY(plan.canProceed());
    const QJsonObject *account = findObject(plan, QStringLiteral("ServiceAccount"), QStringLiteral("orders"));
    QVERIFY(account);
    const QJsonObject annotations = (*account)[QLatin1String("metadata")][QLatin1String("annotations")].toObject();
    QCOMPARE(annotations.contains(QLatin1String("eks.amazonaws.com/role-arn")), annotationKept);
    QVERIFY(annotations.contains(QLatin1String("meta.helm.sh/release-name")));   // only the identity is decided
    const PlanRow *row = findRow(plan, QStringLiteral("ServiceAccount/orders"), QStringLiteral("metadata.annotations.eks.amazonaws.com/role-arn"));
    QVERIFY(row);
    QCOMPARE(row->rule, PlanRule::CloudIdentity);
    QCOMPARE(row->newValue.startsWith(QLatin1String("(dropped)")), !annotationKept);
    QCOMPARE(findDecision(plan, QStringLiteral("ServiceAccount/orders"))->choice, decision);

    QCOMPARE(parseIdentityDecision(QStringLiteral("remove"), &error), IdentityDecision::Undecided);
    QVERIFY2(error.contains(QLatin1String("drop (recommended) or keep")), qPrintable(error));
}

void TestClonePlannerDecisions::secretKeyDecisions_data()
{
    QTest::addColumn<QString>("decision");   // "" = none given
    QTest::addColumn<bool>("withMapping");
    QTest::addColumn<QString>("expectedKey");
    QTest::addColumn<int>("decidedBy");
    QTest::newRow("none: kept, listed") << "" << false << "shop/staging-eks/payments-api-key" << int(CloneDecision::DecidedBy::Default);
    QTest::newRow("keep") << "keep" << false << "shop/staging-eks/payments-api-key" << int(CloneDecision::DecidedBy::Flag);
    QTest::newRow("rewrite, no mapping") << "rewrite" << false << "shop/pr-7/payments-api-key" << int(CloneDecision::DecidedBy::Flag);
    QTest::newRow("rewrite by mapping") << "rewrite" << true << "shop/preview/pr-7/payments-api-key" << int(CloneDecision::DecidedBy::Flag);
}

void TestClonePlannerDecisions::secretKeyDecisions()
{
    QFETCH(QString, decision);
    QFETCH(bool, withMapping);
    QFETCH(QString, expectedKey);
    QFETCH(int, decidedBy);
    CloneOptions options = helmIrsaOptions();
    options.identityDecisions.insert(QStringLiteral("orders"), IdentityDecision::Drop);
    if (!decision.isEmpty())
        options.secretKeyDecisions.insert(QStringLiteral("orders-payments"), parseSecretKeyDecision(decision));
    if (withMapping)
        options.secretKeyMapping = {{QStringLiteral("shop/staging-eks/"), QStringLiteral("shop/preview/pr-7/")},
                                    {QStringLiteral("shop/"), QStringLiteral("wrong/")}};   // the longest prefix wins
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadHelmIrsaApp(), options, kNow, random);
    QVERIFY(plan.canProceed());
    const QJsonObject *external = findObject(plan, QStringLiteral("ExternalSecret"), QStringLiteral("orders-payments"));
    QVERIFY(external);
    const QJsonArray data = (*external)[QLatin1String("spec")][QLatin1String("data")].toArray();
    QCOMPARE(data[0][QLatin1String("remoteRef")][QLatin1String("key")].toString(), expectedKey);
    // A key that does not name the source is shared and asks nothing.
    QCOMPARE(data[1][QLatin1String("remoteRef")][QLatin1String("key")].toString(), QStringLiteral("shop/shared/payments-public-key"));
    const PlanRow *row = findRow(plan, QStringLiteral("ExternalSecret/orders-payments"), QStringLiteral("spec.data[0].remoteRef.key"));
    QVERIFY(row);
    QCOMPARE(row->rule, PlanRule::SecretKey);
    QCOMPARE(row->oldValue, QStringLiteral("shop/staging-eks/payments-api-key"));
    if (expectedKey == row->oldValue)
        QVERIFY2(row->newValue.startsWith(QLatin1String("kept: shop/staging-eks/payments-api-key (shared with staging-eks")), qPrintable(row->newValue));
    else
        QCOMPARE(row->newValue, expectedKey);
    QVERIFY(!findRow(plan, QStringLiteral("ExternalSecret/orders-payments"), QStringLiteral("spec.data[1].remoteRef.key")));
    const CloneDecision *asked = findDecision(plan, QStringLiteral("ExternalSecret/orders-payments"));
    QVERIFY(asked);
    QCOMPARE(int(asked->decidedBy), decidedBy);
    QCOMPARE(asked->flag(), QStringLiteral("--secret-key orders-payments=keep|rewrite|generate"));
}

void TestClonePlannerDecisions::generatedSecretKeysUseThePasswordGenerator()
{
    CloneOptions options = helmIrsaOptions();
    options.identityDecisions.insert(QStringLiteral("orders"), IdentityDecision::Drop);
    options.secretKeyDecisions.insert(QStringLiteral("orders-payments"), SecretKeyDecision::Generate);
    options.passwordGeneratorServed = true;
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadHelmIrsaApp(), options, kNow, random);
    QVERIFY(plan.canProceed());
    const QJsonObject *generator = findObject(plan, QStringLiteral("Password"), QStringLiteral("orders-payments-payments-api-key"));
    QVERIFY(generator);
    QCOMPARE((*generator)[QLatin1String("apiVersion")].toString(), QStringLiteral("generators.external-secrets.io/v1alpha1"));
    QCOMPARE((*generator)[QLatin1String("metadata")][QLatin1String("namespace")].toString(), QStringLiteral("pr-7"));
    const QJsonObject spec = (*findObject(plan, QStringLiteral("ExternalSecret"), QStringLiteral("orders-payments")))[QLatin1String("spec")].toObject();
    const QJsonArray data = spec[QLatin1String("data")].toArray();
    QCOMPARE(data.size(), 1);   // the shared key stays read from the secret manager
    QCOMPARE(data[0][QLatin1String("secretKey")].toString(), QStringLiteral("PAYMENTS_PUBLIC_KEY"));
    const QJsonObject from = spec[QLatin1String("dataFrom")][0].toObject();
    QCOMPARE(from[QLatin1String("sourceRef")][QLatin1String("generatorRef")][QLatin1String("kind")].toString(), QStringLiteral("Password"));
    QCOMPARE(from[QLatin1String("sourceRef")][QLatin1String("generatorRef")][QLatin1String("name")].toString(), QStringLiteral("orders-payments-payments-api-key"));
    QCOMPARE(from[QLatin1String("rewrite")][0][QLatin1String("regexp")][QLatin1String("target")].toString(), QStringLiteral("PAYMENTS_API_KEY"));
    QCOMPARE(spec[QLatin1String("refreshInterval")].toString(), QStringLiteral("0"));   // generated once, kept
    // The generator is created no later than the ExternalSecret that reads it (ESO retries until it exists).
    qsizetype generatorAt = -1, externalAt = -1;
    for (qsizetype i = 0; i < plan.objects.size(); ++i) {
        const QString kind = plan.objects[i].object[QLatin1String("kind")].toString();
        if (kind == QLatin1String("Password"))
            generatorAt = i;
        if (kind == QLatin1String("ExternalSecret"))
            externalAt = i;
    }
    QVERIFY(generatorAt >= 0 && externalAt >= 0);
    QVERIFY(plan.objects[generatorAt].tier <= plan.objects[externalAt].tier);
}

void TestClonePlannerDecisions::generateNeedsThePasswordGenerator()
{
    CloneOptions options = helmIrsaOptions();
    options.identityDecisions.insert(QStringLiteral("orders"), IdentityDecision::Drop);
    options.secretKeyDecisions.insert(QStringLiteral("orders-payments"), SecretKeyDecision::Generate);
    options.passwordGeneratorServed = false;
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(loadHelmIrsaApp(), options, kNow, random);
    QCOMPARE(plan.pendingDecisions.size(), 1);
    const CloneDecision &open = plan.pendingDecisions.first();
    QCOMPARE(open.kind, CloneDecision::Kind::SecretKey);
    QCOMPARE(open.flag(), QStringLiteral("--secret-key orders-payments=keep|rewrite|generate"));
    QVERIFY2(open.question.contains(QLatin1String("does not serve")), qPrintable(open.question));
    QVERIFY(!findObject(plan, QStringLiteral("Password"), QStringLiteral("orders-payments-payments-api-key")));
}

void TestClonePlannerDecisions::extractedKeysAreDecidedToo()
{
    // spec.dataFrom[].extract.key names the source as well: rewritten like data[], never generated.
    QList<QJsonObject> source = loadHelmIrsaApp();
    for (QJsonObject &object : source) {
        if (object[QLatin1String("kind")].toString() != QLatin1String("ExternalSecret"))
            continue;
        QJsonObject spec = object[QLatin1String("spec")].toObject();
        spec.insert(QStringLiteral("dataFrom"), QJsonArray{QJsonObject{{QStringLiteral("extract"),
            QJsonObject{{QStringLiteral("key"), QStringLiteral("shop/staging-eks/orders-mail")}}}}});
        object.insert(QStringLiteral("spec"), spec);
    }
    CloneOptions options = helmIrsaOptions();
    options.identityDecisions.insert(QStringLiteral("orders"), IdentityDecision::Drop);
    options.secretKeyDecisions.insert(QStringLiteral("orders-payments"), SecretKeyDecision::Rewrite);
    QRandomGenerator random(1);
    ClonePlan plan = planClone(source, options, kNow, random);
    QVERIFY(plan.canProceed());
    const QJsonObject *external = findObject(plan, QStringLiteral("ExternalSecret"), QStringLiteral("orders-payments"));
    QCOMPARE((*external)[QLatin1String("spec")][QLatin1String("dataFrom")][0][QLatin1String("extract")][QLatin1String("key")].toString(),
             QStringLiteral("shop/pr-7/orders-mail"));
    QVERIFY(findRow(plan, QStringLiteral("ExternalSecret/orders-payments"), QStringLiteral("spec.dataFrom[0].extract.key")));

    options.secretKeyDecisions.insert(QStringLiteral("orders-payments"), SecretKeyDecision::Generate);
    options.passwordGeneratorServed = true;
    QRandomGenerator random2(1);
    plan = planClone(source, options, kNow, random2);
    QCOMPARE(plan.pendingDecisions.size(), 1);
    QVERIFY2(plan.pendingDecisions.first().question.contains(QLatin1String("extracts the whole secret shop/staging-eks/orders-mail")),
             qPrintable(plan.pendingDecisions.first().question));
}

void TestClonePlannerDecisions::everyKindNamesItsFlag_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("kindName");
    QTest::newRow("secret") << int(CloneDecision::Kind::Secret) << "--secret x=generate|omit|ref:STORE/KEY|stdin" << "secret";
    QTest::newRow("identity") << int(CloneDecision::Kind::CloudIdentity) << "--identity x=drop|keep" << "cloud-identity";
    QTest::newRow("secret key") << int(CloneDecision::Kind::SecretKey) << "--secret-key x=keep|rewrite|generate" << "secret-key";
    QTest::newRow("quota") << int(CloneDecision::Kind::Quota) << "--replicas-cap N" << "quota";
    QTest::newRow("exposure") << int(CloneDecision::Kind::Exposure) << "--expose SVC[:PORT] or --no-ingress" << "exposure";
}

void TestClonePlannerDecisions::everyKindNamesItsFlag()
{
    QFETCH(int, kind);
    QFETCH(QString, flag);
    QFETCH(QString, kindName);
    CloneDecision decision;
    decision.kind = CloneDecision::Kind(kind);
    decision.name = QStringLiteral("x");
    QCOMPARE(decision.flag(), flag);
    QCOMPARE(decision.kindName(), kindName);
    QVERIFY(decision.isOpen());
    QCOMPARE(decision.toJson()[QLatin1String("decidedBy")].toString(), QStringLiteral("open"));
}

void TestClonePlannerDecisions::decisionsAppearInTheJsonPlan()
{
    QRandomGenerator random(1);
    const QJsonObject json = planClone(loadHelmIrsaApp(), helmIrsaOptions(), kNow, random).toJson();
    const QJsonArray pending = json[QLatin1String("pendingDecisions")].toArray();
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending[0][QLatin1String("flag")].toString(), QStringLiteral("--identity orders=drop|keep"));
    QCOMPARE(pending[0][QLatin1String("decidedBy")].toString(), QStringLiteral("open"));
    QCOMPARE(json[QLatin1String("decisions")].toArray().size(), 3);
}

QTEST_GUILESS_MAIN(TestClonePlannerDecisions)
#include "tst_cloneplannerdecisions.moc"
