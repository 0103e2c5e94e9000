// One definition of cost: the clone wizard's projection for a clone of X equals the
// Cost/day column for X's requests at the same prices, from a full day of history and
// right after the first samples; the pricing primitive, nice axes and money text.
#include "core/cost/costformat.h"
#include "core/cost/costhistory.h"
#include "core/cost/costperday.h"
#include "core/cost/costpricing.h"
#include "core/cost/costprojection.h"
#include "core/cost/idleandrightsizing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace pd::core;

namespace {

constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kStart = 1'795'000'000'000;
constexpr double kMi = 1024.0 * 1024.0;

QJsonObject json(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }

// X: web (2 replicas, 250m / 256Mi), db (a StatefulSet, 500m / 1Gi, a 10Gi claim) and a
// sidecar without requests that the LimitRange gives 100m / 128Mi.
QList<QJsonObject> sourceObjects()
{
    return {
        json(R"({"kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2,"template":{"spec":{"containers":[
                 {"name":"web","resources":{"requests":{"cpu":"250m","memory":"256Mi"}}},{"name":"sidecar"}]}}}})"),
        json(R"({"kind":"StatefulSet","metadata":{"name":"db"},"spec":{"replicas":1,"template":{"spec":{"containers":[
                 {"name":"db","resources":{"requests":{"cpu":"500m","memory":"1Gi"}}}]}},
                 "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"resources":{"requests":{"storage":"10Gi"}}}}]}})"),
        json(R"({"kind":"LimitRange","metadata":{"name":"limits"},"spec":{"limits":[{"type":"Container",
                 "defaultRequest":{"cpu":"100m","memory":"128Mi"}}]}})"),
    };
}

UsageSample sample(qint64 t, const QString &pod, const QString &container, const QString &workload, double cpu, double memMi)
{
    UsageSample s;
    s.timestampMs = t;
    s.namespaceName = u"shop-pr-1412"_s;
    s.pod = pod;
    s.container = container;
    s.workload = workload;
    s.cpuRequestCores = cpu;
    s.memoryRequestBytes = memMi * kMi;
    s.cpuUsageCores = cpu * 0.3;        // under the requests: the requests are what is charged
    s.memoryUsageBytes = memMi * kMi * 0.5;
    return s;
}

// What the sampler sees of X running at t (admission filled the sidecar's requests).
QList<UsageSample> runningAt(qint64 t)
{
    QList<UsageSample> out;
    for (const QString &pod : {u"web-7d9f8-a"_s, u"web-7d9f8-b"_s}) {
        out << sample(t, pod, u"web"_s, u"web"_s, 0.25, 256);
        out << sample(t, pod, u"sidecar"_s, u"web"_s, 0.1, 128);
    }
    out << sample(t, u"db-0"_s, u"db"_s, u"db"_s, 0.5, 1024);
    return out;
}

Prices contextPrices()
{
    Prices prices;   // a context's own prices, not OpenCost's defaults
    prices.cpuPerCoreHour = 0.045;
    prices.memoryPerGiBHour = 0.0061;
    prices.storagePerGiBHour = 0.00014;
    return prices;
}

} // namespace

class TestCostOneDefinition final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wizardProjectionEqualsTheColumn_data();
    void wizardProjectionEqualsTheColumn();
    void pricingPrimitive();
    void rightsizingSavingIsMonthlyMoney();
    void firstSampleIsRightsized();
    void niceAxes_data();
    void niceAxes();
    void moneyText_data();
    void moneyText();
};

void TestCostOneDefinition::wizardProjectionEqualsTheColumn_data()
{
    QTest::addColumn<int>("samples");
    QTest::addColumn<qint64>("nowAfterLast");
    QTest::newRow("a full day") << 288 << 5 * kMinute;
    QTest::newRow("right after the first sample") << 1 << qint64(20 * 1000);
    QTest::newRow("three samples in") << 3 << 2 * kMinute;
}

void TestCostOneDefinition::wizardProjectionEqualsTheColumn()
{
    QFETCH(int, samples);
    QFETCH(qint64, nowAfterLast);
    const Prices prices = contextPrices();
    const ProjectedCost projected = projectCost(sourceObjects(), prices);

    QTemporaryDir dir;
    CostHistory history;
    QVERIFY2(history.open(dir.filePath(u"c.sqlite"_s)), qPrintable(history.error()));
    PvcUsage claim;
    claim.namespaceName = u"shop-pr-1412"_s;
    claim.name = u"data-db-0"_s;
    claim.requestedBytes = 10 * 1024 * kMi;
    constexpr qint64 interval = 5 * kMinute;
    qint64 t = kStart;
    for (int i = 0; i < samples; ++i, t += interval)
        QVERIFY(history.record(t, runningAt(t), {claim}, {}, {}, interval));
    const qint64 now = t - interval + nowAfterLast;
    const QHash<QString, double> column = costPerDayByNamespace(history, now, prices);
    QVERIFY(column.contains(u"shop-pr-1412"_s));
    const double perDay = column.value(u"shop-pr-1412"_s);
    QVERIFY2(std::abs(perDay - projected.perDay()) < 1e-9,
             qPrintable(u"column $%1, wizard $%2"_s.arg(perDay, 0, 'f', 6).arg(projected.perDay(), 0, 'f', 6)));
    // By hand: (2 x (0.25 + 0.1) + 0.5) cores, (2 x (256 + 128) + 1024) MiB, 10 GiB, 24 h.
    const double expected = 24 * (1.2 * 0.045 + (1792.0 / 1024) * 0.0061 + 10 * 0.00014);
    QVERIFY(std::abs(projected.perDay() - expected) < 1e-9);
}

void TestCostOneDefinition::pricingPrimitive()
{
    ResourceHours hours;
    hours.cpuCoreHours = 2;
    hours.memoryGiBHours = 10;
    hours.storageGiBHours = 100;
    const PricedResources priced = priceResources(hours, contextPrices());
    QCOMPARE(priced.cpu, 0.09);
    QCOMPARE(priced.memory, 0.061);
    QVERIFY(std::abs(priced.total() - (0.09 + 0.061 + 0.014)) < 1e-12);
    const PricedResources requests = priceRequests(0.5, 512 * kMi, 0, 4, contextPrices());
    QVERIFY(std::abs(requests.total() - (0.5 * 4 * 0.045 + 0.5 * 4 * 0.0061)) < 1e-12);
}

void TestCostOneDefinition::rightsizingSavingIsMonthlyMoney()
{
    // Issue 17: cutting 500m to 13m read "$0.00 a month" because a preview sampled for two
    // hours of a 7-day window counted as 1/84 of a replica.
    AttributionInput input;
    input.prices = contextPrices();
    input.windowStartMs = kStart;
    input.windowEndMs = kStart + 7 * 24 * kHour;
    input.options.nominalIntervalMs = 5 * kMinute;
    for (qint64 t = input.windowEndMs - 2 * kHour; t < input.windowEndMs; t += 5 * kMinute) {
        UsageSample s = sample(t, u"api-1"_s, u"api"_s, u"api"_s, 0.5, 128);
        s.cpuUsageCores = 0.01;
        s.memoryUsageBytes = 100 * kMi;
        input.samples << s;
    }
    const QList<RightsizingSuggestion> suggestions = suggestRightsizing(input);
    QCOMPARE(suggestions.size(), qsizetype(1));
    const RightsizingSuggestion &s = suggestions.first();
    QCOMPARE(qRound(s.suggestedCpuCores * 1000), 12);
    QVERIFY(std::abs(s.averageReplicas - 1) < 1e-9);
    const double expected = ((0.5 - 0.012) * 0.045 + (128 - 120) / 1024.0 * 0.0061) * 730;
    QVERIFY2(std::abs(s.monthlySaving - expected) < 1e-9, qPrintable(QString::number(s.monthlySaving)));
    QCOMPARE(pd::core::moneyText(s.monthlySaving), u"$16.07"_s);
}

void TestCostOneDefinition::firstSampleIsRightsized()
{
    // The cost window right after start-up: one sample in a 7-day window, priced to now.
    QTemporaryDir dir;
    CostHistory history;
    QVERIFY2(history.open(dir.filePath(u"c.sqlite"_s)), qPrintable(history.error()));
    const qint64 t = kStart;
    QVERIFY(history.record(t, runningAt(t), {}, {}, {}, 5 * kMinute));
    const qint64 now = t + 20 * 1000;
    const CostCoverage coverage = history.coverage(now - 7 * 24 * kHour, now);
    const AttributionInput input = history.input(now - 7 * 24 * kHour, coverage.pricedUntil(now), contextPrices());
    QCOMPARE(input.samples.size(), qsizetype(5));
    QCOMPARE(suggestRightsizing(input).size(), qsizetype(3));
}

void TestCostOneDefinition::niceAxes_data()
{
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    QTest::addColumn<QStringList>("labels");
    QTest::newRow("fractions of a cent") << 0.0 << 0.0004 << QStringList{u"$0.0000"_s, u"$0.0001"_s, u"$0.0002"_s,
                                                                         u"$0.0003"_s, u"$0.0004"_s};
    QTest::newRow("cents") << 0.0 << 0.031 << QStringList{u"$0.00"_s, u"$0.01"_s, u"$0.02"_s, u"$0.03"_s, u"$0.04"_s};
    QTest::newRow("dollars") << 0.0 << 7.3 << QStringList{u"$0"_s, u"$2"_s, u"$4"_s, u"$6"_s, u"$8"_s};
    QTest::newRow("a negative saving") << -0.4 << 1.1 << QStringList{u"-$0.5"_s, u"$0.0"_s, u"$0.5"_s, u"$1.0"_s, u"$1.5"_s};
    QTest::newRow("nothing") << 0.0 << 0.0 << QStringList{u"$0.0"_s, u"$0.2"_s, u"$0.4"_s, u"$0.6"_s, u"$0.8"_s, u"$1.0"_s};
}

void TestCostOneDefinition::niceAxes()
{
    QFETCH(double, low);
    QFETCH(double, high);
    const NiceAxis axis = niceAxis(low, high);
    QStringList labels;
    for (int i = 0; i < axis.ticks; ++i)
        labels << axis.label(axis.min + i * axis.step);
    QTEST(labels, "labels");
    QCOMPARE(QSet<QString>(labels.cbegin(), labels.cend()).size(), labels.size());   // all distinct
    QVERIFY(axis.min <= low && axis.max >= high);
}

void TestCostOneDefinition::moneyText_data()
{
    QTest::addColumn<double>("amount");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << u"$0.00"_s;
    QTest::newRow("a fraction of a cent") << 0.00423 << u"$0.0042"_s;
    QTest::newRow("cents") << 0.487 << u"$0.49"_s;
    QTest::newRow("dollars") << 11.236 << u"$11.24"_s;
    QTest::newRow("hundreds") << 1234.4 << u"$1234"_s;
    QTest::newRow("negative") << -3.5 << u"-$3.50"_s;
}

void TestCostOneDefinition::moneyText()
{
    QFETCH(double, amount);
    QTEST(pd::core::moneyText(amount), "text");
}

QTEST_MAIN(TestCostOneDefinition)
#include "tst_costonedefinition.moc"
