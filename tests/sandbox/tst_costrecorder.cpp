// CostSampler and CostRecorder against the embedded sandbox with the demo environments:
// a snapshot of running containers and labels, failures said in plain words (403 naming the
// permission, metrics-server missing), and samples recorded on a timer into a history.
#include "core/cost/costhistory.h"
#include "core/cost/costrecorder.h"
#include "core/cost/costsampler.h"
#include "core/cost/coststore.h"

#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "core/session/session.h"
#include "kube/apiclient.h"
#include "sandbox/faultinjector.h"
#include "sandbox/httpexchange.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace pd::core;
using namespace Qt::StringLiterals;

class TestCostRecorder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        pd::sandbox::SandboxOptions options;
        options.demo = true;
        QString error;
        QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
        m_admin = client(m_cluster.adminToken());
    }

    void cleanup() { m_cluster.faults()->reset(); }

    void snapshotOfRunningContainers()
    {
        CostSampler sampler(m_admin.get());
        CostSnapshot snapshot;
        // The demo's pods become Running through the controllers.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                snapshot = take(sampler);
                return snapshot.ok && !snapshot.samples.isEmpty();
            }(),
            30000);
        QVERIFY(snapshot.warnings.isEmpty());
        QVERIFY(snapshot.timestampMs > 0);
        for (const UsageSample &s : snapshot.samples) {
            QCOMPARE(s.timestampMs, snapshot.timestampMs);
            QVERIFY(!s.namespaceName.isEmpty() && !s.pod.isEmpty() && !s.container.isEmpty());
        }
        QVERIFY(snapshot.roleByNamespace.values().contains(u"preview"_s));
        QVERIFY(!snapshot.ownerByNamespace.isEmpty());

        // One namespace only.
        const QString ns = snapshot.samples.first().namespaceName;
        sampler.setNamespace(ns);
        const CostSnapshot one = take(sampler);
        QVERIFY2(one.ok, qPrintable(one.error));
        for (const UsageSample &s : one.samples)
            QCOMPARE(s.namespaceName, ns);
    }

    void snapshotIsDecodedOffTheCallersThread()
    {
        CostSampler sampler(m_admin.get());
        QFuture<CostSnapshot> future = sampler.sample();
        // Attached before any answer can arrive (they need this thread's event loop): it runs
        // where the snapshot was finished.
        QThread *finishedIn = nullptr;
        QFuture<void> seen = future.then(QtFuture::Launch::Sync, [&finishedIn](const CostSnapshot &) {
            finishedIn = QThread::currentThread();
        });
        QTRY_VERIFY_WITH_TIMEOUT(seen.isFinished(), 15000);
        QVERIFY2(future.result().ok, qPrintable(future.result().error));
        QVERIFY(finishedIn);
        QVERIFY(finishedIn != QThread::currentThread());
    }

    void forbiddenNamesThePermission()
    {
        const auto nobody = client(m_cluster.mintToken(u"nobody"_s, {}));
        CostSampler sampler(nobody.get());
        const CostSnapshot snapshot = take(sampler);
        QVERIFY(!snapshot.ok);
        QVERIFY2(snapshot.error.startsWith(u"not allowed to list pods in all namespaces: the account needs the "
                                           u"\"list\" permission on pods"_s),
                 qPrintable(snapshot.error));
    }

    void metricsServerMissing()
    {
        m_cluster.faults()->setRequestFault(
            [](const pd::sandbox::HttpRequest &request) { return request.path.startsWith(u"/apis/metrics.k8s.io"_s); }, 404);
        CostSampler sampler(m_admin.get());
        const CostSnapshot snapshot = take(sampler);
        QVERIFY(!snapshot.ok);
        QVERIFY2(snapshot.error.startsWith(u"metrics.k8s.io is not served by this cluster: install metrics-server"_s),
                 qPrintable(snapshot.error));
    }

    void recorderSamplesIntoTheHistory()
    {
        QTemporaryDir dir;
        CostStore store;
        const CostStoreStatus opened = store.open(dir.filePath(u"h.sqlite"_s)).result();
        QVERIFY2(opened.ok, qPrintable(opened.error));
        CostRecorder recorder(m_admin.get(), &store, std::chrono::milliseconds(200));
        recorder.setRetentionDays(30);
        QSignalSpy recorded(&recorder, &CostRecorder::recorded);
        QSignalSpy failed(&recorder, &CostRecorder::failed);
        recorder.start();
        QVERIFY(recorder.isRunning());
        QVERIFY(!recorder.sampleNow());   // the first sample is still out
        QTRY_VERIFY_WITH_TIMEOUT(recorded.size() >= 2, 15000);
        recorder.stop();
        QVERIFY(!recorder.isRunning());
        QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        QVERIFY(recorded.at(0).at(1).toInt() > 0);   // containers
        const qint64 first = recorded.at(0).at(0).toLongLong();
        const CostCoverage coverage = store.coverage(first, first + 3600 * 1000).result();
        QVERIFY(coverage.sampleTimes >= 2);
        const qint64 end = first + 3600 * 1000;
        QVERIFY(!store.run([first, end](CostHistory &history) { return history.input(first, end); })
                         .result().samples.isEmpty());
    }

    void recorderReportsFailures()
    {
        QTemporaryDir dir;
        CostStore store;
        QVERIFY(store.open(dir.filePath(u"h.sqlite"_s)).result().ok);
        const auto nobody = client(m_cluster.mintToken(u"nobody"_s, {}));
        CostRecorder recorder(nobody.get(), &store);
        QSignalSpy failed(&recorder, &CostRecorder::failed);
        QVERIFY(recorder.sampleNow());
        QVERIFY(failed.wait(15000));
        QVERIFY(failed.at(0).at(0).toString().contains(u"not allowed to list pods"_s));
        QCOMPARE(store.coverage(0, std::numeric_limits<qint64>::max()).result().sampleTimes, 0);
        QVERIFY(!recorder.isSampling());
    }

    void recorderGoneBeforeTheAnswer()
    {
        QTemporaryDir dir;
        CostStore store;
        QVERIFY(store.open(dir.filePath(u"h.sqlite"_s)).result().ok);
        auto recorder = std::make_unique<CostRecorder>(m_admin.get(), &store);
        QVERIFY(recorder->sampleNow());
        recorder.reset();
        // The answer lands nowhere; the client goes idle and nothing was recorded.
        QTRY_COMPARE_WITH_TIMEOUT(m_admin->inFlight() + m_admin->queued(), 0, 15000);
        QCOMPARE(store.coverage(0, std::numeric_limits<qint64>::max()).result().sampleTimes, 0);
    }

    // The browser's cost column comes from the store's thread; a row that appears later
    // takes the last answer at once, without another computation.
    void sessionFillsTheCostColumn()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"h.sqlite"_s);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 interval = 5 * 60 * 1000;
        {
            CostHistory history;
            QVERIFY2(history.open(path), qPrintable(history.error()));
            for (qint64 t = now - 3600 * 1000; t < now; t += interval)
                QVERIFY(history.record(t, {UsageSample{t, u"pr-late"_s, u"web-0"_s, u"web"_s, u"web"_s, 0.1, 1e8, 0.5, 2.5e8}},
                                       {}, {}, {}, interval));
        }
        pd::core::Session session(pd::sandbox::adminEndpoint(m_cluster), u"sandbox"_s);
        QSignalSpy updated(&session, &pd::core::Session::costColumnUpdated);
        session.start();
        session.enableCostRecording(path);
        QVERIFY(updated.wait(15000));
        QVERIFY(session.costStore());
        QCOMPARE(session.costHistoryPath(), path);
        pd::core::EnvironmentModel *model = session.model();
        QTRY_VERIFY_WITH_TIMEOUT(session.watcher()->isSynced(), 15000);
        QCOMPARE(model->rowOf(u"pr-late"_s), -1);

        const QString yaml = dir.filePath(u"late.yaml"_s);
        QFile file(yaml);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: pr-late\n  labels:\n"
                   "    previewdesk.io/role: preview\n    app.kubernetes.io/managed-by: previewdesk\n");
        file.close();
        QString error;
        QVERIFY2(m_cluster.loadFile(yaml, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(u"pr-late"_s) >= 0, 15000);
        // In the same call that inserted the row.
        const std::optional<double> perDay = model->extras(model->rowOf(u"pr-late"_s)).costPerDay;
        QVERIFY(perDay.has_value());
        QVERIFY(*perDay > 0);
    }

private:
    std::unique_ptr<pd::kube::ApiClient> client(const QString &token)
    {
        pd::kube::ClusterEndpoint endpoint;
        endpoint.server = m_cluster.url();
        endpoint.token = token;
        return std::make_unique<pd::kube::ApiClient>(endpoint);
    }

    static CostSnapshot take(const CostSampler &sampler)
    {
        QFuture<CostSnapshot> future = sampler.sample();
        if (!QTest::qWaitFor([&] { return future.isFinished(); }, 15000) || future.resultCount() == 0)
            return {};
        return future.result();
    }

    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_admin;
};

QTEST_GUILESS_MAIN(TestCostRecorder)
#include "tst_costrecorder.moc"
