// Sources are never touched by accident (issue 12, item 9), against the demo sandbox
// over loopback: every action of the app (EnvironmentActions) and previewctl destroy's
// PreviewDestroyer refuses a source, a protected preview and a system namespace with
// the reason, and what it refused is byte-for-byte what it was (resourceVersions
// included: not even a no-op write happened). Extend never gives an expiry to a
// namespace that had none.
#include "core/clone/previewdestroyer.h"
#include "core/environment/environmentactions.h"
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
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

ResourceRef namespaces()
{
    return ResourceRef{QString(), u"v1"_s, u"namespaces"_s, QString(), QString(), {}};
}

ResourceRef collection(const QString &group, const QString &plural, const QString &ns)
{
    return ResourceRef{group, u"v1"_s, plural, ns, QString(), {}};
}

QJsonObject namespaceObject(const QString &name, const QJsonObject &labels, const QJsonObject &annotations)
{
    return QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"labels"_s, labels}, {u"annotations"_s, annotations}}}};
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

QJsonObject cronJob(const QString &name, const QString &ns)
{
    return QJsonObject{{u"apiVersion"_s, u"batch/v1"_s}, {u"kind"_s, u"CronJob"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}}},
                       {u"spec"_s, QJsonObject{{u"schedule"_s, u"0 3 * * *"_s},
                                              {u"jobTemplate"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"template"_s, QJsonObject{
                                                   {u"spec"_s, QJsonObject{{u"restartPolicy"_s, u"Never"_s},
                                                                           {u"containers"_s, QJsonArray{QJsonObject{
                                                                                {u"name"_s, u"job"_s}, {u"image"_s, u"busybox:1.36"_s}}}}}}}}}}}}}}};
}

} // namespace

class TestMutationRefusals final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        pd::sandbox::SandboxOptions options;
        options.demo = true;
        options.controllers = false;   // nothing but the actions may change an object
        QString error;
        QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
        pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(m_cluster);
        m_client = std::make_unique<pd::kube::ApiClient>(endpoint);

        const QJsonObject preview{{u"previewdesk.io/role"_s, u"preview"_s}, {u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s}};
        QJsonObject locked = preview;
        locked.insert(u"previewdesk.io/protected"_s, u"true"_s);
        const QJsonObject expiring{{u"previewdesk.io/expires-at"_s, u"2030-01-01T00:00:00Z"_s}};
        // A scaled-down protected preview, so that scale-up would have something to restore.
        createEnvironment(namespaceObject(u"locked"_s, locked, expiring), u"downscaler/original-replicas"_s);
        createEnvironment(namespaceObject(u"no-expiry"_s, preview, {}), {});
        // What GuardrailStore creates: managed-by, but no environment.
        createEnvironment(namespaceObject(u"previewdesk-system"_s, QJsonObject{{u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s}}, {}),
                          {});
        QVERIFY(!snapshot(u"staging"_s).isEmpty());
    }

    void refusedLeavesTheNamespaceUnchanged_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("reason");
        for (const char *action : {"scale-down", "scale-up", "extend", "destroy", "destroyer"}) {
            QTest::addRow("%s source", action) << QString::fromLatin1(action) << u"staging"_s << u"staging: source environment"_s;
            QTest::addRow("%s protected", action) << QString::fromLatin1(action) << u"locked"_s << u"locked: protected"_s;
            QTest::addRow("%s system", action) << QString::fromLatin1(action) << u"previewdesk-system"_s
                                               << u"previewdesk-system: system namespace"_s;
        }
        QTest::newRow("extend without expiry") << u"extend"_s << u"no-expiry"_s << u"no-expiry: has no expiry"_s;
    }

    void refusedLeavesTheNamespaceUnchanged()
    {
        QFETCH(QString, action);
        QFETCH(QString, target);
        QFETCH(QString, reason);
        const QByteArray before = snapshot(target);
        QVERIFY(before.contains(target.toUtf8()));

        bool ok = true;
        QString message;
        if (action == u"destroyer"_s) {
            PreviewDestroyer destroyer(m_client.get());
            QSignalSpy finished(&destroyer, &PreviewDestroyer::finished);
            destroyer.destroy(target);
            QVERIFY(finished.wait(10000));
            ok = finished.first().at(0).toBool();
            message = finished.first().at(1).toString();
        } else {
            EnvironmentActions actions(m_client.get());
            QFuture<ActionResult> future = action == u"scale-down"_s ? actions.scaleDown(target)
                                         : action == u"scale-up"_s   ? actions.scaleUp(target)
                                         : action == u"extend"_s     ? actions.extendExpiry(target, std::chrono::hours(24))
                                                                     : actions.destroy(target);
            const ActionResult result = waitFor(future);
            ok = result.ok;
            message = result.message;
        }
        QVERIFY2(!ok, qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
        QCOMPARE(snapshot(target), before);
    }

    void forcedScaleActsOnTheSource()
    {
        // --force-source, for a scale only: the source scales down and back up.
        EnvironmentActions actions(m_client.get());
        const QByteArray before = workloadSpecs(u"staging"_s);
        ActionResult result = waitFor(actions.scaleDown(u"staging"_s, MutationOverride::ForceSource));
        QVERIFY2(result.ok, qPrintable(result.message));
        QVERIFY(workloadSpecs(u"staging"_s) != before);
        for (const QJsonValue &item : waitFor(m_client->list(collection(u"apps"_s, u"deployments"_s, u"staging"_s))).items())
            QCOMPARE(item[u"spec"_s][u"replicas"_s].toInt(-1), 0);
        result = waitFor(actions.scaleUp(u"staging"_s, MutationOverride::ForceSource));
        QVERIFY2(result.ok, qPrintable(result.message));
        QCOMPARE(workloadSpecs(u"staging"_s), before);
        // Never a system namespace, forced or not.
        result = waitFor(actions.scaleDown(u"previewdesk-system"_s, MutationOverride::ForceSource));
        QVERIFY(!result.ok);
        QVERIFY2(result.message.contains(u"system namespace"_s), qPrintable(result.message));
    }

private:
    void createEnvironment(const QJsonObject &ns, const QString &workloadAnnotation)
    {
        const QString name = ns[u"metadata"_s][u"name"_s].toString();
        const ApiResult created = waitFor(m_client->create(namespaces(), ns));
        QVERIFY2(created.ok(), qPrintable(created.message()));
        QJsonObject web = deployment(u"web"_s, name, workloadAnnotation.isEmpty() ? 2 : 0);
        if (!workloadAnnotation.isEmpty())
            web[u"metadata"_s] = QJsonObject{{u"name"_s, u"web"_s}, {u"namespace"_s, name},
                                            {u"annotations"_s, QJsonObject{{workloadAnnotation, u"2"_s}}}};
        QVERIFY(waitFor(m_client->create(collection(u"apps"_s, u"deployments"_s, name), web)).ok());
        QVERIFY(waitFor(m_client->create(collection(u"batch"_s, u"cronjobs"_s, name), cronJob(u"nightly"_s, name))).ok());
    }

    // The namespace object and every workload and configuration object in it, as served.
    QByteArray snapshot(const QString &name)
    {
        const ApiResult ns = waitFor(m_client->get(namespaces().named(name)));
        if (!ns.ok())
            return {};
        QByteArray all = QJsonDocument(ns.object).toJson(QJsonDocument::Compact) + '\n';
        const QList<std::pair<QString, QString>> kinds{{u"apps"_s, u"deployments"_s}, {u"apps"_s, u"statefulsets"_s},
                                                       {u"batch"_s, u"cronjobs"_s}, {QString(), u"configmaps"_s},
                                                       {QString(), u"services"_s}, {QString(), u"secrets"_s}};
        for (const auto &[group, plural] : kinds)
            all += QJsonDocument(waitFor(m_client->list(collection(group, plural, name))).items()).toJson(QJsonDocument::Compact) + '\n';
        return all;
    }

    // Replicas and suspend of every workload, without the metadata a write moves on.
    QByteArray workloadSpecs(const QString &name)
    {
        QByteArray all;
        for (const QString &plural : {u"deployments"_s, u"statefulsets"_s, u"cronjobs"_s}) {
            const QString group = plural == u"cronjobs"_s ? u"batch"_s : u"apps"_s;
            for (const QJsonValue &item : waitFor(m_client->list(collection(group, plural, name))).items()) {
                const QJsonObject spec = item[u"spec"_s].toObject();
                const QJsonObject annotations = item[u"metadata"_s][u"annotations"_s].toObject();
                all += item[u"metadata"_s][u"name"_s].toString().toUtf8() + ' ' + QByteArray::number(spec[u"replicas"_s].toInt(-1)) + ' '
                    + (spec[u"suspend"_s].toBool() ? "suspended" : "active") + ' '
                    + QJsonDocument(annotations).toJson(QJsonDocument::Compact) + '\n';
            }
        }
        return all;
    }

    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
};

QTEST_GUILESS_MAIN(TestMutationRefusals)
#include "tst_mutationrefusals.moc"
