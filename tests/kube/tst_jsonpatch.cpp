// RFC 6902 JSON Patch and RFC 6901 JSON Pointer; rows A.1-A.16 are the RFC's appendix.
#include "kube/jsonpatch.h"
#include "requirekubectl.h"

#include "jsontestutil.h"
#include "kubectloracle.h"

#include <QTest>

using namespace pd::kube;
using pd::kube::testutil::js;
using pd::kube::testutil::text;

class TestJsonPatch final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void apply_data();
    void apply();
    void kubernetesQuirks_data();
    void kubernetesQuirks();
    void kubectlQuirks_data() { kubernetesQuirks_data(); }
    void kubectlQuirks();
    void errors_data();
    void errors();
    void kubectlAgrees_data() { apply_data(); }
    void kubectlAgrees();
    void kubectlRejects_data() { errors_data(); }
    void kubectlRejects();
    void rawBody();
    void pointer_data();
    void pointer();
    void resolve();
    void equality();
};

void TestJsonPatch::apply_data()
{
    QTest::addColumn<QString>("document");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *doc, const char *patch, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(doc) << QString::fromUtf8(patch) << QString::fromUtf8(expected);
    };
    row("A.1 add object member", R"({"foo":"bar"})", R"([{"op":"add","path":"/baz","value":"qux"}])",
        R"({"baz":"qux","foo":"bar"})");
    row("A.2 add array element", R"({"foo":["bar","baz"]})", R"([{"op":"add","path":"/foo/1","value":"qux"}])",
        R"({"foo":["bar","qux","baz"]})");
    row("A.3 remove object member", R"({"baz":"qux","foo":"bar"})", R"([{"op":"remove","path":"/baz"}])",
        R"({"foo":"bar"})");
    row("A.4 remove array element", R"({"foo":["bar","qux","baz"]})", R"([{"op":"remove","path":"/foo/1"}])",
        R"({"foo":["bar","baz"]})");
    row("A.5 replace value", R"({"baz":"qux","foo":"bar"})", R"([{"op":"replace","path":"/baz","value":"boo"}])",
        R"({"baz":"boo","foo":"bar"})");
    row("A.6 move value", R"({"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}})",
        R"([{"op":"move","from":"/foo/waldo","path":"/qux/thud"}])",
        R"({"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}})");
    row("A.7 move array element", R"({"foo":["all","grass","cows","eat"]})",
        R"([{"op":"move","from":"/foo/1","path":"/foo/3"}])", R"({"foo":["all","cows","eat","grass"]})");
    row("A.8 test success", R"({"baz":"qux","foo":["a",2,"c"]})",
        R"([{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}])",
        R"({"baz":"qux","foo":["a",2,"c"]})");
    row("A.10 add nested member object", R"({"foo":"bar"})",
        R"([{"op":"add","path":"/child","value":{"grandchild":{}}}])", R"({"child":{"grandchild":{}},"foo":"bar"})");
    row("A.11 ignore unrecognized elements", R"({"foo":"bar"})",
        R"([{"op":"add","path":"/baz","value":"qux","xyz":123}])", R"({"baz":"qux","foo":"bar"})");
    row("A.14 escape ordering", R"({"/":9,"~1":10})", R"([{"op":"test","path":"/~01","value":10}])",
        R"({"/":9,"~1":10})");
    row("A.16 add array value", R"({"foo":["bar"]})", R"([{"op":"add","path":"/foo/-","value":["abc","def"]}])",
        R"({"foo":["bar",["abc","def"]]})");
    // beyond the appendix
    row("empty patch", R"({"a":1})", "[]", R"({"a":1})");
    row("add replaces existing member", R"({"a":1})", R"([{"op":"add","path":"/a","value":2}])", R"({"a":2})");
    row("add at array end index", R"({"a":[1]})", R"([{"op":"add","path":"/a/1","value":2}])", R"({"a":[1,2]})");
    row("replace whole document", R"({"a":1})", R"([{"op":"replace","path":"","value":[1]}])", "[1]");
    row("add whole document", R"({"a":1})", R"([{"op":"add","path":"","value":{"b":2}}])", R"({"b":2})");
    row("replace with null", R"({"a":1})", R"([{"op":"replace","path":"/a","value":null}])", R"({"a":null})");
    row("copy", R"({"a":{"b":1}})", R"([{"op":"copy","from":"/a","path":"/c"}])", R"({"a":{"b":1},"c":{"b":1}})");
    row("copy into array", R"({"a":[1,2],"x":9})", R"([{"op":"copy","from":"/x","path":"/a/0"}])",
        R"({"a":[9,1,2],"x":9})");
    row("move to itself", R"({"a":1})", R"([{"op":"move","from":"/a","path":"/a"}])", R"({"a":1})");
    row("slash and tilde keys", R"({"a/b":{"c~d":1}})", R"([{"op":"replace","path":"/a~1b/c~0d","value":2}])",
        R"({"a/b":{"c~d":2}})");
    row("test number 1 vs 1.0", R"({"a":1})", R"([{"op":"test","path":"/a","value":1.0}])", R"({"a":1})");
    row("test object deep", R"({"a":{"x":[1,{"y":true}]}})", R"([{"op":"test","path":"/a","value":{"x":[1,{"y":true}]}}])",
        R"({"a":{"x":[1,{"y":true}]}})");
    row("kubectl style scale", R"({"spec":{"replicas":1,"template":{}}})",
        R"([{"op":"replace","path":"/spec/replicas","value":3}])", R"({"spec":{"replicas":3,"template":{}}})");
    row("labels add", R"({"metadata":{"name":"x"}})",
        R"([{"op":"add","path":"/metadata/labels","value":{}},{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"web"}])",
        R"({"metadata":{"labels":{"app.kubernetes.io/name":"web"},"name":"x"}})");
    row("sequential ops see earlier results", R"({"a":[]})",
        R"([{"op":"add","path":"/a/-","value":1},{"op":"add","path":"/a/-","value":2},{"op":"remove","path":"/a/0"}])",
        R"({"a":[2]})");
}

void TestJsonPatch::apply()
{
    QFETCH(QString, document);
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    for (const JsonPatchMode mode : {JsonPatchMode::Kubernetes, JsonPatchMode::Rfc6902}) {
        QString error;
        const std::optional<QJsonValue> result = applyJsonPatch(js(document), js(patch).toArray(), &error, mode);
        QVERIFY2(result.has_value(), qPrintable(error));
        QCOMPARE(text(*result), text(js(expected)));
    }
}

// Where evanphx/json-patch (the API server's library) is laxer than RFC 6902.
void TestJsonPatch::kubernetesQuirks_data()
{
    QTest::addColumn<QString>("document");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *doc, const char *patch, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(doc) << QString::fromUtf8(patch) << QString::fromUtf8(expected);
    };
    row("replace missing member adds it", R"({"a":1})", R"([{"op":"replace","path":"/b","value":1}])", R"({"a":1,"b":1})");
    row("leading zero index", R"({"a":[1,2]})", R"([{"op":"replace","path":"/a/01","value":9}])", R"({"a":[1,9]})");
    row("copy of a missing member is null", R"({"a":1})", R"([{"op":"copy","from":"/x","path":"/b"}])",
        R"({"a":1,"b":null})");
    row("missing value is null", R"({})", R"([{"op":"add","path":"/a"}])", R"({"a":null})");
    row("negative index add", R"({"a":[1,2]})", R"([{"op":"add","path":"/a/-1","value":9}])", R"({"a":[1,2,9]})");
    row("negative index replace", R"({"a":[1,2]})", R"([{"op":"replace","path":"/a/-1","value":9}])", R"({"a":[1,9]})");
    row("negative index remove", R"({"a":[1,2,3]})", R"([{"op":"remove","path":"/a/-3"}])", R"({"a":[2,3]})");
    row("test missing member against null", R"({"a":1})", R"([{"op":"test","path":"/x","value":null}])", R"({"a":1})");
}

void TestJsonPatch::kubernetesQuirks()
{
    QFETCH(QString, document);
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    QString error;
    const auto result = applyJsonPatch(js(document), js(patch).toArray(), &error, JsonPatchMode::Kubernetes);
    QVERIFY2(result.has_value(), qPrintable(error));
    QCOMPARE(text(*result), text(js(expected)));
    QVERIFY(!applyJsonPatch(js(document), js(patch).toArray(), &error, JsonPatchMode::Rfc6902).has_value());
    QVERIFY(!error.isEmpty());
}

void TestJsonPatch::errors_data()
{
    QTest::addColumn<QString>("document");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("k8sError");
    QTest::addColumn<QString>("rfcError");
    auto row = [](const char *name, const char *doc, const char *patch, const char *k8s, const char *rfc) {
        QTest::newRow(name) << QString::fromUtf8(doc) << QString::fromUtf8(patch) << QString::fromUtf8(k8s)
                            << QString::fromUtf8(rfc);
    };
    row("A.9 test error", R"({"baz":"qux"})", R"([{"op":"test","path":"/baz","value":"bar"}])",
        "testing value /baz failed: test failed", "testing value /baz failed: test failed");
    row("A.12 add to nonexistent target", R"({"foo":"bar"})", R"([{"op":"add","path":"/baz/bat","value":"qux"}])",
        R"(add operation does not apply: doc is missing path: "/baz/bat": missing value)",
        R"(add operation does not apply: doc is missing path: "/baz/bat")");
    row("A.15 string vs number", R"({"/":9,"~1":10})", R"([{"op":"test","path":"/~01","value":"10"}])",
        "testing value /~01 failed: test failed", "testing value /~01 failed: test failed");
    row("remove missing", R"({"a":1})", R"([{"op":"remove","path":"/b"}])",
        "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value",
        R"(remove operation does not apply: doc is missing path: "/b")");
    row("remove dash", R"({"a":[1]})", R"([{"op":"remove","path":"/a/-"}])",
        R"(error in remove for path: '/a/-': strconv.Atoi: parsing "-": invalid syntax)",
        R"(remove operation does not apply: doc is missing path: "/a/-")");
    row("index out of bounds", R"({"a":[1]})", R"([{"op":"add","path":"/a/2","value":1}])",
        "error in add for path: '/a/2': Unable to access invalid index: 2: invalid index referenced",
        R"(add operation does not apply: doc is missing path: "/a/2")");
    row("replace index out of bounds", R"({"a":[1]})", R"([{"op":"replace","path":"/a/5","value":1}])",
        "replace operation does not apply: doc is missing key: /a/5: missing value",
        "replace operation does not apply: doc is missing key: /a/5");
    row("replace missing parent", R"({"a":1})", R"([{"op":"replace","path":"/x/y","value":1}])",
        "replace operation does not apply: doc is missing path: /x/y: missing value",
        "replace operation does not apply: doc is missing key: /x/y");
    row("move missing from", R"({"a":1})", R"([{"op":"move","from":"/x","path":"/b"}])",
        "error in move for path: 'x': Unable to remove nonexistent key: x: missing value",
        "move operation does not apply: doc is missing from path: /x");
    row("copy missing from parent", R"({"a":1})", R"([{"op":"copy","from":"/x/y","path":"/b"}])",
        "copy operation does not apply: doc is missing from path: /x/y: missing value",
        "copy operation does not apply: doc is missing from path: /x/y");
    row("move into child", R"({"a":{"b":{}}})", R"([{"op":"move","from":"/a","path":"/a/b/c"}])",
        "move operation does not apply: doc is missing destination path: /a/b/c: missing value",
        "move operation does not apply: cannot move /a into its child /a/b/c");
    row("test missing parent", R"({"a":1})", R"([{"op":"test","path":"/x/y","value":1}])",
        "test operation does not apply: is missing path: /x/y: missing value", "testing value /x/y failed: test failed");
    row("unknown op", R"({})", R"([{"op":"merge","path":"/a"}])", "Unexpected kind: merge", "Unexpected kind: merge");
    row("missing path", R"({})", R"([{"op":"remove"}])", R"(invalid JSON patch: operation "remove" is missing "path")",
        R"(invalid JSON patch: operation "remove" is missing "path")");
    row("bad pointer", R"({})", R"([{"op":"remove","path":"a"}])", R"(JSON pointer must be empty or start with a "/": a)",
        R"(JSON pointer must be empty or start with a "/": a)");
    row("remove root", R"({})", R"([{"op":"remove","path":""}])",
        R"(remove operation does not apply: doc is missing path: "": missing value)",
        R"(remove operation does not apply: doc is missing path: "")");
    row("later op fails, nothing applied", R"({"a":1})",
        R"([{"op":"replace","path":"/a","value":2},{"op":"test","path":"/a","value":1}])",
        "testing value /a failed: test failed", "testing value /a failed: test failed");
}

void TestJsonPatch::errors()
{
    QFETCH(QString, document);
    QFETCH(QString, patch);
    QFETCH(QString, k8sError);
    QFETCH(QString, rfcError);
    QString actual;
    QVERIFY(!applyJsonPatch(js(document), js(patch).toArray(), &actual, JsonPatchMode::Kubernetes).has_value());
    QCOMPARE(actual, k8sError);
    QVERIFY(!applyJsonPatch(js(document), js(patch).toArray(), &actual, JsonPatchMode::Rfc6902).has_value());
    QCOMPARE(actual, rfcError);
}

namespace {
// The row's document as field "x" of a ConfigMap, its operations re-rooted there; nullopt
// for rows that touch the document root (no equivalent inside an object).
std::optional<std::pair<QJsonObject, QByteArray>> wrapped(const QString &document, const QString &patch)
{
    QJsonArray ops;
    for (const QJsonValue &v : js(patch).toArray()) {
        QJsonObject op = v.toObject();
        for (const QString &key : {QStringLiteral("path"), QStringLiteral("from")}) {
            if (!op.contains(key))
                continue;
            if (op.value(key).toString().isEmpty())
                return std::nullopt;
            op.insert(key, QString(u"/x" + op.value(key).toString()));
        }
        ops.append(op);
    }
    const QJsonObject object{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                             {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                             {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}}},
                             {QStringLiteral("x"), js(document)}};
    return std::make_pair(object, text(ops).toUtf8());
}
} // namespace

// kubectl applies JSON patches with evanphx/json-patch, as the API server does.
void TestJsonPatch::kubectlAgrees()
{
    QFETCH(QString, document);
    QFETCH(QString, patch);
    PD_REQUIRE_KUBECTL();
    const auto input = wrapped(document, patch);
    if (!input)
        QSKIP("operates on the document root");
    QString error;
    const auto real = testutil::kubectlPatch(input->first, input->second, QStringLiteral("json"), &error);
    QVERIFY2(real.has_value(), qPrintable(error));
    const auto ours = applyJsonPatch(input->first, js(QString::fromUtf8(input->second)).toArray(), &error);
    QVERIFY2(ours.has_value(), qPrintable(error));
    QCOMPARE(text(*ours), text(*real));
}

void TestJsonPatch::kubectlQuirks()
{
    QFETCH(QString, document);
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    PD_REQUIRE_KUBECTL();
    const auto input = wrapped(document, patch);
    QVERIFY(input.has_value());
    QString error;
    const auto real = testutil::kubectlPatch(input->first, input->second, QStringLiteral("json"), &error);
    QVERIFY2(real.has_value(), qPrintable(error));
    QCOMPARE(text(real->toObject().value(u"x")), text(js(expected)));
}

void TestJsonPatch::kubectlRejects()
{
    QFETCH(QString, document);
    QFETCH(QString, patch);
    PD_REQUIRE_KUBECTL();
    const auto input = wrapped(document, patch);
    if (!input)
        QSKIP("operates on the document root");
    QVERIFY(!testutil::kubectlPatch(input->first, input->second, QStringLiteral("json")).has_value());
}

void TestJsonPatch::rawBody()
{
    QString error;
    const auto ok = applyJsonPatch(js(QStringLiteral(R"({"a":1})")),
                                   QByteArray(R"([{"op":"replace","path":"/a","value":5}])"), &error);
    QVERIFY2(ok.has_value(), qPrintable(error));
    QCOMPARE(text(*ok), QStringLiteral(R"({"a":5})"));
    QVERIFY(!applyJsonPatch(QJsonValue(QJsonObject()), QByteArray(R"({"op":"add"})"), &error).has_value());
    QCOMPARE(error, QStringLiteral("invalid JSON patch: the patch must be a JSON array"));
    QVERIFY(!applyJsonPatch(QJsonValue(QJsonObject()), QByteArray("[{"), &error).has_value());
    QVERIFY(error.startsWith(u"invalid JSON patch: "));
}

void TestJsonPatch::pointer_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QStringList>("tokens");
    QTest::newRow("root") << QString() << QStringList();
    QTest::newRow("slash") << QStringLiteral("/") << QStringList{QString()};
    QTest::newRow("simple") << QStringLiteral("/a/0/b") << QStringList{QStringLiteral("a"), QStringLiteral("0"), QStringLiteral("b")};
    QTest::newRow("escapes") << QStringLiteral("/a~1b/m~0n/~01") << QStringList{QStringLiteral("a/b"), QStringLiteral("m~n"), QStringLiteral("~1")};
    QTest::newRow("empty tokens") << QStringLiteral("//x/") << QStringList{QString(), QStringLiteral("x"), QString()};
}

void TestJsonPatch::pointer()
{
    QFETCH(QString, pointer);
    QFETCH(QStringList, tokens);
    QCOMPARE(parseJsonPointer(pointer), std::optional<QStringList>(tokens));
    QCOMPARE(jsonPointer(tokens), pointer);
}

void TestJsonPatch::resolve()
{
    // RFC 6901 section 5 document.
    const QJsonValue doc = js(QStringLiteral(
        R"({"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,"k\"l":6," ":7,"m~n":8})"));
    QCOMPARE(text(*resolveJsonPointer(doc, u"")), text(doc));
    QCOMPARE(text(*resolveJsonPointer(doc, u"/foo")), QStringLiteral(R"(["bar","baz"])"));
    QCOMPARE(*resolveJsonPointer(doc, u"/foo/0"), QJsonValue(QStringLiteral("bar")));
    QCOMPARE(resolveJsonPointer(doc, u"/")->toInt(), 0);
    QCOMPARE(resolveJsonPointer(doc, u"/a~1b")->toInt(), 1);
    QCOMPARE(resolveJsonPointer(doc, u"/c%d")->toInt(), 2);
    QCOMPARE(resolveJsonPointer(doc, u"/e^f")->toInt(), 3);
    QCOMPARE(resolveJsonPointer(doc, u"/g|h")->toInt(), 4);
    QCOMPARE(resolveJsonPointer(doc, u"/i\\j")->toInt(), 5);
    QCOMPARE(resolveJsonPointer(doc, u"/k\"l")->toInt(), 6);
    QCOMPARE(resolveJsonPointer(doc, u"/ ")->toInt(), 7);
    QCOMPARE(resolveJsonPointer(doc, u"/m~0n")->toInt(), 8);
    QCOMPARE(resolveJsonPointer(doc, u"/foo/2"), std::nullopt);
    QCOMPARE(resolveJsonPointer(doc, u"/nope"), std::nullopt);
    QCOMPARE(resolveJsonPointer(doc, u"/m~2n"), std::nullopt);
    QString error;
    QVERIFY(!parseJsonPointer(u"/a~", &error).has_value());
    QVERIFY(!error.isEmpty());
}

void TestJsonPatch::equality()
{
    QVERIFY(jsonEquals(js(QStringLiteral("1")), js(QStringLiteral("1.0"))));
    QVERIFY(!jsonEquals(js(QStringLiteral("1")), js(QStringLiteral("\"1\""))));
    QVERIFY(jsonEquals(js(QStringLiteral(R"({"a":[1,{"b":null}]})")), js(QStringLiteral(R"({"a":[1.0,{"b":null}]})"))));
    QVERIFY(!jsonEquals(js(QStringLiteral(R"({"a":1})")), js(QStringLiteral(R"({"a":1,"b":2})"))));
    QVERIFY(!jsonEquals(js(QStringLiteral("[1,2]")), js(QStringLiteral("[2,1]"))));
    QVERIFY(jsonEquals(js(QStringLiteral("null")), js(QStringLiteral("null"))));
}

QTEST_GUILESS_MAIN(TestJsonPatch)
#include "tst_jsonpatch.moc"
