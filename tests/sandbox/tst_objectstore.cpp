#include <sandbox/objectstore.h>

#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pd::sandbox;

namespace {

const GroupResource kConfigMaps{QString(), u"configmaps"_s};
const GroupResource kDeployments{u"apps"_s, u"deployments"_s};
const GroupResource kNamespaces{QString(), u"namespaces"_s};

QJsonObject configMap(const QString &ns, const QString &name, const QJsonObject &labels = {})
{
    QJsonObject meta{{u"name"_s, name}, {u"namespace"_s, ns}};
    if (!labels.isEmpty())
        meta.insert(u"labels"_s, labels);
    return QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s}, {u"metadata"_s, meta},
                       {u"data"_s, QJsonObject{{u"k"_s, u"v"_s}}}};
}

QJsonObject deployment(const QString &ns, const QString &name, int replicas)
{
    return QJsonObject{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"Deployment"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}}},
                       {u"spec"_s, QJsonObject{{u"replicas"_s, replicas}}}};
}

QString meta(const QJsonObject &o, const QString &key) { return o.value(u"metadata"_s).toObject().value(key).toString(); }

} // namespace

class TestObjectStore final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bootstrapNamespaces();
    void createFillsMetadata();
    void generateName();
    void invalidNames_data();
    void invalidNames();
    void missingNamespaceIsNotFound();
    void alreadyExists();
    void listSortedByNamespaceThenName();
    void updateConflictsOnStaleVersion();
    void generationBumpsOnSpecOnly();
    void statusIgnoredOnUpdate();
    void noOpUpdateKeepsVersion();
    void finalizersDelayDeletion();
    void namespaceTerminatingForbidsContent();
    void protectedNamespaces();
    void changedSignalAndHistory();
    void compactedHistoryIsGone();
    void dependentsIndex();
    void crdRegistersKind();
    void dryRunPersistsNothing();
};

void TestObjectStore::bootstrapNamespaces()
{
    ObjectStore store;
    QStringList names;
    for (const QJsonObject &ns : store.list(kNamespaces))
        names << meta(ns, u"name"_s);
    QCOMPARE(names, (QStringList{u"default"_s, u"kube-node-lease"_s, u"kube-public"_s, u"kube-system"_s}));
    const QJsonObject def = *store.get(kNamespaces, QString(), u"default"_s);
    QCOMPARE(def.value(u"status"_s).toObject().value(u"phase"_s).toString(), u"Active"_s);
    QCOMPARE(def.value(u"spec"_s).toObject().value(u"finalizers"_s).toArray(), QJsonArray{u"kubernetes"_s});
    QVERIFY(store.count({u"rbac.authorization.k8s.io"_s, u"clusterroles"_s}) > 0);
    QCOMPARE(store.count(kConfigMaps), 0);   // per-namespace defaults are the controllers' work
}

void TestObjectStore::createFillsMetadata()
{
    ObjectStore store;
    store.setClock([] { return QDateTime(QDate(2026, 11, 26), QTime(8, 0, 5), Qt::UTC); });
    const qint64 before = store.resourceVersion();
    const StoreResult r = store.create(kConfigMaps, configMap(u"default"_s, u"app"_s));
    QVERIFY(r.ok());
    QCOMPARE(meta(r.object, u"creationTimestamp"_s), u"2026-11-26T08:00:05Z"_s);
    QVERIFY(QRegularExpression(u"^[0-9a-f-]{36}$"_s).match(meta(r.object, u"uid"_s)).hasMatch());
    QCOMPARE(meta(r.object, u"resourceVersion"_s), QString::number(before + 1));
    QCOMPARE(store.resourceVersion(), before + 1);
    QVERIFY(!r.object.value(u"metadata"_s).toObject().contains(u"generation"_s));
    const StoreResult d = store.create(kDeployments, deployment(u"default"_s, u"web"_s, 1));
    QCOMPARE(d.object.value(u"metadata"_s).toObject().value(u"generation"_s).toInt(), 1);
}

void TestObjectStore::generateName()
{
    ObjectStore store;
    QJsonObject cm = configMap(u"default"_s, QString());
    QJsonObject m = cm.value(u"metadata"_s).toObject();
    m.remove(u"name"_s);
    m.insert(u"generateName"_s, u"web-"_s);
    cm.insert(u"metadata"_s, m);
    const StoreResult r = store.create(kConfigMaps, cm);
    QVERIFY(r.ok());
    QVERIFY2(QRegularExpression(u"^web-[bcdfghjklmnpqrstvwxz2456789]{5}$"_s).match(meta(r.object, u"name"_s)).hasMatch(),
             qPrintable(meta(r.object, u"name"_s)));
}

void TestObjectStore::invalidNames_data()
{
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("name");
    QTest::newRow("upper case") << u"configmaps"_s << u"Web"_s;
    QTest::newRow("leading dash") << u"configmaps"_s << u"-web"_s;
    QTest::newRow("underscore") << u"configmaps"_s << u"my_app"_s;
    QTest::newRow("namespace with dot") << u"namespaces"_s << u"a.b"_s;
    QTest::newRow("namespace too long") << u"namespaces"_s << QString(64, u'a');
}

void TestObjectStore::invalidNames()
{
    QFETCH(QString, resource);
    QFETCH(QString, name);
    ObjectStore store;
    QJsonObject o = resource == u"namespaces"_s
                        ? QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, name}}}}
                        : configMap(u"default"_s, name);
    const StoreResult r = store.create({QString(), resource}, o);
    QCOMPARE(r.error.code, 422);
    QCOMPARE(r.error.reason, u"Invalid"_s);
    QCOMPARE(r.error.causes.first().toObject().value(u"field"_s).toString(), u"metadata.name"_s);
    QVERIFY(r.error.message.contains(u"is invalid: metadata.name: Invalid value: \""_s + name));
}

void TestObjectStore::missingNamespaceIsNotFound()
{
    ObjectStore store;
    const StoreResult r = store.create(kConfigMaps, configMap(u"nowhere"_s, u"a"_s));
    QCOMPARE(r.error.code, 404);
    QCOMPARE(r.error.message, u"namespaces \"nowhere\" not found"_s);
}

void TestObjectStore::alreadyExists()
{
    ObjectStore store;
    QVERIFY(store.create(kDeployments, deployment(u"default"_s, u"web"_s, 1)).ok());
    const StoreResult r = store.create(kDeployments, deployment(u"default"_s, u"web"_s, 1));
    QCOMPARE(r.error.code, 409);
    QCOMPARE(r.error.reason, u"AlreadyExists"_s);
    QCOMPARE(r.error.message, u"deployments.apps \"web\" already exists"_s);
}

void TestObjectStore::listSortedByNamespaceThenName()
{
    ObjectStore store;
    QVERIFY(store.create(kNamespaces, QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, u"alpha"_s}}}}).ok());
    for (const auto &[ns, name] : {std::pair{u"default"_s, u"b"_s}, {u"alpha"_s, u"z"_s}, {u"default"_s, u"a"_s}, {u"alpha"_s, u"c"_s}})
        QVERIFY(store.create(kConfigMaps, configMap(ns, name)).ok());
    QStringList order;
    for (const QJsonObject &o : store.list(kConfigMaps))
        order << meta(o, u"namespace"_s) + u'/' + meta(o, u"name"_s);
    QCOMPARE(order, (QStringList{u"alpha/c"_s, u"alpha/z"_s, u"default/a"_s, u"default/b"_s}));
    QCOMPARE(store.list(kConfigMaps, u"alpha"_s).size(), 2);
    QCOMPARE(store.count(kConfigMaps, u"default"_s), 2);
}

void TestObjectStore::updateConflictsOnStaleVersion()
{
    ObjectStore store;
    const StoreResult created = store.create(kDeployments, deployment(u"default"_s, u"web"_s, 1));
    QJsonObject first = created.object;
    QJsonObject spec = first.value(u"spec"_s).toObject();
    spec.insert(u"replicas"_s, 2);
    first.insert(u"spec"_s, spec);
    QVERIFY(store.update(kDeployments, first).ok());
    const StoreResult stale = store.update(kDeployments, first);   // same old resourceVersion
    QCOMPARE(stale.error.code, 409);
    QCOMPARE(stale.error.reason, u"Conflict"_s);
    QCOMPARE(stale.error.message, u"Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again"_s);
}

void TestObjectStore::generationBumpsOnSpecOnly()
{
    ObjectStore store;
    QJsonObject o = store.create(kDeployments, deployment(u"default"_s, u"web"_s, 1)).object;
    QJsonObject m = o.value(u"metadata"_s).toObject();
    m.insert(u"labels"_s, QJsonObject{{u"a"_s, u"b"_s}});
    o.insert(u"metadata"_s, m);
    o = store.update(kDeployments, o).object;
    QCOMPARE(o.value(u"metadata"_s).toObject().value(u"generation"_s).toInt(), 1);
    o.insert(u"spec"_s, QJsonObject{{u"replicas"_s, 3}});
    o = store.update(kDeployments, o).object;
    QCOMPARE(o.value(u"metadata"_s).toObject().value(u"generation"_s).toInt(), 2);
}

void TestObjectStore::statusIgnoredOnUpdate()
{
    ObjectStore store;
    QJsonObject o = store.create(kDeployments, deployment(u"default"_s, u"web"_s, 1)).object;
    o.insert(u"status"_s, QJsonObject{{u"replicas"_s, 5}});
    o = store.update(kDeployments, o).object;
    QVERIFY(!o.contains(u"status"_s));
    o.insert(u"status"_s, QJsonObject{{u"replicas"_s, 5}});
    o = store.updateStatus(kDeployments, o).object;
    QCOMPARE(o.value(u"status"_s).toObject().value(u"replicas"_s).toInt(), 5);
}

void TestObjectStore::noOpUpdateKeepsVersion()
{
    ObjectStore store;
    const QJsonObject o = store.create(kConfigMaps, configMap(u"default"_s, u"a"_s)).object;
    QSignalSpy spy(&store, &ObjectStore::changed);
    const StoreResult r = store.update(kConfigMaps, o);
    QVERIFY(r.ok());
    QCOMPARE(meta(r.object, u"resourceVersion"_s), meta(o, u"resourceVersion"_s));
    QCOMPARE(spy.count(), 0);
}

void TestObjectStore::finalizersDelayDeletion()
{
    ObjectStore store;
    QJsonObject cm = configMap(u"default"_s, u"held"_s);
    QJsonObject m = cm.value(u"metadata"_s).toObject();
    m.insert(u"finalizers"_s, QJsonArray{u"example.com/hold"_s});
    cm.insert(u"metadata"_s, m);
    QVERIFY(store.create(kConfigMaps, cm).ok());
    const StoreResult del = store.remove(kConfigMaps, u"default"_s, u"held"_s);
    QVERIFY(del.ok());
    QVERIFY(!del.deleted);
    QVERIFY(!meta(del.object, u"deletionTimestamp"_s).isEmpty());
    QVERIFY(store.entry(kConfigMaps, u"default"_s, u"held"_s)->deleting);
    const StoreResult released = store.modify(kConfigMaps, u"default"_s, u"held"_s, [](QJsonObject &o) {
        QJsonObject mm = o.value(u"metadata"_s).toObject();
        mm.remove(u"finalizers"_s);
        o.insert(u"metadata"_s, mm);
        return true;
    });
    QVERIFY(released.deleted);
    QVERIFY(!store.get(kConfigMaps, u"default"_s, u"held"_s));
}

void TestObjectStore::namespaceTerminatingForbidsContent()
{
    ObjectStore store;
    QVERIFY(store.create(kNamespaces, QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, u"pr-1"_s}}}}).ok());
    const StoreResult r = store.remove(kNamespaces, QString(), u"pr-1"_s);
    QVERIFY(r.ok());
    QCOMPARE(r.object.value(u"status"_s).toObject().value(u"phase"_s).toString(), u"Terminating"_s);
    const StoreResult c = store.create(kConfigMaps, configMap(u"pr-1"_s, u"a"_s));
    QCOMPARE(c.error.code, 403);
    QCOMPARE(c.error.message, u"unable to create new content in namespace pr-1 because it is being terminated"_s);
}

void TestObjectStore::protectedNamespaces()
{
    ObjectStore store;
    for (const QString &ns : {u"default"_s, u"kube-system"_s, u"kube-public"_s}) {
        const StoreResult r = store.remove(kNamespaces, QString(), ns);
        QCOMPARE(r.error.code, 403);
        QVERIFY(store.get(kNamespaces, QString(), ns));
    }
}

void TestObjectStore::changedSignalAndHistory()
{
    ObjectStore store;
    QSignalSpy spy(&store, &ObjectStore::changed);
    const qint64 start = store.resourceVersion();
    QJsonObject o = store.create(kConfigMaps, configMap(u"default"_s, u"a"_s)).object;
    o.insert(u"data"_s, QJsonObject{{u"k"_s, u"w"_s}});
    QVERIFY(store.update(kConfigMaps, o).ok());
    QVERIFY(store.remove(kConfigMaps, u"default"_s, u"a"_s).deleted);
    QCOMPARE(spy.count(), 3);
    const auto events = store.eventsSince(start, kConfigMaps);
    QVERIFY(events);
    QCOMPARE(events->size(), 3);
    QCOMPARE(events->at(0).type, StoreEventType::Added);
    QCOMPARE(events->at(1).type, StoreEventType::Modified);
    QCOMPARE(events->at(2).type, StoreEventType::Deleted);
    QCOMPARE(events->at(2).resourceVersion, store.resourceVersion());
    QCOMPARE(store.eventsSince(start + 2, kConfigMaps)->size(), 1);
}

void TestObjectStore::compactedHistoryIsGone()
{
    ObjectStore store;
    const qint64 start = store.resourceVersion();
    QVERIFY(store.create(kConfigMaps, configMap(u"default"_s, u"a"_s)).ok());
    store.compactHistory();
    QVERIFY(!store.eventsSince(start));
    QVERIFY(store.eventsSince(store.resourceVersion()));
    store.setHistoryCapacity(2);
    const qint64 now = store.resourceVersion();
    for (int i = 0; i < 4; ++i)
        QVERIFY(store.create(kConfigMaps, configMap(u"default"_s, u"c"_s + QString::number(i))).ok());
    QVERIFY(!store.eventsSince(now));
    QCOMPARE(store.eventsSince(store.resourceVersion() - 2)->size(), 2);
}

void TestObjectStore::dependentsIndex()
{
    ObjectStore store;
    const QJsonObject owner = store.create(kDeployments, deployment(u"default"_s, u"web"_s, 1)).object;
    QJsonObject cm = configMap(u"default"_s, u"owned"_s);
    QJsonObject m = cm.value(u"metadata"_s).toObject();
    m.insert(u"ownerReferences"_s, QJsonArray{QJsonObject{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"Deployment"_s},
                                                          {u"name"_s, u"web"_s}, {u"uid"_s, meta(owner, u"uid"_s)}}});
    cm.insert(u"metadata"_s, m);
    QVERIFY(store.create(kConfigMaps, cm).ok());
    const auto dependents = store.dependentsOf(meta(owner, u"uid"_s));
    QCOMPARE(dependents.size(), 1);
    QCOMPARE(dependents.first().second->name, u"owned"_s);
    QVERIFY(store.findByUid(meta(owner, u"uid"_s)));
}

void TestObjectStore::crdRegistersKind()
{
    ObjectStore store;
    const QJsonObject crd{
        {u"apiVersion"_s, u"apiextensions.k8s.io/v1"_s}, {u"kind"_s, u"CustomResourceDefinition"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, u"widgets.example.com"_s}}},
        {u"spec"_s, QJsonObject{{u"group"_s, u"example.com"_s}, {u"scope"_s, u"Namespaced"_s},
                                {u"names"_s, QJsonObject{{u"plural"_s, u"widgets"_s}, {u"singular"_s, u"widget"_s}, {u"kind"_s, u"Widget"_s}}},
                                {u"versions"_s, QJsonArray{QJsonObject{{u"name"_s, u"v1"_s}, {u"served"_s, true}, {u"storage"_s, true}}}}}}};
    const StoreResult r = store.create({u"apiextensions.k8s.io"_s, u"customresourcedefinitions"_s}, crd);
    QVERIFY(r.ok());
    QVERIFY(store.registry()->find(u"example.com"_s, u"v1"_s, u"widgets"_s));
    const GroupResource widgets{u"example.com"_s, u"widgets"_s};
    QVERIFY(store.create(widgets, QJsonObject{{u"apiVersion"_s, u"example.com/v1"_s}, {u"kind"_s, u"Widget"_s},
                                              {u"metadata"_s, QJsonObject{{u"name"_s, u"w"_s}, {u"namespace"_s, u"default"_s}}}}).ok());
    QVERIFY(store.remove({u"apiextensions.k8s.io"_s, u"customresourcedefinitions"_s}, QString(), u"widgets.example.com"_s).deleted);
    QVERIFY(!store.registry()->find(u"example.com"_s, u"v1"_s, u"widgets"_s));
    QCOMPARE(store.count(widgets), 0);
}

void TestObjectStore::dryRunPersistsNothing()
{
    ObjectStore store;
    const qint64 rv = store.resourceVersion();
    WriteOptions dry;
    dry.dryRun = true;
    const StoreResult r = store.create(kConfigMaps, configMap(u"default"_s, u"a"_s), dry);
    QVERIFY(r.ok());
    QCOMPARE(meta(r.object, u"name"_s), u"a"_s);
    QVERIFY(!store.get(kConfigMaps, u"default"_s, u"a"_s));
    QCOMPARE(store.resourceVersion(), rv);
}

QTEST_GUILESS_MAIN(TestObjectStore)
#include "tst_objectstore.moc"
