// The sandbox's one Kubernetes-protobuf reader (decodeProtobufBody) and the HTTP layer's
// transcoder that uses it: what kubectl sends decodes to its JSON form,
// malformed bytes are refused with a reason. Malformed rows marked "fuzz" were found
// by fuzz_protobuf.
#include "sandbox/protobufdecoder.h"
#include "sandbox/httpexchange.h"
#include "sandbox/protobufrequest.h"

#include <QJsonDocument>
#include <QTest>

using namespace pd::sandbox;
using namespace Qt::StringLiterals;

namespace {

QByteArray varint(quint64 value)
{
    QByteArray out;
    do {
        quint8 byte = value & 0x7f;
        value >>= 7;
        if (value)
            byte |= 0x80;
        out.append(char(byte));
    } while (value);
    return out;
}

QByteArray field(int number, const QByteArray &payload)
{
    return varint(quint64(number) << 3 | 2) + varint(quint64(payload.size())) + payload;
}

// "k8s\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw}.
QByteArray envelope(const QByteArray &apiVersion, const QByteArray &kind, const QByteArray &raw)
{
    return QByteArray("k8s\0", 4) + field(1, field(1, apiVersion) + field(2, kind)) + field(2, raw);
}

// A request as kubectl sends it, after the HTTP layer's transcoder.
HttpRequest transcoded(const QByteArray &body)
{
    HttpRequest request;
    request.method = "POST";
    request.headers.append(qMakePair(QByteArray("content-type"), QByteArray("application/vnd.kubernetes.protobuf")));
    request.body = body;
    transcodeProtobufRequest(request);
    return request;
}

QByteArray configMap()
{
    const QByteArray meta = field(1, "settings") + field(3, "shop");
    return envelope("v1", "ConfigMap", field(1, meta) + field(2, field(1, "mode") + field(2, "demo")));
}

} // namespace

class TestProtobufDecoder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void configMapDecodes();
    void malformedBytesAreRefused_data();
    void malformedBytesAreRefused();
};

void TestProtobufDecoder::configMapDecodes()
{
    const QJsonObject expected{{"apiVersion"_L1, "v1"_L1},
                               {"kind"_L1, "ConfigMap"_L1},
                               {"metadata"_L1, QJsonObject{{"name"_L1, "settings"_L1}, {"namespace"_L1, "shop"_L1}}},
                               {"data"_L1, QJsonObject{{"mode"_L1, "demo"_L1}}}};
    QString error;
    const std::optional<QJsonObject> decoded = decodeProtobufBody(configMap(), &error);
    QVERIFY2(decoded, qPrintable(error));
    QCOMPARE(*decoded, expected);
    const HttpRequest request = transcoded(configMap());
    QCOMPARE(request.header("content-type"), QByteArray("application/json"));
    QCOMPARE(QJsonDocument::fromJson(request.body).object(), expected);
}

void TestProtobufDecoder::malformedBytesAreRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    const QByteArray magic("k8s\0", 4);
    QTest::newRow("no envelope prefix") << QByteArray("{\"kind\":\"ConfigMap\"}");
    QTest::newRow("truncated length") << magic + QByteArray("\x0a\x05\x0a", 3);
    QTest::newRow("unknown kind") << envelope("v1", "Pod", {});
    // fuzz: a length near 2^64 wrapped past the bounds check (signed overflow, then reads
    // before the buffer).
    QTest::newRow("fuzz: length near 2^64") << magic + QByteArray("\x0a\xff\xff\xff\xff\xff\xff\xff\xff\xff\x12", 11);
    QTest::newRow("fuzz: length 2^63 inside the object")
        << envelope("v1", "ConfigMap", QByteArray("\x0a", 1) + varint(quint64(1) << 63));
}

void TestProtobufDecoder::malformedBytesAreRefused()
{
    QFETCH(QByteArray, body);
    QString error;
    QVERIFY(!decodeProtobufBody(body, &error));
    QVERIFY(!error.isEmpty());
    // The transcoder leaves what it cannot read as it was, for the ApiServer to refuse.
    const HttpRequest request = transcoded(body);
    QCOMPARE(request.body, body);
    QCOMPARE(request.header("content-type"), QByteArray("application/vnd.kubernetes.protobuf"));
}

QTEST_GUILESS_MAIN(TestProtobufDecoder)
#include "tst_protobufdecoder.moc"
