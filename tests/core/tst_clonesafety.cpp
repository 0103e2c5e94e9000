// The clone-safety invariants on every exported environment, one data row per
// fixture (tests/support/testpaths.h: environmentFixtures): the shop, public
// applications as their authors publish them, and the repository's own exports.
// The checks (tests/support/clonesafety.h) are written apart from the planner.
#include "cloneplannertestutil.h"
#include "clonesafety.h"

#include "core/clone/jsonwalk.h"
#include "core/clone/workloadadjuster.h"
#include "core/contract.h"
#include "kube/quantity.h"

#include <QFileInfo>
#include <QUrl>

using namespace pd::core;
using namespace pd::core::test;
namespace safety = pd::test::clonesafety;

class TestCloneSafety final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sourceIsNeverChanged_data() { addFixtureRows(); }
    void sourceIsNeverChanged();
    void noSourceCredentialInThePlan_data() { addFixtureRows(); }
    void noSourceCredentialInThePlan();
    void sourceNameNeverSurvivesSilently_data() { addFixtureRows(); }
    void sourceNameNeverSurvivesSilently();
    void nothingClusterWideIsClaimed_data() { addFixtureRows(); }
    void nothingClusterWideIsClaimed();
    void everyPreviewHasAUrl_data() { addFixtureRows(); }
    void everyPreviewHasAUrl();
    void quotaFitsTheEnvironment_data() { addFixtureRows(); }
    void quotaFitsTheEnvironment();

private:
    static void addFixtureRows();
};

void TestCloneSafety::initTestCase()
{
    const QStringList files = pd::test::environmentFixtures();
    // The shop, at least one published application and at least one export of ours.
    QVERIFY2(files.size() >= 3, qPrintable(files.join(QLatin1Char('\n'))));
    QVERIFY(std::any_of(files.begin(), files.end(), [](const QString &f) { return f.contains(QLatin1String("/real/")); }));
    QVERIFY(std::any_of(files.begin(), files.end(), [](const QString &f) { return f.contains(QLatin1String("tests/fixtures/")); }));
}

void TestCloneSafety::addFixtureRows()
{
    QTest::addColumn<QString>("path");
    for (const QString &path : pd::test::environmentFixtures())
        QTest::newRow(qPrintable(QFileInfo(path).completeBaseName())) << path;
}

namespace {

struct Planned
{
    Environment environment;
    CloneOptions options;
    ClonePlan plan;
};

// CI+CD: the source declares a build of every image it runs (the workflow on its namespace,
// ciImages and ciArtifact in its clone profile) and the build reported a digest for each.
void declareBuild(QList<QJsonObject> &objects, CloneOptions &options)
{
    namespace contract = pd::core::contract;
    QStringList images;
    for (const QJsonObject &object : std::as_const(objects)) {
        const QString specPath = pd::core::clone::podSpecPath(object.value(QLatin1String("kind")).toString());
        if (specPath.isEmpty())
            continue;
        for (const QJsonValue &container : pd::core::clone::valueAt(object, specPath + QLatin1String(".containers")).toArray()) {
            const QString image = pd::core::clone::imageRepository(container.toObject().value(QLatin1String("image")).toString());
            if (!images.contains(image))
                images << image;
        }
    }
    const QString yaml = QStringLiteral("\nciImages: [%1]\nciArtifact: images\n").arg(images.join(QStringLiteral(", ")));
    QString profile = QStringLiteral("preview-build-profile");
    for (QJsonObject &object : objects) {
        if (object.value(QLatin1String("kind")).toString() != QLatin1String("Namespace")
            || pd::core::clone::valueAt(object, QStringLiteral("metadata.name")).toString() != options.sourceNamespace)
            continue;
        QJsonObject annotations = pd::core::clone::valueAt(object, QStringLiteral("metadata.annotations")).toObject();
        annotations.insert(contract::CiWorkflowAnnotation, QStringLiteral(".github/workflows/build.yml"));
        profile = annotations.value(contract::CloneProfileAnnotation).toString(profile);
        annotations.insert(contract::CloneProfileAnnotation, profile);
        pd::core::clone::setValueAt(object, QStringLiteral("metadata.annotations"), annotations);
    }
    bool found = false;
    for (QJsonObject &object : objects) {
        if (object.value(QLatin1String("kind")).toString() != QLatin1String("ConfigMap")
            || pd::core::clone::valueAt(object, QStringLiteral("metadata.name")).toString() != profile)
            continue;
        QJsonObject data = object.value(QLatin1String("data")).toObject();
        data.insert(contract::CloneProfileDataKey, QString(data.value(contract::CloneProfileDataKey).toString() + yaml));
        object.insert(QStringLiteral("data"), data);
        found = true;
    }
    if (!found)
        objects << QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                               {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), profile}, {QStringLiteral("namespace"), options.sourceNamespace}}},
                               {QStringLiteral("data"), QJsonObject{{QString(contract::CloneProfileDataKey), yaml}}}};
    for (const QString &image : std::as_const(images))
        options.builtImages.insert(image, QStringLiteral("sha256:") + QString(64, QLatin1Char('d')));
}

Planned planFixture(const QString &path, CloneMode mode = CloneMode::CdOnly, quint32 seed = 7)
{
    Planned p;
    p.environment = loadEnvironment(path);
    QRandomGenerator random(seed);
    p.options = decidedOptions(p.environment, random);
    p.options.mode = mode;
    if (mode == CloneMode::CiCd)
        declareBuild(p.environment.objects, p.options);
    p.plan = planClone(p.environment.objects, p.options, kNow, random);
    return p;
}

QString describe(const ClonePlan &plan)
{
    QStringList open;
    for (const PendingDecision &decision : plan.pendingDecisions)
        open << decision.question;
    return open.join(QLatin1Char('\n'));
}

} // namespace

void TestCloneSafety::sourceIsNeverChanged()
{
    QFETCH(QString, path);
    const Environment environment = loadEnvironment(path);
    const QByteArray before = serialized(environment.objects);
    QRandomGenerator random(7);
    const CloneOptions options = decidedOptions(environment, random);
    const ClonePlan plan = planClone(environment.objects, options, kNow, random);
    QVERIFY(plan.objects.size() > 5);
    QCOMPARE(serialized(environment.objects), before);
}

void TestCloneSafety::noSourceCredentialInThePlan()
{
    QFETCH(QString, path);
    for (const CloneMode mode : {CloneMode::CdOnly, CloneMode::CiCd}) {
        const Planned p = planFixture(path, mode);
        QVERIFY2(p.plan.canProceed(), qPrintable(describe(p.plan)));
        const QList<QByteArray> credentials = safety::sourceCredentials(p.environment.objects);
        // Rows, dry-run JSON and every manifest with its secret values.
        const QByteArray text = serializedPlan(p.plan);
        for (const QByteArray &value : credentials)
            QVERIFY2(!text.contains(value), value.constData());
    }
}

void TestCloneSafety::sourceNameNeverSurvivesSilently()
{
    QFETCH(QString, path);
    const Planned p = planFixture(path);
    QVERIFY2(p.plan.canProceed(), qPrintable(describe(p.plan)));
    int kept = 0;
    for (const PlannedObject &planned : p.plan.objects) {
        for (const safety::Occurrence &occurrence :
             safety::sourceNameOccurrences(planned.object, p.options.sourceNamespace, p.options.name)) {
            const auto row = std::find_if(p.plan.rows.begin(), p.plan.rows.end(), [&](const PlanRow &r) {
                return r.rule == PlanRule::Kept && r.object == occurrence.object && r.field == occurrence.path;
            });
            QVERIFY2(row != p.plan.rows.end(),
                     qPrintable(QStringLiteral("%1 %2 names the source silently: %3").arg(occurrence.object, occurrence.path, occurrence.text)));
            QVERIFY2(row->newValue.startsWith(QLatin1String("kept: ")) && !row->newValue.contains(QLatin1String("no rule")),
                     qPrintable(occurrence.object + QLatin1Char(' ') + occurrence.path + QLatin1String(": ") + row->newValue));
            ++kept;
        }
    }
    // Every kept row stands for a real occurrence: the plan does not cry wolf.
    int rows = 0;
    for (const PlanRow &row : p.plan.rows)
        rows += row.rule == PlanRule::Kept;
    QVERIFY2(rows >= 1, "the preview's namespace names its parent on purpose, and says so");
    QVERIFY2(rows <= kept * 2, qPrintable(QStringLiteral("%1 kept rows for %2 occurrences").arg(rows).arg(kept)));
}

void TestCloneSafety::nothingClusterWideIsClaimed()
{
    QFETCH(QString, path);
    const Planned p = planFixture(path);
    for (const PlannedObject &planned : p.plan.objects) {
        const QJsonObject &object = planned.object;
        const QStringList claims = safety::externalClaims(object);
        QVERIFY2(claims.isEmpty(), qPrintable(safety::refOf(object) + QLatin1String(": ") + claims.join(QStringLiteral(", "))));
        QVERIFY2(!object.contains(QLatin1String("status")), qPrintable(safety::refOf(object)));
        const QJsonObject spec = object.value(QLatin1String("spec")).toObject();
        if (safety::kindOf(object) == QLatin1String("Service"))
            QVERIFY2(!spec.contains(QLatin1String("clusterIP")) || spec.value(QLatin1String("clusterIP")).toString() == QLatin1String("None"),
                     qPrintable(safety::refOf(object)));
        const QString ns = object[QLatin1String("metadata")][QLatin1String("namespace")].toString();
        QCOMPARE(ns, safety::kindOf(object) == QLatin1String("Namespace") ? QString() : p.options.name);
    }
    // Every LoadBalancer or NodePort Service of the source says why it became ClusterIP.
    for (const QJsonObject &source : std::as_const(p.environment.objects)) {
        const QString type = source[QLatin1String("spec")][QLatin1String("type")].toString();
        if (safety::kindOf(source) == QLatin1String("Service") && (type == QLatin1String("LoadBalancer") || type == QLatin1String("NodePort")))
            QVERIFY2(hasRow(p.plan, safety::refOf(source), PlanRule::ServiceType), qPrintable(safety::refOf(source)));
    }
}

void TestCloneSafety::everyPreviewHasAUrl()
{
    QFETCH(QString, path);
    const Planned p = planFixture(path);
    // A source that serves no HTTP (datastores behind headless Services only) has nothing to
    // open: the plan says so instead of inventing a URL.
    const bool servesHttp = std::any_of(p.environment.objects.begin(), p.environment.objects.end(), [](const QJsonObject &o) {
        return safety::kindOf(o) == QLatin1String("Ingress")
                || (safety::kindOf(o) == QLatin1String("Service") && o[QLatin1String("spec")][QLatin1String("clusterIP")].toString() != QLatin1String("None"));
    });
    if (!servesHttp) {
        QVERIFY2(p.plan.url.isEmpty(), qPrintable(p.plan.url));
        QVERIFY2(p.plan.warnings.join(QLatin1Char('\n')).contains(QLatin1String("the preview has no URL")), qPrintable(p.plan.warnings.join(u'\n')));
        return;
    }
    QVERIFY2(p.plan.url.startsWith(QLatin1String("http")), qPrintable(p.plan.url));
    const QJsonObject *ns = findObject(p.plan, QStringLiteral("Namespace"), p.options.name);
    QVERIFY(ns);
    QCOMPARE((*ns)[QLatin1String("metadata")][QLatin1String("annotations")][QLatin1String("previewdesk.io/url")].toString(), p.plan.url);
    // Some Ingress of the preview serves the URL's host, with a backend that exists in the preview.
    const QString host = QUrl(p.plan.url).host();
    bool served = false;
    for (const QJsonObject &ingress : p.plan.objectsOfTier(CloneTier::Ingress)) {
        for (const QJsonValue &rule : ingress[QLatin1String("spec")][QLatin1String("rules")].toArray()) {
            if (rule[QLatin1String("host")].toString() != host)
                continue;
            const QJsonObject backend = rule[QLatin1String("http")][QLatin1String("paths")][0][QLatin1String("backend")][QLatin1String("service")].toObject();
            const QJsonObject *service = findObject(p.plan, QStringLiteral("Service"), backend[QLatin1String("name")].toString());
            QVERIFY2(service, qPrintable(backend[QLatin1String("name")].toString()));
            const QJsonValue port = backend[QLatin1String("port")][QLatin1String("number")];
            if (!port.isUndefined()) {
                const QJsonArray ports = (*service)[QLatin1String("spec")][QLatin1String("ports")].toArray();
                QVERIFY(std::any_of(ports.begin(), ports.end(), [&](const QJsonValue &v) { return v[QLatin1String("port")] == port; }));
            }
            served = true;
        }
    }
    QVERIFY2(served, qPrintable(host));
}

void TestCloneSafety::quotaFitsTheEnvironment()
{
    QFETCH(QString, path);
    const Planned p = planFixture(path);
    QVERIFY2(p.plan.canProceed(), qPrintable(describe(p.plan)));
    const QJsonObject *quota = findObject(p.plan, QStringLiteral("ResourceQuota"), QStringLiteral("previewdesk-quota"));
    QVERIFY(quota);
    const QJsonObject hard = (*quota)[QLatin1String("spec")][QLatin1String("hard")].toObject();
    const QJsonObject caps = p.options.guards.quotaHard;
    QCOMPARE(hard.keys(), caps.keys());
    for (auto it = caps.begin(); it != caps.end(); ++it) {
        const auto value = pd::kube::Quantity::fromJson(hard.value(it.key()));
        QVERIFY2(value && *value <= *pd::kube::Quantity::fromJson(it.value()), qPrintable(it.key()));
        QVERIFY2(hasRow(p.plan, QStringLiteral("ResourceQuota/previewdesk-quota"), PlanRule::QuotaSize), qPrintable(it.key()));
    }
    // Pods: at least one per workload the preview runs (a Deployment's rolling update adds its surge).
    int workloads = 0;
    for (const PlannedObject &planned : p.plan.objects) {
        const QString kind = safety::kindOf(planned.object);
        workloads += kind == QLatin1String("Deployment") || kind == QLatin1String("StatefulSet");
    }
    QVERIFY2(hard.value(QLatin1String("pods")).toString().toInt() >= workloads, qPrintable(hard.value(QLatin1String("pods")).toString()));
}

QTEST_GUILESS_MAIN(TestCloneSafety)
#include "tst_clonesafety.moc"
