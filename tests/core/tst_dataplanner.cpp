// Preview data (DESIGN.md, invariant 9): every datastore of the source gets a Data decision;
// empty is the default, seed runs the profile's seed Job between the Ready datastore and the
// workloads, and a snapshot is restored through a pre-provisioned Retain content, the way
// CSI restores into another namespace. Raw data of a source not marked data-safe needs the
// SourceData confirmation.
#include "helmirsatestutil.h"
#include "core/clone/jsonwalk.h"
#include "core/clone/cloneprofile.h"
#include "core/clone/dataplanner.h"
#include "core/contract.h"

using namespace pd::core;
using namespace pd::core::test;
using pd::core::clone::valueAt;

namespace {

QList<QJsonObject> loadDataSource(const QString &profileYaml = {})
{
    QFile file(QDir(pd::test::sourceDir()).filePath(QStringLiteral("tests/fixtures/staging-data.yaml")));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open tests/fixtures/staging-data.yaml");
    QList<QJsonObject> objects;
    pd::kube::YamlError error;
    if (!pd::kube::parseYamlDocuments(file.readAll(), file.fileName(), &objects, &error))
        qFatal("%s", qPrintable(error.toString()));
    if (profileYaml.isEmpty())
        return objects;
    for (QJsonObject &object : objects) {
        if (object.value(QLatin1String("kind")).toString() != QLatin1String("Namespace"))
            continue;
        QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
        metadata.insert(QStringLiteral("annotations"), QJsonObject{{QString(contract::CloneProfileAnnotation), QStringLiteral("clone-profile")}});
        object.insert(QStringLiteral("metadata"), metadata);
    }
    objects << QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                           {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                           {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("clone-profile")},
                                                                    {QStringLiteral("namespace"), QStringLiteral("staging-data")}}},
                           {QStringLiteral("data"), QJsonObject{{QStringLiteral("profile.yaml"), profileYaml}}}};
    return objects;
}

CloneOptions dataOptions()
{
    CloneOptions options;
    options.sourceNamespace = QStringLiteral("staging-data");
    options.name = QStringLiteral("pr-7");
    options.pullRequest = 7;
    options.owner = QStringLiteral("dev");
    return options;
}

ClonePlan plan(const QList<QJsonObject> &source, const CloneOptions &options)
{
    QRandomGenerator random(7);
    return planClone(source, options, kNow, random);
}

const QString kSafeProfile = QStringLiteral("dataSafe: true\ngoldenSnapshots: [postgres-golden]\n"
                                            "seed:\n  postgres: {image: 'postgres:16.4', configMap: db-seed, key: seed.sh}\n");

const PlannedObject *planned(const ClonePlan &plan, const QString &kind, const QString &name)
{
    for (const PlannedObject &object : plan.objects)
        if (object.object.value(QLatin1String("kind")).toString() == kind
            && object.object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString() == name)
            return &object;
    return nullptr;
}

QJsonObject claimTemplateSpec(const ClonePlan &plan)
{
    const PlannedObject *postgres = planned(plan, QStringLiteral("StatefulSet"), QStringLiteral("postgres"));
    return postgres ? postgres->object.value(QLatin1String("spec")).toObject().value(QLatin1String("volumeClaimTemplates"))
                          .toArray().first().toObject().value(QLatin1String("spec")).toObject()
                    : QJsonObject();
}

} // namespace

class TestDataPlanner final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyDatastoreStartsEmptyByDefault();
    void goldenSnapshotOfADataSafeSourceIsRestored();
    void snapshotWithoutANameTakesTheGoldenOne();
    void rawSourceDataNeedsTheConfirmation_data();
    void rawSourceDataNeedsTheConfirmation();
    void snapshotsThatCannotBeRestoredStayOpen_data();
    void snapshotsThatCannotBeRestoredStayOpen();
    void seedRunsBetweenTheDatastoreAndTheWorkloads();
    void seedWithoutADeclaredJobStaysOpen();
    void aFlagNamingNoDatastoreIsOpen();
    void profileHoldsStandingChoices();
    void profileMistakesAreNamed_data();
    void profileMistakesAreNamed();
    void decisionsParse_data();
    void decisionsParse();
};

void TestDataPlanner::everyDatastoreStartsEmptyByDefault()
{
    const ClonePlan p = plan(loadDataSource(), dataOptions());
    QVERIFY2(p.canProceed(), qPrintable(p.pendingDecisions.value(0).question));
    const CloneDecision *postgres = findDecision(p, QStringLiteral("StatefulSet/postgres"));
    const CloneDecision *uploads = findDecision(p, QStringLiteral("PersistentVolumeClaim/uploads"));
    QVERIFY(postgres && uploads);
    QCOMPARE(postgres->kind, CloneDecision::Kind::Data);
    QCOMPARE(postgres->choice, QStringLiteral("empty"));
    QCOMPARE(postgres->decidedBy, CloneDecision::DecidedBy::Default);
    QCOMPARE(postgres->flag(), QStringLiteral("--data postgres=empty|seed|snapshot[:NAME]"));
    QVERIFY2(postgres->question.contains(QLatin1String("postgres-golden")), qPrintable(postgres->question));
    // The uploads claim pointed at a snapshot of the source's namespace: it starts empty instead.
    const PlannedObject *claim = planned(p, QStringLiteral("PersistentVolumeClaim"), QStringLiteral("uploads"));
    QVERIFY(claim);
    QVERIFY(!claim->object.value(QLatin1String("spec")).toObject().contains(QLatin1String("dataSource")));
    QVERIFY(hasRow(p, QStringLiteral("PersistentVolumeClaim/uploads"), PlanRule::DataSource));
    // The source's snapshots are its own: none is cloned, and nothing cluster-wide is made.
    QVERIFY(!planned(p, QStringLiteral("VolumeSnapshot"), QStringLiteral("postgres-golden")));
    QVERIFY(hasRow(p, QStringLiteral("VolumeSnapshot/postgres-golden"), PlanRule::Dropped));
    for (const PlannedObject &object : p.objects)
        QVERIFY(object.object.value(QLatin1String("kind")).toString() != QLatin1String("VolumeSnapshotContent"));
    QVERIFY(claimTemplateSpec(p).value(QLatin1String("dataSource")).isUndefined());
}

void TestDataPlanner::goldenSnapshotOfADataSafeSourceIsRestored()
{
    CloneOptions options = dataOptions();
    options.dataDecisions.insert(QStringLiteral("postgres"), DataDecision::parse(QStringLiteral("snapshot:postgres-golden")));
    const ClonePlan p = plan(loadDataSource(kSafeProfile), options);
    QVERIFY2(p.canProceed(), qPrintable(p.pendingDecisions.value(0).question));
    QCOMPARE(findDecision(p, QStringLiteral("StatefulSet/postgres"))->choice, QStringLiteral("snapshot:postgres-golden"));
    QCOMPARE(findDecision(p, QStringLiteral("StatefulSet/postgres"))->decidedBy, CloneDecision::DecidedBy::Flag);
    QVERIFY(!findDecision(p, QStringLiteral("Namespace/staging-data")));   // no confirmation needed

    // The preview's own content: pre-provisioned from the golden handle, Retain, bound to its snapshot.
    const PlannedObject *content = planned(p, QStringLiteral("VolumeSnapshotContent"), QStringLiteral("pr-7.postgres-golden"));
    QVERIFY(content);
    const QJsonObject contentSpec = content->object.value(QLatin1String("spec")).toObject();
    QCOMPARE(contentSpec.value(QLatin1String("deletionPolicy")).toString(), QStringLiteral("Retain"));
    QCOMPARE(contentSpec.value(QLatin1String("driver")).toString(), QStringLiteral("ebs.csi.aws.com"));
    QCOMPARE(contentSpec.value(QLatin1String("source")).toObject().value(QLatin1String("snapshotHandle")).toString(),
             QStringLiteral("snap-0f9e8d7c6b5a"));
    QVERIFY(!contentSpec.value(QLatin1String("source")).toObject().contains(QLatin1String("volumeHandle")));
    QCOMPARE(contentSpec.value(QLatin1String("volumeSnapshotRef")).toObject(),
             (QJsonObject{{QStringLiteral("name"), QStringLiteral("postgres-golden")}, {QStringLiteral("namespace"), QStringLiteral("pr-7")}}));
    QVERIFY(!content->object.value(QLatin1String("metadata")).toObject().contains(QLatin1String("namespace")));
    QCOMPARE(content->object.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject()
                 .value(contract::EnvironmentLabel).toString(), QStringLiteral("pr-7"));

    const PlannedObject *snapshot = planned(p, QStringLiteral("VolumeSnapshot"), QStringLiteral("postgres-golden"));
    QVERIFY(snapshot);
    QCOMPARE(snapshot->object.value(QLatin1String("metadata")).toObject().value(QLatin1String("namespace")).toString(), QStringLiteral("pr-7"));
    QCOMPARE(snapshot->object.value(QLatin1String("spec")).toObject().value(QLatin1String("source")).toObject()
                 .value(QLatin1String("volumeSnapshotContentName")).toString(), QStringLiteral("pr-7.postgres-golden"));
    // Ready before any claim is made that reads it.
    QVERIFY(snapshot->tier < planned(p, QStringLiteral("StatefulSet"), QStringLiteral("postgres"))->tier);
    QCOMPARE(snapshot->tier, CloneTier::Configuration);

    // The claim template reads it, sized to the snapshot, in the source claim's storage class.
    const QJsonObject claim = claimTemplateSpec(p);
    QCOMPARE(claim.value(QLatin1String("dataSource")).toObject(),
             (QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("snapshot.storage.k8s.io")},
                          {QStringLiteral("kind"), QStringLiteral("VolumeSnapshot")},
                          {QStringLiteral("name"), QStringLiteral("postgres-golden")}}));
    QCOMPARE(claim.value(QLatin1String("resources")).toObject().value(QLatin1String("requests")).toObject()
                 .value(QLatin1String("storage")).toString(), QStringLiteral("5Gi"));
    QCOMPARE(claim.value(QLatin1String("storageClassName")).toString(), QStringLiteral("fast-ssd"));
    QVERIFY(hasRow(p, QStringLiteral("StatefulSet/postgres"), PlanRule::DataSource));
    // The golden snapshot's handle is secret to nobody, but the source's name must not leak into
    // the preview's objects except where the lineage says where the data came from.
    QCOMPARE(content->object.value(QLatin1String("metadata")).toObject().value(QLatin1String("annotations")).toObject()
                 .value(contract::ParentAnnotation).toString(), QStringLiteral("staging-data/postgres-golden"));
}

void TestDataPlanner::snapshotWithoutANameTakesTheGoldenOne()
{
    CloneOptions options = dataOptions();
    options.dataDecisions.insert(QStringLiteral("postgres"), DataDecision::parse(QStringLiteral("snapshot")));
    const ClonePlan p = plan(loadDataSource(kSafeProfile), options);
    QVERIFY2(p.canProceed(), qPrintable(p.pendingDecisions.value(0).question));
    // postgres-nightly is newer, but only postgres-golden is marked golden.
    QVERIFY(planned(p, QStringLiteral("VolumeSnapshot"), QStringLiteral("postgres-golden")));
    QVERIFY(!planned(p, QStringLiteral("VolumeSnapshot"), QStringLiteral("postgres-nightly")));
}

void TestDataPlanner::rawSourceDataNeedsTheConfirmation_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("snapshot");
    QTest::addColumn<QString>("why");
    QTest::newRow("no profile") << QString() << "snapshot:postgres-golden" << "does not mark data-safe";
    QTest::newRow("not data-safe") << "goldenSnapshots: [postgres-golden]\n" << "snapshot:postgres-golden" << "does not mark data-safe";
    QTest::newRow("not golden") << "dataSafe: true\ngoldenSnapshots: [postgres-golden]\n" << "snapshot:postgres-adhoc"
                                << "does not mark golden";
}

void TestDataPlanner::rawSourceDataNeedsTheConfirmation()
{
    QFETCH(QString, profile);
    QFETCH(QString, snapshot);
    QFETCH(QString, why);
    CloneOptions options = dataOptions();
    options.dataDecisions.insert(QStringLiteral("postgres"), DataDecision::parse(snapshot));
    const ClonePlan refused = plan(loadDataSource(profile), options);
    QVERIFY(!refused.canProceed());
    QVERIFY2(refused.pendingDecisions.first().question.contains(why), qPrintable(refused.pendingDecisions.first().question));
    QCOMPARE(refused.pendingDecisions.first().kind, CloneDecision::Kind::SourceData);
    QCOMPARE(refused.pendingDecisions.first().flag(), QStringLiteral("--allow-source-data"));

    options.allowSourceData = true;
    const ClonePlan confirmed = plan(loadDataSource(profile), options);
    QVERIFY2(confirmed.canProceed(), qPrintable(confirmed.pendingDecisions.value(0).question));
    QCOMPARE(findDecision(confirmed, QStringLiteral("Namespace/staging-data"))->choice, QStringLiteral("allowed"));
}

void TestDataPlanner::snapshotsThatCannotBeRestoredStayOpen_data()
{
    QTest::addColumn<QString>("decision");
    QTest::addColumn<QString>("why");
    QTest::newRow("missing") << "snapshot:postgres-2025" << "has no VolumeSnapshot postgres-2025 (its snapshots: postgres-golden, postgres-nightly, postgres-pending, postgres-adhoc)";
    QTest::newRow("not ready") << "snapshot:postgres-pending" << "DeadlineExceeded";
    QTest::newRow("content unreadable") << "snapshot:postgres-nightly" << "VolumeSnapshotContent snapcontent-91aa could not be read";
    QTest::newRow("fresh") << "snapshot:fresh" << "never writes a source";
}

void TestDataPlanner::snapshotsThatCannotBeRestoredStayOpen()
{
    QFETCH(QString, decision);
    QFETCH(QString, why);
    CloneOptions options = dataOptions();
    options.allowSourceData = true;
    options.dataDecisions.insert(QStringLiteral("postgres"), DataDecision::parse(decision));
    const ClonePlan p = plan(loadDataSource(), options);
    QVERIFY(!p.canProceed());
    const CloneDecision *open = findDecision(p, QStringLiteral("StatefulSet/postgres"));
    QVERIFY(open && open->isOpen());
    QVERIFY2(open->question.contains(why), qPrintable(open->question));
    QVERIFY(!planned(p, QStringLiteral("VolumeSnapshot"), QStringLiteral("postgres-golden")));
}

void TestDataPlanner::seedRunsBetweenTheDatastoreAndTheWorkloads()
{
    CloneOptions options = dataOptions();
    options.dataDecisions.insert(QStringLiteral("postgres"), DataDecision::parse(QStringLiteral("seed")));
    const ClonePlan p = plan(loadDataSource(kSafeProfile), options);
    QVERIFY2(p.canProceed(), qPrintable(p.pendingDecisions.value(0).question));
    const PlannedObject *job = planned(p, QStringLiteral("Job"), QStringLiteral("seed-postgres"));
    QVERIFY(job);
    QCOMPARE(job->tier, CloneTier::Seed);
    QCOMPARE(planned(p, QStringLiteral("StatefulSet"), QStringLiteral("postgres"))->tier, CloneTier::Datastores);
    QCOMPARE(job->object.value(QLatin1String("metadata")).toObject().value(QLatin1String("namespace")).toString(), QStringLiteral("pr-7"));
    QCOMPARE(job->object.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject()
                 .value(contract::SeedForLabel).toString(), QStringLiteral("postgres"));
    const QJsonObject container = valueAt(job->object, QStringLiteral("spec.template.spec")).toObject()
                                      .value(QLatin1String("containers")).toArray().first().toObject();
    QCOMPARE(container.value(QLatin1String("image")).toString(), QStringLiteral("postgres:16.4"));
    QCOMPARE(container.value(QLatin1String("command")).toArray(), (QJsonArray{QStringLiteral("sh"), QStringLiteral("/seed/seed.sh")}));
    QCOMPARE(envValue(job->object, QStringLiteral("seed"), QStringLiteral("DATASTORE_HOST")), QStringLiteral("postgres-headless"));
    QCOMPARE(valueAt(job->object, QStringLiteral("spec.template.spec.restartPolicy")).toString(), QStringLiteral("Never"));
    // The seeded volume starts empty; the quota has room for the Job's pod.
    QVERIFY(claimTemplateSpec(p).value(QLatin1String("dataSource")).isUndefined());
    QVERIFY(hasRow(p, QStringLiteral("StatefulSet/postgres"), PlanRule::DataSeed));
    QCOMPARE(findDecision(p, QStringLiteral("StatefulSet/postgres"))->choice, QStringLiteral("seed"));
    // The Deployment-less fixture has no other workloads; the order of the tiers is what matters.
    QVERIFY(CloneTier::Datastores < CloneTier::Seed && CloneTier::Seed < CloneTier::Workloads);
}

void TestDataPlanner::seedWithoutADeclaredJobStaysOpen()
{
    CloneOptions options = dataOptions();
    options.dataDecisions.insert(QStringLiteral("uploads"), DataDecision::parse(QStringLiteral("seed")));
    const ClonePlan p = plan(loadDataSource(kSafeProfile), options);
    QVERIFY(!p.canProceed());
    const CloneDecision *open = findDecision(p, QStringLiteral("PersistentVolumeClaim/uploads"));
    QVERIFY(open && open->isOpen());
    QVERIFY2(open->question.contains(QLatin1String("declares no seed for it")), qPrintable(open->question));
}

void TestDataPlanner::aFlagNamingNoDatastoreIsOpen()
{
    CloneOptions options = dataOptions();
    options.dataDecisions.insert(QStringLiteral("postgress"), DataDecision::parse(QStringLiteral("empty")));
    const ClonePlan p = plan(loadDataSource(), options);
    QVERIFY(!p.canProceed());
    QVERIFY2(p.pendingDecisions.first().question.contains(QLatin1String("its datastores: postgres, uploads")),
             qPrintable(p.pendingDecisions.first().question));
}

void TestDataPlanner::profileHoldsStandingChoices()
{
    const ClonePlan p = plan(loadDataSource(kSafeProfile + QStringLiteral("data: {postgres: snapshot, uploads: empty}\n")), dataOptions());
    QVERIFY2(p.canProceed(), qPrintable(p.pendingDecisions.value(0).question));
    QCOMPARE(findDecision(p, QStringLiteral("StatefulSet/postgres"))->decidedBy, CloneDecision::DecidedBy::Profile);
    QCOMPARE(findDecision(p, QStringLiteral("StatefulSet/postgres"))->choice, QStringLiteral("snapshot"));
    QVERIFY(planned(p, QStringLiteral("VolumeSnapshot"), QStringLiteral("postgres-golden")));
    // A flag wins over the profile.
    CloneOptions options = dataOptions();
    options.dataDecisions.insert(QStringLiteral("postgres"), DataDecision::parse(QStringLiteral("empty")));
    const ClonePlan flagged = plan(loadDataSource(kSafeProfile + QStringLiteral("data: {postgres: snapshot}\n")), options);
    QCOMPARE(findDecision(flagged, QStringLiteral("StatefulSet/postgres"))->decidedBy, CloneDecision::DecidedBy::Flag);
    QVERIFY(!planned(flagged, QStringLiteral("VolumeSnapshot"), QStringLiteral("postgres-golden")));
}

void TestDataPlanner::profileMistakesAreNamed_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("error");
    QTest::newRow("bad decision") << "data: {postgres: copy}" << "data.postgres: \"copy\" is not a data decision";
    QTest::newRow("seed without image") << "seed:\n  postgres: {command: [psql]}" << "seed.postgres: needs an image";
    QTest::newRow("seed with both") << "seed:\n  postgres: {image: pg, command: [psql], configMap: s, key: k}"
                                    << "not both";
    QTest::newRow("seed unknown key") << "seed:\n  postgres: {image: pg, script: x}" << "seed.postgres.script: unknown key";
    QTest::newRow("dataSafe text") << "dataSafe: yes please" << "dataSafe: expected true or false";
    QTest::newRow("golden not a list") << "goldenSnapshots: postgres-golden" << "goldenSnapshots: expected a list";
}

void TestDataPlanner::profileMistakesAreNamed()
{
    QFETCH(QString, yaml);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!CloneProfile::parse(yaml.toUtf8(), QStringLiteral("profile.yaml"), &why));
    QVERIFY2(why.contains(error), qPrintable(why));
}

void TestDataPlanner::decisionsParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("snapshot");
    QTest::newRow("empty") << "empty" << int(DataDecision::Kind::Empty) << "";
    QTest::newRow("seed") << "seed" << int(DataDecision::Kind::Seed) << "";
    QTest::newRow("golden") << "snapshot" << int(DataDecision::Kind::Snapshot) << "";
    QTest::newRow("named") << "snapshot:postgres-golden" << int(DataDecision::Kind::Snapshot) << "postgres-golden";
    QTest::newRow("fresh") << "snapshot:fresh" << int(DataDecision::Kind::Snapshot) << "fresh";
    QTest::newRow("no name") << "snapshot:" << int(DataDecision::Kind::Undecided) << "";
    QTest::newRow("unknown") << "restore" << int(DataDecision::Kind::Undecided) << "";
}

void TestDataPlanner::decisionsParse()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    QFETCH(QString, snapshot);
    QString error;
    const DataDecision decision = DataDecision::parse(text, &error);
    QCOMPARE(int(decision.kind), kind);
    QCOMPARE(decision.snapshot, snapshot);
    if (decision.kind == DataDecision::Kind::Undecided)
        QVERIFY2(!error.isEmpty(), qPrintable(text));
    else
        QCOMPARE(decision.toString(), text);
}

QTEST_GUILESS_MAIN(TestDataPlanner)
#include "tst_dataplanner.moc"
