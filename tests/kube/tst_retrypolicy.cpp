// Which results are retried, after how long: verbs x answers, Retry-After, backoff caps.
#include "kube/apirequest.h"
#include "kube/apiresult.h"
#include "kube/retrypolicy.h"

#include <QTest>

using namespace pd::kube;
using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

ApiRequest requestFor(const QByteArray &method)
{
    const ResourceRef web{u"apps"_s, u"v1"_s, u"deployments"_s, u"shop"_s, u"web"_s, {}};
    if (method == "POST")
        return ApiRequest::create(web, {});
    if (method == "PUT")
        return ApiRequest::update(web, {});
    if (method == "PATCH")
        return ApiRequest::patch(web, PatchType::Merge, QByteArray("{}"));
    if (method == "DELETE")
        return ApiRequest::remove(web);
    if (method == "APPLY")
        return ApiRequest::apply(web, {}, u"previewdesk"_s);
    return ApiRequest::get(web);
}

ApiResult http(int code)
{
    return ApiResult::fromHttp(code, {}, {});
}

RetryPolicy fixed(double random = 0.0)
{
    RetryPolicy::Settings s;
    s.maxAttempts = 5;
    s.baseDelay = milliseconds(100);
    s.maxDelay = milliseconds(1000);
    s.jitter = 0.5;
    s.retryAfterUnit = milliseconds(1000);
    s.maxRetryAfter = milliseconds(30000);
    return RetryPolicy(s, [random] { return random; });
}

} // namespace

class TestRetryPolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retryable_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<int>("httpCode");
        QTest::addColumn<int>("networkError");
        QTest::addColumn<bool>("retry");

        const int none = QNetworkReply::NoError;
        const int reset = QNetworkReply::RemoteHostClosedError;
        for (const QByteArray &method : {QByteArray("GET"), QByteArray("PUT"), QByteArray("DELETE")}) {
            QTest::addRow("%s 429", method.constData()) << method << 429 << none << true;
            QTest::addRow("%s 500", method.constData()) << method << 500 << none << true;
            QTest::addRow("%s 503", method.constData()) << method << 503 << none << true;
            QTest::addRow("%s 504", method.constData()) << method << 504 << none << true;
            QTest::addRow("%s reset", method.constData()) << method << 0 << reset << true;
        }
        for (const QByteArray &method : {QByteArray("POST"), QByteArray("PATCH"), QByteArray("APPLY")}) {
            QTest::addRow("%s 429", method.constData()) << method << 429 << none << true;
            QTest::addRow("%s 500", method.constData()) << method << 500 << none << false;
            QTest::addRow("%s 503", method.constData()) << method << 503 << none << false;
            QTest::addRow("%s reset", method.constData()) << method << 0 << reset << false;
        }
        QTest::newRow("GET 501") << QByteArray("GET") << 501 << none << false;
        QTest::newRow("GET 404") << QByteArray("GET") << 404 << none << false;
        QTest::newRow("GET 409") << QByteArray("GET") << 409 << none << false;
        QTest::newRow("GET 410") << QByteArray("GET") << 410 << none << false;
        QTest::newRow("GET 401") << QByteArray("GET") << 401 << none << false;
        QTest::newRow("GET 200") << QByteArray("GET") << 200 << none << false;
        QTest::newRow("GET refused") << QByteArray("GET") << 0 << int(QNetworkReply::ConnectionRefusedError) << false;
        QTest::newRow("GET dns") << QByteArray("GET") << 0 << int(QNetworkReply::HostNotFoundError) << false;
        QTest::newRow("GET tls") << QByteArray("GET") << 0 << int(QNetworkReply::SslHandshakeFailedError) << false;
        QTest::newRow("GET timeout") << QByteArray("GET") << 0 << int(QNetworkReply::TimeoutError) << false;
    }

    void retryable()
    {
        QFETCH(QByteArray, method);
        QFETCH(int, httpCode);
        QFETCH(int, networkError);
        QFETCH(bool, retry);
        const ApiResult result = httpCode ? http(httpCode)
                                          : ApiResult::fromNetworkError(QNetworkReply::NetworkError(networkError),
                                                                        QUrl(u"https://k:6443"_s));
        QCOMPARE(RetryPolicy::isRetryable(requestFor(method), result), retry);
        QCOMPARE(fixed().nextDelay(requestFor(method), result, 1).has_value(), retry);
    }

    void exponentialBackoffWithJitterAndCap()
    {
        const RetryPolicy noJitter = fixed(0.0);
        QCOMPARE(noJitter.backoff(1), milliseconds(100));
        QCOMPARE(noJitter.backoff(2), milliseconds(200));
        QCOMPARE(noJitter.backoff(3), milliseconds(400));
        QCOMPARE(noJitter.backoff(5), milliseconds(1000));    // capped
        QCOMPARE(noJitter.backoff(30), milliseconds(1000));
        const RetryPolicy fullJitter = fixed(1.0);
        QCOMPARE(fullJitter.backoff(1), milliseconds(150));   // 100 * (1 + 0.5 * 1.0)
        QCOMPARE(fullJitter.backoff(5), milliseconds(1500));
    }

    void honoursRetryAfter()
    {
        const RetryPolicy policy = fixed(0.0);
        const ApiRequest get = requestFor("GET");
        QCOMPARE(policy.nextDelay(get, http(429), 1, 3), milliseconds(3000));
        QCOMPARE(policy.nextDelay(get, http(503), 1, 2), milliseconds(2000));
        QCOMPARE(policy.nextDelay(get, http(429), 1, 3600), milliseconds(30000));   // capped
        QCOMPARE(policy.nextDelay(get, http(429), 1, 0), milliseconds(100));        // 0: a small backoff
        QCOMPARE(policy.nextDelay(get, http(429), 2), milliseconds(200));           // no header: backoff

        // Status.details.retryAfterSeconds counts when the header is missing.
        ApiResult throttled = http(429);
        throttled.status.details.retryAfterSeconds = 4;
        QCOMPARE(policy.nextDelay(get, throttled, 1), milliseconds(4000));
        QCOMPARE(policy.nextDelay(requestFor("POST"), throttled, 1), milliseconds(4000));
    }

    void stopsAtMaxAttempts()
    {
        const RetryPolicy policy = fixed();
        const ApiRequest get = requestFor("GET");
        QVERIFY(policy.nextDelay(get, http(503), 4).has_value());
        QVERIFY(!policy.nextDelay(get, http(503), 5).has_value());
        QVERIFY(!policy.nextDelay(get, http(429), 5, 1).has_value());
    }

    void defaultRandomSourceStaysInRange()
    {
        const RetryPolicy policy;
        for (int i = 0; i < 50; ++i) {
            const milliseconds d = policy.backoff(1);
            QVERIFY(d >= policy.settings().baseDelay);
            QVERIFY(d <= policy.settings().baseDelay * 3 / 2);
        }
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
