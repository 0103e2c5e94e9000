// LabelSelector: string syntax, JSON form, matching and label validation, as
// apimachinery's labels package (rows follow labels/selector_test.go).
#include "kube/labelselector.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using pd::kube::LabelRequirement;
using pd::kube::LabelSelector;

namespace {
QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}
} // namespace

class TestLabelSelector final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseCanonical_data();
    void parseCanonical();
    void parseErrors_data();
    void parseErrors();
    void matches_data();
    void matches();
    void fromJson_data();
    void fromJson();
    void fromJsonErrors();
    void toJson();
    void emptyAndNothing();
    void addRequirement();
    void validateKey_data();
    void validateKey();
    void validateValue_data();
    void validateValue();
    void sanitize_data();
    void sanitize();
};

void TestLabelSelector::parseCanonical_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("blank") << QStringLiteral("   ") << QString();
    QTest::newRow("equals") << QStringLiteral("a=b") << QStringLiteral("a=b");
    QTest::newRow("double equals") << QStringLiteral("a==b") << QStringLiteral("a==b");
    QTest::newRow("not equals") << QStringLiteral("a!=b") << QStringLiteral("a!=b");
    QTest::newRow("three") << QStringLiteral("x=a,y=b,z=c") << QStringLiteral("x=a,y=b,z=c");
    QTest::newRow("sorted by key") << QStringLiteral("z=c,x=a,y=b") << QStringLiteral("x=a,y=b,z=c");
    QTest::newRow("not equals and") << QStringLiteral("x!=a,y=b") << QStringLiteral("x!=a,y=b");
    QTest::newRow("empty values") << QStringLiteral("x=,z= ") << QStringLiteral("x=,z=");
    QTest::newRow("empty values spaced") << QStringLiteral("x= ,z= ") << QStringLiteral("x=,z=");
    QTest::newRow("exists") << QStringLiteral("x") << QStringLiteral("x");
    QTest::newRow("not exists") << QStringLiteral("!x") << QStringLiteral("!x");
    QTest::newRow("not exists spaced") << QStringLiteral(" ! x ") << QStringLiteral("!x");
    QTest::newRow("gt") << QStringLiteral("x>1") << QStringLiteral("x>1");
    QTest::newRow("gt lt") << QStringLiteral("x>1,z<5") << QStringLiteral("x>1,z<5");
    QTest::newRow("in") << QStringLiteral("x in (b,a)") << QStringLiteral("x in (a,b)");
    QTest::newRow("in spaced") << QStringLiteral("  x  in  ( a , b )  ") << QStringLiteral("x in (a,b)");
    QTest::newRow("in dedup") << QStringLiteral("x in (a,a,b)") << QStringLiteral("x in (a,b)");
    QTest::newRow("notin") << QStringLiteral("x notin (a)") << QStringLiteral("x notin (a)");
    QTest::newRow("toString empty entries") << QStringLiteral("x in (foo,,baz),y,z notin ()")
                                            << QStringLiteral("x in (,baz,foo),y,z notin ()");
    QTest::newRow("toString empty entries 2") << QStringLiteral("x notin (foo,,baz),y,z in ()")
                                              << QStringLiteral("x notin (,baz,foo),y,z in ()");
    QTest::newRow("spaces around ops") << QStringLiteral("app = web , tier != db")
                                       << QStringLiteral("app=web,tier!=db");
    QTest::newRow("prefixed key") << QStringLiteral("app.kubernetes.io/name=shop")
                                  << QStringLiteral("app.kubernetes.io/name=shop");
    QTest::newRow("mixed") << QStringLiteral("env in (staging,prod),!legacy,tier")
                           << QStringLiteral("env in (prod,staging),!legacy,tier");
    QTest::newRow("value with dots") << QStringLiteral("version=v1.2.3_rc-1") << QStringLiteral("version=v1.2.3_rc-1");
}

void TestLabelSelector::parseCanonical()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    QString error;
    const auto selector = LabelSelector::parse(input, &error);
    QVERIFY2(selector.has_value(), qPrintable(error));
    QCOMPARE(selector->toString(), canonical);
    // The canonical form is a fixed point.
    const auto again = LabelSelector::parse(canonical);
    QVERIFY(again.has_value());
    QCOMPARE(again->toString(), canonical);
    QCOMPARE(*again, *selector);
}

void TestLabelSelector::parseErrors_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("errorStart");
    QTest::newRow("or") << QStringLiteral("x=a||y=b") << QStringLiteral("unable to parse requirement: values[0][x]: Invalid value: \"a||y\"");
    QTest::newRow("double op") << QStringLiteral("x==a==b") << QStringLiteral("found '==', expected: ',' or 'end of string'");
    QTest::newRow("not with value") << QStringLiteral("!x=a") << QStringLiteral("found '=', expected: ',' or 'end of string'");
    QTest::newRow("lt not int") << QStringLiteral("x<a") << QStringLiteral("unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer");
    QTest::newRow("trailing comma") << QStringLiteral("a=b,") << QStringLiteral("found '', expected: identifier after ','");
    QTest::newRow("leading comma") << QStringLiteral(",a=b") << QStringLiteral("found ',', expected: !, identifier, or 'end of string'");
    QTest::newRow("in without paren") << QStringLiteral("x in a") << QStringLiteral("found 'a', expected: '('");
    QTest::newRow("unclosed in") << QStringLiteral("x in (a,b") << QStringLiteral("found '', expected: ',', ')' or identifier");
    QTest::newRow("bad value") << QStringLiteral("app=-web") << QStringLiteral("unable to parse requirement: values[0][app]: Invalid value: \"-web\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    QTest::newRow("bad key") << QStringLiteral("a@b=c") << QStringLiteral("unable to parse requirement: key: Invalid value: \"a@b\": name part must consist of alphanumeric characters");
    QTest::newRow("bad prefix") << QStringLiteral("Example.com/a=b") << QStringLiteral("unable to parse requirement: key: Invalid value: \"Example.com/a\": prefix part a lowercase RFC 1123 subdomain");
    QTest::newRow("value too long") << QStringLiteral("a=") + QString(64, u'v') << QStringLiteral("unable to parse requirement: values[0][a]: Invalid value: \"vvvv");
    QTest::newRow("key then identifier") << QStringLiteral("a b") << QStringLiteral("found 'b', expected: in, notin, =, ==, !=, gt, lt");
    QTest::newRow("not alone") << QStringLiteral("!") << QStringLiteral("found '', expected: identifier");
}

void TestLabelSelector::parseErrors()
{
    QFETCH(QString, input);
    QFETCH(QString, errorStart);
    QString error;
    QVERIFY(!LabelSelector::parse(input, &error).has_value());
    QVERIFY2(error.startsWith(errorStart), qPrintable(error));
}

void TestLabelSelector::matches_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<bool>("expected");
    auto row = [](const char *sel, const char *labels, bool expected) {
        QTest::addRow("%s | %s", sel, labels) << QString::fromUtf8(sel) << QString::fromUtf8(labels) << expected;
    };
    row("", "{\"x\":\"y\"}", true);
    row("", "{}", true);
    row("x=y", "{\"x\":\"y\"}", true);
    row("x=y,z=w", "{\"x\":\"y\",\"z\":\"w\"}", true);
    row("x!=y,z!=w", "{\"x\":\"z\",\"z\":\"a\"}", true);
    row("notin=in", "{\"notin\":\"in\"}", true);
    row("x", "{\"x\":\"z\"}", true);
    row("!x", "{\"y\":\"z\"}", true);
    row("x>1", "{\"x\":\"2\"}", true);
    row("x<1", "{\"x\":\"0\"}", true);
    row("x=z", "{}", false);
    row("x=y", "{\"x\":\"z\"}", false);
    row("x=y,z=w", "{\"x\":\"w\",\"z\":\"w\"}", false);
    row("x!=y,z!=w", "{\"x\":\"z\",\"z\":\"w\"}", false);
    row("x", "{\"y\":\"z\"}", false);
    row("!x", "{\"x\":\"z\"}", false);
    row("x>1", "{\"x\":\"0\"}", false);
    row("x<1", "{\"x\":\"2\"}", false);
    row("x>1", "{\"x\":\"abc\"}", false);
    row("x>1", "{}", false);
    // != and notin match objects lacking the key
    row("x!=y", "{}", true);
    row("x notin (a,b)", "{}", true);
    row("x notin (a,b)", "{\"x\":\"a\"}", false);
    row("x notin (a,b)", "{\"x\":\"c\"}", true);
    row("x in (a,b)", "{\"x\":\"b\"}", true);
    row("x in (a,b)", "{\"x\":\"c\"}", false);
    row("x in (a,b)", "{}", false);
    row("x in (,a)", "{\"x\":\"\"}", true);
    row("x=", "{\"x\":\"\"}", true);
    row("x=", "{}", false);
    row("app=web,tier in (front,back),!canary", "{\"app\":\"web\",\"tier\":\"back\"}", true);
    row("app=web,tier in (front,back),!canary", "{\"app\":\"web\",\"tier\":\"back\",\"canary\":\"1\"}", false);
}

void TestLabelSelector::matches()
{
    QFETCH(QString, selector);
    QFETCH(QString, labels);
    QFETCH(bool, expected);
    const auto parsed = LabelSelector::parse(selector);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->matches(obj(labels.toUtf8().constData())), expected);
}

void TestLabelSelector::fromJson_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("empty") << QStringLiteral("{}") << QString();
    QTest::newRow("matchLabels") << QStringLiteral(R"({"matchLabels":{"b":"2","a":"1"}})")
                                 << QStringLiteral("a=1,b=2");
    QTest::newRow("expressions") << QStringLiteral(
        R"({"matchExpressions":[{"key":"tier","operator":"In","values":["front","back"]},
            {"key":"env","operator":"NotIn","values":["prod"]},
            {"key":"canary","operator":"DoesNotExist"},{"key":"app","operator":"Exists"}]})")
                                 << QStringLiteral("app,!canary,env notin (prod),tier in (back,front)");
    QTest::newRow("both") << QStringLiteral(
        R"({"matchLabels":{"app":"web"},"matchExpressions":[{"key":"app","operator":"In","values":["web","api"]}]})")
                          << QStringLiteral("app=web,app in (api,web)");
}

void TestLabelSelector::fromJson()
{
    QFETCH(QString, json);
    QFETCH(QString, canonical);
    QString error;
    const auto selector = LabelSelector::fromJson(QJsonDocument::fromJson(json.toUtf8()).object(), &error);
    QVERIFY2(selector.has_value(), qPrintable(error));
    QCOMPARE(selector->toString(), canonical);
    QCOMPARE(selector->isEmpty(), canonical.isEmpty());
}

void TestLabelSelector::fromJsonErrors()
{
    QString error;
    QVERIFY(!LabelSelector::fromJson(obj(R"({"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]})"), &error));
    QCOMPARE(error, QStringLiteral("\"Gt\" is not a valid label selector operator"));
    QVERIFY(!LabelSelector::fromJson(obj(R"({"matchExpressions":[{"key":"a","operator":"In","values":[]}]})"), &error));
    QVERIFY(error.contains(u"values set can't be empty"));
    QVERIFY(!LabelSelector::fromJson(obj(R"({"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]})"), &error));
    QVERIFY(error.contains(u"values set must be empty"));
    QVERIFY(!LabelSelector::fromJson(obj(R"({"matchLabels":{"a":"bad value"}})"), &error));
    QVERIFY(error.startsWith(u"values[0][a]: Invalid value: \"bad value\""));
}

void TestLabelSelector::toJson()
{
    const auto selector = LabelSelector::parse(u"app=web,tier in (a,b),!canary,env notin (prod),x");
    QVERIFY(selector.has_value());
    const QJsonObject json = selector->toJson();
    QCOMPARE(json.value(u"matchLabels").toObject(), obj(R"({"app":"web"})"));
    QCOMPARE(json.value(u"matchExpressions").toArray().size(), 4);
    const auto back = LabelSelector::fromJson(json);
    QVERIFY(back.has_value());
    QCOMPARE(back->toString(), selector->toString());
}

void TestLabelSelector::emptyAndNothing()
{
    const LabelSelector everything;
    QVERIFY(everything.isEmpty());
    QVERIFY(everything.matchesEverything());
    QVERIFY(everything.matches({}));
    const LabelSelector nothing = LabelSelector::nothing();
    QVERIFY(!nothing.isEmpty());
    QVERIFY(nothing.matchesNothing());
    QVERIFY(!nothing.matches({}));
    QVERIFY(!nothing.matches(obj(R"({"a":"b"})")));
    const LabelSelector service = LabelSelector::fromMap(obj(R"({"app":"web","tier":"front"})"));
    QCOMPARE(service.toString(), QStringLiteral("app=web,tier=front"));
    QVERIFY(service.matches(obj(R"({"app":"web","tier":"front","x":"y"})")));
    QVERIFY(!service.matches(obj(R"({"app":"web"})")));
}

void TestLabelSelector::addRequirement()
{
    LabelSelector selector;
    QString error;
    QVERIFY(selector.add({QStringLiteral("b"), LabelRequirement::Operator::In, {QStringLiteral("y"), QStringLiteral("x")}}, &error));
    QVERIFY(selector.add({QStringLiteral("a"), LabelRequirement::Operator::Exists, {}}, &error));
    QCOMPARE(selector.toString(), QStringLiteral("a,b in (x,y)"));
    QVERIFY(!selector.add({QStringLiteral("-bad"), LabelRequirement::Operator::Exists, {}}, &error));
    QVERIFY(error.startsWith(u"key: Invalid value: \"-bad\""));
    QCOMPARE(selector.requirements().size(), 2);
}

void TestLabelSelector::validateKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("errors");
    const QString nameRegex = QStringLiteral(
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
        "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
        "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    QTest::newRow("simple") << QStringLiteral("app") << QStringList();
    QTest::newRow("prefixed") << QStringLiteral("app.kubernetes.io/name") << QStringList();
    QTest::newRow("mixed case name") << QStringLiteral("MyName") << QStringList();
    QTest::newRow("63") << QString(63, u'a') << QStringList();
    QTest::newRow("64") << QString(64, u'a') << QStringList{QStringLiteral("name part must be no more than 63 characters")};
    QTest::newRow("empty") << QString() << QStringList{QStringLiteral("name part must be non-empty")};
    QTest::newRow("empty prefix") << QStringLiteral("/a") << QStringList{QStringLiteral("prefix part must be non-empty")};
    QTest::newRow("leading dash") << QStringLiteral("-a") << QStringList{u"name part " + nameRegex};
    QTest::newRow("two slashes") << QStringLiteral("a/b/c")
                                 << QStringList{u"a qualified name " + nameRegex
                                                + u" with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"};
    QTest::newRow("upper prefix") << QStringLiteral("A.com/b")
                                  << QStringList{QStringLiteral(
                                         "prefix part a lowercase RFC 1123 subdomain must consist of lower case "
                                         "alphanumeric characters, '-' or '.', and must start and end with an "
                                         "alphanumeric character (e.g. 'example.com', regex used for validation is "
                                         "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")};
}

void TestLabelSelector::validateKey()
{
    QFETCH(QString, key);
    QFETCH(QStringList, errors);
    QCOMPARE(LabelSelector::validateLabelKey(key), errors);
}

void TestLabelSelector::validateValue_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::newRow("empty") << QString() << true;
    QTest::newRow("simple") << QStringLiteral("web") << true;
    QTest::newRow("inner chars") << QStringLiteral("My_value.1-2") << true;
    QTest::newRow("63") << QString(63, u'x') << true;
    QTest::newRow("64") << QString(64, u'x') << false;
    QTest::newRow("trailing dash") << QStringLiteral("web-") << false;
    QTest::newRow("slash") << QStringLiteral("feature/x") << false;
    QTest::newRow("space") << QStringLiteral("a b") << false;
    QTest::newRow("unicode") << QStringLiteral("caf\u00e9") << false;
}

void TestLabelSelector::validateValue()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    QCOMPARE(LabelSelector::validateLabelValue(value).isEmpty(), valid);
}

void TestLabelSelector::sanitize_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("main") << QStringLiteral("main");
    QTest::newRow("branch with slash") << QStringLiteral("feature/Login-Page") << QStringLiteral("feature-Login-Page");
    QTest::newRow("ends") << QStringLiteral("--_x_.") << QStringLiteral("x");
    QTest::newRow("spaces and unicode") << QStringLiteral("fix: café bug") << QStringLiteral("fix--caf--bug");
    QTest::newRow("long") << QString(70, u'a') << QString(63, u'a');
    QTest::newRow("cut then strip") << QString(62, u'a') + QStringLiteral("/b") << QString(62, u'a');
    QTest::newRow("nothing left") << QStringLiteral("///") << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestLabelSelector::sanitize()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const QString out = LabelSelector::sanitizeLabelValue(input);
    QCOMPARE(out, expected);
    QVERIFY(LabelSelector::validateLabelValue(out).isEmpty());
}

QTEST_GUILESS_MAIN(TestLabelSelector)
#include "tst_labelselector.moc"
