// The abort handle and bindTo against the real sandbox over loopback: an aborted request
// resolves exactly once, at once, as Cancelled (on the wire, queued, waiting to retry);
// aborting a finished call changes nothing; no continuation runs after its context died.

#include "kube/apiclient.h"
#include "kube/bindto.h"
#include "sandbox/faultinjector.h"
#include "sandbox/sandboxcluster.h"

#include <QFutureWatcher>
#include <futurewait.h>

#include <QtTest>

using namespace Qt::StringLiterals;
using pd::kube::ApiCall;
using pd::kube::ApiResult;
using pd::kube::ResourceRef;
using pd::kube::Status;

namespace {

constexpr int kWaitMs = 30000;
const ResourceRef kStaging{QString(), u"v1"_s, u"namespaces"_s, QString(), u"staging"_s, {}};

// How often a future reported a result and finished, counted by a watcher.
struct Deliveries
{
    explicit Deliveries(const QFuture<ApiResult> &future)
    {
        QObject::connect(&watcher, &QFutureWatcherBase::resultReadyAt, &watcher, [this] { ++results; });
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &watcher, [this] { ++finished; });
        watcher.setFuture(future);
    }
    QFutureWatcher<ApiResult> watcher;
    int results = 0;
    int finished = 0;
};

} // namespace

class TestApiCall final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // The demo cluster, for its staging namespace; no controllers, nothing to wait for.
        pd::sandbox::SandboxOptions options;
        options.controllers = false;
        options.demo = true;
        QString error;
        QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
        pd::kube::ClusterEndpoint admin;
        admin.token = m_cluster.adminToken();
        admin.server = m_cluster.url();
        m_client = std::make_unique<pd::kube::ApiClient>(admin);
    }

    void cleanup() { m_cluster.faults()->reset(); }

    void abortOnTheWireCancelsOnce()
    {
        m_cluster.faults()->setLatency(std::chrono::milliseconds(2000));
        QSignalSpy finishedSignals(m_client.get(), &pd::kube::ApiClient::requestFinished);
        const ApiCall call = m_client->get(kStaging);
        Deliveries deliveries(call);
        int continuations = 0;
        Status seen;
        pd::bindTo(this, call, [&](const ApiResult &r) { ++continuations; seen = r.outcome(); });
        QTRY_COMPARE_WITH_TIMEOUT(m_client->inFlight(), 1, 5000);

        call.abort();
        QVERIFY(call.isFinished());   // at once, not when the server answers
        const ApiResult result = call.result();
        QVERIFY(!result.ok());
        QVERIFY(result.aborted());
        QCOMPARE(result.outcome().code, int(Status::Cancelled));
        QCOMPARE(result.outcome().level(), Status::Level::Cancelled);
        QVERIFY(!result.outcome().good());
        QVERIFY2(result.message().contains(u"cancelled"_s), qPrintable(result.message()));
        QCOMPARE(continuations, 1);
        QCOMPARE(seen.code, int(Status::Cancelled));
        QCOMPARE(m_client->inFlight(), 0);

        call.abort();   // a second abort does nothing
        // A later request goes through; by its answer the aborted one has had every chance to
        // deliver again.
        m_cluster.faults()->reset();
        QVERIFY(pd::test::waitFor<ApiResult>(m_client->get(kStaging), kWaitMs).ok());
        QCOMPARE(continuations, 1);
        QCOMPARE(deliveries.results, 1);
        QCOMPARE(deliveries.finished, 1);
        QCOMPARE(finishedSignals.size(), 2);
    }

    void abortQueuedNeverSends()
    {
        m_client->setMaxInFlight(1);
        m_cluster.faults()->setLatency(std::chrono::milliseconds(300));
        const ApiCall first = m_client->get(kStaging);
        const ApiCall second = m_client->get(kStaging);
        QCOMPARE(m_client->queued(), 1);
        second.abort();
        QCOMPARE(m_client->queued(), 0);
        QVERIFY(second.isFinished());
        QCOMPARE(second.result().outcome().code, int(Status::Cancelled));
        QCOMPARE(second.result().attempts, 0);   // never went out
        QVERIFY(pd::test::waitFor<ApiResult>(first, kWaitMs).ok());
        m_client->setMaxInFlight(32);
    }

    void abortWhileWaitingToRetry()
    {
        // Every request gets 429 with Retry-After: 1 s, so the client waits before resending.
        m_cluster.faults()->setTooManyRequests(1.0, 1);
        QSignalSpy finishedSignals(m_client.get(), &pd::kube::ApiClient::requestFinished);
        const ApiCall call = m_client->get(kStaging);
        Deliveries deliveries(call);
        QTRY_VERIFY_WITH_TIMEOUT(m_cluster.faults()->injectedCount() >= 1 && m_client->inFlight() == 0, 5000);
        QVERIFY(!call.isFinished());
        call.abort();
        QVERIFY(call.isFinished());
        QCOMPARE(call.result().outcome().code, int(Status::Cancelled));
        m_cluster.faults()->reset();
        // A slow request takes us past the retry's time (Retry-After: 1 s): the retry was
        // dropped, not sent, and nothing was delivered twice.
        m_cluster.faults()->setLatency(std::chrono::milliseconds(1500));
        QVERIFY(pd::test::waitFor<ApiResult>(m_client->get(kStaging), kWaitMs).ok());
        QCOMPARE(finishedSignals.size(), 2);   // the aborted call once, the slow one once
        QCOMPARE(deliveries.results, 1);
        QCOMPARE(deliveries.finished, 1);
    }

    void abortAfterTheAnswerChangesNothing()
    {
        const ApiCall call = m_client->get(kStaging);
        QVERIFY(pd::test::waitFor<ApiResult>(call, kWaitMs).ok());
        call.abort();
        QVERIFY(call.result().ok());
        QCOMPARE(call.result().outcome().code, int(Status::Success));
        QCOMPARE(call.result().outcome().httpCode, 200);
        ApiCall none;
        none.abort();   // a call without a request: nothing to abort
    }

    void noContinuationAfterItsContextDied()
    {
        m_cluster.faults()->setLatency(std::chrono::milliseconds(200));
        auto *context = new QObject;
        bool ran = false;
        const ApiCall call = m_client->get(kStaging);
        const QFuture<int> bound = pd::bindTo(context, call, [&ran](const ApiResult &) { ran = true; return 1; });
        delete context;
        QVERIFY(pd::test::waitFor<ApiResult>(call, kWaitMs).ok());   // the request itself completes
        QVERIFY(bound.isFinished());
        QVERIFY(bound.isCanceled());
        QVERIFY(!ran);
    }

    void continuationRunsWhileItsContextLives()
    {
        QObject context;
        const QFuture<QString> bound =
            pd::bindTo(&context, m_client->get(kStaging), [](const ApiResult &r) { return r.object[u"metadata"_s][u"name"_s].toString(); });
        QCOMPARE(pd::test::waitFor(bound, kWaitMs), u"staging"_s);
    }

private:
    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
};

QTEST_GUILESS_MAIN(TestApiCall)
#include "tst_apicall.moc"
