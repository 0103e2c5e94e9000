#include "ingressstatuscontroller.h"

#include "controllerutil.h"
#include "sandbox/objectstore.h"

namespace pd::sandbox::controllers {

IngressStatusController::IngressStatusController(ObjectStore *store, quint16 port, QObject *parent)
    : ControllerBase(store, parent), m_port(port)
{
}

void IngressStatusController::start()
{
    ControllerBase::start({kIngresses});
}

void IngressStatusController::onEvent(const StoreEvent &event)
{
    if (event.resource == kIngresses && event.type != StoreEventType::Deleted)
        enqueue(kIngresses, event.object->namespaceName, event.object->name);
}

void IngressStatusController::reconcile(const Key &key)
{
    QJsonObject entry{{u"ip"_s, loadBalancerIp()}};
    if (m_port > 0)
        entry.insert(u"ports"_s, QJsonArray{QJsonObject{{u"port"_s, int(m_port)}, {u"protocol"_s, u"TCP"_s}}});
    const QJsonArray wanted{entry};
    m_store->modify(kIngresses, key.namespaceName, key.name, [&](QJsonObject &ingress) {
        if (isDeleting(ingress))
            return false;
        QJsonObject status = statusOf(ingress);
        QJsonObject lb = status.value(u"loadBalancer"_s).toObject();
        if (lb.value(u"ingress"_s).toArray() == wanted)
            return false;
        lb.insert(u"ingress"_s, wanted);
        status.insert(u"loadBalancer"_s, lb);
        ingress.insert(u"status"_s, status);
        return true;
    });
}

} // namespace pd::sandbox::controllers
