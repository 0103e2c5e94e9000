#pragma once

#include "groupresource.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <memory>
#include <vector>

namespace pd::sandbox {

struct ApiServerState;
struct RequestContext;
struct StoreEvent;

// The open watches: each keeps its HttpExchange and streams one JSON event per
// chunk ({"type":..,"object":..}\n) as the store changes; resumes from the store's
// event history, answers a too-old resourceVersion with one ERROR 410 event, sends
// BOOKMARKs when asked, and ends at timeoutSeconds.
class WatchHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WatchHub)
public:
    explicit WatchHub(ApiServerState *state);
    ~WatchHub() override;

    // Starts a watch for the request (answers it with an error or a stream).
    void start(RequestContext &context);
    void expireAll();
    int count() const;

private:
    struct Watch;
    void onChanged(const StoreEvent &event);
    void deliver(Watch *watch, const StoreEvent &event);
    void sendError(Watch *watch, int code, const QString &reason, const QString &message);
    void sendBookmark(Watch *watch, bool initialEventsEnd);
    void finish(Watch *watch, bool end);

    ApiServerState *m_state;
    QHash<GroupResource, QList<Watch *>> m_watches;
    // Finished watches live until the event loop comes back: a write that fails closes the
    // connection synchronously (peerClosed), while a replay or onChanged still holds the watch.
    std::vector<std::unique_ptr<Watch>> m_retired;
};

} // namespace pd::sandbox
