#pragma once

#include "controllerbase.h"

namespace pd::sandbox::controllers {

// Simulates an ingress controller (ingress-nginx on a local cluster): every
// Ingress gets status.loadBalancer.ingress[{ip}] once.
class IngressStatusController final : public ControllerBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IngressStatusController)
public:
    explicit IngressStatusController(ObjectStore *store, QObject *parent = nullptr);
    void start();

    static QString loadBalancerIp() { return QStringLiteral("127.0.0.1"); }

protected:
    void onEvent(const StoreEvent &event) override;
    void reconcile(const Key &key) override;
};

} // namespace pd::sandbox::controllers
