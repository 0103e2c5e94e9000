#pragma once

#include "httpexchange.h"
#include "rbacauthorizer.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace pd::sandbox {

class ObjectStore;
struct ApiServerState;

// The Kubernetes API on top of an ObjectStore: discovery, REST verbs, patches
// (json, merge, strategic, server-side apply), watch, tables, scale/status
// subresources, access reviews, RBAC authorization and admission. Hands-off HTTP:
// the HTTP layer passes each request as an HttpExchange; watches keep theirs and
// stream one JSON event per chunk.
//
// Construction also starts the store's background behaviour: the garbage collector
// (ownerReferences, Foreground/Orphan finalizers), namespace termination (contents
// removed, then the namespace, asynchronously), ResourceQuota status.used upkeep,
// the admission hook (LimitRange defaulting, quotas) and the Service allocators
// (cluster IPs, node ports: serviceallocator.h) - installed on the store, so
// controllers writing through the store are admitted too.
// Query parameters are decoded once per request (queryoptions.h).
class ApiServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)
public:
    using Authenticator = std::function<std::optional<UserInfo>(const HttpRequest &request)>;
    using PodMetricsProvider = std::function<QList<QJsonObject>(const QString &namespaceName)>;
    // Text of `kubectl logs` for one container (empty container = the first).
    using PodLogProvider = std::function<QByteArray(const QString &namespaceName, const QString &pod,
                                                    const QString &container)>;

    explicit ApiServer(ObjectStore *store, QObject *parent = nullptr);
    ~ApiServer() override;

    // Answers the request, at once or (watch) later by streaming.
    void handle(HttpExchange *exchange);
    // handle() bound to this server (for HttpServer::setHandler and friends).
    RequestHandler handler();

    // nullopt -> 401 Unauthorized. Without an authenticator every request runs as
    // user "admin" in groups system:masters, system:authenticated.
    void setAuthenticator(Authenticator authenticator);
    // With authorization on, every request is checked by RbacAuthorizer over the
    // store's RBAC objects (403 with RbacAuthorizer::forbiddenMessage), and
    // Impersonate-User/-Group headers need the impersonate verb. Off by default.
    void setAuthorizationEnabled(bool enabled);
    bool authorizationEnabled() const;
    // metrics.k8s.io/v1beta1 pods (get/list). Without a provider: 503 (as when
    // metrics-server is missing).
    void setPodMetricsProvider(PodMetricsProvider provider);
    void setPodLogProvider(PodLogProvider provider);
    // Watches with allowWatchBookmarks get a BOOKMARK this often (default 60 s).
    void setBookmarkInterval(std::chrono::milliseconds interval);
    // gitVersion reported by /version (default "v1.32.0-previewdesk").
    void setVersion(int major, int minor, const QString &gitVersion);

    // Every open watch gets one ERROR event (410 Expired) and is closed.
    void expireAllWatches();
    // Forget the store's event history: older resourceVersions now answer 410
    // (watch: ERROR Expired; paged list continue tokens: 410).
    void compactHistory();
    int openWatchCount() const;

    ObjectStore *store() const;
    // RBAC over the store (for sandboxhost's impersonation checks or tests).
    const RbacAuthorizer &authorizer() const;

Q_SIGNALS:
    // After each answered (non-watch) request: method, path, HTTP status.
    void requestHandled(const QByteArray &method, const QString &path, int statusCode);

private:
    std::unique_ptr<struct ApiServerState> d;
};

} // namespace pd::sandbox
