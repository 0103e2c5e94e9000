// Where a browser reaches an Ingress host (ingressurl.h): the scheme from its tls entries,
// the port its controller reports when that is not the scheme's default; the clone's URL
// is the renamed host behind the source's controller.
#include "cloneplannertestutil.h"
#include "core/environment/ingressurl.h"

using namespace pd::core;
using namespace pd::core::test;
using namespace Qt::StringLiterals;

namespace {

QJsonObject ingress(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

const QByteArray kTlsSpec = R"("spec":{"tls":[{"hosts":["a.example.com"]}],"rules":[{"host":"a.example.com"},{"host":"b.example.com"}]})";

} // namespace

class TestIngressUrl final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void urls_data()
    {
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("url");
        QTest::newRow("tls host, no status") << QByteArray("{}") << u"a.example.com"_s << u"https://a.example.com"_s;
        QTest::newRow("host outside tls") << QByteArray("{}") << u"b.example.com"_s << u"http://b.example.com"_s;
        QTest::newRow("cloud load balancer: ip only")
                << QByteArray(R"({"loadBalancer":{"ingress":[{"ip":"203.0.113.9"}]}})") << u"a.example.com"_s
                << u"https://a.example.com"_s;
        QTest::newRow("reported local port")
                << QByteArray(R"({"loadBalancer":{"ingress":[{"ip":"127.0.0.1","ports":[{"port":8480,"protocol":"TCP"}]}]}})")
                << u"a.example.com"_s << u"https://a.example.com:8480"_s;
        QTest::newRow("default port is not written")
                << QByteArray(R"({"loadBalancer":{"ingress":[{"ip":"127.0.0.1","ports":[{"port":443,"protocol":"TCP"}]}]}})")
                << u"a.example.com"_s << u"https://a.example.com"_s;
        QTest::newRow("a port in error is not one to use")
                << QByteArray(R"({"loadBalancer":{"ingress":[{"ip":"127.0.0.1","ports":[{"port":8480,"protocol":"TCP","error":"Pending"}]}]}})")
                << u"a.example.com"_s << u"https://a.example.com"_s;
        QTest::newRow("udp is not a browser's")
                << QByteArray(R"({"loadBalancer":{"ingress":[{"hostname":"lb.example.net","ports":[{"port":9000,"protocol":"UDP"}]}]}})")
                << u"b.example.com"_s << u"http://b.example.com"_s;
    }

    void urls()
    {
        QFETCH(QByteArray, status);
        QFETCH(QString, host);
        QFETCH(QString, url);
        const QJsonObject object = ingress("{" + kTlsSpec + R"(,"status":)" + status + "}");
        QCOMPARE(ingressUrl(object, host).toString(), url);
    }

    void theCloneKeepsTheSourceControllersPort()
    {
        QList<QJsonObject> source = loadFixture();
        for (QJsonObject &object : source) {
            if (object.value(u"kind"_s).toString() != u"Ingress"_s)
                continue;
            object.insert(u"status"_s, QJsonDocument::fromJson(R"({"loadBalancer":{"ingress":[{"ip":"127.0.0.1",
                    "ports":[{"port":8480,"protocol":"TCP"}]}]}})").object());
        }
        QRandomGenerator random(1);
        const ClonePlan plan = planClone(source, shopOptions(), kNow, random);
        QCOMPARE(plan.url, u"https://pr-1423.preview.example.com:8480"_s);
        // Without a reported port (a cloud controller) the URL stays as it was.
        QRandomGenerator again(1);
        QCOMPARE(planClone(loadFixture(), shopOptions(), kNow, again).url, u"https://pr-1423.preview.example.com"_s);
    }
};

QTEST_MAIN(TestIngressUrl)
#include "tst_ingressurl.moc"
