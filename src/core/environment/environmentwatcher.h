#pragma once

#include "environmentbuilder.h"
#include "environmentcache.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <memory>

namespace pd::kube {
class ApiClient;
class WatchStream;
struct WatchEvent;
struct ApiResult;
} // namespace pd::kube

namespace pd::core {

class EnvironmentModel;

// Keeps an EnvironmentModel in step with a cluster: list-then-watch of namespaces
// (metadata only), deployments, statefulsets, ingresses and resourcequotas across all
// namespaces, or in the namespaces named by setNamespaces(). Events land in an
// EnvironmentCache; a short timer coalesces bursts, then every touched namespace is
// rebuilt and folded into the model (upsert/remove, no reset). Rows appear as soon as
// the namespaces are known (state Progressing, "loading workloads") and take their
// real state once every kind is listed. A slower tick re-evaluates time-dependent
// states (expiry, stuck rollouts).
class EnvironmentWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentWatcher)
public:
    // client and model are not owned and must outlive the watcher.
    EnvironmentWatcher(pd::kube::ApiClient *client, EnvironmentModel *model,
                       EnvironmentBuilder builder = EnvironmentBuilder(), QObject *parent = nullptr);
    ~EnvironmentWatcher() override;

    void setCoalesceInterval(std::chrono::milliseconds interval);   // default 100 ms
    void setReevaluateInterval(std::chrono::milliseconds interval); // default 30 s
    // Items per LIST page of every stream (default 500, as client-go). Takes effect on start().
    void setPageSize(int limit);

    // Which namespaces to watch. Empty (the default): cluster-wide list+watch of every
    // kind. Non-empty, for users who may not list namespaces: a list+watch of each kind
    // in each named namespace plus a GET of each Namespace object (again on every
    // re-evaluation tick). A 403/404 on one namespace shows in lastError() and
    // connectionText() and does not hold the others back. Takes effect on start().
    void setNamespaces(const QStringList &names);
    QStringList namespaces() const { return m_namespaces; }

    void start();
    void stop();
    // Drops what is held and lists everything again (F5).
    void refresh();

    bool isRunning() const { return !m_streams.empty(); }
    // Every stream has delivered its first complete list (or was refused for good).
    bool isSynced() const;
    // One line for a status bar: "Live", "Connecting (2/5 lists)", "Reconnecting: ..."
    QString connectionText() const;
    // The last failure of any stream or namespace (forbidden, unreachable, not found),
    // in plain words; empty when none.
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    void connectionTextChanged(const QString &text);
    // After the first complete list of every kind has been folded into the model.
    void synced();
    // After each flush into the model: how many namespaces were rebuilt.
    void flushed(int namespaces);

private:
    struct Stream;
    enum class Probe { Pending, Found, Failed };
    void addStream(EnvironmentSourceKind kind, const QString &group, const QString &resource,
                   const QString &namespaceName = {});
    void onResynced(Stream *stream, const QList<QJsonObject> &items);
    void onEvent(Stream *stream, const pd::kube::WatchEvent &event);
    void onFailed(Stream *stream, const pd::kube::ApiResult &result);
    void probeNamespaces();
    void onProbed(const QString &name, const pd::kube::ApiResult &result);
    void maybeAnnounceSync();
    bool namespacesKnown() const;
    void scheduleFlush();
    void flush();
    void reevaluate();
    void setError(const QString &text);
    void updateConnectionText();

    QPointer<pd::kube::ApiClient> m_client;
    QPointer<EnvironmentModel> m_model;
    EnvironmentBuilder m_builder;
    EnvironmentCache m_cache;
    std::vector<std::unique_ptr<Stream>> m_streams;
    QHash<QString, Probe> m_probes;           // per-namespace mode: namespace -> its GET
    QHash<QString, QString> m_probeErrors;    // namespace -> why it could not be read
    QTimer m_coalesce;
    QTimer m_reevaluate;
    QString m_connectionText;
    QString m_lastError;
    QStringList m_namespaces;
    int m_pageSize = 500;
    quint64 m_generation = 0;                 // bumps on start/stop to drop late answers
    bool m_syncAnnounced = false;
};

} // namespace pd::core
