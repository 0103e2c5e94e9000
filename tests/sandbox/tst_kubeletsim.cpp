// The sandbox's kubelet and scheduler: the pod statuses and Events real ones write for a
// pod that starts, crash-loops, is OOM-killed or cannot be scheduled, and the deployment
// and replicaset controllers' ScalingReplicaSet / SuccessfulCreate / SuccessfulDelete.
#include "apitesthelper.h"

#include "core/environment/environmenthealth.h"
#include "core/environment/namespaceinsight.h"
#include <sandbox/controllers/controllermanager.h>

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pd::sandbox;
using namespace pd::sandbox::test;

namespace {

const GroupResource kPods{QString(), u"pods"_s};
const GroupResource kEvents{QString(), u"events"_s};
const GroupResource kReplicaSets{u"apps"_s, u"replicasets"_s};

QJsonObject withContainer(QJsonObject deployment, const QJsonObject &container)
{
    QJsonObject spec = deployment.value(u"spec"_s).toObject();
    QJsonObject tpl = spec.value(u"template"_s).toObject();
    QJsonObject podSpec = tpl.value(u"spec"_s).toObject();
    podSpec.insert(u"containers"_s, QJsonArray{container});
    tpl.insert(u"spec"_s, podSpec);
    spec.insert(u"template"_s, tpl);
    deployment.insert(u"spec"_s, spec);
    return deployment;
}

QString nameOf(const QJsonObject &o) { return o.value(u"metadata"_s)[u"name"_s].toString(); }

} // namespace

class TestKubeletSim final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<ObjectStore>();
        m_api = std::make_unique<ApiServer>(m_store.get());
        QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces"_s, namespaceObject(u"shop"_s)).status, 201);
        ControllerOptions options;
        options.podReadyDelay = std::chrono::milliseconds(0);
        options.cronJobs = false;
        options.externalSecrets = false;
        m_controllers = std::make_unique<ControllerManager>(m_store.get(), options);
        m_controllers->start();
    }
    void cleanup()
    {
        m_controllers.reset();
        m_api.reset();
        m_store.reset();
    }

    void startingPodsLeaveTheirHistory()
    {
        QCOMPARE(deploy(deploymentObject(u"web"_s, 2)), 201);
        QTRY_COMPARE(runningPods(), 2);
        const QString rs = nameOf(m_store->list(kReplicaSets, u"shop"_s).first());
        const QStringList seen = eventLines();
        QVERIFY2(seen.contains(u"deployment-controller Deployment/web Normal ScalingReplicaSet: Scaled up replica set %1 from 0 to 2"_s.arg(rs)),
                 qPrintable(seen.join(u'\n')));
        for (const QJsonObject &pod : m_store->list(kPods, u"shop"_s)) {
            const QString p = nameOf(pod);
            for (const QString &line : {u"replicaset-controller ReplicaSet/%1 Normal SuccessfulCreate: Created pod: %2"_s.arg(rs, p),
                                        u"default-scheduler Pod/%1 Normal Scheduled: Successfully assigned shop/%1 to sandbox-node"_s.arg(p),
                                        u"kubelet Pod/%1 Normal Pulling: Pulling image \"shop/web:1.0\""_s.arg(p),
                                        u"kubelet Pod/%1 Normal Created: Created container: web"_s.arg(p),
                                        u"kubelet Pod/%1 Normal Started: Started container web"_s.arg(p)})
                QVERIFY2(seen.contains(line), qPrintable(line + u"\nin:\n"_s + seen.join(u'\n')));
        }
        for (const QJsonObject &event : m_store->list(kEvents, u"shop"_s)) {
            QVERIFY(!event.value(u"involvedObject"_s)[u"uid"_s].toString().isEmpty());
            QCOMPARE(event.value(u"involvedObject"_s)[u"namespace"_s].toString(), u"shop"_s);
            QVERIFY(!event.value(u"firstTimestamp"_s).toString().isEmpty());
            QCOMPARE(event.value(u"lastTimestamp"_s), event.value(u"firstTimestamp"_s));
            QCOMPARE(event.value(u"count"_s).toInt(), 1);
        }

        // Scaled to zero: the deployment controller says so, the replicaset controller deletes.
        QVERIFY(m_store->modify({u"apps"_s, u"deployments"_s}, u"shop"_s, u"web"_s, [](QJsonObject &d) {
            QJsonObject spec = d.value(u"spec"_s).toObject();
            spec.insert(u"replicas"_s, 0);
            d.insert(u"spec"_s, spec);
            return true;
        }).ok());
        QTRY_COMPARE(m_store->count(kPods, u"shop"_s), qsizetype(0));
        QTRY_VERIFY(eventLines().contains(u"deployment-controller Deployment/web Normal ScalingReplicaSet: Scaled down replica set %1 from 2 to 0"_s.arg(rs)));
        QVERIFY(eventLines().filter(u"SuccessfulDelete: Deleted pod: "_s).size() == 2);
    }

    void failingPods_data()
    {
        QTest::addColumn<QJsonObject>("container");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("event");
        const QJsonObject crash{{u"name"_s, u"web"_s}, {u"image"_s, u"shop/web:crashloop"_s}};
        const QJsonObject oom{{u"name"_s, u"web"_s}, {u"image"_s, u"shop/web:oomkill"_s}};
        const QJsonObject pull{{u"name"_s, u"web"_s}, {u"image"_s, u"shop/web:does-not-exist"_s}};
        const QJsonObject big{{u"name"_s, u"web"_s}, {u"image"_s, u"shop/web:1.0"_s},
                              {u"resources"_s, QJsonObject{{u"requests"_s, QJsonObject{{u"cpu"_s, u"32"_s}}}}}};
        QTest::newRow("crash loop") << crash << u"web: CrashLoopBackOff (exit code 1, 1 restart)"_s
                                    << u"kubelet Warning BackOff: Back-off restarting failed container web in pod "_s;
        QTest::newRow("OOMKilled") << oom << u"web: CrashLoopBackOff (OOMKilled, 1 restart)"_s
                                   << u"kubelet Warning BackOff: Back-off restarting failed container web in pod "_s;
        QTest::newRow("image pull") << pull << u"web: ImagePullBackOff (shop/web:does-not-exist not found)"_s
                                    << u"kubelet Warning Failed: Error: ImagePullBackOff"_s;
        QTest::newRow("unschedulable") << big
                                       << u"web: Unschedulable (0/1 nodes are available: 1 Insufficient cpu.)"_s
                                       << u"default-scheduler Warning FailedScheduling: 0/1 nodes are available: 1 Insufficient cpu. "
                                          u"preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."_s;
    }

    void failingPods()
    {
        QFETCH(QJsonObject, container);
        QFETCH(QString, problem);
        QFETCH(QString, event);
        QCOMPARE(deploy(withContainer(deploymentObject(u"web"_s, 1), container)), 201);
        QTRY_VERIFY(!eventLines(false).filter(event).isEmpty());
        // What the kubelet wrote, read the way the browser reads it.
        QJsonArray pods, events;
        QTRY_VERIFY([&] {
            pods = QJsonArray();
            events = QJsonArray();
            for (const QJsonObject &p : m_store->list(kPods, u"shop"_s))
                pods.append(p);
            for (const QJsonObject &e : m_store->list(kEvents, u"shop"_s))
                events.append(e);
            const QList<pd::core::PodProblem> found = pd::core::podProblems(pods, events);
            return !found.isEmpty() && found.first().text() == problem;
        }());
        const QList<pd::core::PodProblem> found = pd::core::podProblems(pods, events);
        QVERIFY(pd::core::degradesHealth(found.first()));
        QVERIFY(found.first().since.isValid());
        const QJsonObject status = pods.first().toObject().value(u"status"_s).toObject();
        if (qstrcmp(QTest::currentDataTag(), "OOMKilled") == 0) {
            const QJsonObject last = status.value(u"containerStatuses"_s).toArray().first()[u"lastState"_s][u"terminated"_s].toObject();
            QCOMPARE(last.value(u"reason"_s).toString(), u"OOMKilled"_s);
            QCOMPARE(last.value(u"exitCode"_s).toInt(), 137);
        }
        if (qstrcmp(QTest::currentDataTag(), "unschedulable") == 0)
            QVERIFY(!pods.first().toObject().value(u"spec"_s).toObject().contains(u"nodeName"_s));
    }

private:
    int deploy(const QJsonObject &deployment)
    {
        return call(*m_api, "POST", u"/apis/apps/v1/namespaces/shop/deployments"_s, deployment).status;
    }
    int runningPods()
    {
        int running = 0;
        for (const QJsonObject &p : m_store->list(kPods, u"shop"_s))
            running += p.value(u"status"_s)[u"phase"_s].toString() == u"Running"_s ? 1 : 0;
        return running;
    }
    // "component Kind/name Type Reason: message" (withObject) or "component Type Reason: message".
    QStringList eventLines(bool withObject = true)
    {
        QStringList lines;
        for (const QJsonObject &e : m_store->list(kEvents, u"shop"_s)) {
            const QJsonObject ref = e.value(u"involvedObject"_s).toObject();
            lines << e.value(u"source"_s)[u"component"_s].toString()
                            + (withObject ? u' ' + ref.value(u"kind"_s).toString() + u'/' + ref.value(u"name"_s).toString() : QString())
                            + u' ' + e.value(u"type"_s).toString() + u' ' + e.value(u"reason"_s).toString() + u": "_s
                            + e.value(u"message"_s).toString();
        }
        return lines;
    }

    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<ApiServer> m_api;
    std::unique_ptr<ControllerManager> m_controllers;
};

QTEST_GUILESS_MAIN(TestKubeletSim)
#include "tst_kubeletsim.moc"
