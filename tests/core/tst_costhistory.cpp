// The SQLite cost history: what goes in comes back for a window, PVC observations become
// spans, coverage says how much of a window is known, pruning, and clear errors.
#include "core/cost/costhistory.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace pd::core;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 M = 60 * 1000;
constexpr qint64 H = 60 * M;
constexpr qint64 D = 24 * H;
constexpr qint64 T0 = 1795564800000;   // 2026-11-25T00:00:00Z

UsageSample sample(const QString &ns, const QString &pod, qint64 t, double cpuUse, double cpuReq,
                   const QString &container = u"app"_s, const QString &workload = u"web"_s)
{
    UsageSample s;
    s.timestampMs = t;
    s.namespaceName = ns;
    s.pod = pod;
    s.container = container;
    s.workload = workload;
    s.cpuUsageCores = cpuUse;
    s.cpuRequestCores = cpuReq;
    s.memoryUsageBytes = 100.0 * 1024 * 1024;
    s.memoryRequestBytes = 256.0 * 1024 * 1024;
    return s;
}

PvcUsage claim(const QString &ns, const QString &name, double gib)
{
    return PvcUsage{ns, name, gib * bytesPerGiB, 0, 0};
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

} // namespace

class TestCostHistory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void roundTrip()
    {
        QTemporaryDir dir;
        CostHistory history;
        QVERIFY2(history.open(dir.filePath(u"nested/dir/h.sqlite"_s)), qPrintable(history.error()));
        QList<UsageSample> all;
        for (int i = 0; i < 3; ++i) {
            const qint64 t = T0 + i * 5 * M;
            const QList<UsageSample> now{sample(u"pr-1"_s, u"web-1"_s, t, 0.1 * i, 0.25),
                                         sample(u"pr-1"_s, u"web-1"_s, t, 0.01, 0.05, u"sidecar"_s),
                                         sample(u"pr-2"_s, u"db-0"_s, t, 0.5, 0.5, u"db"_s, u"db"_s)};
            all += now;
            QVERIFY2(history.record(t, now, {claim(u"pr-2"_s, u"data"_s, 10)}, {{u"pr-1"_s, u"alice"_s}},
                                    {{u"pr-1"_s, u"shop"_s}, {u"pr-2"_s, u"shop"_s}}, 5 * M, {{u"pr-1"_s, u"preview"_s}}),
                     qPrintable(history.error()));
        }
        const AttributionInput in = history.input(T0, T0 + 15 * M);
        QCOMPARE(in.samples.size(), all.size());
        QCOMPARE(in.options.nominalIntervalMs, 5 * M);
        for (qsizetype i = 0; i < all.size(); ++i) {
            const UsageSample &got = in.samples.at(i);
            const UsageSample &want = all.at(i);
            QCOMPARE(got.timestampMs, want.timestampMs);
            QCOMPARE(got.namespaceName, want.namespaceName);
            QCOMPARE(got.pod, want.pod);
            QCOMPARE(got.container, want.container);
            QCOMPARE(got.workload, want.workload);
            QCOMPARE(got.cpuUsageCores, want.cpuUsageCores);
            QCOMPARE(got.cpuRequestCores, want.cpuRequestCores);
            QCOMPARE(got.memoryUsageBytes, want.memoryUsageBytes);
            QCOMPARE(got.memoryRequestBytes, want.memoryRequestBytes);
        }
        QCOMPARE(in.ownerByNamespace, (QHash<QString, QString>{{u"pr-1"_s, u"alice"_s}}));
        QCOMPARE(in.environmentByNamespace.value(u"pr-2"_s), u"shop"_s);
        QCOMPARE(history.roles(T0 + 10 * M).value(u"pr-1"_s), u"preview"_s);
        QCOMPARE(in.pvcs.size(), 1);
        QCOMPARE(in.pvcs.at(0).startMs, T0);
        QCOMPARE(in.pvcs.at(0).endMs, T0 + 15 * M);

        // Costs from the history equal costs from the samples themselves.
        AttributionInput direct = in;
        direct.samples = all;
        const QList<CostRow> want = attribute(direct, CostGrouping::Workload);
        const QList<CostRow> got = attribute(in, CostGrouping::Workload);
        QCOMPARE(got.size(), want.size());
        for (qsizetype i = 0; i < got.size(); ++i) {
            QCOMPARE(got.at(i).key, want.at(i).key);
            QVERIFY(near(got.at(i).totalCost, want.at(i).totalCost));
        }
        QVERIFY(near(got.at(0).hours + got.at(1).hours + got.at(2).hours, 3 * 0.25));   // 3 containers x 15 min

        // A second instance on the same file (its own connection) sees the same.
        CostHistory again;
        QVERIFY2(again.open(history.path()), qPrintable(again.error()));
        QCOMPARE(again.input(T0, T0 + 15 * M).samples.size(), all.size());
    }

    void windowClipping()
    {
        QTemporaryDir dir;
        CostHistory history;
        QVERIFY(history.open(dir.filePath(u"h.sqlite"_s)));
        for (int h = 0; h < 10; ++h)
            QVERIFY(history.record(T0 + h * H, {sample(u"ns"_s, u"p"_s, T0 + h * H, 0.1, 1.0)}, {}, {}, {}, H));
        // [2.5 h, 5.5 h): samples up to the longest priced gap (2 intervals) before it come
        // along; the 2 h one reaches into the window and is clipped.
        const AttributionInput in = history.input(T0 + 5 * H / 2, T0 + 11 * H / 2);
        QCOMPARE(in.samples.first().timestampMs, T0 + H);
        QCOMPARE(in.samples.last().timestampMs, T0 + 5 * H);
        const QList<CostRow> rows = attribute(in, CostGrouping::Namespace);
        QCOMPARE(rows.size(), 1);
        QVERIFY(near(rows.at(0).hours, 3.0));
        QVERIFY(near(rows.at(0).cpuCoreHoursRequested, 3.0));
        // Nothing before the history begins.
        QVERIFY(history.input(T0 - 10 * H, T0 - 5 * H).samples.isEmpty());
    }

    void pvcSpans()
    {
        QTemporaryDir dir;
        CostHistory history;
        QVERIFY(history.open(dir.filePath(u"h.sqlite"_s)));
        const auto at = [&](int hour, const QList<PvcUsage> &pvcs) {
            return history.record(T0 + hour * H, {sample(u"ns"_s, u"p"_s, T0 + hour * H, 0.1, 1.0)}, pvcs, {}, {}, H);
        };
        QVERIFY(at(0, {claim(u"ns"_s, u"data"_s, 10)}));
        QVERIFY(at(1, {claim(u"ns"_s, u"data"_s, 10)}));
        QVERIFY(at(2, {claim(u"ns"_s, u"data"_s, 10), claim(u"ns"_s, u"cache"_s, 1)}));
        QVERIFY(at(3, {}));                                  // gone for an hour
        QVERIFY(at(4, {claim(u"ns"_s, u"data"_s, 10)}));     // back: a new span
        QVERIFY(at(5, {claim(u"ns"_s, u"data"_s, 20)}));     // resized: a new span
        QVERIFY(at(6, {claim(u"ns"_s, u"data"_s, 20)}));
        QVERIFY(history.record(T0 + 12 * H, {}, {claim(u"ns"_s, u"data"_s, 20)}, {}, {}, H));   // after a gap
        QVERIFY(at(6, {claim(u"ns"_s, u"data"_s, 20)}));     // recorded again: no change

        const AttributionInput in = history.input(T0, T0 + 24 * H);
        struct Span
        {
            QString name;
            double gib;
            int from, to;
        };
        const QList<Span> want{{u"data"_s, 10, 0, 3}, {u"cache"_s, 1, 2, 3}, {u"data"_s, 10, 4, 5},
                               {u"data"_s, 20, 5, 7}, {u"data"_s, 20, 12, 13}};
        QCOMPARE(in.pvcs.size(), want.size());
        for (qsizetype i = 0; i < want.size(); ++i) {
            const PvcUsage &got = in.pvcs.at(i);
            QCOMPARE(got.name, want.at(i).name);
            QCOMPARE(got.requestedBytes, want.at(i).gib * bytesPerGiB);
            QCOMPARE(got.startMs, T0 + want.at(i).from * H);
            QCOMPARE(got.endMs, T0 + want.at(i).to * H);
        }
        // A window inside the first span gets it whole; attribute() clips it.
        const AttributionInput inner = history.input(T0 + H, T0 + 2 * H);
        QCOMPARE(inner.pvcs.size(), 1);
        QVERIFY(near(attribute(inner, CostGrouping::Namespace).at(0).storageGiBHours, 10.0));
    }

    void coverage()
    {
        QTemporaryDir dir;
        CostHistory history;
        QVERIFY(history.open(dir.filePath(u"h.sqlite"_s)));
        for (int h : {0, 1, 2, 3, 4, 5, 9}) {
            const QList<UsageSample> two{sample(u"ns"_s, u"a"_s, T0 + h * H, 0.1, 1.0),
                                         sample(u"ns"_s, u"b"_s, T0 + h * H, 0.1, 1.0)};
            QVERIFY(history.record(T0 + h * H, two, {}, {}, {}, H));
        }
        CostCoverage c = history.coverage(T0, T0 + 12 * H);
        QCOMPARE(c.firstMs, T0);
        QCOMPARE(c.lastMs, T0 + 9 * H);
        QCOMPARE(c.sampleTimes, 7);
        QCOMPARE(c.samples, 14);
        QCOMPARE(c.intervalMs, H);
        QCOMPARE(c.coveredMs, 7 * H);   // 0-6 h and 9-10 h: the 5-9 h gap is unknown
        c = history.coverage(T0 + 2 * H, T0 + 4 * H + 30 * M);
        QCOMPARE(c.sampleTimes, 3);
        QCOMPARE(c.coveredMs, 2 * H + 30 * M);   // clipped at the window's end
        c = history.coverage(T0 + 20 * H, T0 + 30 * H);
        QCOMPARE(c.sampleTimes, 0);
        QCOMPARE(c.coveredMs, 0);
    }

    void recordingATimeAgainReplacesIt()
    {
        QTemporaryDir dir;
        CostHistory history;
        QVERIFY(history.open(dir.filePath(u"h.sqlite"_s)));
        QVERIFY(history.record(T0, {sample(u"ns"_s, u"a"_s, T0, 0.1, 1.0), sample(u"ns"_s, u"b"_s, T0, 0.1, 1.0)}, {}, {}, {}));
        QVERIFY(history.record(T0, {sample(u"ns"_s, u"c"_s, T0, 0.3, 1.0)}, {}, {}, {}));
        const AttributionInput in = history.input(T0, T0 + H);
        QCOMPARE(in.samples.size(), 1);
        QCOMPARE(in.samples.at(0).pod, u"c"_s);
        QCOMPARE(history.coverage(T0, T0 + H).samples, 1);
    }

    void labelsAsOfTheWindowEnd()
    {
        QTemporaryDir dir;
        CostHistory history;
        QVERIFY(history.open(dir.filePath(u"h.sqlite"_s)));
        QVERIFY(history.record(T0, {sample(u"ns"_s, u"a"_s, T0, 0.1, 1.0)}, {}, {{u"ns"_s, u"alice"_s}}, {}, H));
        QVERIFY(history.record(T0 + H, {sample(u"ns"_s, u"a"_s, T0 + H, 0.1, 1.0)}, {}, {{u"ns"_s, u"alice"_s}}, {}, H));
        QVERIFY(history.record(T0 + 2 * H, {sample(u"ns"_s, u"a"_s, T0 + 2 * H, 0.1, 1.0)}, {}, {{u"ns"_s, u"bob"_s}}, {}, H));
        QVERIFY(history.record(T0 + 3 * H, {sample(u"ns"_s, u"a"_s, T0 + 3 * H, 0.1, 1.0)}, {}, {}, {}, H));
        QCOMPARE(history.input(T0, T0 + 2 * H).ownerByNamespace.value(u"ns"_s), u"alice"_s);
        QCOMPARE(history.input(T0, T0 + 3 * H).ownerByNamespace.value(u"ns"_s), u"bob"_s);
        QVERIFY(!history.input(T0, T0 + 4 * H).ownerByNamespace.contains(u"ns"_s));   // label removed
    }

    void pruning()
    {
        QTemporaryDir dir;
        CostHistory history;
        QVERIFY(history.open(dir.filePath(u"h.sqlite"_s)));
        const qint64 now = T0 + 100 * D;
        for (qint64 t : {now - 40 * D, now - 35 * D, now - D}) {
            QVERIFY(history.record(t, {sample(u"ns"_s, u"pod-%1"_s.arg(t), t, 0.1, 1.0)}, {claim(u"ns"_s, u"old"_s, 1)},
                                   {{u"ns"_s, u"alice"_s}}, {}, H));
        }
        QCOMPARE(history.prune(now, 30), 2);
        const AttributionInput in = history.input(now - 60 * D, now);
        QCOMPARE(in.samples.size(), 1);
        QCOMPARE(in.samples.at(0).timestampMs, now - D);
        QCOMPARE(in.pvcs.size(), 1);                                         // only the recent span
        QCOMPARE(in.ownerByNamespace.value(u"ns"_s), u"alice"_s);            // set 40 days ago, still in force
        QCOMPARE(history.coverage(now - 60 * D, now).sampleTimes, 1);
        QCOMPARE(history.prune(now, 30), 0);
        // Recording after a prune still works (series ids may be reused).
        QVERIFY2(history.record(now, {sample(u"ns"_s, u"fresh"_s, now, 0.2, 1.0)}, {}, {}, {}, H), qPrintable(history.error()));
        QCOMPARE(history.input(now, now + H).samples.at(0).pod, u"fresh"_s);
    }

    void clearErrors_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a database") << u"garbage"_s << u"is not a usable cost history"_s;
        QTest::newRow("directory cannot be created") << u"parent-is-file"_s << u"cannot create the directory"_s;
        QTest::newRow("path is a directory") << u"directory"_s << u"it is a directory"_s;
        QTest::newRow("newer format") << u"newer"_s << u"written by a newer PreviewDesk"_s;
        QTest::newRow("another program's database") << u"foreign"_s << u"not a PreviewDesk cost history"_s;
    }

    void clearErrors()
    {
        QFETCH(QString, kind);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QString path = dir.filePath(u"h.sqlite"_s);
        if (kind == "garbage"_L1) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(8192, 'x'));
        } else if (kind == "parent-is-file"_L1) {
            QFile file(dir.filePath(u"plain"_s));
            QVERIFY(file.open(QIODevice::WriteOnly));
            path = dir.filePath(u"plain/sub/h.sqlite"_s);
        } else if (kind == "directory"_L1) {
            QVERIFY(QDir(dir.path()).mkdir(u"h.sqlite"_s));
        } else {
            const QString connection = u"tst-costhistory-"_s + kind;
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
                db.setDatabaseName(path);
                QVERIFY(db.open());
                QSqlQuery q(db);
                QVERIFY(q.exec(kind == "newer"_L1 ? u"PRAGMA user_version = 99"_s : u"CREATE TABLE notes (text TEXT)"_s));
                db.close();
            }
            QSqlDatabase::removeDatabase(connection);
        }
        CostHistory history;
        QVERIFY(!history.open(path));
        QVERIFY(!history.isOpen());
        QVERIFY2(history.error().contains(message), qPrintable(history.error()));
        QVERIFY2(history.error().contains(QFileInfo(path).fileName()), qPrintable(history.error()));
        // Everything else refuses quietly.
        QVERIFY(!history.record(T0, {sample(u"ns"_s, u"a"_s, T0, 0.1, 1.0)}, {}, {}, {}));
        QVERIFY(history.input(T0, T0 + H).samples.isEmpty());
        QCOMPARE(history.coverage(T0, T0 + H).sampleTimes, 0);
        QCOMPARE(history.prune(T0, 1), -1);
    }

    void defaultPathPerContext()
    {
        // The app's data directory, whichever program asks (previewctl shares the file).
        const QString base =
            QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/PreviewDesk/previewdesk/cost/"_s;
        const QString a = CostHistory::defaultPath(u"arn:aws:eks:eu-west-1:1234:cluster/shop"_s);
        const QString b = CostHistory::defaultPath(u"arn_aws_eks_eu-west-1_1234_cluster_shop"_s);
        QVERIFY2(a.startsWith(base), qPrintable(a));
        QVERIFY(a.endsWith(u".sqlite"_s));
        QVERIFY(!a.mid(base.size()).contains(u'/'));
        QVERIFY(!a.mid(base.size()).contains(u':'));
        QVERIFY(a != b);
        QCOMPARE(CostHistory::defaultPath(u"kind-dev"_s), CostHistory::defaultPath(u"kind-dev"_s));
    }
};

QTEST_GUILESS_MAIN(TestCostHistory)
#include "tst_costhistory.moc"
