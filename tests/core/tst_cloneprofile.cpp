// The clone profile: a source's standing decisions in a ConfigMap its namespace
// names. It is parsed with errors that name the line and key, decides what flags
// leave open (flags win), caps the quota below the context's, and is itself
// never cloned.
#include "helmirsatestutil.h"

#include "core/clone/cloneprofile.h"

using namespace pd::core;
using namespace pd::core::test;

class TestCloneProfile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void profileDecidesWithoutFlags();
    void flagsWinOverTheProfile();
    void quotaCapsStayBelowTheContext();
    void parseErrors_data();
    void parseErrors();
    void sourceErrors_data();
    void sourceErrors();
    void nameTemplates_data();
    void nameTemplates();
    void buildIsRead();
};

namespace {

const QString kProfile = QStringLiteral(
    "# standing decisions for cloning staging-eks\n"
    "nameTemplate: \"pr-{pr}\"\n"
    "hostTemplate: \"{name}.eks.example.com\"\n"
    "secrets:\n"
    "  orders-smtp: omit\n"
    "identities:\n"
    "  orders: drop\n"
    "secretKeys:\n"
    "  orders-payments: rewrite\n"
    "secretKeyMapping:\n"
    "  \"shop/staging-eks/\": \"shop/preview/{name}/\"\n"
    "expose: [\"orders:80\"]\n"
    "quota:\n"
    "  limits.cpu: \"3\"\n");

} // namespace

void TestCloneProfile::profileDecidesWithoutFlags()
{
    CloneOptions options = helmIrsaOptions();
    options.secretDecisions.clear();
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(withProfile(loadHelmIrsaApp(), kProfile), options, kNow, random);
    QVERIFY2(plan.canProceed(), qPrintable(plan.pendingDecisions.value(0).question));
    QVERIFY(plan.warnings.isEmpty());
    for (const QString &object : {QStringLiteral("ServiceAccount/orders"), QStringLiteral("Secret/orders-smtp"),
                                  QStringLiteral("ExternalSecret/orders-payments")}) {
        const CloneDecision *decision = findDecision(plan, object);
        QVERIFY2(decision, qPrintable(object));
        QCOMPARE(decision->decidedBy, CloneDecision::DecidedBy::Profile);
    }
    const QJsonObject *account = findObject(plan, QStringLiteral("ServiceAccount"), QStringLiteral("orders"));
    QVERIFY(!(*account)[QLatin1String("metadata")][QLatin1String("annotations")].toObject().contains(QLatin1String("eks.amazonaws.com/role-arn")));
    QVERIFY(!findObject(plan, QStringLiteral("Secret"), QStringLiteral("orders-smtp")));
    const QJsonObject *external = findObject(plan, QStringLiteral("ExternalSecret"), QStringLiteral("orders-payments"));
    QCOMPARE((*external)[QLatin1String("spec")][QLatin1String("data")][0][QLatin1String("remoteRef")][QLatin1String("key")].toString(),
             QStringLiteral("shop/preview/pr-7/payments-api-key"));
    // The profile itself stays in the source, with a row that says why.
    QVERIFY(!findObject(plan, QStringLiteral("ConfigMap"), QStringLiteral("clone-profile")));
    const PlanRow *row = findRow(plan, QStringLiteral("ConfigMap/clone-profile"));
    QVERIFY(row);
    QCOMPARE(row->rule, PlanRule::Dropped);
    QVERIFY(row->newValue.contains(QLatin1String("clone profile")));
    // The ConfigMap's key names the source; it is in no object of the preview.
    QVERIFY(!serialized(plan.manifests(false)).contains("shop/staging-eks/payments-api-key"));
}

void TestCloneProfile::flagsWinOverTheProfile()
{
    CloneOptions options = helmIrsaOptions();   // --secret orders-smtp=generate
    options.identityDecisions.insert(QStringLiteral("orders"), IdentityDecision::Keep);
    options.secretKeyDecisions.insert(QStringLiteral("orders-payments"), SecretKeyDecision::Keep);
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(withProfile(loadHelmIrsaApp(), kProfile), options, kNow, random);
    QVERIFY(plan.canProceed());
    QCOMPARE(findDecision(plan, QStringLiteral("ServiceAccount/orders"))->choice, QStringLiteral("keep"));
    QCOMPARE(findDecision(plan, QStringLiteral("ServiceAccount/orders"))->decidedBy, CloneDecision::DecidedBy::Flag);
    QCOMPARE(findDecision(plan, QStringLiteral("Secret/orders-smtp"))->choice, QStringLiteral("generate"));
    QVERIFY(findObject(plan, QStringLiteral("Secret"), QStringLiteral("orders-smtp")));
    const QJsonObject *external = findObject(plan, QStringLiteral("ExternalSecret"), QStringLiteral("orders-payments"));
    QCOMPARE((*external)[QLatin1String("spec")][QLatin1String("data")][0][QLatin1String("remoteRef")][QLatin1String("key")].toString(),
             QStringLiteral("shop/staging-eks/payments-api-key"));
}

void TestCloneProfile::quotaCapsStayBelowTheContext()
{
    QString error;
    const auto parsed = CloneProfile::parse(QByteArrayLiteral("quota: {limits.cpu: \"3\", limits.memory: 64Gi}\n"), QStringLiteral("p"), &error);
    QVERIFY2(parsed, qPrintable(error));
    SourceCloneProfile source;
    source.configMap = QStringLiteral("clone-profile");
    source.profile = *parsed;
    const CloneOptions options = withCloneProfile(helmIrsaOptions(), source);
    QCOMPARE(options.guards.quotaHard[QStringLiteral("limits.cpu")].toString(), QStringLiteral("3"));      // lowered
    QCOMPARE(options.guards.quotaHard[QStringLiteral("limits.memory")].toString(), QStringLiteral("8Gi")); // never raised
}

void TestCloneProfile::parseErrors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error");
    QTest::newRow("syntax") << QByteArray("identities:\n  orders: [drop\n") << "profile.yaml:";
    QTest::newRow("unknown key") << QByteArray("secrets: {}\nidentity:\n  orders: drop\n")
                                 << "profile.yaml:2: identity: unknown key; a clone profile knows nameTemplate";
    QTest::newRow("tagged ci image") << QByteArray("ciImages: [registry.example.com/shop/api:pr-1]\nciArtifact: images\n")
                                     << "profile.yaml:1: ciImages: \"registry.example.com/shop/api:pr-1\" is not an image repository";
    QTest::newRow("ci images not a list") << QByteArray("ciImages: registry.example.com/shop/api\n")
                                          << "profile.yaml:1: ciImages: expected a list of image repositories";
    QTest::newRow("ci artifact not text") << QByteArray("ciArtifact: [images]\n") << "profile.yaml:1: ciArtifact: expected text";
    QTest::newRow("identity") << QByteArray("# x\nidentities:\n  other: keep\n  orders: delete\n")
                              << "profile.yaml:4: identities.orders: \"delete\" is not a cloud-identity decision: use drop (recommended) or keep";
    QTest::newRow("secret") << QByteArray("secrets:\n  orders-smtp: copy\n")
                            << "profile.yaml:2: secrets.orders-smtp: \"copy\" is not a secret decision";
    QTest::newRow("secret key") << QByteArray("secretKeys:\n  orders-payments: share\n")
                                << "profile.yaml:2: secretKeys.orders-payments: \"share\" is not a secret-key decision: use keep, rewrite or generate";
    QTest::newRow("host without name") << QByteArray("hostTemplate: preview.example.com\n")
                                       << "profile.yaml:1: hostTemplate: needs {name}";
    QTest::newRow("name placeholder") << QByteArray("nameTemplate: \"pr-{number}\"\n")
                                      << "profile.yaml:1: nameTemplate: unknown placeholder {number}";
    QTest::newRow("identities not a map") << QByteArray("identities: [orders]\n") << "profile.yaml:1: identities: expected a map";
    QTest::newRow("quota resource") << QByteArray("quota:\n  cpu: 2\n") << "profile.yaml:2: quota.cpu: not a capped resource";
    QTest::newRow("quota value") << QByteArray("quota:\n  limits.cpu: lots\n") << "profile.yaml:2: quota.limits.cpu: \"lots\" is not a quantity";
    QTest::newRow("expose") << QByteArray("expose: [\"Web Front\"]\n") << "profile.yaml:1: expose: \"Web Front\" is not SERVICE[:PORT]";
}

void TestCloneProfile::parseErrors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);
    QString actual;
    QVERIFY(!CloneProfile::parse(yaml, QStringLiteral("profile.yaml"), &actual));
    QVERIFY2(actual.startsWith(error), qPrintable(actual));
}

void TestCloneProfile::sourceErrors_data()
{
    QTest::addColumn<QString>("configMap");   // what the annotation names
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("error");
    QTest::newRow("missing configmap") << "profiles" << "identities: {orders: drop}\n"
                                       << "namespace staging-eks names the clone profile ConfigMap \"profiles\"";
    QTest::newRow("bad value") << "clone-profile" << "identities:\n  orders: nope\n"
                               << "ConfigMap staging-eks/clone-profile profile.yaml:2: identities.orders:";
}

void TestCloneProfile::sourceErrors()
{
    QFETCH(QString, configMap);
    QFETCH(QString, yaml);
    QFETCH(QString, error);
    QList<QJsonObject> source = withProfile(loadHelmIrsaApp(), yaml);
    for (QJsonObject &object : source)
        if (object[QLatin1String("kind")].toString() == QLatin1String("Namespace")) {
            QJsonObject metadata = object[QLatin1String("metadata")].toObject();
            metadata.insert(QStringLiteral("annotations"), QJsonObject{{QStringLiteral("previewdesk.io/clone-profile"), configMap}});
            object.insert(QStringLiteral("metadata"), metadata);
        }
    const SourceCloneProfile read = readCloneProfile(source, QStringLiteral("staging-eks"));
    QVERIFY(!read.found());
    QVERIFY2(read.error.startsWith(error), qPrintable(read.error));
    // The planner does not use a broken profile, says so, and still asks what is open.
    QRandomGenerator random(1);
    const ClonePlan plan = planClone(source, helmIrsaOptions(), kNow, random);
    QCOMPARE(plan.pendingDecisions.size(), 1);
    QVERIFY(plan.warnings.join(QLatin1Char('\n')).contains(read.error));
}

void TestCloneProfile::nameTemplates_data()
{
    QTest::addColumn<QString>("nameTemplate");
    QTest::addColumn<QString>("expected");
    QTest::newRow("pr") << "pr-{pr}" << "pr-7";
    QTest::newRow("source and pr") << "{source}-pr-{pr}" << "staging-eks-pr-7";
    QTest::newRow("branch") << "{branch}" << "feature-checkout-redesign";
}

void TestCloneProfile::nameTemplates()
{
    QFETCH(QString, nameTemplate);
    QFETCH(QString, expected);
    CloneOptions options = helmIrsaOptions();
    options.branch = QStringLiteral("Feature/Checkout_Redesign");
    QCOMPARE(expandNameTemplate(nameTemplate, options), expected);
    QCOMPARE(validatePreviewName(expected), QString());
}

void TestCloneProfile::buildIsRead()
{
    QString error;
    const auto profile = CloneProfile::parse("ciImages:\n  - registry.example.com:5000/shop/api\n  - ghcr.io/octo-org/web\nciArtifact: images\n",
                                             QStringLiteral("profile.yaml"), &error);
    QVERIFY2(profile, qPrintable(error));
    QCOMPARE(profile->ciImages, (QStringList{QStringLiteral("registry.example.com:5000/shop/api"), QStringLiteral("ghcr.io/octo-org/web")}));
    QCOMPARE(profile->ciArtifact, QStringLiteral("images"));
}

QTEST_GUILESS_MAIN(TestCloneProfile)
#include "tst_cloneprofile.moc"
