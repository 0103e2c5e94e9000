// EnvironmentCache: events and re-lists mark exactly the namespaces they touch.
#include "core/contract.h"
#include "core/environment/environmentcache.h"
#include "core/environment/environmentprojection.h"
#include "kube/yamljson.h"
#include "testpaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using pd::core::EnvironmentCache;
using Kind = pd::core::EnvironmentSourceKind;

namespace {

// What a live cluster adds to an exported object: status as the controllers write it, a
// server's bookkeeping, kubectl's last-applied copy. Varied per object so every branch of
// the builder (ready, rolling, stuck, scaled down) is met.
QJsonObject asServed(QJsonObject object, int index)
{
    QJsonObject metadata = object.value(u"metadata"_s).toObject();
    metadata.insert(u"uid"_s, u"uid-%1"_s.arg(index));
    metadata.insert(u"generation"_s, 2 + index % 3);
    metadata.insert(u"creationTimestamp"_s, u"2026-11-20T10:00:00Z"_s);
    metadata.insert(u"managedFields"_s, QJsonArray{QJsonObject{{u"manager"_s, u"kubectl"_s}, {u"fieldsV1"_s, QJsonObject{{u"f:spec"_s, QJsonObject()}}}}});
    QJsonObject annotations = metadata.value(u"annotations"_s).toObject();
    annotations.insert(u"kubectl.kubernetes.io/last-applied-configuration"_s,
                       QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
    metadata.insert(u"annotations"_s, annotations);
    object.insert(u"metadata"_s, metadata);
    const QString kind = object.value(u"kind"_s).toString();
    const int replicas = object.value(u"spec"_s)[u"replicas"_s].toInt(1);
    if (kind == u"Deployment"_s || kind == u"StatefulSet"_s) {
        QJsonObject status{{u"replicas"_s, replicas}, {u"observedGeneration"_s, 2 + index % 3 - (index % 5 == 1 ? 1 : 0)}};
        status.insert(u"readyReplicas"_s, index % 4 == 2 ? replicas - 1 : replicas);
        status.insert(u"updatedReplicas"_s, replicas);
        if (index % 7 == 3)
            status.insert(u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, u"Progressing"_s}, {u"status"_s, u"False"_s},
                                                                  {u"reason"_s, u"ProgressDeadlineExceeded"_s},
                                                                  {u"message"_s, u"ReplicaSet has timed out progressing."_s},
                                                                  {u"lastUpdateTime"_s, u"2026-11-20T10:05:00Z"_s}}});
        object.insert(u"status"_s, status);
    } else if (kind == u"Ingress"_s) {
        object.insert(u"status"_s, QJsonObject{{u"loadBalancer"_s, QJsonObject{{u"ingress"_s, QJsonArray{QJsonObject{
            {u"ip"_s, u"127.0.0.1"_s}, {u"ports"_s, QJsonArray{QJsonObject{{u"port"_s, 8480}, {u"protocol"_s, u"TCP"_s}}}}}}}}}});
    } else if (kind == u"ResourceQuota"_s) {
        object.insert(u"status"_s, QJsonObject{{u"hard"_s, object.value(u"spec"_s)[u"hard"_s]},
                                              {u"used"_s, QJsonObject{{u"pods"_s, u"3"_s}, {u"requests.cpu"_s, u"750m"_s}}}});
    } else if (kind == u"Namespace"_s) {
        object.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Active"_s}});
    }
    return object;
}

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
    void projectedObjectsBuildTheSameEnvironments();
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
    QCOMPARE(cache.namespaceObject(u"a"_s), pd::core::projectForEnvironment(Kind::Namespace, object({}, u"a"_s)));
    QCOMPARE(cache.namespaceObject(u"a"_s).value(u"metadata"_s)[u"name"_s].toString(), u"a"_s);
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

// Every environment of every fixture builds the same from projected objects as from whole
// ones, and the projection keeps a fraction of the bytes.
void TestEnvironmentCache::projectedObjectsBuildTheSameEnvironments()
{
    const pd::core::EnvironmentBuilder builder([] { return QDateTime(QDate(2026, 11, 20), QTime(12, 0), QTimeZone::utc()); });
    const QHash<QString, Kind> kinds{{u"Namespace"_s, Kind::Namespace}, {u"Deployment"_s, Kind::Deployment},
                                     {u"StatefulSet"_s, Kind::StatefulSet}, {u"Ingress"_s, Kind::Ingress},
                                     {u"ResourceQuota"_s, Kind::ResourceQuota}};
    int environments = 0;
    qint64 wholeBytes = 0;
    qint64 projectedBytes = 0;
    for (const QString &path : pd::test::environmentFixtures()) {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        QList<QJsonObject> objects;
        pd::kube::YamlError error;
        QVERIFY2(pd::kube::parseYamlDocuments(file.readAll(), path, &objects, &error), qPrintable(error.toString()));
        EnvironmentCache cache;
        QHash<QString, pd::core::EnvironmentInputs> whole;
        int index = 0;
        for (QJsonObject object : std::as_const(objects)) {
            const QString kindName = object.value(u"kind"_s).toString();
            if (!kinds.contains(kindName))
                continue;
            QJsonObject metadata = object.value(u"metadata"_s).toObject();
            if (kindName != u"Namespace"_s && !metadata.contains(u"namespace"_s)) {
                metadata.insert(u"namespace"_s, u"unnamed"_s);   // applied with kubectl -n
                object.insert(u"metadata"_s, metadata);
            }
            object = asServed(object, index++);
            const Kind kind = kinds.value(kindName);
            const QString ns = kind == Kind::Namespace ? metadata.value(u"name"_s).toString()
                                                       : object.value(u"metadata"_s)[u"namespace"_s].toString();
            pd::core::EnvironmentInputs &inputs = whole[ns];
            switch (kind) {
            case Kind::Namespace: inputs.namespaceObject = object; break;
            case Kind::Deployment: inputs.deployments.append(object); break;
            case Kind::StatefulSet: inputs.statefulSets.append(object); break;
            case Kind::Ingress: inputs.ingresses.append(object); break;
            case Kind::ResourceQuota: inputs.resourceQuotas.append(object); break;
            }
            cache.apply(kind, object, false);
            wholeBytes += QJsonDocument(object).toJson(QJsonDocument::Compact).size();
        }
        if (whole.contains(u"unnamed"_s) && whole.value(u"unnamed"_s).namespaceObject.isEmpty()) {
            const QJsonObject labels{{QString(pd::core::contract::RoleLabel), QString(pd::core::contract::RoleSource)}};
            const QJsonObject ns = asServed(QJsonObject{{u"kind"_s, u"Namespace"_s},
                                                        {u"metadata"_s, QJsonObject{{u"name"_s, u"unnamed"_s}, {u"labels"_s, labels}}}},
                                            0);
            whole[u"unnamed"_s].namespaceObject = ns;
            cache.apply(Kind::Namespace, ns, false);
        }
        for (auto it = whole.cbegin(); it != whole.cend(); ++it) {
            const pd::core::EnvironmentInputs projected = cache.inputs(it.key());
            for (const auto *list : {&projected.deployments, &projected.statefulSets, &projected.ingresses, &projected.resourceQuotas})
                for (const QJsonObject &o : *list)
                    projectedBytes += QJsonDocument(o).toJson(QJsonDocument::Compact).size();
            projectedBytes += QJsonDocument(projected.namespaceObject).toJson(QJsonDocument::Compact).size();
            QVERIFY(!projected.namespaceObject.value(u"metadata"_s).toObject().contains(u"managedFields"_s));
            const std::optional<pd::core::Environment> want = builder.build(*it);
            const std::optional<pd::core::Environment> got = builder.build(projected);
            QCOMPARE(got.has_value(), want.has_value());
            if (!want)
                continue;
            ++environments;
            QCOMPARE(got->state, want->state);
            QCOMPARE(got->stateReason, want->stateReason);
            QCOMPARE(got->workloads, want->workloads);
            QCOMPARE(got->ingressUrls, want->ingressUrls);
            QCOMPARE(got->quotas, want->quotas);
            QCOMPARE(got->annotations, want->annotations);
            QVERIFY2(*got == *want, qPrintable(path + u": "_s + it.key()));
        }
    }
    QVERIFY2(environments >= int(pd::test::environmentFixtures().size()), qPrintable(QString::number(environments)));
    qInfo("projected objects: %lld of %lld bytes", static_cast<long long>(projectedBytes), static_cast<long long>(wholeBytes));
    QVERIFY(projectedBytes * 3 < wholeBytes);
}

QTEST_GUILESS_MAIN(TestEnvironmentCache)
#include "tst_environmentcache.moc"
