// EnvironmentCache: events and re-lists mark exactly the namespaces they touch.
#include "core/environment/environmentcache.h"

#include <QTest>

using namespace Qt::StringLiterals;
using pd::core::EnvironmentCache;
using Kind = pd::core::EnvironmentSourceKind;

namespace {

QJsonObject object(const QString &ns, const QString &name, int replicas = 1)
{
    QJsonObject metadata{{u"name"_s, name}};
    if (!ns.isEmpty())
        metadata.insert(u"namespace"_s, ns);
    return QJsonObject{{u"metadata"_s, metadata}, {u"spec"_s, QJsonObject{{u"replicas"_s, replicas}}}};
}

} // namespace

class TestEnvironmentCache final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eventsMarkTheirNamespace();
    void relistMarksOnlyDifferences();
    void inputsCollectEveryKind();
    void namespaceRelistTouchesOnlyItsNamespace();
};

void TestEnvironmentCache::eventsMarkTheirNamespace()
{
    EnvironmentCache cache;
    cache.apply(Kind::Namespace, object({}, u"pr-1"_s), false);
    cache.apply(Kind::Deployment, object(u"pr-2"_s, u"web"_s), false);
    cache.apply(Kind::Deployment, object(u"pr-2"_s, u"api"_s), false);
    QCOMPARE(cache.takeDirty(), (QStringList{u"pr-1"_s, u"pr-2"_s}));
    QVERIFY(!cache.hasDirty());
    QVERIFY(cache.hasNamespace(u"pr-1"_s));
    QVERIFY(!cache.hasNamespace(u"pr-2"_s));   // only its deployments are known

    cache.apply(Kind::Deployment, object(u"pr-2"_s, u"web"_s), true);
    QCOMPARE(cache.takeDirty(), QStringList{u"pr-2"_s});
    QCOMPARE(cache.inputs(u"pr-2"_s).deployments.size(), 1);
    cache.apply(Kind::Namespace, object({}, u"pr-1"_s), true);
    QVERIFY(!cache.hasNamespace(u"pr-1"_s));
    QCOMPARE(cache.takeDirty(), QStringList{u"pr-1"_s});
}

void TestEnvironmentCache::relistMarksOnlyDifferences()
{
    EnvironmentCache cache;
    cache.replaceAll(Kind::Deployment, {object(u"a"_s, u"web"_s), object(u"b"_s, u"web"_s), object(u"c"_s, u"web"_s)});
    QCOMPARE(cache.takeDirty(), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
    // b changed, c is gone, d is new, a is the same.
    cache.replaceAll(Kind::Deployment, {object(u"a"_s, u"web"_s), object(u"b"_s, u"web"_s, 0), object(u"d"_s, u"web"_s)});
    QCOMPARE(cache.takeDirty(), (QStringList{u"b"_s, u"c"_s, u"d"_s}));
    QVERIFY(cache.inputs(u"c"_s).deployments.isEmpty());
    QCOMPARE(cache.inputs(u"b"_s).deployments.first()[u"spec"_s][u"replicas"_s].toInt(), 0);
}

void TestEnvironmentCache::namespaceRelistTouchesOnlyItsNamespace()
{
    EnvironmentCache cache;
    cache.replaceAll(Kind::Deployment, {object(u"a"_s, u"web"_s), object(u"b"_s, u"web"_s)});
    cache.takeDirty();
    // A namespace-scoped list of "a" replaces a's deployments and leaves b's alone.
    cache.replaceNamespace(Kind::Deployment, u"a"_s, {object(u"a"_s, u"api"_s)});
    QCOMPARE(cache.dirty(), QStringList{u"a"_s});
    QCOMPARE(cache.takeDirty(), QStringList{u"a"_s});
    QCOMPARE(cache.inputs(u"a"_s).deployments.size(), 1);
    QCOMPARE(cache.inputs(u"a"_s).deployments.first(), object(u"a"_s, u"api"_s));
    QCOMPARE(cache.inputs(u"b"_s).deployments.size(), 1);
    // The same list again changes nothing; an empty one empties the namespace.
    cache.replaceNamespace(Kind::Deployment, u"a"_s, {object(u"a"_s, u"api"_s)});
    QVERIFY(!cache.hasDirty());
    cache.replaceNamespace(Kind::Deployment, u"a"_s, {});
    QCOMPARE(cache.takeDirty(), QStringList{u"a"_s});
    QVERIFY(cache.inputs(u"a"_s).deployments.isEmpty());
    // The Namespace object alone.
    cache.apply(Kind::Namespace, object({}, u"a"_s), false);
    QCOMPARE(cache.namespaceObject(u"a"_s), object({}, u"a"_s));
    QVERIFY(cache.namespaceObject(u"zz"_s).isEmpty());
}

void TestEnvironmentCache::inputsCollectEveryKind()
{
    EnvironmentCache cache;
    cache.apply(Kind::Namespace, object({}, u"pr-1"_s), false);
    cache.apply(Kind::Deployment, object(u"pr-1"_s, u"web"_s), false);
    cache.apply(Kind::StatefulSet, object(u"pr-1"_s, u"db"_s), false);
    cache.apply(Kind::Ingress, object(u"pr-1"_s, u"shop"_s), false);
    cache.apply(Kind::ResourceQuota, object(u"pr-1"_s, u"quota"_s), false);
    cache.apply(Kind::Deployment, object(u"other"_s, u"web"_s), false);
    const pd::core::EnvironmentInputs inputs = cache.inputs(u"pr-1"_s);
    QCOMPARE(inputs.namespaceObject[u"metadata"_s][u"name"_s].toString(), u"pr-1"_s);
    QCOMPARE(inputs.deployments.size(), 1);
    QCOMPARE(inputs.statefulSets.size(), 1);
    QCOMPARE(inputs.ingresses.size(), 1);
    QCOMPARE(inputs.resourceQuotas.size(), 1);
    QCOMPARE(cache.takeDirty(), (QStringList{u"other"_s, u"pr-1"_s}));
    cache.clear();
    QCOMPARE(cache.takeDirty(), QStringList{u"pr-1"_s});
    QVERIFY(cache.namespaceNames().isEmpty());
}

QTEST_GUILESS_MAIN(TestEnvironmentCache)
#include "tst_environmentcache.moc"
