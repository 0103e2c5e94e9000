#include "eventrecorder.h"

#include "controllerutil.h"
#include "sandbox/objectstore.h"

namespace pd::sandbox::controllers {

namespace {

const GroupResource kCoreEvents{QString(), u"events"_s};
const GroupResource kEventsV1{u"events.k8s.io"_s, u"events"_s};
constexpr int kAggregateAfter = 10;          // EventCorrelator's maxEvents
constexpr qint64 kAggregateWindowSecs = 600; // and its maxIntervalInSeconds

QJsonObject involvedObjectOf(const QJsonObject &object, const QString &fieldPath)
{
    const QJsonObject meta = metaOf(object);
    QJsonObject ref{{u"kind"_s, object.value(u"kind"_s)},
                    {u"name"_s, meta.value(u"name"_s)},
                    {u"uid"_s, meta.value(u"uid"_s)},
                    {u"apiVersion"_s, object.value(u"apiVersion"_s)},
                    {u"resourceVersion"_s, meta.value(u"resourceVersion"_s)}};
    if (meta.contains(u"namespace"_s))
        ref.insert(u"namespace"_s, meta.value(u"namespace"_s));
    if (!fieldPath.isEmpty())
        ref.insert(u"fieldPath"_s, fieldPath);
    return ref;
}

// The events.k8s.io/v1 face of a core/v1 Event (the API server's conversion).
QJsonObject asEventsV1(const QJsonObject &core)
{
    QJsonObject meta = metaOf(core);
    meta.remove(u"resourceVersion"_s);
    meta.remove(u"uid"_s);
    meta.remove(u"creationTimestamp"_s);
    QJsonObject v1{{u"apiVersion"_s, u"events.k8s.io/v1"_s},
                   {u"kind"_s, u"Event"_s},
                   {u"metadata"_s, meta},
                   {u"eventTime"_s, QJsonValue()},
                   {u"reportingController"_s, core.value(u"reportingComponent"_s)},
                   {u"reportingInstance"_s, core.value(u"reportingInstance"_s)},
                   {u"reason"_s, core.value(u"reason"_s)},
                   {u"regarding"_s, core.value(u"involvedObject"_s)},
                   {u"note"_s, core.value(u"message"_s)},
                   {u"type"_s, core.value(u"type"_s)},
                   {u"deprecatedSource"_s, core.value(u"source"_s)},
                   {u"deprecatedFirstTimestamp"_s, core.value(u"firstTimestamp"_s)},
                   {u"deprecatedLastTimestamp"_s, core.value(u"lastTimestamp"_s)},
                   {u"deprecatedCount"_s, core.value(u"count"_s)}};
    return v1;
}

} // namespace

EventRecorder::EventRecorder(ObjectStore *store, const QString &component, const QString &host)
    : m_store(store)
    , m_component(component)
    , m_host(host)
{
}

void EventRecorder::record(const QJsonObject &involved, const QString &type, const QString &reason, const QString &message,
                           const QString &fieldPath)
{
    const QDateTime now = m_store->now();
    const QString objectKey = uidOf(involved) + u'/' + fieldPath + u'/' + type + u'/' + reason;
    Similar &similar = m_similar[objectKey];
    for (auto it = similar.messages.begin(); it != similar.messages.end();) {
        if (it.value().secsTo(now) > kAggregateWindowSecs)
            it = similar.messages.erase(it);
        else
            ++it;
    }
    similar.messages.insert(message, now);
    if (similar.messages.size() >= kAggregateAfter) {
        similar.combinedName = write(involved, type, reason, u"(combined from similar events): "_s + message, fieldPath,
                                     similar.combinedName);
        return;
    }
    Series &series = m_series[objectKey + u'\n' + message];
    if (series.eventName.isEmpty())
        series.eventName = recent(involved, type, reason, message, fieldPath);
    series.eventName = write(involved, type, reason, message, fieldPath, series.eventName);
}

QString EventRecorder::recent(const QJsonObject &involved, const QString &type, const QString &reason,
                              const QString &message, const QString &fieldPath) const
{
    // The same component restarted (or a seed wrote its history): a matching Event seen
    // within the aggregation window is counted on, as a long-running component would.
    const QString ns = namespaceOf(involved).isEmpty() ? u"default"_s : namespaceOf(involved);
    const QDateTime now = m_store->now();
    const QByteArray uid = uidOf(involved).toUtf8();
    for (const StoredObjectPtr &entry : m_store->entries(kCoreEvents, ns)) {
        if (uid.isEmpty() || !entry->json.contains(uid))
            continue;   // cheap filter before parsing
        const QJsonObject event = entry->object();
        const QJsonObject ref = event.value(u"involvedObject"_s).toObject();
        const QDateTime last = QDateTime::fromString(event.value(u"lastTimestamp"_s).toString(), Qt::ISODate);
        if (ref.value(u"uid"_s).toString() == uidOf(involved) && ref.value(u"fieldPath"_s).toString() == fieldPath
            && event.value(u"type"_s).toString() == type && event.value(u"reason"_s).toString() == reason
            && event.value(u"message"_s).toString() == message
            && event.value(u"source"_s)[u"component"_s].toString() == m_component && last.isValid()
            && std::abs(last.secsTo(now)) <= kAggregateWindowSecs)
            return entry->name;
    }
    return {};
}

QString EventRecorder::write(const QJsonObject &involved, const QString &type, const QString &reason, const QString &message,
                             const QString &fieldPath, const QString &existingName)
{
    QString ns = namespaceOf(involved);
    if (ns.isEmpty())
        ns = u"default"_s;   // cluster-scoped objects: client-go records into "default"
    const QString now = ObjectStore::timestamp(m_store->now());
    WriteOptions internal;
    internal.skipAdmission = true;
    if (!existingName.isEmpty() && m_store->entry(kCoreEvents, ns, existingName)) {
        const StoreResult updated = m_store->modify(kCoreEvents, ns, existingName, [&](QJsonObject &event) {
            event.insert(u"count"_s, event.value(u"count"_s).toInt(1) + 1);
            event.insert(u"lastTimestamp"_s, now);
            event.insert(u"message"_s, message);
            return true;
        });
        if (updated.ok()) {
            m_store->modify(kEventsV1, ns, existingName, [&](QJsonObject &event) {
                const QJsonObject fresh = asEventsV1(updated.object);
                for (auto it = fresh.begin(); it != fresh.end(); ++it)
                    if (it.key() != u"metadata"_s)
                        event.insert(it.key(), it.value());
                return true;
            });
        }
        return existingName;
    }
    const qint64 nanos = m_store->now().toMSecsSinceEpoch() * 1000000;
    QString name;
    for (qint64 n = nanos;; ++n) {
        name = nameOf(involved) + u'.' + QString::number(n, 16);
        if (!m_store->entry(kCoreEvents, ns, name))
            break;
    }
    QJsonObject source{{u"component"_s, m_component}};
    if (!m_host.isEmpty())
        source.insert(u"host"_s, m_host);
    const QJsonObject event{{u"apiVersion"_s, u"v1"_s},
                            {u"kind"_s, u"Event"_s},
                            {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}}},
                            {u"involvedObject"_s, involvedObjectOf(involved, fieldPath)},
                            {u"reason"_s, reason},
                            {u"message"_s, message},
                            {u"source"_s, source},
                            {u"firstTimestamp"_s, now},
                            {u"lastTimestamp"_s, now},
                            {u"count"_s, 1},
                            {u"type"_s, type},
                            {u"eventTime"_s, QJsonValue()},
                            {u"reportingComponent"_s, m_component},
                            {u"reportingInstance"_s, m_host}};
    // Events pass admission like any object (a count/events quota applies); a
    // terminating namespace refuses them, which a recorder shrugs off.
    const StoreResult created = m_store->create(kCoreEvents, event, WriteOptions{});
    if (!created.ok())
        return {};
    m_store->create(kEventsV1, asEventsV1(created.object), internal);
    return name;
}

} // namespace pd::sandbox::controllers
