// The cost report (by day, by workload, previews, guardrail savings) and the clone
// projection against hand-computed tables. Prices are OpenCost's defaults; a running
// container requesting 1 core and no memory costs CPU per hour.
#include "core/cost/costreport.h"
#include "core/guardrail/workinghours.h"

#include <QJsonArray>
#include <QJsonDocument>
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
constexpr double PV = 0.00005479452;

// `count` hourly samples of one container from `startMinute` after T0.
struct Run
{
    QString ns;
    int startMinute = 0;
    int count = 1;
    double cpuRequest = 1;
    QString container = u"app"_s;
    QString workload = u"web"_s;
};

} // namespace

Q_DECLARE_METATYPE(Run)
Q_DECLARE_METATYPE(QList<Run>)

namespace {

AttributionInput inputFrom(const QList<Run> &runs, int windowHours = 72)
{
    AttributionInput input;
    input.windowStartMs = T0;
    input.windowEndMs = T0 + windowHours * H;
    for (const Run &run : runs) {
        for (int i = 0; i < run.count; ++i) {
            UsageSample s;
            s.timestampMs = T0 + qint64(run.startMinute) * 60000 + i * H;
            s.namespaceName = run.ns;
            s.pod = run.workload + u"-0"_s;
            s.container = run.container;
            s.workload = run.workload;
            s.cpuUsageCores = run.cpuRequest / 2;
            s.cpuRequestCores = run.cpuRequest;
            input.samples.append(s);
        }
    }
    return input;
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

QList<double> scaled(const QList<double> &values, double factor)
{
    QList<double> out;
    for (double v : values)
        out << v * factor;
    return out;
}

bool nearAll(const QList<double> &a, const QList<double> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!near(a.at(i), b.at(i)))
            return false;
    }
    return true;
}

QList<QJsonObject> objects(const QByteArray &jsonArray)
{
    QList<QJsonObject> out;
    for (const QJsonValue &v : QJsonDocument::fromJson(jsonArray).array())
        out << v.toObject();
    return out;
}

} // namespace

class TestCostReport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void byDay_data()
    {
        QTest::addColumn<QList<Run>>("runs");
        QTest::addColumn<int>("topN");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QList<QList<double>>>("values");   // in units of CPU (one core-hour)

        const Run a{u"pr-1"_s, 0, 48, 1};
        const Run b{u"pr-2"_s, 20 * 60, 8, 2};
        const Run c{u"staging"_s, 48 * 60, 12, 1};
        QTest::newRow("two namespaces") << QList<Run>{a, b} << 8 << QStringList{u"pr-1"_s, u"pr-2"_s}
                                        << QList<QList<double>>{{24, 24, 0}, {8, 8, 0}};
        QTest::newRow("top 1 plus other") << QList<Run>{a, b, c} << 1 << QStringList{u"pr-1"_s, u"other"_s}
                                          << QList<QList<double>>{{24, 24, 0}, {8, 8, 12}};
        QTest::newRow("top 2 plus other") << QList<Run>{c, a, b} << 2 << QStringList{u"pr-1"_s, u"pr-2"_s, u"other"_s}
                                          << QList<QList<double>>{{24, 24, 0}, {8, 8, 0}, {0, 0, 12}};
        QTest::newRow("a sample across midnight splits")
            << QList<Run>{Run{u"pr-3"_s, 23 * 60 + 30, 1, 1}} << 8 << QStringList{u"pr-3"_s}
            << QList<QList<double>>{{0.5, 0.5, 0}};
        QTest::newRow("nothing sampled") << QList<Run>{} << 8 << QStringList{} << QList<QList<double>>{};
    }

    void byDay()
    {
        QFETCH(QList<Run>, runs);
        QFETCH(int, topN);
        QFETCH(QStringList, names);
        QFETCH(QList<QList<double>>, values);
        CostReportOptions options;
        options.topNamespaces = topN;
        const CostReport report = buildCostReport(inputFrom(runs), options);
        QCOMPARE(report.days, (QStringList{u"2026-11-25"_s, u"2026-11-26"_s, u"2026-11-27"_s}));
        QCOMPARE(report.byDay.size(), names.size());
        QCOMPARE(report.isEmpty(), runs.isEmpty());
        double total = 0;
        for (qsizetype i = 0; i < names.size(); ++i) {
            QCOMPARE(report.byDay.at(i).name, names.at(i));
            QVERIFY2(nearAll(report.byDay.at(i).values, scaled(values.at(i), CPU)), qPrintable(names.at(i)));
            double sum = 0;
            for (double v : values.at(i))
                sum += v * CPU;
            QVERIFY(near(report.byDay.at(i).total, sum));
            total += sum;
        }
        QVERIFY(near(report.totalCost, total));
    }

    void byEnvironmentAndMostExpensive()
    {
        AttributionInput input = inputFrom({Run{u"pr-1"_s, 0, 10, 1, u"app"_s, u"web"_s},
                                            Run{u"pr-1"_s, 0, 6, 2, u"app"_s, u"api"_s},
                                            Run{u"pr-2a"_s, 0, 3, 1, u"app"_s, u"web"_s},
                                            Run{u"pr-2b"_s, 0, 4, 1, u"app"_s, u"web"_s},
                                            Run{u"staging"_s, 0, 72, 4, u"app"_s, u"web"_s}});
        input.pvcs.append(PvcUsage{u"pr-1"_s, u"data"_s, 10 * 1024 * Mi, T0 - H, std::numeric_limits<qint64>::max()});
        input.environmentByNamespace.insert(u"pr-2a"_s, u"pr-2"_s);
        input.environmentByNamespace.insert(u"pr-2b"_s, u"pr-2"_s);

        CostReportOptions options;
        options.topPreviews = 2;
        options.previewNamespaces = {u"pr-1"_s, u"pr-2a"_s, u"pr-2b"_s};
        const CostReport report = buildCostReport(input, options);

        // All environments, costliest first; one-namespace environments drop the namespace.
        QCOMPARE(report.byEnvironment.size(), 3);
        QCOMPARE(report.byEnvironment.at(0).environment, u"staging"_s);
        QVERIFY(near(report.byEnvironment.at(0).totalCost, 288 * CPU));
        const EnvironmentWorkloadCost &pr1 = report.byEnvironment.at(1);
        QCOMPARE(pr1.environment, u"pr-1"_s);
        QCOMPARE(pr1.workloads.size(), 3);
        QCOMPARE(pr1.workloads.at(0).key, u"api"_s);
        QVERIFY(near(pr1.workloads.at(0).totalCost, 12 * CPU));
        QCOMPARE(pr1.workloads.at(1).key, u"web"_s);
        QVERIFY(near(pr1.workloads.at(1).totalCost, 10 * CPU));
        QCOMPARE(pr1.workloads.at(2).key, u"pvc:data"_s);
        QVERIFY(near(pr1.workloads.at(2).totalCost, 10 * 72 * PV));   // clipped to the window
        QVERIFY(near(pr1.totalCost, 22 * CPU + 720 * PV));
        const EnvironmentWorkloadCost &pr2 = report.byEnvironment.at(2);
        QCOMPARE(pr2.environment, u"pr-2"_s);
        QCOMPARE(pr2.workloads.size(), 2);
        QCOMPARE(pr2.workloads.at(0).key, u"pr-2b/web"_s);
        QCOMPARE(pr2.workloads.at(1).key, u"pr-2a/web"_s);
        QVERIFY(near(pr2.totalCost, 7 * CPU));

        // Most expensive previews: only preview namespaces, by environment, top 2.
        QCOMPARE(report.mostExpensive.size(), 2);
        QCOMPARE(report.mostExpensive.at(0).key, u"pr-1"_s);
        QCOMPARE(report.mostExpensive.at(1).key, u"pr-2"_s);
        QVERIFY(near(report.mostExpensive.at(1).totalCost, 7 * CPU));

        // The previews ran for 10 h or less of the 72 h window: scaled down, so not idle
        // (idle means running and under 5 %); guardrail savings list them instead.
        QVERIFY(report.idle.isEmpty());
        QStringList saved;
        for (const GuardrailSaving &saving : report.guardrailSavings)
            saved << saving.namespaceName;
        saved.sort();
        QCOMPARE(saved, (QStringList{u"pr-1"_s, u"pr-2a"_s, u"pr-2b"_s}));

        // pr-2b was destroyed: it stays in the history views only.
        CostReportOptions live = options;
        live.liveNamespaces = {u"pr-1"_s, u"pr-2a"_s, u"staging"_s};
        const CostReport now = buildCostReport(input, live);
        QCOMPARE(now.mostExpensive.size(), report.mostExpensive.size());
        QVERIFY(std::none_of(now.guardrailSavings.begin(), now.guardrailSavings.end(),
                             [](const GuardrailSaving &g) { return g.namespaceName == u"pr-2b"_s; }));
        QCOMPARE(now.guardrailSavings.size(), qsizetype(2));
        QCOMPARE(report.rightsizing.size(), suggestRightsizing(input).size());
        QCOMPARE(report.rightsizing.size(), 5);
    }

    void guardrailSavings_data()
    {
        QTest::addColumn<QList<Run>>("runs");
        QTest::addColumn<double>("runningHours");
        QTest::addColumn<double>("hoursDown");
        QTest::addColumn<double>("saving");   // in units of CPU

        QList<Run> workingHours;
        for (int day = 0; day < 3; ++day)
            workingHours << Run{u"pr-1"_s, (day * 24 + 8) * 60, 13, 1};
        // 08-21 up on each day: down 21-32, 45-56, 69-72 = 25 h at 1 core.
        QTest::newRow("working hours") << workingHours << 39.0 << 25.0 << 25.0;
        QTest::newRow("always running: no saving") << QList<Run>{Run{u"pr-1"_s, 0, 72, 1}} << 0.0 << 0.0 << 0.0;
        QTest::newRow("scaled down after 10 h") << QList<Run>{Run{u"pr-1"_s, 0, 10, 1}} << 10.0 << 62.0 << 62.0;
        QTest::newRow("hours before the first run do not count")
            << QList<Run>{Run{u"pr-1"_s, 30 * 60, 12, 1}} << 12.0 << 30.0 << 30.0;
        // Containers overlap: running 0-15 (union), cost 10 + 2 x 10 core-hours = 2 CPU/h.
        QTest::newRow("two containers")
            << QList<Run>{Run{u"pr-1"_s, 0, 10, 1, u"app"_s}, Run{u"pr-1"_s, 5 * 60, 10, 2, u"sidecar"_s}} << 15.0
            << 57.0 << 114.0;
        QTest::newRow("started before the window")
            << QList<Run>{Run{u"pr-1"_s, -5 * 60, 10, 1}} << 5.0 << 67.0 << 67.0;
        // Samples at 0, 1 and 5: the gap after 1 is priced for one interval, as attribute() does.
        QTest::newRow("a gap is scaled down")
            << QList<Run>{Run{u"pr-1"_s, 0, 2, 1}, Run{u"pr-1"_s, 5 * 60, 1, 1}} << 3.0 << 69.0 << 69.0;
        // Half a core for 6 h then down: the average hourly cost is per running hour.
        QTest::newRow("half a core") << QList<Run>{Run{u"pr-1"_s, 0, 6, 0.5}} << 6.0 << 66.0 << 33.0;
    }

    void guardrailSavings()
    {
        QFETCH(QList<Run>, runs);
        QFETCH(double, runningHours);
        QFETCH(double, hoursDown);
        QFETCH(double, saving);
        const CostReport report = buildCostReport(inputFrom(runs));
        if (saving == 0) {
            QVERIFY(report.guardrailSavings.isEmpty());
            return;
        }
        QCOMPARE(report.guardrailSavings.size(), 1);
        const GuardrailSaving &s = report.guardrailSavings.first();
        QCOMPARE(s.namespaceName, u"pr-1"_s);
        QVERIFY2(near(s.runningHours, runningHours), qPrintable(QString::number(s.runningHours)));
        QVERIFY2(near(s.hoursScaledDown, hoursDown), qPrintable(QString::number(s.hoursScaledDown)));
        QVERIFY(near(s.saving, saving * CPU));
        QVERIFY(near(s.hourlyCost * s.hoursScaledDown, s.saving));
    }

    void guardrailSavingsSortedAndFiltered()
    {
        const AttributionInput input = inputFrom({Run{u"pr-1"_s, 0, 10, 1}, Run{u"pr-2"_s, 0, 10, 2},
                                                  Run{u"staging"_s, 0, 5, 4}});
        CostReportOptions options;
        options.previewNamespaces = {u"pr-1"_s, u"pr-2"_s};
        const CostReport report = buildCostReport(input, options);
        QCOMPARE(report.guardrailSavings.size(), 2);
        QCOMPARE(report.guardrailSavings.at(0).namespaceName, u"pr-2"_s);
        QVERIFY(near(report.guardrailSavings.at(0).saving, 62 * 2 * CPU));
        QCOMPARE(report.guardrailSavings.at(1).namespaceName, u"pr-1"_s);
        QCOMPARE(pd::core::guardrailSavings(input).size(), 3);   // unfiltered: staging too
    }

    void projectCost_data()
    {
        QTest::addColumn<QByteArray>("planObjects");
        QTest::addColumn<double>("computePerDay");
        QTest::addColumn<double>("storagePerDay");
        QTest::addColumn<int>("workloads");

        QTest::newRow("deployment, two replicas, two containers")
            << R"([{"kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2,"template":{"spec":{"containers":[
                   {"name":"app","resources":{"requests":{"cpu":"250m","memory":"512Mi"}}},
                   {"name":"proxy","resources":{"requests":{"cpu":"50m","memory":"64Mi"}}}]}}}}])"_ba
            << 2 * 24 * (0.3 * CPU + 0.5625 * MEM) << 0.0 << 1;
        QTest::newRow("no replicas field, LimitRange default request")
            << R"([{"kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"app"},
                   {"name":"half","resources":{"requests":{"cpu":"1"}}}]}}}},
                  {"kind":"LimitRange","metadata":{"name":"previewdesk-limits"},"spec":{"limits":[
                   {"type":"Container","defaultRequest":{"cpu":"50m","memory":"64Mi"}}]}}])"_ba
            << 24 * (1.05 * CPU + 0.125 * MEM) << 0.0 << 1;
        QTest::newRow("statefulset with a claim template, scaled to zero deployment")
            << R"([{"kind":"StatefulSet","metadata":{"name":"db"},"spec":{"replicas":1,"template":{"spec":{"containers":[
                   {"name":"pg","resources":{"requests":{"cpu":"500m","memory":"1Gi"}}}]}},
                   "volumeClaimTemplates":[{"spec":{"resources":{"requests":{"storage":"20Gi"}}}}]}},
                  {"kind":"Deployment","metadata":{"name":"off"},"spec":{"replicas":0,"template":{"spec":{"containers":[
                   {"name":"x","resources":{"requests":{"cpu":"4"}}}]}}}}])"_ba
            << 24 * (0.5 * CPU + 1 * MEM) << 20 * 24 * PV << 2;
        QTest::newRow("PVC counts; jobs, owned pods and replica sets do not")
            << R"([{"kind":"PersistentVolumeClaim","metadata":{"name":"data"},"spec":{"resources":{"requests":{"storage":"5Gi"}}}},
                  {"kind":"CronJob","metadata":{"name":"nightly"},"spec":{}},
                  {"kind":"ReplicaSet","metadata":{"name":"web-abc12","ownerReferences":[{"kind":"Deployment","name":"web","controller":true}]},
                   "spec":{"replicas":2,"template":{"spec":{"containers":[{"resources":{"requests":{"cpu":"1"}}}]}}}},
                  {"kind":"Pod","metadata":{"name":"web-abc12-x","ownerReferences":[{"kind":"ReplicaSet","name":"web-abc12","controller":true}]},
                   "spec":{"containers":[{"resources":{"requests":{"cpu":"1"}}}]}},
                  {"kind":"Pod","metadata":{"name":"debug"},"spec":{"containers":[{"resources":{"requests":{"cpu":"100m","memory":"128Mi"}}}]}}])"_ba
            << 24 * (0.1 * CPU + 0.125 * MEM) << 5 * 24 * PV << 2;
        // The issue's figure: the seed quota (2 CPU, 4 GiB) costs about $58 a month.
        QTest::newRow("seed quota")
            << R"([{"kind":"Deployment","metadata":{"name":"all"},"spec":{"replicas":1,"template":{"spec":{"containers":[
                   {"resources":{"requests":{"cpu":"2","memory":"4Gi"}}}]}}}}])"_ba
            << 24 * (2 * CPU + 4 * MEM) << 0.0 << 1;
        QTest::newRow("nothing") << "[]"_ba << 0.0 << 0.0 << 0;
    }

    void projectCost()
    {
        QFETCH(QByteArray, planObjects);
        QFETCH(double, computePerDay);
        QFETCH(double, storagePerDay);
        QFETCH(int, workloads);
        const ProjectedCost projected = pd::core::projectCost(objects(planObjects));
        QCOMPARE(projected.workloads.size(), workloads);
        QVERIFY2(near(projected.computePerDay, computePerDay), qPrintable(QString::number(projected.computePerDay)));
        QVERIFY(near(projected.storagePerDay, storagePerDay));
        QVERIFY(near(projected.perDay(), computePerDay + storagePerDay));
        QVERIFY(near(projected.perMonth(), (computePerDay + storagePerDay) * 730 / 24));
        // Mon-Fri 07:30-20:30 keeps 65 of 168 hours: the other 103 save compute, never storage.
        QCOMPARE(projected.runningHoursPerWeek, 65.0);
        QVERIFY(near(projected.savingPerDay, computePerDay * 103 / 168));
        QVERIFY(near(projected.savingPerMonth(), computePerDay * 103 / 168 * 730 / 24));

        const ProjectedCost always = pd::core::projectCost(objects(planObjects), Prices{}, 168);
        QCOMPARE(always.savingPerDay, 0.0);
        Prices doubled;
        doubled.cpuPerCoreHour *= 2;
        doubled.memoryPerGiBHour *= 2;
        doubled.storagePerGiBHour *= 2;
        QVERIFY(near(pd::core::projectCost(objects(planObjects), doubled).perDay(), 2 * projected.perDay()));
    }

    void seedQuotaMatchesTheIssue()
    {
        const ProjectedCost projected = pd::core::projectCost(objects(
            R"([{"kind":"Deployment","metadata":{"name":"all"},"spec":{"template":{"spec":{"containers":[
                 {"resources":{"requests":{"cpu":"2","memory":"4Gi"}}}]}}}}])"_ba));
        QVERIFY(std::abs(projected.perMonth() - 58.5241) < 1e-4);   // 0.08017 $/h x 730 h
        QVERIFY(projected.savingPerMonth() / projected.perMonth() > 0.6);   // "cuts about 60%"
    }

    void runningHoursPerWeek_data()
    {
        QTest::addColumn<QString>("window");
        QTest::addColumn<double>("hours");
        QTest::newRow("Mon-Fri 07:30-20:30") << u"Mon-Fri 07:30-20:30 Europe/Berlin"_s << 65.0;
        QTest::newRow("wrapping Fri-Mon") << u"Fri-Mon 09:00-17:00 UTC"_s << 32.0;
        QTest::newRow("one day") << u"Sat 10:00-12:15 UTC"_s << 2.25;
        QTest::newRow("every day") << u"Sun-Sat 00:00-23:30 UTC"_s << 7 * 23.5;
    }

    void runningHoursPerWeek()
    {
        QFETCH(QString, window);
        QFETCH(double, hours);
        const auto parsed = WorkingHours::parse(window);
        QVERIFY(parsed);
        QVERIFY(near(pd::core::runningHoursPerWeek(*parsed), hours));
    }
};

QTEST_GUILESS_MAIN(TestCostReport)
#include "tst_costreport.moc"
