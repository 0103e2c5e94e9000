// `previewctl guardrail render | apply | list | delete` (the built binary) against an
// in-process sandbox: what is applied reads back as the same guardrail. scale-down,
// scale-up, destroy and guardrail apply refuse sources and protected namespaces with
// exit code 1 and the reason; --force-source scales a source on purpose.
#include "core/guardrail/guardrail.h"
#include "core/guardrail/guardrailrenderer.h"

#include "kube/apiclient.h"
#include "kube/yamljson.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"

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
    void refusesSourcesAndProtected();

private:
    void createEnvironment(const QString &name, const QJsonObject &labels);
    int replicasOfWeb(const QString &ns);

    Run previewctl(const QStringList &arguments);
    QString writeGuardrail(const QString &name, const Guardrail &guardrail);

    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
    QTemporaryDir m_dir;
};

void TestGuardrailCli::initTestCase()
{
    pd::sandbox::SandboxOptions options;
    options.controllers = false;
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    QVERIFY(m_cluster.writeKubeconfig(m_dir.filePath(QStringLiteral("kubeconfig")), &error));
    pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(m_cluster);
    m_client = std::make_unique<pd::kube::ApiClient>(endpoint);
}

namespace {

template<typename T>
T waitFor(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 30000) || future.resultCount() == 0)
        qFatal("a request did not finish within 30 s");
    return future.result();
}

pd::kube::ResourceRef deploymentsIn(const QString &ns)
{
    return {QStringLiteral("apps"), QStringLiteral("v1"), QStringLiteral("deployments"), ns, QString(), {}};
}

} // namespace

void TestGuardrailCli::createEnvironment(const QString &name, const QJsonObject &labels)
{
    const QJsonObject ns{{QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("kind"), QStringLiteral("Namespace")},
                         {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("labels"), labels}}}};
    QVERIFY(waitFor(m_client->create({QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), QString(), {}}, ns)).ok());
    const QJsonObject selector{{QStringLiteral("app"), QStringLiteral("web")}};
    const QJsonObject web{
        {QStringLiteral("apiVersion"), QStringLiteral("apps/v1")}, {QStringLiteral("kind"), QStringLiteral("Deployment")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("web")}, {QStringLiteral("namespace"), name}}},
        {QStringLiteral("spec"), QJsonObject{
             {QStringLiteral("replicas"), 2}, {QStringLiteral("selector"), QJsonObject{{QStringLiteral("matchLabels"), selector}}},
             {QStringLiteral("template"), QJsonObject{
                  {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("labels"), selector}}},
                  {QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"), QJsonArray{QJsonObject{
                       {QStringLiteral("name"), QStringLiteral("web")}, {QStringLiteral("image"), QStringLiteral("busybox:1.36")}}}}}}}}}}};
    QVERIFY(waitFor(m_client->create(deploymentsIn(name), web)).ok());
}

int TestGuardrailCli::replicasOfWeb(const QString &ns)
{
    return waitFor(m_client->get(deploymentsIn(ns).named(QStringLiteral("web")))).object[QStringLiteral("spec")]
        [QStringLiteral("replicas")].toInt(-1);
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

void TestGuardrailCli::refusesSourcesAndProtected()
{
    const QJsonObject preview{{QStringLiteral("previewdesk.io/role"), QStringLiteral("preview")},
                              {QStringLiteral("app.kubernetes.io/managed-by"), QStringLiteral("previewdesk")}};
    QJsonObject locked = preview;
    locked.insert(QStringLiteral("previewdesk.io/protected"), QStringLiteral("true"));
    createEnvironment(QStringLiteral("staging"), QJsonObject{{QStringLiteral("previewdesk.io/role"), QStringLiteral("source")}});
    createEnvironment(QStringLiteral("locked"), locked);
    createEnvironment(QStringLiteral("pr-9"), preview);

    struct Refused
    {
        QStringList arguments;
        QByteArray says;
    };
    const QList<Refused> refused{
        {{QStringLiteral("scale-down"), QStringLiteral("staging")}, "previewctl scale-down: refused: staging: source environment; PreviewDesk never scales down sources"},
        {{QStringLiteral("scale-up"), QStringLiteral("staging")}, "previewctl scale-up: refused: staging: source environment"},
        {{QStringLiteral("scale-down"), QStringLiteral("locked")}, "previewctl scale-down: refused: locked: protected (previewdesk.io/protected=true)"},
        {{QStringLiteral("scale-down"), QStringLiteral("nothing-here")}, "previewctl scale-down: refused: no environment named nothing-here exists"},
        {{QStringLiteral("destroy"), QStringLiteral("staging"), QStringLiteral("--yes")}, "previewctl destroy: refused: staging: source environment; PreviewDesk never destroys sources"},
        {{QStringLiteral("destroy"), QStringLiteral("locked"), QStringLiteral("--yes")}, "previewctl destroy: refused: locked: protected"},
        {{QStringLiteral("scale-down"), QStringLiteral("--force-source"), QStringLiteral("--dry-run"), QStringLiteral("staging")},
         "--force-source and --dry-run do not go together"},
    };
    for (const Refused &case_ : refused) {
        const Run run = previewctl(case_.arguments);
        QVERIFY2(run.exitCode != 0 && run.err.contains(case_.says), run.describe());
    }
    QCOMPARE(replicasOfWeb(QStringLiteral("staging")), 2);
    QCOMPARE(replicasOfWeb(QStringLiteral("locked")), 2);

    // A guardrail that names a source is refused instead of being saved to do nothing.
    Guardrail named = officeHours();
    named.name = QStringLiteral("stop-staging");
    named.target.selector.clear();
    named.target.environments = {QStringLiteral("pr-9"), QStringLiteral("staging")};
    Run run = previewctl({QStringLiteral("guardrail"), QStringLiteral("apply"), QStringLiteral("-f"),
                          writeGuardrail(QStringLiteral("named.yaml"), named)});
    QVERIFY2(run.exitCode == 1 && run.err.contains("guardrail stop-staging refused: staging: source environment"), run.describe());

    // A preview scales; the source only when asked for by name with --force-source.
    run = previewctl({QStringLiteral("scale-down"), QStringLiteral("pr-9")});
    QVERIFY2(run.exitCode == 0, run.describe());
    QCOMPARE(replicasOfWeb(QStringLiteral("pr-9")), 0);
    run = previewctl({QStringLiteral("scale-down"), QStringLiteral("staging"), QStringLiteral("--force-source")});
    QVERIFY2(run.exitCode == 0 && run.out.contains("Scaled down 1 workload(s) of staging"), run.describe());
    QCOMPARE(replicasOfWeb(QStringLiteral("staging")), 0);
    run = previewctl({QStringLiteral("scale-up"), QStringLiteral("staging"), QStringLiteral("--force-source")});
    QVERIFY2(run.exitCode == 0, run.describe());
    QCOMPARE(replicasOfWeb(QStringLiteral("staging")), 2);
}

QTEST_GUILESS_MAIN(TestGuardrailCli)
#include "tst_guardrailcli.moc"
