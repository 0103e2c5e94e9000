// Cost attribution by OpenCost's rule against hand-computed tables.
#include "core/cost/costattribution.h"

#include <QTest>

#include <cmath>

using namespace pd::core;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(QList<pd::core::UsageSample>)
Q_DECLARE_METATYPE(QList<pd::core::PvcUsage>)
Q_DECLARE_METATYPE(QList<pd::core::CostRow>)
Q_DECLARE_METATYPE(pd::core::CostGrouping)

namespace {

constexpr qint64 H = 3600 * 1000;
constexpr qint64 T0 = 1795564800000;   // 2026-11-25T00:00:00Z
constexpr double Mi = 1024.0 * 1024.0;
constexpr double CPU = 0.031611;
constexpr double MEM = 0.004237;
constexpr double PV = 0.00005479452;

UsageSample sample(const QString &ns, const QString &pod, double hour, double cpuUse, double memUseMi,
                   double cpuReq, double memReqMi, const QString &container = u"app"_s,
                   const QString &workload = u"web"_s)
{
    UsageSample s;
    s.timestampMs = T0 + qint64(hour * double(H));
    s.namespaceName = ns;
    s.pod = pod;
    s.container = container;
    s.workload = workload;
    s.cpuUsageCores = cpuUse;
    s.memoryUsageBytes = memUseMi * Mi;
    s.cpuRequestCores = cpuReq;
    s.memoryRequestBytes = memReqMi * Mi;
    return s;
}

CostRow row(const QString &key, double hours, double cpu, double memory, double storage = 0)
{
    CostRow r;
    r.key = key;
    r.hours = hours;
    r.cpuCost = cpu;
    r.memoryCost = memory;
    r.storageCost = storage;
    r.totalCost = cpu + memory + storage;
    return r;
}

PvcUsage pvc(const QString &ns, const QString &name, double gib, double fromHour, double toHour)
{
    return PvcUsage{ns, name, gib * 1024.0 * Mi, T0 + qint64(fromHour * double(H)), T0 + qint64(toHour * double(H))};
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

} // namespace

class TestCostAttribution final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void attribution_data()
    {
        QTest::addColumn<QList<UsageSample>>("samples");
        QTest::addColumn<QList<PvcUsage>>("pvcs");
        QTest::addColumn<double>("windowHours");
        QTest::addColumn<CostGrouping>("grouping");
        QTest::addColumn<QList<CostRow>>("expected");

        const QString ns = u"shop"_s;
        const QList<PvcUsage> none;
        // 250m/512Mi requested, 100m/100Mi used, sampled at 0 h and 1 h: two hours (the last sample
        // is priced for one nominal interval).
        QTest::newRow("request above usage")
            << QList<UsageSample>{sample(ns, u"a"_s, 0, 0.1, 100, 0.25, 512), sample(ns, u"a"_s, 1, 0.1, 100, 0.25, 512)}
            << none << 24.0 << CostGrouping::Namespace
            << QList<CostRow>{row(ns, 2, 0.25 * 2 * CPU, 0.5 * 2 * MEM)};
        QTest::newRow("usage above request is charged")
            << QList<UsageSample>{sample(ns, u"a"_s, 0, 0.5, 1024, 0.1, 128), sample(ns, u"a"_s, 1, 0.5, 1024, 0.1, 128)}
            << none << 24.0 << CostGrouping::Namespace
            << QList<CostRow>{row(ns, 2, 0.5 * 2 * CPU, 1.0 * 2 * MEM)};
        // Samples at 0:00, 0:30, 1:15: 0.5 h + 0.75 h + 1 h.
        QTest::newRow("partial hours")
            << QList<UsageSample>{sample(ns, u"a"_s, 0, 0, 0, 1, 1024), sample(ns, u"a"_s, 0.5, 0, 0, 1, 1024),
                                  sample(ns, u"a"_s, 1.25, 0, 0, 1, 1024)}
            << none << 24.0 << CostGrouping::Namespace
            << QList<CostRow>{row(ns, 2.25, 2.25 * CPU, 2.25 * MEM)};
        QTest::newRow("window clips the last interval")
            << QList<UsageSample>{sample(ns, u"a"_s, 0, 0, 0, 1, 1024), sample(ns, u"a"_s, 0.5, 0, 0, 1, 1024),
                                  sample(ns, u"a"_s, 1.25, 0, 0, 1, 1024)}
            << none << 2.0 << CostGrouping::Namespace << QList<CostRow>{row(ns, 2, 2 * CPU, 2 * MEM)};
        QTest::newRow("samples before the window cost nothing")
            << QList<UsageSample>{sample(ns, u"a"_s, -3, 0, 0, 1, 0), sample(ns, u"a"_s, -2, 0, 0, 1, 0),
                                  sample(ns, u"a"_s, -0.5, 0, 0, 1, 0)}
            << none << 24.0 << CostGrouping::Namespace << QList<CostRow>{row(ns, 0.5, 0.5 * CPU, 0)};
        // Out of order input: 1 h, 0 h, then a 4 h gap (restart): 1 + 1 (capped) + 1 + 1.
        QTest::newRow("restarted container, gap capped")
            << QList<UsageSample>{sample(ns, u"a"_s, 1, 0, 0, 1, 1024), sample(ns, u"a"_s, 0, 0, 0, 1, 1024),
                                  sample(ns, u"a"_s, 5, 0, 0, 1, 1024), sample(ns, u"a"_s, 6, 0, 0, 1, 1024)}
            << none << 24.0 << CostGrouping::Namespace << QList<CostRow>{row(ns, 4, 4 * CPU, 4 * MEM)};
        QTest::newRow("restarted pod under a new name")
            << QList<UsageSample>{sample(ns, u"web-1"_s, 0, 0, 0, 1, 0), sample(ns, u"web-1"_s, 1, 0, 0, 1, 0),
                                  sample(ns, u"web-2"_s, 3, 0, 0, 1, 0)}
            << none << 24.0 << CostGrouping::Workload << QList<CostRow>{row(u"shop/web"_s, 3, 3 * CPU, 0)};
        // Running 0-3 h, scaled to zero until 10 h, running 10-12 h.
        QTest::newRow("span scaled to zero costs nothing")
            << QList<UsageSample>{sample(ns, u"a"_s, 0, 0, 0, 1, 1024), sample(ns, u"a"_s, 1, 0, 0, 1, 1024),
                                  sample(ns, u"a"_s, 2, 0, 0, 1, 1024), sample(ns, u"b"_s, 10, 0, 0, 1, 1024),
                                  sample(ns, u"b"_s, 11, 0, 0, 1, 1024)}
            << none << 24.0 << CostGrouping::Namespace << QList<CostRow>{row(ns, 5, 5 * CPU, 5 * MEM)};
        QTest::newRow("a gap of exactly twice the interval is still running")
            << QList<UsageSample>{sample(ns, u"a"_s, 0, 0, 0, 1, 0), sample(ns, u"a"_s, 2, 0, 0, 1, 0)}
            << none << 24.0 << CostGrouping::Namespace << QList<CostRow>{row(ns, 3, 3 * CPU, 0)};
        QTest::newRow("two containers of one pod")
            << QList<UsageSample>{sample(ns, u"a"_s, 0, 0, 0, 0.5, 0, u"app"_s),
                                  sample(ns, u"a"_s, 0, 0, 256, 0, 0, u"sidecar"_s)}
            << none << 24.0 << CostGrouping::Namespace << QList<CostRow>{row(ns, 2, 0.5 * CPU, 0.25 * MEM)};
        QTest::newRow("storage by requested size")
            << QList<UsageSample>{} << QList<PvcUsage>{pvc(ns, u"data"_s, 10, -5, 48)} << 24.0
            << CostGrouping::Namespace << QList<CostRow>{row(ns, 0, 0, 0, 10 * 24 * PV)};
        QTest::newRow("storage by workload")
            << QList<UsageSample>{sample(ns, u"a"_s, 0, 0, 0, 1, 0)} << QList<PvcUsage>{pvc(ns, u"data"_s, 2, 1, 4)}
            << 24.0 << CostGrouping::Workload
            << QList<CostRow>{row(u"shop/web"_s, 1, CPU, 0), row(u"shop/pvc:data"_s, 0, 0, 0, 2 * 3 * PV)};
        // 23:00 and 01:00 the next day (a 2 h gap, not capped), then one more hour; a PVC 22:00-02:00.
        QTest::newRow("day boundaries split at UTC midnight")
            << QList<UsageSample>{sample(ns, u"a"_s, 23, 0, 0, 1, 0), sample(ns, u"a"_s, 25, 0, 0, 1, 0)}
            << QList<PvcUsage>{pvc(ns, u"data"_s, 1, 22, 26)} << 48.0 << CostGrouping::Day
            << QList<CostRow>{row(u"2026-11-26"_s, 2, 2 * CPU, 0, 2 * PV), row(u"2026-11-25"_s, 1, CPU, 0, 2 * PV)};
    }

    void attribution()
    {
        QFETCH(QList<UsageSample>, samples);
        QFETCH(QList<PvcUsage>, pvcs);
        QFETCH(double, windowHours);
        QFETCH(CostGrouping, grouping);
        QFETCH(QList<CostRow>, expected);

        AttributionInput input;
        input.samples = samples;
        input.pvcs = pvcs;
        input.windowStartMs = T0;
        input.windowEndMs = T0 + qint64(windowHours * double(H));
        const QList<CostRow> rows = attribute(input, grouping);
        QCOMPARE(rows.size(), expected.size());
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const CostRow &got = rows.at(i);
            const CostRow &want = expected.at(i);
            QCOMPARE(got.key, want.key);
            QVERIFY2(near(got.hours, want.hours), qPrintable(u"hours %1 != %2"_s.arg(got.hours).arg(want.hours)));
            QVERIFY2(near(got.cpuCost, want.cpuCost), qPrintable(u"cpu %1 != %2"_s.arg(got.cpuCost).arg(want.cpuCost)));
            QVERIFY2(near(got.memoryCost, want.memoryCost),
                     qPrintable(u"memory %1 != %2"_s.arg(got.memoryCost).arg(want.memoryCost)));
            QVERIFY2(near(got.storageCost, want.storageCost),
                     qPrintable(u"storage %1 != %2"_s.arg(got.storageCost).arg(want.storageCost)));
            QVERIFY(near(got.totalCost, want.totalCost));
        }
    }

    void groupingByOwnerAndEnvironment()
    {
        AttributionInput input;
        input.windowStartMs = T0;
        input.windowEndMs = T0 + 24 * H;
        input.samples = {sample(u"pr-1"_s, u"a"_s, 0, 0, 0, 1, 0), sample(u"pr-2"_s, u"a"_s, 0, 0, 0, 2, 0),
                         sample(u"pr-3"_s, u"a"_s, 0, 0, 0, 4, 0)};
        input.ownerByNamespace = {{u"pr-1"_s, u"alice"_s}, {u"pr-2"_s, u"alice"_s}};
        input.environmentByNamespace = {{u"pr-3"_s, u"staging"_s}};

        const QList<CostRow> owners = attribute(input, CostGrouping::Owner);
        QCOMPARE(owners.size(), 2);
        QCOMPARE(owners.at(0).key, u"(no owner)"_s);
        QVERIFY(near(owners.at(0).cpuCost, 4 * CPU));
        QCOMPARE(owners.at(1).key, u"alice"_s);
        QVERIFY(near(owners.at(1).cpuCost, 3 * CPU));
        QVERIFY(near(owners.at(1).hours, 2));

        const QList<CostRow> environments = attribute(input, CostGrouping::Environment);
        QCOMPARE(environments.size(), 3);
        QCOMPARE(environments.at(0).key, u"staging"_s);
        QCOMPARE(environments.at(2).key, u"pr-1"_s);
    }

    void customPrices()
    {
        AttributionInput input;
        input.windowStartMs = T0;
        input.windowEndMs = T0 + 24 * H;
        input.prices = Prices::fromJson(QJsonObject{{u"cpuPerCoreHour"_s, 0.05}, {u"memoryPerGiBHour"_s, u"x"_s}});
        QCOMPARE(input.prices.cpuPerCoreHour, 0.05);
        QCOMPARE(input.prices.memoryPerGiBHour, MEM);          // not a number: the default
        QCOMPARE(input.prices.storagePerGiBHour, PV);
        QCOMPARE(Prices::fromJson(input.prices.toJson()), input.prices);
        input.samples = {sample(u"a"_s, u"a"_s, 0, 0, 1024, 2, 0)};
        const QList<CostRow> rows = attribute(input, CostGrouping::Namespace);
        QCOMPARE(rows.size(), 1);
        QVERIFY(near(rows.at(0).cpuCost, 2 * 0.05));
        QVERIFY(near(rows.at(0).memoryCost, MEM));
    }

    void usageTotals()
    {
        AttributionInput input;
        input.windowStartMs = T0;
        input.windowEndMs = T0 + 24 * H;
        input.samples = {sample(u"a"_s, u"a"_s, 0, 0.1, 256, 0.5, 1024), sample(u"a"_s, u"a"_s, 1, 0.3, 512, 0.5, 1024)};
        const QList<CostRow> rows = attribute(input, CostGrouping::Namespace);
        QCOMPARE(rows.size(), 1);
        QVERIFY(near(rows.at(0).cpuCoreHoursUsed, 0.4));
        QVERIFY(near(rows.at(0).cpuCoreHoursRequested, 1.0));
        QVERIFY(near(rows.at(0).memoryGiBHoursUsed, 0.75));
        QVERIFY(near(rows.at(0).memoryGiBHoursRequested, 2.0));
    }

    void workloadNames_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("owner");
        QTest::addColumn<QString>("pod");
        QTest::addColumn<QString>("expected");
        QTest::newRow("replicaset of a deployment") << u"ReplicaSet"_s << u"web-7d4b9c8f6d"_s << u"web-7d4b9c8f6d-x2k"_s << u"web"_s;
        QTest::newRow("replicaset without a hash") << u"ReplicaSet"_s << u"frontend"_s << u"frontend-abcde"_s << u"frontend"_s;
        QTest::newRow("statefulset") << u"StatefulSet"_s << u"db"_s << u"db-0"_s << u"db"_s;
        QTest::newRow("job of a cronjob") << u"Job"_s << u"report-29400000"_s << u"report-29400000-abc"_s << u"report"_s;
        QTest::newRow("plain job") << u"Job"_s << u"migrate"_s << u"migrate-xyz"_s << u"migrate"_s;
        QTest::newRow("bare pod") << QString() << QString() << u"debug"_s << u"debug"_s;
    }

    void workloadNames()
    {
        QFETCH(QString, kind);
        QFETCH(QString, owner);
        QFETCH(QString, pod);
        QFETCH(QString, expected);
        QCOMPARE(workloadName(kind, owner, pod), expected);
    }

    void groupingNames()
    {
        CostGrouping g = CostGrouping::Namespace;
        QVERIFY(parseCostGrouping(u"owner"_s, &g));
        QVERIFY(g == CostGrouping::Owner);
        QVERIFY(parseCostGrouping(u"day"_s, &g));
        QVERIFY(g == CostGrouping::Day);
        QVERIFY(!parseCostGrouping(u"cluster"_s, &g));
        QCOMPARE(toString(CostGrouping::Workload), u"workload"_s);
    }
};

QTEST_GUILESS_MAIN(TestCostAttribution)
#include "tst_costattribution.moc"
