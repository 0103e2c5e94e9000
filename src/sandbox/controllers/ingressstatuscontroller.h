#pragma once

#include "controllerbase.h"

namespace pd::sandbox::controllers {

// Simulates an ingress controller (ingress-nginx on a local cluster): every
// Ingress gets status.loadBalancer.ingress[{ip}] once, with the port it listens on
// when that is the sandbox's loopback ingress (loopbackingress.h).
class IngressStatusController final : public ControllerBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IngressStatusController)
public:
    explicit IngressStatusController(ObjectStore *store, quint16 port = 0, QObject *parent = nullptr);
    void start();

    static QString loadBalancerIp() { return QStringLiteral("127.0.0.1"); }

protected:
    void onEvent(const StoreEvent &event) override;
    void reconcile(const Key &key) override;

private:
    quint16 m_port = 0;
};

} // namespace pd::sandbox::controllers
