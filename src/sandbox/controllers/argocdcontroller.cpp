#include "argocdcontroller.h"

#include "controllerutil.h"
#include "localgitrepository.h"
#include "manifestapplier.h"
#include "sandbox/objectstore.h"
#include "sandbox/wellknowncrds.h"
#include "core/contract.h"

namespace pd::sandbox::controllers {

namespace {

const GroupResource kApplications{u"argoproj.io"_s, u"applications"_s};
const QString kFieldManager = u"argocd-controller"_s;
const QString kLoadError = u"Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = "_s;

QJsonObject condition(const QString &type, const QString &message, const QString &now)
{
    return QJsonObject{{u"type"_s, type}, {u"message"_s, message}, {u"lastTransitionTime"_s, now}};
}

// The status without the times that change on every look (compared to skip idle writes).
QJsonObject withoutTimes(QJsonObject status)
{
    status.remove(u"reconciledAt"_s);
    QJsonObject op = status.value(u"operationState"_s).toObject();
    op.remove(u"startedAt"_s);
    op.remove(u"finishedAt"_s);
    if (!op.isEmpty())
        status.insert(u"operationState"_s, op);
    QJsonArray conditions;
    for (const QJsonValue &c : status.value(u"conditions"_s).toArray()) {
        QJsonObject o = c.toObject();
        o.remove(u"lastTransitionTime"_s);
        conditions.append(o);
    }
    if (!conditions.isEmpty())
        status.insert(u"conditions"_s, conditions);
    return status;
}

} // namespace

ArgoCdController::ArgoCdController(ObjectStore *store, std::chrono::milliseconds resyncInterval, const QString &git, QObject *parent)
    : ControllerBase(store, parent)
    , m_git(git)
{
    m_resync.setInterval(resyncInterval);
    connect(&m_resync, &QTimer::timeout, this, &ArgoCdController::resync);
}

ArgoCdController::~ArgoCdController() = default;

QString ArgoCdController::instanceLabel()
{
    return QString(pd::core::contract::AppNameLabel).section(u'/', 0, 0) + u"/instance"_s;
}

void ArgoCdController::start()
{
    WriteOptions internal;
    internal.skipAdmission = true;
    for (const QString &kind : {u"Application"_s, u"AppProject"_s}) {
        const QJsonObject c = wellKnownCustomResourceDefinition(u"argoproj.io"_s, kind);
        if (!m_store->entry(kCrds, {}, nameOf(c)))
            m_store->create(kCrds, c, internal);
    }
    ControllerBase::start({kApplications});
    m_resync.start();
}

void ArgoCdController::onEvent(const StoreEvent &event)
{
    if (event.resource == kApplications) {
        if (event.type != StoreEventType::Deleted)
            enqueue(kApplications, event.object->namespaceName, event.object->name);
        return;
    }
    // An object one of ours applied changed (drift, or a Deployment's status moved on).
    const QString app = event.object->labels.value(instanceLabel()).toString();
    if (app.isEmpty() && !(event.previous && event.previous->labels.contains(instanceLabel())))
        return;
    const QString name = app.isEmpty() ? event.previous->labels.value(instanceLabel()).toString() : app;
    for (const StoredObjectPtr &e : m_store->entries(kApplications)) {
        if (e->name == name)
            enqueue(kApplications, e->namespaceName, e->name);
    }
}

void ArgoCdController::writeStatus(const Key &key, const QJsonObject &status)
{
    const QString now = ObjectStore::timestamp(m_store->now());
    m_store->modify(kApplications, key.namespaceName, key.name, [&](QJsonObject &o) {
        const QJsonObject old = statusOf(o);
        if (withoutTimes(old) == withoutTimes(status))
            return false;
        QJsonObject next = status;
        next.insert(u"reconciledAt"_s, now);
        // Conditions keep the time they first appeared.
        QJsonArray conditions;
        for (const QJsonValue &c : status.value(u"conditions"_s).toArray()) {
            QJsonObject cond = c.toObject();
            for (const QJsonValue &p : old.value(u"conditions"_s).toArray()) {
                if (p.toObject().value(u"type"_s) == cond.value(u"type"_s) && p.toObject().value(u"message"_s) == cond.value(u"message"_s))
                    cond.insert(u"lastTransitionTime"_s, p.toObject().value(u"lastTransitionTime"_s));
            }
            conditions.append(cond);
        }
        if (!conditions.isEmpty())
            next.insert(u"conditions"_s, conditions);
        o.insert(u"status"_s, next);
        return true;
    });
}

void ArgoCdController::finalize(const QJsonObject &application)
{
    QJsonArray finalizers = metaOf(application).value(u"finalizers"_s).toArray();
    const QString ours = QString::fromLatin1(kResourcesFinalizer);
    if (!finalizers.contains(ours))
        return;   // someone else's finalizer: not ours to remove
    const QString destination = specOf(application).value(u"destination"_s).toObject().value(u"namespace"_s).toString();
    ManifestApplier applier(m_store, kFieldManager, QJsonObject{{instanceLabel(), nameOf(application)}});
    QStringList namespaces{destination.isEmpty() ? namespaceOf(application) : destination};
    applier.remove(applier.orphans({}, namespaces));
    m_store->modify(kApplications, namespaceOf(application), nameOf(application), [&](QJsonObject &o) {
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

void ArgoCdController::reconcile(const Key &key)
{
    const auto found = m_store->get(kApplications, key.namespaceName, key.name);
    if (!found)
        return;
    const QJsonObject app = *found;
    if (isDeleting(app)) {
        finalize(app);
        return;
    }
    const QJsonObject spec = specOf(app);
    const QJsonObject source = spec.value(u"source"_s).toObject();
    const QJsonObject destination = spec.value(u"destination"_s).toObject();
    const QString destNamespace = destination.value(u"namespace"_s).toString();
    const QJsonValue automatedValue = spec.value(u"syncPolicy"_s).toObject().value(u"automated"_s);
    const bool automated = automatedValue.isObject();
    const bool prune = automatedValue.toObject().value(u"prune"_s).toBool();
    const bool selfHeal = automatedValue.toObject().value(u"selfHeal"_s).toBool();
    const QString now = ObjectStore::timestamp(m_store->now());
    const QJsonObject oldStatus = statusOf(app);

    QJsonObject status = oldStatus;
    status.insert(u"sourceType"_s, u"Directory"_s);
    const QJsonObject comparedTo{{u"source"_s, source}, {u"destination"_s, destination}};
    auto fail = [&](const QString &message) {
        status.insert(u"sync"_s, QJsonObject{{u"status"_s, u"Unknown"_s}, {u"comparedTo"_s, comparedTo}});
        status.insert(u"health"_s, QJsonObject{{u"status"_s, u"Degraded"_s}, {u"message"_s, message}});
        status.insert(u"conditions"_s, QJsonArray{condition(u"ComparisonError"_s, message, now)});
        writeStatus(key, status);
    };

    LocalGitRepository repository(source.value(u"repoURL"_s).toString(), m_git);
    if (!repository.isLocal())
        return fail(kLoadError + repository.lastError());
    const auto commit = repository.resolve(source.value(u"targetRevision"_s).toString(u"HEAD"_s));
    if (!commit)
        return fail(kLoadError + repository.lastError());
    const bool recurse = source.value(u"directory"_s).toObject().value(u"recurse"_s).toBool();
    const QString cacheKey = repository.directory() + u'|' + *commit + u'|' + source.value(u"path"_s).toString() + (recurse ? u"|r"_s : u"|"_s);
    auto rendered = m_rendered.value(cacheKey);
    if (!rendered) {
        rendered = std::make_shared<const RenderedManifests>(renderManifests(repository, *commit, source.value(u"path"_s).toString(), recurse));
        if (m_rendered.size() > 256)
            m_rendered.clear();
        m_rendered.insert(cacheKey, rendered);
    }
    if (!rendered->ok())
        return fail(kLoadError + rendered->error);

    ManifestApplier applier(m_store, kFieldManager, QJsonObject{{instanceLabel(), key.name}});
    QString planError;
    const auto desired = applier.plan(rendered->objects, destNamespace, false, &planError);
    if (!desired)
        return fail(u"Failed to load target state: "_s + planError);
    QStringList namespaces{destNamespace.isEmpty() ? key.namespaceName : destNamespace};
    for (const ManagedObject &m : *desired) {
        if (!m.namespaceName.isEmpty() && !namespaces.contains(m.namespaceName))
            namespaces.append(m.namespaceName);
    }

    auto drifted = [&] {
        bool any = false;
        for (const ManagedObject &m : *desired)
            any = any || applier.isDrifted(m);
        return any;
    };
    const QList<ManagedObject> extra = applier.orphans(*desired, namespaces);
    const QJsonObject lastResult = oldStatus.value(u"operationState"_s).toObject().value(u"syncResult"_s).toObject();
    const bool newTarget = lastResult.value(u"revision"_s).toString() != *commit || lastResult.value(u"source"_s).toObject() != source;
    const bool outOfSync = drifted() || (!extra.isEmpty() && prune);
    if (automated && (newTarget || (selfHeal && outOfSync))) {
        QStringList errors;
        for (const ManagedObject &m : *desired) {
            const QString error = applier.apply(m);
            if (!error.isEmpty())
                errors.append(m.id() + u": "_s + error);
        }
        if (prune)
            applier.remove(extra);
        QJsonArray resources;
        for (const ManagedObject &m : *desired)
            resources.append(QJsonObject{{u"group"_s, m.resource.group}, {u"kind"_s, m.kind}, {u"namespace"_s, m.namespaceName},
                                         {u"name"_s, m.name}, {u"status"_s, applier.exists(m) ? u"Synced"_s : u"SyncFailed"_s}});
        const bool ok = errors.isEmpty();
        status.insert(u"operationState"_s,
                      QJsonObject{{u"operation"_s, QJsonObject{{u"sync"_s, QJsonObject{{u"revision"_s, *commit}, {u"prune"_s, prune}}},
                                                               {u"initiatedBy"_s, QJsonObject{{u"automated"_s, true}}}}},
                                  {u"phase"_s, ok ? u"Succeeded"_s : u"Failed"_s},
                                  {u"message"_s, ok ? u"successfully synced (all tasks run)"_s
                                                    : u"one or more objects failed to apply, reason: "_s + errors.join(u"; "_s)},
                                  {u"startedAt"_s, now},
                                  {u"finishedAt"_s, now},
                                  {u"syncResult"_s, QJsonObject{{u"revision"_s, *commit}, {u"source"_s, source}, {u"resources"_s, resources}}}});
    }

    const bool inSync = !drifted() && extra.isEmpty();
    const QJsonObject operation = status.value(u"operationState"_s).toObject();
    const bool syncFailed = operation.value(u"phase"_s).toString() == u"Failed"_s
        && operation.value(u"syncResult"_s).toObject().value(u"revision"_s).toString() == *commit;
    QJsonArray resources;
    for (const ManagedObject &m : *desired) {
        QJsonObject r{{u"group"_s, m.resource.group}, {u"version"_s, m.apiVersion.section(u'/', -1)}, {u"kind"_s, m.kind},
                      {u"namespace"_s, m.namespaceName}, {u"name"_s, m.name},
                      {u"status"_s, applier.isDrifted(m) ? u"OutOfSync"_s : u"Synced"_s}};
        const ManagedHealth h = applier.health({m});
        r.insert(u"health"_s, QJsonObject{{u"status"_s, h.status}});
        resources.append(r);
    }
    for (const ManagedObject &m : extra)
        resources.append(QJsonObject{{u"group"_s, m.resource.group}, {u"kind"_s, m.kind}, {u"namespace"_s, m.namespaceName},
                                     {u"name"_s, m.name}, {u"status"_s, u"OutOfSync"_s}, {u"requiresPruning"_s, true}});
    status.insert(u"resources"_s, resources);
    status.insert(u"sync"_s, QJsonObject{{u"status"_s, inSync ? u"Synced"_s : u"OutOfSync"_s}, {u"revision"_s, *commit},
                                         {u"comparedTo"_s, comparedTo}});
    ManagedHealth health = applier.health(*desired);
    if (syncFailed)
        health = ManagedHealth{u"Degraded"_s, operation.value(u"message"_s).toString()};
    QJsonObject healthJson{{u"status"_s, health.status}};
    if (!health.message.isEmpty() && health.status != u"Healthy"_s)
        healthJson.insert(u"message"_s, health.message);
    status.insert(u"health"_s, healthJson);
    if (syncFailed)
        status.insert(u"conditions"_s, QJsonArray{condition(u"SyncError"_s, operation.value(u"message"_s).toString(), now)});
    else
        status.remove(u"conditions"_s);
    writeStatus(key, status);
}

} // namespace pd::sandbox::controllers
