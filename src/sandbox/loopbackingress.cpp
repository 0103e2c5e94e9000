#include "sandbox/loopbackingress.h"

#include "controllers/controllerutil.h"
#include "sandbox/httpserver.h"
#include "sandbox/objectstore.h"
#include "sandbox/tlsmaterial.h"
#include "kube/logging.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace pd::sandbox {

using controllers::kIngresses;
using controllers::kPods;
using controllers::kReplicaSets;

namespace {

const GroupResource kServices{QString(), u"services"_s};

QString hostWithoutPort(QString host)
{
    host = host.trimmed().toLower();
    if (host.startsWith(u'[')) // [::1]:8480
        return host.left(host.indexOf(u']') + 1);
    const qsizetype colon = host.lastIndexOf(u':');
    return colon >= 0 ? host.left(colon) : host;
}

// Ingress host matching (networking.k8s.io/v1): exact, or "*.example.com" for one label.
bool hostMatches(const QString &ruleHost, const QString &host)
{
    if (ruleHost.startsWith(u"*."_s)) {
        const QString suffix = ruleHost.mid(1);
        return host.endsWith(suffix) && !host.left(host.size() - suffix.size()).contains(u'.')
                && host.size() > suffix.size();
    }
    return ruleHost == host;
}

// Path matching: Exact compares the whole path; Prefix (and ImplementationSpecific,
// which ingress-nginx treats as a prefix) matches element by element ("/api" matches
// "/api/x", not "/apix"). Returns the match length, -1 for no match.
int pathMatch(const QJsonObject &rulePath, const QString &path)
{
    const QString wanted = rulePath.value(u"path"_s).toString(u"/"_s);
    if (rulePath.value(u"pathType"_s).toString() == u"Exact"_s)
        return wanted == path ? int(wanted.size()) + 1 : -1;   // an Exact match beats a Prefix of the same length
    if (wanted == u"/"_s)
        return 1;
    const QString trimmed = wanted.endsWith(u'/') ? wanted.chopped(1) : wanted;
    if (path == trimmed || path.startsWith(trimmed + u'/'))
        return int(trimmed.size());
    return -1;
}

bool selects(const QJsonObject &selector, const QJsonObject &labels)
{
    if (selector.isEmpty())
        return false;   // a Service without a selector has hand-made endpoints: none here
    for (auto it = selector.begin(); it != selector.end(); ++it)
        if (labels.value(it.key()) != it.value())
            return false;
    return true;
}

bool podReady(const QJsonObject &pod)
{
    for (const QJsonValue &condition : pod.value(u"status"_s)[u"conditions"_s].toArray())
        if (condition[u"type"_s].toString() == u"Ready"_s)
            return condition[u"status"_s].toString() == u"True"_s;
    return false;
}

QString ownerWorkload(const ObjectStore &store, const QJsonObject &pod)
{
    const QString ns = pod.value(u"metadata"_s)[u"namespace"_s].toString();
    for (const QJsonValue &ref : pod.value(u"metadata"_s)[u"ownerReferences"_s].toArray()) {
        const QString kind = ref[u"kind"_s].toString();
        const QString name = ref[u"name"_s].toString();
        if (kind == u"ReplicaSet"_s) {
            const auto rs = store.get(kReplicaSets, ns, name);
            for (const QJsonValue &up : rs ? rs->value(u"metadata"_s)[u"ownerReferences"_s].toArray() : QJsonArray())
                if (up[u"kind"_s].toString() == u"Deployment"_s)
                    return u"Deployment/"_s + up[u"name"_s].toString();
            return u"ReplicaSet/"_s + name;
        }
        if (!kind.isEmpty())
            return kind + u'/' + name;
    }
    return u"Pod/"_s + pod.value(u"metadata"_s)[u"name"_s].toString();
}

void fillBackend(const ObjectStore &store, const QJsonObject &backend, IngressRoute &route)
{
    const QJsonObject service = backend.value(u"service"_s).toObject();
    route.serviceName = service.value(u"name"_s).toString();
    const QJsonObject port = service.value(u"port"_s).toObject();
    route.servicePort = port.contains(u"number"_s) ? QString::number(port.value(u"number"_s).toInt())
                                                    : port.value(u"name"_s).toString();
    const auto svc = store.get(kServices, route.namespaceName, route.serviceName);
    if (!svc)
        return;
    const QJsonObject selector = svc->value(u"spec"_s)[u"selector"_s].toObject();
    for (const QJsonObject &pod : store.list(kPods, route.namespaceName)) {
        if (pod.value(u"metadata"_s)[u"deletionTimestamp"_s].isString()
            || !selects(selector, pod.value(u"metadata"_s)[u"labels"_s].toObject()))
            continue;
        ++route.pods;
        route.readyPods += podReady(pod) ? 1 : 0;
        if (route.workload.isEmpty())
            route.workload = ownerWorkload(store, pod);
        for (const QJsonValue &container : pod.value(u"spec"_s)[u"containers"_s].toArray()) {
            const QString image = container[u"image"_s].toString();
            if (!route.images.contains(image))
                route.images << image;
        }
    }
}

QString html(const QString &text) { return text.toHtmlEscaped(); }

QByteArray page(const QString &title, const QString &body)
{
    return QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%1</title>"
                          "<style>body{font-family:sans-serif;margin:2em;max-width:48em}"
                          "th{text-align:left;padding-right:1em}code{font-size:95%}</style></head>"
                          "<body>%2<p><small>Served by the PreviewDesk sandbox's simulated ingress controller: "
                          "no application runs behind it.</small></p></body></html>\n")
            .arg(html(title), body)
            .toUtf8();
}

} // namespace

std::optional<IngressRoute> routeIngress(const ObjectStore &store, const QString &rawHost, const QString &rawPath)
{
    const QString path = rawPath.isEmpty() ? u"/"_s : rawPath;
    QString host = hostWithoutPort(rawHost);
    const QList<QJsonObject> ingresses = store.list(kIngresses);
    auto served = [&](const QString &candidate) {
        for (const QJsonObject &ingress : ingresses)
            for (const QJsonValue &rule : ingress.value(u"spec"_s)[u"rules"_s].toArray())
                if (hostMatches(rule[u"host"_s].toString().toLower(), candidate))
                    return true;
        return false;
    };
    if (!served(host) && host.endsWith(u".localhost"_s))
        host.chop(int(qstrlen(".localhost")));
    std::optional<IngressRoute> best;
    int bestLength = -1;
    for (const QJsonObject &ingress : ingresses) {
        const QJsonObject metadata = ingress.value(u"metadata"_s).toObject();
        if (metadata.contains(u"deletionTimestamp"_s))
            continue;
        for (const QJsonValue &rule : ingress.value(u"spec"_s)[u"rules"_s].toArray()) {
            const QString ruleHost = rule[u"host"_s].toString().toLower();
            if (!hostMatches(ruleHost, host))
                continue;
            for (const QJsonValue &rulePath : rule[u"http"_s][u"paths"_s].toArray()) {
                const int length = pathMatch(rulePath.toObject(), path);
                if (length <= bestLength)
                    continue;
                bestLength = length;
                best = IngressRoute{};
                best->namespaceName = metadata.value(u"namespace"_s).toString();
                best->ingressName = metadata.value(u"name"_s).toString();
                best->host = ruleHost;
                best->path = rulePath[u"path"_s].toString(u"/"_s);
                fillBackend(store, rulePath[u"backend"_s].toObject(), *best);
            }
        }
    }
    return best;
}

QStringList ingressHosts(const ObjectStore &store)
{
    QStringList hosts;
    for (const QJsonObject &ingress : store.list(kIngresses))
        for (const QJsonValue &rule : ingress.value(u"spec"_s)[u"rules"_s].toArray())
            if (const QString host = rule[u"host"_s].toString(); !host.isEmpty() && !hosts.contains(host))
                hosts << host;
    hosts.sort();
    return hosts;
}

LoopbackIngress::LoopbackIngress(ObjectStore *store, QObject *parent)
    : QObject(parent), m_store(store)
{
}

LoopbackIngress::~LoopbackIngress() = default;

bool LoopbackIngress::listen(const QHostAddress &address, quint16 port, QString *error)
{
    m_server = std::make_unique<HttpServer>();
    if (const auto tls = TlsMaterial::generate(error, {u"*.localhost"_s})) {
        m_server->setTlsConfiguration(tls->serverConfiguration());
        m_server->setPlainHttpAccepted(true);
    } else {
        pd::log::sandbox()->warn("ingress: no TLS material ({}); serving http:// only",
                                 error ? error->toStdString() : std::string());
    }
    m_server->setHandler([this](HttpExchange *exchange) {
        const auto [status, body] = answer(exchange->request());
        exchange->respond(status, "text/html; charset=utf-8", body);
    });
    if (!m_server->listen(address, port, error)) {
        m_server.reset();
        return false;
    }
    pd::log::sandbox()->info("ingress controller on {}:{}", address.toString().toStdString(), m_server->serverPort());
    return true;
}

void LoopbackIngress::close()
{
    if (m_server)
        m_server->close();
    m_server.reset();
}

quint16 LoopbackIngress::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

std::pair<int, QByteArray> LoopbackIngress::answer(const HttpRequest &request) const
{
    const QString host = QString::fromUtf8(request.header("host"));
    const std::optional<IngressRoute> route = routeIngress(*m_store, host, request.path);
    if (!route) {
        QString list;
        const QString port = QString::number(this->port());
        for (const QString &known : ingressHosts(*m_store)) {
            const QString reachable = known.endsWith(u".localhost"_s) ? known : QString(known + u".localhost"_s);
            const QString url = u"http://"_s + reachable + u':' + port + u'/';
            list += QStringLiteral("<li><a href=\"%1\">%2</a></li>").arg(html(url), html(known));
        }
        return {404, page(u"No Ingress serves %1"_s.arg(hostWithoutPort(host)),
                          QStringLiteral("<h1>404: no Ingress serves <code>%1</code></h1><p>The hosts of this sandbox:</p><ul>%2</ul>")
                                  .arg(html(hostWithoutPort(host)), list.isEmpty() ? u"<li>none</li>"_s : list))};
    }
    QStringList images;
    for (const QString &image : route->images)
        images << QStringLiteral("<code>%1</code>").arg(html(image));
    const QString ready = route->pods == 0 ? u"no pod selected by the Service"_s
                                            : u"%1 of %2 pods ready"_s.arg(route->readyPods).arg(route->pods);
    const QString body = QStringLiteral(
            "<h1>%1</h1><table>"
            "<tr><th>Namespace</th><td><code>%2</code></td></tr>"
            "<tr><th>Ingress</th><td><code>%3</code>, path <code>%4</code></td></tr>"
            "<tr><th>Service</th><td><code>%5:%6</code></td></tr>"
            "<tr><th>Workload</th><td><code>%7</code></td></tr>"
            "<tr><th>Image</th><td>%8</td></tr>"
            "<tr><th>Ready</th><td>%9</td></tr></table>")
            .arg(html(route->host), html(route->namespaceName), html(route->ingressName), html(route->path),
                 html(route->serviceName), html(route->servicePort),
                 html(route->workload.isEmpty() ? u"none"_s : route->workload),
                 images.isEmpty() ? u"none"_s : images.join(u"<br>"_s), html(ready));
    // ingress-nginx answers 503 when the Service has no ready endpoint.
    return {route->readyPods > 0 ? 200 : 503, page(route->host + u" \u2014 "_s + route->namespaceName, body)};
}

} // namespace pd::sandbox
