// Building strategic merge patches: two-way (createStrategicMergePatch) and kubectl
// apply's three-way patch; the real kubectl applies what we build.
#include "kube/jsonpatch.h"
#include "requirekubectl.h"
#include "kube/strategicmergepatch.h"

#include "jsontestutil.h"
#include "kubectloracle.h"
#include "smptestutil.h"

#include <QTest>

using namespace pd::kube;
using pd::kube::testutil::js;
using pd::kube::testutil::text;
using namespace pd::kube::testutil::smp;

class TestStrategicMergeDiff final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twoWay_data();
    void twoWay();
    void threeWay_data();
    void threeWay();
    void kubectlAppliesOurTwoWay_data() { twoWay_data(); }
    void kubectlAppliesOurTwoWay();
    void kubectlAppliesOurThreeWay_data() { threeWay_data(); }
    void kubectlAppliesOurThreeWay();
};

void TestStrategicMergeDiff::twoWay_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("modified");
    QTest::addColumn<QString>("expectedPatch"); // empty = only check the round trip
    auto row = [](const char *name, const char *kind, const QString &o, const QString &m, const char *p) {
        QTest::newRow(name) << QString::fromLatin1(kind) << o << m << QString::fromUtf8(p);
    };
    auto spec = [](const char *s) { return withSpec(s); };
    row("equal", "Deployment", QString::fromUtf8(kPatchDemo), QString::fromUtf8(kPatchDemo), "{}");
    row("scalar change", "ConfigMap", QStringLiteral(R"({"data":{"a":"1"}})"), QStringLiteral(R"({"data":{"a":"2"}})"),
        R"({"data":{"a":"2"}})");
    row("container removed", "Deployment", spec(R"({"containers":[{"name":"a"},{"name":"b"}]})"),
        spec(R"({"containers":[{"name":"a"}]})"),
        R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"$patch":"delete","name":"b"}]}}}})");
    row("container image changed", "Deployment", spec(R"({"containers":[{"name":"a","image":"1"},{"name":"b","image":"1"}]})"),
        spec(R"({"containers":[{"name":"a","image":"1"},{"name":"b","image":"2"}]})"),
        R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"image":"2","name":"b"}]}}}})");
    row("containers reordered", "Deployment", spec(R"({"containers":[{"name":"a"},{"name":"b"}]})"),
        spec(R"({"containers":[{"name":"b"},{"name":"a"}]})"),
        R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}}})");
    row("finalizer removed", "ConfigMap", QStringLiteral(R"({"metadata":{"finalizers":["a","b"]}})"),
        QStringLiteral(R"({"metadata":{"finalizers":["a"]}})"),
        R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["b"],"$setElementOrder/finalizers":["a"]}})");
    row("tolerations replaced", "Deployment", spec(R"({"tolerations":[{"key":"a"}]})"), spec(R"({"tolerations":[{"key":"b"}]})"),
        R"({"spec":{"template":{"spec":{"tolerations":[{"key":"b"}]}}}})");
    row("strategy with retainKeys", "Deployment",
        QStringLiteral(R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}})"),
        QStringLiteral(R"({"spec":{"strategy":{"type":"Recreate"}}})"),
        R"({"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}})");
    row("env change and add", "Deployment",
        spec(R"({"containers":[{"name":"c","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]})"),
        spec(R"({"containers":[{"name":"c","env":[{"name":"B","value":"3"},{"name":"A","value":"1"},{"name":"C","value":"0"}]}]})"),
        "");
    row("key removed", "ConfigMap", QStringLiteral(R"({"data":{"a":"1","b":"2"}})"), QStringLiteral(R"({"data":{"a":"1"}})"),
        R"({"data":{"b":null}})");
}

void TestStrategicMergeDiff::twoWay()
{
    QFETCH(QString, kind);
    QFETCH(QString, original);
    QFETCH(QString, modified);
    QFETCH(QString, expectedPatch);
    QString error;
    const QJsonValue patch = createStrategicMergePatch(js(original), js(modified), kind, &error);
    QVERIFY2(!patch.isUndefined(), qPrintable(error));
    if (!expectedPatch.isEmpty())
        QCOMPARE(text(patch), text(js(expectedPatch)));
    const QJsonValue applied = applyStrategicMergePatch(js(original), patch, kind, &error);
    QVERIFY2(!applied.isUndefined(), qPrintable(error));
    QCOMPARE(text(applied), text(js(modified)));
}

void TestStrategicMergeDiff::threeWay_data()
{
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("modified");
    QTest::addColumn<QString>("current");
    QTest::addColumn<QString>("expectedPatch");
    QTest::addColumn<QString>("result");
    QTest::newRow("image bump keeps server defaults")
        << withSpec(R"({"containers":[{"name":"a","image":"v1"}]})")
        << withSpec(R"({"containers":[{"name":"a","image":"v2"}]})")
        << withSpec(R"({"containers":[{"name":"a","image":"v1","imagePullPolicy":"IfNotPresent"}],"dnsPolicy":"ClusterFirst"})")
        << QStringLiteral(R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"image":"v2","name":"a"}]}}}})")
        << withSpec(R"({"containers":[{"name":"a","image":"v2","imagePullPolicy":"IfNotPresent"}],"dnsPolicy":"ClusterFirst"})");
    QTest::newRow("label removed from config, others' labels kept")
        << QStringLiteral(R"({"metadata":{"labels":{"app":"web","tier":"front"}}})")
        << QStringLiteral(R"({"metadata":{"labels":{"app":"web"}}})")
        << QStringLiteral(R"({"metadata":{"labels":{"app":"web","tier":"front","team":"x"}}})")
        << QStringLiteral(R"({"metadata":{"labels":{"tier":null}}})")
        << QStringLiteral(R"({"metadata":{"labels":{"app":"web","team":"x"}}})");
    QTest::newRow("container removed from config")
        << withSpec(R"({"containers":[{"name":"a"},{"name":"b"}]})")
        << withSpec(R"({"containers":[{"name":"a"}]})")
        << withSpec(R"({"containers":[{"name":"a","x":1},{"name":"b","x":1}]})")
        << QStringLiteral(R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"$patch":"delete","name":"b"}]}}}})")
        << withSpec(R"({"containers":[{"name":"a","x":1}]})");
    QTest::newRow("live drift reverted") << QStringLiteral(R"({"spec":{"replicas":2}})")
                                         << QStringLiteral(R"({"spec":{"replicas":2}})")
                                         << QStringLiteral(R"({"spec":{"replicas":7}})")
                                         << QStringLiteral(R"({"spec":{"replicas":2}})")
                                         << QStringLiteral(R"({"spec":{"replicas":2}})");
    QTest::newRow("nothing to do") << QStringLiteral(R"({"spec":{"replicas":2}})")
                                   << QStringLiteral(R"({"spec":{"replicas":2}})")
                                   << QStringLiteral(R"({"spec":{"replicas":2},"status":{"x":1}})")
                                   << QStringLiteral("{}")
                                   << QStringLiteral(R"({"spec":{"replicas":2},"status":{"x":1}})");
}

void TestStrategicMergeDiff::threeWay()
{
    QFETCH(QString, original);
    QFETCH(QString, modified);
    QFETCH(QString, current);
    QFETCH(QString, expectedPatch);
    QFETCH(QString, result);
    QString error;
    const QJsonValue patch = createThreeWayStrategicMergePatch(js(original), js(modified), js(current),
                                                               QStringLiteral("Deployment"), &error);
    QVERIFY2(!patch.isUndefined(), qPrintable(error));
    QCOMPARE(text(patch), text(js(expectedPatch)));
    const QJsonValue applied = applyStrategicMergePatch(js(current), patch, QStringLiteral("Deployment"), &error);
    QVERIFY2(!applied.isUndefined(), qPrintable(error));
    QCOMPARE(text(applied), text(js(result)));
}

void TestStrategicMergeDiff::kubectlAppliesOurTwoWay()
{
    QFETCH(QString, kind);
    QFETCH(QString, original);
    QFETCH(QString, modified);
    PD_REQUIRE_KUBECTL();
    const auto from = forKubectl(kind, js(original));
    const auto to = forKubectl(kind, js(modified));
    QVERIFY(from && to);
    QString error;
    const QJsonValue patch = createStrategicMergePatch(*from, *to, kind, &error);
    QVERIFY2(!patch.isUndefined(), qPrintable(error));
    const auto applied = testutil::kubectlPatch(*from, bytes(patch), QStringLiteral("strategic"), &error);
    QVERIFY2(applied.has_value(), qPrintable(error));
    QCOMPARE(text(*applied), text(*to));
}

void TestStrategicMergeDiff::kubectlAppliesOurThreeWay()
{
    QFETCH(QString, current);
    QFETCH(QString, expectedPatch);
    QFETCH(QString, result);
    PD_REQUIRE_KUBECTL();
    const auto live = forKubectl(QStringLiteral("Deployment"), js(current));
    const auto wanted = forKubectl(QStringLiteral("Deployment"), js(result));
    QVERIFY(live && wanted);
    QString error;
    const auto applied = testutil::kubectlPatch(*live, expectedPatch.toUtf8(), QStringLiteral("strategic"), &error);
    QVERIFY2(applied.has_value(), qPrintable(error));
    QCOMPARE(text(*applied), text(*wanted));
}

QTEST_GUILESS_MAIN(TestStrategicMergeDiff)
#include "tst_strategicmergediff.moc"
