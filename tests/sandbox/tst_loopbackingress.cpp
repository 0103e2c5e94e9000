// The sandbox's ingress controller on loopback (`previewctl sandbox --ingress-port`, the
// demo): every Ingress host answers over http:// and https:// on one port with a page that
// names the namespace, the workload behind the path, its image and ready state; a
// *.localhost suffix reaches hosts that are not *.localhost names themselves; the port is
// reported in the Ingress status, which is where the environment's URL takes it from.
#include "core/environment/ingressurl.h"
#include "pagefetch.h"
#include "sandbox/objectstore.h"
#include "sandbox/sandboxcluster.h"

#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

const pd::sandbox::GroupResource kIngresses{u"networking.k8s.io"_s, u"ingresses"_s};
const pd::sandbox::GroupResource kNamespaces{QString(), u"namespaces"_s};

using Page = pd::test::FetchedPage;

} // namespace

class TestLoopbackIngress final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        pd::sandbox::SandboxOptions options;
        options.demo = true;
        options.podReadyDelay = 0ms;
        options.ingressPort = 0;
        QString error;
        QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
        QVERIFY(m_cluster.ingressPort() > 0);
        QVERIFY(m_cluster.ingressPort() != m_cluster.url().port());
    }

    void stagingAnswersOverHttp()
    {
        const Page page = fetchWhenReady(u"http"_s, u"staging.shop.localhost"_s, u"/"_s);
        QCOMPARE(page.status, 200);
        QVERIFY2(page.body.contains(u"<code>staging</code>"_s), qPrintable(page.body));
        QVERIFY2(page.body.contains(u"Deployment/web"_s), qPrintable(page.body));
        QVERIFY2(page.body.contains(u"registry.example.com/shop/web:"_s), qPrintable(page.body));
        QVERIFY2(page.body.contains(QRegularExpression(u"(\\d+) of \\1 pods ready"_s)), qPrintable(page.body));
    }

    void previewAnswersOverHttpsOnTheSamePort()
    {
        const Page page = fetchWhenReady(u"https"_s, u"shop-pr-1412.preview.shop.localhost"_s, u"/cart"_s);
        QCOMPARE(page.status, 200);
        QVERIFY2(page.body.contains(u"<code>shop-pr-1412</code>"_s), qPrintable(page.body));
        QVERIFY2(page.body.contains(u"Deployment/web"_s), qPrintable(page.body));
    }

    void theApiHostReachesItsOwnWorkload()
    {
        const Page page = fetchWhenReady(u"http"_s, u"api.shop-pr-1412.preview.shop.localhost"_s, u"/v1/orders"_s);
        QCOMPARE(page.status, 200);
        QVERIFY2(page.body.contains(u"Deployment/checkout-api"_s), qPrintable(page.body));
        QVERIFY2(page.body.contains(u"registry.example.com/shop/checkout-api@sha256:"_s), qPrintable(page.body));
    }

    void aScaledDownPreviewAnswers503()
    {
        // shop-pr-1397 is the demo's scaled-down preview: nothing behind its Service.
        const Page page = fetch(u"http"_s, u"shop-pr-1397.preview.shop.localhost"_s, u"/"_s);
        QCOMPARE(page.status, 503);
        QVERIFY2(page.body.contains(u"no pod selected by the Service"_s), qPrintable(page.body));
    }

    void anUnknownHostListsTheKnownOnes()
    {
        const Page page = fetch(u"http"_s, u"nowhere.localhost"_s, u"/"_s);
        QCOMPARE(page.status, 404);
        QVERIFY(page.body.contains(u"no Ingress serves <code>nowhere.localhost</code>"_s));
        const QString link = u"http://staging.shop.localhost:%1/"_s.arg(m_cluster.ingressPort());
        QVERIFY2(page.body.contains(link), qPrintable(page.body));
    }

    void paths_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("service");   // "" = no route
        QTest::newRow("prefix element") << u"paths.example.org.localhost"_s << u"/api/orders"_s << u"api"_s;
        QTest::newRow("prefix itself") << u"paths.example.org"_s << u"/api"_s << u"api"_s;
        QTest::newRow("not an element") << u"paths.example.org"_s << u"/apix"_s << u"web"_s;
        QTest::newRow("exact") << u"paths.example.org"_s << u"/healthz"_s << u"health"_s;
        QTest::newRow("exact only") << u"paths.example.org"_s << u"/healthz/deep"_s << u"web"_s;
        QTest::newRow("wildcard host") << u"eu.wild.example.org"_s << u"/"_s << u"wild"_s;
        QTest::newRow("wildcard is one label") << u"a.eu.wild.example.org"_s << u"/"_s << QString();
    }

    void paths()
    {
        QFETCH(QString, host);
        QFETCH(QString, path);
        QFETCH(QString, service);
        ensureRoutingFixture();
        const Page page = fetch(u"http"_s, host, path);
        if (service.isEmpty()) {
            QCOMPARE(page.status, 404);
            return;
        }
        QVERIFY2(page.body.contains(u"<code>%1:80</code>"_s.arg(service)), qPrintable(page.body));
    }

    // curl as a second client, one that resolves *.localhost to loopback itself as browsers do
    // (no Host header set by hand), over http and https.
    void curlOpensTheUrls()
    {
        const QString curl = QStandardPaths::findExecutable(u"curl"_s);
        QVERIFY2(!curl.isEmpty(), "curl is not on the PATH (packaging/install-deps-debian.sh installs it)");
        for (const QString &scheme : {u"http"_s, u"https"_s}) {
            const QString url = u"%1://shop-pr-1412.preview.shop.localhost:%2/"_s.arg(scheme).arg(m_cluster.ingressPort());
            QProcess process;
            process.start(curl, {u"--noproxy"_s, u"*"_s, u"--silent"_s, u"--show-error"_s, u"--insecure"_s, u"--write-out"_s, u"\n%{http_code}"_s, url});
            QSignalSpy finished(&process, &QProcess::finished);
            QVERIFY(finished.wait(15000));
            const QString out = QString::fromUtf8(process.readAllStandardOutput());
            QVERIFY2(process.exitCode() == 0, qPrintable(QString::fromUtf8(process.readAllStandardError())));
            QVERIFY2(out.endsWith(u"\n200"_s), qPrintable(out.right(200)));
            QVERIFY2(out.contains(u"<code>shop-pr-1412</code>"_s), qPrintable(out));
        }
    }

    void theStatusReportsThePortAndTheUrlUsesIt()
    {
        const quint16 port = m_cluster.ingressPort();
        QJsonObject ingress;
        QTRY_VERIFY((ingress = m_cluster.store()->get(kIngresses, u"shop-pr-1412"_s, u"shop"_s).value_or(QJsonObject()))
                            .value(u"status"_s)[u"loadBalancer"_s][u"ingress"_s][0][u"ports"_s].isArray());
        const QJsonObject reported = ingress.value(u"status"_s)[u"loadBalancer"_s][u"ingress"_s][0][u"ports"_s][0].toObject();
        QCOMPARE(reported.value(u"port"_s).toInt(), int(port));
        QCOMPARE(reported.value(u"protocol"_s).toString(), u"TCP"_s);
        const QString host = u"shop-pr-1412.preview.shop.localhost"_s;
        QCOMPARE(pd::core::ingressUrl(ingress, host), QUrl(u"https://%1:%2"_s.arg(host).arg(port)));
        // The demo preview's own URL annotation names the same place.
        const QJsonObject ns = *m_cluster.store()->get(kNamespaces, {}, u"shop-pr-1412"_s);
        QCOMPARE(ns.value(u"metadata"_s)[u"annotations"_s][u"previewdesk.io/url"_s].toString(),
                 u"https://%1:%2"_s.arg(host).arg(port));
    }

private:
    Page fetch(const QString &scheme, const QString &host, const QString &path)
    {
        return pd::test::fetchThroughLoopback(&m_network, QUrl(u"%1://%2:%3%4"_s.arg(scheme, host).arg(m_cluster.ingressPort()).arg(path)));
    }

    // The demo's pods turn Ready on the next turns of the event loop.
    Page fetchWhenReady(const QString &scheme, const QString &host, const QString &path)
    {
        Page page;
        (void)QTest::qWaitFor([&] { return (page = fetch(scheme, host, path)).status == 200; }, 15000);
        return page;   // the caller compares the status
    }

    void ensureRoutingFixture()
    {
        if (m_cluster.store()->get(kIngresses, u"default"_s, u"routing"_s))
            return;
        const QByteArray yaml = R"({"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
            "metadata":{"name":"routing","namespace":"default"},
            "spec":{"rules":[
              {"host":"paths.example.org","http":{"paths":[
                 {"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}},
                 {"path":"/api/","pathType":"Prefix","backend":{"service":{"name":"api","port":{"number":80}}}},
                 {"path":"/healthz","pathType":"Exact","backend":{"service":{"name":"health","port":{"number":80}}}}]}},
              {"host":"*.wild.example.org","http":{"paths":[
                 {"path":"/","pathType":"ImplementationSpecific","backend":{"service":{"name":"wild","port":{"number":80}}}}]}}]}})";
        pd::sandbox::WriteOptions internal;
        internal.skipAdmission = true;
        QVERIFY(m_cluster.store()->create(kIngresses, QJsonDocument::fromJson(yaml).object(), internal).ok());
    }

    pd::sandbox::SandboxCluster m_cluster;
    QNetworkAccessManager m_network;
};

QTEST_MAIN(TestLoopbackIngress)
#include "tst_loopbackingress.moc"
