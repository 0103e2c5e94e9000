#pragma once

#include "controllerbase.h"

#include <QByteArray>

namespace pd::sandbox::controllers {

// Simulates the service-account and root-CA publisher controllers: every active
// namespace gets a `default` ServiceAccount and a `kube-root-ca.crt` ConfigMap.
class NamespaceDefaultsController final : public ControllerBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NamespaceDefaultsController)
public:
    NamespaceDefaultsController(ObjectStore *store, QByteArray caPem, QObject *parent = nullptr);
    void start();

protected:
    void onEvent(const StoreEvent &event) override;
    void reconcile(const Key &key) override;

private:
    QByteArray m_caPem;
};

} // namespace pd::sandbox::controllers
