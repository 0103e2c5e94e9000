// RFC 7386 JSON Merge Patch (appendix A rows), patch creation and kubectl's three-way
// merge patch for custom resources.
#include "kube/jsonpatch.h"
#include "requirekubectl.h"
#include "kube/mergepatch.h"

#include "jsontestutil.h"
#include "kubectloracle.h"

#include <QTest>

using namespace pd::kube;
using pd::kube::testutil::js;
using pd::kube::testutil::text;

class TestMergePatch final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void apply_data();
    void apply();
    void kubectlAgrees_data() { apply_data(); }
    void kubectlAgrees();
    void create_data();
    void create();
    void threeWay_data();
    void threeWay();
};

void TestMergePatch::apply_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *target, const char *patch, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(target) << QString::fromUtf8(patch) << QString::fromUtf8(expected);
    };
    row("A.1", R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})");
    row("A.2", R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})");
    row("A.3", R"({"a":"b"})", R"({"a":null})", R"({})");
    row("A.4", R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})");
    row("A.5", R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})");
    row("A.6", R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})");
    row("A.7", R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})");
    row("A.8", R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})");
    row("A.9", R"(["a","b"])", R"(["c","d"])", R"(["c","d"])");
    row("A.10", R"({"a":"b"})", R"(["c"])", R"(["c"])");
    row("A.11", R"({"a":"foo"})", "null", "null");
    row("A.12", R"({"a":"foo"})", R"("bar")", R"("bar")");
    row("A.13", R"({"e":null})", R"({"a":1})", R"({"a":1,"e":null})");
    row("A.14", "[1,2]", R"({"a":"b","c":null})", R"({"a":"b"})");
    row("A.15", "{}", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})");
    // RFC section 3 example
    row("section 3", R"({"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"})",
        R"({"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]})",
        R"({"author":{"givenName":"John"},"content":"This will be unchanged","phoneNumber":"+01-123-456-7890","tags":["example"],"title":"Hello!"})");
    // what kubectl label/annotate/scale send
    row("kubectl label", R"({"metadata":{"name":"web","labels":{"app":"web"}}})",
        R"({"metadata":{"labels":{"preview":"pr-12"}}})",
        R"({"metadata":{"labels":{"app":"web","preview":"pr-12"},"name":"web"}})");
    row("kubectl label remove", R"({"metadata":{"name":"web","labels":{"app":"web","x":"1"}}})",
        R"({"metadata":{"labels":{"x":null}}})", R"({"metadata":{"labels":{"app":"web"},"name":"web"}})");
    row("scale", R"({"spec":{"replicas":1}})", R"({"spec":{"replicas":0}})", R"({"spec":{"replicas":0}})");
    row("undefined target", "", R"({"a":1})", R"({"a":1})");
    row("empty patch", R"({"a":1})", "{}", R"({"a":1})");
}

void TestMergePatch::apply()
{
    QFETCH(QString, target);
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    const QJsonValue t = target.isEmpty() ? QJsonValue(QJsonValue::Undefined) : js(target);
    QCOMPARE(text(applyMergePatch(t, js(patch))), text(js(expected)));
}

// The row's target as field "x" of a ConfigMap and the patch as {"x": patch}: the same
// merge one level down, applied by kubectl's (evanphx) merge patch.
void TestMergePatch::kubectlAgrees()
{
    QFETCH(QString, target);
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    PD_REQUIRE_KUBECTL();
    QJsonObject object{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                       {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}}}};
    if (!target.isEmpty())
        object.insert(QStringLiteral("x"), js(target));
    const QByteArray wrappedPatch = QByteArray(R"({"x":)") + patch.toUtf8() + '}';
    QString error;
    const auto real = testutil::kubectlPatch(object, wrappedPatch, QStringLiteral("merge"), &error);
    QVERIFY2(real.has_value(), qPrintable(error));
    QCOMPARE(text(applyMergePatch(object, js(QString::fromUtf8(wrappedPatch)))), text(*real));
    // and the unwrapped expectation of the row is what kubectl left under "x"
    if (js(expected).isNull())
        QVERIFY(!real->toObject().contains(u"x"));
    else
        QCOMPARE(text(real->toObject().value(u"x")), text(js(expected)));
}

void TestMergePatch::create_data()
{
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("modified");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *original, const char *modified, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(original) << QString::fromUtf8(modified) << QString::fromUtf8(expected);
    };
    row("equal", R"({"a":1,"b":{"c":[1]}})", R"({"a":1,"b":{"c":[1]}})", "{}");
    row("change", R"({"a":1})", R"({"a":2})", R"({"a":2})");
    row("add", R"({"a":1})", R"({"a":1,"b":2})", R"({"b":2})");
    row("remove", R"({"a":1,"b":2})", R"({"a":1})", R"({"b":null})");
    row("nested", R"({"m":{"x":1,"y":2}})", R"({"m":{"x":1,"z":3}})", R"({"m":{"y":null,"z":3}})");
    row("list replaced whole", R"({"l":[1,2,3]})", R"({"l":[1,2]})", R"({"l":[1,2]})");
    row("object to scalar", R"({"a":{"b":1}})", R"({"a":5})", R"({"a":5})");
    row("scalar to object", R"({"a":5})", R"({"a":{"b":1}})", R"({"a":{"b":1}})");
    row("non-object", R"([1])", R"([2])", "[2]");
    // Found by fuzz_mergepatch: {} for equal non-objects turned "" into {} when applied.
    row("equal non-objects", R"("")", R"("")", R"("")");
    row("equal lists", R"([1])", R"([1])", "[1]");
    row("object to list", R"({"a":1})", R"([1])", "[1]");
    row("number equality", R"({"a":1})", R"({"a":1.0})", "{}");
}

void TestMergePatch::create()
{
    QFETCH(QString, original);
    QFETCH(QString, modified);
    QFETCH(QString, expected);
    const QJsonValue patch = createMergePatch(js(original), js(modified));
    QCOMPARE(text(patch), text(js(expected)));
    // The created patch always reproduces modified.
    QVERIFY(jsonEquals(applyMergePatch(js(original), patch), js(modified)));
}

void TestMergePatch::threeWay_data()
{
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("modified");
    QTest::addColumn<QString>("current");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("result");
    auto row = [](const char *name, const char *original, const char *modified, const char *current,
                  const char *expected, const char *result) {
        QTest::newRow(name) << QString::fromUtf8(original) << QString::fromUtf8(modified) << QString::fromUtf8(current)
                            << QString::fromUtf8(expected) << QString::fromUtf8(result);
    };
    row("nothing changed, others' fields kept", R"({"spec":{"a":1}})", R"({"spec":{"a":1}})",
        R"({"spec":{"a":1,"b":2},"status":{"x":1}})", "{}", R"({"spec":{"a":1,"b":2},"status":{"x":1}})");
    row("field removed from config", R"({"spec":{"a":1,"c":3}})", R"({"spec":{"a":1}})",
        R"({"spec":{"a":1,"b":2,"c":3}})", R"({"spec":{"c":null}})", R"({"spec":{"a":1,"b":2}})");
    row("live drift reverted", R"({"spec":{"a":1}})", R"({"spec":{"a":1}})", R"({"spec":{"a":9}})",
        R"({"spec":{"a":1}})", R"({"spec":{"a":1}})");
    row("new field", R"({})", R"({"spec":{"d":4}})", R"({"spec":{"b":2}})", R"({"spec":{"d":4}})",
        R"({"spec":{"b":2,"d":4}})");
    row("first apply without original", "null", R"({"metadata":{"labels":{"a":"1"}}})",
        R"({"metadata":{"labels":{"b":"2"},"uid":"u"}})", R"({"metadata":{"labels":{"a":"1"}}})",
        R"({"metadata":{"labels":{"a":"1","b":"2"},"uid":"u"}})");
}

void TestMergePatch::threeWay()
{
    QFETCH(QString, original);
    QFETCH(QString, modified);
    QFETCH(QString, current);
    QFETCH(QString, expected);
    QFETCH(QString, result);
    const QJsonValue patch = createThreeWayMergePatch(js(original), js(modified), js(current));
    QCOMPARE(text(patch), text(js(expected)));
    QCOMPARE(text(applyMergePatch(js(current), patch)), text(js(result)));
}

QTEST_GUILESS_MAIN(TestMergePatch)
#include "tst_mergepatch.moc"
