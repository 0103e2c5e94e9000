// Cron schedules, and CronJobs run as real kubectl processes against a real SandboxCluster.
#include "sandbox/controllers/controllermanager.h"
#include "requirekubectl.h"
#include "sandbox/controllers/cronjobcontroller.h"
#include "cronrows.h"
#include "sandbox/objectstore.h"
#include "sandbox/sandboxcluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace pd::sandbox;
using namespace pd::sandbox::controllers;
using namespace Qt::Literals::StringLiterals;

namespace {

const GroupResource kNamespaces{{}, u"namespaces"_s};
const GroupResource kConfigMaps{{}, u"configmaps"_s};
const GroupResource kPods{{}, u"pods"_s};
const GroupResource kJobs{u"batch"_s, u"jobs"_s};
const GroupResource kCronJobs{u"batch"_s, u"cronjobs"_s};
const GroupResource kRoleBindings{u"rbac.authorization.k8s.io"_s, u"rolebindings"_s};

QJsonObject json(const QString &text) { return QJsonDocument::fromJson(text.toUtf8()).object(); }

QJsonObject cronJob(const QString &name, const QString &sa, const QString &script, const QString &schedule = u"0 3 * * *"_s)
{
    QJsonObject container{{u"name"_s, u"kubectl"_s}, {u"image"_s, u"bitnami/kubectl:1.32"_s},
                          {u"command"_s, QJsonArray{u"/bin/sh"_s, u"-c"_s}}, {u"args"_s, QJsonArray{script}}};
    return QJsonObject{
        {u"apiVersion"_s, u"batch/v1"_s}, {u"kind"_s, u"CronJob"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, u"previewdesk-system"_s}}},
        {u"spec"_s, QJsonObject{{u"schedule"_s, schedule}, {u"timeZone"_s, u"Europe/Berlin"_s},
                                {u"jobTemplate"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"template"_s, QJsonObject{
                                    {u"spec"_s, QJsonObject{{u"serviceAccountName"_s, sa}, {u"restartPolicy"_s, u"Never"_s},
                                                            {u"containers"_s, QJsonArray{container}}}}}}}}}}}}};
}

} // namespace

class TestCronJobController final : public QObject
{
    Q_OBJECT

private slots:
    // The rows of CronExpression's own test: the controller runs a CronJob at exactly the
    // times the guardrail editor promises, daylight-saving changes included.
    void runsAtTheTimesTheEditorShows_data() { pd::test::addCronNextRunRows(); }
    void runsAtTheTimesTheEditorShows()
    {
        QFETCH(QString, spec);
        QFETCH(QString, zone);
        QFETCH(QString, from);
        QFETCH(QStringList, expected);
        ObjectStore store;
        QDateTime clock = QDateTime::fromString(from, Qt::ISODate).toUTC();
        store.setClock([&clock] { return clock; });
        QVERIFY(store.create(kNamespaces, json(uR"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"previewdesk-system"}})"_s)).ok());
        QJsonObject cj = cronJob(u"tick"_s, u"default"_s, {}, spec);
        QJsonObject cjSpec = cj.value(u"spec"_s).toObject();
        cjSpec.insert(u"timeZone"_s, zone);
        cj.insert(u"spec"_s, cjSpec);
        QVERIFY(store.create(kCronJobs, cj).ok());
        CronJobController controller(&store, {});
        controller.start();
        const auto current = [&store] { return *store.get(kCronJobs, u"previewdesk-system"_s, u"tick"_s); };
        for (const QString &run : std::as_const(expected)) {
            const QDateTime due = controller.nextRun(current());
            QCOMPARE(due.toUTC(), QDateTime::fromString(run, Qt::ISODate).toUTC());
            clock = due.toUTC();
            controller.tick();
            QCOMPARE(current().value(u"status"_s).toObject().value(u"lastScheduleTime"_s).toString(),
                     ObjectStore::timestamp(due));
        }
        if (expected.isEmpty())
            QVERIFY(!controller.nextRun(current()).isValid());
    }

    // Schedules the editor rejects never run in the cluster either.
    void rejectedSchedulesNeverRun_data() { pd::test::addCronParseErrorRows(); }
    void rejectedSchedulesNeverRun()
    {
        QFETCH(QString, spec);
        ObjectStore store;
        CronJobController controller(&store, {});
        QVERIFY(!controller.nextRun(cronJob(u"tick"_s, u"default"_s, {}, spec)).isValid());
    }

    void runsOnScheduleWithFixedClock()
    {
        ObjectStore store;
        QDateTime clock = QDateTime::fromString(u"2026-11-26T09:15:30Z"_s, Qt::ISODate);
        store.setClock([&clock] { return clock; });
        QVERIFY(store.create(kNamespaces, json(uR"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"previewdesk-system"}})"_s)).ok());
        QJsonObject cj = cronJob(u"tick"_s, u"default"_s, {}, u"*/5 * * * *"_s);
        // Not a kubectl container: the run is simulated and succeeds.
        QJsonObject spec = cj.value(u"spec"_s).toObject();
        QJsonObject container{{u"name"_s, u"echo"_s}, {u"image"_s, u"busybox"_s}, {u"command"_s, QJsonArray{u"echo"_s, u"hi"_s}}};
        spec.insert(u"jobTemplate"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"template"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"containers"_s, QJsonArray{container}}}}}}}}});
        cj.insert(u"spec"_s, spec);
        QVERIFY(store.create(kCronJobs, cj).ok());

        CronJobController controller(&store, {});
        controller.start();
        QCOMPARE(controller.nextRun(*store.get(kCronJobs, u"previewdesk-system"_s, u"tick"_s)),
                 QDateTime::fromString(u"2026-11-26T09:20:00Z"_s, Qt::ISODate));
        controller.tick();
        QCOMPARE(store.count(kJobs, u"previewdesk-system"_s), qsizetype(0)); // not due yet

        clock = QDateTime::fromString(u"2026-11-26T09:31:10Z"_s, Qt::ISODate); // 09:20, 09:25, 09:30 missed
        QSignalSpy finished(&controller, &CronJobController::jobFinished);
        controller.tick();
        const qint64 minutes = QDateTime::fromString(u"2026-11-26T09:30:00Z"_s, Qt::ISODate).toSecsSinceEpoch() / 60;
        QVERIFY(store.get(kJobs, u"previewdesk-system"_s, u"tick-"_s + QString::number(minutes)));
        QCOMPARE(store.count(kJobs, u"previewdesk-system"_s), qsizetype(1)); // only the latest missed run
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().at(2).toBool(), true);
        const QJsonObject status = store.get(kCronJobs, u"previewdesk-system"_s, u"tick"_s)->value(u"status"_s).toObject();
        QCOMPARE(status.value(u"lastScheduleTime"_s).toString(), u"2026-11-26T09:30:00Z"_s);
        QCOMPARE(status.value(u"lastSuccessfulTime"_s).toString(), u"2026-11-26T09:31:10Z"_s);
        QVERIFY(!status.contains(u"active"_s));
        const QJsonObject job = *store.get(kJobs, u"previewdesk-system"_s, u"tick-"_s + QString::number(minutes));
        QCOMPARE(job.value(u"status"_s).toObject().value(u"succeeded"_s).toInt(), 1);
        QCOMPARE(job.value(u"metadata"_s).toObject().value(u"ownerReferences"_s).toArray().first().toObject().value(u"kind"_s).toString(), u"CronJob"_s);
        QCOMPARE(job.value(u"metadata"_s).toObject().value(u"annotations"_s).toObject()
                     .value(u"batch.kubernetes.io/cronjob-scheduled-timestamp"_s).toString(), u"2026-11-26T10:30:00+01:00"_s);
    }

    void runsKubectlAsServiceAccount()
    {
        PD_REQUIRE_KUBECTL();
        SandboxCluster cluster;
        SandboxOptions options;
        options.controllers = false;
        options.tls = true; // over plain HTTP kubectl sends no token (the sandbox then treats it as the admin)
        QString error;
        QVERIFY2(cluster.start(options, &error), qPrintable(error));
        ObjectStore *store = cluster.store();
        QVERIFY(store->create(kNamespaces, json(uR"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"previewdesk-system"}})"_s)).ok());
        QVERIFY(store->create(kRoleBindings, json(uR"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding",
            "metadata":{"name":"guardrail-edit","namespace":"previewdesk-system"},
            "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"},
            "subjects":[{"kind":"ServiceAccount","name":"guardrail","namespace":"previewdesk-system"}]})"_s)).ok());
        QVERIFY(store->create(kCronJobs, cronJob(u"allowed"_s, u"guardrail"_s,
                                                 u"kubectl create configmap guardrail-ran --from-literal=ok=yes && echo done-$GREETING"_s)).ok());
        QVERIFY(store->create(kCronJobs, cronJob(u"denied"_s, u"nobody"_s, u"kubectl get secrets"_s)).ok());
        // env values reach the script
        store->modify(kCronJobs, u"previewdesk-system"_s, u"allowed"_s, [](QJsonObject &o) {
            QJsonObject spec = o.value(u"spec"_s).toObject();
            QJsonObject jt = spec.value(u"jobTemplate"_s).toObject();
            QJsonObject js = jt.value(u"spec"_s).toObject();
            QJsonObject tpl = js.value(u"template"_s).toObject();
            QJsonObject ps = tpl.value(u"spec"_s).toObject();
            QJsonArray containers = ps.value(u"containers"_s).toArray();
            QJsonObject c = containers.first().toObject();
            c.insert(u"env"_s, QJsonArray{QJsonObject{{u"name"_s, u"GREETING"_s}, {u"value"_s, u"hello"_s}}});
            containers[0] = c;
            ps.insert(u"containers"_s, containers);
            tpl.insert(u"spec"_s, ps);
            js.insert(u"template"_s, tpl);
            jt.insert(u"spec"_s, js);
            spec.insert(u"jobTemplate"_s, jt);
            o.insert(u"spec"_s, spec);
            return true;
        });

        ControllerOptions controllerOptions;
        controllerOptions.namespaceDefaults = controllerOptions.workloads = controllerOptions.ingresses = false;
        controllerOptions.externalSecrets = false;
        controllerOptions.serverUrl = cluster.url();
        controllerOptions.caPem = cluster.caPem();
        controllerOptions.serviceAccountToken = [&cluster](const QString &ns, const QString &sa) {
            return cluster.serviceAccountToken(ns, sa);
        };
        ControllerManager manager(store, controllerOptions);
        manager.start();
        QSignalSpy finished(manager.cronJobs(), &CronJobController::jobFinished);

        const QString okJob = manager.cronJobs()->runNow(u"previewdesk-system"_s, u"allowed"_s);
        QVERIFY(okJob.startsWith(u"allowed-manual-"_s));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(finished.first().at(1).toString(), okJob);
        QVERIFY2(finished.first().at(2).toBool(), qPrintable(QString::number(finished.first().at(3).toInt())));
        QVERIFY(store->get(kConfigMaps, u"previewdesk-system"_s, u"guardrail-ran"_s));
        const QJsonObject job = *store->get(kJobs, u"previewdesk-system"_s, okJob);
        QCOMPARE(job.value(u"status"_s).toObject().value(u"succeeded"_s).toInt(), 1);
        QString podName;
        for (const QJsonObject &pod : store->list(kPods, u"previewdesk-system"_s)) {
            if (pod.value(u"metadata"_s).toObject().value(u"labels"_s).toObject().value(u"job-name"_s).toString() == okJob)
                podName = pod.value(u"metadata"_s).toObject().value(u"name"_s).toString();
        }
        QVERIFY(!podName.isEmpty());
        const QByteArray log = manager.podLogProvider()(u"previewdesk-system"_s, podName, {});
        QVERIFY2(log.contains("configmap/guardrail-ran created"), log.constData());
        QVERIFY2(log.contains("done-hello"), log.constData());
        QVERIFY(store->get(kCronJobs, u"previewdesk-system"_s, u"allowed"_s)->value(u"status"_s).toObject().contains(u"lastSuccessfulTime"_s));

        const QString badJob = manager.cronJobs()->runNow(u"previewdesk-system"_s, u"denied"_s);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 60000);
        QCOMPARE(finished.at(1).at(1).toString(), badJob);
        QString badPod;
        for (const QJsonObject &pod : store->list(kPods, u"previewdesk-system"_s)) {
            if (pod.value(u"metadata"_s).toObject().value(u"labels"_s).toObject().value(u"job-name"_s).toString() == badJob)
                badPod = pod.value(u"metadata"_s).toObject().value(u"name"_s).toString();
        }
        const QByteArray badLog = manager.podLogProvider()(u"previewdesk-system"_s, badPod, {});
        QVERIFY2(!finished.at(1).at(2).toBool(), badLog.constData());
        QVERIFY2(badLog.contains("forbidden"), badLog.constData());
        QCOMPARE(store->get(kJobs, u"previewdesk-system"_s, badJob)->value(u"status"_s).toObject().value(u"failed"_s).toInt(), 1);
        QVERIFY(!store->get(kCronJobs, u"previewdesk-system"_s, u"denied"_s)->value(u"status"_s).toObject().contains(u"lastSuccessfulTime"_s));
    }
};

QTEST_GUILESS_MAIN(TestCronJobController)
#include "tst_cronjobcontroller.moc"
