// POST (create), PUT (update, status, scale, finalize), DELETE and deletecollection.
#include "apiserver_p.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

// Kind/apiVersion/namespace/name of a body checked against the URL, defaults filled.
bool prepareBody(RequestContext &c, QJsonObject *object, bool nameFromUrl)
{
    ApiError error;
    if (!decodeBody(c, object, &error)) {
        c.respondError(error);
        return false;
    }
    const QString apiVersion = object->value(u"apiVersion"_s).toString();
    const QString kind = object->value(u"kind"_s).toString();
    if (!apiVersion.isEmpty() && apiVersion != c.info.apiVersion()) {
        c.respondError(ApiError::badRequest(u"the API version in the data (%1) does not match the expected API version (%2)"_s
                                                .arg(apiVersion, c.info.apiVersion())));
        return false;
    }
    if (!kind.isEmpty() && kind != c.info.kind) {
        c.respondError(ApiError::badRequest(u"the kind in the data (%1) does not match the expected kind (%2)"_s.arg(kind, c.info.kind)));
        return false;
    }
    object->insert(u"apiVersion"_s, c.info.apiVersion());
    object->insert(u"kind"_s, c.info.kind);
    QJsonObject meta = object->value(u"metadata"_s).toObject();
    if (c.info.namespaced) {
        const QString ns = meta.value(u"namespace"_s).toString();
        if (!ns.isEmpty() && ns != c.attributes.namespaceName) {
            c.respondError(ApiError::badRequest(u"the namespace of the provided object does not match the namespace sent on the request"_s));
            return false;
        }
        meta.insert(u"namespace"_s, c.attributes.namespaceName);
    }
    if (nameFromUrl) {
        const QString name = meta.value(u"name"_s).toString();
        if (name.isEmpty()) {
            meta.insert(u"name"_s, c.attributes.name);
        } else if (name != c.attributes.name) {
            c.respondError(ApiError::badRequest(u"the name of the object (%1) does not match the name on the URL (%2)"_s
                                                    .arg(name, c.attributes.name)));
            return false;
        }
    }
    object->insert(u"metadata"_s, meta);
    return true;
}

WriteOptions writeOptions(const RequestContext &c)
{
    WriteOptions o;
    o.dryRun = c.dryRun();
    o.fieldManager = c.options.fieldManager;
    return o;
}

void answer(RequestContext &c, int code, const StoreResult &result)
{
    if (!result.ok())
        c.respondError(result.error);
    else
        c.respondObject(code, asRequestedVersion(result.object, c.info));
}

QString ns(const RequestContext &c) { return c.info.namespaced ? c.attributes.namespaceName : QString(); }

} // namespace

void applyScale(RequestContext &c, const QJsonObject &scale)
{
    const QString rv = scale.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString();
    const QJsonValue replicas = scale.value(u"spec"_s).toObject().value(u"replicas"_s);
    ObjectStore *store = c.state->store;
    const StoredObjectPtr current = store->entry(c.groupResource(), ns(c), c.attributes.name);
    if (!current) {
        c.respondError(ApiError::notFound(c.groupResource(), c.attributes.name));
        return;
    }
    if (!rv.isEmpty() && rv != QString::number(current->resourceVersion)) {
        c.respondError(ApiError::conflictModified(c.groupResource(), c.attributes.name));
        return;
    }
    if (replicas.toInteger(-1) < 0) {
        c.respondError(ApiError::invalid(u"autoscaling"_s, u"Scale"_s, c.attributes.name,
            QJsonArray{ApiError::cause(u"FieldValueInvalid"_s,
                                       u"Invalid value: %1: must be greater than or equal to 0"_s.arg(replicas.toInteger(-1)),
                                       u"spec.replicas"_s)}));
        return;
    }
    const StoreResult result = store->modify(c.groupResource(), ns(c), c.attributes.name, [&](QJsonObject &o) {
        QJsonObject spec = o.value(u"spec"_s).toObject();
        spec.insert(u"replicas"_s, replicas.toInteger());
        o.insert(u"spec"_s, spec);
        return true;
    }, writeOptions(c));
    if (!result.ok())
        c.respondError(result.error);
    else
        c.respondObject(200, scaleOf(result.object, c.info));
}

QJsonObject scaleOf(const QJsonObject &object, const ResourceInfo &info)
{
    const QJsonObject meta = object.value(u"metadata"_s).toObject();
    QJsonObject scaleMeta;
    for (const QString &key : {u"name"_s, u"namespace"_s, u"uid"_s, u"resourceVersion"_s, u"creationTimestamp"_s})
        if (meta.contains(key))
            scaleMeta.insert(key, meta.value(key));
    const QJsonObject spec = object.value(u"spec"_s).toObject();
    const QJsonObject status = object.value(u"status"_s).toObject();
    QJsonObject scaleStatus{{u"replicas"_s, status.value(u"replicas"_s).toInteger()}};
    const auto selector = kube::LabelSelector::fromJson(spec.value(u"selector"_s).toObject());
    if (selector && !selector->isEmpty())
        scaleStatus.insert(u"selector"_s, selector->toString());
    Q_UNUSED(info);
    return QJsonObject{{u"kind"_s, u"Scale"_s},
                       {u"apiVersion"_s, u"autoscaling/v1"_s},
                       {u"metadata"_s, scaleMeta},
                       {u"spec"_s, QJsonObject{{u"replicas"_s, spec.value(u"replicas"_s).toInteger(1)}}},
                       {u"status"_s, scaleStatus}};
}

void serveCreate(RequestContext &c)
{
    const QString &sub = c.attributes.subresource;
    if (sub == u"eviction"_s) {
        const StoreResult result = c.state->store->remove(c.groupResource(), ns(c), c.attributes.name, DeleteOptions{});
        if (!result.ok())
            c.respondError(result.error);
        else
            c.respondObject(201, QJsonObject{{u"kind"_s, u"Status"_s}, {u"apiVersion"_s, u"v1"_s},
                                             {u"metadata"_s, QJsonObject{}}, {u"status"_s, u"Success"_s}, {u"code"_s, 201}});
        return;
    }
    if (!sub.isEmpty() || !c.attributes.name.isEmpty()) {
        c.respondError(ApiError::methodNotAllowed());
        return;
    }
    QJsonObject object;
    if (!prepareBody(c, &object, false))
        return;
    answer(c, 201, c.state->store->create(c.groupResource(), object, writeOptions(c)));
}

void serveUpdate(RequestContext &c)
{
    const QString &sub = c.attributes.subresource;
    if (sub == u"scale"_s) {
        QJsonObject scale;
        ApiError error;
        if (!decodeBody(c, &scale, &error)) {
            c.respondError(error);
            return;
        }
        applyScale(c, scale);
        return;
    }
    QJsonObject object;
    if (!prepareBody(c, &object, true))
        return;
    ObjectStore *store = c.state->store;
    if (sub == u"status"_s) {
        answer(c, 200, store->updateStatus(c.groupResource(), object, writeOptions(c)));
        return;
    }
    if (sub == u"finalize"_s) {
        const QJsonValue finalizers = object.value(u"spec"_s).toObject().value(u"finalizers"_s);
        answer(c, 200, store->modify(c.groupResource(), QString(), c.attributes.name, [&](QJsonObject &o) {
            QJsonObject spec = o.value(u"spec"_s).toObject();
            spec.insert(u"finalizers"_s, finalizers.isArray() ? finalizers : QJsonArray{});
            o.insert(u"spec"_s, spec);
            return true;
        }, writeOptions(c)));
        return;
    }
    answer(c, 200, store->update(c.groupResource(), object, writeOptions(c)));
}

DeleteOptions deleteOptionsOf(const RequestContext &c, ApiError *error)
{
    DeleteOptions options;
    QJsonObject body;
    if (!c.request->body.trimmed().isEmpty() && !decodeBody(c, &body, error))
        return options;
    QString policy = body.value(u"propagationPolicy"_s).toString();
    if (c.options.propagationPolicy)
        policy = *c.options.propagationPolicy;
    if (body.value(u"orphanDependents"_s).toBool() || c.options.orphanDependents)
        policy = u"Orphan"_s;
    if (policy == u"Foreground"_s)
        options.propagation = DeleteOptions::Propagation::Foreground;
    else if (policy == u"Orphan"_s)
        options.propagation = DeleteOptions::Propagation::Orphan;
    else if (policy == u"Background"_s)
        options.propagation = DeleteOptions::Propagation::Background;
    else if (!policy.isEmpty())
        *error = ApiError::badRequest(u"propagationPolicy: Unsupported value: \"%1\": supported values: \"Foreground\", \"Background\", \"Orphan\""_s.arg(policy));
    const QJsonObject pre = body.value(u"preconditions"_s).toObject();
    options.preconditionUid = pre.value(u"uid"_s).toString();
    options.preconditionResourceVersion = pre.value(u"resourceVersion"_s).toString();
    options.dryRun = c.dryRun() || body.value(u"dryRun"_s).toArray().contains(u"All"_s);
    return options;
}

void serveDelete(RequestContext &c)
{
    ApiError error;
    const DeleteOptions options = deleteOptionsOf(c, &error);
    if (error) {
        c.respondError(error);
        return;
    }
    const StoreResult result = c.state->store->remove(c.groupResource(), ns(c), c.attributes.name, options);
    if (!result.ok()) {
        c.respondError(result.error);
        return;
    }
    const bool returnsObject = c.info.group.isEmpty() && (c.info.resource == u"pods"_s || c.info.resource == u"namespaces"_s);
    if (!result.deleted || returnsObject) {
        c.respondObject(200, asRequestedVersion(result.object, c.info));
        return;
    }
    QJsonObject details{{u"name"_s, c.attributes.name}, {u"kind"_s, c.info.resource},
                        {u"uid"_s, result.object.value(u"metadata"_s).toObject().value(u"uid"_s)}};
    if (!c.info.group.isEmpty())
        details.insert(u"group"_s, c.info.group);
    c.respondObject(200, QJsonObject{{u"kind"_s, u"Status"_s}, {u"apiVersion"_s, u"v1"_s}, {u"metadata"_s, QJsonObject{}},
                                     {u"status"_s, u"Success"_s}, {u"details"_s, details}});
}

void serveDeleteCollection(RequestContext &c)
{
    ApiError error;
    const DeleteOptions options = deleteOptionsOf(c, &error);
    ListFilter filter;
    if (error || !parseListFilter(c, &filter, &error)) {
        c.respondError(error);
        return;
    }
    ObjectStore *store = c.state->store;
    QJsonArray deleted;
    for (const StoredObjectPtr &e : store->entries(c.groupResource(), ns(c))) {
        if (!matchesFilter(filter, *e, c.info.kind))
            continue;
        const StoreResult result = store->remove(c.groupResource(), e->namespaceName, e->name, options);
        if (result.ok())
            deleted.append(asRequestedVersion(result.object, c.info));
    }
    c.respondObject(200, QJsonObject{{u"kind"_s, c.info.listKind()},
                                     {u"apiVersion"_s, c.info.apiVersion()},
                                     {u"metadata"_s, QJsonObject{{u"resourceVersion"_s, QString::number(store->resourceVersion())}}},
                                     {u"items"_s, deleted}});
}

} // namespace pd::sandbox
