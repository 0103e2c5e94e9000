#include "externalsecretcontroller.h"

#include "controllerutil.h"
#include "sandbox/objectstore.h"
#include "sandbox/wellknowncrds.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace pd::sandbox::controllers {

namespace {

const QString kManagedLabel = u"reconcile.external-secrets.io/managed"_s;
const QString kHashAnnotation = u"reconcile.external-secrets.io/data-hash"_s;

QString md5Hex(const QJsonValue &value)
{
    const QByteArray json = value.isObject() ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
                                             : value.toVariant().toString().toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Md5).toHex());
}

QJsonObject readyCondition(bool ready, const QString &reason, const QString &message, const QString &time)
{
    return QJsonObject{{u"type"_s, u"Ready"_s},
                       {u"status"_s, ready ? u"True"_s : u"False"_s},
                       {u"reason"_s, reason},
                       {u"message"_s, message},
                       {u"lastTransitionTime"_s, time}};
}

} // namespace

FakeSecretManager::FakeSecretManager()
{
    // The staging values match the exported fixture's Secret, so a synced staging looks unchanged.
    m_values.insert(u"shop/staging/payments-api-key"_s, u"sk_test_staging_4eC39HqLkjWisRe"_s);
    m_values.insert(u"shop/staging/payments-webhook-secret"_s, u"whsec_staging_98asdjkHJK44"_s);
    m_values.insert(u"shop/staging/mail-relay"_s, u"{\"SMTP_USER\":\"shop@mail.example.com\",\"SMTP_PASSWORD\":\"demo-smtp-Zk31\"}"_s);
    m_values.insert(u"shop/previews/payments-api-key"_s, u"sk_test_preview_7Hd2kq91LmXz"_s);
    m_values.insert(u"shop/previews/payments-webhook-secret"_s, u"whsec_preview_3KsLq0Pz"_s);
}

std::optional<QString> FakeSecretManager::value(const QString &key, const QString &property) const
{
    QString text;
    if (m_values.contains(key))
        text = m_values.value(key);
    else if (key.startsWith(u"shop/"_s))
        text = u"demo-"_s + safeEncode(stableHash(key.toUtf8()), 16);
    else
        return std::nullopt;
    if (property.isEmpty())
        return text;
    const QJsonObject json = QJsonDocument::fromJson(text.toUtf8()).object();
    if (!json.contains(property))
        return std::nullopt;
    const QJsonValue v = json.value(property);
    if (v.isString())
        return v.toString();
    // Numbers, objects: their JSON text, as ESO's gjson lookup returns it.
    const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

ExternalSecretController::ExternalSecretController(ObjectStore *store, QObject *parent)
    : ControllerBase(store, parent)
    , m_events(std::make_unique<EventRecorder>(store, u"external-secrets"_s))
{
}

ExternalSecretController::~ExternalSecretController() = default;

void ExternalSecretController::learnFromSyncedSecret(const QJsonObject &es)
{
    const QJsonArray conditions = statusOf(es).value(u"conditions"_s).toArray();
    const bool synced = !conditions.isEmpty() && conditions.first().toObject().value(u"status"_s).toString() == u"True"_s;
    const QJsonObject spec = specOf(es);
    const QString target = spec.value(u"target"_s).toObject().value(u"name"_s).toString(nameOf(es));
    const auto secret = synced ? m_store->get(kSecrets, namespaceOf(es), target) : std::nullopt;
    if (!secret)
        return;
    const QJsonObject data = secret->value(u"data"_s).toObject();
    const auto decoded = [&](const QString &key) {
        return QString::fromUtf8(QByteArray::fromBase64(data.value(key).toString().toLatin1()));
    };
    QMap<QString, QJsonObject> properties;   // remote key -> property values
    for (const QJsonValue &v : spec.value(u"data"_s).toArray()) {
        const QString secretKey = v.toObject().value(u"secretKey"_s).toString();
        const QJsonObject ref = v.toObject().value(u"remoteRef"_s).toObject();
        const QString remote = ref.value(u"key"_s).toString();
        if (remote.isEmpty() || !data.contains(secretKey) || m_manager.values().contains(remote))
            continue;
        if (ref.value(u"property"_s).toString().isEmpty())
            m_manager.setValue(remote, decoded(secretKey));
        else
            properties[remote].insert(ref.value(u"property"_s).toString(), decoded(secretKey));
    }
    for (const QJsonValue &v : spec.value(u"dataFrom"_s).toArray()) {
        const QString remote = v.toObject().value(u"extract"_s).toObject().value(u"key"_s).toString();
        if (remote.isEmpty() || m_manager.values().contains(remote))
            continue;
        for (auto it = data.begin(); it != data.end(); ++it)
            properties[remote].insert(it.key(), decoded(it.key()));
    }
    for (auto it = properties.cbegin(); it != properties.cend(); ++it)
        m_manager.setValue(it.key(), QString::fromUtf8(QJsonDocument(it.value()).toJson(QJsonDocument::Compact)));
}

QList<QJsonObject> ExternalSecretController::customResourceDefinitions()
{
    // One definition for the whole sandbox (wellknowncrds.h), filtered to the operator's groups.
    QList<QJsonObject> out;
    for (const QJsonObject &crd : wellKnownCustomResourceDefinitions()) {
        if (specOf(crd).value(u"group"_s).toString().endsWith(u"external-secrets.io"_s))
            out.append(crd);
    }
    return out;
}

void ExternalSecretController::start()
{
    WriteOptions internal;
    internal.skipAdmission = true;
    for (const QJsonObject &c : customResourceDefinitions()) {
        if (!m_store->entry(kCrds, {}, nameOf(c)))
            m_store->create(kCrds, c, internal);
    }
    // The store every demo ExternalSecret names.
    const GroupResource clusterStores{u"external-secrets.io"_s, u"clustersecretstores"_s};
    if (!m_store->entry(clusterStores, {}, u"aws-secrets-manager"_s)) {
        m_store->create(clusterStores,
                        QJsonObject{{u"apiVersion"_s, u"external-secrets.io/v1"_s},
                                    {u"kind"_s, u"ClusterSecretStore"_s},
                                    {u"metadata"_s, QJsonObject{{u"name"_s, u"aws-secrets-manager"_s}}},
                                    {u"spec"_s, QJsonObject{{u"provider"_s, QJsonObject{{u"fake"_s, QJsonObject{}}}}}},
                                    {u"status"_s, QJsonObject{{u"capabilities"_s, u"ReadWrite"_s},
                                                              {u"conditions"_s, QJsonArray{readyCondition(true, u"Valid"_s, u"store validated"_s, ObjectStore::timestamp(m_store->now()))}}}}},
                        internal);
    }
    for (const StoredObjectPtr &e : m_store->entries(kExternalSecrets))
        learnFromSyncedSecret(e->object());
    ControllerBase::start({kExternalSecrets});
}

void ExternalSecretController::refreshAll()
{
    for (const StoredObjectPtr &e : m_store->entries(kExternalSecrets))
        enqueue(kExternalSecrets, e->namespaceName, e->name);
}

void ExternalSecretController::onEvent(const StoreEvent &event)
{
    if (event.resource == kExternalSecrets && event.type == StoreEventType::Added)
        learnFromSyncedSecret(event.object->object());   // an import of a synced source
    if (event.resource == kExternalSecrets && event.type != StoreEventType::Deleted)
        enqueue(kExternalSecrets, event.object->namespaceName, event.object->name);
    if (event.resource == kSecrets && event.type == StoreEventType::Deleted) {
        for (const QString &uid : event.object->ownerUids) {
            const auto owner = m_store->findByUid(uid);
            if (owner && owner->first == kExternalSecrets)
                enqueue(kExternalSecrets, owner->second->namespaceName, owner->second->name);
        }
    }
}

void ExternalSecretController::reconcile(const Key &key)
{
    const auto found = m_store->get(kExternalSecrets, key.namespaceName, key.name);
    if (!found || isDeleting(*found))
        return;
    const QJsonObject es = *found;
    const QJsonObject spec = specOf(es);
    const QJsonObject meta = metaOf(es);

    QJsonObject data;   // secret key -> base64
    QStringList missing;
    QString firstError;   // ESO's wording of the first entry that failed
    const QJsonArray entries = spec.value(u"data"_s).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject ref = entries.at(i).toObject().value(u"remoteRef"_s).toObject();
        const auto value = m_manager.value(ref.value(u"key"_s).toString(), ref.value(u"property"_s).toString());
        if (!value) {
            missing.append(ref.value(u"key"_s).toString());
            if (firstError.isEmpty())
                firstError = u"error processing spec.data[%1] (key: %2), err: Secret does not exist"_s.arg(i).arg(missing.last());
        } else {
            data.insert(entries.at(i).toObject().value(u"secretKey"_s).toString(), QString::fromLatin1(value->toUtf8().toBase64()));
        }
    }
    const QJsonArray extracts = spec.value(u"dataFrom"_s).toArray();
    for (qsizetype i = 0; i < extracts.size(); ++i) {
        const QString remote = extracts.at(i).toObject().value(u"extract"_s).toObject().value(u"key"_s).toString();
        const auto value = m_manager.value(remote);
        const QJsonObject json = value ? QJsonDocument::fromJson(value->toUtf8()).object() : QJsonObject{};
        if (remote.isEmpty() || json.isEmpty()) {
            missing.append(remote);
            if (firstError.isEmpty())
                firstError = u"error processing spec.dataFrom[%1].extract, err: Secret does not exist"_s.arg(i);
            continue;
        }
        for (auto it = json.begin(); it != json.end(); ++it)
            data.insert(it.key(), QString::fromLatin1(it.value().toVariant().toString().toUtf8().toBase64()));
    }

    const QString now = ObjectStore::timestamp(m_store->now());
    const QString target = spec.value(u"target"_s).toObject().value(u"name"_s).toString(key.name);
    const QString synced = QString::number(meta.value(u"generation"_s).toInteger(1)) + u'-'
        + md5Hex(QJsonObject{{u"labels"_s, meta.value(u"labels"_s)}, {u"annotations"_s, meta.value(u"annotations"_s)}});
    if (!missing.isEmpty()) {
        m_store->modify(kExternalSecrets, key.namespaceName, key.name, [&](QJsonObject &o) {
            QJsonObject status = statusOf(o);
            const QJsonObject previous = status;
            const QJsonArray conditions = status.value(u"conditions"_s).toArray();
            const QJsonObject old = conditions.isEmpty() ? QJsonObject{} : conditions.first().toObject();
            QJsonObject next = readyCondition(false, u"SecretSyncedError"_s, u"could not get secret data from provider"_s, now);
            if (old.value(u"status"_s) == next.value(u"status"_s) && old.value(u"reason"_s) == next.value(u"reason"_s))
                next.insert(u"lastTransitionTime"_s, old.value(u"lastTransitionTime"_s));
            status.insert(u"conditions"_s, QJsonArray{next});
            if (status == previous)
                return false;
            o.insert(u"status"_s, status);
            return true;
        });
        // markAsFailed: one Warning per failed sync that changed the status (a stable
        // failure is not re-announced on every look).
        if (const auto latest = m_store->get(kExternalSecrets, key.namespaceName, key.name);
            latest && statusOf(*latest) != statusOf(es))
            m_events->record(*latest, QString::fromLatin1(EventRecorder::kWarning), u"UpdateFailed"_s, firstError);
        return;
    }

    const QString dataHash = md5Hex(data);
    const QJsonObject tpl = spec.value(u"target"_s).toObject().value(u"template"_s).toObject();
    const bool owner = spec.value(u"target"_s).toObject().value(u"creationPolicy"_s).toString(u"Owner"_s) == u"Owner"_s;
    const auto existing = m_store->get(kSecrets, key.namespaceName, target);
    const bool secretCurrent = existing && existing->value(u"data"_s).toObject() == data
        && metaOf(*existing).value(u"annotations"_s).toObject().value(kHashAnnotation).toString() == dataHash;
    const QJsonObject status = statusOf(es);
    const QJsonArray conditions = status.value(u"conditions"_s).toArray();
    const bool readyNow = !conditions.isEmpty() && conditions.first().toObject().value(u"status"_s).toString() == u"True"_s;
    if (secretCurrent && readyNow && status.value(u"syncedResourceVersion"_s).toString() == synced)
        return;   // nothing to do; refreshing on every event would loop on our own status writes

    auto shape = [&](QJsonObject &secret) {
        QJsonObject m = metaOf(secret);
        QJsonObject labels = m.value(u"labels"_s).toObject();
        QJsonObject annotations = m.value(u"annotations"_s).toObject();
        const QJsonObject tplMeta = tpl.value(u"metadata"_s).toObject();
        const QJsonObject tplLabels = tplMeta.value(u"labels"_s).toObject();
        const QJsonObject tplAnnotations = tplMeta.value(u"annotations"_s).toObject();
        for (auto it = tplLabels.begin(); it != tplLabels.end(); ++it)
            labels.insert(it.key(), it.value());
        for (auto it = tplAnnotations.begin(); it != tplAnnotations.end(); ++it)
            annotations.insert(it.key(), it.value());
        labels.insert(kManagedLabel, u"true"_s);
        annotations.insert(kHashAnnotation, dataHash);
        m.insert(u"labels"_s, labels);
        m.insert(u"annotations"_s, annotations);
        if (owner && controllerUidOf(secret) != uidOf(es)) {
            QJsonArray refs = m.value(u"ownerReferences"_s).toArray();
            refs.append(controllerRef(es));
            m.insert(u"ownerReferences"_s, refs);
        }
        secret.insert(u"metadata"_s, m);
        secret.insert(u"data"_s, data);
        if (!secret.contains(u"type"_s) || tpl.contains(u"type"_s))
            secret.insert(u"type"_s, tpl.value(u"type"_s).toString(u"Opaque"_s));
        return true;
    };
    if (existing) {
        m_store->modify(kSecrets, key.namespaceName, target, shape);
    } else {
        QJsonObject secret{{u"apiVersion"_s, u"v1"_s},
                           {u"kind"_s, u"Secret"_s},
                           {u"metadata"_s, QJsonObject{{u"name"_s, target}, {u"namespace"_s, key.namespaceName}}}};
        shape(secret);
        const StoreResult r = m_store->create(kSecrets, secret, WriteOptions{});
        if (!r.ok()) {
            m_store->modify(kExternalSecrets, key.namespaceName, key.name, [&](QJsonObject &o) {
                QJsonObject st = statusOf(o);
                st.insert(u"conditions"_s, QJsonArray{readyCondition(false, u"SecretSyncedError"_s, u"could not update Secret"_s, now)});
                if (st == statusOf(o))
                    return false;
                o.insert(u"status"_s, st);
                return true;
            });
            return;
        }
    }
    m_store->modify(kExternalSecrets, key.namespaceName, key.name, [&](QJsonObject &o) {
        QJsonObject st = statusOf(o);
        const QJsonArray old = st.value(u"conditions"_s).toArray();
        QJsonObject ready = readyCondition(true, u"SecretSynced"_s, u"Secret was synced"_s, now);
        if (!old.isEmpty() && old.first().toObject().value(u"status"_s).toString() == u"True"_s)
            ready.insert(u"lastTransitionTime"_s, old.first().toObject().value(u"lastTransitionTime"_s));
        st.insert(u"conditions"_s, QJsonArray{ready});
        st.insert(u"refreshTime"_s, now);
        st.insert(u"binding"_s, QJsonObject{{u"name"_s, target}});
        st.insert(u"syncedResourceVersion"_s, synced);
        o.insert(u"status"_s, st);
        return true;
    });
}

} // namespace pd::sandbox::controllers
