#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>

#include <memory>

namespace pd::sandbox {

class HttpServer;
class ObjectStore;
struct HttpRequest;

// What the simulated ingress controller found for one request: the Ingress rule
// (or default backend) for the Host and path, the Service behind it and the pods that
// Service selects, as ingress-nginx would route it.
struct IngressRoute
{
    QString namespaceName;
    QString ingressName;
    QString host;            // the Ingress rule's host
    QString path;            // the matched path ("/" when the rule has none)
    QString serviceName;
    QString servicePort;     // number or name, as the backend names it
    QString workload;        // "Deployment/web", "StatefulSet/postgres"; "" when no pod
    QStringList images;
    int readyPods = 0;
    int pods = 0;
};

// Finds the route for HOST (":port" and a trailing ".localhost" are ignored, so
// both `shop.localhost` and `staging.shop.example.com.localhost` reach their Ingress)
// and PATH; nullopt when no Ingress serves the host.
std::optional<IngressRoute> routeIngress(const ObjectStore &store, const QString &host, const QString &path);

// The Ingress hosts the store knows, sorted (the not-found page lists them).
QStringList ingressHosts(const ObjectStore &store);

// A local ingress controller on loopback (`previewctl sandbox --ingress-port P`, the
// demo): http:// and https:// on one port, answering every Ingress host with a small
// page naming the namespace, the workload behind the path, its image and ready state,
// so the demo's Open URL opens something real. HTTPS uses a throw-away certificate
// (the browser asks once); nothing is proxied anywhere.
class LoopbackIngress final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoopbackIngress)
public:
    explicit LoopbackIngress(ObjectStore *store, QObject *parent = nullptr);
    ~LoopbackIngress() override;

    // port 0: any free port. False with *error set when it cannot listen.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    void close();
    quint16 port() const;

    // The page (status code, HTML) for one request; public for tests.
    std::pair<int, QByteArray> answer(const HttpRequest &request) const;

private:
    ObjectStore *m_store;
    std::unique_ptr<HttpServer> m_server;
};

} // namespace pd::sandbox
