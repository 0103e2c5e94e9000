// The demo's golden snapshot of staging's database and the preview restored from it.
#include "demoseed.h"

#include "controllers/controllerutil.h"
#include "controllers/simulatedcsidriver.h"
#include "objectstore.h"

#include "core/contract.h"

namespace pd::sandbox {

using namespace controllers;
namespace contract = pd::core::contract;

namespace {

const QString kSnapshotApi = u"snapshot.storage.k8s.io/v1"_s;
constexpr qint64 kGoldenBytes = 20LL * 1024 * 1024 * 1024;   // the claim's 20Gi

QJsonObject managed(const QString &name, const QString &ns, const QString &preview)
{
    QJsonObject meta{{u"name"_s, name},
                     {u"labels"_s, QJsonObject{{QString(contract::ManagedByLabel), QString(contract::ManagedByValue)},
                                               {QString(contract::EnvironmentLabel), preview}}}};
    if (!ns.isEmpty())
        meta.insert(u"namespace"_s, ns);
    return meta;
}

} // namespace

QString demoGoldenSnapshotHandle()
{
    return SimulatedCsiDriver::handleFor(u"staging/"_s + kDemoGoldenSnapshot);
}

ImportReport seedGoldenSnapshot(ObjectStore *store, const QString &sourceNamespace, const QDateTime &now)
{
    const QString driver = QString::fromLatin1(SimulatedCsiDriver::kName);
    const QDateTime taken = now.addDays(-2);
    const QString takenText = ObjectStore::timestamp(taken);
    const auto claim = store->get(kPvcs, sourceNamespace, kDemoGoldenClaim);
    const QString volume = claim ? specOf(*claim).value(u"volumeName"_s).toString() : QString();
    const QString profile = u"# Standing decisions for previews of %1.\n"
                            "# Its database holds generated test data; postgres-golden is the copy previews restore.\n"
                            "goldenSnapshots: [%2]\n"
                            "dataSafe: true\n"
                            "# Or load the fixtures from scratch (migrations, then the test data).\n"
                            "seed:\n"
                            "  postgres: {image: registry.example.com/shop/db-seed:2.14.1, command: [/seed/load-fixtures.sh]}\n"_s
                                    .arg(sourceNamespace, kDemoGoldenSnapshot);
    // Taken two days ago: the objects are as old as the snapshot (the store's clock backdated).
    const auto clock = store->clock();
    const qint64 age = taken.secsTo(now);
    store->setClock([clock, age] { return (clock ? clock() : QDateTime::currentDateTimeUtc()).addSecs(-age); });
    ImportReport report = importObjects(store, {
        QJsonObject{{u"apiVersion"_s, kSnapshotApi}, {u"kind"_s, u"VolumeSnapshotClass"_s},
                    {u"metadata"_s, QJsonObject{{u"name"_s, kDemoSnapshotClass},
                                                {u"annotations"_s, QJsonObject{{u"snapshot.storage.kubernetes.io/is-default-class"_s, u"true"_s}}}}},
                    {u"driver"_s, driver}, {u"deletionPolicy"_s, u"Delete"_s}},
        QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s},
                    {u"metadata"_s, QJsonObject{{u"name"_s, kDemoCloneProfile}, {u"namespace"_s, sourceNamespace}}},
                    {u"data"_s, QJsonObject{{QString(contract::CloneProfileDataKey), profile}}}},
        QJsonObject{{u"apiVersion"_s, kSnapshotApi}, {u"kind"_s, u"VolumeSnapshot"_s},
                    {u"metadata"_s, QJsonObject{{u"name"_s, kDemoGoldenSnapshot}, {u"namespace"_s, sourceNamespace}}},
                    {u"spec"_s, QJsonObject{{u"source"_s, QJsonObject{{u"persistentVolumeClaimName"_s, kDemoGoldenClaim}}},
                                            {u"volumeSnapshotClassName"_s, kDemoSnapshotClass}}}},
    });
    WriteOptions internal;
    internal.skipAdmission = true;
    store->modify(kNamespaces, {}, sourceNamespace, [](QJsonObject &ns) {
        QJsonObject meta = metaOf(ns);
        QJsonObject annotations = meta.value(u"annotations"_s).toObject();
        annotations.insert(QString(contract::CloneProfileAnnotation), kDemoCloneProfile);
        meta.insert(u"annotations"_s, annotations);
        ns.insert(u"metadata"_s, meta);
        return true;
    }, internal);
    // Dynamically provisioned long ago: the content is named after the snapshot's uid and
    // both report the snapshot the driver took.
    const auto snapshot = store->get(kVolumeSnapshots, sourceNamespace, kDemoGoldenSnapshot);
    if (!snapshot) {
        store->setClock(clock);
        return report;
    }
    const QString contentName = u"snapcontent-"_s + uidOf(*snapshot);
    const ImportReport content = importObjects(store, {QJsonObject{
        {u"apiVersion"_s, kSnapshotApi}, {u"kind"_s, u"VolumeSnapshotContent"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, contentName}}},
        {u"spec"_s, QJsonObject{{u"deletionPolicy"_s, u"Delete"_s},
                                {u"driver"_s, driver},
                                {u"source"_s, QJsonObject{{u"volumeHandle"_s, volume}}},
                                {u"volumeSnapshotClassName"_s, kDemoSnapshotClass},
                                {u"volumeSnapshotRef"_s, QJsonObject{{u"apiVersion"_s, kSnapshotApi},
                                                                     {u"kind"_s, u"VolumeSnapshot"_s},
                                                                     {u"name"_s, kDemoGoldenSnapshot},
                                                                     {u"namespace"_s, sourceNamespace},
                                                                     {u"uid"_s, uidOf(*snapshot)}}}}},
        {u"status"_s, QJsonObject{{u"creationTime"_s, taken.toMSecsSinceEpoch() * 1000000},
                                  {u"readyToUse"_s, true},
                                  {u"restoreSize"_s, kGoldenBytes},
                                  {u"snapshotHandle"_s, demoGoldenSnapshotHandle()}}}}});
    store->setClock(clock);
    report.created += content.created;
    report.skipped += content.skipped;
    report.errors += content.errors;
    store->modify(kVolumeSnapshots, sourceNamespace, kDemoGoldenSnapshot, [&](QJsonObject &o) {
        o.insert(u"status"_s, QJsonObject{{u"boundVolumeSnapshotContentName"_s, contentName},
                                          {u"creationTime"_s, takenText},
                                          {u"readyToUse"_s, true},
                                          {u"restoreSize"_s, u"20Gi"_s}});
        return true;
    }, internal);
    return report;
}

void restoreFromGoldenSnapshot(QList<QJsonObject> &previewObjects, const QString &preview, const QString &sourceNamespace)
{
    const QString contentName = preview + u'.' + kDemoGoldenSnapshot;
    for (QJsonObject &o : previewObjects) {
        if (o.value(u"kind"_s).toString() != u"StatefulSet"_s || nameOf(o) != u"postgres"_s)
            continue;
        QJsonObject spec = specOf(o);
        QJsonArray templates = spec.value(u"volumeClaimTemplates"_s).toArray();
        QJsonObject claim = templates.first().toObject();
        QJsonObject claimSpec = specOf(claim);
        claimSpec.insert(u"dataSource"_s, QJsonObject{{u"apiGroup"_s, u"snapshot.storage.k8s.io"_s},
                                                      {u"kind"_s, u"VolumeSnapshot"_s},
                                                      {u"name"_s, kDemoGoldenSnapshot}});
        claim.insert(u"spec"_s, claimSpec);
        templates[0] = claim;
        spec.insert(u"volumeClaimTemplates"_s, templates);
        o.insert(u"spec"_s, spec);
    }
    QJsonObject contentMeta = managed(contentName, {}, preview);
    contentMeta.insert(u"annotations"_s, QJsonObject{{QString(contract::ParentAnnotation), QString(sourceNamespace + u'/' + kDemoGoldenSnapshot)}});
    previewObjects << QJsonObject{
        {u"apiVersion"_s, kSnapshotApi}, {u"kind"_s, u"VolumeSnapshotContent"_s}, {u"metadata"_s, contentMeta},
        {u"spec"_s, QJsonObject{{u"deletionPolicy"_s, u"Retain"_s},
                                {u"driver"_s, QString::fromLatin1(SimulatedCsiDriver::kName)},
                                {u"source"_s, QJsonObject{{u"snapshotHandle"_s, demoGoldenSnapshotHandle()}}},
                                {u"volumeSnapshotClassName"_s, kDemoSnapshotClass},
                                {u"volumeSnapshotRef"_s, QJsonObject{{u"name"_s, kDemoGoldenSnapshot}, {u"namespace"_s, preview}}}}}};
    previewObjects << QJsonObject{
        {u"apiVersion"_s, kSnapshotApi}, {u"kind"_s, u"VolumeSnapshot"_s}, {u"metadata"_s, managed(kDemoGoldenSnapshot, preview, preview)},
        {u"spec"_s, QJsonObject{{u"source"_s, QJsonObject{{u"volumeSnapshotContentName"_s, contentName}}},
                                {u"volumeSnapshotClassName"_s, kDemoSnapshotClass}}}};
}

} // namespace pd::sandbox
