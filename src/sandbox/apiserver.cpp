#include "apiserver.h"

#include "apiserver_p.h"
#include "claimdefaults.h"
#include "garbagecollector.h"
#include "namespacelifecycle.h"
#include "protobufdecoder.h"
#include "quotatracker.h"
#include "serviceallocator.h"
#include "watchhub.h"

#include <kube/logging.h>
#include <kube/yamljson.h>

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

// --- RequestContext -------------------------------------------------------------------

void RequestContext::respond(int code, const QByteArray &json, const QByteArray &contentType)
{
    answeredStatus = code;
    if (exchange && exchange->isOpen())
        exchange->respond(code, contentType, json);
}

void RequestContext::respondObject(int code, const QJsonObject &object) { respond(code, toCompactJson(object)); }

void RequestContext::respondError(const ApiError &error)
{
    answeredStatus = error.code;
    if (!exchange || !exchange->isOpen())
        return;
    QList<QPair<QByteArray, QByteArray>> headers;
    if (error.retryAfterSeconds > 0)
        headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(error.retryAfterSeconds)});
    exchange->respond(error.code, QByteArrayLiteral("application/json"), error.toJson(), headers);
}

QByteArray toCompactJson(const QJsonObject &object) { return QJsonDocument(object).toJson(QJsonDocument::Compact); }

bool decodeBody(const RequestContext &context, QJsonObject *object, ApiError *error)
{
    const QByteArray type = context.request->header("content-type").split(';').first().trimmed();
    const QByteArray &body = context.request->body;
    if (type == "application/vnd.kubernetes.protobuf") {
        QString message;
        const auto decoded = decodeProtobufBody(body, &message);
        if (!decoded) {
            *error = ApiError::unsupportedMediaType(QString::fromUtf8(type));
            error->message = message;
            return false;
        }
        *object = *decoded;
        return true;
    }
    if (type.contains("yaml")) {
        QList<QJsonObject> docs;
        kube::YamlError yamlError;
        if (!kube::parseYamlDocuments(body, u"body"_s, &docs, &yamlError) || docs.size() != 1) {
            *error = ApiError::badRequest(u"error converting YAML to JSON: "_s + yamlError.message);
            return false;
        }
        *object = docs.first();
        return true;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = ApiError::badRequest(u"couldn't get version/kind; json parse error: "_s
                                      + (doc.isObject() ? QString() : parseError.errorString()));
        return false;
    }
    *object = doc.object();
    return true;
}

QJsonObject asRequestedVersion(const QJsonObject &object, const ResourceInfo &info)
{
    if (object.value(u"apiVersion"_s).toString() == info.apiVersion())
        return object;
    QJsonObject copy = object;
    copy.insert(u"apiVersion"_s, info.apiVersion());
    return copy;
}

// --- ApiServer --------------------------------------------------------------------------

ApiServer::ApiServer(ObjectStore *store, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<ApiServerState>())
{
    d->server = this;
    d->store = store;
    RbacObjects rbac;
    rbac.list = [store](const QString &kind, const QString &ns) {
        const ResourceInfo *info = store->registry()->findByKind(u"rbac.authorization.k8s.io/v1"_s, kind);
        return info ? store->list(info->groupResource(), ns) : QList<QJsonObject>{};
    };
    rbac.get = [store](const QString &kind, const QString &ns, const QString &name) {
        const ResourceInfo *info = store->registry()->findByKind(u"rbac.authorization.k8s.io/v1"_s, kind);
        return info ? store->get(info->groupResource(), ns, name).value_or(QJsonObject{}) : QJsonObject{};
    };
    d->authorizer = std::make_unique<RbacAuthorizer>(rbac);
    d->watches = std::make_unique<WatchHub>(d.get());
    d->garbageCollector = std::make_unique<GarbageCollector>(store);
    d->namespaces = std::make_unique<NamespaceLifecycle>(store);
    d->quotas = std::make_unique<QuotaTracker>(store);
    d->services = std::make_unique<ServiceAllocator>(store);
    installClaimDefaults(store);
}

ApiServer::~ApiServer()
{
    d->store->setAdmissionHook({});
}

RequestHandler ApiServer::handler()
{
    return [this](HttpExchange *exchange) { handle(exchange); };
}

void ApiServer::setAuthenticator(Authenticator authenticator) { d->authenticator = std::move(authenticator); }
void ApiServer::setAuthorizationEnabled(bool enabled) { d->authorizationEnabled = enabled; }
bool ApiServer::authorizationEnabled() const { return d->authorizationEnabled; }
void ApiServer::setPodMetricsProvider(PodMetricsProvider provider) { d->podMetrics = std::move(provider); }
void ApiServer::setPodLogProvider(PodLogProvider provider) { d->podLogs = std::move(provider); }
void ApiServer::setBookmarkInterval(std::chrono::milliseconds interval) { d->bookmarkInterval = interval; }
ObjectStore *ApiServer::store() const { return d->store; }
const RbacAuthorizer &ApiServer::authorizer() const { return *d->authorizer; }

void ApiServer::setVersion(int major, int minor, const QString &gitVersion)
{
    d->versionMajor = major;
    d->versionMinor = minor;
    d->gitVersion = gitVersion;
}

void ApiServer::expireAllWatches() { d->watches->expireAll(); }

void ApiServer::compactHistory()
{
    d->store->compactHistory();
    // The numbering goes on: a token of a dropped snapshot must not name a later list's.
    d->snapshots.byId.clear();
    d->snapshots.order.clear();
}

int ApiServer::openWatchCount() const { return d->watches->count(); }

namespace {

// Splits the path as kube-apiserver's RequestInfoFactory does.
bool parseResourcePath(RequestContext &c)
{
    QStringList parts = c.request->path.split(u'/', Qt::SkipEmptyParts);
    if (parts.size() >= 2 && parts.at(0) == u"api"_s) {
        c.version = parts.at(1);
        parts = parts.mid(2);
    } else if (parts.size() >= 3 && parts.at(0) == u"apis"_s) {
        c.attributes.apiGroup = parts.at(1);
        c.version = parts.at(2);
        parts = parts.mid(3);
    } else {
        return false;
    }
    if (parts.isEmpty())
        return false;   // /api/v1, /apis/G/V: discovery
    if (parts.at(0) == u"namespaces"_s && parts.size() > 1) {
        c.attributes.namespaceName = parts.at(1);
        if (parts.size() > 2 && parts.at(2) != u"status"_s && parts.at(2) != u"finalize"_s)
            parts = parts.mid(2);
    }
    c.attributes.resource = parts.value(0);
    c.attributes.name = parts.value(1);
    c.attributes.subresource = parts.value(2);
    if (parts.size() > 3)
        return false;
    return true;
}

QString verbFor(const RequestContext &c)
{
    const QByteArray &m = c.request->method;
    const bool named = !c.attributes.name.isEmpty();
    if (m == "GET" || m == "HEAD") {
        if (c.options.watch)
            return u"watch"_s;
        return named ? u"get"_s : u"list"_s;
    }
    if (m == "POST")
        return u"create"_s;
    if (m == "PUT")
        return u"update"_s;
    if (m == "PATCH")
        return u"patch"_s;
    if (m == "DELETE")
        return named ? u"delete"_s : u"deletecollection"_s;
    return QString::fromLatin1(m).toLower();
}

ResponseShape shapeFor(RequestContext &c)
{
    const QByteArray accept = c.request->header("accept");
    for (const QByteArray &part : accept.split(',')) {
        if (part.contains("as=Table"))
            return ResponseShape::Table;
        if (part.contains("as=PartialObjectMetadata"))
            return ResponseShape::PartialMetadata;
        if (part.contains("application/json") || part.contains("*/*"))
            break;
    }
    return ResponseShape::Object;
}

void dispatchResource(RequestContext &c)
{
    const QString &verb = c.attributes.verb;
    if (!c.info.namespaced && !c.attributes.namespaceName.isEmpty() && c.info.resource != u"namespaces"_s) {
        c.respondError(ApiError::notFound({c.info.group, c.info.resource}, c.attributes.name));
        return;
    }
    if (c.info.group == u"authorization.k8s.io"_s) {
        if (verb != u"create"_s)
            c.respondError(ApiError::methodNotAllowed());
        else
            serveAccessReview(c);
        return;
    }
    const QString &sub = c.attributes.subresource;
    if (!sub.isEmpty() && !c.info.hasSubresource(sub)) {
        ApiError e = ApiError::notFound({c.info.group, c.info.resource}, c.attributes.name);
        e.message = u"the server could not find the requested resource"_s;
        c.respondError(e);
        return;
    }
    if (!c.info.hasVerb(verb) && !(sub == u"status"_s || sub == u"scale"_s || sub == u"finalize"_s || sub == u"log"_s)) {
        c.respondError(ApiError::methodNotAllowed());
        return;
    }
    if (verb == u"get"_s)
        serveGet(c);
    else if (verb == u"list"_s)
        serveList(c);
    else if (verb == u"watch"_s)
        serveWatch(c);
    else if (verb == u"create"_s)
        serveCreate(c);
    else if (verb == u"update"_s)
        serveUpdate(c);
    else if (verb == u"patch"_s)
        servePatch(c);
    else if (verb == u"delete"_s)
        serveDelete(c);
    else if (verb == u"deletecollection"_s)
        serveDeleteCollection(c);
    else
        c.respondError(ApiError::methodNotAllowed());
}

} // namespace

void ApiServer::handle(HttpExchange *exchange)
{
    RequestContext c;
    c.state = d.get();
    c.exchange = exchange;
    c.request = &exchange->request();

    // Authentication.
    if (d->authenticator) {
        const std::optional<UserInfo> user = d->authenticator(*c.request);
        if (!user) {
            c.respondError(ApiError::unauthorized());
            Q_EMIT requestHandled(c.request->method, c.request->path, c.answeredStatus);
            return;
        }
        c.user = *user;
    } else {
        c.user = UserInfo{u"admin"_s, {u"system:masters"_s, u"system:authenticated"_s}};
    }

    // Impersonation (needs the impersonate verb on users/groups).
    const QByteArray impersonateUser = c.request->header("impersonate-user");
    if (!impersonateUser.isEmpty()) {
        UserInfo target{QString::fromUtf8(impersonateUser), {}};
        for (const auto &h : c.request->headers)
            if (h.first == "impersonate-group")
                target.groups << QString::fromUtf8(h.second);
        if (d->authorizationEnabled) {
            RequestAttributes attrs;
            attrs.verb = u"impersonate"_s;
            attrs.resource = u"users"_s;
            attrs.name = target.name;
            if (!d->authorizer->authorize(c.user, attrs).allowed) {
                c.respondError(ApiError::forbidden(RbacAuthorizer::forbiddenMessage(c.user, attrs), {QString(), u"users"_s}, target.name));
                Q_EMIT requestHandled(c.request->method, c.request->path, c.answeredStatus);
                return;
            }
            for (const QString &group : std::as_const(target.groups)) {
                attrs.resource = u"groups"_s;
                attrs.name = group;
                if (!d->authorizer->authorize(c.user, attrs).allowed) {
                    c.respondError(ApiError::forbidden(RbacAuthorizer::forbiddenMessage(c.user, attrs), {QString(), u"groups"_s}, group));
                    Q_EMIT requestHandled(c.request->method, c.request->path, c.answeredStatus);
                    return;
                }
            }
        }
        if (!target.groups.contains(u"system:authenticated"_s))
            target.groups << u"system:authenticated"_s;
        c.user = target;
    }

    c.options = QueryOptions::parse(c.request->query);
    c.attributes.resourceRequest = parseResourcePath(c);
    c.attributes.verb = c.attributes.resourceRequest ? verbFor(c) : QString::fromLatin1(c.request->method).toLower();
    c.attributes.path = c.request->path;

    if (d->authorizationEnabled) {
        const AuthorizationDecision decision = d->authorizer->authorize(c.user, c.attributes);
        if (!decision.allowed) {
            c.respondError(ApiError::forbidden(RbacAuthorizer::forbiddenMessage(c.user, c.attributes),
                                               {c.attributes.apiGroup, c.attributes.resource}, c.attributes.name));
            Q_EMIT requestHandled(c.request->method, c.request->path, c.answeredStatus);
            return;
        }
    }

    if (!c.attributes.resourceRequest) {
        serveDiscovery(c);
    } else if (c.attributes.apiGroup == u"metrics.k8s.io"_s) {
        serveMetrics(c);
    } else {
        const ResourceInfo *info = d->store->registry()->find(c.attributes.apiGroup, c.version, c.attributes.resource);
        if (!info) {
            ApiError e = ApiError::notFound({c.attributes.apiGroup, c.attributes.resource}, c.attributes.name);
            e.message = u"the server could not find the requested resource"_s;
            e.detailsName.clear();
            c.respondError(e);
        } else {
            c.hasResource = true;
            c.info = *info;
            c.shape = shapeFor(c);
            if (c.options.includeObject)
                c.includeObject = *c.options.includeObject;
            dispatchResource(c);
        }
    }
    if (c.attributes.verb != u"watch"_s || c.answeredStatus != 0)
        Q_EMIT requestHandled(c.request->method, c.request->path, c.answeredStatus);
}

} // namespace pd::sandbox
