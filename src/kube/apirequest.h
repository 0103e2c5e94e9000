#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <chrono>

namespace pd::kube {

// Which resource (or collection) a request is about.
// Core group: group empty, version "v1". An empty name addresses the collection;
// a namespaced resource with an empty namespace lists across all namespaces.
struct ResourceRef
{
    QString group;          // "" (core), "apps", "batch" ...
    QString version;        // "v1"
    QString resource;       // plural: "deployments"
    QString namespaceName;  // empty: cluster-scoped, or all namespaces for a collection
    QString name;           // empty: the collection
    QString subresource;    // "scale", "status", "log" ...

    // "/api/v1" or "/apis/apps/v1"
    QString groupVersionPath() const;
    // "v1" or "apps/v1"
    QString apiVersion() const;
    // The full path: /apis/apps/v1/namespaces/shop/deployments/web/scale
    QString path() const;

    // Copies with one part changed, for fluent use: deployments.inNamespace("shop").named("web")
    ResourceRef inNamespace(const QString &ns) const;
    ResourceRef named(const QString &objectName) const;
    ResourceRef sub(const QString &subresourceName) const;

    // Builds a ref from an object's apiVersion, a plural and its metadata namespace/name.
    static ResourceRef forObject(const QJsonObject &object, const QString &plural);

    bool operator==(const ResourceRef &other) const = default;
};

enum class Verb {
    Get,               // GET one object (or a subresource)
    List,              // GET a collection
    Watch,             // GET a collection with watch=1 (streamed; see ApiClient::openStream)
    Create,            // POST (201)
    Update,            // PUT
    Patch,             // PATCH with patchType
    Delete,            // DELETE one object
    DeleteCollection,  // DELETE a collection (selectors apply)
    Raw,               // GET rawPath (discovery, /version, /healthz)
};

enum class PatchType {
    Json,             // application/json-patch+json (RFC 6902)
    Merge,            // application/merge-patch+json (RFC 7386)
    StrategicMerge,   // application/strategic-merge-patch+json (built-in kinds only)
    Apply,            // application/apply-patch+yaml (server-side apply; fieldManager required)
};

// The representation asked for in Accept.
enum class AcceptAs {
    Json,                 // application/json
    Table,                // as=Table;v=v1;g=meta.k8s.io (falls back to JSON)
    PartialMetadataList,  // as=PartialObjectMetadataList (metadata only; PartialObjectMetadata for get)
};

enum class PropagationPolicy { Default, Background, Foreground, Orphan };

// One API call, as a value. Fill the fields or use the builders below.
struct ApiRequest
{
    Verb verb = Verb::Get;
    ResourceRef ref;
    QString rawPath;                   // Verb::Raw only: "/apis", "/version" ...

    // Query options (sent only where meaningful for the verb).
    QString labelSelector;
    QString fieldSelector;
    int limit = 0;                     // 0: no paging
    QString continueToken;
    QString resourceVersion;
    QString resourceVersionMatch;      // NotOlderThan | Exact
    bool allowWatchBookmarks = false;  // watch
    int timeoutSeconds = 0;            // server-side timeout (watch/list): timeoutSeconds=N
    bool dryRun = false;               // dryRun=All
    QString fieldManager;
    bool force = false;                // server-side apply: force=true
    PropagationPolicy propagationPolicy = PropagationPolicy::Default;  // delete
    QString preconditionUid;           // delete preconditions
    QString preconditionResourceVersion;
    QList<QPair<QString, QString>> extraQuery;   // anything else (container=, tailLines= ...)

    // Body and representation.
    QByteArray body;                   // JSON (or YAML for Apply); Delete builds DeleteOptions itself
    PatchType patchType = PatchType::Merge;
    AcceptAs accept = AcceptAs::Json;

    // Client side: per-request transfer timeout; zero uses the client's default.
    std::chrono::milliseconds timeout{0};

    // Builders.
    static ApiRequest get(const ResourceRef &ref);
    static ApiRequest list(const ResourceRef &collection, const QString &labelSelector = {}, int limit = 0);
    static ApiRequest watch(const ResourceRef &collection, const QString &resourceVersion, int timeoutSeconds = 0);
    static ApiRequest create(const ResourceRef &collection, const QJsonObject &object);
    static ApiRequest update(const ResourceRef &ref, const QJsonObject &object);
    static ApiRequest patch(const ResourceRef &ref, PatchType type, const QByteArray &body);
    static ApiRequest patch(const ResourceRef &ref, PatchType type, const QJsonObject &body);
    // Server-side apply of a full object (create or update); fieldManager is required.
    static ApiRequest apply(const ResourceRef &ref, const QJsonObject &object, const QString &fieldManager,
                            bool force = false);
    static ApiRequest remove(const ResourceRef &ref, PropagationPolicy policy = PropagationPolicy::Default);
    static ApiRequest raw(const QString &path);

    // Wire form.
    QByteArray method() const;                 // GET, POST, PUT, PATCH, DELETE
    QString path() const;                      // ref.path() or rawPath
    QUrl url(const QUrl &server) const;        // server (may carry a path prefix) + path + query
    QByteArray contentType() const;            // empty when there is no body
    QByteArray acceptHeader() const;
    QByteArray wireBody() const;               // body, or the DeleteOptions for deletes
    // GET/LIST/WATCH/PUT/DELETE: safe to resend after a 5xx or a dropped connection.
    bool isIdempotent() const;
    // "GET /api/v1/namespaces/shop/pods?limit=500", for logs and messages.
    QString describe() const;
};

QString toString(PropagationPolicy policy);   // "" | Background | Foreground | Orphan
QByteArray patchContentType(PatchType type);

} // namespace pd::kube
