// QueryOptions: the query string decoded as kube-apiserver's ParameterCodec does,
// alone and through the ApiServer (watch=True from the Python client, limits,
// resourceVersionMatch, sendInitialEvents with bookmarks, unknown keys ignored).
#include "apitesthelper.h"

#include <sandbox/queryoptions.h>

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pd::sandbox;
using namespace pd::sandbox::test;

namespace {

QStringList eventTypes(const TestExchange &ex)
{
    QStringList out;
    for (const QJsonObject &e : ex.events())
        out << e.value(u"type"_s).toString();
    return out;
}

QJsonObject configMap(const QString &name, const QString &value)
{
    return object(u"v1"_s, u"ConfigMap"_s, name, QJsonObject{{u"data"_s, QJsonObject{{u"k"_s, value}}}});
}

} // namespace

class TestQueryOptions final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void booleans_data();
    void booleans();
    void integers_data();
    void integers();
    void listValidation_data();
    void listValidation();
    void firstValueWins();

    void watchStartsForEveryTrueSpelling_data();
    void watchStartsForEveryTrueSpelling();
    void malformedLimitIsBadRequest();
    void unknownParametersAreIgnored();
    void invalidCombinationIsUnprocessable();
    void listAtExactVersion();
    void listAtFutureVersionTimesOut();
    void sendInitialEventsEndsWithBookmark();
    void sendInitialEventsFalseStartsEmpty();

private:
    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<ApiServer> m_api;
};

void TestQueryOptions::init()
{
    m_store = std::make_unique<ObjectStore>();
    m_api = std::make_unique<ApiServer>(m_store.get());
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces"_s, namespaceObject(u"shop"_s)).status, 201);
}

void TestQueryOptions::cleanup()
{
    m_api.reset();
    m_store.reset();
}

void TestQueryOptions::booleans_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("watch");
    // apimachinery's Convert_Slice_string_To_bool: only "0" and "false" (any case) are false.
    for (const char *t : {"1", "t", "T", "TRUE", "true", "True", "yes", "f", ""})
        QTest::newRow(qPrintable(u"watch=%1"_s.arg(QLatin1String(t)))) << u"watch=%1"_s.arg(QLatin1String(t)) << true;
    for (const char *f : {"0", "false", "False", "FALSE", "fAlSe"})
        QTest::newRow(qPrintable(u"watch=%1"_s.arg(QLatin1String(f)))) << u"watch=%1"_s.arg(QLatin1String(f)) << false;
    QTest::newRow("absent") << u"limit=5"_s << false;
}

void TestQueryOptions::booleans()
{
    QFETCH(QString, query);
    QFETCH(bool, watch);
    QCOMPARE(QueryOptions::parse(QUrlQuery(query)).watch, watch);
}

void TestQueryOptions::integers_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<QString>("error");
    QTest::newRow("plain") << u"limit=500"_s << qint64(500) << QString();
    QTest::newRow("plus sign") << u"limit=%2B7"_s << qint64(7) << QString();
    QTest::newRow("negative") << u"limit=-3"_s << qint64(-3) << QString();
    QTest::newRow("empty") << u"limit="_s << qint64(0) << QString();
    QTest::newRow("word") << u"limit=ten"_s << qint64(0) << u"strconv.ParseInt: parsing \"ten\": invalid syntax"_s;
    QTest::newRow("hex") << u"limit=0x10"_s << qint64(0) << u"strconv.ParseInt: parsing \"0x10\": invalid syntax"_s;
    QTest::newRow("too big") << u"limit=99999999999999999999"_s << qint64(0)
                             << u"strconv.ParseInt: parsing \"99999999999999999999\": value out of range"_s;
    QTest::newRow("timeout word") << u"timeoutSeconds=soon"_s << qint64(0)
                                  << u"strconv.ParseInt: parsing \"soon\": invalid syntax"_s;
}

void TestQueryOptions::integers()
{
    QFETCH(QString, query);
    QFETCH(qint64, limit);
    QFETCH(QString, error);
    const QueryOptions o = QueryOptions::parse(QUrlQuery(query));
    QCOMPARE(o.limit, limit);
    QCOMPARE(o.listError.message, error);
    QCOMPARE(o.listError.code, error.isEmpty() ? 0 : 400);
}

void TestQueryOptions::listValidation_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("message");
    QTest::newRow("plain list") << u"limit=5"_s << QString();
    QTest::newRow("exact with version") << u"resourceVersion=12&resourceVersionMatch=Exact"_s << QString();
    QTest::newRow("match without version")
        << u"resourceVersionMatch=NotOlderThan"_s
        << u"ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided"_s;
    QTest::newRow("exact at zero")
        << u"resourceVersion=0&resourceVersionMatch=Exact"_s
        << u"ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""_s;
    QTest::newRow("unknown match")
        << u"resourceVersion=3&resourceVersionMatch=Newest"_s
        << u"ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Unsupported value: \"Newest\": supported values: \"Exact\", \"NotOlderThan\", \"\""_s;
    QTest::newRow("initial events on a list")
        << u"sendInitialEvents=true"_s
        << u"ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list"_s;
    QTest::newRow("watch-list") << u"watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true"_s
                                << QString();
    QTest::newRow("watch initial events without match")
        << u"watch=1&sendInitialEvents=true"_s
        << u"ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"_s;
    QTest::newRow("watch match without initial events")
        << u"watch=true&resourceVersionMatch=NotOlderThan"_s
        << u"ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"_s;
    QTest::newRow("watch exact")
        << u"watch=true&sendInitialEvents=false&resourceVersionMatch=Exact"_s
        << u"ListOptions.meta.k8s.io \"\" is invalid: [resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, "
           "resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\"]"_s;
}

void TestQueryOptions::listValidation()
{
    QFETCH(QString, query);
    QFETCH(QString, message);
    const ApiError e = QueryOptions::parse(QUrlQuery(query)).validateList();
    QCOMPARE(e.message, message);
    QCOMPARE(e.code, message.isEmpty() ? 0 : 422);
    if (e)
        QCOMPARE(e.detailsKind, u"ListOptions"_s);
}

void TestQueryOptions::firstValueWins()
{
    const QueryOptions o = QueryOptions::parse(QUrlQuery(u"watch=false&watch=true&limit=2&limit=9&dryRun=None&dryRun=All"_s));
    QVERIFY(!o.watch);
    QCOMPARE(o.limit, qint64(2));
    QVERIFY(o.dryRunAll);   // dryRun is a list: any All counts
}

void TestQueryOptions::watchStartsForEveryTrueSpelling_data()
{
    QTest::addColumn<QString>("value");
    for (const char *v : {"True", "true", "1", "t", "TRUE"})
        QTest::newRow(v) << QString::fromLatin1(v);
}

void TestQueryOptions::watchStartsForEveryTrueSpelling()
{
    QFETCH(QString, value);
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces/shop/configmaps"_s, configMap(u"a"_s, u"1"_s)).status, 201);
    TestExchange ex(makeRequest("GET", u"/api/v1/namespaces/shop/configmaps?watch="_s + value));
    m_api->handle(&ex);
    QVERIFY(ex.streaming);
    QCOMPARE(eventTypes(ex), QStringList{u"ADDED"_s});
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces/shop/configmaps"_s, configMap(u"b"_s, u"2"_s)).status, 201);
    QCOMPARE(eventTypes(ex), (QStringList{u"ADDED"_s, u"ADDED"_s}));
}

void TestQueryOptions::malformedLimitIsBadRequest()
{
    const Reply r = call(*m_api, "GET", u"/api/v1/namespaces/shop/configmaps?limit=lots"_s);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.reason(), u"BadRequest"_s);
    QCOMPARE(r.message(), u"strconv.ParseInt: parsing \"lots\": invalid syntax"_s);
    // A GET of one object does not decode ListOptions.
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces/shop/configmaps"_s, configMap(u"a"_s, u"1"_s)).status, 201);
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/shop/configmaps/a?limit=lots"_s).status, 200);
}

void TestQueryOptions::unknownParametersAreIgnored()
{
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces/shop/configmaps?pretty=true&fieldValidation=Strict&bogus=1"_s,
                  configMap(u"a"_s, u"1"_s)).status, 201);
    const Reply r = call(*m_api, "GET", u"/api/v1/namespaces/shop/configmaps?timeout=32s&pretty=1&whatever=x"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.itemNames(), QStringList{u"a"_s});
}

void TestQueryOptions::invalidCombinationIsUnprocessable()
{
    const Reply r = call(*m_api, "GET", u"/api/v1/namespaces/shop/configmaps?watch=1&sendInitialEvents=true"_s);
    QCOMPARE(r.status, 422);
    QCOMPARE(r.reason(), u"Invalid"_s);
    const QJsonObject details = r.json.value(u"details"_s).toObject();
    QCOMPARE(details.value(u"group"_s).toString(), u"meta.k8s.io"_s);
    QCOMPARE(details.value(u"kind"_s).toString(), u"ListOptions"_s);
    QCOMPARE(details.value(u"causes"_s).toArray().first().toObject().value(u"field"_s).toString(), u"resourceVersionMatch"_s);
}

void TestQueryOptions::listAtExactVersion()
{
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces/shop/configmaps"_s, configMap(u"a"_s, u"old"_s)).status, 201);
    const QString then = call(*m_api, "GET", u"/api/v1/namespaces/shop/configmaps"_s).metadata().value(u"resourceVersion"_s).toString();
    QCOMPARE(call(*m_api, "PATCH", u"/api/v1/namespaces/shop/configmaps/a"_s, QJsonObject{{u"data"_s, QJsonObject{{u"k"_s, u"new"_s}}}},
                  "application/merge-patch+json").status, 200);
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces/shop/configmaps"_s, configMap(u"b"_s, u"1"_s)).status, 201);

    const Reply exact = call(*m_api, "GET", u"/api/v1/namespaces/shop/configmaps?resourceVersion=%1&resourceVersionMatch=Exact"_s.arg(then));
    QCOMPARE(exact.status, 200);
    QCOMPARE(exact.itemNames(), QStringList{u"a"_s});
    QCOMPARE(exact.items().first().toObject().value(u"data"_s).toObject().value(u"k"_s).toString(), u"old"_s);
    QCOMPARE(exact.metadata().value(u"resourceVersion"_s).toString(), then);

    const Reply notOlder = call(*m_api, "GET", u"/api/v1/namespaces/shop/configmaps?resourceVersion=%1&resourceVersionMatch=NotOlderThan"_s.arg(then));
    QCOMPARE(notOlder.itemNames(), (QStringList{u"a"_s, u"b"_s}));

    m_api->compactHistory();
    const Reply gone = call(*m_api, "GET", u"/api/v1/namespaces/shop/configmaps?resourceVersion=%1&resourceVersionMatch=Exact"_s.arg(then));
    QCOMPARE(gone.status, 410);
    QCOMPARE(gone.reason(), u"Expired"_s);
}

void TestQueryOptions::listAtFutureVersionTimesOut()
{
    const qint64 future = m_store->resourceVersion() + 100;
    const Reply r = call(*m_api, "GET", u"/api/v1/namespaces/shop/configmaps?resourceVersion=%1"_s.arg(future));
    QCOMPARE(r.status, 504);
    QCOMPARE(r.reason(), u"Timeout"_s);
    QCOMPARE(r.message(), u"Timeout: Too large resource version: %1, current: %2"_s.arg(future).arg(m_store->resourceVersion()));
    QCOMPARE(r.json.value(u"details"_s).toObject().value(u"causes"_s).toArray().first().toObject().value(u"reason"_s).toString(),
             u"ResourceVersionTooLarge"_s);
}

void TestQueryOptions::sendInitialEventsEndsWithBookmark()
{
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces/shop/configmaps"_s, configMap(u"a"_s, u"1"_s)).status, 201);
    const QString rv = QString::number(m_store->resourceVersion());
    TestExchange ex(makeRequest("GET", u"/api/v1/namespaces/shop/configmaps?watch=True&sendInitialEvents=True"
                                       "&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=True&resourceVersion=%1"_s.arg(rv)));
    m_api->handle(&ex);
    QCOMPARE(eventTypes(ex), (QStringList{u"ADDED"_s, u"BOOKMARK"_s}));
    const QJsonObject bookmark = ex.events().last().value(u"object"_s).toObject().value(u"metadata"_s).toObject();
    QCOMPARE(bookmark.value(u"annotations"_s).toObject().value(u"k8s.io/initial-events-end"_s).toString(), u"true"_s);
    QCOMPARE(bookmark.value(u"resourceVersion"_s).toString(), rv);
    // Without bookmarks allowed, the initial state still comes, unmarked.
    TestExchange quiet(makeRequest("GET", u"/api/v1/namespaces/shop/configmaps?watch=1&sendInitialEvents=1&resourceVersionMatch=NotOlderThan"_s));
    m_api->handle(&quiet);
    QCOMPARE(eventTypes(quiet), QStringList{u"ADDED"_s});
}

void TestQueryOptions::sendInitialEventsFalseStartsEmpty()
{
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces/shop/configmaps"_s, configMap(u"a"_s, u"1"_s)).status, 201);
    TestExchange ex(makeRequest("GET", u"/api/v1/namespaces/shop/configmaps?watch=1&sendInitialEvents=false&resourceVersionMatch=NotOlderThan"_s));
    m_api->handle(&ex);
    QVERIFY(ex.streaming);
    QVERIFY(ex.events().isEmpty());
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces/shop/configmaps"_s, configMap(u"b"_s, u"2"_s)).status, 201);
    QCOMPARE(eventTypes(ex), QStringList{u"ADDED"_s});
}

QTEST_GUILESS_MAIN(TestQueryOptions)
#include "tst_queryoptions.moc"
