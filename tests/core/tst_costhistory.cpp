// The SQLite cost history: what goes in comes back for a window, PVC observations become
// spans, coverage says how much of a window is known, pruning, and clear errors.
#include "core/cost/costhistory.h"
#include "core/cost/costusageframe.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
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
        {
            // The two old pods' series went with their samples.
            const QString connection = u"tst-costhistory-series"_s;
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
                db.setDatabaseName(history.path());
                QVERIFY(db.open());
                QSqlQuery q(db);
                QVERIFY(q.exec(u"SELECT pod FROM series"_s));
                QStringList pods;
                while (q.next())
                    pods.append(q.value(0).toString());
                QCOMPARE(pods, QStringList{u"pod-%1"_s.arg(now - D)});
            }
            QSqlDatabase::removeDatabase(connection);
        }
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

    void defaultPathPerCluster()
    {
        // The app's data directory, whichever program asks (previewctl shares the file).
        const QString base =
            QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/PreviewDesk/previewdesk/cost/"_s;
        const ClusterIdentity prod{u"https://10.0.0.1:6443"_s, u"ab12"_s, u"arn:aws:eks:eu-west-1:1234:cluster/shop"_s};
        const QString a = CostHistory::defaultPath(prod);
        QVERIFY2(a.startsWith(base), qPrintable(a));
        QVERIFY(a.endsWith(u".sqlite"_s));
        QVERIFY(!a.mid(base.size()).contains(u'/'));
        QVERIFY(!a.mid(base.size()).contains(u':'));
        QVERIFY2(a.mid(base.size()).startsWith(u"arn_aws_eks_eu-west-1_1234_cluster_shop-"_s), qPrintable(a));
        QCOMPARE(CostHistory::defaultPath(prod), a);
        // Two clusters whose contexts share a name never share a file; nor one cluster's two contexts.
        ClusterIdentity other = prod;
        other.server = u"https://10.9.9.9:6443"_s;
        QVERIFY(CostHistory::defaultPath(other) != a);
        other = prod;
        other.caFingerprint = u"cd34"_s;
        QVERIFY(CostHistory::defaultPath(other) != a);
        other = prod;
        other.context = u"arn_aws_eks_eu-west-1_1234_cluster_shop"_s;
        QVERIFY(CostHistory::defaultPath(other) != a);
        QVERIFY(CostHistory::legacyPath(prod.context) != a);
    }

    void theClusterIsPartOfTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"h.sqlite"_s);
        const ClusterIdentity prod{u"https://10.0.0.1:6443"_s, u"ab12"_s, u"admin@prod"_s};
        {
            CostHistory history;
            QVERIFY2(history.open(path, prod), qPrintable(history.error()));
            QVERIFY(history.record(T0, {sample(u"ns"_s, u"a"_s, T0, 0.1, 1.0)}, {}, {}, {}));
        }
        CostHistory history;
        QVERIFY2(history.open(path, prod), qPrintable(history.error()));   // the same cluster, again
        ClusterIdentity renamed = prod;
        renamed.context = u"prod"_s;
        QVERIFY2(history.open(path, renamed), qPrintable(history.error()));   // its context renamed
        QVERIFY(history.open(path));                                         // a file named outright
        ClusterIdentity stranger{u"https://192.168.1.5:6443"_s, u"ff00"_s, u"admin@prod"_s};
        QVERIFY(!history.open(path, stranger));
        QVERIFY2(history.error().contains(u"is the cost history of https://10.0.0.1:6443"_s), qPrintable(history.error()));
        QVERIFY2(history.error().contains(u"not of https://192.168.1.5:6443"_s), qPrintable(history.error()));
    }

    void aContextsOldFileIsTakenOverByItsCluster()
    {
        // A context name of this run only: the test-mode data directory is shared.
        const QString context = u"admin@prod-%1"_s.arg(QCoreApplication::applicationPid());
        const ClusterIdentity prod{u"https://10.0.0.1:6443"_s, u"ab12"_s, context};
        const ClusterIdentity dev{u"https://127.0.0.1:6443"_s, u"0099"_s, context};
        const QString legacy = CostHistory::legacyPath(context);
        const auto removeAll = [&] {
            for (const QString &file : {legacy, CostHistory::defaultPath(prod), CostHistory::defaultPath(dev)})
                for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
                    QFile::remove(file + suffix);
        };
        removeAll();
        {
            CostHistory old;
            QVERIFY2(old.open(legacy), qPrintable(old.error()));
            QVERIFY(old.record(T0, {sample(u"ns"_s, u"a"_s, T0, 0.1, 1.0)}, {}, {}, {}));
        }
        QString notice;
        const QString path = CostHistory::pathFor(prod, &notice);
        QCOMPARE(path, CostHistory::defaultPath(prod));
        QVERIFY(!QFileInfo::exists(legacy));
        QVERIFY(QFileInfo::exists(path));
        QVERIFY2(notice.contains(context) && notice.contains(u"https://10.0.0.1:6443"_s), qPrintable(notice));
        {
            CostHistory history;
            QVERIFY2(history.open(path, prod), qPrintable(history.error()));
            QCOMPARE(history.input(T0, T0 + H).samples.size(), 1);
        }
        // Another cluster under the same context name starts its own.
        notice.clear();
        QVERIFY(CostHistory::pathFor(dev, &notice) != path);
        QVERIFY(notice.isEmpty());
        removeAll();
    }

    void usageIsKeptToTheMillicoreAndMebibyte()
    {
        QTemporaryDir dir;
        CostHistory history;
        QVERIFY(history.open(dir.filePath(u"h.sqlite"_s)));
        UsageSample s = sample(u"ns"_s, u"a"_s, T0, 1.23449, 0.25);
        s.memoryUsageBytes = 100.6 * 1024 * 1024;
        s.memoryRequestBytes = 536870913;   // requests are kept exactly
        UsageSample idle = sample(u"ns"_s, u"b"_s, T0, 0.0004, 0.1);
        QVERIFY(history.record(T0, {s, idle}, {}, {}, {}));
        const AttributionInput in = history.input(T0, T0 + H);
        QCOMPARE(in.samples.size(), 2);
        QCOMPARE(in.samples.at(0).cpuUsageCores, 1.234);
        QCOMPARE(in.samples.at(0).memoryUsageBytes, 101.0 * 1024 * 1024);
        QCOMPARE(in.samples.at(0).cpuRequestCores, 0.25);
        QCOMPARE(in.samples.at(0).memoryRequestBytes, 536870913.0);
        QCOMPARE(in.samples.at(1).cpuUsageCores, 0.0);
    }

    // Frames are deltas of the one before up to a key frame; replacing a frame or pruning
    // the frames a later one was built on must leave every later frame reading as written.
    void framesSurviveReplacementAndPruning()
    {
        QTemporaryDir dir;
        CostHistory history;
        QVERIFY(history.open(dir.filePath(u"h.sqlite"_s)));
        constexpr int times = 100;   // more than two runs of deltas
        const auto samplesAt = [](int i) {
            QList<UsageSample> out;
            const qint64 t = T0 + i * 5 * M;
            for (int p = 0; p < 20; ++p) {
                if ((p + i) % 7 == 0)
                    continue;   // containers come and go
                UsageSample s = sample(u"ns-%1"_s.arg(p % 3), u"pod-%1"_s.arg(p), t, 0.001 * ((p * 37 + i * 11) % 500), 0.5);
                s.memoryUsageBytes = 1024.0 * 1024 * ((p * 13 + i * 7) % 300);
                out.append(s);
            }
            if (i % 10 == 3)
                out.append(sample(u"ns-new"_s, u"job-%1"_s.arg(i), t, 0.2, 0.2));
            return out;
        };
        QHash<int, QList<UsageSample>> want;
        for (int i = 0; i < times; ++i) {
            want.insert(i, samplesAt(i));
            QVERIFY2(history.record(T0 + i * 5 * M, want.value(i), {}, {}, {}, 5 * M), qPrintable(history.error()));
        }
        // Replace one in the middle of a run of deltas, and record one between two others.
        QList<UsageSample> replaced = samplesAt(times + 1);
        for (UsageSample &s : replaced)
            s.timestampMs = T0 + 40 * 5 * M;
        want.insert(40, replaced);
        QVERIFY2(history.record(T0 + 40 * 5 * M, replaced, {}, {}, {}, 5 * M), qPrintable(history.error()));

        const auto check = [&](int from, int to) {
            CostHistory reader;   // a fresh connection: nothing cached
            if (!reader.open(history.path()))
                return false;
            const AttributionInput in = reader.input(T0 + from * 5 * M, T0 + to * 5 * M);
            QList<UsageSample> expected;
            for (int i = std::max(0, from - 2); i < to; ++i) {   // the input reaches 2 intervals back
                QList<UsageSample> at = want.value(i);
                std::stable_sort(at.begin(), at.end(), [](const UsageSample &a, const UsageSample &b) {
                    return a.pod < b.pod;
                });
                expected += at;
            }
            QList<UsageSample> got = in.samples;
            for (qsizetype a = 0, b = 0; a < got.size(); a = b) {   // ids follow first appearance, not names
                while (b < got.size() && got.at(b).timestampMs == got.at(a).timestampMs)
                    ++b;
                std::stable_sort(got.begin() + a, got.begin() + b,
                                 [](const UsageSample &x, const UsageSample &y) { return x.pod < y.pod; });
            }
            if (got.size() != expected.size()) {
                qWarning("window %d..%d: %lld samples, want %lld", from, to, qlonglong(got.size()), qlonglong(expected.size()));
                return false;
            }
            for (qsizetype k = 0; k < got.size(); ++k) {
                const UsageSample &g = got.at(k);
                const UsageSample &e = expected.at(k);
                if (g.pod != e.pod || g.namespaceName != e.namespaceName || g.timestampMs != e.timestampMs
                    || g.cpuUsageCores != std::round(e.cpuUsageCores * 1000) / 1000
                    || g.memoryUsageBytes != e.memoryUsageBytes) {
                    qWarning("window %d..%d: sample %lld is %s %f, want %s %f", from, to, qlonglong(k), qPrintable(g.pod),
                             g.cpuUsageCores, qPrintable(e.pod), e.cpuUsageCores);
                    return false;
                }
            }
            return true;
        };
        QVERIFY(check(0, times));
        QVERIFY(check(37, 45));   // starts inside a run of deltas, across the replaced frame
        QVERIFY(check(75, 80));

        // Pruning drops frames 0..49: frame 50 onwards were built on some of them.
        const qint64 now = T0 + 50 * 5 * M + qint64(30) * D;
        QCOMPARE(history.prune(now, 30), 50);
        for (int i = 0; i < 50; ++i)
            want.remove(i);
        QVERIFY(check(52, times));
        QVERIFY(check(60, 70));
        QVERIFY2(history.record(T0 + times * 5 * M, samplesAt(times), {}, {}, {}, 5 * M), qPrintable(history.error()));
        want.insert(times, samplesAt(times));
        QVERIFY(check(90, times + 1));
    }

    void aVersionOneFileIsConverted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"v1.sqlite"_s);
        const QString connection = u"tst-costhistory-v1"_s;
        {
            // The format PreviewDesk wrote before: a row per container sample.
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (const QString &sql : {
                     u"CREATE TABLE sample_times (t INTEGER PRIMARY KEY, interval_ms INTEGER NOT NULL, containers INTEGER NOT NULL)"_s,
                     u"CREATE TABLE series (id INTEGER PRIMARY KEY, ns TEXT NOT NULL, pod TEXT NOT NULL, container TEXT NOT NULL, "
                     u"workload TEXT NOT NULL, UNIQUE (ns, pod, container, workload))"_s,
                     u"CREATE TABLE samples (t INTEGER NOT NULL, series INTEGER NOT NULL, cpu_use REAL NOT NULL, mem_use REAL NOT NULL, "
                     u"cpu_req REAL NOT NULL, mem_req REAL NOT NULL, PRIMARY KEY (t, series)) WITHOUT ROWID"_s,
                     u"CREATE TABLE pvc_spans (id INTEGER PRIMARY KEY, ns TEXT NOT NULL, name TEXT NOT NULL, bytes REAL NOT NULL, "
                     u"first_t INTEGER NOT NULL, last_t INTEGER NOT NULL)"_s,
                     u"CREATE TABLE ns_labels (ns TEXT NOT NULL, since_t INTEGER NOT NULL, owner TEXT NOT NULL, "
                     u"environment TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (ns, since_t)) WITHOUT ROWID"_s,
                     u"INSERT INTO series VALUES (1, 'pr-1', 'web-1', 'app', 'web'), (2, 'pr-2', 'db-0', 'db', 'db')"_s,
                     u"INSERT INTO ns_labels VALUES ('pr-1', %1, 'alice', 'shop', 'preview')"_s.arg(T0),
                     u"INSERT INTO pvc_spans(ns, name, bytes, first_t, last_t) VALUES ('pr-2', 'data', 1073741824, %1, %2)"_s
                         .arg(T0).arg(T0 + 5 * M),
                     u"PRAGMA user_version = 1"_s,
                 }) {
                QVERIFY2(q.exec(sql), qPrintable(q.lastError().text() + u": "_s + sql));
            }
            for (int i = 0; i < 2; ++i) {
                const qint64 t = T0 + i * 5 * M;
                QVERIFY(q.exec(u"INSERT INTO sample_times VALUES (%1, %2, 2)"_s.arg(t).arg(5 * M)));
                QVERIFY(q.exec(u"INSERT INTO samples VALUES (%1, 1, %2, 104857600, 0.25, 268435456), "
                               u"(%1, 2, 0.5, 209715200, 0.5, 536870912)"_s.arg(t).arg(0.1 * (i + 1))));
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);

        CostHistory history;
        QVERIFY2(history.open(path), qPrintable(history.error()));
        QVERIFY2(history.notice().contains(u"converted to the compact format"_s), qPrintable(history.notice()));
        const AttributionInput in = history.input(T0, T0 + 10 * M);
        QCOMPARE(in.samples.size(), 4);
        QCOMPARE(in.samples.at(0).pod, u"web-1"_s);
        QCOMPARE(in.samples.at(0).cpuUsageCores, 0.1);
        QCOMPARE(in.samples.at(2).cpuUsageCores, 0.2);
        QCOMPARE(in.samples.at(1).memoryUsageBytes, 209715200.0);
        QCOMPARE(in.samples.at(3).memoryRequestBytes, 536870912.0);
        QCOMPARE(in.samples.at(3).timestampMs, T0 + 5 * M);
        QCOMPARE(in.ownerByNamespace.value(u"pr-1"_s), u"alice"_s);
        QCOMPARE(in.pvcs.size(), 1);
        QCOMPARE(history.coverage(T0, T0 + 10 * M).sampleTimes, 2);
        // Once converted, it opens quietly.
        CostHistory again;
        QVERIFY(again.open(path));
        QVERIFY(again.notice().isEmpty());
        QVERIFY(again.record(T0 + 10 * M, {sample(u"pr-1"_s, u"web-1"_s, T0 + 10 * M, 0.3, 0.25)}, {}, {}, {}));
        QCOMPARE(again.input(T0, T0 + 15 * M).samples.size(), 5);
    }

    void aDamagedFrameIsAnError()
    {
        using namespace pd::core::costhistory_detail;
        const UsageFrame key{{1, 2, 5}, {10, 20, 30}, {100, 200, 300}};
        const UsageFrame next{{1, 2, 6}, {11, 20, 7}, {100, 199, 1}};
        const QByteArray keyBlob = encodeUsageFrame(key, nullptr);
        const QByteArray nextBlob = encodeUsageFrame(next, &key);
        QVERIFY(!isDeltaFrame(keyBlob));
        QVERIFY(isDeltaFrame(nextBlob));
        QString error;
        QCOMPARE(decodeUsageFrame(keyBlob, nullptr, &error), std::optional<UsageFrame>(key));
        QCOMPARE(decodeUsageFrame(nextBlob, &key, &error), std::optional<UsageFrame>(next));
        const UsageFrame same{{1, 2, 5}, {10, 21, 30}, {100, 200, 301}};
        QCOMPARE(decodeUsageFrame(encodeUsageFrame(same, &key), &key, &error), std::optional<UsageFrame>(same));
        QVERIFY(!decodeUsageFrame(nextBlob, nullptr, &error));
        QVERIFY2(error.contains(u"base frame is missing"_s), qPrintable(error));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"qUncompress"_s));   // zlib's own complaint
        QVERIFY(!decodeUsageFrame(keyBlob.left(keyBlob.size() - 3), nullptr, &error));
        QVERIFY(!decodeUsageFrame(QByteArray::fromHex("0700616263"), nullptr, &error));
        QVERIFY2(error.contains(u"unknown format"_s), qPrintable(error));
        QVERIFY(!decodeUsageFrame(QByteArray(), nullptr, &error));
    }
};

QTEST_GUILESS_MAIN(TestCostHistory)
#include "tst_costhistory.moc"
