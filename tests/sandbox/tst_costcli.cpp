// `previewctl cost` (the built binary) against an in-process sandbox with the demo
// environments: an estimate from current usage, labelled as such, whose rows add up.
#include "sandbox/sandboxcluster.h"

#include "testpaths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
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

private:
    Run previewctl(const QStringList &arguments)
    {
        QProcess process;
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
