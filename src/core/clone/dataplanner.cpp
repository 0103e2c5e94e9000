#include "dataplanner.h"

#include "droprules.h"
#include "jsonwalk.h"
#include "core/contract.h"
#include "kube/quantity.h"

#include <QJsonArray>

#include <algorithm>

namespace pd::core::clone {

namespace {

const QString kSnapshotGroup = QStringLiteral("snapshot.storage.k8s.io");
const QString kSnapshotApiVersion = QStringLiteral("snapshot.storage.k8s.io/v1");

QString kindOf(const QJsonObject &o) { return o.value(QLatin1String("kind")).toString(); }
QString nameOf(const QJsonObject &o) { return valueAt(o, QStringLiteral("metadata.name")).toString(); }
QString namespaceOf(const QJsonObject &o) { return valueAt(o, QStringLiteral("metadata.namespace")).toString(); }

struct Datastore
{
    QString name;
    QString kind;                  // StatefulSet | PersistentVolumeClaim
    qsizetype index = 0;           // in `planned`
    QStringList claimTemplates;    // StatefulSet: its volumeClaimTemplates, in order

    QString ref() const { return kind + QLatin1Char('/') + name; }
    // The dotted path of a claim spec: a template's, or the claim's own.
    QString claimSpecPath(qsizetype templateIndex) const
    {
        return kind == QLatin1String("StatefulSet") ? QStringLiteral("spec.volumeClaimTemplates[%1].spec").arg(templateIndex)
                                                    : QStringLiteral("spec");
    }
};

QList<Datastore> datastoresOf(const QList<QJsonObject> &planned)
{
    QList<Datastore> stores;
    for (qsizetype i = 0; i < planned.size(); ++i) {
        const QJsonObject &object = planned.at(i);
        if (kindOf(object) == QLatin1String("StatefulSet")) {
            QStringList templates;
            for (const QJsonValue &t : valueAt(object, QStringLiteral("spec.volumeClaimTemplates")).toArray())
                templates << nameOf(t.toObject());
            if (!templates.isEmpty())
                stores.append({nameOf(object), kindOf(object), i, templates});
        } else if (kindOf(object) == QLatin1String("PersistentVolumeClaim")) {
            stores.append({nameOf(object), kindOf(object), i, {}});
        }
    }
    return stores;
}

// The claim spec at `path` of `object`, changed by `change`.
template<typename F>
void editClaimSpec(QJsonObject &object, const Datastore &store, qsizetype templateIndex, F change)
{
    if (store.kind == QLatin1String("StatefulSet")) {
        QJsonObject spec = object.value(QLatin1String("spec")).toObject();
        QJsonArray templates = spec.value(QLatin1String("volumeClaimTemplates")).toArray();
        QJsonObject claim = templates.at(templateIndex).toObject();
        QJsonObject claimSpec = claim.value(QLatin1String("spec")).toObject();
        change(claimSpec);
        claim.insert(QStringLiteral("spec"), claimSpec);
        templates[templateIndex] = claim;
        spec.insert(QStringLiteral("volumeClaimTemplates"), templates);
        object.insert(QStringLiteral("spec"), spec);
    } else {
        QJsonObject claimSpec = object.value(QLatin1String("spec")).toObject();
        change(claimSpec);
        object.insert(QStringLiteral("spec"), claimSpec);
    }
}

QString dataSourceText(const QJsonObject &claimSpec)
{
    const QJsonObject source = claimSpec.value(QLatin1String("dataSourceRef")).toObject().isEmpty()
        ? claimSpec.value(QLatin1String("dataSource")).toObject()
        : claimSpec.value(QLatin1String("dataSourceRef")).toObject();
    return source.isEmpty() ? QString()
                            : source.value(QLatin1String("kind")).toString() + QLatin1Char('/') + source.value(QLatin1String("name")).toString();
}

// Empty and seeded datastores get new volumes: a dataSource copied from the source would
// point at an object of the source's namespace.
void clearDataSources(QJsonObject &object, const Datastore &store, QList<PlanRow> *rows)
{
    const qsizetype claims = store.kind == QLatin1String("StatefulSet") ? store.claimTemplates.size() : 1;
    for (qsizetype i = 0; i < claims; ++i) {
        editClaimSpec(object, store, i, [&](QJsonObject &claimSpec) {
            const QString old = dataSourceText(claimSpec);
            if (old.isEmpty())
                return;
            claimSpec.remove(QStringLiteral("dataSource"));
            claimSpec.remove(QStringLiteral("dataSourceRef"));
            rows->append({store.ref(), store.claimSpecPath(i) + QStringLiteral(".dataSource"), old,
                          QStringLiteral("(none: a new, empty volume)"), PlanRule::DataSource, false});
        });
    }
}

const QJsonObject *findObject(const QList<QJsonObject> &objects, const QString &kind, const QString &ns, const QString &name)
{
    for (const QJsonObject &object : objects)
        if (kindOf(object) == kind && namespaceOf(object) == ns && nameOf(object) == name)
            return &object;
    return nullptr;
}

QJsonObject managedMetadata(const QString &name, const QString &ns, const CloneOptions &options)
{
    QJsonObject labels{{contract::ManagedByLabel, contract::ManagedByValue}, {contract::EnvironmentLabel, options.name}};
    QJsonObject metadata{{QStringLiteral("name"), name}, {QStringLiteral("labels"), labels}};
    if (!ns.isEmpty())
        metadata.insert(QStringLiteral("namespace"), ns);
    return metadata;
}

std::optional<pd::kube::Quantity> restoreSizeOf(const QJsonObject &snapshot, const QJsonObject &content)
{
    const QJsonValue fromSnapshot = valueAt(snapshot, QStringLiteral("status.restoreSize"));
    if (fromSnapshot.isString())
        return pd::kube::Quantity::parse(fromSnapshot.toString());
    // The content's is bytes, an integer.
    const QJsonValue fromContent = valueAt(content, QStringLiteral("status.restoreSize"));
    if (fromContent.isDouble())
        return pd::kube::Quantity::parse(QString::number(qint64(fromContent.toDouble())));
    return std::nullopt;
}

class DataPlanner
{
public:
    DataPlanner(const QList<QJsonObject> &sourceObjects, QList<QJsonObject> &planned, const CloneOptions &options)
        : m_source(sourceObjects), m_planned(planned), m_options(options)
    {
        for (const QJsonObject &object : sourceObjects)
            if (kindOf(object) == QLatin1String("VolumeSnapshot") && namespaceOf(object) == options.sourceNamespace)
                m_snapshots << object;
    }

    DataPlan run()
    {
        const QList<Datastore> stores = datastoresOf(m_planned);
        QStringList names;
        for (const Datastore &store : stores)
            names << store.name;
        for (auto it = m_options.dataDecisions.begin(); it != m_options.dataDecisions.end(); ++it) {
            if (names.contains(it.key()))
                continue;
            const QString text = QStringLiteral("%1 names the datastore %2, which %3 does not have (its datastores: %4)")
                                     .arg(m_options.profileDecisions.contains(QStringLiteral("Data/") + it.key())
                                              ? QStringLiteral("The clone profile's data section")
                                              : QStringLiteral("--data"),
                                          it.key(), m_options.sourceNamespace,
                                          names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", ")));
            if (m_options.profileDecisions.contains(QStringLiteral("Data/") + it.key())) {
                m_plan.warnings << text;
                continue;
            }
            CloneDecision unknown;
            unknown.kind = CloneDecision::Kind::Data;
            unknown.object = QStringLiteral("Data/") + it.key();
            unknown.name = it.key();
            unknown.question = text;
            m_plan.decisions << unknown;
        }
        for (const Datastore &store : stores)
            decide(store);
        confirmSourceData();
        return m_plan;
    }

private:
    void decide(const Datastore &store)
    {
        CloneDecision decision;
        decision.kind = CloneDecision::Kind::Data;
        decision.object = store.ref();
        decision.name = store.name;
        DataDecision wanted{DataDecision::Kind::Empty, {}};
        if (m_options.dataDecisions.contains(store.name)) {
            wanted = m_options.dataDecisions.value(store.name);
            decision.decidedBy = m_options.profileDecisions.contains(QStringLiteral("Data/") + store.name)
                ? CloneDecision::DecidedBy::Profile
                : CloneDecision::DecidedBy::Flag;
        } else {
            decision.decidedBy = CloneDecision::DecidedBy::Default;
        }
        decision.choice = wanted.toString();
        decision.question = QStringLiteral("What the volumes of %1 start with: empty, seed%2, or a snapshot of %3%4")
                                .arg(store.name,
                                     m_options.dataProfile.seeds.contains(store.name) ? QStringLiteral(" (the profile's seed Job)")
                                                                                     : QStringLiteral(" (the profile declares none)"),
                                     m_options.sourceNamespace, snapshotsText(store));
        QString problem;
        QJsonObject &object = m_planned[store.index];
        switch (wanted.kind) {
        case DataDecision::Kind::Undecided:
        case DataDecision::Kind::Empty:
            clearDataSources(object, store, &m_plan.rows);
            break;
        case DataDecision::Kind::Seed:
            problem = seed(object, store);
            break;
        case DataDecision::Kind::Snapshot:
            problem = restore(object, store, wanted.snapshot);
            break;
        }
        if (!problem.isEmpty()) {
            decision.question = QStringLiteral("%1=%2 cannot be done: %3").arg(store.name, wanted.toString(), problem);
            decision.decidedBy = CloneDecision::DecidedBy::Nobody;
            decision.choice.clear();
        }
        m_plan.decisions << decision;
    }

    // " (snapshots: a, b (golden))", or "" when it has none.
    QString snapshotsText(const Datastore &store) const
    {
        QStringList names;
        for (const QJsonObject &snapshot : m_snapshots) {
            if (!belongsTo(snapshot, store))
                continue;
            names << nameOf(snapshot) + (m_options.dataProfile.goldenSnapshots.contains(nameOf(snapshot)) ? QStringLiteral(" (golden)") : QString());
        }
        return names.isEmpty() ? QStringLiteral(" (it has none of it)") : QStringLiteral(" (%1)").arg(names.join(QStringLiteral(", ")));
    }

    QString claimOf(const QJsonObject &snapshot) const
    {
        return valueAt(snapshot, QStringLiteral("spec.source.persistentVolumeClaimName")).toString();
    }

    // Was the snapshot taken of this datastore's volumes? A snapshot of no claim (itself
    // pre-provisioned) fits a datastore with one claim.
    bool belongsTo(const QJsonObject &snapshot, const Datastore &store) const
    {
        const QString claim = claimOf(snapshot);
        if (claim.isEmpty())
            return store.kind == QLatin1String("PersistentVolumeClaim") || store.claimTemplates.size() == 1;
        if (store.kind == QLatin1String("PersistentVolumeClaim"))
            return claim == store.name;
        return claimTemplateOf(claim, m_source).statefulSet == store.name;
    }

    qsizetype templateIndexFor(const QJsonObject &snapshot, const Datastore &store) const
    {
        if (store.kind != QLatin1String("StatefulSet"))
            return 0;
        const QString claim = claimOf(snapshot);
        const qsizetype at = claim.isEmpty() ? 0 : store.claimTemplates.indexOf(claimTemplateOf(claim, m_source).claimTemplate);
        return std::max<qsizetype>(0, at);
    }

    QString seed(QJsonObject &object, const Datastore &store)
    {
        if (!m_options.dataProfile.seeds.contains(store.name))
            return QStringLiteral("the clone profile of %1 declares no seed for it (seed: {%2: {image: ..., command: [...]}})")
                .arg(m_options.sourceNamespace, store.name);
        const SeedJobSpec spec = m_options.dataProfile.seeds.value(store.name);
        if (!spec.configMap.isEmpty()
            && !std::any_of(m_planned.cbegin(), m_planned.cend(), [&](const QJsonObject &o) {
                   return kindOf(o) == QLatin1String("ConfigMap") && nameOf(o) == spec.configMap;
               }))
            return QStringLiteral("its seed script's ConfigMap %1 is not among the objects cloned from %2")
                .arg(spec.configMap, m_options.sourceNamespace);
        clearDataSources(object, store, &m_plan.rows);

        const bool statefulSet = store.kind == QLatin1String("StatefulSet");
        // A StatefulSet is reached over its governing Service; a claim is mounted.
        const QString host = statefulSet ? valueAt(object, QStringLiteral("spec.serviceName")).toString() : QString();
        QJsonArray env{QJsonObject{{QStringLiteral("name"), QStringLiteral("DATASTORE")}, {QStringLiteral("value"), store.name}}};
        if (statefulSet)
            env.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("DATASTORE_HOST")},
                                   {QStringLiteral("value"), host.isEmpty() ? store.name : host}});
        QJsonArray command;
        if (spec.command.isEmpty())
            command = QJsonArray{QStringLiteral("sh"), QString(QStringLiteral("/seed/") + spec.key)};
        else
            for (const QString &part : spec.command)
                command.append(part);
        QJsonObject container{{QStringLiteral("name"), QStringLiteral("seed")},
                              {QStringLiteral("image"), spec.image},
                              {QStringLiteral("command"), command},
                              {QStringLiteral("env"), env}};
        QJsonArray mounts, volumes;
        if (!spec.configMap.isEmpty()) {
            mounts.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("seed")}, {QStringLiteral("mountPath"), QStringLiteral("/seed")}});
            volumes.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("seed")},
                                       {QStringLiteral("configMap"), QJsonObject{{QStringLiteral("name"), spec.configMap}}}});
        }
        if (!statefulSet) {
            mounts.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("data")}, {QStringLiteral("mountPath"), QStringLiteral("/data")}});
            volumes.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("data")},
                                       {QStringLiteral("persistentVolumeClaim"), QJsonObject{{QStringLiteral("claimName"), store.name}}}});
        }
        if (!mounts.isEmpty())
            container.insert(QStringLiteral("volumeMounts"), mounts);
        QJsonObject podSpec{{QStringLiteral("restartPolicy"), QStringLiteral("Never")}, {QStringLiteral("containers"), QJsonArray{container}}};
        if (!volumes.isEmpty())
            podSpec.insert(QStringLiteral("volumes"), volumes);

        const QString jobName = QString(QStringLiteral("seed-") + store.name).left(63);
        QJsonObject metadata = managedMetadata(jobName, m_options.name, m_options);
        QJsonObject labels = metadata.value(QLatin1String("labels")).toObject();
        labels.insert(contract::SeedForLabel, store.name);
        metadata.insert(QStringLiteral("labels"), labels);
        const QJsonObject job{
            {QStringLiteral("apiVersion"), QStringLiteral("batch/v1")},
            {QStringLiteral("kind"), QStringLiteral("Job")},
            {QStringLiteral("metadata"), metadata},
            {QStringLiteral("spec"),
             QJsonObject{{QStringLiteral("backoffLimit"), 1},
                         {QStringLiteral("template"),
                          QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("labels"), QJsonObject{{contract::SeedForLabel, store.name}}}}},
                                      {QStringLiteral("spec"), podSpec}}}}}};
        m_plan.objects << job;
        if (statefulSet)
            m_plan.seededStatefulSets.insert(store.name);
        m_plan.rows.append({store.ref(), QString(), QString(),
                            QStringLiteral("seeded by Job/%1 (%2) once it is Ready, before the workloads start")
                                .arg(jobName, spec.command.isEmpty() ? QStringLiteral("script %1 of ConfigMap %2").arg(spec.key, spec.configMap)
                                                                     : spec.command.join(QLatin1Char(' '))),
                            PlanRule::DataSeed, false});
        return {};
    }

    // The snapshot to restore: named, or the datastore's newest golden one.
    const QJsonObject *chooseSnapshot(const Datastore &store, const QString &name, QString *problem) const
    {
        if (name == QLatin1String("fresh")) {
            *problem = QStringLiteral("a fresh snapshot would be a VolumeSnapshot written into %1, and PreviewDesk never writes "
                                      "a source (DESIGN.md, invariant 1): take one there with kubectl and name it "
                                      "(snapshot:NAME), or mark one golden in the clone profile")
                           .arg(m_options.sourceNamespace);
            return nullptr;
        }
        if (!name.isEmpty()) {
            for (const QJsonObject &snapshot : m_snapshots)
                if (nameOf(snapshot) == name)
                    return &snapshot;
            QStringList names;
            for (const QJsonObject &snapshot : m_snapshots)
                names << nameOf(snapshot);
            *problem = QStringLiteral("%1 has no VolumeSnapshot %2 (its snapshots: %3)")
                           .arg(m_options.sourceNamespace, name, names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", ")));
            return nullptr;
        }
        const QJsonObject *newest = nullptr;
        for (const QJsonObject &snapshot : m_snapshots) {
            if (!m_options.dataProfile.goldenSnapshots.contains(nameOf(snapshot)) || !belongsTo(snapshot, store))
                continue;
            if (!newest || valueAt(snapshot, QStringLiteral("metadata.creationTimestamp")).toString()
                               > valueAt(*newest, QStringLiteral("metadata.creationTimestamp")).toString())
                newest = &snapshot;
        }
        if (!newest)
            *problem = QStringLiteral("the clone profile marks no golden snapshot of it (goldenSnapshots); name one: snapshot:NAME");
        return newest;
    }

    QString restore(QJsonObject &object, const Datastore &store, const QString &name)
    {
        QString problem;
        const QJsonObject *snapshot = chooseSnapshot(store, name, &problem);
        if (!snapshot)
            return problem;
        const QString snapshotName = nameOf(*snapshot);
        if (!belongsTo(*snapshot, store))
            return QStringLiteral("VolumeSnapshot %1 was taken of the claim %2, not of a volume of %3")
                .arg(snapshotName, claimOf(*snapshot), store.name);
        if (!valueAt(*snapshot, QStringLiteral("status.readyToUse")).toBool()) {
            const QString error = valueAt(*snapshot, QStringLiteral("status.error.message")).toString();
            return QStringLiteral("VolumeSnapshot %1 is not ready to use%2").arg(snapshotName, error.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(error));
        }
        const QString contentName = valueAt(*snapshot, QStringLiteral("status.boundVolumeSnapshotContentName")).toString();
        const QJsonObject *content = findObject(m_source, QStringLiteral("VolumeSnapshotContent"), QString(), contentName);
        if (!content)
            return QStringLiteral("its VolumeSnapshotContent %1 could not be read; restoring into another namespace needs its "
                                  "snapshot handle (get on volumesnapshotcontents.snapshot.storage.k8s.io, cluster-wide)")
                .arg(contentName.isEmpty() ? QStringLiteral("(none bound)") : contentName);
        QString handle = valueAt(*content, QStringLiteral("status.snapshotHandle")).toString();
        if (handle.isEmpty())
            handle = valueAt(*content, QStringLiteral("spec.source.snapshotHandle")).toString();
        if (handle.isEmpty())
            return QStringLiteral("its VolumeSnapshotContent %1 has no snapshot handle yet").arg(contentName);

        const QString previewContent = previewSnapshotContentName(m_options.name, snapshotName);
        if (!m_restored.contains(snapshotName)) {
            m_restored.insert(snapshotName);
            QJsonObject contentSpec{{QStringLiteral("deletionPolicy"), QStringLiteral("Retain")},
                                    {QStringLiteral("driver"), valueAt(*content, QStringLiteral("spec.driver"))},
                                    {QStringLiteral("source"), QJsonObject{{QStringLiteral("snapshotHandle"), handle}}},
                                    {QStringLiteral("volumeSnapshotRef"),
                                     QJsonObject{{QStringLiteral("name"), snapshotName}, {QStringLiteral("namespace"), m_options.name}}}};
            for (const QString &field : {QStringLiteral("volumeSnapshotClassName"), QStringLiteral("sourceVolumeMode")})
                if (content->value(QLatin1String("spec")).toObject().contains(field))
                    contentSpec.insert(field, valueAt(*content, QStringLiteral("spec.") + field));
            QJsonObject contentMetadata = managedMetadata(previewContent, QString(), m_options);
            contentMetadata.insert(QStringLiteral("annotations"),
                                   QJsonObject{{contract::ParentAnnotation, QString(m_options.sourceNamespace + QLatin1Char('/') + snapshotName)}});
            m_plan.objects << QJsonObject{{QStringLiteral("apiVersion"), kSnapshotApiVersion},
                                          {QStringLiteral("kind"), QStringLiteral("VolumeSnapshotContent")},
                                          {QStringLiteral("metadata"), contentMetadata},
                                          {QStringLiteral("spec"), contentSpec}};
            QJsonObject snapshotSpec{{QStringLiteral("source"), QJsonObject{{QStringLiteral("volumeSnapshotContentName"), previewContent}}}};
            const QJsonValue className = valueAt(*snapshot, QStringLiteral("spec.volumeSnapshotClassName"));
            if (className.isString())
                snapshotSpec.insert(QStringLiteral("volumeSnapshotClassName"), className);
            m_plan.objects << QJsonObject{{QStringLiteral("apiVersion"), kSnapshotApiVersion},
                                          {QStringLiteral("kind"), QStringLiteral("VolumeSnapshot")},
                                          {QStringLiteral("metadata"), managedMetadata(snapshotName, m_options.name, m_options)},
                                          {QStringLiteral("spec"), snapshotSpec}};
            m_plan.rows.append({QStringLiteral("VolumeSnapshotContent/") + previewContent, QStringLiteral("spec.source.snapshotHandle"),
                                QString(),
                                QStringLiteral("the storage snapshot of %1/%2, deletionPolicy Retain: removing the preview keeps it")
                                    .arg(m_options.sourceNamespace, snapshotName),
                                PlanRule::DataSource, false});
        }

        const qsizetype templateIndex = templateIndexFor(*snapshot, store);
        const auto restoreSize = restoreSizeOf(*snapshot, *content);
        const QJsonObject *sourceClaim = findObject(m_source, QStringLiteral("PersistentVolumeClaim"), m_options.sourceNamespace, claimOf(*snapshot));
        const QString specPath = store.claimSpecPath(templateIndex);
        editClaimSpec(object, store, templateIndex, [&](QJsonObject &claimSpec) {
            const QString old = dataSourceText(claimSpec);
            claimSpec.remove(QStringLiteral("dataSourceRef"));
            claimSpec.insert(QStringLiteral("dataSource"), QJsonObject{{QStringLiteral("apiGroup"), kSnapshotGroup},
                                                                       {QStringLiteral("kind"), QStringLiteral("VolumeSnapshot")},
                                                                       {QStringLiteral("name"), snapshotName}});
            m_plan.rows.append({store.ref(), specPath + QStringLiteral(".dataSource"), old,
                                QStringLiteral("VolumeSnapshot/%1 (restored from %2)").arg(snapshotName, m_options.sourceNamespace),
                                PlanRule::DataSource, false});
            // A claim smaller than the snapshot cannot be provisioned from it.
            const QString requested = valueAt(claimSpec, QStringLiteral("resources.requests.storage")).toString();
            const auto requestedSize = pd::kube::Quantity::parse(requested);
            if (restoreSize && (!requestedSize || *requestedSize < *restoreSize)) {
                const QString size = restoreSize->toString();
                setValueAt(claimSpec, QStringLiteral("resources.requests.storage"), size);
                m_plan.rows.append({store.ref(), specPath + QStringLiteral(".resources.requests.storage"), requested, size,
                                    PlanRule::DataSource, false});
            }
            if (!claimSpec.contains(QLatin1String("storageClassName")) && sourceClaim) {
                const QJsonValue storageClass = valueAt(*sourceClaim, QStringLiteral("spec.storageClassName"));
                if (storageClass.isString()) {
                    claimSpec.insert(QStringLiteral("storageClassName"), storageClass);
                    m_plan.rows.append({store.ref(), specPath + QStringLiteral(".storageClassName"), QString(),
                                        storageClass.toString(), PlanRule::DataSource, false});
                }
            }
        });
        const bool golden = m_options.dataProfile.goldenSnapshots.contains(snapshotName);
        if (!golden || !m_options.dataProfile.dataSafe)
            m_unconfirmed << QStringLiteral("%1 from %2%3").arg(store.name, snapshotName,
                                                                 golden ? QString() : QStringLiteral(" (not golden)"));
        return {};
    }

    void confirmSourceData()
    {
        if (m_unconfirmed.isEmpty())
            return;
        CloneDecision confirm;
        confirm.kind = CloneDecision::Kind::SourceData;
        confirm.object = QStringLiteral("Namespace/") + m_options.sourceNamespace;
        confirm.name = m_options.sourceNamespace;
        confirm.question = QStringLiteral("Restoring %1 copies data of %2, %3: that is how production data leaks into previews. "
                                          "Confirm it (--allow-source-data, or type %2 in the wizard)")
                               .arg(m_unconfirmed.join(QStringLiteral(", ")), m_options.sourceNamespace,
                                    m_options.dataProfile.dataSafe ? QStringLiteral("from snapshots its clone profile does not mark golden")
                                                                   : QStringLiteral("which its clone profile does not mark data-safe (dataSafe: true)"));
        if (m_options.allowSourceData) {
            confirm.choice = QStringLiteral("allowed");
            confirm.decidedBy = CloneDecision::DecidedBy::Flag;
        }
        m_plan.decisions << confirm;
    }

    const QList<QJsonObject> &m_source;
    QList<QJsonObject> &m_planned;
    const CloneOptions &m_options;
    QList<QJsonObject> m_snapshots;    // of the source namespace
    QSet<QString> m_restored;          // snapshots whose objects the plan already has
    QStringList m_unconfirmed;         // restores that need the SourceData confirmation
    DataPlan m_plan;
};

} // namespace

QString previewSnapshotContentName(const QString &preview, const QString &snapshot)
{
    return QString(preview + QLatin1Char('.') + snapshot).left(253);
}

DataPlan planData(const QList<QJsonObject> &sourceObjects, QList<QJsonObject> &planned, const CloneOptions &options)
{
    return DataPlanner(sourceObjects, planned, options).run();
}

} // namespace pd::core::clone
