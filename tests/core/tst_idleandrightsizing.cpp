// Idle previews and rightsizing suggestions against hand-computed values.
#include "core/cost/idleandrightsizing.h"

#include <QTest>

#include <cmath>

using namespace pd::core;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 H = 3600 * 1000;
constexpr qint64 T0 = 1795564800000;   // 2026-11-25T00:00:00Z
constexpr double Mi = 1024.0 * 1024.0;
constexpr double CPU = 0.031611;
constexpr double MEM = 0.004237;

UsageSample sample(const QString &ns, const QString &pod, int hour, double cpuUse, double memUseMi, double cpuReq,
                   double memReqMi)
{
    UsageSample s;
    s.timestampMs = T0 + hour * H;
    s.namespaceName = ns;
    s.pod = pod;
    s.container = u"app"_s;
    s.workload = u"web"_s;
    s.cpuUsageCores = cpuUse;
    s.memoryUsageBytes = memUseMi * Mi;
    s.cpuRequestCores = cpuReq;
    s.memoryRequestBytes = memReqMi * Mi;
    return s;
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

} // namespace

class TestIdleAndRightsizing final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idlePreviews()
    {
        AttributionInput input;
        input.windowStartMs = T0;
        input.windowEndMs = T0 + 48 * H;
        for (int h = 0; h < 48; ++h) {
            input.samples.append(sample(u"pr-1"_s, u"a"_s, h, 0.01, 0, 1, 0));   // 1% of its request: idle
            input.samples.append(sample(u"pr-2"_s, u"a"_s, h, 0.5, 0, 1, 0));    // busy
            input.samples.append(sample(u"pr-5"_s, u"a"_s, h, 0.06, 0, 1, 0));   // 6%: not idle
        }
        input.samples.append(sample(u"pr-3"_s, u"a"_s, 0, 1, 0, 1, 0));            // ran 2 h, then scaled down
        input.samples.append(sample(u"pr-3"_s, u"a"_s, 1, 1, 0, 1, 0));
        input.pvcs.append(PvcUsage{u"pr-4"_s, u"data"_s, 5 * 1024 * Mi, T0 - H, T0 + 100 * H});   // storage only

        // Idle: running at the window's end and under 5 % of its CPU requests. pr-3 (scaled
        // down after 2 h) and pr-4 (storage only) are not: guardrail savings list those.
        const QList<IdlePreview> idle = findIdlePreviews(input);
        QCOMPARE(idle.size(), 1);
        QCOMPARE(idle.at(0).namespaceName, u"pr-1"_s);
        QVERIFY(near(idle.at(0).cpuUsageRatio, 0.01));
        QVERIFY(near(idle.at(0).cost.totalCost, 48 * CPU));

        // A stricter ratio leaves none; a looser one takes pr-5 (6 %) too.
        IdleOptions strict;
        strict.usageRatio = 0.005;
        QVERIFY(findIdlePreviews(input, strict).isEmpty());
        IdleOptions loose;
        loose.usageRatio = 0.1;
        QCOMPARE(findIdlePreviews(input, loose).size(), 2);
    }

    void percentiles_data()
    {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("expected");
        QList<double> twenty, hundred;
        for (int i = 20; i >= 1; --i)
            twenty.append(i);
        for (int i = 1; i <= 100; ++i)
            hundred.append(i);
        QTest::newRow("none") << QList<double>{} << 0.95 << 0.0;
        QTest::newRow("one") << QList<double>{5} << 0.95 << 5.0;
        QTest::newRow("twenty, unsorted") << twenty << 0.95 << 19.0;
        QTest::newRow("hundred") << hundred << 0.95 << 95.0;
        QTest::newRow("median") << hundred << 0.5 << 50.0;
        QTest::newRow("max") << hundred << 1.0 << 100.0;
    }

    void percentiles()
    {
        QFETCH(QList<double>, values);
        QFETCH(double, p);
        QFETCH(double, expected);
        QCOMPARE(percentile(values, p), expected);
    }

    void rightsizing()
    {
        AttributionInput input;
        input.windowStartMs = T0;
        input.windowEndMs = T0 + 24 * H;
        // Two replicas for 24 h: 1 core / 1Gi requested, 100m used (one spike to 200m), 256Mi used.
        for (int h = 0; h < 24; ++h) {
            input.samples.append(sample(u"shop"_s, u"web-1"_s, h, h == 7 ? 0.2 : 0.1, 256, 1, 1024));
            input.samples.append(sample(u"shop"_s, u"web-2"_s, h, 0.1, 256, 1, 1024));
        }
        // Under-requested: uses 500m against a 250m request.
        for (int h = 0; h < 24; ++h)
            input.samples.append(UsageSample{T0 + h * H, u"shop"_s, u"db-0"_s, u"db"_s, u"db"_s, 0.5, 100 * Mi, 0.25, 100 * Mi});

        const QList<RightsizingSuggestion> all = suggestRightsizing(input);
        QCOMPARE(all.size(), 2);
        const RightsizingSuggestion &web = all.at(0);
        QCOMPARE(web.namespaceName, u"shop"_s);
        QCOMPARE(web.workload, u"web"_s);
        QCOMPARE(web.container, u"app"_s);
        QVERIFY(near(web.cpuP95Cores, 0.1));           // rank 46 of 48 values, one of them 0.2
        QVERIFY(near(web.suggestedCpuCores, 0.12));
        QVERIFY(near(web.memoryP95Bytes, 256 * Mi));
        QVERIFY(near(web.suggestedMemoryBytes, 308 * Mi));   // ceil(307.2 Mi)
        QVERIFY(near(web.averageReplicas, 2));
        const double saving = (0.88 * CPU + 716.0 / 1024.0 * MEM) * 730 * 2;
        QVERIFY2(near(web.monthlySaving, saving), qPrintable(u"%1 != %2"_s.arg(web.monthlySaving).arg(saving)));

        const RightsizingSuggestion &db = all.at(1);
        QCOMPARE(db.workload, u"db"_s);
        QVERIFY(near(db.suggestedCpuCores, 0.6));
        QVERIFY(near(db.suggestedMemoryBytes, 120 * Mi));
        QVERIFY(near(db.averageReplicas, 1));
        QVERIFY(db.monthlySaving < 0);   // it needs more than it asks for
        QVERIFY(near(db.monthlySaving, ((0.25 - 0.6) * CPU + (100.0 - 120.0) / 1024.0 * MEM) * 730));
    }
};

QTEST_GUILESS_MAIN(TestIdleAndRightsizing)
#include "tst_idleandrightsizing.moc"
