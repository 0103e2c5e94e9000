// Discovery documents (/api, /apis, /api/v1, /apis/G[/V]), /version, health checks.
#include "apiserver_p.h"

#include <QJsonArray>

#include <optional>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

QJsonObject groupVersion(const QString &group, const QString &version)
{
    return QJsonObject{{u"groupVersion"_s, QString(group + u'/' + version)}, {u"version"_s, version}};
}

QJsonObject groupDocument(const ApiGroupInfo &g)
{
    QJsonArray versions;
    for (const QString &v : g.versions)
        versions.append(groupVersion(g.name, v));
    return QJsonObject{{u"name"_s, g.name},
                       {u"versions"_s, versions},
                       {u"preferredVersion"_s, groupVersion(g.name, g.versions.value(0))}};
}

QJsonArray toArray(const QStringList &list)
{
    QJsonArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

QJsonObject resourceList(const ResourceRegistry &registry, const QString &group, const QString &version)
{
    QJsonArray resources;
    for (const ResourceInfo *r : registry.resources(group, version)) {
        QJsonObject entry{{u"name"_s, r->resource},
                          {u"singularName"_s, r->singular},
                          {u"namespaced"_s, r->namespaced},
                          {u"kind"_s, r->kind},
                          {u"verbs"_s, toArray(r->verbs)}};
        if (!r->shortNames.isEmpty())
            entry.insert(u"shortNames"_s, toArray(r->shortNames));
        if (!r->categories.isEmpty())
            entry.insert(u"categories"_s, toArray(r->categories));
        resources.append(entry);
        for (const QString &sub : r->subresources) {
            QJsonObject s{{u"name"_s, QString(r->resource + u'/' + sub)},
                          {u"singularName"_s, QString()},
                          {u"namespaced"_s, r->namespaced},
                          {u"kind"_s, r->kind}};
            if (sub == u"scale"_s) {
                s.insert(u"group"_s, u"autoscaling"_s);
                s.insert(u"version"_s, u"v1"_s);
                s.insert(u"kind"_s, u"Scale"_s);
                s.insert(u"verbs"_s, QJsonArray{u"get"_s, u"patch"_s, u"update"_s});
            } else if (sub == u"status"_s) {
                s.insert(u"verbs"_s, QJsonArray{u"get"_s, u"patch"_s, u"update"_s});
            } else if (sub == u"log"_s) {
                s.insert(u"verbs"_s, QJsonArray{u"get"_s});
            } else if (sub == u"finalize"_s) {
                s.insert(u"verbs"_s, QJsonArray{u"update"_s});
            } else if (sub == u"eviction"_s) {
                s.insert(u"group"_s, u"policy"_s);
                s.insert(u"version"_s, u"v1"_s);
                s.insert(u"kind"_s, u"Eviction"_s);
                s.insert(u"verbs"_s, QJsonArray{u"create"_s});
            } else if (sub == u"token"_s) {
                s.insert(u"group"_s, u"authentication.k8s.io"_s);
                s.insert(u"version"_s, u"v1"_s);
                s.insert(u"kind"_s, u"TokenRequest"_s);
                s.insert(u"verbs"_s, QJsonArray{u"create"_s});
            } else {
                s.insert(u"kind"_s, sub == u"exec"_s || sub == u"portforward"_s || sub == u"proxy"_s
                                        ? (sub == u"exec"_s ? u"PodExecOptions"_s : sub == u"proxy"_s ? u"PodProxyOptions"_s : u"PodPortForwardOptions"_s)
                                        : r->kind);
                s.insert(u"verbs"_s, sub == u"ephemeralcontainers"_s ? QJsonArray{u"get"_s, u"patch"_s, u"update"_s}
                                                                    : QJsonArray{u"create"_s, u"get"_s});
            }
            resources.append(s);
        }
    }
    return QJsonObject{{u"kind"_s, u"APIResourceList"_s},
                       {u"apiVersion"_s, u"v1"_s},
                       {u"groupVersion"_s, group.isEmpty() ? version : group + u'/' + version},
                       {u"resources"_s, resources}};
}

ApiError notFoundPath()
{
    ApiError e;
    e.code = 404;
    e.reason = u"NotFound"_s;
    e.message = u"the server could not find the requested resource"_s;
    return e;
}

// Minimal OpenAPI v3: only what kubectl's field-validation probe reads (a PATCH
// operation per kind that takes the fieldValidation query parameter), so kubectl
// validates on the server (fieldValidation=Strict) instead of downloading schemas.
QJsonObject openApiRoot(const ResourceRegistry &registry)
{
    QJsonObject paths;
    for (const ApiGroupInfo &g : registry.groups())
        for (const QString &v : g.versions) {
            const QString gv = g.name.isEmpty() ? QString(u"api/"_s + v) : QString(u"apis/"_s + g.name + u'/' + v);
            paths.insert(gv, QJsonObject{{u"serverRelativeURL"_s, QString(u"/openapi/v3/"_s + gv + u"?hash=previewdesk"_s)}});
        }
    return QJsonObject{{u"paths"_s, paths}};
}

std::optional<QJsonObject> openApiGroupVersion(const ResourceRegistry &registry, const QString &gvPath)
{
    const QStringList parts = gvPath.split(u'/');
    QString group, version;
    if (parts.size() == 2 && parts.at(0) == u"api"_s) {
        version = parts.at(1);
    } else if (parts.size() == 3 && parts.at(0) == u"apis"_s) {
        group = parts.at(1);
        version = parts.at(2);
    } else {
        return std::nullopt;
    }
    const QList<const ResourceInfo *> resources = registry.resources(group, version);
    if (resources.isEmpty())
        return std::nullopt;
    QJsonObject paths;
    const QJsonArray parameters{QJsonObject{{u"name"_s, u"fieldValidation"_s}, {u"in"_s, u"query"_s},
                                            {u"schema"_s, QJsonObject{{u"type"_s, u"string"_s}}}},
                                QJsonObject{{u"name"_s, u"fieldManager"_s}, {u"in"_s, u"query"_s},
                                            {u"schema"_s, QJsonObject{{u"type"_s, u"string"_s}}}}};
    for (const ResourceInfo *r : resources) {
        if (!r->hasVerb(u"patch"_s))
            continue;
        const QString base = group.isEmpty() ? QString(u"/api/"_s + version) : QString(u"/apis/"_s + group + u'/' + version);
        const QString path = base + (r->namespaced ? u"/namespaces/{namespace}/"_s : u"/"_s) + r->resource + u"/{name}"_s;
        const QJsonObject gvk{{u"group"_s, group}, {u"version"_s, version}, {u"kind"_s, r->kind}};
        paths.insert(path, QJsonObject{{u"patch"_s, QJsonObject{{u"operationId"_s, QString(u"patch"_s + r->kind)},
                                                               {u"parameters"_s, parameters},
                                                               {u"responses"_s, QJsonObject{{u"200"_s, QJsonObject{{u"description"_s, u"OK"_s}}}}},
                                                               {u"x-kubernetes-action"_s, u"patch"_s},
                                                               {u"x-kubernetes-group-version-kind"_s, gvk}}}});
    }
    return QJsonObject{{u"openapi"_s, u"3.0.0"_s},
                       {u"info"_s, QJsonObject{{u"title"_s, u"Kubernetes"_s}, {u"version"_s, u"v1.32.0"_s}}},
                       {u"paths"_s, paths},
                       {u"components"_s, QJsonObject{{u"schemas"_s, QJsonObject{}}}}};
}

} // namespace

void serveDiscovery(RequestContext &c)
{
    const QString &path = c.request->path;
    const ResourceRegistry &registry = *c.state->store->registry();
    if (c.request->method != "GET" && c.request->method != "HEAD") {
        c.respondError(ApiError::methodNotAllowed());
        return;
    }
    if (path == u"/healthz"_s || path == u"/livez"_s || path == u"/readyz"_s || path.startsWith(u"/healthz/"_s)
        || path.startsWith(u"/livez/"_s) || path.startsWith(u"/readyz/"_s)) {
        c.respond(200, QByteArrayLiteral("ok"), QByteArrayLiteral("text/plain; charset=utf-8"));
        return;
    }
    if (path == u"/version"_s || path == u"/version/"_s) {
        c.respondObject(200, QJsonObject{{u"major"_s, QString::number(c.state->versionMajor)},
                                         {u"minor"_s, QString::number(c.state->versionMinor)},
                                         {u"gitVersion"_s, c.state->gitVersion},
                                         {u"gitCommit"_s, u"0000000000000000000000000000000000000000"_s},
                                         {u"gitTreeState"_s, u"clean"_s},
                                         {u"buildDate"_s, u"2026-01-01T00:00:00Z"_s},
                                         {u"goVersion"_s, u"go1.23.4"_s},
                                         {u"compiler"_s, u"gc"_s},
                                         {u"platform"_s, u"linux/amd64"_s}});
        return;
    }
    QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    if (parts == QStringList{u"api"_s}) {
        const QString host = QString::fromUtf8(c.request->header("host"));
        c.respondObject(200, QJsonObject{{u"kind"_s, u"APIVersions"_s},
                                         {u"versions"_s, QJsonArray{u"v1"_s}},
                                         {u"serverAddressByClientCIDRs"_s,
                                          QJsonArray{QJsonObject{{u"clientCIDR"_s, u"0.0.0.0/0"_s},
                                                                 {u"serverAddress"_s, host}}}}});
        return;
    }
    if (parts == QStringList{u"api"_s, u"v1"_s}) {
        c.respondObject(200, resourceList(registry, QString(), u"v1"_s));
        return;
    }
    if (parts == QStringList{u"apis"_s}) {
        QJsonArray groups;
        for (const ApiGroupInfo &g : registry.groups())
            if (!g.name.isEmpty())
                groups.append(groupDocument(g));
        c.respondObject(200, QJsonObject{{u"kind"_s, u"APIGroupList"_s}, {u"apiVersion"_s, u"v1"_s}, {u"groups"_s, groups}});
        return;
    }
    if (parts.size() == 2 && parts.at(0) == u"apis"_s) {
        for (const ApiGroupInfo &g : registry.groups())
            if (g.name == parts.at(1)) {
                QJsonObject doc = groupDocument(g);
                doc.insert(u"kind"_s, u"APIGroup"_s);
                doc.insert(u"apiVersion"_s, u"v1"_s);
                c.respondObject(200, doc);
                return;
            }
    }
    if (parts.size() == 3 && parts.at(0) == u"apis"_s) {
        for (const ApiGroupInfo &g : registry.groups())
            if (g.name == parts.at(1) && g.versions.contains(parts.at(2))) {
                c.respondObject(200, resourceList(registry, g.name, parts.at(2)));
                return;
            }
    }
    if (path == u"/openapi/v3"_s || path == u"/openapi/v3/"_s) {
        c.respondObject(200, openApiRoot(registry));
        return;
    }
    if (path.startsWith(u"/openapi/v3/"_s)) {
        if (const auto doc = openApiGroupVersion(registry, path.mid(12))) {
            c.respondObject(200, *doc);
            return;
        }
    }
    // /openapi/v2 is not served (no schemas).
    c.respondError(notFoundPath());
}

} // namespace pd::sandbox
