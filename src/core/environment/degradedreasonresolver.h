#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>

namespace pd::kube {
class ApiClient;
}

namespace pd::core {

class EnvironmentModel;
struct NamespaceSnapshot;

// Finds out WHY an environment is not healthy without watching every pod of the
// cluster: for each row that is Degraded (or Progressing for longer than a grace
// period) it lists that one namespace's pods and events and writes the summary
// ("api: ImagePullBackOff (ghcr.io/acme/api:pr-42 not found)") into the model with
// EnvironmentModel::setPodProblems(), which judges the row's health with them (a pod
// failing past podFailureGrace makes it Degraded). Throttled: a few namespaces in flight at once, each
// checked again at most every recheck interval while it stays unhealthy. The problem
// is cleared when the row turns Healthy (or any state but Degraded/Progressing);
// removed rows are forgotten.
class DegradedReasonResolver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DegradedReasonResolver)
public:
    // Milliseconds of a monotonic clock (tests inject one).
    using Clock = std::function<qint64()>;

    // model and client are not owned; client may be nullptr (nothing is fetched).
    DegradedReasonResolver(EnvironmentModel *model, pd::kube::ApiClient *client, QObject *parent = nullptr);
    ~DegradedReasonResolver() override;

    void setClock(Clock clock);
    void setMaxInFlight(int count) { m_maxInFlight = std::max(1, count); }              // default 4
    void setRecheckInterval(std::chrono::milliseconds interval) { m_recheck = interval; }  // default 30 s
    void setProgressingGrace(std::chrono::milliseconds grace) { m_grace = grace; }       // default 20 s
    // How soon after a model change the rows are looked at (coalesces bursts).
    void setScanDelay(std::chrono::milliseconds delay);                                   // default 250 ms

    // Namespaces being fetched now / waiting for a slot.
    int inFlight() const { return m_inFlight; }
    int queued() const { return int(m_queue.size()); }
    // The rows being followed (unhealthy ones, and those whose problem is shown).
    int tracked() const { return int(m_entries.size()); }

Q_SIGNALS:
    // After a namespace was checked: the summary written (empty: no pod problem found).
    void resolved(const QString &namespaceName, const QString &problem);

private:
    struct Entry
    {
        qint64 progressingSince = -1;   // clock ms when first seen Progressing; -1: not
        qint64 lastChecked = -1;        // clock ms of the last fetch start; -1: never
        bool inFlight = false;
        bool queued = false;
    };

    void scheduleScan();
    void scan();
    bool wants(const Entry &entry, qint64 now) const;
    void pump();
    void fetch(const QString &name);
    void onFetched(const NamespaceSnapshot &snapshot);
    qint64 now() const;

    QPointer<EnvironmentModel> m_model;
    QPointer<pd::kube::ApiClient> m_client;
    Clock m_clock;
    int m_maxInFlight = 4;
    std::chrono::milliseconds m_recheck{30000};
    std::chrono::milliseconds m_grace{20000};   // well inside podFailureGrace
    QHash<QString, Entry> m_entries;
    QList<QString> m_queue;
    int m_inFlight = 0;
    QTimer m_scanTimer;      // coalesces model changes
    QTimer m_recheckTimer;   // wakes up when the next recheck or grace period is due
};

} // namespace pd::core
