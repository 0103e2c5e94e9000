#include "namespacedefaultscontroller.h"

#include "controllerutil.h"
#include "sandbox/objectstore.h"

namespace pd::sandbox::controllers {

namespace {
// What a cluster without TLS publishes instead (the sandbox then has no CA).
const char kNoCa[] = "# the sandbox serves plain HTTP: no certificate authority\n";
}

NamespaceDefaultsController::NamespaceDefaultsController(ObjectStore *store, QByteArray caPem, QObject *parent)
    : ControllerBase(store, parent)
    , m_caPem(std::move(caPem))
{
}

void NamespaceDefaultsController::start()
{
    ControllerBase::start({kNamespaces});
}

void NamespaceDefaultsController::onEvent(const StoreEvent &event)
{
    if (event.resource == kNamespaces && event.type != StoreEventType::Deleted)
        enqueue(kNamespaces, {}, event.object->name);
    // Someone deleted one of the defaults: the real controllers put it back.
    if (event.type == StoreEventType::Deleted
        && ((event.resource == kServiceAccounts && event.object->name == u"default"_s)
            || (event.resource == kConfigMaps && event.object->name == u"kube-root-ca.crt"_s)))
        enqueue(kNamespaces, {}, event.object->namespaceName);
}

void NamespaceDefaultsController::reconcile(const Key &key)
{
    const StoredObjectPtr ns = m_store->entry(kNamespaces, {}, key.name);
    if (!ns || ns->deleting)
        return;
    WriteOptions internal;
    internal.skipAdmission = true;
    if (!m_store->entry(kServiceAccounts, key.name, u"default"_s)) {
        m_store->create(kServiceAccounts,
                        QJsonObject{{u"apiVersion"_s, u"v1"_s},
                                    {u"kind"_s, u"ServiceAccount"_s},
                                    {u"metadata"_s, QJsonObject{{u"name"_s, u"default"_s}, {u"namespace"_s, key.name}}}},
                        internal);
    }
    if (!m_store->entry(kConfigMaps, key.name, u"kube-root-ca.crt"_s)) {
        const QString ca = m_caPem.isEmpty() ? QString::fromLatin1(kNoCa) : QString::fromUtf8(m_caPem);
        const QJsonObject annotations{
            {u"kubernetes.io/description"_s,
             u"Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as "
             "the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of "
             "Kubernetes clusters."_s}};
        m_store->create(kConfigMaps,
                        QJsonObject{{u"apiVersion"_s, u"v1"_s},
                                    {u"kind"_s, u"ConfigMap"_s},
                                    {u"metadata"_s, QJsonObject{{u"name"_s, u"kube-root-ca.crt"_s},
                                                                {u"namespace"_s, key.name},
                                                                {u"annotations"_s, annotations}}},
                                    {u"data"_s, QJsonObject{{u"ca.crt"_s, ca}}}},
                        internal);
    }
}

} // namespace pd::sandbox::controllers
