// The HTTP/1.1 request parser alone: the same bytes give the same requests (or the same
// error) however reads split them, and the limits hold whether or not a line's CRLF has
// arrived. Rows below the first block were found by fuzz_httprequest.
#include "sandbox/httprequestparser.h"

#include <QTest>

using namespace pd::sandbox;

namespace {

HttpLimits smallLimits()
{
    HttpLimits limits;
    limits.maxRequestLineBytes = 64;
    limits.maxHeaderBytes = 128;
    limits.maxBodyBytes = 256;
    return limits;
}

struct Outcome
{
    QList<QByteArray> requests;   // "METHOD path body" of each parsed request
    int errorCode = 0;
};

Outcome parsePieces(const QList<QByteArray> &pieces)
{
    HttpRequestParser parser(smallLimits());
    Outcome outcome;
    for (const QByteArray &piece : pieces) {
        parser.append(piece);
        parser.parse();
        while (parser.hasRequest()) {
            const ParsedRequest next = parser.takeRequest();
            if (next.errorCode != 0)
                outcome.errorCode = next.errorCode;
            else
                outcome.requests.append(next.request.method + ' ' + next.request.path.toUtf8() + ' ' + next.request.body);
        }
    }
    return outcome;
}

} // namespace

class TestHttpRequestParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameResultHoweverReadsSplit_data();
    void sameResultHoweverReadsSplit();
    void continueIsAskedOncePerRequest();
};

void TestHttpRequestParser::sameResultHoweverReadsSplit_data()
{
    QTest::addColumn<QList<QByteArray>>("pieces");
    QTest::addColumn<QList<QByteArray>>("expectedRequests");
    QTest::addColumn<int>("expectedError");

    const QByteArray lineAtLimit = "GET /" + QByteArray(64 - 14, 'a') + " HTTP/1.1";   // exactly 64 bytes
    QTest::newRow("pipelined, body and chunks")
        << QList<QByteArray>{"GET /a HTTP/1.1\r\nHost: h\r\n\r\nPUT /b HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi"
                             "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n0\r\nT: 1\r\n\r\n"}
        << QList<QByteArray>{"GET /a ", "PUT /b hi", "POST /c abc"} << 0;
    QTest::newRow("request line one byte over the limit")
        << QList<QByteArray>{"GET /" + QByteArray(64 - 13, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n"} << QList<QByteArray>{} << 400;

    // A request line of exactly the limit was refused when a read ended between its CR and LF.
    QTest::newRow("request line at the limit, CR and LF in different reads")
        << QList<QByteArray>{lineAtLimit + '\r', "\nHost: h\r\n\r\n"} << QList<QByteArray>{"GET /" + QByteArray(50, 'a') + ' '} << 0;
    // A head within the limit was refused when the reads ended inside its blank line.
    // 64 + 2 + "Host: h" 7 + 2 + 117 = 192 bytes: the request line and header limits exactly.
    const QByteArray headAtLimit = lineAtLimit + "\r\nHost: h\r\nX: " + QByteArray(114, 'b');
    QTest::newRow("head at the limit, blank line split")
        << QList<QByteArray>{headAtLimit + "\r\n\r", "\n"} << QList<QByteArray>{"GET /" + QByteArray(50, 'a') + ' '} << 0;
    // Chunk-size lines and trailers were only limited while their CRLF had not arrived.
    QTest::newRow("chunk extension over the limit in one read")
        << QList<QByteArray>{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;" + QByteArray(5000, 'e')
                             + "\r\nx\r\n0\r\n\r\n"}
        << QList<QByteArray>{} << 400;
    QTest::newRow("trailer over the limit in one read")
        << QList<QByteArray>{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: " + QByteArray(200, 't')
                             + "\r\n\r\n"}
        << QList<QByteArray>{} << 431;
}

void TestHttpRequestParser::sameResultHoweverReadsSplit()
{
    QFETCH(QList<QByteArray>, pieces);
    QFETCH(QList<QByteArray>, expectedRequests);
    QFETCH(int, expectedError);

    const Outcome asSent = parsePieces(pieces);
    QCOMPARE(asSent.requests, expectedRequests);
    QCOMPARE(asSent.errorCode, expectedError);

    const QByteArray all = pieces.join();
    const Outcome whole = parsePieces({all});
    QCOMPARE(whole.requests, expectedRequests);
    QCOMPARE(whole.errorCode, expectedError);

    QList<QByteArray> bytes;
    for (char c : all)
        bytes.append(QByteArray(1, c));
    const Outcome byteByByte = parsePieces(bytes);
    QCOMPARE(byteByByte.requests, expectedRequests);
    QCOMPARE(byteByByte.errorCode, expectedError);
}

void TestHttpRequestParser::continueIsAskedOncePerRequest()
{
    HttpRequestParser parser(smallLimits());
    parser.append("PUT /a HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
    parser.parse();
    QVERIFY(!parser.hasRequest());
    QVERIFY(parser.takeContinueRequest());
    QVERIFY(!parser.takeContinueRequest());
    parser.append("abc");
    parser.parse();
    QVERIFY(parser.hasRequest());
    QCOMPARE(parser.takeRequest().request.body, QByteArray("abc"));
    QVERIFY(parser.isIdle());
}

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
