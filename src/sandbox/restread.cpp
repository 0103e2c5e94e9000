// GET one object, LIST (selectors, limit/continue over a snapshot, Table and
// PartialObjectMetadataList shapes), metrics.k8s.io.
#include "apiserver_p.h"
#include "tableconverter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

constexpr qsizetype kMaxSnapshots = 64;

QByteArray encodeContinue(qint64 rv, const QString &snapshot, qsizetype offset)
{
    const QJsonObject token{{u"v"_s, u"meta.k8s.io/v1"_s}, {u"rv"_s, rv},
                            {u"start"_s, QString(snapshot + u'/' + QString::number(offset))}};
    return toCompactJson(token).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool decodeContinue(const QString &text, qint64 *rv, QString *snapshot, qsizetype *offset)
{
    const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::Base64UrlEncoding);
    if (!decoded)
        return false;
    const QJsonObject token = QJsonDocument::fromJson(*decoded).object();
    const QStringList start = token.value(u"start"_s).toString().split(u'/');
    if (token.value(u"v"_s).toString() != u"meta.k8s.io/v1"_s || start.size() != 2)
        return false;
    *rv = token.value(u"rv"_s).toInteger();
    *snapshot = start.at(0);
    bool ok = false;
    *offset = start.at(1).toLongLong(&ok);
    return ok;
}

QByteArray itemJson(const StoredObject &e, const ResourceInfo &info)
{
    // Fast path: the stored bytes already carry the requested apiVersion.
    const QByteArray wanted = "{\"apiVersion\":\"" + info.apiVersion().toUtf8() + '"';
    if (e.json.startsWith(wanted))
        return e.json;
    return toCompactJson(asRequestedVersion(e.object(), info));
}

// The list's items as of the request's resourceVersion: the current state for ""/"0"
// and for NotOlderThan N <= current; the state at exactly N for Exact (rebuilt by
// undoing the history after N; 410 once N is compacted); 504 for a version the store
// has not reached (the real server waits 3 s for it first).
bool entriesAtRequestedVersion(const RequestContext &c, const QString &ns, QList<StoredObjectPtr> *items, qint64 *listRv,
                               ApiError *error)
{
    ObjectStore *store = c.state->store;
    const QString &text = c.options.resourceVersion;
    const qint64 current = store->resourceVersion();
    *listRv = current;
    if (text.isEmpty() || text == u"0"_s) {
        *items = store->entries(c.groupResource(), ns);
        return true;
    }
    bool numeric = false;
    const qint64 wanted = text.toLongLong(&numeric);
    if (!numeric || wanted < 0) {
        *error = ApiError::badRequest(u"resourceVersion: Invalid value: \"%1\": must be a valid resource version"_s.arg(text));
        return false;
    }
    if (wanted > current) {
        *error = ApiError::tooLargeResourceVersion(wanted, current);
        return false;
    }
    *items = store->entries(c.groupResource(), ns);
    if (c.options.resourceVersionMatch != u"Exact"_s || wanted == current)
        return true;
    const auto history = store->eventsSince(wanted, c.groupResource());
    if (!history) {
        *error = ApiError::expired(u"too old resource version: %1 (%2)"_s.arg(wanted).arg(store->oldestResumableVersion()));
        return false;
    }
    QMap<std::pair<QString, QString>, StoredObjectPtr> state;
    for (const StoredObjectPtr &e : std::as_const(*items))
        state.insert({e->namespaceName, e->name}, e);
    for (auto it = history->crbegin(); it != history->crend(); ++it) {
        if (!ns.isEmpty() && it->object->namespaceName != ns)
            continue;
        const std::pair<QString, QString> key{it->object->namespaceName, it->object->name};
        if (it->type == StoreEventType::Added)
            state.remove(key);
        else if (it->previous)
            state.insert(key, it->previous);
    }
    *items = state.values();
    *listRv = wanted;
    return true;
}

} // namespace

QJsonObject partialMetadataOf(const QJsonObject &object)
{
    return QJsonObject{{u"kind"_s, u"PartialObjectMetadata"_s},
                       {u"apiVersion"_s, u"meta.k8s.io/v1"_s},
                       {u"metadata"_s, object.value(u"metadata"_s)}};
}

QJsonObject shapedObject(const RequestContext &c, const QJsonObject &object)
{
    switch (c.shape) {
    case ResponseShape::Object:
        return asRequestedVersion(object, c.info);
    case ResponseShape::PartialMetadata:
        return partialMetadataOf(object);
    case ResponseShape::Table: {
        const TableConverter converter(c.info);
        return converter.table({asRequestedVersion(object, c.info)}, c.state->store->now(), c.includeObject,
                               QJsonObject{{u"resourceVersion"_s, object.value(u"metadata"_s).toObject().value(u"resourceVersion"_s)}});
    }
    }
    return object;
}

bool parseListFilter(const RequestContext &c, ListFilter *filter, ApiError *error)
{
    QString message;
    const QString &labels = c.options.labelSelector;
    if (!labels.isEmpty()) {
        auto parsed = kube::LabelSelector::parse(labels, &message);
        if (!parsed) {
            *error = ApiError::badRequest(u"unable to parse requirement: "_s + message);
            if (message.startsWith(u"unable to parse"_s))
                error->message = message;
            return false;
        }
        filter->labels = *parsed;
    }
    const QString &fields = c.options.fieldSelector;
    if (!fields.isEmpty()) {
        auto parsed = kube::FieldSelector::parse(fields, &message);
        if (!parsed) {
            *error = ApiError::badRequest(message);
            return false;
        }
        for (const kube::FieldRequirement &r : parsed->requirements()) {
            if (r.field == u"metadata.name"_s || r.field == u"metadata.namespace"_s)
                continue;
            if (c.info.custom || !kube::FieldSelector::isSupportedField(c.info.kind, r.field)) {
                *error = ApiError::badRequest(u"field label not supported: "_s + r.field);
                return false;
            }
        }
        filter->fields = *parsed;
    }
    return true;
}

bool matchesFilter(const ListFilter &filter, const StoredObject &e, const QString &kind)
{
    if (!filter.labels.isEmpty() && !filter.labels.matches(e.labels))
        return false;
    if (filter.fields.isEmpty())
        return true;
    std::optional<QJsonObject> parsed;
    const kube::FieldGetter getter = [&](const QString &field) -> std::optional<QString> {
        if (field == u"metadata.name"_s)
            return e.name;
        if (field == u"metadata.namespace"_s)
            return e.namespaceName;
        if (!parsed)
            parsed = e.object();
        return kube::FieldSelector::fieldValue(*parsed, kind, field);
    };
    return filter.fields.matches(getter).value_or(false);
}

void serveGet(RequestContext &c)
{
    const StoredObjectPtr e = c.state->store->entry(c.groupResource(), c.info.namespaced ? c.attributes.namespaceName : QString(),
                                                    c.attributes.name);
    if (!e) {
        c.respondError(ApiError::notFound(c.groupResource(), c.attributes.name));
        return;
    }
    const QString &sub = c.attributes.subresource;
    if (sub == u"scale"_s) {
        c.respondObject(200, scaleOf(e->object(), c.info));
        return;
    }
    if (sub == u"log"_s) {
        QByteArray text;
        if (c.state->podLogs)
            text = c.state->podLogs(e->namespaceName, e->name, c.options.container);
        c.respond(200, text, QByteArrayLiteral("text/plain"));
        return;
    }
    if (!sub.isEmpty() && sub != u"status"_s) {
        c.respondError(ApiError::badRequest(u"Upgrade request required"_s));
        return;
    }
    if (c.shape == ResponseShape::Object) {
        c.respond(200, itemJson(*e, c.info));
        return;
    }
    c.respondObject(200, shapedObject(c, e->object()));
}

void serveList(RequestContext &c)
{
    ListFilter filter;
    ApiError error;
    if (!parseListFilter(c, &filter, &error)) {
        c.respondError(error);
        return;
    }
    if (ApiError invalid = c.options.validateList()) {
        c.respondError(invalid);
        return;
    }
    ObjectStore *store = c.state->store;
    ListSnapshots &snapshots = c.state->snapshots;
    const qsizetype limit = std::max<qsizetype>(0, c.options.limit);
    QList<StoredObjectPtr> items;
    qsizetype offset = 0;
    qint64 listRv = store->resourceVersion();
    QString snapshotId;
    const QString &continueToken = c.options.continueToken;
    const QString &rvText = c.options.resourceVersion;
    if (!continueToken.isEmpty() && !rvText.isEmpty() && rvText != u"0"_s) {
        c.respondError(ApiError::badRequest(u"specifying resource version is not allowed when using continue"_s));
        return;
    }
    if (!continueToken.isEmpty()) {
        qint64 tokenRv = 0;
        if (!decodeContinue(continueToken, &tokenRv, &snapshotId, &offset)) {
            c.respondError(ApiError::badRequest(u"continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)"_s));
            return;
        }
        const auto it = snapshots.byId.constFind(snapshotId);
        if (it == snapshots.byId.constEnd() || tokenRv < store->oldestResumableVersion()) {
            c.respondError(ApiError::expired(u"The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list."_s));
            return;
        }
        items = it->items;
        listRv = it->resourceVersion;
    } else {
        const QString ns = c.info.namespaced ? c.attributes.namespaceName : QString();
        QList<StoredObjectPtr> all;
        if (!entriesAtRequestedVersion(c, ns, &all, &listRv, &error)) {
            c.respondError(error);
            return;
        }
        if (filter.labels.isEmpty() && filter.fields.isEmpty()) {
            items = all;
        } else {
            for (const StoredObjectPtr &e : all)
                if (matchesFilter(filter, *e, c.info.kind))
                    items.append(e);
        }
        if (limit > 0 && items.size() > limit) {
            snapshotId = QString::number(snapshots.nextId++);
            snapshots.byId.insert(snapshotId, ListSnapshot{items, listRv, store->now()});
            snapshots.order.append(snapshotId);
            while (snapshots.order.size() > kMaxSnapshots)
                snapshots.byId.remove(snapshots.order.takeFirst());
        }
    }
    const qsizetype end = limit > 0 ? std::min(items.size(), offset + limit) : items.size();
    QJsonObject listMeta{{u"resourceVersion"_s, QString::number(listRv)}};
    if (end < items.size()) {
        listMeta.insert(u"continue"_s, QString::fromLatin1(encodeContinue(listRv, snapshotId, end)));
        if (filter.labels.isEmpty() && filter.fields.isEmpty())
            listMeta.insert(u"remainingItemCount"_s, items.size() - end);
    } else if (!snapshotId.isEmpty()) {
        snapshots.byId.remove(snapshotId);
        snapshots.order.removeOne(snapshotId);
    }

    if (c.shape == ResponseShape::Table) {
        QList<QJsonObject> objects;
        objects.reserve(end - offset);
        for (qsizetype i = offset; i < end; ++i)
            objects.append(asRequestedVersion(items.at(i)->object(), c.info));
        const TableConverter converter(c.info);
        c.respondObject(200, converter.table(objects, store->now(), c.includeObject, listMeta));
        return;
    }
    QByteArray body;
    if (c.shape == ResponseShape::PartialMetadata) {
        body = QByteArrayLiteral("{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":")
               + toCompactJson(listMeta) + QByteArrayLiteral(",\"items\":[");
        for (qsizetype i = offset; i < end; ++i) {
            if (i > offset)
                body += ',';
            body += toCompactJson(partialMetadataOf(items.at(i)->object()));
        }
    } else {
        qsizetype size = 256;
        for (qsizetype i = offset; i < end; ++i)
            size += items.at(i)->json.size() + 1;
        body.reserve(size);
        body += QByteArrayLiteral("{\"kind\":\"") + c.info.listKind().toUtf8() + QByteArrayLiteral("\",\"apiVersion\":\"")
               + c.info.apiVersion().toUtf8() + QByteArrayLiteral("\",\"metadata\":") + toCompactJson(listMeta)
               + QByteArrayLiteral(",\"items\":[");
        for (qsizetype i = offset; i < end; ++i) {
            if (i > offset)
                body += ',';
            body += itemJson(*items.at(i), c.info);
        }
    }
    body += "]}";
    c.respond(200, body);
}

void serveMetrics(RequestContext &c)
{
    const QString &resource = c.attributes.resource;
    if (c.attributes.verb != u"get"_s && c.attributes.verb != u"list"_s) {
        c.respondError(ApiError::methodNotAllowed());
        return;
    }
    if (c.version != u"v1beta1"_s || (resource != u"pods"_s && resource != u"nodes"_s)) {
        ApiError e = ApiError::notFound({u"metrics.k8s.io"_s, resource}, c.attributes.name);
        e.message = u"the server could not find the requested resource"_s;
        c.respondError(e);
        return;
    }
    if (!c.state->podMetrics) {
        c.respondError(ApiError::serviceUnavailable());
        return;
    }
    QList<QJsonObject> metrics = resource == u"pods"_s ? c.state->podMetrics(c.attributes.namespaceName) : QList<QJsonObject>{};
    ListFilter filter;
    ApiError error;
    if (!parseListFilter(c, &filter, &error)) {
        c.respondError(error);
        return;
    }
    const QString kind = resource == u"pods"_s ? u"PodMetrics"_s : u"NodeMetrics"_s;
    QJsonArray items;
    for (QJsonObject m : metrics) {
        m.insert(u"kind"_s, kind);
        m.insert(u"apiVersion"_s, u"metrics.k8s.io/v1beta1"_s);
        const QJsonObject meta = m.value(u"metadata"_s).toObject();
        if (!c.attributes.name.isEmpty()) {
            if (meta.value(u"name"_s).toString() == c.attributes.name) {
                c.respondObject(200, m);
                return;
            }
            continue;
        }
        if (!filter.labels.isEmpty() && !filter.labels.matches(meta.value(u"labels"_s).toObject()))
            continue;
        items.append(m);
    }
    if (!c.attributes.name.isEmpty()) {
        c.respondError(ApiError::notFound({u"metrics.k8s.io"_s, resource}, c.attributes.name));
        return;
    }
    c.respondObject(200, QJsonObject{{u"kind"_s, QString(kind + u"List"_s)},
                                     {u"apiVersion"_s, u"metrics.k8s.io/v1beta1"_s},
                                     {u"metadata"_s, QJsonObject{}},
                                     {u"items"_s, items}});
}

} // namespace pd::sandbox
