// Why an environment is degraded, found against the embedded sandbox over loopback
// HTTP: the sandbox's kubelet leaves pods of a "does-not-exist" image in
// ImagePullBackOff; other stuck states (CrashLoopBackOff after OOM kills) are written
// into a pod's status subresource as a kubelet would, with a Warning Event beside it.
// The resolver writes the summary into the model, clears it when the row turns
// Healthy, throttles and forgets removed rows; NamespaceInsight follows one namespace live.

#include "core/environment/degradedreasonresolver.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "core/environment/namespaceinsight.h"
#include "futurewait.h"
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace pd::core;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using pd::kube::ApiResult;
using pd::kube::ResourceRef;

namespace {

ResourceRef core(const QString &resource, const QString &ns = {}, const QString &name = {})
{
    return ResourceRef{QString(), u"v1"_s, resource, ns, name, QString()};
}

ResourceRef deployments(const QString &ns, const QString &name = {})
{
    return ResourceRef{u"apps"_s, u"v1"_s, u"deployments"_s, ns, name, QString()};
}

QJsonObject previewNamespace(const QString &name)
{
    return QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, name},
                                                   {u"labels"_s, QJsonObject{{u"previewdesk.io/role"_s, u"preview"_s},
                                                                            {u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s}}}}}};
}

// progressDeadlineSeconds 1: a rollout that is not done turns Degraded within seconds.
QJsonObject deployment(const QString &name, const QString &image)
{
    const QJsonObject labels{{u"app"_s, name}};
    return QJsonObject{
        {u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"Deployment"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, name}}},
        {u"spec"_s, QJsonObject{
            {u"replicas"_s, 1}, {u"progressDeadlineSeconds"_s, 1},
            {u"selector"_s, QJsonObject{{u"matchLabels"_s, labels}}},
            {u"template"_s, QJsonObject{
                {u"metadata"_s, QJsonObject{{u"labels"_s, labels}}},
                {u"spec"_s, QJsonObject{{u"containers"_s, QJsonArray{QJsonObject{{u"name"_s, name}, {u"image"_s, image}}}}}}}}}}};
}

// A Warning Event about a pod's container, as the kubelet records it.
// `later`: seconds after now, for an Event that must be newer than the kubelet's own
// (the sandbox's kubelet records Pulling/Failed/BackOff for a broken image too).
QJsonObject warningEvent(const QString &ns, const QJsonObject &pod, const QString &container, const QString &reason,
                         const QString &message, int count = 1, int later = 0)
{
    const QString now = QDateTime::currentDateTimeUtc().addSecs(later).toString(Qt::ISODate);
    const QJsonObject meta = pod.value(u"metadata"_s).toObject();
    return QJsonObject{
        {u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Event"_s},
        {u"metadata"_s, QJsonObject{{u"generateName"_s, QString(meta.value(u"name"_s).toString() + u'.')}, {u"namespace"_s, ns}}},
        {u"involvedObject"_s, QJsonObject{{u"kind"_s, u"Pod"_s}, {u"namespace"_s, ns}, {u"name"_s, meta.value(u"name"_s)},
                                          {u"uid"_s, meta.value(u"uid"_s)}, {u"apiVersion"_s, u"v1"_s},
                                          {u"fieldPath"_s, u"spec.containers{%1}"_s.arg(container)}}},
        {u"reason"_s, reason}, {u"message"_s, message}, {u"type"_s, u"Warning"_s}, {u"count"_s, count},
        {u"firstTimestamp"_s, now}, {u"lastTimestamp"_s, now},
        {u"source"_s, QJsonObject{{u"component"_s, u"kubelet"_s}, {u"host"_s, u"sandbox-node"_s}}}};
}

} // namespace

class TestDegradedReasonResolver final : public QObject
{
    Q_OBJECT
private:
    ApiResult call(QFuture<ApiResult> future)
    {
        const ApiResult result = pd::test::waitFor(future, 15000);
        return result;
    }

    // The first pod of the namespace once it exists.
    QJsonObject firstPod(const QString &ns)
    {
        QJsonObject pod;
        const bool found = QTest::qWaitFor([&] {
            const QJsonArray items = call(m_client->list(core(u"pods"_s, ns))).items();
            if (!items.isEmpty())
                pod = items.first().toObject();
            return !items.isEmpty();
        }, 15000);
        if (!found)
            qWarning("no pod appeared in %s", qPrintable(ns));
        return pod;
    }

    bool createEnvironment(const QString &ns, const QString &workload, const QString &image)
    {
        const ApiResult created = call(m_client->create(core(u"namespaces"_s), previewNamespace(ns)));
        const ApiResult deployed = call(m_client->create(deployments(ns), deployment(workload, image)));
        if (!created.ok() || !deployed.ok())
            qWarning("%s / %s", qPrintable(created.message()), qPrintable(deployed.message()));
        return created.ok() && deployed.ok();
    }

    QString problemOf(const EnvironmentModel &model, const QString &name)
    {
        const int row = model.rowOf(name);
        return row < 0 ? u"<no row>"_s : model.extras(row).problem;
    }

    // The whole chain as the app runs it: watcher -> model -> resolver.
    struct Browser
    {
        EnvironmentModel model;
        std::unique_ptr<EnvironmentWatcher> watcher;
        std::unique_ptr<DegradedReasonResolver> resolver;
    };

    std::unique_ptr<Browser> startBrowser()
    {
        auto browser = std::make_unique<Browser>();
        browser->watcher = std::make_unique<EnvironmentWatcher>(m_client.get(), &browser->model);
        browser->watcher->setReevaluateInterval(250ms);
        browser->resolver = std::make_unique<DegradedReasonResolver>(&browser->model, m_client.get());
        browser->resolver->setScanDelay(20ms);
        browser->resolver->setRecheckInterval(300ms);
        browser->watcher->start();
        return browser;
    }

    // Destroying streams with a request in flight would assert (Qt 6.4): let it settle.
    void stopBrowser(std::unique_ptr<Browser> browser)
    {
        browser->watcher->stop();
        browser->resolver.reset();
        QTRY_VERIFY_WITH_TIMEOUT(m_client->inFlight() == 0 && m_client->queued() == 0, 15000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        pd::sandbox::SandboxOptions options;
        options.podReadyDelay = 100ms;
        QString error;
        QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
        pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(m_cluster);
        m_client = std::make_unique<pd::kube::ApiClient>(endpoint);
    }

    void imagePullBackOffIsTheProblemThenClearedWhenHealthy()
    {
        const QString ns = u"pr-501"_s;
        QVERIFY(createEnvironment(ns, u"api"_s, u"ghcr.io/acme/api:does-not-exist"_s));
        const QJsonObject pod = firstPod(ns);
        QVERIFY(!pod.isEmpty());
        const QString image = u"ghcr.io/acme/api:does-not-exist"_s;
        const ApiResult event = call(m_client->create(core(u"events"_s, ns), warningEvent(ns, pod, u"api"_s, u"Failed"_s,
                u"Failed to pull image \"%1\": rpc error: code = NotFound desc = failed to pull and unpack image \"%1\": "
                "failed to resolve reference \"%1\": %1: not found"_s.arg(image), 3)));
        QVERIFY2(event.ok(), qPrintable(event.message()));

        auto browser = startBrowser();
        QSignalSpy resolved(browser->resolver.get(), &DegradedReasonResolver::resolved);
        QTRY_COMPARE_WITH_TIMEOUT(problemOf(browser->model, ns),
                                  u"api: ImagePullBackOff (ghcr.io/acme/api:does-not-exist not found)"_s, 20000);
        QCOMPARE(browser->model.find(ns)->state, EnvironmentState::Degraded);
        QVERIFY(browser->model.data(browser->model.index(browser->model.rowOf(ns), 0), EnvironmentModel::ProblemRole)
                        .toString().contains(u"ImagePullBackOff"_s));
        QVERIFY(!resolved.isEmpty());

        // The fix rolls out: the row turns Healthy and the problem goes away.
        const QJsonObject container{{u"name"_s, u"api"_s}, {u"image"_s, u"ghcr.io/acme/api:pr-42"_s}};
        const QByteArray fix = QJsonDocument(QJsonObject{{u"spec"_s, QJsonObject{{u"template"_s, QJsonObject{{u"spec"_s,
                QJsonObject{{u"containers"_s, QJsonArray{container}}}}}}}}}).toJson(QJsonDocument::Compact);
        const ApiResult patched = call(m_client->patch(deployments(ns, u"api"_s), pd::kube::PatchType::StrategicMerge, fix));
        QVERIFY2(patched.ok(), qPrintable(patched.message()));
        QTRY_COMPARE_WITH_TIMEOUT(browser->model.find(ns)->state, EnvironmentState::Healthy, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(problemOf(browser->model, ns), QString(), 5000);
        QCOMPARE(browser->resolver->tracked(), 0);
        stopBrowser(std::move(browser));
    }

    void crashLoopWrittenByTheKubelet()
    {
        const QString ns = u"pr-502"_s;
        QVERIFY(createEnvironment(ns, u"worker"_s, u"ghcr.io/acme/worker:pr-502"_s));
        QJsonObject pod = firstPod(ns);
        QVERIFY(!pod.isEmpty());
        const QString podName = pod[u"metadata"_s][u"name"_s].toString();
        QTRY_VERIFY_WITH_TIMEOUT(call(m_client->get(core(u"pods"_s, ns, podName)))
                                         .object[u"status"_s][u"phase"_s].toString() == u"Running"_s, 15000);
        // What the kubelet writes after the container was OOM-killed five times.
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        const QJsonObject status{
            {u"status"_s, QJsonObject{
                {u"phase"_s, u"Running"_s},
                {u"conditions"_s, QJsonArray{
                    QJsonObject{{u"type"_s, u"Ready"_s}, {u"status"_s, u"False"_s}, {u"reason"_s, u"ContainersNotReady"_s},
                                {u"message"_s, u"containers with unready status: [worker]"_s}, {u"lastTransitionTime"_s, now}},
                    QJsonObject{{u"type"_s, u"PodScheduled"_s}, {u"status"_s, u"True"_s}, {u"lastTransitionTime"_s, now}}}},
                {u"containerStatuses"_s, QJsonArray{QJsonObject{
                    {u"name"_s, u"worker"_s}, {u"image"_s, u"ghcr.io/acme/worker:pr-502"_s},
                    {u"imageID"_s, u"ghcr.io/acme/worker@sha256:5d41402abc4b2a76"_s},
                    {u"ready"_s, false}, {u"started"_s, false}, {u"restartCount"_s, 5},
                    {u"state"_s, QJsonObject{{u"waiting"_s, QJsonObject{
                        {u"reason"_s, u"CrashLoopBackOff"_s},
                        {u"message"_s, u"back-off 2m40s restarting failed container=worker pod=%1_%2(%3)"_s.arg(
                                podName, ns, pod[u"metadata"_s][u"uid"_s].toString())}}}}},
                    {u"lastState"_s, QJsonObject{{u"terminated"_s, QJsonObject{
                        {u"exitCode"_s, 137}, {u"reason"_s, u"OOMKilled"_s}, {u"startedAt"_s, now}, {u"finishedAt"_s, now}}}}}}}}}}};
        const ApiResult patched = call(m_client->patch(core(u"pods"_s, ns, podName).sub(u"status"_s), pd::kube::PatchType::Merge,
                                                       QJsonDocument(status).toJson(QJsonDocument::Compact)));
        QVERIFY2(patched.ok(), qPrintable(patched.message()));
        QVERIFY(call(m_client->create(core(u"events"_s, ns), warningEvent(ns, pod, u"worker"_s, u"BackOff"_s,
                                                                            u"Back-off restarting failed container worker in pod %1"_s.arg(podName), 5)))
                        .ok());

        auto browser = startBrowser();
        QTRY_COMPARE_WITH_TIMEOUT(problemOf(browser->model, ns), u"worker: CrashLoopBackOff (OOMKilled, 5 restarts)"_s, 20000);
        stopBrowser(std::move(browser));
    }

    void progressingRowsWaitForTheGracePeriod()
    {
        EnvironmentModel model;
        DegradedReasonResolver resolver(&model, m_client.get());
        qint64 clock = 0;
        resolver.setClock([&clock] { return clock; });
        resolver.setScanDelay(0ms);
        resolver.setProgressingGrace(180s);
        QSignalSpy resolved(&resolver, &DegradedReasonResolver::resolved);

        Environment env;
        env.name = u"pr-501"_s;
        env.state = EnvironmentState::Progressing;
        model.upsert(env);
        QTRY_COMPARE(resolver.tracked(), 1);
        QVERIFY(!resolved.wait(300));   // within the grace period: nothing fetched
        clock += 181000;
        model.refreshTimes();           // any model change makes it look again
        QVERIFY(resolved.wait(10000));
        QCOMPARE(resolved.first().at(0).toString(), u"pr-501"_s);
        model.remove(u"pr-501"_s);
        QTRY_COMPARE(resolver.tracked(), 0);
        QTRY_VERIFY(m_client->inFlight() == 0 && m_client->queued() == 0);
    }

    void throttledAndRecheckedAtMostEveryInterval()
    {
        // Ten degraded namespaces at once: never more than two in flight, each fetched once.
        EnvironmentModel model;
        DegradedReasonResolver resolver(&model, m_client.get());
        resolver.setMaxInFlight(2);
        resolver.setScanDelay(0ms);
        resolver.setRecheckInterval(30s);
        int peak = 0;
        connect(m_client.get(), &pd::kube::ApiClient::inFlightChanged, &resolver,
                [&resolver, &peak] { peak = std::max(peak, resolver.inFlight()); });
        QSignalSpy resolved(&resolver, &DegradedReasonResolver::resolved);
        for (int i = 0; i < 10; ++i) {
            Environment env;
            env.name = i == 0 ? u"pr-501"_s : u"pr-6%1"_s.arg(i);   // most have no namespace: no pods, no problem
            env.state = EnvironmentState::Degraded;
            model.upsert(env);
        }
        QTRY_COMPARE_WITH_TIMEOUT(resolved.count(), 10, 15000);
        QVERIFY2(peak <= 2 && peak >= 1, qPrintable(QString::number(peak)));
        model.refreshTimes();
        QVERIFY(!resolved.wait(500));   // nothing is due before 30 s
        QCOMPARE(resolved.count(), 10);
        QTRY_VERIFY(m_client->inFlight() == 0 && m_client->queued() == 0);
    }

    void insightFollowsOneNamespaceLive()
    {
        const QString ns = u"pr-503"_s;
        QVERIFY(createEnvironment(ns, u"api"_s, u"ghcr.io/acme/api:does-not-exist"_s));
        NamespaceInsight insight(m_client.get());
        insight.setCoalesceInterval(20ms);
        QSignalSpy changed(&insight, &NamespaceInsight::changed);
        insight.setNamespace(ns);
        QTRY_VERIFY_WITH_TIMEOUT(insight.isSynced() && !insight.problems().isEmpty(), 15000);
        QCOMPARE(insight.problems().first().text(), u"api: ImagePullBackOff (ghcr.io/acme/api:does-not-exist not found)"_s);

        // A new Warning arrives through the watch and leads the recent events.
        const QJsonObject pod = firstPod(ns);
        QVERIFY(call(m_client->create(core(u"events"_s, ns), warningEvent(ns, pod, u"api"_s, u"Failed"_s,
                                                                            u"Failed to pull image: 403 Forbidden"_s, 2, 60)))
                        .ok());
        // (The kubelet's own Failed events may lead until this one arrives.)
        QTRY_VERIFY_WITH_TIMEOUT(!insight.events().isEmpty()
                                         && insight.events().first().message == u"Failed to pull image: 403 Forbidden"_s, 10000);
        QCOMPARE(insight.events().first().reason, u"Failed"_s);
        QVERIFY(insight.events().first().isWarning());
        QCOMPARE(insight.events().first().count, 2);
        QTRY_COMPARE(insight.problems().first().detail, u"ghcr.io/acme/api:does-not-exist: access denied"_s);

        // The deployment goes away: its pod with it, and the problem.
        QVERIFY(call(m_client->remove(deployments(ns, u"api"_s))).ok());
        QTRY_VERIFY_WITH_TIMEOUT(insight.problems().isEmpty(), 15000);

        // Another selection: nothing of the old namespace stays.
        insight.setNamespace(u"pr-501"_s);
        QCOMPARE(insight.namespaceName(), u"pr-501"_s);
        QVERIFY(insight.events().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(insight.isSynced(), 15000);
        insight.stop();
        QVERIFY(!insight.isSynced());
        QTRY_VERIFY(m_client->inFlight() == 0 && m_client->queued() == 0);
    }

    void cleanupTestCase()
    {
        QTRY_VERIFY(m_client->inFlight() == 0 && m_client->queued() == 0);
        m_client.reset();
    }

private:
    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
};

QTEST_GUILESS_MAIN(TestDegradedReasonResolver)
#include "tst_degradedreasonresolver.moc"
