#include "environmentwatcher.h"

#include "environmentprojection.h"

#include "kube/bindto.h"
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
    QString namespaceName;     // empty: across all namespaces
    std::unique_ptr<WatchStream> watch;
    bool listed = false;
    bool denied = false;       // 403/404 before the first list: does not hold sync back

    QString label() const { return namespaceName.isEmpty() ? resource : resource % u" in "_s % namespaceName; }
};

namespace {

struct KindInfo
{
    EnvironmentSourceKind kind;
    QString group;
    QString resource;
};

const QList<KindInfo> &workloadKinds()
{
    static const QList<KindInfo> kinds{{EnvironmentSourceKind::Deployment, u"apps"_s, u"deployments"_s},
                                       {EnvironmentSourceKind::StatefulSet, u"apps"_s, u"statefulsets"_s},
                                       {EnvironmentSourceKind::Ingress, u"networking.k8s.io"_s, u"ingresses"_s},
                                       {EnvironmentSourceKind::ResourceQuota, {}, u"resourcequotas"_s}};
    return kinds;
}

constexpr int kNamespacePageSize = 10000;
// From this many namespaces on, their rows go out the moment the list is in; below it
// one coalescing interval first, by which time a small cluster's workloads are in too.
constexpr qsizetype kEarlyRowsAt = 1000;

bool isRefusal(const pd::kube::ApiResult &result)
{
    return result.httpCode == 403 || result.httpCode == 404;
}

// A state that can change with nothing but time passing (deadlines, expiry).
bool dependsOnTime(const Environment &env, const QDateTime &now)
{
    switch (env.state) {
    case EnvironmentState::Progressing:
    case EnvironmentState::Degraded:
    case EnvironmentState::Expired:
        return true;
    case EnvironmentState::Terminating:
    case EnvironmentState::Incomplete:
        return false;
    case EnvironmentState::Healthy:
    case EnvironmentState::ScaledDown:
        break;
    }
    return env.expiresAt.isValid() && env.expiresAt <= now;
}

} // namespace

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

void EnvironmentWatcher::setPageSize(int limit)
{
    m_pageSize = std::max(0, limit);
}

void EnvironmentWatcher::setNamespaces(const QStringList &names)
{
    QStringList unique;
    for (const QString &name : names) {
        const QString trimmed = name.trimmed();
        if (!trimmed.isEmpty() && !unique.contains(trimmed))
            unique.append(trimmed);
    }
    m_namespaces = unique;
}

void EnvironmentWatcher::addStream(EnvironmentSourceKind kind, const QString &group, const QString &resource,
                                   const QString &namespaceName)
{
    auto stream = std::make_unique<Stream>();
    stream->kind = kind;
    stream->resource = resource;
    stream->namespaceName = namespaceName;
    pd::kube::ResourceRef collection;
    collection.group = group;
    collection.version = u"v1"_s;
    collection.resource = resource;
    collection.namespaceName = namespaceName;
    stream->watch = std::make_unique<WatchStream>(m_client.data(), collection);
    // A namespace is read for its metadata only (labels, annotations, deletionTimestamp):
    // small items, so large pages, and the namespace rows can show before the workloads are in.
    const bool isNamespace = kind == EnvironmentSourceKind::Namespace;
    stream->watch->setMetadataOnly(isNamespace);
    stream->watch->setItemProjection([kind](const QJsonObject &item) { return projectForEnvironment(kind, item); });
    stream->watch->setPageSize(isNamespace ? std::max(m_pageSize, kNamespacePageSize) : m_pageSize);
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
    if (m_namespaces.isEmpty()) {
        addStream(EnvironmentSourceKind::Namespace, {}, u"namespaces"_s);
        for (const KindInfo &kind : workloadKinds())
            addStream(kind.kind, kind.group, kind.resource);
    } else {
        for (const QString &ns : std::as_const(m_namespaces)) {
            m_probes.insert(ns, Probe::Pending);
            for (const KindInfo &kind : workloadKinds())
                addStream(kind.kind, kind.group, kind.resource, ns);
        }
    }
    m_syncAnnounced = false;
    m_lastError.clear();
    m_probeErrors.clear();
    for (const auto &stream : m_streams)
        stream->watch->start();
    probeNamespaces();
    m_reevaluate.start();
    updateConnectionText();
}

void EnvironmentWatcher::stop()
{
    ++m_generation;
    for (const auto &stream : m_streams)
        stream->watch->stop();
    m_streams.clear();
    m_probes.clear();
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
            && std::all_of(m_streams.cbegin(), m_streams.cend(), [](const auto &s) { return s->listed || s->denied; })
            && std::none_of(m_probes.cbegin(), m_probes.cend(), [](Probe p) { return p == Probe::Pending; });
}

bool EnvironmentWatcher::namespacesKnown() const
{
    if (!m_probes.isEmpty())
        return true;   // per-namespace mode: each namespace shows as soon as its GET answers
    return std::any_of(m_streams.cbegin(), m_streams.cend(), [](const auto &s) {
        return s->kind == EnvironmentSourceKind::Namespace && (s->listed || s->denied);
    });
}

void EnvironmentWatcher::probeNamespaces()
{
    if (!m_client)
        return;
    const quint64 generation = m_generation;
    for (const QString &ns : std::as_const(m_namespaces)) {
        const pd::kube::ResourceRef ref{{}, u"v1"_s, u"namespaces"_s, {}, ns, {}};
        pd::bindTo(this, m_client->get(ref, pd::kube::AcceptAs::PartialMetadataList),
                   [this, generation, ns](const pd::kube::ApiResult &result) {
                       if (m_generation == generation)
                           onProbed(ns, result);
                   });
    }
}

void EnvironmentWatcher::onProbed(const QString &name, const pd::kube::ApiResult &result)
{
    if (result.ok()) {
        m_cache.apply(EnvironmentSourceKind::Namespace, result.object, false);
        m_probes.insert(name, Probe::Found);
        m_probeErrors.remove(name);
    } else {
        if (isRefusal(result)) {   // gone, or no longer ours to see
            const QJsonObject stub{{u"metadata"_s, QJsonObject{{u"name"_s, name}}}};
            m_cache.apply(EnvironmentSourceKind::Namespace, stub, true);
        }
        m_probes.insert(name, Probe::Failed);
        const QString text = result.httpCode == 404 ? tr("namespace %1 does not exist").arg(name)
                                                    : tr("namespace %1: %2").arg(name, result.message());
        m_probeErrors.insert(name, text);
        setError(text);
    }
    if (isSynced() && !m_syncAnnounced)
        maybeAnnounceSync();
    else
        scheduleFlush();
    updateConnectionText();
}

void EnvironmentWatcher::onResynced(Stream *stream, const QList<QJsonObject> &items)
{
    if (stream->namespaceName.isEmpty())
        m_cache.replaceAll(stream->kind, items);
    else
        m_cache.replaceNamespace(stream->kind, stream->namespaceName, items);
    stream->listed = true;
    stream->denied = false;
    if (isSynced() && !m_syncAnnounced) {
        maybeAnnounceSync();
        return;
    }
    // The namespaces alone already make rows (state "loading workloads").
    if (!m_syncAnnounced && stream->kind == EnvironmentSourceKind::Namespace && items.size() >= kEarlyRowsAt)
        flush();
    else
        scheduleFlush();
    updateConnectionText();
}

void EnvironmentWatcher::maybeAnnounceSync()
{
    if (m_syncAnnounced || !isSynced())
        return;
    m_syncAnnounced = true;
    // The first complete picture goes out at once, and rows the cluster no longer
    // has (after a refresh or a context switch) go away.
    flush();
    if (m_model) {
        QStringList environments;
        for (const QString &ns : m_cache.namespaceNames()) {
            if (EnvironmentBuilder::isEnvironment(m_cache.namespaceObject(ns)))
                environments.append(ns);
        }
        m_model->retainOnly(environments);
    }
    updateConnectionText();
    Q_EMIT synced();
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
    setError(stream->label() % u": "_s % result.message());
    pd::log::core()->warn("environment watch of {} failed: {}", pd::log::str(stream->label()),
                          pd::log::str(result.message()));
    if (!stream->listed && !stream->denied && isRefusal(result)) {
        // Refused, not broken: the other kinds and namespaces go ahead without it.
        stream->denied = true;
        maybeAnnounceSync();
    }
    updateConnectionText();
}

void EnvironmentWatcher::setError(const QString &text)
{
    m_lastError = text;
}

void EnvironmentWatcher::scheduleFlush()
{
    if (namespacesKnown() && !m_coalesce.isActive())
        m_coalesce.start();
}

void EnvironmentWatcher::flush()
{
    m_coalesce.stop();
    if (!m_model)
        return;
    if (!m_syncAnnounced) {
        // Still loading: new namespaces show at once with what is known, state Progressing;
        // rows already shown (a refresh) keep their last state. Nothing leaves the dirty
        // set, so the first complete flush rebuilds every namespace.
        QList<Environment> early;
        for (const QString &ns : m_cache.dirty()) {
            if (m_model->rowOf(ns) >= 0 || !m_cache.hasNamespace(ns))
                continue;
            std::optional<Environment> env = m_builder.build(m_cache.inputs(ns));
            if (!env)
                continue;
            if (env->state != EnvironmentState::Terminating && env->state != EnvironmentState::Expired) {
                env->state = EnvironmentState::Progressing;
                env->stateReason = tr("loading workloads");
            }
            early.append(*env);
        }
        // One batch: 10,000 first rows arrive in one rowsInserted, not 10,000.
        m_model->upsertAll(early);
        if (!early.isEmpty())
            Q_EMIT flushed(int(early.size()));
        return;
    }
    const QStringList dirty = m_cache.takeDirty();
    QList<Environment> built;
    built.reserve(dirty.size());
    for (const QString &ns : dirty) {
        std::optional<Environment> env =
                m_cache.hasNamespace(ns) ? m_builder.build(m_cache.inputs(ns)) : std::nullopt;
        if (env)
            built.append(std::move(*env));
        else
            m_model->remove(ns);
    }
    m_model->upsertAll(built);
    if (!dirty.isEmpty())
        Q_EMIT flushed(int(dirty.size()));
}

void EnvironmentWatcher::reevaluate()
{
    if (!m_probes.isEmpty())
        probeNamespaces();   // no watch on namespaces we may only GET: look again
    if (!m_model || !m_syncAnnounced)
        return;
    // Only states that time alone can change (deadlines, expiry) are rebuilt.
    const QDateTime now = m_builder.now();
    QStringList due;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (dependsOnTime(m_model->environment(row), now))
            due.append(m_model->environment(row).name);
    }
    for (const QString &ns : std::as_const(due)) {
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
            if (stream->listed || stream->denied)
                ++listed;
            if (stream->watch->state() == WatchStream::State::Reconnecting && reconnecting.isEmpty() && !stream->denied)
                reconnecting = stream->label() % u": "_s % stream->watch->stateReason();
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
        if (!m_lastError.isEmpty() && (live < total || !m_probeErrors.isEmpty()))
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
