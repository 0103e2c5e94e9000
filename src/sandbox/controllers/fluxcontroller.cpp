#include "fluxcontroller.h"

#include "controllerutil.h"
#include "localgitrepository.h"
#include "manifestapplier.h"
#include "sandbox/objectstore.h"
#include "sandbox/wellknowncrds.h"

namespace pd::sandbox::controllers {

namespace {

const GroupResource kGitRepositories{u"source.toolkit.fluxcd.io"_s, u"gitrepositories"_s};
const GroupResource kKustomizations{u"kustomize.toolkit.fluxcd.io"_s, u"kustomizations"_s};
const QString kFieldManager = u"kustomize-controller"_s;

QJsonObject condition(const QString &type, const QString &status, const QString &reason, const QString &message,
                      qint64 generation, const QString &now)
{
    return QJsonObject{{u"type"_s, type}, {u"status"_s, status}, {u"reason"_s, reason}, {u"message"_s, message},
                       {u"observedGeneration"_s, generation}, {u"lastTransitionTime"_s, now}};
}

QJsonObject findCondition(const QJsonObject &status, const QString &type)
{
    for (const QJsonValue &c : status.value(u"conditions"_s).toArray()) {
        if (c.toObject().value(u"type"_s).toString() == type)
            return c.toObject();
    }
    return {};
}

QJsonObject withoutTimes(QJsonObject status)
{
    QJsonArray conditions;
    for (const QJsonValue &c : status.value(u"conditions"_s).toArray()) {
        QJsonObject o = c.toObject();
        o.remove(u"lastTransitionTime"_s);
        conditions.append(o);
    }
    status.insert(u"conditions"_s, conditions);
    QJsonObject artifact = status.value(u"artifact"_s).toObject();
    artifact.remove(u"lastUpdateTime"_s);
    if (!artifact.isEmpty())
        status.insert(u"artifact"_s, artifact);
    return status;
}

bool isReady(const QJsonObject &object)
{
    return findCondition(statusOf(object), u"Ready"_s).value(u"status"_s).toString() == u"True"_s;
}

// Flux's inventory id: "<namespace>_<name>_<group>_<Kind>".
QString inventoryId(const ManagedObject &m)
{
    return m.namespaceName + u'_' + m.name + u'_' + m.resource.group + u'_' + m.kind;
}

} // namespace

FluxController::FluxController(ObjectStore *store, std::chrono::milliseconds resyncInterval, const QString &git, QObject *parent)
    : ControllerBase(store, parent)
    , m_git(git)
{
    m_resync.setInterval(resyncInterval);
    connect(&m_resync, &QTimer::timeout, this, &FluxController::resync);
}

FluxController::~FluxController() = default;

void FluxController::start()
{
    WriteOptions internal;
    internal.skipAdmission = true;
    for (const auto &[group, kind] : {std::pair{u"kustomize.toolkit.fluxcd.io"_s, u"Kustomization"_s},
                                      std::pair{u"source.toolkit.fluxcd.io"_s, u"GitRepository"_s}}) {
        const QJsonObject c = wellKnownCustomResourceDefinition(group, kind);
        if (!m_store->entry(kCrds, {}, nameOf(c)))
            m_store->create(kCrds, c, internal);
    }
    ControllerBase::start({kGitRepositories, kKustomizations});
    m_resync.start();
}

void FluxController::onEvent(const StoreEvent &event)
{
    if (event.resource == kGitRepositories || event.resource == kKustomizations) {
        if (event.type != StoreEventType::Deleted)
            enqueue(event.resource, event.object->namespaceName, event.object->name);
        if (event.resource == kGitRepositories) {
            for (const StoredObjectPtr &e : m_store->entries(kKustomizations)) {
                const QJsonObject ref = specOf(e->object()).value(u"sourceRef"_s).toObject();
                if (ref.value(u"name"_s).toString() == event.object->name
                    && ref.value(u"namespace"_s).toString(e->namespaceName) == event.object->namespaceName)
                    enqueue(kKustomizations, e->namespaceName, e->name);
            }
        }
        return;
    }
    const QString nameLabel = QString::fromLatin1(kNameLabel);
    const QString namespaceLabel = QString::fromLatin1(kNamespaceLabel);
    const StoredObjectPtr labelled = event.object->labels.contains(nameLabel) ? event.object
        : event.previous && event.previous->labels.contains(nameLabel)    ? event.previous
                                                                          : nullptr;
    if (labelled)
        enqueue(kKustomizations, labelled->labels.value(namespaceLabel).toString(), labelled->labels.value(nameLabel).toString());
}

void FluxController::reconcile(const Key &key)
{
    if (key.resource == kGitRepositories)
        reconcileSource(key);
    else
        reconcileKustomization(key);
}

void FluxController::writeStatus(const GroupResource &resource, const Key &key, const QJsonObject &status)
{
    m_store->modify(resource, key.namespaceName, key.name, [&](QJsonObject &o) {
        const QJsonObject old = statusOf(o);
        if (withoutTimes(old) == withoutTimes(status))
            return false;
        QJsonObject next = status;
        // A condition keeps its transition time while its status stays.
        QJsonArray conditions;
        for (const QJsonValue &c : status.value(u"conditions"_s).toArray()) {
            QJsonObject cond = c.toObject();
            const QJsonObject before = findCondition(old, cond.value(u"type"_s).toString());
            if (before.value(u"status"_s) == cond.value(u"status"_s) && before.contains(u"lastTransitionTime"_s))
                cond.insert(u"lastTransitionTime"_s, before.value(u"lastTransitionTime"_s));
            conditions.append(cond);
        }
        next.insert(u"conditions"_s, conditions);
        o.insert(u"status"_s, next);
        return true;
    });
}

void FluxController::reconcileSource(const Key &key)
{
    const auto found = m_store->get(kGitRepositories, key.namespaceName, key.name);
    if (!found || isDeleting(*found))
        return;
    const QJsonObject spec = specOf(*found);
    if (spec.value(u"suspend"_s).toBool())
        return;
    const qint64 generation = metaOf(*found).value(u"generation"_s).toInteger(1);
    const QString now = ObjectStore::timestamp(m_store->now());
    QJsonObject status = statusOf(*found);
    status.insert(u"observedGeneration"_s, generation);

    const QJsonObject ref = spec.value(u"ref"_s).toObject();
    QString refName;
    QString revisionName;
    if (ref.contains(u"commit"_s)) {
        refName = ref.value(u"commit"_s).toString();
    } else if (ref.contains(u"tag"_s)) {
        refName = u"refs/tags/"_s + ref.value(u"tag"_s).toString();
        revisionName = ref.value(u"tag"_s).toString();
    } else {
        revisionName = ref.value(u"branch"_s).toString(u"master"_s);
        refName = u"refs/heads/"_s + revisionName;
    }
    LocalGitRepository repository(spec.value(u"url"_s).toString(), m_git);
    const auto commit = repository.isLocal() ? repository.resolve(refName) : std::nullopt;
    if (!commit) {
        const QString message = u"failed to checkout and determine revision: "_s + repository.lastError();
        status.insert(u"conditions"_s, QJsonArray{condition(u"Ready"_s, u"False"_s, u"GitOperationFailed"_s, message, generation, now),
                                                  condition(u"FetchFailed"_s, u"True"_s, u"GitOperationFailed"_s, message, generation, now)});
        writeStatus(kGitRepositories, key, status);
        return;
    }
    const QString revision = revisionName.isEmpty() ? QString(u"sha1:"_s + *commit) : QString(revisionName + u"@sha1:"_s + *commit);
    QJsonObject artifact = status.value(u"artifact"_s).toObject();
    if (artifact.value(u"revision"_s).toString() != revision) {
        artifact = QJsonObject{{u"revision"_s, revision},
                               {u"path"_s, u"gitrepository/%1/%2/%3.tar.gz"_s.arg(key.namespaceName, key.name, *commit)},
                               {u"url"_s, u"http://source-controller.flux-system.svc.cluster.local./gitrepository/%1/%2/%3.tar.gz"_s
                                              .arg(key.namespaceName, key.name, *commit)},
                               {u"lastUpdateTime"_s, now}};
    }
    status.insert(u"artifact"_s, artifact);
    const QString message = u"stored artifact for revision '%1'"_s.arg(revision);
    status.insert(u"conditions"_s, QJsonArray{condition(u"Ready"_s, u"True"_s, u"Succeeded"_s, message, generation, now),
                                              condition(u"ArtifactInStorage"_s, u"True"_s, u"Succeeded"_s, message, generation, now)});
    writeStatus(kGitRepositories, key, status);
}

void FluxController::finalize(const QJsonObject &kustomization)
{
    const QString ours = QString::fromLatin1(kFinalizer);
    if (!metaOf(kustomization).value(u"finalizers"_s).toArray().contains(ours))
        return;
    const QJsonObject spec = specOf(kustomization);
    if (spec.value(u"prune"_s).toBool() && !spec.value(u"suspend"_s).toBool()) {
        ManifestApplier applier(m_store, kFieldManager,
                                QJsonObject{{QString::fromLatin1(kNameLabel), nameOf(kustomization)},
                                            {QString::fromLatin1(kNamespaceLabel), namespaceOf(kustomization)}});
        QStringList namespaces{spec.value(u"targetNamespace"_s).toString(namespaceOf(kustomization))};
        for (const QJsonValue &e : statusOf(kustomization).value(u"inventory"_s).toObject().value(u"entries"_s).toArray()) {
            const QString ns = e.toObject().value(u"id"_s).toString().section(u'_', 0, 0);
            if (!ns.isEmpty() && !namespaces.contains(ns))
                namespaces.append(ns);
        }
        applier.remove(applier.orphans({}, namespaces));
    }
    m_store->modify(kKustomizations, namespaceOf(kustomization), nameOf(kustomization), [&](QJsonObject &o) {
        QJsonObject meta = metaOf(o);
        QJsonArray kept;
        for (const QJsonValue &f : meta.value(u"finalizers"_s).toArray()) {
            if (f.toString() != ours)
                kept.append(f);
        }
        meta.insert(u"finalizers"_s, kept);
        o.insert(u"metadata"_s, meta);
        return true;
    });
}

void FluxController::reconcileKustomization(const Key &key)
{
    const auto found = m_store->get(kKustomizations, key.namespaceName, key.name);
    if (!found)
        return;
    const QJsonObject ks = *found;
    if (isDeleting(ks)) {
        finalize(ks);
        return;
    }
    const QJsonObject spec = specOf(ks);
    if (spec.value(u"suspend"_s).toBool())
        return;
    const QString ours = QString::fromLatin1(kFinalizer);
    if (!metaOf(ks).value(u"finalizers"_s).toArray().contains(ours)) {
        // Added before anything is applied, as the kustomize-controller does; the write re-enqueues.
        m_store->modify(kKustomizations, key.namespaceName, key.name, [&](QJsonObject &o) {
            QJsonObject meta = metaOf(o);
            QJsonArray finalizers = meta.value(u"finalizers"_s).toArray();
            finalizers.append(ours);
            meta.insert(u"finalizers"_s, finalizers);
            o.insert(u"metadata"_s, meta);
            return true;
        });
        return;
    }
    const qint64 generation = metaOf(ks).value(u"generation"_s).toInteger(1);
    const QString now = ObjectStore::timestamp(m_store->now());
    QJsonObject status = statusOf(ks);
    status.insert(u"observedGeneration"_s, generation);
    auto notReady = [&](const QString &reason, const QString &message) {
        status.insert(u"conditions"_s, QJsonArray{condition(u"Ready"_s, u"False"_s, reason, message, generation, now)});
        writeStatus(kKustomizations, key, status);
    };

    const QJsonObject sourceRef = spec.value(u"sourceRef"_s).toObject();
    const QString sourceNamespace = sourceRef.value(u"namespace"_s).toString(key.namespaceName);
    const QString sourceName = sourceRef.value(u"name"_s).toString();
    const QString sourceKind = sourceRef.value(u"kind"_s).toString(u"GitRepository"_s);
    if (sourceKind != u"GitRepository"_s)
        return notReady(u"ArtifactFailed"_s, u"source kind %1 is not simulated by the sandbox (GitRepository only)"_s.arg(sourceKind));
    const auto source = m_store->get(kGitRepositories, sourceNamespace, sourceName);
    if (!source)
        return notReady(u"ArtifactFailed"_s, u"Source '%1/%2/%3' not found"_s.arg(sourceKind, sourceNamespace, sourceName));
    const QString revision = statusOf(*source).value(u"artifact"_s).toObject().value(u"revision"_s).toString();
    if (!isReady(*source) || revision.isEmpty())
        return notReady(u"ArtifactFailed"_s, u"Source artifact not found, retrying in 30s"_s);
    status.insert(u"lastAttemptedRevision"_s, revision);
    const QString commit = revision.section(u"sha1:"_s, -1);

    LocalGitRepository repository(specOf(*source).value(u"url"_s).toString(), m_git);
    const QString path = spec.value(u"path"_s).toString();
    const QString cacheKey = repository.directory() + u'|' + commit + u'|' + path;
    auto rendered = m_rendered.value(cacheKey);
    if (!rendered) {
        rendered = std::make_shared<const RenderedManifests>(renderManifests(repository, commit, path, true));
        if (m_rendered.size() > 256)
            m_rendered.clear();
        m_rendered.insert(cacheKey, rendered);
    }
    if (!rendered->ok()) {
        const QString message = rendered->errorKind == u"path"_s
            ? u"kustomization path not found: stat /tmp/kustomization-%1/%2: no such file or directory"_s.arg(
                  safeEncode(stableHash(key.name.toUtf8()), 10), LocalGitRepository::normalizedPath(path))
            : u"kustomize build failed: "_s + rendered->error;
        return notReady(u"BuildFailed"_s, message);
    }

    ManifestApplier applier(m_store, kFieldManager,
                            QJsonObject{{QString::fromLatin1(kNameLabel), key.name}, {QString::fromLatin1(kNamespaceLabel), key.namespaceName}});
    const QString targetNamespace = spec.value(u"targetNamespace"_s).toString();
    QString planError;
    const auto desired = applier.plan(rendered->objects, targetNamespace.isEmpty() ? key.namespaceName : targetNamespace,
                                      !targetNamespace.isEmpty(), &planError);
    if (!desired)
        return notReady(u"ReconciliationFailed"_s, planError);
    QStringList namespaces{targetNamespace.isEmpty() ? key.namespaceName : targetNamespace};
    for (const ManagedObject &m : *desired) {
        if (!m.namespaceName.isEmpty() && !namespaces.contains(m.namespaceName))
            namespaces.append(m.namespaceName);
    }
    QStringList errors;
    for (const ManagedObject &m : *desired) {
        const QString error = applier.apply(m);
        if (!error.isEmpty())
            errors.append(m.id() + u" dry-run failed: "_s + error);
    }
    if (!errors.isEmpty())
        return notReady(u"ReconciliationFailed"_s, errors.join(u'\n'));
    if (spec.value(u"prune"_s).toBool())
        applier.remove(applier.orphans(*desired, namespaces));

    QJsonArray entries;
    for (const ManagedObject &m : *desired)
        entries.append(QJsonObject{{u"id"_s, inventoryId(m)}, {u"v"_s, m.apiVersion.section(u'/', -1)}});
    status.insert(u"inventory"_s, QJsonObject{{u"entries"_s, entries}});
    status.insert(u"lastAppliedRevision"_s, revision);
    const QString applied = u"Applied revision: "_s + revision;
    const bool wait = spec.value(u"wait"_s).toBool() || !spec.value(u"healthChecks"_s).toArray().isEmpty();
    if (!wait) {
        status.insert(u"conditions"_s, QJsonArray{condition(u"Ready"_s, u"True"_s, u"ReconciliationSucceeded"_s, applied, generation, now)});
    } else {
        const ManagedHealth health = applier.health(*desired);
        if (health.status == u"Healthy"_s) {
            status.insert(u"conditions"_s, QJsonArray{condition(u"Ready"_s, u"True"_s, u"ReconciliationSucceeded"_s, applied, generation, now),
                                                      condition(u"Healthy"_s, u"True"_s, u"Succeeded"_s, u"Health check passed"_s, generation, now)});
        } else if (health.status == u"Degraded"_s) {
            const QString message = u"health check failed: "_s + health.message;
            status.insert(u"conditions"_s, QJsonArray{condition(u"Ready"_s, u"False"_s, u"HealthCheckFailed"_s, message, generation, now),
                                                      condition(u"Healthy"_s, u"False"_s, u"HealthCheckFailed"_s, message, generation, now)});
        } else {
            status.insert(u"conditions"_s, QJsonArray{condition(u"Ready"_s, u"Unknown"_s, u"Progressing"_s, u"Reconciliation in progress"_s, generation, now),
                                                      condition(u"Healthy"_s, u"Unknown"_s, u"Progressing"_s, health.message, generation, now)});
        }
    }
    writeStatus(kKustomizations, key, status);
}

} // namespace pd::sandbox::controllers
