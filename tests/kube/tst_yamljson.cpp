#include "kube/yamljson.h"
#include "requirekubectl.h"
#include "testpaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using pd::kube::YamlError;

class TestYamlJson final : public QObject
{
    Q_OBJECT

private:
    static QList<QJsonObject> parseOk(const QByteArray &yaml)
    {
        QList<QJsonObject> docs;
        YamlError error;
        const bool ok = pd::kube::parseYamlDocuments(yaml, u"test.yaml"_s, &docs, &error);
        if (!ok)
            qWarning("%s", qPrintable(error.toString()));
        return ok ? docs : QList<QJsonObject>{};
    }
    static QJsonValue valueOf(const QByteArray &scalarYaml)
    {
        const QList<QJsonObject> docs = parseOk("v: " + scalarYaml + '\n');
        return docs.isEmpty() ? QJsonValue(QJsonValue::Undefined) : docs.first().value(u"v"_s);
    }
    static QByteArray readFixture()
    {
        QFile file(pd::test::fixturePath(u"staging-shop.yaml"_s));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return file.readAll();
    }

private Q_SLOTS:
    void fixtureRoundTrip()
    {
        const QByteArray yaml = readFixture();
        QVERIFY(!yaml.isEmpty());
        const QList<QJsonObject> docs = parseOk(yaml);
        // Documents are separated by "---" lines; none of them is empty.
        QCOMPARE(docs.size(), yaml.count("\n---\n") + 1);
        QCOMPARE(docs.first().value(u"kind"_s).toString(), u"Namespace"_s);
        QCOMPARE(docs.first()[u"metadata"_s][u"resourceVersion"_s], QJsonValue(u"1001"_s));
        QCOMPARE(docs.first()[u"spec"_s][u"finalizers"_s], QJsonValue(QJsonArray{u"kubernetes"_s}));
        // The block literal keeps its final newline.
        const QString ca = docs.at(1)[u"data"_s][u"ca.crt"_s].toString();
        QVERIFY(ca.startsWith(u"-----BEGIN CERTIFICATE-----\n"_s));
        QVERIFY(ca.endsWith(u"-----END CERTIFICATE-----\n"_s));

        const QByteArray emitted = pd::kube::toYamlStream(docs);
        const QList<QJsonObject> again = parseOk(emitted);
        QCOMPARE(again.size(), docs.size());
        for (qsizetype i = 0; i < docs.size(); ++i) {
            if (again.at(i) != docs.at(i)) {
                qWarning().noquote() << QJsonDocument(docs.at(i)).toJson() << "\nvs\n"
                                     << QJsonDocument(again.at(i)).toJson();
            }
            QCOMPARE(again.at(i), docs.at(i));
        }
        // Emitting is stable.
        QCOMPARE(pd::kube::toYamlStream(again), emitted);
    }

    void typedScalars_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QJsonValue>("expected");
        QTest::newRow("int") << "42"_ba << QJsonValue(42);
        QTest::newRow("negative int") << "-7"_ba << QJsonValue(-7);
        QTest::newRow("plus int") << "+7"_ba << QJsonValue(7);
        QTest::newRow("hex") << "0x1F"_ba << QJsonValue(31);
        QTest::newRow("octal") << "0755"_ba << QJsonValue(493);
        QTest::newRow("underscores") << "1_000"_ba << QJsonValue(1000);
        QTest::newRow("float") << "1.5"_ba << QJsonValue(1.5);
        QTest::newRow("exponent") << "1e3"_ba << QJsonValue(1000.0);
        QTest::newRow("leading dot") << ".5"_ba << QJsonValue(0.5);
        QTest::newRow("true") << "true"_ba << QJsonValue(true);
        QTest::newRow("False") << "False"_ba << QJsonValue(false);
        QTest::newRow("yes (YAML 1.1)") << "yes"_ba << QJsonValue(true);
        QTest::newRow("off (YAML 1.1)") << "off"_ba << QJsonValue(false);
        QTest::newRow("null") << "null"_ba << QJsonValue(QJsonValue::Null);
        QTest::newRow("tilde") << "~"_ba << QJsonValue(QJsonValue::Null);
        QTest::newRow("empty") << ""_ba << QJsonValue(QJsonValue::Null);
        QTest::newRow("quoted int") << "\"42\""_ba << QJsonValue(u"42"_s);
        QTest::newRow("single quoted bool") << "'true'"_ba << QJsonValue(u"true"_s);
        QTest::newRow("explicit str tag") << "!!str 12"_ba << QJsonValue(u"12"_s);
        QTest::newRow("version-like") << "1.2.3"_ba << QJsonValue(u"1.2.3"_s);
        QTest::newRow("quantity") << "500m"_ba << QJsonValue(u"500m"_s);
        QTest::newRow("timestamp stays string") << "2026-03-02T09:14:00Z"_ba << QJsonValue(u"2026-03-02T09:14:00Z"_s);
        QTest::newRow("string") << "nginx:1.25"_ba << QJsonValue(u"nginx:1.25"_s);
        QTest::newRow("flow list") << "[a, 1]"_ba << QJsonValue(QJsonArray{u"a"_s, 1});
        QTest::newRow("literal") << "|\n  a\n  b\n"_ba << QJsonValue(u"a\nb\n"_s);
        QTest::newRow("literal strip") << "|-\n  a\n  b\n"_ba << QJsonValue(u"a\nb"_s);
        QTest::newRow("folded") << ">\n  a\n  b\n"_ba << QJsonValue(u"a b\n"_s);
    }
    void typedScalars()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QJsonValue, expected);
        const QJsonValue actual = valueOf(yaml);
        QCOMPARE(actual.type(), expected.type());
        QCOMPARE(actual, expected);
    }

    // The real kubectl types the scalars of a kubeconfig extension with the same
    // YAML library it uses for manifests: both must agree value for value.
    void typingMatchesKubectl()
    {
        PD_REQUIRE_KUBECTL();
        const QString kubectl = QStandardPaths::findExecutable(u"kubectl"_s);
        const QByteArray extension =
            "        a: yes\n        b: 0755\n        c: 1e3\n        d: ~\n        e: \"1\"\n        f: 0x1F\n"
            "        g: 1_000\n        h: .5\n        i: 08\n        j: On\n        k: y\n        l: 2026-03-02T09:14:00Z\n"
            "        m: 1.5\n        n1: +7\n        o: 0o17\n        p: 0b101\n        s: TRUE\n        t: 'no'\n"
            "        u: 1.2.3\n        v: -0\n        w: [1, two, null, false]\n        x: |\n          line\n"
            "        y: 1\n        \"n\": 2\n        off: 3\n        z: 500m\n        aa: -1e-3\n        ab: 1e+5\n";
        const QByteArray config =
            "apiVersion: v1\nkind: Config\nclusters:\n- name: k\n  cluster:\n    server: https://k.example\n"
            "    extensions:\n    - name: test\n      extension:\n" + extension +
            "contexts:\n- name: c\n  context: {cluster: k}\ncurrent-context: c\n";
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile file(dir.filePath(u"config"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(config);
        file.close();
        QProcess process;
        process.start(kubectl, {u"config"_s, u"view"_s, u"-o"_s, u"json"_s, u"--kubeconfig"_s, file.fileName()});
        QVERIFY(process.waitForFinished(30000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        const QJsonObject view = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        const QJsonObject expected = view[u"clusters"_s][0][u"cluster"_s][u"extensions"_s][0][u"extension"_s].toObject();
        QVERIFY(!expected.isEmpty());

        const QList<QJsonObject> docs = parseOk(config);
        QCOMPARE(docs.size(), 1);
        const QJsonObject actual = docs.first()[u"clusters"_s][0][u"cluster"_s][u"extensions"_s][0][u"extension"_s].toObject();
        QCOMPARE(actual.keys(), expected.keys());
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            const QJsonValue mine = actual.value(it.key());
            QVERIFY2(mine.type() == it.value().type() && (mine.isDouble() ? mine.toDouble() == it.value().toDouble() : mine == it.value()),
                     qPrintable(it.key() + u": kubectl "_s + QString::fromUtf8(QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact))
                                + u" vs "_s + QString::fromUtf8(QJsonDocument(QJsonArray{mine}).toJson(QJsonDocument::Compact))));
        }
    }

    void anchorsAndMerge()
    {
        const QList<QJsonObject> docs = parseOk(
            "base: &b\n  cpu: 100m\n  memory: 64Mi\n"
            "copy: *b\n"
            "merged:\n  <<: *b\n  memory: 128Mi\n");
        QCOMPARE(docs.size(), 1);
        const QJsonObject d = docs.first();
        QCOMPARE(d[u"copy"_s], d[u"base"_s]);
        QCOMPARE(d[u"merged"_s][u"cpu"_s].toString(), u"100m"_s);
        QCOMPARE(d[u"merged"_s][u"memory"_s].toString(), u"128Mi"_s);   // explicit key wins
    }

    void plainKeysTypedLikeKubectl()
    {
        // What `kubectl config view -o json` prints for these keys in an extension.
        const QList<QJsonObject> docs = parseOk("y: 1\nn: 2\n\"on\": 3\n0x1F: 4\nname: 5\n");
        QCOMPARE(docs.size(), 1);
        QCOMPARE(docs.first().keys(), (QStringList{u"31"_s, u"false"_s, u"name"_s, u"on"_s, u"true"_s}));
    }

    void emptyDocumentsSkippedAndListNotUnwrapped()
    {
        const QList<QJsonObject> docs = parseOk("---\n# only a comment\n---\nkind: List\nitems: []\n---\n");
        QCOMPARE(docs.size(), 1);
        QCOMPARE(docs.first()[u"kind"_s].toString(), u"List"_s);
    }

    void emitsKubectlStyle()
    {
        const QJsonObject object{
            {u"apiVersion"_s, u"v1"_s},
            {u"kind"_s, u"ConfigMap"_s},
            {u"metadata"_s, QJsonObject{{u"name"_s, u"web"_s}, {u"resourceVersion"_s, u"12"_s}, {u"labels"_s, QJsonObject{}}}},
            {u"data"_s, QJsonObject{{u"script"_s, u"echo hi\necho there\n"_s}, {u"enabled"_s, u"yes"_s},
                                    {u"empty"_s, u""_s}, {u"colon"_s, u"a: b"_s}}},
            {u"list"_s, QJsonArray{QJsonObject{{u"name"_s, u"a"_s}, {u"port"_s, 80}}, u"x"_s, QJsonArray{1, 2}, true, QJsonValue::Null, 1.5}},
        };
        const QByteArray expected =
            "apiVersion: v1\n"
            "data:\n"
            "  colon: \"a: b\"\n"
            "  empty: \"\"\n"
            "  enabled: \"yes\"\n"
            "  script: |\n"
            "    echo hi\n"
            "    echo there\n"
            "kind: ConfigMap\n"
            "list:\n"
            "- name: a\n"
            "  port: 80\n"
            "- x\n"
            "- - 1\n"
            "  - 2\n"
            "- true\n"
            "- null\n"
            "- 1.5\n"
            "metadata:\n"
            "  labels: {}\n"
            "  name: web\n"
            "  resourceVersion: \"12\"\n";
        QCOMPARE(pd::kube::toYaml(object), expected);
        const QList<QJsonObject> back = parseOk(expected);
        QCOMPARE(back.size(), 1);
        QCOMPARE(back.first(), object);
    }

    void trickyStringsRoundTrip_data()
    {
        QTest::addColumn<QString>("text");
        for (const QString &s : {u"true"_s, u"Y"_s, u"n"_s, u"~"_s, u"null"_s, u"0x10"_s, u"1e5"_s, u".inf"_s, u"-1"_s,
                                 u"012"_s, u"08"_s, u" leading"_s, u"trailing "_s, u"# comment"_s, u"- dash"_s, u"-"_s,
                                 u"key: value"_s, u"a #b"_s, u"*alias"_s, u"&anchor"_s, u"!tag"_s, u"{flow}"_s,
                                 u"[x]"_s, u"'single'"_s, u"\"double\""_s, u"tab\there"_s, u"---"_s, u"<<"_s,
                                 u"no final newline\nsecond"_s, u"two newlines\n\n"_s, u"\n"_s, u"  indented\nblock\n"_s,
                                 u"crlf\r\nline"_s, u"ünïcødé ✓"_s, u"bell\a"_s, u"%percent"_s, u"@at"_s, u"ends:"_s,
                                 u"nel\u0085x"_s, u"ls\u2028x\nmore"_s, u"tabs\n\tinside\n"_s}) {
            QTest::newRow(s.toUtf8().toPercentEncoding().constData()) << s;
        }
    }
    void trickyStringsRoundTrip()
    {
        QFETCH(QString, text);
        const QJsonObject object{{u"v"_s, text}, {text, u"as key"_s}, {u"list"_s, QJsonArray{text}}};
        const QByteArray yaml = pd::kube::toYaml(object);
        const QList<QJsonObject> back = parseOk(yaml);
        QCOMPARE(back.size(), 1);
        QCOMPARE(back.first(), object);
    }

    void numbersRoundTrip()
    {
        const QJsonObject object{{u"int"_s, 7}, {u"big"_s, qint64(1) << 52}, {u"neg"_s, -3}, {u"frac"_s, 0.1},
                                 {u"huge"_s, 1e300}, {u"tiny"_s, 1e-9}};
        const QList<QJsonObject> back = parseOk(pd::kube::toYaml(object));
        QCOMPARE(back.size(), 1);
        for (auto it = object.begin(); it != object.end(); ++it)
            QCOMPARE(back.first().value(it.key()).toDouble(), it.value().toDouble());
    }

    void malformedInputNamesLine_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::newRow("bad indentation") << "a: 1\nb:\n  c: 2\n d: 3\n"_ba << 4;
        QTest::newRow("unclosed flow") << "a: 1\nb: [1, 2\nc: 3\n"_ba << 3;
        QTest::newRow("duplicate key") << "kind: Pod\nmetadata:\n  name: a\n  name: b\n"_ba << 4;
        // fuzz_yamljson's first find, under ASan: reading any mapping went through a reference
        // to yaml-cpp's iterator proxy after it died (stack-use-after-scope).
        QTest::newRow("list document") << "a: 1\n---\n- x\n"_ba << 3;
        QTest::newRow("tab indentation") << "a:\n\tb: 1\n"_ba << 2;
        // Found by fuzz_yamljson: yaml-cpp 0.7's LoadAll looped for ever (and grew memory) on these.
        QTest::newRow("stray comma") << ",\n"_ba << 1;
        QTest::newRow("comma after a flow list") << "a: 1\n---\n[a],\n"_ba << 3;
        QTest::newRow("comma after a quoted document") << "\"a\",\n"_ba << 1;
    }
    void malformedInputNamesLine()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QList<QJsonObject> docs;
        YamlError error;
        QVERIFY(!pd::kube::parseYamlDocuments(yaml, u"broken.yaml"_s, &docs, &error));
        QCOMPARE(error.sourceName, u"broken.yaml"_s);
        QCOMPARE(error.line, line);
        QVERIFY(!error.message.isEmpty());
        QVERIFY2(error.toString().startsWith(u"broken.yaml:"_s + QString::number(line) + u':'), qPrintable(error.toString()));
    }
};

QTEST_GUILESS_MAIN(TestYamlJson)
#include "tst_yamljson.moc"
