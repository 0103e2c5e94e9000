#include "environmentwatcher.h"

#include "environmentmodel.h"
#include "kube/apiclient.h"
#include "kube/logging.h"
#include "kube/watchstream.h"

#include <algorithm>

using namespace Qt::StringLiterals;
using pd::kube::WatchEvent;
using pd::kube::WatchStream;

namespace pd::core {

struct EnvironmentWatcher::Stream
{
    EnvironmentSourceKind kind;
    QString resource;
    std::unique_ptr<WatchStream> watch;
    bool listed = false;
};

EnvironmentWatcher::EnvironmentWatcher(pd::kube::ApiClient *client, EnvironmentModel *model,
                                       EnvironmentBuilder builder, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_model(model)
    , m_builder(std::move(builder))
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(std::chrono::milliseconds(100));
    connect(&m_coalesce, &QTimer::timeout, this, &EnvironmentWatcher::flush);
    m_reevaluate.setInterval(std::chrono::seconds(30));
    connect(&m_reevaluate, &QTimer::timeout, this, &EnvironmentWatcher::reevaluate);
    m_connectionText = tr("Not connected");
}

EnvironmentWatcher::~EnvironmentWatcher()
{
    stop();
}

void EnvironmentWatcher::setCoalesceInterval(std::chrono::milliseconds interval)
{
    m_coalesce.setInterval(interval);
}

void EnvironmentWatcher::setReevaluateInterval(std::chrono::milliseconds interval)
{
    m_reevaluate.setInterval(interval);
}

void EnvironmentWatcher::addStream(EnvironmentSourceKind kind, const QString &group, const QString &resource)
{
    auto stream = std::make_unique<Stream>();
    stream->kind = kind;
    stream->resource = resource;
    pd::kube::ResourceRef collection;
    collection.group = group;
    collection.version = u"v1"_s;
    collection.resource = resource;
    stream->watch = std::make_unique<WatchStream>(m_client.data(), collection);
    Stream *raw = stream.get();
    connect(raw->watch.get(), &WatchStream::resynced, this,
            [this, raw](const QList<QJsonObject> &items, const QString &) { onResynced(raw, items); });
    connect(raw->watch.get(), &WatchStream::eventReceived, this,
            [this, raw](const WatchEvent &event) { onEvent(raw, event); });
    connect(raw->watch.get(), &WatchStream::requestFailed, this,
            [this, raw](const pd::kube::ApiResult &result) { onFailed(raw, result); });
    connect(raw->watch.get(), &WatchStream::stateChanged, this, [this] { updateConnectionText(); });
    m_streams.push_back(std::move(stream));
}

void EnvironmentWatcher::start()
{
    stop();
    if (!m_client || !m_model)
        return;
    addStream(EnvironmentSourceKind::Namespace, {}, u"namespaces"_s);
    addStream(EnvironmentSourceKind::Deployment, u"apps"_s, u"deployments"_s);
    addStream(EnvironmentSourceKind::StatefulSet, u"apps"_s, u"statefulsets"_s);
    addStream(EnvironmentSourceKind::Ingress, u"networking.k8s.io"_s, u"ingresses"_s);
    addStream(EnvironmentSourceKind::ResourceQuota, {}, u"resourcequotas"_s);
    m_syncAnnounced = false;
    m_lastError.clear();
    for (const auto &stream : m_streams)
        stream->watch->start();
    m_reevaluate.start();
    updateConnectionText();
}

void EnvironmentWatcher::stop()
{
    for (const auto &stream : m_streams)
        stream->watch->stop();
    m_streams.clear();
    m_coalesce.stop();
    m_reevaluate.stop();
    updateConnectionText();
}

void EnvironmentWatcher::refresh()
{
    m_cache.clear();
    m_cache.takeDirty();   // the re-list decides what stays; rows are kept until then
    start();
}

bool EnvironmentWatcher::isSynced() const
{
    return !m_streams.empty()
            && std::all_of(m_streams.cbegin(), m_streams.cend(), [](const auto &s) { return s->listed; });
}

void EnvironmentWatcher::onResynced(Stream *stream, const QList<QJsonObject> &items)
{
    m_cache.replaceAll(stream->kind, items);
    stream->listed = true;
    if (isSynced() && !m_syncAnnounced) {
        // The first complete picture goes out at once, and rows the cluster no longer
        // has (after a refresh or a context switch) go away.
        flush();
        if (m_model) {
            QStringList environments;
            for (const QString &ns : m_cache.namespaceNames()) {
                if (EnvironmentBuilder::isEnvironment(m_cache.inputs(ns).namespaceObject))
                    environments.append(ns);
            }
            m_model->retainOnly(environments);
        }
        m_syncAnnounced = true;
        updateConnectionText();
        Q_EMIT synced();
        return;
    }
    scheduleFlush();
    updateConnectionText();
}

void EnvironmentWatcher::onEvent(Stream *stream, const WatchEvent &event)
{
    if (event.type == WatchEvent::Type::Bookmark || event.type == WatchEvent::Type::Error)
        return;
    m_cache.apply(stream->kind, event.object, event.type == WatchEvent::Type::Deleted);
    scheduleFlush();
}

void EnvironmentWatcher::onFailed(Stream *stream, const pd::kube::ApiResult &result)
{
    m_lastError = stream->resource % u": "_s % result.message();
    pd::log::core()->warn("environment watch of {} failed: {}", pd::log::str(stream->resource),
                          pd::log::str(result.message()));
    updateConnectionText();
}

void EnvironmentWatcher::scheduleFlush()
{
    // Only once every kind is listed: a half-known namespace would flash a wrong state.
    if (isSynced() && !m_coalesce.isActive())
        m_coalesce.start();
}

void EnvironmentWatcher::flush()
{
    m_coalesce.stop();
    if (!m_model)
        return;
    const QStringList dirty = m_cache.takeDirty();
    for (const QString &ns : dirty) {
        const std::optional<Environment> env =
                m_cache.hasNamespace(ns) ? m_builder.build(m_cache.inputs(ns)) : std::nullopt;
        if (env)
            m_model->upsert(*env);
        else
            m_model->remove(ns);
    }
    if (!dirty.isEmpty())
        Q_EMIT flushed(int(dirty.size()));
}

void EnvironmentWatcher::reevaluate()
{
    if (!m_model || !isSynced())
        return;
    for (const QString &ns : m_model->names()) {
        if (const std::optional<Environment> env = m_builder.build(m_cache.inputs(ns)))
            m_model->upsert(*env);
    }
    m_model->refreshTimes();
}

void EnvironmentWatcher::updateConnectionText()
{
    QString text;
    if (m_streams.empty()) {
        text = tr("Not connected");
    } else {
        const QString server = m_client ? m_client->server().toDisplayString() : QString();
        int live = 0;
        int listed = 0;
        QString reconnecting;
        for (const auto &stream : m_streams) {
            if (stream->watch->state() == WatchStream::State::Live)
                ++live;
            if (stream->listed)
                ++listed;
            if (stream->watch->state() == WatchStream::State::Reconnecting && reconnecting.isEmpty())
                reconnecting = stream->resource % u": "_s % stream->watch->stateReason();
        }
        const int total = int(m_streams.size());
        if (!reconnecting.isEmpty())
            text = tr("Reconnecting to %1 (%2)").arg(server, reconnecting);
        else if (listed < total)
            text = tr("Connecting to %1 (%2/%3 lists)").arg(server).arg(listed).arg(total);
        else if (live < total)
            text = tr("Connected to %1 (%2/%3 watches live)").arg(server).arg(live).arg(total);
        else
            text = tr("Live: %1").arg(server);
        if (!m_lastError.isEmpty() && live < total)
            text += u" \u2014 "_s + m_lastError;
    }
    if (text == m_connectionText)
        return;
    m_connectionText = text;
    Q_EMIT connectionTextChanged(text);
}

QString EnvironmentWatcher::connectionText() const
{
    return m_connectionText;
}

} // namespace pd::core
