#include "serviceallocator.h"

#include "objectstore.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QRandomGenerator>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

const GroupResource kServices{QString(), u"services"_s};

constexpr quint32 kCidrBase = 0x0A600000;     // 10.96.0.0
constexpr quint32 kCidrSize = 1u << 20;       // /12
constexpr quint32 kStaticIps = 256;           // min(max(16, size/16), 256)
constexpr int kStaticPorts = 128;             // min(max(16, size/16), 128)

QString ipText(quint32 ip) { return QHostAddress(ip).toString(); }

std::optional<quint32> parseIpv4(const QString &text)
{
    QHostAddress address;
    if (!address.setAddress(text) || address.protocol() != QAbstractSocket::IPv4Protocol)
        return std::nullopt;
    return address.toIPv4Address();
}

bool inCidr(quint32 ip) { return ip > kCidrBase && ip < kCidrBase + kCidrSize - 1; }

QString holderOf(const QJsonObject &service)
{
    const QJsonObject meta = service.value(u"metadata"_s).toObject();
    return meta.value(u"namespace"_s).toString() + u'/' + meta.value(u"name"_s).toString();
}

bool needsNodePorts(const QJsonObject &spec)
{
    const QString type = spec.value(u"type"_s).toString();
    if (type == u"NodePort"_s)
        return true;
    return type == u"LoadBalancer"_s && spec.value(u"allocateLoadBalancerNodePorts"_s).toBool(true);
}

bool needsHealthCheckPort(const QJsonObject &spec)
{
    return spec.value(u"type"_s).toString() == u"LoadBalancer"_s
        && spec.value(u"externalTrafficPolicy"_s).toString() == u"Local"_s;
}

ApiError invalid(const QJsonObject &service, const QString &field, const QString &message,
                 const QString &reason = u"FieldValueInvalid"_s)
{
    const QString name = service.value(u"metadata"_s).toObject().value(u"name"_s).toString();
    return ApiError::invalid(QString(), u"Service"_s, name, QJsonArray{ApiError::cause(reason, message, field)});
}

// Go's %#v of a []string.
QString goStrings(const QStringList &values)
{
    QStringList quoted;
    for (const QString &v : values)
        quoted << u'"' + v + u'"';
    return u"[]string{"_s + quoted.join(u", "_s) + u'}';
}

// The old port a new one continues (same port and protocol, or same name).
int previousNodePort(const QJsonObject &port, const QJsonArray &oldPorts, const QString &field)
{
    for (const QJsonValue &v : oldPorts) {
        const QJsonObject o = v.toObject();
        const bool samePort = o.value(u"port"_s) == port.value(u"port"_s)
            && o.value(u"protocol"_s).toString(u"TCP"_s) == port.value(u"protocol"_s).toString(u"TCP"_s);
        const bool sameName = !port.value(u"name"_s).toString().isEmpty() && o.value(u"name"_s) == port.value(u"name"_s);
        if ((samePort || sameName) && o.value(field).toInt() != 0)
            return o.value(field).toInt();
    }
    return 0;
}

} // namespace

ServiceAllocator::ServiceAllocator(ObjectStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    for (const StoredObjectPtr &e : store->entries(kServices))
        track(*e, true);
    connect(store, &ObjectStore::changed, this, &ServiceAllocator::onChanged);
    store->setPrepareHook(kServices, [this](QJsonObject &service, const QJsonObject *old, const WriteOptions &options) {
        return prepare(service, old, options);
    });
}

ServiceAllocator::~ServiceAllocator()
{
    m_store->setPrepareHook(kServices, {});
}

QString ServiceAllocator::ipHolder(const QString &ip) const
{
    const auto parsed = parseIpv4(ip);
    return parsed ? m_ips.value(*parsed) : QString();
}

QString ServiceAllocator::nodePortHolder(int port) const { return m_nodePorts.value(port); }

void ServiceAllocator::onChanged(const StoreEvent &event)
{
    if (event.resource != kServices)
        return;
    if (event.previous)
        track(*event.previous, false);
    if (event.type != StoreEventType::Deleted)
        track(*event.object, true);
}

void ServiceAllocator::track(const StoredObject &service, bool hold)
{
    const QString holder = service.namespaceName + u'/' + service.name;
    const QJsonObject spec = service.object().value(u"spec"_s).toObject();
    QStringList ips;
    for (const QJsonValue &v : spec.value(u"clusterIPs"_s).toArray())
        ips << v.toString();
    ips << spec.value(u"clusterIP"_s).toString();
    for (const QString &text : std::as_const(ips)) {
        const auto ip = parseIpv4(text);
        if (!ip)
            continue;
        if (hold)
            m_ips.insert(*ip, holder);
        else if (m_ips.value(*ip) == holder)
            m_ips.remove(*ip);
    }
    QList<int> ports;
    for (const QJsonValue &v : spec.value(u"ports"_s).toArray())
        ports << v.toObject().value(u"nodePort"_s).toInt();
    ports << spec.value(u"healthCheckNodePort"_s).toInt();
    for (const int port : std::as_const(ports)) {
        if (port == 0)
            continue;
        if (hold)
            m_nodePorts.insert(port, holder);
        else if (m_nodePorts.value(port) == holder)
            m_nodePorts.remove(port);
    }
}

ApiError ServiceAllocator::prepare(QJsonObject &service, const QJsonObject *old, const WriteOptions &options)
{
    const bool strict = !options.skipAdmission;
    const QString holder = holderOf(service);
    QJsonObject spec = service.value(u"spec"_s).toObject();
    const QJsonObject oldSpec = old ? old->value(u"spec"_s).toObject() : QJsonObject{};
    if (!spec.contains(u"type"_s))
        spec.insert(u"type"_s, u"ClusterIP"_s);
    const QString type = spec.value(u"type"_s).toString();
    if (!spec.contains(u"sessionAffinity"_s))
        spec.insert(u"sessionAffinity"_s, u"None"_s);

    // Cluster IP.
    if (type != u"ExternalName"_s) {
        QString ip = spec.value(u"clusterIP"_s).toString();
        const QJsonArray requested = spec.value(u"clusterIPs"_s).toArray();
        if (ip.isEmpty() && !requested.isEmpty())
            ip = requested.at(0).toString();
        const QString oldIp = oldSpec.value(u"clusterIP"_s).toString();
        if (ip.isEmpty() && !oldIp.isEmpty())
            ip = oldIp;                                  // an update keeps what was allocated
        if (strict && old && !oldIp.isEmpty() && ip != oldIp)
            return invalid(service, u"spec.clusterIPs[0]"_s, u"Invalid value: \"%1\": may not change once set"_s.arg(ip));
        if (ip.isEmpty()) {
            const quint32 span = kCidrSize - kStaticIps - 2;
            const quint32 start = QRandomGenerator::global()->bounded(span);
            for (quint32 i = 0; i < span; ++i) {
                const quint32 candidate = kCidrBase + 1 + kStaticIps + (start + i) % span;
                if (!m_ips.contains(candidate)) {
                    ip = ipText(candidate);
                    break;
                }
            }
            if (ip.isEmpty())
                return ApiError::internalError(u"failed to allocate a serviceIP: range is full"_s);
        } else if (ip != u"None"_s && strict) {
            const auto parsed = parseIpv4(ip);
            const QString value = goStrings({ip});
            if (!parsed)
                return invalid(service, u"spec.clusterIPs[0]"_s,
                               u"Invalid value: \"%1\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"_s.arg(ip));
            if (!inCidr(*parsed))
                return invalid(service, u"spec.clusterIPs"_s,
                               u"Invalid value: %1: failed to allocate IP %2: the provided IP (%2) is not in the valid range. The range of valid IPs is %3"_s
                                   .arg(value, ip, serviceCidr()));
            const QString current = m_ips.value(*parsed);
            if (!current.isEmpty() && current != holder)
                return invalid(service, u"spec.clusterIPs"_s,
                               u"Invalid value: %1: failed to allocate IP %2: provided IP is already allocated"_s.arg(value, ip));
        }
        spec.insert(u"clusterIP"_s, ip);
        spec.insert(u"clusterIPs"_s, QJsonArray{ip});
        if (!spec.contains(u"ipFamilies"_s) && ip != u"None"_s)
            spec.insert(u"ipFamilies"_s, QJsonArray{u"IPv4"_s});
        if (!spec.contains(u"ipFamilyPolicy"_s))
            spec.insert(u"ipFamilyPolicy"_s, u"SingleStack"_s);
        if (!spec.contains(u"internalTrafficPolicy"_s))
            spec.insert(u"internalTrafficPolicy"_s, u"Cluster"_s);
    }
    if ((type == u"NodePort"_s || type == u"LoadBalancer"_s) && !spec.contains(u"externalTrafficPolicy"_s))
        spec.insert(u"externalTrafficPolicy"_s, u"Cluster"_s);

    // Node ports.
    const bool nodePorts = needsNodePorts(spec);
    QList<int> ownPorts;   // allocated to this Service in this write
    auto portFree = [&](int port) {
        const QString current = m_nodePorts.value(port);
        return (current.isEmpty() || current == holder) && !ownPorts.contains(port);
    };
    auto allocatePort = [&]() -> int {
        const int span = kNodePortMax - kNodePortMin + 1 - kStaticPorts;
        const int start = int(QRandomGenerator::global()->bounded(span));
        for (int i = 0; i < span; ++i) {
            const int candidate = kNodePortMin + kStaticPorts + (start + i) % span;
            if (portFree(candidate))
                return candidate;
        }
        return 0;
    };
    auto checkPort = [&](int port, const QString &field) -> ApiError {
        if (!strict)
            return {};
        if (port < kNodePortMin || port > kNodePortMax)
            return invalid(service, field,
                           u"Invalid value: %1: provided port is not in the valid range. The range of valid ports is %2-%3"_s
                               .arg(port).arg(kNodePortMin).arg(kNodePortMax));
        const QString current = m_nodePorts.value(port);
        if (!current.isEmpty() && current != holder)
            return invalid(service, field, u"Invalid value: %1: provided port is already allocated"_s.arg(port));
        return {};
    };
    QJsonArray ports = spec.value(u"ports"_s).toArray();
    const QJsonArray oldPorts = oldSpec.value(u"ports"_s).toArray();
    for (qsizetype i = 0; i < ports.size(); ++i) {
        QJsonObject port = ports.at(i).toObject();
        const QString field = u"spec.ports[%1].nodePort"_s.arg(i);
        if (!port.contains(u"protocol"_s))
            port.insert(u"protocol"_s, u"TCP"_s);
        if (!port.contains(u"targetPort"_s) && port.contains(u"port"_s))
            port.insert(u"targetPort"_s, port.value(u"port"_s));
        int nodePort = port.value(u"nodePort"_s).toInt();
        if (nodePorts) {
            if (nodePort == 0)
                nodePort = previousNodePort(port, oldPorts, u"nodePort"_s);
            if (nodePort == 0) {
                nodePort = allocatePort();
                if (nodePort == 0)
                    return ApiError::internalError(u"failed to allocate a nodePort: range is full"_s);
            } else if (ApiError e = checkPort(nodePort, field)) {
                return e;
            }
            port.insert(u"nodePort"_s, nodePort);
            ownPorts << nodePort;
        } else if (nodePort != 0 && type == u"ClusterIP"_s && strict) {
            return invalid(service, field, u"Forbidden: may not be used when `type` is 'ClusterIP'"_s, u"FieldValueForbidden"_s);
        }
        ports.replace(i, port);
    }
    if (!ports.isEmpty())
        spec.insert(u"ports"_s, ports);
    if (needsHealthCheckPort(spec)) {
        int port = spec.value(u"healthCheckNodePort"_s).toInt();
        if (port == 0)
            port = oldSpec.value(u"healthCheckNodePort"_s).toInt();
        if (port == 0)
            port = allocatePort();
        else if (ApiError e = checkPort(port, u"spec.healthCheckNodePort"_s))
            return e;
        spec.insert(u"healthCheckNodePort"_s, port);
    }
    service.insert(u"spec"_s, spec);
    return {};
}

} // namespace pd::sandbox
