// Environment actions and the permission cache against the demo sandbox over
// loopback HTTP(S): extend moves previewdesk.io/expires-at, scale-down leaves zero
// replicas and downscaler/original-replicas, scale-up restores them, destroy refuses
// sources; the viewer may not delete namespaces, the admin may.

#include "core/environment/environmentactions.h"
#include "core/environment/environmentbuilder.h"
#include "core/environment/permissioncache.h"
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"

#include <QJsonArray>
#include <QtTest>

using namespace pd::core;
using namespace Qt::StringLiterals;
using pd::kube::ApiResult;
using pd::kube::ResourceRef;

namespace {

template<typename T>
T waitFor(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 30000) || future.resultCount() == 0)
        qFatal("an operation did not finish within 30 s");
    return future.result();
}

ResourceRef namespaceRef(const QString &name)
{
    return ResourceRef{QString(), u"v1"_s, u"namespaces"_s, QString(), name, {}};
}

ResourceRef deploymentsIn(const QString &ns)
{
    return ResourceRef{u"apps"_s, u"v1"_s, u"deployments"_s, ns, QString(), {}};
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
        pd::kube::ClusterEndpoint endpoint;
        endpoint.server = m_cluster.url();
        endpoint.token = m_cluster.adminToken();
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
