// Environment actions and the permission cache against the demo sandbox over
// loopback HTTP(S): extend moves previewdesk.io/expires-at, scale-down leaves zero
// replicas and downscaler/original-replicas, scale-up restores them, destroy refuses
// sources; the viewer may not delete namespaces, the admin may.

#include "core/environment/environmentactions.h"
#include "core/environment/environmentbuilder.h"
#include "core/environment/permissioncache.h"
#include "kube/apiclient.h"
#include "sandbox/faultinjector.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <futurewait.h>

#include <QtTest>

using namespace pd::core;
using namespace Qt::StringLiterals;
using pd::kube::ApiResult;
using pd::kube::ResourceRef;

namespace {

// The shared wait (tests/support/futurewait.h), with the 30 s these cluster round trips may take.
template<typename T>
T waitFor(QFuture<T> future)
{
    return pd::test::waitFor(future, 30000);
}

ResourceRef namespaceRef(const QString &name)
{
    return ResourceRef{QString(), u"v1"_s, u"namespaces"_s, QString(), name, {}};
}

ResourceRef deploymentsIn(const QString &ns)
{
    return ResourceRef{u"apps"_s, u"v1"_s, u"deployments"_s, ns, QString(), {}};
}

ResourceRef collectionIn(const QString &group, const QString &plural, const QString &ns)
{
    return ResourceRef{group, u"v1"_s, plural, ns, QString(), {}};
}

QJsonObject previewNamespace(const QString &name)
{
    return QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, name},
                                                  {u"labels"_s, QJsonObject{{u"previewdesk.io/role"_s, u"preview"_s},
                                                                            {u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s}}}}}};
}

QJsonObject deployment(const QString &name, const QString &ns, int replicas)
{
    const QJsonObject labels{{u"app"_s, name}};
    return QJsonObject{
        {u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"Deployment"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}}},
        {u"spec"_s, QJsonObject{{u"replicas"_s, replicas}, {u"selector"_s, QJsonObject{{u"matchLabels"_s, labels}}},
                               {u"template"_s, QJsonObject{{u"metadata"_s, QJsonObject{{u"labels"_s, labels}}},
                                                           {u"spec"_s, QJsonObject{{u"containers"_s, QJsonArray{QJsonObject{
                                                                {u"name"_s, u"main"_s}, {u"image"_s, u"busybox:1.36"_s}}}}}}}}}}};
}

QJsonObject cronJob(const QString &name, const QString &ns, std::optional<bool> suspend)
{
    QJsonObject spec{{u"schedule"_s, u"*/5 * * * *"_s},
                     {u"jobTemplate"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"template"_s, QJsonObject{{u"spec"_s, QJsonObject{
                          {u"restartPolicy"_s, u"Never"_s},
                          {u"containers"_s, QJsonArray{QJsonObject{{u"name"_s, u"job"_s}, {u"image"_s, u"busybox:1.36"_s}}}}}}}}}}}}};
    if (suspend)
        spec.insert(u"suspend"_s, *suspend);
    return QJsonObject{{u"apiVersion"_s, u"batch/v1"_s}, {u"kind"_s, u"CronJob"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}}}, {u"spec"_s, spec}};
}

// name -> the object, for one kind in one namespace.
QMap<QString, QJsonObject> objectsByName(pd::kube::ApiClient *client, const ResourceRef &collection)
{
    QMap<QString, QJsonObject> byName;
    for (const QJsonValue &item : waitFor(client->list(collection)).items())
        byName.insert(item[u"metadata"_s][u"name"_s].toString(), item.toObject());
    return byName;
}

} // namespace

class TestEnvironmentActions final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        pd::sandbox::SandboxOptions options;
        options.demo = true;
        options.controllers = false;   // replicas stay what the actions set
        QString error;
        QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
        pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(m_cluster);
        m_client = std::make_unique<pd::kube::ApiClient>(endpoint);
    }

    void extendedExpiry_data()
    {
        QTest::addColumn<QDateTime>("current");
        QTest::addColumn<qint64>("by");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime now(QDate(2026, 11, 26), QTime(10, 0), Qt::UTC);
        QTest::newRow("future") << now.addSecs(3600) << qint64(86400) << now.addSecs(3600 + 86400);
        QTest::newRow("past counts from now") << now.addDays(-3) << qint64(86400) << now.addSecs(86400);
        QTest::newRow("none counts from now") << QDateTime() << qint64(2 * 86400) << now.addSecs(2 * 86400);
    }

    void extendedExpiry()
    {
        QFETCH(QDateTime, current);
        QFETCH(qint64, by);
        QFETCH(QDateTime, expected);
        const QDateTime now(QDate(2026, 11, 26), QTime(10, 0), Qt::UTC);
        QCOMPARE(EnvironmentActions::extendedExpiry(current, now, std::chrono::seconds(by)), expected);
    }

    void expiryPatchMovesJanitorAnnotations()
    {
        const QJsonObject ns{{u"metadata"_s, QJsonObject{{u"name"_s, u"x"_s},
                                                        {u"annotations"_s, QJsonObject{{u"janitor/ttl"_s, u"2d"_s}}}}}};
        const QDateTime at(QDate(2026, 12, 1), QTime(8, 30), Qt::UTC);
        const QJsonObject annotations =
            EnvironmentActions::expiryPatch(ns, at)[u"metadata"_s][u"annotations"_s].toObject();
        QCOMPARE(annotations[u"previewdesk.io/expires-at"_s].toString(), u"2026-12-01T08:30:00Z"_s);
        QCOMPARE(annotations[u"janitor/expires"_s].toString(), u"2026-12-01T08:30:00Z"_s);
        QVERIFY(annotations[u"janitor/ttl"_s].isNull());
    }

    void extendMovesTheAnnotation()
    {
        const QString name = u"shop-pr-1420"_s;   // expiring soon
        const ApiResult before = waitFor(m_client->get(namespaceRef(name)));
        QVERIFY2(before.ok(), qPrintable(before.message()));
        const QDateTime old = EnvironmentBuilder::parseRfc3339(
            before.object[u"metadata"_s][u"annotations"_s][u"previewdesk.io/expires-at"_s].toString());
        QVERIFY(old.isValid());

        EnvironmentActions actions(m_client.get());
        const ActionResult result = waitFor(actions.extendExpiry(name, std::chrono::hours(48)));
        QVERIFY2(result.ok, qPrintable(result.message));

        const ApiResult after = waitFor(m_client->get(namespaceRef(name)));
        const QString text = after.object[u"metadata"_s][u"annotations"_s][u"previewdesk.io/expires-at"_s].toString();
        QVERIFY2(text.endsWith(u'Z'), qPrintable(text));
        const QDateTime moved = EnvironmentBuilder::parseRfc3339(text);
        QVERIFY(moved.isValid());
        const qint64 gained = std::max(old, QDateTime::currentDateTimeUtc()).secsTo(moved);
        QVERIFY2(gained >= 48 * 3600 - 60 && gained <= 48 * 3600 + 1, qPrintable(QString::number(gained)));
    }

    void extendUnknownFails()
    {
        EnvironmentActions actions(m_client.get());
        const ActionResult result = waitFor(actions.extendExpiry(u"no-such-env"_s, std::chrono::hours(24)));
        QVERIFY(!result.ok);
        QVERIFY2(result.message.contains(u"no-such-env"_s), qPrintable(result.message));
    }

    void scaleDownThenUp()
    {
        const QString name = u"shop-pr-1412"_s;
        QMap<QString, int> original;
        for (const QJsonValue &item : waitFor(m_client->list(deploymentsIn(name))).items())
            original.insert(item[u"metadata"_s][u"name"_s].toString(), item[u"spec"_s][u"replicas"_s].toInt(1));
        QVERIFY(!original.isEmpty());
        QVERIFY(std::any_of(original.cbegin(), original.cend(), [](int r) { return r > 0; }));

        EnvironmentActions actions(m_client.get());
        QSignalSpy progress(&actions, &EnvironmentActions::progress);
        ActionResult result = waitFor(actions.scaleDown(name));
        QVERIFY2(result.ok, qPrintable(result.message));
        QVERIFY(progress.count() > 1);
        for (const QJsonValue &item : waitFor(m_client->list(deploymentsIn(name))).items()) {
            const QString workload = item[u"metadata"_s][u"name"_s].toString();
            QCOMPARE(item[u"spec"_s][u"replicas"_s].toInt(-1), 0);
            if (original.value(workload) > 0)
                QCOMPARE(item[u"metadata"_s][u"annotations"_s][u"downscaler/original-replicas"_s].toString(),
                         QString::number(original.value(workload)));
        }

        // Idempotent: a second scale-down changes nothing and keeps the recorded counts.
        result = waitFor(actions.scaleDown(name));
        QVERIFY2(result.ok, qPrintable(result.message));
        QVERIFY2(result.message.contains(u"already"_s), qPrintable(result.message));

        result = waitFor(actions.scaleUp(name));
        QVERIFY2(result.ok, qPrintable(result.message));
        for (const QJsonValue &item : waitFor(m_client->list(deploymentsIn(name))).items()) {
            const QString workload = item[u"metadata"_s][u"name"_s].toString();
            QCOMPARE(item[u"spec"_s][u"replicas"_s].toInt(-1), original.value(workload));
            QVERIFY(!item[u"metadata"_s][u"annotations"_s].toObject().contains(u"downscaler/original-replicas"_s));
        }
    }

    void scaleUpRestoresSeededScaledDown()
    {
        const QString name = u"shop-pr-1397"_s;   // seeded scaled down, with the annotation
        EnvironmentActions actions(m_client.get());
        const ActionResult result = waitFor(actions.scaleUp(name));
        QVERIFY2(result.ok, qPrintable(result.message));
        const QJsonArray items = waitFor(m_client->list(deploymentsIn(name))).items();
        QVERIFY(!items.isEmpty());
        QVERIFY(std::any_of(items.begin(), items.end(), [](const QJsonValue &item) {
            return item[u"spec"_s][u"replicas"_s].toInt() > 0;
        }));
    }

    void scaleDownSuspendsCronJobs()
    {
        // As the guardrail scripts do: previewdesk.io/original-suspend records the former
        // state; scale-up restores it and removes the record.
        const QString ns = u"cron-preview"_s;
        QVERIFY(waitFor(m_client->create(namespaceRef(QString()), previewNamespace(ns))).ok());
        const ResourceRef cronJobs = collectionIn(u"batch"_s, u"cronjobs"_s, ns);
        QVERIFY(waitFor(m_client->create(deploymentsIn(ns), deployment(u"web"_s, ns, 2))).ok());
        QVERIFY(waitFor(m_client->create(cronJobs, cronJob(u"nightly-report"_s, ns, std::nullopt))).ok());
        QVERIFY(waitFor(m_client->create(cronJobs, cronJob(u"cleanup"_s, ns, false))).ok());
        QVERIFY(waitFor(m_client->create(cronJobs, cronJob(u"paused"_s, ns, true))).ok());

        EnvironmentActions actions(m_client.get());
        QSignalSpy progressed(&actions, &EnvironmentActions::progressed);
        ActionResult result = waitFor(actions.scaleDown(ns));
        QVERIFY2(result.ok, qPrintable(result.message));
        QVERIFY2(result.message.contains(u"suspended 3 CronJob"_s), qPrintable(result.message));
        // "Scaling down N of 4 workloads": counted progress, ending at 4 of 4.
        QVERIFY(std::any_of(progressed.cbegin(), progressed.cend(), [](const QList<QVariant> &args) {
            return args.at(2).toInt() == 4 && args.at(3).toString().contains(u"of 4 workloads"_s);
        }));
        QCOMPARE(progressed.last().at(1).toInt(), 4);
        QMap<QString, QJsonObject> jobs = objectsByName(m_client.get(), cronJobs);
        QCOMPARE(jobs.size(), 3);
        const QMap<QString, QString> recorded{{u"nightly-report"_s, u"false"_s}, {u"cleanup"_s, u"false"_s}, {u"paused"_s, u"true"_s}};
        for (auto it = recorded.cbegin(); it != recorded.cend(); ++it) {
            const QJsonObject job = jobs.value(it.key());
            QCOMPARE(job[u"spec"_s][u"suspend"_s].toBool(false), true);
            QCOMPARE(job[u"metadata"_s][u"annotations"_s][u"previewdesk.io/original-suspend"_s].toString(), it.value());
        }

        // Again: nothing left to do, the records stay as they were.
        result = waitFor(actions.scaleDown(ns));
        QVERIFY2(result.ok && result.message.contains(u"already"_s), qPrintable(result.message));
        QCOMPARE(objectsByName(m_client.get(), cronJobs).value(u"paused"_s)[u"metadata"_s][u"annotations"_s]
                         [u"previewdesk.io/original-suspend"_s].toString(), u"true"_s);

        result = waitFor(actions.scaleUp(ns));
        QVERIFY2(result.ok, qPrintable(result.message));
        QVERIFY2(result.message.contains(u"resumed 3 CronJob"_s), qPrintable(result.message));
        jobs = objectsByName(m_client.get(), cronJobs);
        for (auto it = recorded.cbegin(); it != recorded.cend(); ++it) {
            const QJsonObject job = jobs.value(it.key());
            QCOMPARE(job[u"spec"_s][u"suspend"_s].toBool(false), it.value() == u"true"_s);
            QVERIFY(!job[u"metadata"_s][u"annotations"_s].toObject().contains(u"previewdesk.io/original-suspend"_s));
        }
        QCOMPARE(objectsByName(m_client.get(), deploymentsIn(ns)).value(u"web"_s)[u"spec"_s][u"replicas"_s].toInt(), 2);
    }

    void cancelScaleDownMidway()
    {
        const QString ns = u"cancel-scale"_s;
        QVERIFY(waitFor(m_client->create(namespaceRef(QString()), previewNamespace(ns))).ok());
        constexpr int count = 7;
        for (int i = 0; i < count; ++i)
            QVERIFY(waitFor(m_client->create(deploymentsIn(ns), deployment(u"svc-%1"_s.arg(i), ns, 1))).ok());

        // Slow answers, so the cancel lands while workloads are still to do.
        m_cluster.faults()->setLatency(std::chrono::milliseconds(60));
        EnvironmentActions actions(m_client.get());
        QSignalSpy progressed(&actions, &EnvironmentActions::progressed);
        QFuture<ActionResult> future = actions.scaleDown(ns);
        QVERIFY(actions.isRunning(ns));
        // Another operation on the same environment waits its turn: refused at once.
        const ActionResult second = waitFor(actions.scaleUp(ns));
        QVERIFY(!second.ok);
        QVERIFY2(second.message.contains(u"still running"_s), qPrintable(second.message));
        QTRY_VERIFY_WITH_TIMEOUT(!progressed.isEmpty() && progressed.last().at(1).toInt() >= 2, 20000);
        QVERIFY(actions.cancel(ns));
        const ActionResult result = waitFor(future);
        m_cluster.faults()->reset();
        QVERIFY(!result.ok);
        QVERIFY(result.cancelled);
        QVERIFY(!actions.isRunning(ns));
        QVERIFY(!actions.cancel(ns));

        // The message says how many were done; exactly those are at zero (and recorded).
        const QRegularExpression done(u"Cancelled: scaled down (\\d+) of 7 workloads of cancel-scale; the other (\\d+) were left as they were"_s);
        const QRegularExpressionMatch match = done.match(result.message);
        QVERIFY2(match.hasMatch(), qPrintable(result.message));
        const int scaled = match.captured(1).toInt();
        QVERIFY2(scaled >= 2 && scaled < count, qPrintable(result.message));
        QCOMPARE(match.captured(2).toInt(), count - scaled);
        int atZero = 0;
        for (const QJsonObject &object : objectsByName(m_client.get(), deploymentsIn(ns))) {
            const bool zero = object[u"spec"_s][u"replicas"_s].toInt() == 0;
            atZero += zero ? 1 : 0;
            QCOMPARE(object[u"metadata"_s][u"annotations"_s].toObject().contains(u"downscaler/original-replicas"_s), zero);
        }
        QCOMPARE(atZero, scaled);

        // Scale-up brings back exactly what was scaled down.
        const ActionResult up = waitFor(actions.scaleUp(ns));
        QVERIFY2(up.ok, qPrintable(up.message));
        QVERIFY2(up.message.contains(u"Scaled up %1 workload"_s.arg(scaled)), qPrintable(up.message));
    }

    void cancelAbortsTheReadOnTheWire()
    {
        // A slow cluster: the cancel lands while the namespace is being read. The read is
        // aborted (the result comes at once, not after the answer) and nothing is written.
        const QString ns = u"cancel-read"_s;
        QVERIFY(waitFor(m_client->create(namespaceRef(QString()), previewNamespace(ns))).ok());
        QVERIFY(waitFor(m_client->create(deploymentsIn(ns), deployment(u"web"_s, ns, 2))).ok());
        m_cluster.faults()->setLatency(std::chrono::milliseconds(3000));
        EnvironmentActions actions(m_client.get());
        const QFuture<ActionResult> scale = actions.scaleDown(ns);
        QVERIFY(actions.cancel(ns));
        QVERIFY(scale.isFinished());   // aborted, not waited for
        const ActionResult scaled = scale.result();
        QVERIFY(scaled.cancelled);
        QCOMPARE(scaled.status().code, int(pd::kube::Status::Cancelled));
        QCOMPARE(scaled.message, u"Cancelled: nothing in cancel-read was changed."_s);
        QVERIFY(!actions.isRunning(ns));

        const QFuture<ActionResult> destroy = actions.destroy(ns);
        QVERIFY(actions.cancel(ns));
        QVERIFY(destroy.isFinished());
        QVERIFY(destroy.result().cancelled);
        QCOMPARE(destroy.result().message, u"Cancelled: cancel-read was not deleted."_s);
        m_cluster.faults()->reset();

        const ApiResult web = waitFor(m_client->get(deploymentsIn(ns).named(u"web"_s)));
        QCOMPARE(web.object[u"spec"_s][u"replicas"_s].toInt(), 2);
        QVERIFY(waitFor(m_client->get(namespaceRef(ns))).ok());
    }

    void destroyWaitsAndCanBeCancelled()
    {
        // A finalizer nobody removes keeps the namespace Terminating: destroy waits, and
        // cancel stops the waiting (the deletion goes on in the cluster).
        const QString ns = u"stuck-preview"_s;
        QVERIFY(waitFor(m_client->create(namespaceRef(QString()), previewNamespace(ns))).ok());
        QJsonObject held{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s},
                         {u"metadata"_s, QJsonObject{{u"name"_s, u"held"_s}, {u"namespace"_s, ns},
                                                    {u"finalizers"_s, QJsonArray{u"previewdesk.test/hold"_s}}}}};
        const ResourceRef configMaps = collectionIn(QString(), u"configmaps"_s, ns);
        QVERIFY(waitFor(m_client->create(configMaps, held)).ok());

        EnvironmentActions actions(m_client.get());
        actions.setDestroyPolling(std::chrono::milliseconds(50), std::chrono::seconds(60));
        QSignalSpy progress(&actions, &EnvironmentActions::progress);
        QFuture<ActionResult> future = actions.destroy(ns);
        const auto waiting = [&] {
            return std::any_of(progress.cbegin(), progress.cend(), [&](const QList<QVariant> &args) {
                return args.at(1).toString() == u"Waiting for namespace stuck-preview to terminate…"_s;
            });
        };
        QTRY_VERIFY_WITH_TIMEOUT(waiting(), 20000);
        QVERIFY(actions.cancel(ns));
        const ActionResult result = waitFor(future);
        QVERIFY(!result.ok);
        QVERIFY(result.cancelled);
        QVERIFY2(result.message.contains(u"Stopped waiting"_s) && result.message.contains(u"goes on in the cluster"_s),
                 qPrintable(result.message));
        const ApiResult terminating = waitFor(m_client->get(namespaceRef(ns)));
        QCOMPARE(terminating.object[u"status"_s][u"phase"_s].toString(), u"Terminating"_s);

        // Once the finalizer goes, a new destroy sees the namespace vanish.
        QVERIFY(waitFor(m_client->patch(configMaps.named(u"held"_s), pd::kube::PatchType::Merge,
                                        R"({"metadata":{"finalizers":null}})")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(waitFor(m_client->get(namespaceRef(ns))).httpCode, 404, 20000);
        const ActionResult again = waitFor(actions.destroy(ns));
        QVERIFY(!again.ok);
        QVERIFY2(again.message.contains(u"No environment named stuck-preview"_s), qPrintable(again.message));
    }

    void destroyDeletesAndWaits()
    {
        const QString ns = u"short-lived"_s;
        QVERIFY(waitFor(m_client->create(namespaceRef(QString()), previewNamespace(ns))).ok());
        QVERIFY(waitFor(m_client->create(deploymentsIn(ns), deployment(u"web"_s, ns, 1))).ok());
        EnvironmentActions actions(m_client.get());
        QSignalSpy progressed(&actions, &EnvironmentActions::progressed);
        const ActionResult result = waitFor(actions.destroy(ns));
        QVERIFY2(result.ok, qPrintable(result.message));
        QCOMPARE(result.message, u"short-lived destroyed."_s);
        QCOMPARE(waitFor(m_client->get(namespaceRef(ns))).httpCode, 404);
        QVERIFY(progressed.count() >= 2);
    }

    void destroyRefusesSource()
    {
        EnvironmentActions actions(m_client.get());
        const ActionResult result = waitFor(actions.destroy(u"staging"_s));
        QVERIFY(!result.ok);
        QVERIFY2(result.message.contains(u"source"_s), qPrintable(result.message));
        QVERIFY(waitFor(m_client->get(namespaceRef(u"staging"_s))).ok());
    }

    void permissions_data()
    {
        QTest::addColumn<bool>("viewer");
        QTest::addColumn<int>("action");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<QString>("missing");
        QTest::newRow("viewer destroy") << true << int(EnvironmentAction::Destroy) << false << u"needs: delete namespaces"_s;
        QTest::newRow("viewer extend") << true << int(EnvironmentAction::ExtendExpiry) << false << u"needs: patch namespaces"_s;
        QTest::newRow("viewer scale") << true << int(EnvironmentAction::ScaleDown) << false
                                      << u"needs: patch deployments in shop-pr-1402"_s;
        QTest::newRow("admin destroy") << false << int(EnvironmentAction::Destroy) << true << QString();
        QTest::newRow("admin scale") << false << int(EnvironmentAction::ScaleUp) << true << QString();
    }

    void permissions()
    {
        QFETCH(bool, viewer);
        QFETCH(int, action);
        QFETCH(bool, allowed);
        QFETCH(QString, missing);
        // RBAC for the viewer's bearer token needs TLS (as in kube-apiserver).
        pd::sandbox::SandboxCluster cluster;
        pd::sandbox::SandboxOptions options;
        options.tls = true;
        options.controllers = false;
        QString error;
        QVERIFY2(cluster.start(options, &error), qPrintable(error));
        pd::kube::ClusterEndpoint endpoint;
        endpoint.server = cluster.url();
        endpoint.certificateAuthorityPem = cluster.caPem();
        endpoint.token = viewer ? cluster.viewerToken() : cluster.adminToken();
        pd::kube::ApiClient client(endpoint);

        PermissionCache cache(&client);
        const QString ns = u"shop-pr-1402"_s;
        const auto kind = EnvironmentAction(action);
        QSignalSpy changed(&cache, &PermissionCache::answersChanged);
        QVERIFY(cache.missing(kind, ns).isEmpty());   // unknown yet: not a "no"
        cache.prefetch(kind, ns);
        const auto requirements = PermissionCache::requirements(kind, ns);
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(requirements.cbegin(), requirements.cend(),
                                             [&](const auto &a) { return cache.cached(a).has_value(); }),
                                 20000);
        QCOMPARE(cache.missing(kind, ns), missing);
        QCOMPARE(cache.cached(requirements.first()), std::optional<bool>(allowed));
        QVERIFY(changed.count() >= 1);
        // Answered from the cache: no second review.
        const int before = changed.count();
        QCOMPARE(waitFor(cache.check(requirements.first())), std::optional<bool>(allowed));
        QCOMPARE(changed.count(), before);
    }

private:
    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
};

QTEST_GUILESS_MAIN(TestEnvironmentActions)
#include "tst_environmentactions.moc"
