// List-then-watch against a scripted loopback server: events split across reads,
// bookmarks, a dropped watch resumed from the last resourceVersion, a clean close
// re-watched, and 410 (ERROR event or HTTP answer) answered by a re-list.
#include "kube/apiclient.h"
#include "kube/watchstream.h"

#include "scriptedserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace pd::kube;
using namespace pd::test;
using namespace Qt::StringLiterals;

namespace {

const QString podsPath = u"/api/v1/namespaces/shop/pods"_s;
const ResourceRef pods{{}, u"v1"_s, u"pods"_s, u"shop"_s, {}, {}};

QJsonObject pod(const QString &name, const QString &rv)
{
    return QJsonObject{{"metadata"_L1, QJsonObject{{"name"_L1, name}, {"namespace"_L1, "shop"_L1}, {"resourceVersion"_L1, rv}}}};
}

QJsonObject podList(const QStringList &names, const QString &rv, const QString &continueToken = {})
{
    QJsonArray items;
    for (const QString &n : names)
        items.append(pod(n, rv));
    QJsonObject meta{{"resourceVersion"_L1, rv}};
    if (!continueToken.isEmpty())
        meta.insert("continue"_L1, continueToken);
    return QJsonObject{{"kind"_L1, "PodList"_L1}, {"apiVersion"_L1, "v1"_L1}, {"metadata"_L1, meta}, {"items"_L1, items}};
}

QByteArray watchEvent(const char *type, const QJsonObject &object)
{
    QJsonObject o = object;
    if (!o.contains("kind"_L1))
        o.insert("kind"_L1, "Pod"_L1);
    return QJsonDocument(QJsonObject{{"type"_L1, QLatin1StringView(type)}, {"object"_L1, o}}).toJson(QJsonDocument::Compact);
}

QByteArray expiredEvent()
{
    const QJsonObject status{{"kind"_L1, "Status"_L1}, {"apiVersion"_L1, "v1"_L1}, {"metadata"_L1, QJsonObject{}},
                             {"status"_L1, "Failure"_L1}, {"message"_L1, "too old resource version: 10 (25)"_L1},
                             {"reason"_L1, "Expired"_L1}, {"code"_L1, 410}};
    return QJsonDocument(QJsonObject{{"type"_L1, "ERROR"_L1}, {"object"_L1, status}}).toJson(QJsonDocument::Compact);
}

QList<RecordedRequest> watchRequests(const ScriptedServer &server)
{
    QList<RecordedRequest> out;
    const auto all = server.requests();
    for (const RecordedRequest &r : all) {
        if (r.queryValue(u"watch"_s) == "1"_L1)
            out.append(r);
    }
    return out;
}

} // namespace

class TestWatchStream final : public QObject
{
    Q_OBJECT

private:
    ScriptedServer *m_server = nullptr;
    ApiClient *m_client = nullptr;
    WatchStream *m_watch = nullptr;

    void makeWatch()
    {
        m_watch = new WatchStream(m_client, pods, this);
        m_watch->setBackoff(std::chrono::milliseconds(5), std::chrono::milliseconds(20));
        m_watch->setWatchTimeoutSeconds(60);
    }

private Q_SLOTS:
    void init()
    {
        m_server = new ScriptedServer(this);
        QVERIFY(m_server->listen());
        ClusterEndpoint endpoint;
        endpoint.server = m_server->url();
        endpoint.token = u"watch-token"_s;
        m_client = new ApiClient(endpoint, nullptr, this);
        RetryPolicy::Settings fast;
        fast.baseDelay = std::chrono::milliseconds(1);
        fast.maxDelay = std::chrono::milliseconds(2);
        m_client->setRetryPolicy(RetryPolicy(fast));
        makeWatch();
    }

    void cleanup()
    {
        delete m_watch;
        delete m_client;
        delete m_server;
        m_watch = nullptr;
        m_client = nullptr;
        m_server = nullptr;
    }

    void listsThenWatchesAndParsesEvents()
    {
        m_server->on("GET", podsPath, CannedResponse::json(200, podList({u"a"_s, u"b"_s}, u"10"_s)));
        m_server->on("GET", podsPath, CannedResponse::watchStream({watchEvent("ADDED", pod(u"c"_s, u"11"_s))}), u"watch=1"_s);
        QSignalSpy resynced(m_watch, &WatchStream::resynced);
        QSignalSpy events(m_watch, &WatchStream::eventReceived);
        QSignalSpy states(m_watch, &WatchStream::stateChanged);
        m_watch->setLabelSelector(u"app=web"_s);
        m_watch->start();

        QVERIFY(resynced.wait());
        const auto items = resynced.at(0).at(0).value<QList<QJsonObject>>();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).value("kind"_L1).toString(), u"Pod"_s);          // filled in from the list kind
        QCOMPARE(items.at(1).value("apiVersion"_L1).toString(), u"v1"_s);
        QCOMPARE(resynced.at(0).at(1).toString(), u"10"_s);

        QTRY_COMPARE(m_watch->state(), WatchStream::State::Live);
        QCOMPARE(states.at(0).at(0).value<WatchStream::State>(), WatchStream::State::Connecting);
        QTRY_COMPARE(events.size(), 1);
        QCOMPARE(events.at(0).at(0).value<WatchEvent>().type, WatchEvent::Type::Added);
        QCOMPARE(m_watch->resourceVersion(), u"11"_s);

        const RecordedRequest list = m_server->requests().at(0);
        QCOMPARE(list.queryValue(u"limit"_s), u"500"_s);
        QCOMPARE(list.queryValue(u"labelSelector"_s), u"app=web"_s);
        const RecordedRequest watch = watchRequests(*m_server).at(0);
        QCOMPARE(watch.queryValue(u"resourceVersion"_s), u"10"_s);
        QCOMPARE(watch.queryValue(u"allowWatchBookmarks"_s), u"true"_s);
        QCOMPARE(watch.queryValue(u"labelSelector"_s), u"app=web"_s);
        QVERIFY(watch.queryValue(u"timeoutSeconds"_s).toInt() >= 60);
        QCOMPARE(watch.header("Authorization"), QByteArray("Bearer watch-token"));

        // One event split across three chunks arrives once, whole.
        const QByteArray modified = watchEvent("MODIFIED", pod(u"a"_s, u"12"_s));
        m_server->pushRaw(modified.left(10));
        m_server->pushRaw(modified.mid(10, 15));
        m_server->pushRaw(modified.mid(25) + "\n" + watchEvent("DELETED", pod(u"b"_s, u"13"_s)) + "\n");
        QTRY_COMPARE(events.size(), 3);
        const WatchEvent m = events.at(1).at(0).value<WatchEvent>();
        QCOMPARE(m.type, WatchEvent::Type::Modified);
        QCOMPARE(m.object.value("metadata"_L1).toObject().value("name"_L1).toString(), u"a"_s);
        QCOMPARE(events.at(2).at(0).value<WatchEvent>().type, WatchEvent::Type::Deleted);

        // A bookmark moves the resourceVersion without touching objects.
        m_server->pushLine(watchEvent("BOOKMARK", QJsonObject{{"metadata"_L1, QJsonObject{{"resourceVersion"_L1, "40"_L1}}}}));
        QTRY_COMPARE(events.size(), 4);
        QCOMPARE(events.at(3).at(0).value<WatchEvent>().type, WatchEvent::Type::Bookmark);
        QCOMPARE(m_watch->resourceVersion(), u"40"_s);
        QCOMPARE(resynced.size(), 1);
    }

    void droppedWatchResumesFromLastVersion()
    {
        m_server->on("GET", podsPath, CannedResponse::json(200, podList({u"a"_s}, u"10"_s)));
        m_server->on("GET", podsPath, CannedResponse::watchStream(), u"watch=1"_s);
        QSignalSpy resynced(m_watch, &WatchStream::resynced);
        QSignalSpy events(m_watch, &WatchStream::eventReceived);
        QSignalSpy states(m_watch, &WatchStream::stateChanged);
        m_watch->start();
        QTRY_COMPARE(m_server->openStreams(), 1);
        QTRY_COMPARE(m_watch->state(), WatchStream::State::Live);
        m_server->pushLine(watchEvent("MODIFIED", pod(u"a"_s, u"17"_s)));
        QTRY_COMPARE(events.size(), 1);

        states.clear();
        m_server->dropStream();
        QTRY_COMPARE(watchRequests(*m_server).size(), 2);
        QCOMPARE(watchRequests(*m_server).at(1).queryValue(u"resourceVersion"_s), u"17"_s);
        QTRY_COMPARE(m_watch->state(), WatchStream::State::Live);
        QVERIFY(!states.isEmpty());
        QCOMPARE(states.at(0).at(0).value<WatchStream::State>(), WatchStream::State::Reconnecting);
        QVERIFY2(states.at(0).at(1).toString().startsWith(u"connection dropped"_s), qPrintable(states.at(0).at(1).toString()));
        QCOMPARE(m_server->count("GET", podsPath) - watchRequests(*m_server).size(), 1);   // no re-list
        QCOMPARE(resynced.size(), 1);

        // The resumed stream delivers.
        m_server->pushLine(watchEvent("ADDED", pod(u"z"_s, u"18"_s)));
        QTRY_COMPARE(events.size(), 2);
        QCOMPARE(m_watch->resourceVersion(), u"18"_s);
    }

    void quietWatchDroppedAgainAndAgainRewatchesAtOnce()
    {
        // A kind nobody changes: its watches deliver nothing, and its connections drop now
        // and then. Each drop re-watches at once, however many there were; with a backoff
        // the fourth re-watch would wait a minute.
        m_watch->setBackoff(std::chrono::minutes(1), std::chrono::minutes(1));
        m_watch->setShortWatchThreshold(std::chrono::milliseconds(0));
        m_server->on("GET", podsPath, CannedResponse::json(200, podList({u"a"_s}, u"10"_s)));
        m_server->on("GET", podsPath, CannedResponse::watchStream(), u"watch=1"_s);
        m_watch->start();
        for (int drop = 1; drop <= 4; ++drop) {
            QTRY_COMPARE(m_server->openStreams(), 1);
            QTRY_COMPARE(m_watch->state(), WatchStream::State::Live);
            m_server->dropStream();
            QTRY_COMPARE(watchRequests(*m_server).size(), drop + 1);
            QCOMPARE(watchRequests(*m_server).constLast().queryValue(u"resourceVersion"_s), u"10"_s);
            QCOMPARE(m_watch->currentBackoff(), std::chrono::milliseconds(0));
        }
    }

    void veryShortWatchBacksOff()
    {
        // A watch that ends at once without an event (a proxy that cuts every stream) is a
        // failure: the next attempt waits for the backoff instead of spinning.
        m_watch->setBackoff(std::chrono::minutes(1), std::chrono::minutes(1));
        m_watch->setShortWatchThreshold(std::chrono::minutes(1));
        m_server->on("GET", podsPath, CannedResponse::json(200, podList({u"a"_s}, u"10"_s)));
        m_server->on("GET", podsPath, CannedResponse::watchStream(), u"watch=1"_s);
        m_watch->start();
        QTRY_COMPARE(m_server->openStreams(), 1);
        QTRY_COMPARE(m_watch->state(), WatchStream::State::Live);
        m_server->dropStream();
        QTRY_COMPARE(m_watch->state(), WatchStream::State::Reconnecting);
        QCOMPARE(m_watch->currentBackoff(), std::chrono::milliseconds(std::chrono::minutes(1)));
        QCOMPARE(watchRequests(*m_server).size(), 1);
    }

    void cleanCloseRewatches()
    {
        m_server->on("GET", podsPath, CannedResponse::json(200, podList({}, u"5"_s)));
        m_server->on("GET", podsPath, CannedResponse::watchStream(), u"watch=1"_s);
        m_watch->start();
        QTRY_COMPARE(m_server->openStreams(), 1);
        m_server->pushLine(watchEvent("ADDED", pod(u"n"_s, u"6"_s)));
        QTRY_COMPARE(m_watch->resourceVersion(), u"6"_s);
        m_server->endStream();   // the server's timeoutSeconds ran out
        QTRY_COMPARE(watchRequests(*m_server).size(), 2);
        QCOMPARE(watchRequests(*m_server).at(1).queryValue(u"resourceVersion"_s), u"6"_s);
        QTRY_COMPARE(m_watch->state(), WatchStream::State::Live);
        QCOMPARE(m_watch->relistCount(), 0);
    }

    void expiredEventRelists()
    {
        m_server->on("GET", podsPath, {CannedResponse::json(200, podList({u"a"_s, u"b"_s}, u"10"_s)),
                                       CannedResponse::json(200, podList({u"b"_s, u"c"_s, u"d"_s}, u"30"_s))});
        m_server->on("GET", podsPath, CannedResponse::watchStream(), u"watch=1"_s);
        QSignalSpy resynced(m_watch, &WatchStream::resynced);
        QSignalSpy events(m_watch, &WatchStream::eventReceived);
        m_watch->start();
        QTRY_COMPARE(m_server->openStreams(), 1);
        m_server->pushLine(expiredEvent());
        QTRY_COMPARE(resynced.size(), 2);
        const auto fresh = resynced.at(1).at(0).value<QList<QJsonObject>>();
        QCOMPARE(fresh.size(), 3);
        QCOMPARE(resynced.at(1).at(1).toString(), u"30"_s);
        QCOMPARE(m_watch->relistCount(), 1);
        QCOMPARE(events.size(), 0);   // the ERROR event is handled, not forwarded
        QTRY_COMPARE(watchRequests(*m_server).size(), 2);
        QCOMPARE(watchRequests(*m_server).at(1).queryValue(u"resourceVersion"_s), u"30"_s);
        QTRY_COMPARE(m_watch->state(), WatchStream::State::Live);
    }

    void httpGoneOnWatchRelists()
    {
        m_server->on("GET", podsPath, {CannedResponse::json(200, podList({u"a"_s}, u"10"_s)),
                                       CannedResponse::json(200, podList({u"a"_s}, u"50"_s))});
        m_server->on("GET", podsPath,
                     {CannedResponse::kubeStatus(410, u"Gone"_s, u"too old resource version: 10 (50)"_s), CannedResponse::watchStream()},
                     u"watch=1"_s);
        QSignalSpy resynced(m_watch, &WatchStream::resynced);
        m_watch->start();
        QTRY_COMPARE(resynced.size(), 2);
        QCOMPARE(resynced.at(1).at(1).toString(), u"50"_s);
        QTRY_COMPARE(m_watch->state(), WatchStream::State::Live);
        QCOMPARE(watchRequests(*m_server).constLast().queryValue(u"resourceVersion"_s), u"50"_s);
    }

    void listPagesAndRetriesFailures()
    {
        m_server->on("GET", podsPath,
                     {CannedResponse::kubeStatus(403, u"Forbidden"_s,
                                                 u"pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" in the namespace \"shop\""_s),
                      CannedResponse::json(200, podList({u"a"_s, u"b"_s}, u"20"_s, u"more"_s))});
        m_server->on("GET", podsPath, CannedResponse::json(200, podList({u"c"_s}, u"20"_s)), u"continue=more"_s);
        m_server->on("GET", podsPath, CannedResponse::watchStream(), u"watch=1"_s);
        QSignalSpy resynced(m_watch, &WatchStream::resynced);
        QSignalSpy failures(m_watch, &WatchStream::requestFailed);
        QSignalSpy states(m_watch, &WatchStream::stateChanged);
        m_watch->start();
        QTRY_COMPARE(resynced.size(), 1);
        QCOMPARE(resynced.at(0).at(0).value<QList<QJsonObject>>().size(), 3);
        QCOMPARE(failures.size(), 1);
        QVERIFY(failures.at(0).at(0).value<ApiResult>().status.isForbidden());
        bool sawForbidden = false;
        for (const auto &s : std::as_const(states))
            sawForbidden = sawForbidden || s.at(1).toString().startsWith(u"pods is forbidden"_s);
        QVERIFY(sawForbidden);
        QTRY_COMPARE(m_watch->state(), WatchStream::State::Live);
    }

    void manyWatchesDoNotStarveRequests()
    {
        // Qt opens at most 6 HTTP/1.1 connections per host and manager; watches hold theirs.
        QList<WatchStream *> watches;
        for (int i = 0; i < 9; ++i) {
            const QString path = u"/api/v1/namespaces/ns%1/pods"_s.arg(i);
            m_server->on("GET", path, CannedResponse::json(200, podList({}, u"1"_s)));
            m_server->on("GET", path, CannedResponse::watchStream(), u"watch=1"_s);
            auto *w = new WatchStream(m_client, pods.inNamespace(u"ns%1"_s.arg(i)), m_watch);
            w->start();
            watches.append(w);
        }
        QTRY_COMPARE(m_server->openStreams(), 9);
        // The server counts a stream once it has answered; the client turns Live when
        // the answer's headers arrive, a moment later.
        for (WatchStream *w : std::as_const(watches))
            QTRY_COMPARE(w->state(), WatchStream::State::Live);
        m_server->on("GET", u"/version"_s, CannedResponse::json(200, QJsonObject{{"major"_L1, "1"_L1}}));
        QFuture<ApiResult> version = m_client->send(ApiRequest::raw(u"/version"_s));
        QTRY_VERIFY(version.isFinished());
        QVERIFY(version.result().ok());
    }

    void stopEndsEverything()
    {
        m_server->on("GET", podsPath, CannedResponse::json(200, podList({}, u"1"_s)));
        m_server->on("GET", podsPath, CannedResponse::watchStream(), u"watch=1"_s);
        QSignalSpy events(m_watch, &WatchStream::eventReceived);
        m_watch->start();
        QTRY_COMPARE(m_server->openStreams(), 1);
        m_watch->stop();
        QCOMPARE(m_watch->state(), WatchStream::State::Stopped);
        QTRY_COMPARE(m_server->openStreams(), 0);   // the client closed its side
        QCOMPARE(events.size(), 0);
        QCOMPARE(watchRequests(*m_server).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestWatchStream)
#include "tst_watchstream.moc"
