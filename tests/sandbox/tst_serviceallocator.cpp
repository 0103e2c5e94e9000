// ServiceAllocator through the ApiServer: cluster IPs from 10.96.0.0/12 and node ports
// from 30000-32767, never two Services on one, the real server's 422 messages, values
// kept across updates and released on delete (also of the namespace).
#include "apitesthelper.h"

#include <sandbox/objectimport.h>

#include <QHostAddress>
#include <QSet>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pd::sandbox;
using namespace pd::sandbox::test;

namespace {

QJsonObject service(const QString &name, const QString &type = {}, int nodePort = 0, const QString &clusterIp = {})
{
    QJsonObject port{{u"port"_s, 80}, {u"targetPort"_s, 8080}};
    if (nodePort)
        port.insert(u"nodePort"_s, nodePort);
    QJsonObject spec{{u"selector"_s, QJsonObject{{u"app"_s, name}}}, {u"ports"_s, QJsonArray{port}}};
    if (!type.isEmpty())
        spec.insert(u"type"_s, type);
    if (!clusterIp.isEmpty())
        spec.insert(u"clusterIP"_s, clusterIp);
    return object(u"v1"_s, u"Service"_s, name, QJsonObject{{u"spec"_s, spec}});
}

QJsonObject specOf(const Reply &r) { return r.json.value(u"spec"_s).toObject(); }
int nodePortOf(const Reply &r) { return specOf(r).value(u"ports"_s).toArray().first().toObject().value(u"nodePort"_s).toInt(); }

bool inServiceCidr(const QString &ip)
{
    return QHostAddress(ip).isInSubnet(QHostAddress(u"10.96.0.0"_s), 12);
}

} // namespace

class TestServiceAllocator final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void allocatesClusterIps();
    void headlessKeepsNone();
    void allocatesNodePorts_data();
    void allocatesNodePorts();
    void rejectsTakenNodePort();
    void rejectsNodePortOutOfRange();
    void rejectsTakenClusterIp();
    void rejectsClusterIpOutsideCidr();
    void updateKeepsAllocations();
    void clusterIpIsImmutable();
    void deleteReleases();
    void namespaceDeletionReleases();
    void importFillsInButNeverRefuses();

private:
    Reply create(const QString &ns, const QJsonObject &svc)
    {
        return call(*m_api, "POST", u"/api/v1/namespaces/%1/services"_s.arg(ns), svc);
    }

    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<ApiServer> m_api;
};

void TestServiceAllocator::init()
{
    m_store = std::make_unique<ObjectStore>();
    m_api = std::make_unique<ApiServer>(m_store.get());
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces"_s, namespaceObject(u"shop"_s)).status, 201);
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces"_s, namespaceObject(u"other"_s)).status, 201);
}

void TestServiceAllocator::cleanup()
{
    m_api.reset();
    m_store.reset();
}

void TestServiceAllocator::allocatesClusterIps()
{
    QSet<QString> seen;
    for (int i = 0; i < 40; ++i) {
        const Reply r = create(u"shop"_s, service(u"svc-%1"_s.arg(i)));
        QCOMPARE(r.status, 201);
        const QString ip = specOf(r).value(u"clusterIP"_s).toString();
        QVERIFY2(inServiceCidr(ip), qPrintable(ip));
        QVERIFY2(!seen.contains(ip), qPrintable(ip));
        seen.insert(ip);
        QCOMPARE(specOf(r).value(u"clusterIPs"_s).toArray(), QJsonArray{ip});
        QCOMPARE(specOf(r).value(u"type"_s).toString(), u"ClusterIP"_s);
        QCOMPARE(specOf(r).value(u"ipFamilies"_s).toArray(), QJsonArray{u"IPv4"_s});
        QVERIFY(!specOf(r).value(u"ports"_s).toArray().first().toObject().contains(u"nodePort"_s));
    }
    QVERIFY(!seen.contains(u"10.96.0.10"_s));   // the static band stays for those who ask
}

void TestServiceAllocator::headlessKeepsNone()
{
    const Reply r = create(u"shop"_s, service(u"db"_s, {}, 0, u"None"_s));
    QCOMPARE(r.status, 201);
    QCOMPARE(specOf(r).value(u"clusterIP"_s).toString(), u"None"_s);
    QCOMPARE(specOf(r).value(u"clusterIPs"_s).toArray(), QJsonArray{u"None"_s});
}

void TestServiceAllocator::allocatesNodePorts_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("getsNodePort");
    QTest::newRow("NodePort") << u"NodePort"_s << true;
    QTest::newRow("LoadBalancer") << u"LoadBalancer"_s << true;
    QTest::newRow("ClusterIP") << u"ClusterIP"_s << false;
}

void TestServiceAllocator::allocatesNodePorts()
{
    QFETCH(QString, type);
    QFETCH(bool, getsNodePort);
    const Reply r = create(u"shop"_s, service(u"front"_s, type));
    QCOMPARE(r.status, 201);
    const int port = nodePortOf(r);
    if (getsNodePort) {
        QVERIFY2(port >= 30000 && port <= 32767, qPrintable(QString::number(port)));
        QCOMPARE(specOf(r).value(u"externalTrafficPolicy"_s).toString(), u"Cluster"_s);
    } else {
        QCOMPARE(port, 0);
    }
}

void TestServiceAllocator::rejectsTakenNodePort()
{
    QCOMPARE(nodePortOf(create(u"shop"_s, service(u"front"_s, u"NodePort"_s, 30080))), 30080);
    const Reply r = create(u"other"_s, service(u"copy"_s, u"NodePort"_s, 30080));
    QCOMPARE(r.status, 422);
    QCOMPARE(r.reason(), u"Invalid"_s);
    QCOMPARE(r.message(), u"Service \"copy\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated"_s);
    const QJsonObject cause = r.json.value(u"details"_s).toObject().value(u"causes"_s).toArray().first().toObject();
    QCOMPARE(cause.value(u"field"_s).toString(), u"spec.ports[0].nodePort"_s);
    QCOMPARE(cause.value(u"reason"_s).toString(), u"FieldValueInvalid"_s);
    QVERIFY(!m_store->get({QString(), u"services"_s}, u"other"_s, u"copy"_s));
}

void TestServiceAllocator::rejectsNodePortOutOfRange()
{
    const Reply r = create(u"shop"_s, service(u"front"_s, u"NodePort"_s, 8080));
    QCOMPARE(r.status, 422);
    QCOMPARE(r.message(), u"Service \"front\" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767"_s);
    const Reply clusterIp = create(u"shop"_s, service(u"inner"_s, u"ClusterIP"_s, 30001));
    QCOMPARE(clusterIp.status, 422);
    QVERIFY(clusterIp.message().contains(u"spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"_s));
}

void TestServiceAllocator::rejectsTakenClusterIp()
{
    QCOMPARE(specOf(create(u"shop"_s, service(u"dns"_s, {}, 0, u"10.96.0.10"_s))).value(u"clusterIP"_s).toString(), u"10.96.0.10"_s);
    const Reply r = create(u"other"_s, service(u"dns"_s, {}, 0, u"10.96.0.10"_s));
    QCOMPARE(r.status, 422);
    QCOMPARE(r.message(), u"Service \"dns\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10: provided IP is already allocated"_s);
}

void TestServiceAllocator::rejectsClusterIpOutsideCidr()
{
    const Reply r = create(u"shop"_s, service(u"far"_s, {}, 0, u"192.168.1.5"_s));
    QCOMPARE(r.status, 422);
    QVERIFY2(r.message().contains(u"the provided IP (192.168.1.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12"_s),
             qPrintable(r.message()));
    QCOMPARE(create(u"shop"_s, service(u"bad"_s, {}, 0, u"10.96.x"_s)).status, 422);
}

void TestServiceAllocator::updateKeepsAllocations()
{
    const Reply created = create(u"shop"_s, service(u"front"_s, u"NodePort"_s));
    const QString ip = specOf(created).value(u"clusterIP"_s).toString();
    const int port = nodePortOf(created);
    // A replace from a manifest without the allocated values (kubectl replace -f).
    QJsonObject manifest = service(u"front"_s, u"NodePort"_s);
    const Reply replaced = call(*m_api, "PUT", u"/api/v1/namespaces/shop/services/front"_s, manifest);
    QCOMPARE(replaced.status, 200);
    QCOMPARE(specOf(replaced).value(u"clusterIP"_s).toString(), ip);
    QCOMPARE(nodePortOf(replaced), port);
    // Another Service still cannot take the port.
    QCOMPARE(create(u"other"_s, service(u"thief"_s, u"NodePort"_s, port)).status, 422);
}

void TestServiceAllocator::clusterIpIsImmutable()
{
    const Reply created = create(u"shop"_s, service(u"front"_s));
    QVERIFY(created.status == 201);
    QJsonObject changed = service(u"front"_s, {}, 0, u"10.96.0.99"_s);
    const Reply r = call(*m_api, "PUT", u"/api/v1/namespaces/shop/services/front"_s, changed);
    QCOMPARE(r.status, 422);
    QVERIFY2(r.message().contains(u"spec.clusterIPs[0]: Invalid value: \"10.96.0.99\": may not change once set"_s), qPrintable(r.message()));
}

void TestServiceAllocator::deleteReleases()
{
    QCOMPARE(create(u"shop"_s, service(u"front"_s, u"NodePort"_s, 30080, u"10.96.0.50"_s)).status, 201);
    QCOMPARE(create(u"other"_s, service(u"front"_s, u"NodePort"_s, 30080)).status, 422);
    QCOMPARE(call(*m_api, "DELETE", u"/api/v1/namespaces/shop/services/front"_s).status, 200);
    const Reply again = create(u"other"_s, service(u"front"_s, u"NodePort"_s, 30080, u"10.96.0.50"_s));
    QCOMPARE(again.status, 201);
    QCOMPARE(nodePortOf(again), 30080);
}

void TestServiceAllocator::namespaceDeletionReleases()
{
    QCOMPARE(create(u"shop"_s, service(u"front"_s, u"LoadBalancer"_s, 30090)).status, 201);
    QCOMPARE(call(*m_api, "DELETE", u"/api/v1/namespaces/shop"_s).status, 200);
    QTRY_VERIFY(!m_store->get({QString(), u"namespaces"_s}, {}, u"shop"_s));
    QCOMPARE(create(u"other"_s, service(u"front"_s, u"NodePort"_s, 30090)).status, 201);
}

void TestServiceAllocator::importFillsInButNeverRefuses()
{
    QCOMPARE(create(u"shop"_s, service(u"front"_s, u"NodePort"_s, 30080)).status, 201);
    QJsonObject exported = service(u"legacy"_s, u"NodePort"_s, 30080);
    QJsonObject meta = exported.value(u"metadata"_s).toObject();
    meta.insert(u"namespace"_s, u"other"_s);
    exported.insert(u"metadata"_s, meta);
    const ImportReport report = importObjects(m_store.get(), {exported, [] {
        QJsonObject plain = service(u"plain"_s);
        QJsonObject m = plain.value(u"metadata"_s).toObject();
        m.insert(u"namespace"_s, u"other"_s);
        plain.insert(u"metadata"_s, m);
        return plain;
    }()});
    QCOMPARE(report.created, 2);
    const auto plain = m_store->get({QString(), u"services"_s}, u"other"_s, u"plain"_s);
    QVERIFY(plain);
    QVERIFY(inServiceCidr(plain->value(u"spec"_s).toObject().value(u"clusterIP"_s).toString()));
}

QTEST_GUILESS_MAIN(TestServiceAllocator)
#include "tst_serviceallocator.moc"
