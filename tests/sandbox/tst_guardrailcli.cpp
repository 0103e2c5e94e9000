// `previewctl guardrail render | apply | list | delete` (the built binary) against an
// in-process sandbox: what is applied reads back as the same guardrail.
#include "core/guardrail/guardrail.h"
#include "core/guardrail/guardrailrenderer.h"

#include "kube/yamljson.h"
#include "sandbox/sandboxcluster.h"

#include "testpaths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using pd::core::Guardrail;
using pd::core::GuardrailAction;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QByteArray describe() const { return "exit " + QByteArray::number(exitCode) + "\nstdout:\n" + out + "\nstderr:\n" + err; }
};

Guardrail officeHours()
{
    Guardrail g;
    g.name = QStringLiteral("office-hours");
    g.action = GuardrailAction::ScaleDown;
    g.target.selector = QStringLiteral("previewdesk.io/owner=alice");
    g.schedule.workingHours = QStringLiteral("Mon-Fri 07:30-20:30 Europe/Berlin");
    return g;
}

} // namespace

class TestGuardrailCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void render();
    void invalidFile();
    void applyListDelete();

private:
    Run previewctl(const QStringList &arguments);
    QString writeGuardrail(const QString &name, const Guardrail &guardrail);

    pd::sandbox::SandboxCluster m_cluster;
    QTemporaryDir m_dir;
};

void TestGuardrailCli::initTestCase()
{
    pd::sandbox::SandboxOptions options;
    options.controllers = false;
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    QVERIFY(m_cluster.writeKubeconfig(m_dir.filePath(QStringLiteral("kubeconfig")), &error));
}

Run TestGuardrailCli::previewctl(const QStringList &arguments)
{
    QProcess process;
    process.setProgram(pd::test::builtExecutable(QStringLiteral("previewctl")));
    process.setArguments(arguments + QStringList{QStringLiteral("--kubeconfig"), m_dir.filePath(QStringLiteral("kubeconfig"))});
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

QString TestGuardrailCli::writeGuardrail(const QString &name, const Guardrail &guardrail)
{
    QFile file(m_dir.filePath(name));
    if (file.open(QIODevice::WriteOnly))
        file.write(pd::kube::toYaml(guardrail.toJson()));
    return file.fileName();
}

void TestGuardrailCli::render()
{
    const Guardrail g = officeHours();
    const Run run = previewctl({QStringLiteral("guardrail"), QStringLiteral("render"), QStringLiteral("-f"),
                                writeGuardrail(QStringLiteral("office.yaml"), g), QStringLiteral("--image"), QStringLiteral("example.org/k:1")});
    QVERIFY2(run.exitCode == 0, run.describe());
    QList<QJsonObject> documents;
    pd::kube::YamlError error;
    QVERIFY2(pd::kube::parseYamlDocuments(run.out, QStringLiteral("stdout"), &documents, &error), qPrintable(error.toString()));
    QCOMPARE(documents, pd::core::GuardrailRenderer(QStringLiteral("example.org/k:1")).render(g));
}

void TestGuardrailCli::invalidFile()
{
    Guardrail g = officeHours();
    g.action = GuardrailAction::Destroy;
    const Run run = previewctl({QStringLiteral("guardrail"), QStringLiteral("apply"), QStringLiteral("-f"),
                                writeGuardrail(QStringLiteral("bad.yaml"), g)});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("invalid guardrail:\n  a working-hours window applies to scale-down and scale-up; destroy needs a cron schedule"),
             run.describe());
    const Run usage = previewctl({QStringLiteral("guardrail"), QStringLiteral("frob")});
    QCOMPARE(usage.exitCode, 2);
    QVERIFY2(usage.err.contains("unknown verb 'frob' (render, apply, list or delete)"), usage.describe());
}

void TestGuardrailCli::applyListDelete()
{
    Guardrail office = officeHours();
    Guardrail sweep;
    sweep.name = QStringLiteral("sweeper");
    sweep.action = GuardrailAction::Sweep;
    sweep.schedule = {QStringLiteral("*/15 * * * *"), QStringLiteral("UTC"), QString()};
    sweep.notice = QStringLiteral("24h");
    for (const Guardrail &g : {office, sweep}) {
        const Run run = previewctl({QStringLiteral("guardrail"), QStringLiteral("apply"), QStringLiteral("-f"),
                                    writeGuardrail(g.name + QStringLiteral(".yaml"), g)});
        QVERIFY2(run.exitCode == 0, run.describe());
    }
    auto listed = [this]() {
        const Run run = previewctl({QStringLiteral("guardrail"), QStringLiteral("list"), QStringLiteral("-o"), QStringLiteral("json")});
        QList<Guardrail> guardrails;
        for (const QJsonValue &v : QJsonDocument::fromJson(run.out).array())
            guardrails.append(*Guardrail::fromJson(v.toObject()));
        return guardrails;
    };
    QList<Guardrail> guardrails = listed();
    QCOMPARE(guardrails.size(), 2);
    QVERIFY(guardrails.at(0) == office);
    QVERIFY(guardrails.at(1) == sweep);

    // From working hours to a cron schedule: one CronJob instead of the pair.
    office.schedule = {QStringLiteral("0 20 * * 1-5"), QStringLiteral("Europe/Berlin"), QString()};
    Run run = previewctl({QStringLiteral("guardrail"), QStringLiteral("apply"), QStringLiteral("-f"),
                          writeGuardrail(QStringLiteral("office2.yaml"), office)});
    QVERIFY2(run.exitCode == 0 && run.out.contains("guardrail office-hours applied (guardrail-office-hours)"), run.describe());
    guardrails = listed();
    QCOMPARE(guardrails.size(), 2);
    QVERIFY(guardrails.at(0) == office);

    run = previewctl({QStringLiteral("guardrail"), QStringLiteral("list")});
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY2(run.out.startsWith("NAME "), run.describe());
    QVERIFY2(run.out.contains("office-hours   yes       scale-down   0 20 * * 1-5 Europe/Berlin"), run.describe());

    run = previewctl({QStringLiteral("guardrail"), QStringLiteral("delete"), QStringLiteral("office-hours")});
    QVERIFY2(run.exitCode == 0, run.describe());
    run = previewctl({QStringLiteral("guardrail"), QStringLiteral("delete"), QStringLiteral("office-hours")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("guardrail office-hours not found"), run.describe());
    guardrails = listed();
    QCOMPARE(guardrails.size(), 1);
    QCOMPARE(guardrails.first().name, QStringLiteral("sweeper"));
}

QTEST_GUILESS_MAIN(TestGuardrailCli)
#include "tst_guardrailcli.moc"
