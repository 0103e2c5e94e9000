#include "watchhub.h"

#include "apiserver_p.h"
#include "tableconverter.h"

#include <QJsonDocument>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

struct WatchHub::Watch
{
    QPointer<HttpExchange> exchange;
    ResourceInfo info;
    GroupResource resource;
    QString namespaceName;
    QString name;                 // a watch on one object
    ListFilter filter;
    ResponseShape shape = ResponseShape::Object;
    QString includeObject;
    qint64 lastVersion = 0;
    bool tableHeaderSent = false;
    bool done = false;            // finished: nothing more is written, the watch awaits deletion
    std::unique_ptr<QTimer> timeout;
    std::unique_ptr<QTimer> bookmarks;

    bool matches(const StoredObjectPtr &o) const
    {
        if (!o)
            return false;
        if (!namespaceName.isEmpty() && o->namespaceName != namespaceName)
            return false;
        if (!name.isEmpty() && o->name != name)
            return false;
        return matchesFilter(filter, *o, info.kind);
    }
};

void serveWatch(RequestContext &c) { c.state->watches->start(c); }

WatchHub::WatchHub(ApiServerState *state)
    : m_state(state)
{
    connect(state->store, &ObjectStore::changed, this, &WatchHub::onChanged);
}

WatchHub::~WatchHub()
{
    for (const auto &list : std::as_const(m_watches))
        for (Watch *w : list) {
            if (w->exchange && w->exchange->isOpen())
                w->exchange->endStream();
            delete w;
        }
}

int WatchHub::count() const
{
    int n = 0;
    for (const auto &list : m_watches)
        n += int(list.size());
    return n;
}

void WatchHub::start(RequestContext &c)
{
    const QueryOptions &options = c.options;
    if (ApiError invalid = options.validateList()) {
        c.respondError(invalid);
        return;
    }
    auto w = std::make_unique<Watch>();
    ApiError error;
    if (!parseListFilter(c, &w->filter, &error)) {
        c.respondError(error);
        return;
    }
    const QString &rvText = options.resourceVersion;
    bool numeric = true;
    const qint64 rv = rvText.isEmpty() ? 0 : rvText.toLongLong(&numeric);
    if (!numeric) {
        c.respondError(ApiError::badRequest(u"resourceVersion: Invalid value: \"%1\": must be a valid resource version"_s.arg(rvText)));
        return;
    }
    // Legacy watch: ""/"0" start with the current state as ADDED, N replays what followed N.
    // sendInitialEvents=true (watch-list): the current state (not older than N), then, with
    // bookmarks, a BOOKMARK marking the end of it; sendInitialEvents=false: no state at all.
    const bool initialEvents = options.sendInitialEvents.value_or(rv == 0);
    w->exchange = c.exchange;
    w->info = c.info;
    w->resource = c.info.groupResource();
    w->namespaceName = c.info.namespaced ? c.attributes.namespaceName : QString();
    w->name = c.attributes.name;
    w->shape = c.shape;
    w->includeObject = c.includeObject;
    ObjectStore *store = m_state->store;

    std::optional<QList<StoreEvent>> replay;
    if (!initialEvents && rv > 0) {
        replay = store->eventsSince(rv, w->resource);
        if (!replay) {
            c.exchange->beginStream(200, QByteArrayLiteral("application/json"));
            c.answeredStatus = 200;
            Watch *raw = w.get();
            sendError(raw, 410, u"Expired"_s,
                      u"too old resource version: %1 (%2)"_s.arg(rv).arg(store->oldestResumableVersion() + 1));
            c.exchange->endStream();
            return;
        }
    }
    c.exchange->beginStream(200, QByteArrayLiteral("application/json"));
    c.answeredStatus = 200;
    Watch *watch = w.release();
    m_watches[watch->resource].append(watch);
    connect(c.exchange, &QObject::destroyed, this, [this, watch] { finish(watch, false); });
    connect(c.exchange, &HttpExchange::peerClosed, this, [this, watch] { finish(watch, false); });

    // A write may fail and close the connection (finish) in the middle of these loops.
    if (initialEvents) {
        for (const StoredObjectPtr &e : store->entries(watch->resource, watch->namespaceName))
            if (!watch->done && watch->matches(e))
                deliver(watch, StoreEvent{StoreEventType::Added, watch->resource, e->resourceVersion, e, nullptr});
        watch->lastVersion = store->resourceVersion();
        if (options.sendInitialEvents.value_or(false) && options.allowWatchBookmarks)
            sendBookmark(watch, true);
    } else if (replay) {
        watch->lastVersion = rv;
        for (const StoreEvent &e : std::as_const(*replay))
            if (!watch->done)
                deliver(watch, e);
        watch->lastVersion = std::max(rv, store->resourceVersion());
    } else {
        watch->lastVersion = store->resourceVersion();
    }
    if (watch->done || !watch->exchange)
        return;
    if (options.timeoutSeconds > 0) {
        watch->timeout = std::make_unique<QTimer>();
        watch->timeout->setSingleShot(true);
        connect(watch->timeout.get(), &QTimer::timeout, this, [this, watch] { finish(watch, true); });
        // QTimer counts int milliseconds: cap at 24 days.
        watch->timeout->start(std::chrono::seconds(std::min<qint64>(options.timeoutSeconds, 24 * 86400)));
    }
    if (options.allowWatchBookmarks) {
        watch->bookmarks = std::make_unique<QTimer>();
        connect(watch->bookmarks.get(), &QTimer::timeout, this, [this, watch] { sendBookmark(watch, false); });
        watch->bookmarks->start(m_state->bookmarkInterval);
    }
}

void WatchHub::onChanged(const StoreEvent &event)
{
    const auto it = m_watches.constFind(event.resource);
    if (it == m_watches.constEnd())
        return;
    const QList<Watch *> watches = *it;   // delivery may close watches
    for (Watch *w : watches)
        if (event.resourceVersion > w->lastVersion)
            deliver(w, event);
}

void WatchHub::deliver(Watch *w, const StoreEvent &event)
{
    if (w->done || !w->exchange || !w->exchange->isOpen())
        return;
    const bool now = w->matches(event.object);
    const bool before = event.type != StoreEventType::Added && w->matches(event.previous ? event.previous : event.object);
    QByteArray type;
    switch (event.type) {
    case StoreEventType::Added:
        if (now)
            type = "ADDED";
        break;
    case StoreEventType::Modified:
        if (now && before)
            type = "MODIFIED";
        else if (now)
            type = "ADDED";
        else if (before)
            type = "DELETED";
        break;
    case StoreEventType::Deleted:
        if (before || now)
            type = "DELETED";
        break;
    }
    w->lastVersion = std::max(w->lastVersion, event.resourceVersion);
    if (type.isEmpty())
        return;
    QByteArray object;
    if (w->shape == ResponseShape::Object) {
        const QByteArray prefix = "{\"apiVersion\":\"" + w->info.apiVersion().toUtf8() + '"';
        object = event.object->json.startsWith(prefix) ? event.object->json
                                                       : toCompactJson(asRequestedVersion(event.object->object(), w->info));
    } else if (w->shape == ResponseShape::PartialMetadata) {
        object = toCompactJson(partialMetadataOf(event.object->object()));
    } else {
        const TableConverter converter(w->info);
        QJsonObject table = converter.table({asRequestedVersion(event.object->object(), w->info)}, m_state->store->now(),
                                            w->includeObject,
                                            QJsonObject{{u"resourceVersion"_s, QString::number(event.resourceVersion)}});
        if (w->tableHeaderSent)
            table.insert(u"columnDefinitions"_s, QJsonArray{});
        w->tableHeaderSent = true;
        object = toCompactJson(table);
    }
    w->exchange->writeChunk("{\"type\":\"" + type + "\",\"object\":" + object + "}\n");
}

void WatchHub::sendError(Watch *w, int code, const QString &reason, const QString &message)
{
    if (w->done || !w->exchange || !w->exchange->isOpen())
        return;
    ApiError e;
    e.code = code;
    e.reason = reason;
    e.message = message;
    w->exchange->writeChunk("{\"type\":\"ERROR\",\"object\":" + e.toJson() + "}\n");
}

void WatchHub::sendBookmark(Watch *w, bool initialEventsEnd)
{
    if (w->done || !w->exchange || !w->exchange->isOpen())
        return;
    QJsonObject meta{{u"resourceVersion"_s, QString::number(std::max(w->lastVersion, m_state->store->resourceVersion()))}};
    if (initialEventsEnd)
        meta.insert(u"annotations"_s, QJsonObject{{u"k8s.io/initial-events-end"_s, u"true"_s}});
    const QJsonObject object{{u"kind"_s, w->info.kind}, {u"apiVersion"_s, w->info.apiVersion()}, {u"metadata"_s, meta}};
    w->exchange->writeChunk("{\"type\":\"BOOKMARK\",\"object\":" + toCompactJson(object) + "}\n");
}

void WatchHub::finish(Watch *w, bool end)
{
    auto it = m_watches.find(w->resource);
    if (it == m_watches.end() || !it->removeOne(w))
        return;
    if (it->isEmpty())
        m_watches.erase(it);
    w->done = true;
    for (QTimer *timer : {w->timeout.get(), w->bookmarks.get()})
        if (timer)
            timer->stop();   // deleted with the watch: this may run inside their timeout()
    if (w->exchange) {
        disconnect(w->exchange, nullptr, this, nullptr);
        if (end && w->exchange->isOpen())
            w->exchange->endStream();
    }
    if (m_retired.empty())
        QMetaObject::invokeMethod(this, [this] { m_retired.clear(); }, Qt::QueuedConnection);
    m_retired.emplace_back(w);
}

void WatchHub::expireAll()
{
    QList<Watch *> all;
    for (const auto &list : std::as_const(m_watches))
        all += list;
    for (Watch *w : std::as_const(all)) {
        sendError(w, 410, u"Expired"_s, u"The resourceVersion for the provided watch is too old."_s);
        finish(w, true);
    }
}

} // namespace pd::sandbox
