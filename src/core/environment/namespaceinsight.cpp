#include "namespaceinsight.h"

#include "kube/bindto.h"
#include "kube/apiclient.h"
#include "kube/logging.h"
#include "kube/watchstream.h"

#include <QPromise>

#include <memory>

using namespace Qt::StringLiterals;

namespace pd::core {

using pd::kube::ApiClient;
using pd::kube::ApiRequest;
using pd::kube::ApiResult;
using pd::kube::ResourceRef;
using pd::kube::WatchEvent;
using pd::kube::WatchStream;

namespace {

ResourceRef coreCollection(const QString &resource, const QString &namespaceName)
{
    return ResourceRef{QString(), u"v1"_s, resource, namespaceName, QString(), QString()};
}

// A WatchStream answers its LIST with QFuture::then(stream, ...), which asserts (Qt 6.4,
// Debug) when the stream is gone before the answer: a stopped stream is handed to the
// client and deleted once nothing is in flight there (the promise resolves first).
void retireStream(WatchStream *stream, ApiClient *client)
{
    stream->stop();
    stream->disconnect();
    if (!client || (client->inFlight() == 0 && client->queued() == 0)) {
        stream->setParent(nullptr);
        stream->deleteLater();
        return;
    }
    stream->setParent(client);
    QObject::connect(client, &ApiClient::inFlightChanged, stream, [stream](int inFlight, int queued) {
        if (inFlight == 0 && queued == 0)
            stream->deleteLater();
    });
}

} // namespace

QFuture<NamespaceSnapshot> fetchNamespaceSnapshot(ApiClient *client, const QString &namespaceName)
{
    auto promise = std::make_shared<QPromise<NamespaceSnapshot>>();
    promise->start();
    QFuture<NamespaceSnapshot> future = promise->future();
    auto snapshot = std::make_shared<NamespaceSnapshot>();
    snapshot->namespaceName = namespaceName;
    if (!client) {
        snapshot->error = u"not connected"_s;
        promise->addResult(*snapshot);
        promise->finish();
        return future;
    }
    auto outstanding = std::make_shared<int>(2);
    const auto done = [promise, snapshot, outstanding] {
        if (--*outstanding > 0)
            return;
        promise->addResult(*snapshot);
        promise->finish();
    };
    // Bound to the client; the continuations touch only what they hold.
    pd::bindTo(client, client->listAll(ApiRequest::list(coreCollection(u"pods"_s, namespaceName), {}, 500)),
               [snapshot, done](const ApiResult &result) {
            if (result.ok())
                snapshot->pods = result.items();
            else
                snapshot->error = result.message();
            done();
        })
        .onCanceled([snapshot, done] {
            snapshot->error = u"cancelled"_s;
            done();
        });
    pd::bindTo(client, client->listAll(ApiRequest::list(coreCollection(u"events"_s, namespaceName), {}, 500)),
               [snapshot, done](const ApiResult &result) {
            if (result.ok())
                snapshot->events = result.items();
            else
                snapshot->eventsError = result.message();
            done();
        })
        .onCanceled([snapshot, done] {
            snapshot->eventsError = u"cancelled"_s;
            done();
        });
    return future;
}

struct NamespaceInsight::Feed
{
    WatchStream *stream = nullptr;
    QHash<QString, QJsonObject> items;   // by name
    bool synced = false;
    QString error;

    QJsonArray array() const
    {
        QJsonArray out;
        for (const QJsonObject &item : items)
            out.append(item);
        return out;
    }
};

NamespaceInsight::NamespaceInsight(ApiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(std::chrono::milliseconds(150));
    connect(&m_coalesce, &QTimer::timeout, this, &NamespaceInsight::recompute);
}

NamespaceInsight::~NamespaceInsight()
{
    retire(m_pods);
    retire(m_eventsFeed);
}

void NamespaceInsight::setCoalesceInterval(std::chrono::milliseconds interval)
{
    m_coalesce.setInterval(interval);
}

bool NamespaceInsight::isSynced() const
{
    return m_pods && m_eventsFeed && m_pods->synced && m_eventsFeed->synced;
}

void NamespaceInsight::setNamespace(const QString &namespaceName)
{
    if (namespaceName == m_namespace && (m_pods || namespaceName.isEmpty()))
        return;
    retire(m_pods);
    retire(m_eventsFeed);
    m_namespace = namespaceName;
    m_coalesce.stop();
    const bool hadContent = !m_problems.isEmpty() || !m_events.isEmpty() || !m_error.isEmpty() || m_announcedSynced;
    m_problems.clear();
    m_events.clear();
    m_error.clear();
    m_announcedSynced = false;
    if (hadContent)
        Q_EMIT changed();
    if (namespaceName.isEmpty() || !m_client)
        return;
    m_pods = makeFeed(u"pods"_s);
    m_eventsFeed = makeFeed(u"events"_s);
    m_pods->stream->start();
    m_eventsFeed->stream->start();
}

std::unique_ptr<NamespaceInsight::Feed> NamespaceInsight::makeFeed(const QString &resource)
{
    auto feed = std::make_unique<Feed>();
    Feed *raw = feed.get();
    raw->stream = new WatchStream(m_client, coreCollection(resource, m_namespace), this);
    connect(raw->stream, &WatchStream::resynced, this,
            [this, raw](const QList<QJsonObject> &items) { onResynced(raw, items); });
    connect(raw->stream, &WatchStream::eventReceived, this,
            [this, raw](const WatchEvent &event) { onEvent(raw, event); });
    connect(raw->stream, &WatchStream::requestFailed, this,
            [this, raw](const ApiResult &result) { onFailed(raw, result); });
    return feed;
}

void NamespaceInsight::retire(std::unique_ptr<Feed> &feed)
{
    if (!feed)
        return;
    retireStream(feed->stream, m_client);
    feed.reset();
}

void NamespaceInsight::onResynced(Feed *feed, const QList<QJsonObject> &items)
{
    feed->items.clear();
    for (const QJsonObject &item : items)
        feed->items.insert(item.value(u"metadata"_s)[u"name"_s].toString(), item);
    feed->synced = true;
    feed->error.clear();
    m_coalesce.start();
}

void NamespaceInsight::onEvent(Feed *feed, const WatchEvent &event)
{
    const QString name = event.object.value(u"metadata"_s)[u"name"_s].toString();
    switch (event.type) {
    case WatchEvent::Type::Added:
    case WatchEvent::Type::Modified:
        feed->items.insert(name, event.object);
        break;
    case WatchEvent::Type::Deleted:
        feed->items.remove(name);
        break;
    case WatchEvent::Type::Bookmark:
    case WatchEvent::Type::Error:
        return;
    }
    feed->error.clear();
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void NamespaceInsight::onFailed(Feed *feed, const ApiResult &result)
{
    feed->error = result.message();
    pd::log::core()->debug("insight of {}: {}", pd::log::str(m_namespace), pd::log::str(feed->error));
    m_coalesce.start();
}

void NamespaceInsight::recompute()
{
    if (!m_pods || !m_eventsFeed)
        return;
    const QJsonArray events = m_eventsFeed->array();
    QList<PodProblem> problems = podProblems(m_pods->array(), events);
    QList<NamespaceEvent> recent = recentEvents(events, m_maxEvents);
    QString error = m_pods->error;
    if (error.isEmpty() && !m_eventsFeed->error.isEmpty())
        error = u"events: "_s + m_eventsFeed->error;
    const bool synced = isSynced();
    if (problems == m_problems && recent == m_events && error == m_error && synced == m_announcedSynced)
        return;
    m_announcedSynced = synced;
    m_problems = std::move(problems);
    m_events = std::move(recent);
    m_error = std::move(error);
    Q_EMIT changed();
}

} // namespace pd::core
