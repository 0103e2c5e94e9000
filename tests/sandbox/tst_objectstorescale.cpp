// Scale: many namespaces and pods in one store; lists stay fast and paged lists
// cover everything exactly once.
#include "apitesthelper.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pd::sandbox;
using namespace pd::sandbox::test;

class TestObjectStoreScale final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void manyNamespacesAndPods();
};

void TestObjectStoreScale::manyNamespacesAndPods()
{
    const int namespaces = qEnvironmentVariableIntValue("PD_SCALE_NAMESPACES") > 0 ? qEnvironmentVariableIntValue("PD_SCALE_NAMESPACES") : 1000;
    const int podsPerNamespace = 15;
    ObjectStore store;
    ApiServer api(&store);
    QElapsedTimer timer;
    timer.start();
    const GroupResource pods{QString(), u"pods"_s};
    for (int n = 0; n < namespaces; ++n) {
        const QString ns = u"pr-"_s + QString::number(n);
        QVERIFY(store.create({QString(), u"namespaces"_s}, namespaceObject(ns)).ok());
        for (int p = 0; p < podsPerNamespace; ++p) {
            QJsonObject pod = podObject(u"web-"_s + QString::number(p), {{u"app"_s, u"web"_s}});
            QJsonObject meta = pod.value(u"metadata"_s).toObject();
            meta.insert(u"namespace"_s, ns);
            pod.insert(u"metadata"_s, meta);
            QVERIFY(store.create(pods, pod).ok());
        }
    }
    const qint64 loadMs = timer.restart();
    const Reply one = call(api, "GET", u"/api/v1/namespaces/pr-7/pods"_s);
    QCOMPARE(one.items().size(), podsPerNamespace);
    const qint64 nsListMs = timer.restart();
    const Reply all = call(api, "GET", u"/api/v1/pods"_s);
    QCOMPARE(all.items().size(), namespaces * podsPerNamespace);
    const qint64 allMs = timer.restart();
    int seen = 0;
    QString token;
    do {
        const Reply page = call(api, "GET", u"/api/v1/pods?limit=500"_s + (token.isEmpty() ? QString() : u"&continue="_s + token));
        seen += int(page.items().size());
        token = page.metadata().value(u"continue"_s).toString();
    } while (!token.isEmpty());
    QCOMPARE(seen, namespaces * podsPerNamespace);
    const qint64 pagedMs = timer.restart();
    const Reply selected = call(api, "GET", u"/api/v1/pods?labelSelector=app%3Ddb"_s);
    QCOMPARE(selected.items().size(), 0);
    qInfo("load %lld ms, one namespace %lld ms, all %lld ms, paged %lld ms, selector %lld ms", loadMs, nsListMs, allMs, pagedMs,
          timer.elapsed());
    QVERIFY(nsListMs < 1000);
}

QTEST_GUILESS_MAIN(TestObjectStoreScale)
#include "tst_objectstorescale.moc"
