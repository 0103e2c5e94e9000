// The demo as the browser sees it: its Degraded preview explains itself (the health rules
// over what the sandbox's kubelet wrote), and "Recent events" has the real history.
#include "core/environment/degradedreasonresolver.h"
#include "core/environment/environmenthealth.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "core/environment/namespaceinsight.h"
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"

#include <QtTest>

#include <memory>

using namespace pd::core;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

class TestDemoHealth final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        pd::sandbox::SandboxOptions options;
        options.demo = true;
        options.podReadyDelay = 100ms;
        QString error;
        QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
        pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(m_cluster);
        m_client = std::make_unique<pd::kube::ApiClient>(endpoint);
    }

    void degradedPreviewSaysWhy()
    {
        EnvironmentModel model;
        EnvironmentWatcher watcher(m_client.get(), &model);
        DegradedReasonResolver resolver(&model, m_client.get());
        resolver.setScanDelay(20ms);
        watcher.start();
        const QString ns = u"shop-pr-1418"_s;
        const QString why = u"checkout-api: ImagePullBackOff (registry.example.com/shop/checkout-api:pr-1418-does-not-exist "
                            u"not found) for 28 min"_s;
        QTRY_COMPARE_WITH_TIMEOUT(model.find(ns).value_or(Environment()).stateReason, why, 20000);
        const Environment env = *model.find(ns);
        QCOMPARE(env.state, EnvironmentState::Degraded);
        // The row's tooltip says it in full; Services agrees with the state.
        const int row = model.rowOf(ns);
        QVERIFY(model.index(row, EnvironmentModel::StateColumn).data(Qt::ToolTipRole).toString().startsWith(why));
        QVERIFY(env.servicesReady < env.servicesTotal);
        // Every other demo preview that is up is Healthy with every service ready.
        QTRY_VERIFY_WITH_TIMEOUT(model.find(u"shop-pr-1412"_s).value_or(Environment()).state == EnvironmentState::Healthy, 20000);
        const Environment healthy = *model.find(u"shop-pr-1412"_s);
        QCOMPARE(healthy.servicesReady, healthy.servicesTotal);
        watcher.stop();
        QTRY_VERIFY_WITH_TIMEOUT(m_client->inFlight() == 0 && m_client->queued() == 0, 15000);
    }

    void recentEventsHaveTheHistory()
    {
        NamespaceInsight insight(m_client.get());
        insight.setCoalesceInterval(20ms);
        insight.setMaxEvents(200);
        insight.setNamespace(u"shop-pr-1418"_s);
        QTRY_VERIFY_WITH_TIMEOUT(insight.isSynced() && !insight.events().isEmpty(), 15000);
        QCOMPARE(insight.errorText(), QString());
        QHash<QString, int> counts;
        for (const NamespaceEvent &event : insight.events()) {
            QVERIFY2(event.firstSeen.isValid() && event.lastSeen >= event.firstSeen, qPrintable(event.reason));
            counts[event.reason] = std::max(counts.value(event.reason), event.count);
        }
        for (const QString &reason : {u"ScalingReplicaSet"_s, u"SuccessfulCreate"_s, u"Scheduled"_s, u"Pulling"_s,
                                      u"Failed"_s, u"BackOff"_s, u"Pulled"_s, u"Started"_s})
            QVERIFY2(counts.contains(reason), qPrintable(reason + u" in "_s + QStringList(counts.keys()).join(u", "_s)));
        QVERIFY(counts.value(u"BackOff"_s) > 100);
        const QList<PodProblem> problems = insight.problems();
        QVERIFY(!problems.isEmpty());
        QCOMPARE(problems.first().reason, u"ImagePullBackOff"_s);
        QVERIFY(degradesHealth(problems.first()));
        insight.stop();
        QTRY_VERIFY_WITH_TIMEOUT(m_client->inFlight() == 0 && m_client->queued() == 0, 15000);
    }

private:
    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
};

QTEST_GUILESS_MAIN(TestDemoHealth)
#include "tst_demohealth.moc"
