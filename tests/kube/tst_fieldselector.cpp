// FieldSelector: parsing with apimachinery's escaping, matching through a getter and
// the standard selectable fields per kind.
#include "kube/fieldselector.h"

#include <QJsonDocument>
#include <QTest>

using pd::kube::FieldSelector;

namespace {
QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

const char *const kPod = R"({"kind":"Pod","metadata":{"name":"web-1","namespace":"shop"},
  "spec":{"nodeName":"node-a","restartPolicy":"Always","serviceAccountName":"web","hostNetwork":true},
  "status":{"phase":"Running","podIP":"10.0.0.7"}})";
} // namespace

class TestFieldSelector final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void escaping_data();
    void escaping();
    void matchesPod_data();
    void matchesPod();
    void unsupported();
    void getterCallback();
    void otherKinds_data();
    void otherKinds();
};

void TestFieldSelector::parse_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<int>("terms");
    QTest::newRow("empty") << QString() << QString() << 0;
    QTest::newRow("equals") << QStringLiteral("metadata.name=web") << QStringLiteral("metadata.name=web") << 1;
    QTest::newRow("double equals prints single") << QStringLiteral("metadata.name==web")
                                                 << QStringLiteral("metadata.name=web") << 1;
    QTest::newRow("not equals") << QStringLiteral("status.phase!=Running") << QStringLiteral("status.phase!=Running") << 1;
    QTest::newRow("sorted terms") << QStringLiteral("status.phase=Running,metadata.name=web")
                                  << QStringLiteral("metadata.name=web,status.phase=Running") << 2;
    QTest::newRow("empty value") << QStringLiteral("spec.nodeName=") << QStringLiteral("spec.nodeName=") << 1;
    QTest::newRow("empty terms skipped") << QStringLiteral(",metadata.name=a,,") << QStringLiteral("metadata.name=a") << 1;
    QTest::newRow("escaped comma") << QStringLiteral(R"(metadata.name=a\,b)") << QStringLiteral(R"(metadata.name=a\,b)") << 1;
    QTest::newRow("escaped equals and slash") << QStringLiteral(R"(x=a\=b\\c)") << QStringLiteral(R"(x=a\=b\\c)") << 1;
}

void TestFieldSelector::parse()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    QFETCH(int, terms);
    QString error;
    const auto selector = FieldSelector::parse(input, &error);
    QVERIFY2(selector.has_value(), qPrintable(error));
    QCOMPARE(selector->toString(), canonical);
    QCOMPARE(selector->requirements().size(), terms);
    QCOMPARE(selector->isEmpty(), terms == 0);
}

void TestFieldSelector::parseErrors_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("error");
    QTest::newRow("no operator") << QStringLiteral("metadata.name") << QStringLiteral(
        "invalid selector: 'metadata.name'; can't understand 'metadata.name'");
    QTest::newRow("second term bad") << QStringLiteral("a=b,c") << QStringLiteral(
        "invalid selector: 'a=b,c'; can't understand 'c'");
    QTest::newRow("unescaped equals") << QStringLiteral("a=b=c") << QStringLiteral(
        "invalid field selector: unescaped character in value: =");
    QTest::newRow("bad escape") << QStringLiteral(R"(a=b\c)") << QStringLiteral(
        "invalid field selector: invalid escape sequence: \\c");
    QTest::newRow("trailing backslash") << QStringLiteral("a=b\\") << QStringLiteral(
        "invalid field selector: invalid escape sequence: \\");
}

void TestFieldSelector::parseErrors()
{
    QFETCH(QString, input);
    QFETCH(QString, error);
    QString actual;
    QVERIFY(!FieldSelector::parse(input, &actual).has_value());
    QCOMPARE(actual, error);
}

void TestFieldSelector::escaping_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("escaped");
    QTest::newRow("plain") << QStringLiteral("abc") << QStringLiteral("abc");
    QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral(R"(a\,b)");
    QTest::newRow("equals") << QStringLiteral("a=b") << QStringLiteral(R"(a\=b)");
    QTest::newRow("backslash") << QStringLiteral(R"(a\b)") << QStringLiteral(R"(a\\b)");
    QTest::newRow("all") << QStringLiteral(R"(\,=)") << QStringLiteral(R"(\\\,\=)");
}

void TestFieldSelector::escaping()
{
    QFETCH(QString, raw);
    QFETCH(QString, escaped);
    QCOMPARE(FieldSelector::escapeValue(raw), escaped);
    QCOMPARE(FieldSelector::unescapeValue(escaped), std::optional<QString>(raw));
    const auto selector = FieldSelector::parse(QString(u"metadata.name=" + escaped));
    QVERIFY(selector.has_value());
    QCOMPARE(selector->requirements().first().value, raw);
}

void TestFieldSelector::matchesPod_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<bool>("expected");
    QTest::newRow("name") << QStringLiteral("metadata.name=web-1") << true;
    QTest::newRow("name other") << QStringLiteral("metadata.name=web-2") << false;
    QTest::newRow("namespace") << QStringLiteral("metadata.namespace==shop") << true;
    QTest::newRow("node") << QStringLiteral("spec.nodeName=node-a") << true;
    QTest::newRow("phase not") << QStringLiteral("status.phase!=Running") << false;
    QTest::newRow("phase not pending") << QStringLiteral("status.phase!=Pending") << true;
    QTest::newRow("and") << QStringLiteral("spec.nodeName=node-a,status.phase=Running") << true;
    QTest::newRow("and fails") << QStringLiteral("spec.nodeName=node-a,status.phase=Failed") << false;
    QTest::newRow("hostNetwork") << QStringLiteral("spec.hostNetwork=true") << true;
    QTest::newRow("podIP") << QStringLiteral("status.podIP=10.0.0.7") << true;
    QTest::newRow("absent is empty") << QStringLiteral("spec.schedulerName=") << true;
    QTest::newRow("empty selector") << QString() << true;
}

void TestFieldSelector::matchesPod()
{
    QFETCH(QString, selector);
    QFETCH(bool, expected);
    const auto parsed = FieldSelector::parse(selector);
    QVERIFY(parsed.has_value());
    QString unsupported;
    const std::optional<bool> result = parsed->matches(obj(kPod), QStringLiteral("Pod"), &unsupported);
    QVERIFY2(result.has_value(), qPrintable(unsupported));
    QCOMPARE(*result, expected);
}

void TestFieldSelector::unsupported()
{
    const auto selector = FieldSelector::parse(u"metadata.name=web-1,spec.image=nginx");
    QVERIFY(selector.has_value());
    QString field;
    QCOMPARE(selector->matches(obj(kPod), QStringLiteral("Pod"), &field), std::nullopt);
    QCOMPARE(field, QStringLiteral("spec.image"));
    QCOMPARE(selector->unsupportedFieldFor(QStringLiteral("Pod")), QStringLiteral("spec.image"));
    QCOMPARE(FieldSelector::parse(u"status.phase=Active")->unsupportedFieldFor(QStringLiteral("Namespace")), QString());
    QCOMPARE(FieldSelector::parse(u"status.phase=Active")->unsupportedFieldFor(QStringLiteral("ConfigMap")),
             QStringLiteral("status.phase"));
    QVERIFY(FieldSelector::isSupportedField(QStringLiteral("Secret"), QStringLiteral("type")));
    QVERIFY(!FieldSelector::isSupportedField(QStringLiteral("ConfigMap"), QStringLiteral("type")));
    QVERIFY(FieldSelector::isSupportedField(QStringLiteral("ConfigMap"), QStringLiteral("metadata.namespace")));
    QVERIFY(FieldSelector::supportedFields(QStringLiteral("Pod")).contains(u"spec.nodeName"));
    QCOMPARE(FieldSelector::fieldValue(obj(kPod), QStringLiteral("Pod"), QStringLiteral("spec.containers")), std::nullopt);
}

void TestFieldSelector::getterCallback()
{
    const auto selector = FieldSelector::parse(u"a=1,b!=2");
    QVERIFY(selector.has_value());
    QStringList asked;
    const pd::kube::FieldGetter getter = [&asked](const QString &field) -> std::optional<QString> {
        asked.append(field);
        if (field == u"a")
            return QStringLiteral("1");
        if (field == u"b")
            return QStringLiteral("3");
        return std::nullopt;
    };
    QCOMPARE(selector->matches(getter), std::optional<bool>(true));
    QCOMPARE(asked, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    // A later unsupported field still reports unsupported even after a mismatch.
    const auto mixed = FieldSelector::parse(u"a=2,zz=1");
    QString field;
    QCOMPARE(mixed->matches(getter, &field), std::nullopt);
    QCOMPARE(field, QStringLiteral("zz"));
}

void TestFieldSelector::otherKinds_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("selector");
    QTest::addColumn<bool>("expected");
    QTest::newRow("namespace phase") << QStringLiteral("Namespace")
                                     << QStringLiteral(R"({"metadata":{"name":"pr-1"},"status":{"phase":"Terminating"}})")
                                     << QStringLiteral("status.phase=Terminating") << true;
    QTest::newRow("namespace has no namespace") << QStringLiteral("Namespace")
                                                << QStringLiteral(R"({"metadata":{"name":"pr-1"}})")
                                                << QStringLiteral("metadata.namespace=") << true;
    QTest::newRow("secret type") << QStringLiteral("Secret")
                                 << QStringLiteral(R"({"metadata":{"name":"s"},"type":"kubernetes.io/tls"})")
                                 << QStringLiteral("type=kubernetes.io/tls") << true;
    QTest::newRow("secret type not") << QStringLiteral("Secret")
                                     << QStringLiteral(R"({"metadata":{"name":"s"},"type":"Opaque"})")
                                     << QStringLiteral("type!=Opaque") << false;
    QTest::newRow("event involved") << QStringLiteral("Event")
                                    << QStringLiteral(R"({"involvedObject":{"kind":"Pod","name":"web-1"},"reason":"BackOff","type":"Warning","source":{"component":"kubelet"}})")
                                    << QStringLiteral("involvedObject.kind=Pod,involvedObject.name=web-1,type=Warning,source=kubelet")
                                    << true;
    QTest::newRow("replicaset replicas") << QStringLiteral("ReplicaSet")
                                         << QStringLiteral(R"({"status":{"replicas":0}})")
                                         << QStringLiteral("status.replicas=0") << true;
    QTest::newRow("node unschedulable") << QStringLiteral("Node") << QStringLiteral(R"({"spec":{}})")
                                        << QStringLiteral("spec.unschedulable=false") << true;
}

void TestFieldSelector::otherKinds()
{
    QFETCH(QString, kind);
    QFETCH(QString, object);
    QFETCH(QString, selector);
    QFETCH(bool, expected);
    const auto parsed = FieldSelector::parse(selector);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->matches(QJsonDocument::fromJson(object.toUtf8()).object(), kind), std::optional<bool>(expected));
}

QTEST_GUILESS_MAIN(TestFieldSelector)
#include "tst_fieldselector.moc"
