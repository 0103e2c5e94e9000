#pragma once

#include "environmentbuilder.h"
#include "environmentcache.h"

#include <QList>
#include <QObject>
#include <QPointer>
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

// Keeps an EnvironmentModel in step with a cluster: list-then-watch of namespaces,
// deployments, statefulsets, ingresses and resourcequotas across all namespaces.
// Events land in an EnvironmentCache; a short timer coalesces bursts, then every
// touched namespace is rebuilt and folded into the model (upsert/remove, no reset).
// A slower tick re-evaluates time-dependent states (expiry, stuck rollouts).
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

    void start();
    void stop();
    // Drops what is held and lists everything again (F5).
    void refresh();

    bool isRunning() const { return !m_streams.empty(); }
    // Every stream has delivered its first complete list.
    bool isSynced() const;
    // One line for a status bar: "Live", "Connecting (2/5 lists)", "Reconnecting: ..."
    QString connectionText() const;
    // The last failure of any stream (forbidden, unreachable), empty when none.
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    void connectionTextChanged(const QString &text);
    // After the first complete list of every kind has been folded into the model.
    void synced();
    // After each flush into the model: how many namespaces were rebuilt.
    void flushed(int namespaces);

private:
    struct Stream;
    void addStream(EnvironmentSourceKind kind, const QString &group, const QString &resource);
    void onResynced(Stream *stream, const QList<QJsonObject> &items);
    void onEvent(Stream *stream, const pd::kube::WatchEvent &event);
    void onFailed(Stream *stream, const pd::kube::ApiResult &result);
    void scheduleFlush();
    void flush();
    void reevaluate();
    void updateConnectionText();

    QPointer<pd::kube::ApiClient> m_client;
    QPointer<EnvironmentModel> m_model;
    EnvironmentBuilder m_builder;
    EnvironmentCache m_cache;
    std::vector<std::unique_ptr<Stream>> m_streams;
    QTimer m_coalesce;
    QTimer m_reevaluate;
    QString m_connectionText;
    QString m_lastError;
    bool m_syncAnnounced = false;
};

} // namespace pd::core
