// The status vocabulary: levels by code range, HTTP codes mapped to kinds, and
// ApiResult::outcome() for every shape of answer.
#include "kube/apiresult.h"
#include "kube/status.h"

#include <QTest>

using namespace Qt::StringLiterals;
using pd::kube::ApiResult;
using pd::kube::Status;

Q_DECLARE_METATYPE(Status::Level)

class TestStatus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void levels_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<Status::Level>("level");
        QTest::addColumn<bool>("good");
        QTest::newRow("success") << int(Status::Success) << Status::Level::Success << true;
        QTest::newRow("partial is a warning") << int(Status::Partial) << Status::Level::Warning << true;
        QTest::newRow("cancelled") << int(Status::Cancelled) << Status::Level::Cancelled << false;
        QTest::newRow("failed") << int(Status::Failed) << Status::Level::Error << false;
        QTest::newRow("not found") << int(Status::NotFound) << Status::Level::Error << false;
        QTest::newRow("user defined") << int(Status::UserDefinedError) + 3 << Status::Level::Error << false;
    }
    void levels()
    {
        QFETCH(int, code);
        QFETCH(Status::Level, level);
        QFETCH(bool, good);
        const Status status{code, u"m"_s, 0};
        QCOMPARE(status.level(), level);
        QCOMPARE(status.good(), good);
        QCOMPARE(status.isCancelled(), level == Status::Level::Cancelled);
        QCOMPARE(status.isError(), level == Status::Level::Error);
    }

    void outcome_data()
    {
        QTest::addColumn<ApiResult>("result");
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("httpCode");
        const QByteArray json = "application/json";
        QTest::newRow("200") << ApiResult::fromHttp(200, "{}", json) << int(Status::Success) << 200;
        QTest::newRow("400") << ApiResult::fromHttp(400, "", json) << int(Status::Invalid) << 400;
        QTest::newRow("401") << ApiResult::fromHttp(401, "", json) << int(Status::Unauthorized) << 401;
        QTest::newRow("403") << ApiResult::fromHttp(403, "", json) << int(Status::Forbidden) << 403;
        QTest::newRow("404") << ApiResult::fromHttp(404, "", json) << int(Status::NotFound) << 404;
        QTest::newRow("409") << ApiResult::fromHttp(409, "", json) << int(Status::Conflict) << 409;
        QTest::newRow("422") << ApiResult::fromHttp(422, "", json) << int(Status::Invalid) << 422;
        QTest::newRow("429") << ApiResult::fromHttp(429, "", json) << int(Status::TooManyRequests) << 429;
        QTest::newRow("503") << ApiResult::fromHttp(503, "", json) << int(Status::ServerError) << 503;
        QTest::newRow("302") << ApiResult::fromHttp(302, "", json) << int(Status::HttpError) << 302;
        const QUrl url(u"https://cluster.example:6443/api"_s);
        QTest::newRow("refused") << ApiResult::fromNetworkError(QNetworkReply::ConnectionRefusedError, url)
                                 << int(Status::NetworkError) << 0;
        QTest::newRow("timeout") << ApiResult::fromNetworkError(QNetworkReply::TimeoutError, url) << int(Status::Timeout) << 0;
        QTest::newRow("aborted") << ApiResult::fromAbort(url) << int(Status::Cancelled) << 0;
        QTest::newRow("no credentials") << ApiResult::fromLocalError(u"no token"_s) << int(Status::LocalError) << 0;
    }
    void outcome()
    {
        QFETCH(ApiResult, result);
        QFETCH(int, code);
        QFETCH(int, httpCode);
        const Status status = result.outcome();
        QCOMPARE(status.code, code);
        QCOMPARE(status.httpCode, httpCode);
        QCOMPARE(status.message, result.message());
        QCOMPARE(status.good(), result.ok());
    }
};

QTEST_MAIN(TestStatus)
#include "tst_status.moc"
