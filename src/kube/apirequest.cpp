#include "apirequest.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace pd::kube {

using namespace Qt::StringLiterals;

QString ResourceRef::groupVersionPath() const
{
    const QString v = version.isEmpty() ? u"v1"_s : version;
    if (group.isEmpty())
        return u"/api/"_s + v;
    return u"/apis/"_s + group + u'/' + v;
}

QString ResourceRef::apiVersion() const
{
    const QString v = version.isEmpty() ? u"v1"_s : version;
    if (group.isEmpty())
        return v;
    return group + u'/' + v;
}

QString ResourceRef::path() const
{
    QString p = groupVersionPath();
    if (group.isEmpty() && resource == "namespaces"_L1) {
        // Namespaces are cluster-scoped: /api/v1/namespaces/NAME (the namespace field may name it).
        p += u"/namespaces"_s;
        const QString object = name.isEmpty() ? namespaceName : name;
        if (!object.isEmpty())
            p += u'/' + object;
        if (!object.isEmpty() && !subresource.isEmpty())
            p += u'/' + subresource;
        return p;
    }
    if (!namespaceName.isEmpty())
        p += u"/namespaces/"_s + namespaceName;
    if (!resource.isEmpty())
        p += u'/' + resource;
    if (!name.isEmpty())
        p += u'/' + name;
    if (!subresource.isEmpty())
        p += u'/' + subresource;
    return p;
}

ResourceRef ResourceRef::inNamespace(const QString &ns) const
{
    ResourceRef r = *this;
    r.namespaceName = ns;
    return r;
}

ResourceRef ResourceRef::named(const QString &objectName) const
{
    ResourceRef r = *this;
    r.name = objectName;
    return r;
}

ResourceRef ResourceRef::sub(const QString &subresourceName) const
{
    ResourceRef r = *this;
    r.subresource = subresourceName;
    return r;
}

ResourceRef ResourceRef::forObject(const QJsonObject &object, const QString &plural)
{
    ResourceRef r;
    const QString apiVersion = object.value("apiVersion"_L1).toString();
    const qsizetype slash = apiVersion.indexOf(u'/');
    if (slash < 0) {
        r.version = apiVersion;
    } else {
        r.group = apiVersion.left(slash);
        r.version = apiVersion.mid(slash + 1);
    }
    r.resource = plural;
    const QJsonObject meta = object.value("metadata"_L1).toObject();
    r.namespaceName = meta.value("namespace"_L1).toString();
    r.name = meta.value("name"_L1).toString();
    return r;
}

QString toString(PropagationPolicy policy)
{
    switch (policy) {
    case PropagationPolicy::Default: return {};
    case PropagationPolicy::Background: return u"Background"_s;
    case PropagationPolicy::Foreground: return u"Foreground"_s;
    case PropagationPolicy::Orphan: return u"Orphan"_s;
    }
    return {};
}

QByteArray patchContentType(PatchType type)
{
    switch (type) {
    case PatchType::Json: return "application/json-patch+json";
    case PatchType::Merge: return "application/merge-patch+json";
    case PatchType::StrategicMerge: return "application/strategic-merge-patch+json";
    case PatchType::Apply: return "application/apply-patch+yaml";
    }
    return "application/merge-patch+json";
}

ApiRequest ApiRequest::get(const ResourceRef &ref)
{
    ApiRequest r;
    r.verb = Verb::Get;
    r.ref = ref;
    return r;
}

ApiRequest ApiRequest::list(const ResourceRef &collection, const QString &labelSelector, int limit)
{
    ApiRequest r;
    r.verb = Verb::List;
    r.ref = collection;
    r.labelSelector = labelSelector;
    r.limit = limit;
    return r;
}

ApiRequest ApiRequest::watch(const ResourceRef &collection, const QString &resourceVersion, int timeoutSeconds)
{
    ApiRequest r;
    r.verb = Verb::Watch;
    r.ref = collection;
    r.resourceVersion = resourceVersion;
    r.allowWatchBookmarks = true;
    r.timeoutSeconds = timeoutSeconds;
    return r;
}

ApiRequest ApiRequest::create(const ResourceRef &collection, const QJsonObject &object)
{
    ApiRequest r;
    r.verb = Verb::Create;
    r.ref = collection;
    r.ref.name.clear();
    // Creating a namespace posts to /api/v1/namespaces, not /api/v1/namespaces/NS/namespaces.
    if (collection.resource == "namespaces"_L1 && collection.group.isEmpty())
        r.ref.namespaceName.clear();
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

ApiRequest ApiRequest::update(const ResourceRef &ref, const QJsonObject &object)
{
    ApiRequest r;
    r.verb = Verb::Update;
    r.ref = ref;
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

ApiRequest ApiRequest::patch(const ResourceRef &ref, PatchType type, const QByteArray &body)
{
    ApiRequest r;
    r.verb = Verb::Patch;
    r.ref = ref;
    r.patchType = type;
    r.body = body;
    return r;
}

ApiRequest ApiRequest::patch(const ResourceRef &ref, PatchType type, const QJsonObject &body)
{
    return patch(ref, type, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

ApiRequest ApiRequest::apply(const ResourceRef &ref, const QJsonObject &object, const QString &fieldManager,
                             bool force)
{
    // JSON is YAML: the apply body goes as JSON with the apply content type.
    ApiRequest r = patch(ref, PatchType::Apply, object);
    r.fieldManager = fieldManager;
    r.force = force;
    return r;
}

ApiRequest ApiRequest::remove(const ResourceRef &ref, PropagationPolicy policy)
{
    ApiRequest r;
    r.verb = ref.name.isEmpty() ? Verb::DeleteCollection : Verb::Delete;
    r.ref = ref;
    r.propagationPolicy = policy;
    return r;
}

ApiRequest ApiRequest::raw(const QString &path)
{
    ApiRequest r;
    r.verb = Verb::Raw;
    r.rawPath = path;
    return r;
}

QByteArray ApiRequest::method() const
{
    switch (verb) {
    case Verb::Get:
    case Verb::List:
    case Verb::Watch:
    case Verb::Raw: return "GET";
    case Verb::Create: return "POST";
    case Verb::Update: return "PUT";
    case Verb::Patch: return "PATCH";
    case Verb::Delete:
    case Verb::DeleteCollection: return "DELETE";
    }
    return "GET";
}

QString ApiRequest::path() const
{
    return verb == Verb::Raw ? rawPath : ref.path();
}

QUrl ApiRequest::url(const QUrl &server) const
{
    QList<QPair<QString, QString>> q;
    const bool collectionRead = verb == Verb::List || verb == Verb::Watch || verb == Verb::DeleteCollection;
    const bool write = verb == Verb::Create || verb == Verb::Update || verb == Verb::Patch
        || verb == Verb::Delete || verb == Verb::DeleteCollection;
    if (verb == Verb::Watch)
        q.append({u"watch"_s, u"1"_s});
    if (collectionRead) {
        if (!labelSelector.isEmpty())
            q.append({u"labelSelector"_s, labelSelector});
        if (!fieldSelector.isEmpty())
            q.append({u"fieldSelector"_s, fieldSelector});
    }
    if (verb == Verb::List && limit > 0)
        q.append({u"limit"_s, QString::number(limit)});
    if (verb == Verb::List && !continueToken.isEmpty())
        q.append({u"continue"_s, continueToken});
    if ((verb == Verb::Get || collectionRead) && !resourceVersion.isEmpty())
        q.append({u"resourceVersion"_s, resourceVersion});
    if (verb == Verb::List && !resourceVersionMatch.isEmpty())
        q.append({u"resourceVersionMatch"_s, resourceVersionMatch});
    if (verb == Verb::Watch && allowWatchBookmarks)
        q.append({u"allowWatchBookmarks"_s, u"true"_s});
    if ((verb == Verb::Watch || verb == Verb::List) && timeoutSeconds > 0)
        q.append({u"timeoutSeconds"_s, QString::number(timeoutSeconds)});
    if (write && dryRun)
        q.append({u"dryRun"_s, u"All"_s});
    if ((verb == Verb::Create || verb == Verb::Update || verb == Verb::Patch) && !fieldManager.isEmpty())
        q.append({u"fieldManager"_s, fieldManager});
    if (verb == Verb::Patch && patchType == PatchType::Apply && force)
        q.append({u"force"_s, u"true"_s});
    if ((verb == Verb::Delete || verb == Verb::DeleteCollection) && propagationPolicy != PropagationPolicy::Default)
        q.append({u"propagationPolicy"_s, toString(propagationPolicy)});
    q.append(extraQuery);

    // Encode by hand: selectors carry '=', ',', '!', '(' and '+' that QUrlQuery would leave alone.
    QByteArray query;
    for (const auto &[key, value] : std::as_const(q)) {
        if (!query.isEmpty())
            query += '&';
        query += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }

    QUrl u = server;
    QString base = server.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    u.setPath(base + path());
    u.setQuery(query.isEmpty() ? QString() : QString::fromLatin1(query), QUrl::StrictMode);
    u.setFragment({});
    return u;
}

QByteArray ApiRequest::contentType() const
{
    switch (verb) {
    case Verb::Create:
    case Verb::Update: return "application/json";
    case Verb::Patch: return patchContentType(patchType);
    case Verb::Delete:
    case Verb::DeleteCollection: return "application/json";
    default: return {};
    }
}

QByteArray ApiRequest::acceptHeader() const
{
    switch (accept) {
    case AcceptAs::Json: break;
    case AcceptAs::Table:
        return "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
    case AcceptAs::PartialMetadataList:
        if (verb == Verb::Get)
            return "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io,application/json";
        return "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json";
    }
    return "application/json";
}

QByteArray ApiRequest::wireBody() const
{
    if (verb != Verb::Delete && verb != Verb::DeleteCollection)
        return body;
    if (!body.isEmpty())
        return body;
    QJsonObject options{{"kind"_L1, "DeleteOptions"_L1}, {"apiVersion"_L1, "v1"_L1}};
    if (propagationPolicy != PropagationPolicy::Default)
        options.insert("propagationPolicy"_L1, toString(propagationPolicy));
    if (dryRun)
        options.insert("dryRun"_L1, QJsonArray{u"All"_s});
    QJsonObject preconditions;
    if (!preconditionUid.isEmpty())
        preconditions.insert("uid"_L1, preconditionUid);
    if (!preconditionResourceVersion.isEmpty())
        preconditions.insert("resourceVersion"_L1, preconditionResourceVersion);
    if (!preconditions.isEmpty())
        options.insert("preconditions"_L1, preconditions);
    return QJsonDocument(options).toJson(QJsonDocument::Compact);
}

bool ApiRequest::isIdempotent() const
{
    return verb != Verb::Create && verb != Verb::Patch;
}

QString ApiRequest::describe() const
{
    const QUrl u = url(QUrl(u"http://x"_s));
    QString text = QString::fromLatin1(method()) + u' ' + u.path(QUrl::FullyEncoded);
    if (u.hasQuery())
        text += u'?' + u.query(QUrl::FullyEncoded);
    return text;
}

} // namespace pd::kube
