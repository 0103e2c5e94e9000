// ApiServer: watch streams, garbage collection, namespace termination.
#include "apitesthelper.h"

#include <QSignalSpy>
#include <QTest>

#include <chrono>

using namespace Qt::Literals::StringLiterals;
using namespace pd::sandbox;
using namespace pd::sandbox::test;

namespace {

QStringList types(const TestExchange &ex)
{
    QStringList out;
    for (const QJsonObject &e : ex.events())
        out << e.value(u"type"_s).toString();
    return out;
}

QString eventName(const QJsonObject &event)
{
    return event.value(u"object"_s).toObject().value(u"metadata"_s).toObject().value(u"name"_s).toString();
}

} // namespace

class TestApiServerWatch final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void watchFromNowSendsCurrentThenLive();
    void watchFromVersionReplays();
    void watchTooOldVersionExpires();
    void watchSelectorLeavingIsDeleted();
    void watchTimeoutEnds();
    void watchBookmarks();
    void expireAllWatches();
    void peerCloseRemovesWatch();
    void peerCloseDuringReplay();
    void dryRunEmitsNoEvent();

    void garbageCollectsDependents();
    void orphanKeepsDependents();
    void foregroundWaitsForDependents();
    void finalizerKeepsObject();
    void namespaceDeletion();
    void protectedNamespace();

private:
    std::unique_ptr<TestExchange> watch(const QString &target, int closeAfterChunks = 0)
    {
        auto ex = std::make_unique<TestExchange>(makeRequest("GET", target));
        ex->closeAfterChunks = closeAfterChunks;
        m_api->handle(ex.get());
        return ex;
    }
    QJsonObject createOwner();

    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<ApiServer> m_api;
};

void TestApiServerWatch::init()
{
    m_store = std::make_unique<ObjectStore>();
    m_api = std::make_unique<ApiServer>(m_store.get());
}

void TestApiServerWatch::cleanup()
{
    m_api.reset();
    m_store.reset();
}

void TestApiServerWatch::watchFromNowSendsCurrentThenLive()
{
    call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"a"_s));
    auto ex = watch(u"/api/v1/namespaces/default/configmaps?watch=1"_s);
    QCOMPARE(ex->status, 200);
    QVERIFY(ex->streaming);
    QCOMPARE(m_api->openWatchCount(), 1);
    QCOMPARE(types(*ex), QStringList{u"ADDED"_s});
    const Reply got = call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps/a"_s);
    QJsonObject o = got.json;
    o.insert(u"data"_s, QJsonObject{{u"x"_s, u"y"_s}});
    call(*m_api, "PUT", u"/api/v1/namespaces/default/configmaps/a"_s, o);
    call(*m_api, "DELETE", u"/api/v1/namespaces/default/configmaps/a"_s);
    call(*m_api, "POST", u"/api/v1/namespaces/kube-system/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"other"_s));
    QCOMPARE(types(*ex), (QStringList{u"ADDED"_s, u"MODIFIED"_s, u"DELETED"_s}));
    // Each event is one line in its own chunk.
    QCOMPARE(ex->chunks.size(), 3);
    QVERIFY(ex->chunks.first().endsWith('\n'));
}

void TestApiServerWatch::watchFromVersionReplays()
{
    const Reply first = call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"a"_s));
    const QString rv = first.metadata().value(u"resourceVersion"_s).toString();
    call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"b"_s));
    auto ex = watch(u"/api/v1/configmaps?watch=true&resourceVersion="_s + rv);
    QCOMPARE(types(*ex), QStringList{u"ADDED"_s});
    QCOMPARE(eventName(ex->events().first()), u"b"_s);
}

void TestApiServerWatch::watchTooOldVersionExpires()
{
    const Reply first = call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"a"_s));
    const QString rv = first.metadata().value(u"resourceVersion"_s).toString();
    call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"b"_s));
    m_api->compactHistory();
    auto ex = watch(u"/api/v1/configmaps?watch=1&resourceVersion="_s + rv);
    QCOMPARE(ex->status, 200);
    QCOMPARE(types(*ex), QStringList{u"ERROR"_s});
    const QJsonObject status = ex->events().first().value(u"object"_s).toObject();
    QCOMPARE(status.value(u"kind"_s).toString(), u"Status"_s);
    QCOMPARE(status.value(u"code"_s).toInt(), 410);
    QCOMPARE(status.value(u"reason"_s).toString(), u"Expired"_s);
    QVERIFY(status.value(u"message"_s).toString().startsWith(u"too old resource version: "_s + rv));
    QVERIFY(ex->ended);
    QCOMPARE(m_api->openWatchCount(), 0);
}

void TestApiServerWatch::watchSelectorLeavingIsDeleted()
{
    call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, podObject(u"p"_s, {{u"app"_s, u"web"_s}}));
    auto ex = watch(u"/api/v1/namespaces/default/pods?watch=1&labelSelector=app%3Dweb"_s);
    QCOMPARE(types(*ex), QStringList{u"ADDED"_s});
    callRaw(*m_api, "PATCH", u"/api/v1/namespaces/default/pods/p"_s, R"({"metadata":{"labels":{"app":"db"}}})",
            "application/merge-patch+json");
    callRaw(*m_api, "PATCH", u"/api/v1/namespaces/default/pods/p"_s, R"({"metadata":{"labels":{"app":"web"}}})",
            "application/merge-patch+json");
    QCOMPARE(types(*ex), (QStringList{u"ADDED"_s, u"DELETED"_s, u"ADDED"_s}));
    auto fields = watch(u"/api/v1/namespaces/default/pods?watch=1&fieldSelector=status.phase%3DPending"_s);
    QCOMPARE(types(*fields), QStringList{});
    auto bad = watch(u"/api/v1/namespaces/default/pods?watch=1&fieldSelector=spec.nope%3Dx"_s);
    QCOMPARE(bad->status, 400);
}

void TestApiServerWatch::watchTimeoutEnds()
{
    auto ex = watch(u"/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1"_s);
    QVERIFY(!ex->ended);
    QTRY_VERIFY_WITH_TIMEOUT(ex->ended, 3000);
    QCOMPARE(m_api->openWatchCount(), 0);
}

void TestApiServerWatch::watchBookmarks()
{
    m_api->setBookmarkInterval(std::chrono::milliseconds(20));
    auto ex = watch(u"/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true"_s);
    QTRY_VERIFY(types(*ex).contains(u"BOOKMARK"_s));
    const QJsonObject bookmark = ex->events().first().value(u"object"_s).toObject();
    QCOMPARE(bookmark.value(u"kind"_s).toString(), u"ConfigMap"_s);
    QCOMPARE(bookmark.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString(),
             QString::number(m_store->resourceVersion()));
    auto initial = watch(u"/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan"_s);
    QCOMPARE(initial->events().first().value(u"object"_s).toObject().value(u"metadata"_s).toObject()
                 .value(u"annotations"_s).toObject().value(u"k8s.io/initial-events-end"_s).toString(), u"true"_s);
}

void TestApiServerWatch::expireAllWatches()
{
    auto a = watch(u"/api/v1/namespaces/default/configmaps?watch=1"_s);
    auto b = watch(u"/apis/apps/v1/deployments?watch=1"_s);
    QCOMPARE(m_api->openWatchCount(), 2);
    m_api->expireAllWatches();
    QCOMPARE(m_api->openWatchCount(), 0);
    for (TestExchange *ex : {a.get(), b.get()}) {
        QVERIFY(ex->ended);
        QCOMPARE(types(*ex), QStringList{u"ERROR"_s});
        QCOMPARE(ex->events().first().value(u"object"_s).toObject().value(u"code"_s).toInt(), 410);
    }
}

void TestApiServerWatch::peerCloseRemovesWatch()
{
    auto ex = watch(u"/api/v1/namespaces/default/configmaps?watch=1"_s);
    QCOMPARE(m_api->openWatchCount(), 1);
    ex->closeByPeer();
    QCOMPARE(m_api->openWatchCount(), 0);
    auto other = watch(u"/api/v1/namespaces/default/configmaps?watch=1"_s);
    other.reset();   // exchange destroyed
    QCOMPARE(m_api->openWatchCount(), 0);
    call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"a"_s));
}

// A replay whose first write finds the connection gone: the watch is finished at once
// (the sandbox child crashed here under bench_soak's 429 storms, a use after free).
void TestApiServerWatch::peerCloseDuringReplay()
{
    const Reply first = call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"a"_s));
    const QString rv = first.metadata().value(u"resourceVersion"_s).toString();
    for (const QString &name : {u"b"_s, u"c"_s, u"d"_s})
        call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, name));
    auto ex = watch(u"/api/v1/configmaps?watch=1&allowWatchBookmarks=true&timeoutSeconds=30&resourceVersion="_s + rv, 1);
    QCOMPARE(ex->chunks.size(), 1);
    QCOMPARE(eventName(ex->events().first()), u"b"_s);
    QCOMPARE(m_api->openWatchCount(), 0);
    // Nothing more reaches the closed exchange, and the hub still serves new watches.
    call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"e"_s));
    QCOMPARE(ex->chunks.size(), 1);
    auto next = watch(u"/api/v1/configmaps?watch=1&resourceVersion="_s + rv);
    QCOMPARE(types(*next), (QStringList{u"ADDED"_s, u"ADDED"_s, u"ADDED"_s, u"ADDED"_s}));
    QCOMPARE(m_api->openWatchCount(), 1);
}

void TestApiServerWatch::dryRunEmitsNoEvent()
{
    auto ex = watch(u"/api/v1/namespaces/default/configmaps?watch=1"_s);
    call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps?dryRun=All"_s, object(u"v1"_s, u"ConfigMap"_s, u"a"_s));
    QCOMPARE(ex->chunks.size(), 0);
}

QJsonObject TestApiServerWatch::createOwner()
{
    const Reply owner = call(*m_api, "POST", u"/apis/apps/v1/namespaces/default/replicasets"_s,
                             object(u"apps/v1"_s, u"ReplicaSet"_s, u"web-abc"_s, {{u"spec"_s, QJsonObject{{u"replicas"_s, 1}}}}));
    for (const QString &name : {u"web-abc-1"_s, u"web-abc-2"_s}) {
        QJsonObject pod = podObject(name);
        QJsonObject meta = pod.value(u"metadata"_s).toObject();
        meta.insert(u"ownerReferences"_s, QJsonArray{QJsonObject{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"ReplicaSet"_s},
                                                                 {u"name"_s, u"web-abc"_s}, {u"uid"_s, owner.metadata().value(u"uid"_s)},
                                                                 {u"controller"_s, true}, {u"blockOwnerDeletion"_s, true}}});
        pod.insert(u"metadata"_s, meta);
        call(*m_api, "POST", u"/api/v1/namespaces/default/pods"_s, pod);
    }
    return owner.json;
}

void TestApiServerWatch::garbageCollectsDependents()
{
    createOwner();
    QCOMPARE(call(*m_api, "DELETE", u"/apis/apps/v1/namespaces/default/replicasets/web-abc"_s).status, 200);
    QTRY_COMPARE(call(*m_api, "GET", u"/api/v1/namespaces/default/pods"_s).items().size(), 0);
}

void TestApiServerWatch::orphanKeepsDependents()
{
    createOwner();
    const Reply r = call(*m_api, "DELETE", u"/apis/apps/v1/namespaces/default/replicasets/web-abc?propagationPolicy=Orphan"_s);
    QCOMPARE(r.status, 200);
    QTRY_COMPARE(call(*m_api, "GET", u"/apis/apps/v1/namespaces/default/replicasets/web-abc"_s).status, 404);
    const Reply pods = call(*m_api, "GET", u"/api/v1/namespaces/default/pods"_s);
    QCOMPARE(pods.items().size(), 2);
    QVERIFY(!pods.items().first().toObject().value(u"metadata"_s).toObject().contains(u"ownerReferences"_s));
}

void TestApiServerWatch::foregroundWaitsForDependents()
{
    createOwner();
    const Reply r = call(*m_api, "DELETE", u"/apis/apps/v1/namespaces/default/replicasets/web-abc"_s,
                         QJsonObject{{u"kind"_s, u"DeleteOptions"_s}, {u"apiVersion"_s, u"v1"_s}, {u"propagationPolicy"_s, u"Foreground"_s}});
    QCOMPARE(r.status, 200);
    QVERIFY(r.metadata().contains(u"deletionTimestamp"_s));
    QVERIFY(r.metadata().value(u"finalizers"_s).toArray().contains(u"foregroundDeletion"_s));
    QTRY_COMPARE(call(*m_api, "GET", u"/apis/apps/v1/namespaces/default/replicasets/web-abc"_s).status, 404);
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/default/pods"_s).items().size(), 0);
}

void TestApiServerWatch::finalizerKeepsObject()
{
    QJsonObject cm = object(u"v1"_s, u"ConfigMap"_s, u"held"_s);
    cm.insert(u"metadata"_s, QJsonObject{{u"name"_s, u"held"_s}, {u"finalizers"_s, QJsonArray{u"example.com/x"_s}}});
    call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, cm);
    const Reply del = call(*m_api, "DELETE", u"/api/v1/namespaces/default/configmaps/held"_s);
    QCOMPARE(del.status, 200);
    QVERIFY(del.metadata().contains(u"deletionTimestamp"_s));
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps/held"_s).status, 200);
    const Reply patched = callRaw(*m_api, "PATCH", u"/api/v1/namespaces/default/configmaps/held"_s,
                                  R"([{"op":"remove","path":"/metadata/finalizers"}])", "application/json-patch+json");
    QCOMPARE(patched.status, 200);
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps/held"_s).status, 404);
}

void TestApiServerWatch::namespaceDeletion()
{
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces"_s, namespaceObject(u"pr-42"_s)).status, 201);
    const Reply ns = call(*m_api, "GET", u"/api/v1/namespaces/pr-42"_s);
    QCOMPARE(ns.json.value(u"status"_s).toObject().value(u"phase"_s).toString(), u"Active"_s);
    QCOMPARE(ns.json.value(u"spec"_s).toObject().value(u"finalizers"_s).toArray(), QJsonArray{u"kubernetes"_s});
    call(*m_api, "POST", u"/api/v1/namespaces/pr-42/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"a"_s));
    createOwner();
    call(*m_api, "POST", u"/api/v1/namespaces/pr-42/pods"_s, podObject(u"p"_s));
    auto nsWatch = watch(u"/api/v1/namespaces?watch=1&fieldSelector=metadata.name%3Dpr-42"_s);

    const Reply del = call(*m_api, "DELETE", u"/api/v1/namespaces/pr-42"_s);
    QCOMPARE(del.status, 200);
    QCOMPARE(del.json.value(u"status"_s).toObject().value(u"phase"_s).toString(), u"Terminating"_s);
    const Reply forbidden = call(*m_api, "POST", u"/api/v1/namespaces/pr-42/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"b"_s));
    QCOMPARE(forbidden.status, 403);
    QCOMPARE(forbidden.reason(), u"Forbidden"_s);
    QCOMPARE(forbidden.message(), u"unable to create new content in namespace pr-42 because it is being terminated"_s);
    QTRY_COMPARE(call(*m_api, "GET", u"/api/v1/namespaces/pr-42"_s).status, 404);
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/pr-42/configmaps"_s).items().size(), 0);
    QCOMPARE(types(*nsWatch).last(), u"DELETED"_s);
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/default/pods"_s).items().size(), 2);   // other namespaces untouched
}

void TestApiServerWatch::protectedNamespace()
{
    const Reply r = call(*m_api, "DELETE", u"/api/v1/namespaces/kube-system"_s);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.message(), u"namespaces \"kube-system\" is forbidden: this namespace may not be deleted"_s);
}

QTEST_GUILESS_MAIN(TestApiServerWatch)
#include "tst_apiserverwatch.moc"
