// The API client, discovery and WatchStream against the embedded sandbox server:
// the same calls PreviewDesk makes, answered by a server that behaves like kube-apiserver.
#include "kube/apiclient.h"
#include "kube/discovery.h"
#include "kube/watchstream.h"

#include "sandbox/sandboxcluster.h"

#include "futurewait.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace pd::kube;
using namespace pd::test;
using namespace Qt::StringLiterals;

namespace {

const ResourceRef configMaps{{}, u"v1"_s, u"configmaps"_s, u"pr-7"_s, {}, {}};

QJsonObject configMap(const QString &name, const QString &value = u"1"_s)
{
    return QJsonObject{{"apiVersion"_L1, "v1"_L1},
                       {"kind"_L1, "ConfigMap"_L1},
                       {"metadata"_L1, QJsonObject{{"name"_L1, name}, {"labels"_L1, QJsonObject{{"app"_L1, "web"_L1}}}}},
                       {"data"_L1, QJsonObject{{"key"_L1, value}}}};
}

} // namespace

class TestApiClientSandbox final : public QObject
{
    Q_OBJECT

private:
    pd::sandbox::SandboxCluster m_cluster;
    ApiClient *m_admin = nullptr;

    ClusterEndpoint endpointFor(const QString &token) const
    {
        ClusterEndpoint endpoint;
        endpoint.server = m_cluster.url();
        endpoint.token = token;
        endpoint.certificateAuthorityPem = m_cluster.caPem();
        return endpoint;
    }

private Q_SLOTS:
    void initTestCase()
    {
        pd::sandbox::SandboxOptions options;
        options.controllers = false;
        options.tls = true;
        QString error;
        QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
        m_admin = new ApiClient(endpointFor(m_cluster.adminToken()), nullptr, this);
        const QJsonObject ns{{"apiVersion"_L1, "v1"_L1}, {"kind"_L1, "Namespace"_L1}, {"metadata"_L1, QJsonObject{{"name"_L1, "pr-7"_L1}}}};
        const ApiResult r = waitFor(m_admin->create(ResourceRef{{}, u"v1"_s, u"namespaces"_s, {}, {}, {}}, ns));
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QCOMPARE(r.httpCode, 201);
    }

    void discovery()
    {
        Discovery discovery(m_admin);
        const ApiResult r = waitFor(discovery.ensureLoaded());
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QCOMPARE(discovery.resolve(u"deploy"_s)->groupVersion(), u"apps/v1"_s);
        QVERIFY(discovery.resolve(u"deployments"_s)->hasSubresource(u"scale"_s));
        QVERIFY(!discovery.resolve(u"ns"_s)->namespaced);
        QCOMPARE(discovery.resolve(u"cm"_s)->kind, u"ConfigMap"_s);
    }

    void crudAndReasons()
    {
        const ApiResult created = waitFor(m_admin->create(configMaps, configMap(u"settings"_s)));
        QVERIFY2(created.ok(), qPrintable(created.message()));
        QCOMPARE(created.httpCode, 201);

        const ApiResult again = waitFor(m_admin->create(configMaps, configMap(u"settings"_s)));
        QCOMPARE(again.httpCode, 409);
        QVERIFY(again.status.isAlreadyExists());

        const ApiResult missing = waitFor(m_admin->get(configMaps.named(u"nope"_s)));
        QCOMPARE(missing.httpCode, 404);
        QVERIFY(missing.status.isNotFound());
        QCOMPARE(missing.status.message, u"configmaps \"nope\" not found"_s);

        // A stale resourceVersion on PUT is a Conflict.
        QJsonObject stale = created.object;
        const ApiResult patched = waitFor(m_admin->patch(configMaps.named(u"settings"_s), PatchType::Merge, R"({"data":{"key":"2"}})"));
        QVERIFY2(patched.ok(), qPrintable(patched.message()));
        stale.insert("data"_L1, QJsonObject{{"key"_L1, "3"_L1}});
        const ApiResult conflict = waitFor(m_admin->update(configMaps.named(u"settings"_s), stale));
        QCOMPARE(conflict.httpCode, 409);
        QVERIFY(conflict.status.isConflict());

        const ApiResult invalid = waitFor(m_admin->create(configMaps, configMap(u"Not_A_Name"_s)));
        QCOMPARE(invalid.httpCode, 422);
        QVERIFY(invalid.status.isInvalid());

        // dryRun=All answers as usual and persists nothing.
        const ApiResult dry = waitFor(m_admin->create(configMaps, configMap(u"dry"_s), true));
        QVERIFY2(dry.ok(), qPrintable(dry.message()));
        QVERIFY(waitFor(m_admin->get(configMaps.named(u"dry"_s))).status.isNotFound());

        // Server-side apply with a field manager.
        const ApiResult applied = waitFor(m_admin->apply(configMaps.named(u"applied"_s), configMap(u"applied"_s), u"previewdesk"_s));
        QVERIFY2(applied.ok(), qPrintable(applied.message()));

        const ApiResult removed = waitFor(m_admin->remove(configMaps.named(u"applied"_s)));
        QVERIFY2(removed.ok(), qPrintable(removed.message()));
    }

    void forbiddenForTheViewer()
    {
        ApiClient viewer(endpointFor(m_cluster.viewerToken()));
        const ApiResult r = waitFor(viewer.list(ResourceRef{{}, u"v1"_s, u"secrets"_s, u"pr-7"_s, {}, {}}));
        QCOMPARE(r.httpCode, 403);
        QVERIFY(r.status.isForbidden());
        QVERIFY2(r.message().contains(u"cannot list resource \"secrets\""_s), qPrintable(r.message()));
    }

    void listAllPages()
    {
        for (int i = 0; i < 7; ++i)
            QVERIFY(waitFor(m_admin->create(configMaps, configMap(u"page-%1"_s.arg(i)))).ok());
        ApiRequest request = ApiRequest::list(configMaps, u"app=web"_s, 2);
        const ApiResult all = waitFor(m_admin->listAll(request));
        QVERIFY2(all.ok(), qPrintable(all.message()));
        QVERIFY(all.items().size() >= 8);   // settings + 7 pages
        QVERIFY(!all.resourceVersion().isEmpty());

        const ApiResult table = waitFor(m_admin->list(configMaps, {}, AcceptAs::Table));
        QVERIFY2(table.ok(), qPrintable(table.message()));
        const ApiResult partial = waitFor(m_admin->list(configMaps, {}, AcceptAs::PartialMetadataList));
        QVERIFY2(partial.ok(), qPrintable(partial.message()));
    }

    void watchSeesChanges()
    {
        WatchStream watch(m_admin, configMaps);
        watch.setLabelSelector(u"app=web"_s);
        QSignalSpy resynced(&watch, &WatchStream::resynced);
        QSignalSpy events(&watch, &WatchStream::eventReceived);
        watch.start();
        QVERIFY(resynced.wait());
        QTRY_COMPARE(watch.state(), WatchStream::State::Live);
        QVERIFY(waitFor(m_admin->create(configMaps, configMap(u"watched"_s))).ok());
        QTRY_VERIFY(!events.isEmpty());
        const WatchEvent added = events.constLast().at(0).value<WatchEvent>();
        QCOMPARE(added.type, WatchEvent::Type::Added);
        QCOMPARE(added.object.value("metadata"_L1).toObject().value("name"_L1).toString(), u"watched"_s);
        QVERIFY(waitFor(m_admin->remove(configMaps.named(u"watched"_s))).ok());
        QTRY_VERIFY(events.constLast().at(0).value<WatchEvent>().type == WatchEvent::Type::Deleted);
    }

    void cleanupTestCase()
    {
        delete m_admin;
        m_cluster.stop();
    }
};

QTEST_GUILESS_MAIN(TestApiClientSandbox)
#include "tst_apiclientsandbox.moc"
