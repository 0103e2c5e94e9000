// CostSampler and CostRecorder against the embedded sandbox with the demo environments:
// a snapshot of running containers and labels, failures said in plain words (403 naming the
// permission, metrics-server missing), and samples recorded on a timer into a history.
#include "core/cost/costhistory.h"
#include "core/cost/costrecorder.h"
#include "core/cost/costsampler.h"

#include "kube/apiclient.h"
#include "sandbox/faultinjector.h"
#include "sandbox/httpexchange.h"
#include "sandbox/sandboxcluster.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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
        CostHistory history;
        QVERIFY2(history.open(dir.filePath(u"h.sqlite"_s)), qPrintable(history.error()));
        CostRecorder recorder(m_admin.get(), &history, std::chrono::milliseconds(200));
        recorder.setRetentionDays(30);
        QSignalSpy recorded(&recorder, &CostRecorder::recorded);
        QSignalSpy failed(&recorder, &CostRecorder::failed);
        recorder.start();
        QVERIFY(recorder.isRunning());
        QVERIFY(!recorder.sampleNow());   // the first sample is still out
        QTRY_VERIFY_WITH_TIMEOUT(recorded.size() >= 2, 15000);
        recorder.stop();
        QVERIFY(!recorder.isRunning());
        QCOMPARE(failed.size(), 0);
        QVERIFY(recorded.at(0).at(1).toInt() > 0);   // containers
        const qint64 first = recorded.at(0).at(0).toLongLong();
        const CostCoverage coverage = history.coverage(first, first + 3600 * 1000);
        QVERIFY(coverage.sampleTimes >= 2);
        QVERIFY(!history.input(first, first + 3600 * 1000).samples.isEmpty());
    }

    void recorderReportsFailures()
    {
        QTemporaryDir dir;
        CostHistory history;
        QVERIFY(history.open(dir.filePath(u"h.sqlite"_s)));
        const auto nobody = client(m_cluster.mintToken(u"nobody"_s, {}));
        CostRecorder recorder(nobody.get(), &history);
        QSignalSpy failed(&recorder, &CostRecorder::failed);
        QVERIFY(recorder.sampleNow());
        QVERIFY(failed.wait(15000));
        QVERIFY(failed.at(0).at(0).toString().contains(u"not allowed to list pods"_s));
        QCOMPARE(history.coverage(0, std::numeric_limits<qint64>::max()).sampleTimes, 0);
    }

    void recorderGoneBeforeTheAnswer()
    {
        QTemporaryDir dir;
        CostHistory history;
        QVERIFY(history.open(dir.filePath(u"h.sqlite"_s)));
        auto recorder = std::make_unique<CostRecorder>(m_admin.get(), &history);
        QVERIFY(recorder->sampleNow());
        recorder.reset();
        // The answer lands nowhere; the client goes idle and nothing was recorded.
        QTRY_COMPARE_WITH_TIMEOUT(m_admin->inFlight() + m_admin->queued(), 0, 15000);
        QCOMPARE(history.coverage(0, std::numeric_limits<qint64>::max()).sampleTimes, 0);
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
