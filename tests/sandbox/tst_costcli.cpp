// `previewctl cost` (the built binary) against an in-process sandbox with the demo
// environments: an estimate from current usage, labelled as such, whose rows add up;
// `cost record` into a history file that `cost --source history` then prices; OpenCost
// missing said plainly.
#include "sandbox/sandboxcluster.h"

#include "testpaths.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QByteArray describe() const { return "exit " + QByteArray::number(exitCode) + "\nstdout:\n" + out + "\nstderr:\n" + err; }
};

} // namespace

class TestCostCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        pd::sandbox::SandboxOptions options;
        options.demo = true;
        QString error;
        QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
        QVERIFY(m_cluster.writeKubeconfig(m_dir.filePath(u"kubeconfig"_s), &error));
    }

    void jsonRowsAddUp()
    {
        // The demo's pods become Running through the controllers: wait until some are priced.
        int containers = 0;
        QJsonObject root;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const Run run = previewctl({u"cost"_s, u"--window"_s, u"7d"_s, u"-o"_s, u"json"_s});
                root = QJsonDocument::fromJson(run.out).object();
                const auto m = QRegularExpression(u"(\\d+) running containers"_s).match(root.value("estimate"_L1).toString());
                containers = m.hasMatch() ? m.captured(1).toInt() : 0;
                return run.exitCode == 0 && containers > 0;
            }(),
            30000);
        QVERIFY(root.value("estimate"_L1).toString().startsWith(u"estimate from current usage"_s));
        QCOMPARE(root.value("by"_L1).toString(), u"namespace"_s);
        const QJsonArray rows = root.value("rows"_L1).toArray();
        QVERIFY(!rows.isEmpty());
        double hours = 0;
        for (const QJsonValue &v : rows) {
            const QJsonObject row = v.toObject();
            QVERIFY(!row.value("namespace"_L1).toString().isEmpty());
            const double sum = row.value("cpuCost"_L1).toDouble() + row.value("memoryCost"_L1).toDouble()
                + row.value("storageCost"_L1).toDouble();
            QVERIFY(std::abs(sum - row.value("totalCost"_L1).toDouble()) < 1e-9);
            QVERIFY(row.value("cpuCost"_L1).toDouble() > 0);
            hours += row.value("hours"_L1).toDouble();
        }
        // Every running container is held for the whole window.
        QCOMPARE(hours, containers * 168.0);
    }

    void tableAndCsvSayEstimate()
    {
        for (const QString &format : {u"table"_s, u"csv"_s}) {
            const Run run = previewctl({u"cost"_s, u"--by"_s, u"owner"_s, u"-o"_s, format});
            QVERIFY2(run.exitCode == 0, run.describe());
            QVERIFY2(run.out.startsWith("# estimate from current usage"), run.describe());
        }
        const Run csv = previewctl({u"cost"_s, u"--by"_s, u"workload"_s, u"-o"_s, u"csv"_s});
        QVERIFY2(csv.out.split('\n').value(1) == "workload,hours,cpuCost,memoryCost,storageCost,totalCost", csv.describe());
    }

    void rejectsBadOptions()
    {
        const Run by = previewctl({u"cost"_s, u"--by"_s, u"cluster"_s});
        QCOMPARE(by.exitCode, 2);
        QVERIFY2(by.err.contains("--by takes namespace, workload, owner, environment or day"), by.describe());
        const Run format = previewctl({u"cost"_s, u"-o"_s, u"yaml"_s});
        QCOMPARE(format.exitCode, 2);
    }

    void recordOnceThenPriceTheHistory()
    {
        const QString db = m_dir.filePath(u"history/cost.sqlite"_s);
        // Wait until the demo's pods run, so the sample holds containers.
        Run record;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QFile::remove(db);
                record = previewctl({u"cost"_s, u"record"_s, u"--once"_s, u"--db"_s, db});
                return record.exitCode == 0 && !record.out.contains(" recorded 0 containers");
            }(),
            30000);
        QVERIFY2(QRegularExpression(u"recorded [1-9]\\d* containers and \\d+ PVCs into "_s).match(QString::fromUtf8(record.out)).hasMatch(),
                 record.describe());
        QVERIFY2(QFileInfo(db).size() > 0, record.describe());
        // A second sample a moment later: two sample times.
        const Run again = previewctl({u"cost"_s, u"record"_s, u"--once"_s, u"--db"_s, db, u"--interval"_s, u"1m"_s});
        QVERIFY2(again.exitCode == 0, again.describe());

        const Run history = previewctl({u"cost"_s, u"--db"_s, db, u"--source"_s, u"history"_s, u"--window"_s, u"1h"_s,
                                        u"-o"_s, u"json"_s});
        QVERIFY2(history.exitCode == 0, history.describe());
        const QJsonObject root = QJsonDocument::fromJson(history.out).object();
        QCOMPARE(root.value("source"_L1).toString(), u"history"_s);
        const QString summary = root.value("summary"_L1).toString();
        QVERIFY2(QRegularExpression(u"^history: 2 samples from \\S+Z to \\S+Z \\(covers .* of 1\\.0 h\\)"_s).match(summary).hasMatch(),
                 qPrintable(summary));
        QVERIFY(!root.contains("estimate"_L1));
        double total = 0;
        for (const QJsonValue &v : root.value("rows"_L1).toArray())
            total += v.toObject().value("totalCost"_L1).toDouble();
        QVERIFY2(total > 0, history.describe());

        // auto takes the history when it has samples, and the table header says so.
        const Run table = previewctl({u"cost"_s, u"--db"_s, db, u"--by"_s, u"day"_s});
        QVERIFY2(table.exitCode == 0 && table.out.startsWith("# history: 2 samples"), table.describe());
    }

    void historyErrorsAreClear_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("no history file") << QStringList{u"--source"_s, u"history"_s, u"--db"_s, u"missing.sqlite"_s}
                                         << QByteArray("no cost history at ");
        QTest::newRow("not a database") << QStringList{u"--source"_s, u"history"_s, u"--db"_s, u"kubeconfig"_s}
                                        << QByteArray("is not a usable cost history");
        QTest::newRow("record into a directory") << QStringList{u"record"_s, u"--once"_s, u"--db"_s, u"."_s}
                                                 << QByteArray("it is a directory");
        QTest::newRow("bad source") << QStringList{u"--source"_s, u"prometheus"_s}
                                    << QByteArray("--source takes auto, history, estimate or opencost");
    }

    void historyErrorsAreClear()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        for (QString &a : arguments)
            if (a == "missing.sqlite"_L1 || a == "kubeconfig"_L1 || a == "."_L1)
                a = m_dir.filePath(a);
        const Run run = previewctl(QStringList{u"cost"_s} + arguments);
        QVERIFY2(run.exitCode != 0, run.describe());
        QVERIFY2(run.err.contains(message), run.describe());
    }

    void openCostMissingIsSaidPlainly()
    {
        const Run run = previewctl({u"cost"_s, u"--source"_s, u"opencost"_s});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("OpenCost is not reachable through the API server"), run.describe());
        QVERIFY2(run.err.contains("\"opencost\" namespace"), run.describe());
        QVERIFY2(run.out.isEmpty(), run.describe());
    }

    // auto asks OpenCost only where its Service exists; where that answers nothing usable it
    // says so and falls back, and the header names the source used. Runs last: it adds the Service.
    void autoTriesOpenCostOnlyWhereItsServiceExists()
    {
        const Run without = previewctl({u"cost"_s, u"-o"_s, u"json"_s});
        QVERIFY2(without.exitCode == 0, without.describe());
        QCOMPARE(QJsonDocument::fromJson(without.out).object().value("source"_L1).toString(), u"estimate"_s);
        QVERIFY2(!without.err.contains("OpenCost"), without.describe());

        const QString yaml = m_dir.filePath(u"opencost.yaml"_s);
        QFile file(yaml);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: opencost\n---\n"
                   "apiVersion: v1\nkind: Service\nmetadata:\n  name: opencost\n  namespace: opencost\n"
                   "spec:\n  ports:\n  - name: http\n    port: 9003\n");
        file.close();
        QString error;
        QVERIFY2(m_cluster.loadFile(yaml, &error), qPrintable(error));

        // The sandbox's API server does not proxy to services: OpenCost is found but silent.
        const Run with = previewctl({u"cost"_s});
        QVERIFY2(with.exitCode == 0, with.describe());
        QVERIFY2(with.err.contains("warning: OpenCost: "), with.describe());
        QVERIFY2(with.err.contains("using PreviewDesk's history or estimate"), with.describe());
        QVERIFY2(with.out.startsWith("# estimate from current usage"), with.describe());
        // --by day never asks OpenCost (it cannot group by day).
        const Run byDay = previewctl({u"cost"_s, u"--by"_s, u"day"_s});
        QVERIFY2(byDay.exitCode == 0 && !byDay.err.contains("OpenCost"), byDay.describe());
    }

private:
    Run previewctl(const QStringList &arguments)
    {
        QProcess process;
        // No default history from a real user's data directory.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
        process.setProcessEnvironment(environment);
        process.setProgram(pd::test::builtExecutable(u"previewctl"_s));
        process.setArguments(arguments + QStringList{u"--kubeconfig"_s, m_dir.filePath(u"kubeconfig"_s)});
        // The server is in this process: wait with the event loop running.
        QSignalSpy finished(&process, &QProcess::finished);
        process.start();
        Run run;
        if (!finished.wait(60000)) {
            process.kill();
            process.waitForFinished(5000);
            return run;
        }
        run.exitCode = process.exitCode();
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    pd::sandbox::SandboxCluster m_cluster;
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCostCli)
#include "tst_costcli.moc"
