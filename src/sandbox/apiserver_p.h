#pragma once

// Internals shared by the ApiServer's source files (not installed API).

#include "apierror.h"
#include "apiserver.h"
#include "objectstore.h"
#include "queryoptions.h"
#include "resourceregistry.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QPointer>

#include <chrono>
#include <memory>

namespace pd::sandbox {

class WatchHub;
class GarbageCollector;
class NamespaceLifecycle;
class QuotaTracker;
class ServiceAllocator;

// What the client wants back: the object(s), a meta.k8s.io Table, or metadata only.
enum class ResponseShape { Object, Table, PartialMetadata };

// Pages of one list, captured at the first page so every later page comes from
// the same snapshot (as etcd serves a list at one revision).
struct ListSnapshot
{
    QList<StoredObjectPtr> items;
    qint64 resourceVersion = 0;
    QDateTime created;
};

struct ListSnapshots
{
    QHash<QString, ListSnapshot> byId;
    QList<QString> order;     // oldest first
    qint64 nextId = 1;
};

struct ApiServerState
{
    ApiServer *server = nullptr;
    ObjectStore *store = nullptr;
    std::unique_ptr<RbacAuthorizer> authorizer;
    std::unique_ptr<WatchHub> watches;
    std::unique_ptr<GarbageCollector> garbageCollector;
    std::unique_ptr<NamespaceLifecycle> namespaces;
    std::unique_ptr<QuotaTracker> quotas;
    std::unique_ptr<ServiceAllocator> services;
    ListSnapshots snapshots;
    ApiServer::Authenticator authenticator;
    ApiServer::PodMetricsProvider podMetrics;
    ApiServer::PodLogProvider podLogs;
    bool authorizationEnabled = false;
    std::chrono::milliseconds bookmarkInterval{60000};
    int versionMajor = 1;
    int versionMinor = 32;
    QString gitVersion = QStringLiteral("v1.32.0-previewdesk");
};

// One request being served.
struct RequestContext
{
    ApiServerState *state = nullptr;
    QPointer<HttpExchange> exchange;
    const HttpRequest *request = nullptr;
    UserInfo user;
    RequestAttributes attributes;     // verb, group, resource, subresource, name, namespace
    QString version;                  // API version of the path ("v1")
    bool hasResource = false;
    ResourceInfo info;                // valid when hasResource (a copy: CRD writes may move the registry)
    ResponseShape shape = ResponseShape::Object;
    QString includeObject = QStringLiteral("Metadata");  // Table rows: None | Metadata | Object
    QueryOptions options;             // the query string, decoded once (queryoptions.h)
    int answeredStatus = 0;

    bool dryRun() const { return options.dryRunAll; }
    GroupResource groupResource() const { return info.groupResource(); }

    void respond(int code, const QByteArray &json, const QByteArray &contentType = QByteArrayLiteral("application/json"));
    void respondObject(int code, const QJsonObject &object);
    void respondError(const ApiError &error);
};

QByteArray toCompactJson(const QJsonObject &object);
// The body as one JSON object (JSON or YAML by Content-Type); false + error on failure.
bool decodeBody(const RequestContext &context, QJsonObject *object, ApiError *error);
// The object as the requested version shows it (apiVersion rewritten).
QJsonObject asRequestedVersion(const QJsonObject &object, const ResourceInfo &info);

// Handlers (each answers the request).
void serveDiscovery(RequestContext &context);            // non-resource paths
void serveGet(RequestContext &context);
void serveList(RequestContext &context);
void serveWatch(RequestContext &context);
void serveCreate(RequestContext &context);
void serveUpdate(RequestContext &context);
void servePatch(RequestContext &context);
void serveDelete(RequestContext &context);
void serveDeleteCollection(RequestContext &context);
void serveAccessReview(RequestContext &context);
void serveMetrics(RequestContext &context);

// Shared by get/list/watch: converts an object for the requested shape.
QJsonObject partialMetadataOf(const QJsonObject &object);

// Scale subresource helpers (restwrite.cpp).
QJsonObject scaleOf(const QJsonObject &object, const ResourceInfo &info);
// Writes spec.replicas from a Scale (resourceVersion checked) and answers with the new Scale.
void applyScale(RequestContext &context, const QJsonObject &scale);
// Server-side apply of `applied` (serversideapply.cpp); answers the request.
void serveApply(RequestContext &context, const QJsonObject &applied);

} // namespace pd::sandbox

#include <kube/fieldselector.h>
#include <kube/labelselector.h>

namespace pd::sandbox {

// labelSelector / fieldSelector of a list or watch.
struct ListFilter
{
    kube::LabelSelector labels;
    kube::FieldSelector fields;
};
bool parseListFilter(const RequestContext &context, ListFilter *filter, ApiError *error);
bool matchesFilter(const ListFilter &filter, const StoredObject &object, const QString &kind);

// Table / metadata shapes of one object (watch events, get).
QJsonObject shapedObject(const RequestContext &context, const QJsonObject &object);

} // namespace pd::sandbox
