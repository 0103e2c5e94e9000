#include "quotatracker.h"

#include "admission.h"
#include "objectstore.h"

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {
const GroupResource kQuotas{QString(), u"resourcequotas"_s};
const GroupResource kLimitRanges{QString(), u"limitranges"_s};
const GroupResource kPods{QString(), u"pods"_s};
} // namespace

QuotaTracker::QuotaTracker(ObjectStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &QuotaTracker::processPending);
    connect(store, &ObjectStore::changed, this, &QuotaTracker::onChanged);
    store->setAdmissionHook([this](const GroupResource &resource, QJsonObject &object, bool dryRun) -> ApiError {
        const QString ns = object.value(u"metadata"_s).toObject().value(u"namespace"_s).toString();
        const QString name = object.value(u"metadata"_s).toObject().value(u"name"_s).toString();
        if (ns.isEmpty())
            return {};
        // admission.NewForbidden: `pods "web-7d4b9c-abcde" is forbidden: exceeded quota: ...`.
        const auto refuse = [&](const QString &why) {
            return ApiError::forbidden(u"%1 \"%2\" is forbidden: %3"_s.arg(resource.toString(), name, why), resource, name);
        };
        if (resource == kPods && m_store->count(kLimitRanges, ns) > 0) {
            const AdmissionResult r = applyLimitRanges(object, m_store->list(kLimitRanges, ns));
            if (!r.allowed)
                return refuse(r.message);
        }
        if (resource == kQuotas || m_store->count(kQuotas, ns) == 0)
            return {};
        QList<QJsonObject> updated;
        const AdmissionResult r = admitAgainstQuotas(object, resource.resource, resource.group, m_store->list(kQuotas, ns), &updated);
        if (!r.allowed)
            return refuse(r.message);
        if (!dryRun) {
            m_writing = true;
            for (const QJsonObject &quota : std::as_const(updated)) {
                QJsonObject q = quota;
                QJsonObject meta = q.value(u"metadata"_s).toObject();
                meta.remove(u"resourceVersion"_s);
                q.insert(u"metadata"_s, meta);
                m_store->updateStatus(kQuotas, q);
            }
            m_writing = false;
        }
        return {};
    });
}

QuotaTracker::~QuotaTracker() = default;

void QuotaTracker::onChanged(const StoreEvent &event)
{
    if (m_writing)
        return;
    const QString &ns = event.object->namespaceName;
    if (ns.isEmpty())
        return;
    if (event.resource == kQuotas) {
        // A new or redefined quota: its status follows its spec and the namespace's content.
        if (event.type == StoreEventType::Deleted)
            return;
        const QJsonObject quota = event.object->object();
        const QJsonObject hard = quota.value(u"spec"_s).toObject().value(u"hard"_s).toObject();
        const QJsonObject status = quota.value(u"status"_s).toObject();
        if (status.value(u"hard"_s).toObject() == hard && status.contains(u"used"_s))
            return;
    } else if (event.type == StoreEventType::Added || m_store->count(kQuotas, ns) == 0) {
        return;   // creates were counted by admission
    }
    m_dirty.insert(ns);
    if (!m_timer.isActive())
        m_timer.start();
}

void QuotaTracker::processPending()
{
    const QSet<QString> dirty = std::exchange(m_dirty, {});
    for (const QString &ns : dirty)
        recompute(ns);
}

void QuotaTracker::recompute(const QString &ns)
{
    const QList<QJsonObject> quotas = m_store->list(kQuotas, ns);
    if (quotas.isEmpty())
        return;
    QList<QuotaInput> inputs;
    for (const GroupResource &resource : m_store->resourcesIn(ns)) {
        if (resource == kQuotas)
            continue;
        for (const StoredObjectPtr &e : m_store->entries(resource, ns))
            if (!e->deleting)
                inputs.append(QuotaInput{resource.resource, resource.group, e->object()});
    }
    m_writing = true;
    for (const QJsonObject &quota : quotas) {
        QJsonObject q = recomputeQuotaStatus(quota, inputs);
        if (q.value(u"status"_s) == quota.value(u"status"_s))
            continue;
        QJsonObject meta = q.value(u"metadata"_s).toObject();
        meta.remove(u"resourceVersion"_s);
        q.insert(u"metadata"_s, meta);
        m_store->updateStatus(kQuotas, q);
    }
    m_writing = false;
}

} // namespace pd::sandbox
