// WatchStream against the sandbox through forced 410 Expired (bench_soak's fault): after
// every expiry the stream's view (its resync plus the events since) equals the store.
// Changes land at the awkward moments: right after the expiry, before the client has
// reacted; between the pages of the re-list, with a second compaction and another paged
// list there.
#include "kube/apiclient.h"
#include "kube/watchstream.h"
#include "sandbox/faultinjector.h"
#include "sandbox/httpexchange.h"
#include "sandbox/objectstore.h"
#include "sandbox/sandboxcluster.h"

#include "apitesthelper.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const pd::sandbox::GroupResource kConfigMaps{QString(), u"configmaps"_s};

QString rvOf(const QJsonObject &o)
{
    return o.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString();
}

QString nameOf(const QJsonObject &o)
{
    return o.value(u"metadata"_s).toObject().value(u"name"_s).toString();
}

} // namespace

class TestWatchStreamExpiry final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void changesAroundAnExpiry();
    void compactionBetweenRelistPages();

private:
    // name -> resourceVersion, as the store holds the configmaps of "default".
    QMap<QString, QString> truth() const;
    void write(const QString &name, const QString &value);
    void startStream();

    std::unique_ptr<pd::sandbox::SandboxCluster> m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
    std::unique_ptr<pd::kube::WatchStream> m_stream;
    QMap<QString, QString> m_view;   // what the stream's consumer holds
    int m_resyncs = 0;
};

void TestWatchStreamExpiry::init()
{
    m_cluster = std::make_unique<pd::sandbox::SandboxCluster>();
    pd::sandbox::SandboxOptions options;
    options.controllers = false;
    QString error;
    QVERIFY2(m_cluster->start(options, &error), qPrintable(error));
    pd::kube::ClusterEndpoint endpoint;
    endpoint.server = m_cluster->url();
    endpoint.token = m_cluster->adminToken();
    m_client = std::make_unique<pd::kube::ApiClient>(endpoint);
    for (int i = 0; i < 7; ++i)
        write(u"cm-%1"_s.arg(i), u"0"_s);
}

void TestWatchStreamExpiry::cleanup()
{
    m_stream.reset();
    m_client.reset();
    m_cluster.reset();
    m_view.clear();
    m_resyncs = 0;
}

QMap<QString, QString> TestWatchStreamExpiry::truth() const
{
    QMap<QString, QString> out;
    for (const pd::sandbox::StoredObjectPtr &e : m_cluster->store()->entries(kConfigMaps, u"default"_s))
        out.insert(e->name, QString::number(e->resourceVersion));
    return out;
}

void TestWatchStreamExpiry::write(const QString &name, const QString &value)
{
    pd::sandbox::ObjectStore *store = m_cluster->store();
    const QJsonObject data{{u"v"_s, value}};
    if (store->entry(kConfigMaps, u"default"_s, name)) {
        QVERIFY(store->modify(kConfigMaps, u"default"_s, name, [&](QJsonObject &o) {
                         o.insert(u"data"_s, data);
                         return true;
                     }).ok());
        return;
    }
    const QJsonObject object{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s},
                             {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, u"default"_s}}},
                             {u"data"_s, data}};
    QVERIFY(store->create(kConfigMaps, object).ok());
}

void TestWatchStreamExpiry::startStream()
{
    m_stream = std::make_unique<pd::kube::WatchStream>(
            m_client.get(), pd::kube::ResourceRef{QString(), u"v1"_s, u"configmaps"_s, u"default"_s, {}, {}});
    m_stream->setPageSize(3);   // 7 objects: every (re-)list takes three pages
    m_stream->setBackoff(std::chrono::milliseconds(10), std::chrono::milliseconds(50));
    connect(m_stream.get(), &pd::kube::WatchStream::resynced, this, [this](const QList<QJsonObject> &items) {
        ++m_resyncs;
        m_view.clear();
        for (const QJsonObject &o : items)
            m_view.insert(nameOf(o), rvOf(o));
    });
    connect(m_stream.get(), &pd::kube::WatchStream::eventReceived, this, [this](const pd::kube::WatchEvent &e) {
        if (e.type == pd::kube::WatchEvent::Type::Deleted)
            m_view.remove(nameOf(e.object));
        else if (e.type != pd::kube::WatchEvent::Type::Bookmark)
            m_view.insert(nameOf(e.object), rvOf(e.object));
    });
    m_stream->start();
    QTRY_COMPARE(m_stream->state(), pd::kube::WatchStream::State::Live);
    QCOMPARE(m_view, truth());
}

void TestWatchStreamExpiry::changesAroundAnExpiry()
{
    startStream();
    for (int round = 1; round <= 5; ++round) {
        write(u"cm-1"_s, QString::number(round));
        m_cluster->faults()->forceExpired();
        // Before the client has read its ERROR: these are in no history it can resume from.
        write(u"cm-2"_s, QString::number(round));
        write(u"cm-new-%1"_s.arg(round), u"0"_s);
        const QString gone = round == 1 ? u"cm-3"_s : u"cm-new-%1"_s.arg(round - 1);
        QVERIFY(m_cluster->store()->remove(kConfigMaps, u"default"_s, gone).ok());
        QTRY_COMPARE(m_stream->relistCount(), round);
        QTRY_COMPARE(m_stream->state(), pd::kube::WatchStream::State::Live);
        write(u"cm-0"_s, QString::number(round));   // after the re-list: from the new watch
        QTRY_COMPARE(m_view, truth());
    }
}

void TestWatchStreamExpiry::compactionBetweenRelistPages()
{
    startStream();
    // At the first continued page of the re-list: a change, another forced expiry, a change.
    bool armed = false;
    int hits = 0;
    m_cluster->faults()->setRequestFault([&](const pd::sandbox::HttpRequest &request) {
        if (!armed || !request.query.hasQueryItem(u"continue"_s))
            return false;
        armed = false;
        ++hits;
        // No write since page 1: the token's version is exactly the compacted one. Another
        // paged list then takes a snapshot, which once had the token's number (bench_soak's
        // fresh watcher lists right after each 410).
        m_cluster->faults()->forceExpired();
        const pd::sandbox::test::Reply other = pd::sandbox::test::call(
                *m_cluster->api(), "GET", u"/api/v1/namespaces?limit=1"_s, {}, "application/json",
                {{"authorization", "Bearer " + m_cluster->adminToken().toUtf8()}});
        if (!other.metadata().contains(u"continue"_s))
            qWarning("the other list was not paged");
        write(u"cm-6"_s, u"between-pages"_s);
        return false;   // the page itself is served: its snapshot is gone, 410
    });
    armed = true;
    const int before = m_resyncs;
    m_cluster->faults()->forceExpired();
    QTRY_COMPARE(hits, 1);
    QTRY_COMPARE(m_stream->state(), pd::kube::WatchStream::State::Live);
    QTRY_COMPARE(m_view, truth());
    QCOMPARE(m_resyncs, before + 1);   // the broken list was started over, never handed out
    write(u"cm-5"_s, u"after"_s);
    QTRY_COMPARE(m_view, truth());
}

QTEST_GUILESS_MAIN(TestWatchStreamExpiry)
#include "tst_watchstreamexpiry.moc"
