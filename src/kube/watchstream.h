#pragma once

#include "apirequest.h"
#include "apiresult.h"
#include "watcheventdecoder.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

QT_BEGIN_NAMESPACE
class QNetworkReply;
QT_END_NAMESPACE

namespace pd::kube {

class ApiClient;

// List-then-watch, as client-go's reflector: LIST (limit=500 pages), then WATCH from
// the list's resourceVersion with bookmarks; re-watch from the last seen version when
// the stream closes or drops (at once after a watch that worked, with backoff after
// failures and "very short watches"); re-LIST after 410 Expired and
// hand the consumer the full new list (resynced) to diff against what it holds.
class WatchStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WatchStream)
public:
    enum class State {
        Stopped,        // not started, or stop() called
        Connecting,     // first LIST in flight
        Live,           // watch stream open and reading
        Reconnecting,   // waiting to re-watch or re-list; stateReason() says why
    };
    Q_ENUM(State)

    // collection: a ResourceRef without name (namespace empty = all namespaces).
    WatchStream(ApiClient *client, const ResourceRef &collection, QObject *parent = nullptr);
    ~WatchStream() override;

    void setLabelSelector(const QString &selector) { m_labelSelector = selector; }
    void setFieldSelector(const QString &selector) { m_fieldSelector = selector; }
    void setPageSize(int limit) { m_pageSize = limit; }                  // default 500
    void setWatchTimeoutSeconds(int seconds) { m_watchTimeoutSeconds = seconds; }  // default 300 (+ jitter 0..x)
    // Backoff between failed attempts: min doubles up to max (defaults 800 ms, 30 s).
    void setBackoff(std::chrono::milliseconds min, std::chrono::milliseconds max);
    // A watch that ends sooner than this after its 200, without an event, counts as a
    // failure (client-go's "very short watch", default 1 s); a longer one, or one that
    // delivered, is re-opened at once and clears the backoff, however quiet its kind.
    void setShortWatchThreshold(std::chrono::milliseconds threshold) { m_shortWatch = threshold; }
    // Metadata only for LIST and WATCH (as=PartialObjectMetadataList).
    void setMetadataOnly(bool on) { m_metadataOnly = on; }
    // Applied to each listed item as its page arrives, so a long list holds only what the
    // consumer keeps (not whole objects until the last page). Watch events stay whole.
    void setItemProjection(std::function<QJsonObject(const QJsonObject &)> projection)
    {
        m_projection = std::move(projection);
    }

    void start();   // LIST then WATCH; restarts from scratch when already running
    void stop();    // closes the stream; no more signals

    State state() const { return m_state; }
    QString stateReason() const { return m_stateReason; }
    QString resourceVersion() const { return m_resourceVersion; }
    const ResourceRef &collection() const { return m_collection; }
    int relistCount() const { return m_relists; }
    // The wait before the next attempt after a failure (0: none pending, or it worked).
    std::chrono::milliseconds currentBackoff() const { return m_currentBackoff; }

    static QString stateText(State state);

Q_SIGNALS:
    // The complete current list: after the first LIST and after every re-list (410).
    void resynced(const QList<QJsonObject> &items, const QString &resourceVersion);
    // One watch event (ADDED, MODIFIED, DELETED, BOOKMARK); ERROR events are handled here.
    void eventReceived(const pd::kube::WatchEvent &event);
    // For a status line: "live", "reconnecting: connection dropped" ...
    void stateChanged(pd::kube::WatchStream::State state, const QString &reason);
    // A failed LIST or WATCH request (forbidden, unreachable); the stream keeps retrying.
    void requestFailed(const pd::kube::ApiResult &result);

private:
    void setState(State state, const QString &reason = {});
    void relist();
    void listPage(const QString &continueToken);
    void watch();
    void onReadyRead();
    void onWatchFinished();
    void handleEvent(const WatchEvent &event);
    void scheduleRetry(bool relistNeeded, const QString &reason, bool failure);
    void closeReply();

    QPointer<ApiClient> m_client;
    ResourceRef m_collection;
    QString m_labelSelector;
    QString m_fieldSelector;
    int m_pageSize = 500;
    int m_watchTimeoutSeconds = 300;
    bool m_metadataOnly = false;
    std::function<QJsonObject(const QJsonObject &)> m_projection;
    std::chrono::milliseconds m_minBackoff{800};
    std::chrono::milliseconds m_maxBackoff{30000};
    std::chrono::milliseconds m_currentBackoff{0};
    std::chrono::milliseconds m_shortWatch{1000};
    QElapsedTimer m_liveClock;           // since the open stream's 200; invalid before

    State m_state = State::Stopped;
    QString m_stateReason;
    QString m_resourceVersion;
    QList<QJsonObject> m_pending;        // items of the LIST in progress
    QPointer<QNetworkReply> m_reply;
    WatchEventDecoder m_decoder;         // lines of the open stream, partial ones between reads
    bool m_needRelist = false;           // set by an ERROR 410 event on the open stream
    quint64 m_generation = 0;            // bumps on start/stop to drop late answers
    int m_relists = 0;
    int m_eventsThisStream = 0;
    QTimer m_retryTimer;
};

} // namespace pd::kube
