// The cost window's source choice against the real sandbox: OpenCost is preselected only
// where its Service exists, its failures are said in the header in plain words, and the
// history stays one click away. The sandbox does not proxy to services, so OpenCost is
// "found" but never answers; a closed window or a deleted client mid-fetch must not assert.
// A loopback stand-in for an API server that does proxy to OpenCost shows the success path.
#include "core/cost/costhistory.h"
#include "core/cost/opencostclient.h"
#include "gui/cost/costchartswidget.h"
#include "gui/cost/costwindow.h"
#include "core/session/session.h"
#include "sandbox/sandboxendpoint.h"
#include "sandbox/sandboxcluster.h"
#include "scriptedserver.h"

#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

class TestCostWindow final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start({}, &error), qPrintable(error));
        m_session = std::make_unique<pd::core::Session>(pd::sandbox::adminEndpoint(m_cluster), u"sandbox"_s);
    }

    void withoutOpenCostTheHistoryIsUsed()
    {
        pd::gui::CostWindow window(m_session.get());
        QSignalSpy detected(&window, &pd::gui::CostWindow::openCostDetected);
        QVERIFY(detected.wait(10000));
        QCOMPARE(detected.first().first().toBool(), false);
        QCOMPARE(window.sourceCombo()->currentData().toString(), u"history"_s);
        QVERIFY2(!window.charts()->headerText().contains(u"OpenCost"_s), qPrintable(window.charts()->headerText()));
    }

    void openCostIsPreselectedAndItsErrorShown()
    {
        loadOpenCostService();
        pd::gui::CostWindow window(m_session.get());
        QSignalSpy detected(&window, &pd::gui::CostWindow::openCostDetected);
        QSignalSpy shown(&window, &pd::gui::CostWindow::openCostShown);
        QVERIFY(detected.wait(10000));
        QCOMPARE(detected.first().first().toBool(), true);
        QCOMPARE(window.sourceCombo()->currentData().toString(), u"opencost"_s);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 10000);
        const QString header = window.charts()->headerText();
        QVERIFY2(header.contains(u"OpenCost (opencost/opencost:9003), 7 d: "_s), qPrintable(header));
        QVERIFY2(!header.contains(u"asking"_s), qPrintable(header));
        QVERIFY(window.charts()->showsPlaceholder());

        // Another window asks again for its span.
        window.windowCombo()->setCurrentIndex(0);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 2, 10000);
        QVERIFY2(window.charts()->headerText().contains(u"OpenCost (opencost/opencost:9003), 24 h: "_s),
                 qPrintable(window.charts()->headerText()));

        // The history stays available.
        window.sourceCombo()->setCurrentIndex(window.sourceCombo()->findData(u"history"_s));
        QVERIFY2(!window.charts()->headerText().contains(u"OpenCost"_s), qPrintable(window.charts()->headerText()));
    }

    void closingMidFetchIsSafe()
    {
        loadOpenCostService();
        // A window gone while its detection and fetch run.
        {
            auto *window = new pd::gui::CostWindow(m_session.get());
            QSignalSpy detected(window, &pd::gui::CostWindow::openCostDetected);
            QVERIFY(detected.wait(10000));
            QCOMPARE(window->sourceCombo()->currentData().toString(), u"opencost"_s);
            delete window;   // its allocation request is in flight
        }
        // A client deleted while its fetch runs: the future still finishes, with the error.
        auto *client = new pd::core::OpenCostClient(m_session->client());
        QFutureWatcher<pd::core::OpenCostResult> watcher;
        QSignalSpy finished(&watcher, &QFutureWatcher<pd::core::OpenCostResult>::finished);
        watcher.setFuture(client->fetchAllocation(u"7d"_s));
        delete client;
        QVERIFY(finished.wait(10000));
        QCOMPARE(watcher.future().resultCount(), 1);
        QVERIFY(!watcher.result().ok);
        QVERIFY(!watcher.result().error.isEmpty());
    }

    void openCostAllocationIsShown()
    {
        pd::test::ScriptedServer server;
        QVERIFY(server.listen());
        server.on("GET", u"/api/v1/namespaces/opencost/services/opencost"_s,
                  pd::test::CannedResponse::json(200, QJsonDocument::fromJson(R"({"apiVersion":"v1","kind":"Service",
                      "metadata":{"name":"opencost","namespace":"opencost"}})").object()));
        server.on("GET", u"/api/v1/namespaces/opencost/services/opencost:9003/proxy/allocation"_s,
                  pd::test::CannedResponse::text(200, R"({"code":200,"data":[{
                      "shop-pr-7":{"name":"shop-pr-7","cpuCost":2,"ramCost":1,"pvCost":0.5,"totalCost":3.5,
                                   "start":"2026-11-19T00:00:00Z","end":"2026-11-26T00:00:00Z","minutes":10080},
                      "__idle__":{"name":"__idle__","cpuCost":1,"ramCost":0.5,"pvCost":0,"totalCost":1.5,
                                  "start":"2026-11-19T00:00:00Z","end":"2026-11-26T00:00:00Z","minutes":10080}}]})",
                                                 "application/json"));
        pd::kube::ClusterEndpoint endpoint;
        endpoint.contextName = u"loopback"_s;
        endpoint.server = server.url();
        endpoint.token = u"t"_s;
        pd::core::Session session(endpoint, u"loopback"_s);
        pd::gui::CostWindow window(&session);
        QSignalSpy shown(&window, &pd::gui::CostWindow::openCostShown);
        QVERIFY(shown.wait(10000));
        QCOMPARE(window.sourceCombo()->currentData().toString(), u"opencost"_s);
        QVERIFY(!window.charts()->showsPlaceholder());
        const QString header = window.charts()->headerText();
        QVERIFY2(header.contains(u"OpenCost (opencost/opencost:9003), 7 d"_s), qPrintable(header));
        QVERIFY2(header.contains(u"5.00"_s), qPrintable(header));   // total: 3.5 + OpenCost's idle 1.5
        QVERIFY2(header.contains(u"totals per namespace"_s), qPrintable(header));
        QCOMPARE(window.charts()->currentTab(), pd::gui::CostChartsWidget::MostExpensiveTab);
        const pd::test::RecordedRequest asked = server.last();
        QCOMPARE(asked.path, u"/api/v1/namespaces/opencost/services/opencost:9003/proxy/allocation"_s);
        QCOMPARE(asked.queryValue(u"window"_s), u"7d"_s);
        QCOMPARE(asked.queryValue(u"aggregate"_s), u"namespace"_s);
    }

    // The history's report comes from the cost store's thread: the window says it is computing
    // meanwhile, and of two spans chosen in a row the last one's report is the one shown.
    void historyReportIsComputedOffTheWindow()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"h.sqlite"_s);
        {
            pd::core::CostHistory history;
            QVERIFY2(history.open(path), qPrintable(history.error()));
            constexpr qint64 hour = 3600 * 1000;
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (qint64 t = now - 48 * hour; t < now; t += hour)
                QVERIFY(history.record(t, {pd::core::UsageSample{t, u"pr-1"_s, u"web-0"_s, u"web"_s, u"web"_s, 0.1, 1e8, 0.5, 2.5e8}},
                                       {}, {}, {}, hour, {{u"pr-1"_s, u"preview"_s}}));
        }
        pd::core::Session session(pd::sandbox::adminEndpoint(m_cluster), u"sandbox"_s);
        QSignalSpy columns(&session, &pd::core::Session::costColumnUpdated);
        session.enableCostRecording(path);
        QTRY_VERIFY_WITH_TIMEOUT(!columns.isEmpty(), 10000);   // the store is open

        pd::gui::CostWindow window(&session);
        QSignalSpy shown(&window, &pd::gui::CostWindow::historyShown);
        QSignalSpy detected(&window, &pd::gui::CostWindow::openCostDetected);
        QVERIFY(window.charts()->showsPlaceholder());
        QVERIFY2(window.charts()->headerText().contains(u"computing the last 7 d"_s), qPrintable(window.charts()->headerText()));
        // Earlier cases left an OpenCost Service in the cluster: come back to the history then.
        QTRY_COMPARE_WITH_TIMEOUT(detected.size(), 1, 10000);
        shown.clear();
        window.sourceCombo()->setCurrentIndex(window.sourceCombo()->findData(u"history"_s));
        window.refresh();
        QVERIFY(shown.wait(10000));
        QVERIFY2(!window.charts()->showsPlaceholder(), qPrintable(window.charts()->headerText()));
        QVERIFY2(window.charts()->headerText().contains(u"history: 4"_s)   // 48 seeded, and any the recorder took
                     && window.charts()->headerText().contains(u"samples"_s),
                 qPrintable(window.charts()->headerText()));

        shown.clear();
        window.windowCombo()->setCurrentIndex(0);   // 24 h, replaced at once by
        window.windowCombo()->setCurrentIndex(2);   // 30 d
        QVERIFY(window.charts()->showsPlaceholder());
        QVERIFY(shown.wait(10000));
        QVERIFY2(window.charts()->headerText().contains(u"of 30d"_s), qPrintable(window.charts()->headerText()));
        QVERIFY(!window.charts()->showsPlaceholder());
    }

private:
    void loadOpenCostService()
    {
        const QString yaml = m_dir.filePath(u"opencost.yaml"_s);
        QFile file(yaml);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: opencost\n---\n"
                   "apiVersion: v1\nkind: Service\nmetadata:\n  name: opencost\n  namespace: opencost\n"
                   "spec:\n  ports:\n  - name: http\n    port: 9003\n");
        file.close();
        QString error;
        QVERIFY2(m_cluster.loadFile(yaml, &error), qPrintable(error));
    }

    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::core::Session> m_session;
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestCostWindow)
#include "tst_costwindow.moc"
