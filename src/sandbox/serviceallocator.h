#pragma once

#include "groupresource.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>

namespace pd::sandbox {

struct ApiError;
class ObjectStore;
struct StoreEvent;
struct StoredObject;
struct WriteOptions;

// The Service registry's allocators, as kube-apiserver runs them, cluster-wide:
// - spec.clusterIP(s) from the service CIDR (10.96.0.0/12): allocated when empty,
//   "None" kept (headless), a requested one must be in range and free;
// - spec.ports[].nodePort (and healthCheckNodePort) from 30000-32767 for NodePort and
//   LoadBalancer Services (unless allocateLoadBalancerNodePorts is false); a requested
//   one must be in range and free ("provided port is already allocated");
// - an update without them keeps the allocated values; a changed clusterIP is refused.
// Dynamic picks come from above the static band (the first 256 IPs, the first 128
// ports), as the real allocators do, so fixed addresses such as 10.96.0.10 and
// nodePort 30080 stay free for those who ask for them. What is allocated follows the
// store's Services, so deleting one (or its namespace) releases its values.
// Imports and internal writes (WriteOptions::skipAdmission) get missing values filled
// in but are never refused: an export keeps what its cluster gave it.
class ServiceAllocator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceAllocator)
public:
    explicit ServiceAllocator(ObjectStore *store, QObject *parent = nullptr);
    ~ServiceAllocator() override;

    // "namespace/name" of the Service holding it, or "".
    QString ipHolder(const QString &ip) const;
    QString nodePortHolder(int port) const;

    static constexpr int kNodePortMin = 30000;
    static constexpr int kNodePortMax = 32767;
    static QString serviceCidr() { return QStringLiteral("10.96.0.0/12"); }

private:
    ApiError prepare(QJsonObject &service, const QJsonObject *old, const WriteOptions &options);
    void onChanged(const StoreEvent &event);
    void track(const StoredObject &service, bool hold);

    ObjectStore *m_store;
    QHash<quint32, QString> m_ips;    // IPv4 address -> holder
    QHash<int, QString> m_nodePorts;  // port -> holder
};

} // namespace pd::sandbox
