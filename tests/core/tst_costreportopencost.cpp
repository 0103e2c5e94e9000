// costReportFromOpenCost: the report OpenCost's per-namespace allocation can fill, from
// rows parsed out of a real-shaped /allocation answer.
#include "core/cost/costreportopencost.h"
#include "core/cost/opencostclient.h"

#include <QTest>

using namespace pd::core;
using namespace Qt::StringLiterals;

namespace {

CostRow row(const QString &key, double total)
{
    CostRow r;
    r.key = key;
    r.totalCost = total;
    r.cpuCost = total;
    return r;
}

QStringList keys(const QList<CostRow> &rows)
{
    QStringList out;
    for (const CostRow &r : rows)
        out << r.key;
    return out;
}

} // namespace

class TestCostReportOpenCost final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fillsTotalWindowAndMostExpensive_data()
    {
        QTest::addColumn<QList<CostRow>>("rows");
        QTest::addColumn<QStringList>("previews");
        QTest::addColumn<int>("top");
        QTest::addColumn<double>("total");
        QTest::addColumn<QStringList>("mostExpensive");

        const QList<CostRow> rows{row(u"shop-pr-1"_s, 2.0), row(u"__idle__"_s, 5.0), row(u"staging-shop"_s, 3.0),
                                  row(u"shop-pr-2"_s, 2.0), row(u"__unallocated__"_s, 0.5)};
        QTest::newRow("every namespace, OpenCost's own left out")
            << rows << QStringList{} << 10 << 12.5 << QStringList{u"staging-shop"_s, u"shop-pr-1"_s, u"shop-pr-2"_s};
        QTest::newRow("previews only") << rows << QStringList{u"shop-pr-1"_s, u"shop-pr-2"_s, u"shop-pr-9"_s} << 10
                                       << 12.5 << QStringList{u"shop-pr-1"_s, u"shop-pr-2"_s};
        QTest::newRow("top 2, ties by name") << rows << QStringList{} << 2 << 12.5
                                             << QStringList{u"staging-shop"_s, u"shop-pr-1"_s};
        QTest::newRow("top 0") << rows << QStringList{} << 0 << 12.5 << QStringList{};
        QTest::newRow("no rows") << QList<CostRow>{} << QStringList{} << 10 << 0.0 << QStringList{};
    }

    void fillsTotalWindowAndMostExpensive()
    {
        QFETCH(QList<CostRow>, rows);
        QFETCH(QStringList, previews);
        QFETCH(int, top);
        QFETCH(double, total);
        QFETCH(QStringList, mostExpensive);

        CostReportOptions options;
        options.topPreviews = top;
        options.previewNamespaces = QSet<QString>(previews.cbegin(), previews.cend());
        const CostReport report = costReportFromOpenCost(rows, 1000, 2000, options);
        QCOMPARE(report.windowStartMs, 1000);
        QCOMPARE(report.windowEndMs, 2000);
        QCOMPARE(report.totalCost, total);
        QCOMPARE(keys(report.mostExpensive), mostExpensive);
        QVERIFY(report.days.isEmpty());
        QVERIFY(report.byDay.isEmpty());
        QVERIFY(report.byEnvironment.isEmpty());
        QVERIFY(report.idle.isEmpty());
        QVERIFY(report.rightsizing.isEmpty());
        QVERIFY(report.guardrailSavings.isEmpty());
        // A report with something to show is not a placeholder.
        QCOMPARE(report.isEmpty(), mostExpensive.isEmpty());
    }

    void fromAParsedAllocation()
    {
        // Two steps of OpenCost's answer; the rows sum over them.
        const QByteArray json = R"({"code":200,"data":[
            {"shop-pr-7":{"name":"shop-pr-7","cpuCost":1.0,"ramCost":0.5,"pvCost":0.25,"totalCost":1.75,
                          "start":"2026-11-19T00:00:00Z","end":"2026-11-20T00:00:00Z","minutes":1440},
             "__idle__":{"name":"__idle__","cpuCost":4,"ramCost":1,"pvCost":0,"totalCost":5,
                          "start":"2026-11-19T00:00:00Z","end":"2026-11-20T00:00:00Z","minutes":1440}},
            {"shop-pr-7":{"name":"shop-pr-7","cpuCost":1.0,"ramCost":0.5,"pvCost":0.25,"totalCost":1.75,
                          "start":"2026-11-20T00:00:00Z","end":"2026-11-21T00:00:00Z","minutes":1440}}]})";
        const OpenCostResult parsed = parseOpenCostAllocation(json);
        QVERIFY2(parsed.ok, qPrintable(parsed.error));
        const CostReport report = costReportFromOpenCost(parsed.rows, 1, 2);
        QCOMPARE(report.totalCost, 8.5);
        QCOMPARE(keys(report.mostExpensive), QStringList{u"shop-pr-7"_s});
        QCOMPARE(report.mostExpensive.first().totalCost, 3.5);
        QCOMPARE(report.mostExpensive.first().storageCost, 0.5);
        QCOMPARE(report.mostExpensive.first().hours, 48.0);
    }
};

QTEST_GUILESS_MAIN(TestCostReportOpenCost)
#include "tst_costreportopencost.moc"
