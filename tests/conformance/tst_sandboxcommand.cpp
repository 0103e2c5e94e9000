// `previewctl sandbox` as a process: exactly one `ready <URL>` line on stdout, a
// kubeconfig with both contexts, kubectl served (over TLS with CA verification),
// and a clean exit on SIGTERM and SIGINT.
#include "kubectlharness.h"

#include "testpaths.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using pd::test::KubectlHarness;

class TestSandboxCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void servesAndStops_data();
    void servesAndStops();
    void tlsIsVerifiedByKubectl();
    void loadsFiles();
    void seedsDemoAndScale();
    void rejectsBadArguments_data();
    void rejectsBadArguments();

private:
    // Starts previewctl sandbox; returns the URL from its ready line.
    QString startSandbox(QProcess &process, const QStringList &args, QByteArray *stdoutSoFar);
    QString m_previewctl;
};

void TestSandboxCommand::initTestCase()
{
    m_previewctl = pd::test::builtExecutable(QStringLiteral("previewctl"));
    QVERIFY2(!m_previewctl.isEmpty(), "previewctl is not built");
}

QString TestSandboxCommand::startSandbox(QProcess &process, const QStringList &args, QByteArray *stdoutSoFar)
{
    process.setProgram(m_previewctl);
    process.setArguments(QStringList{QStringLiteral("sandbox")} + args);
    QObject::connect(&process, &QProcess::readyReadStandardOutput, &process,
                     [&process, stdoutSoFar] { *stdoutSoFar += process.readAllStandardOutput(); });
    process.start();
    if (!QTest::qWaitFor([&] { return stdoutSoFar->contains('\n') || process.state() == QProcess::NotRunning; }, 20000))
        return {};
    const QRegularExpression ready(QStringLiteral("^ready (https?://127\\.0\\.0\\.1:\\d+)\n$"));
    const auto match = ready.match(QString::fromUtf8(*stdoutSoFar));
    return match.hasMatch() ? match.captured(1) : QString();
}

void TestSandboxCommand::servesAndStops_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void TestSandboxCommand::servesAndStops()
{
    QFETCH(int, signalNumber);
    QTemporaryDir dir;
    const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
    QProcess process;
    QByteArray out;
    const QString url = startSandbox(process, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                               QStringLiteral("--kubeconfig-out"), kubeconfig}, &out);
    QVERIFY2(url.startsWith(QLatin1String("http://")), out.constData());

    KubectlHarness kubectl(kubeconfig);
    auto r = kubectl.run({QStringLiteral("config"), QStringLiteral("get-contexts"), QStringLiteral("-o"), QStringLiteral("name")});
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, QByteArray("sandbox-admin\nsandbox-viewer\n"));
    r = kubectl.run({QStringLiteral("config"), QStringLiteral("current-context")});
    QCOMPARE(r.out, QByteArray("sandbox-admin\n"));
    r = kubectl.run({QStringLiteral("config"), QStringLiteral("view"), QStringLiteral("-o"), QStringLiteral("jsonpath={.clusters[0].cluster.server}")});
    QCOMPARE(QString::fromUtf8(r.out), url);
    QCOMPARE(QFile(kubeconfig).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());

    r = kubectl.run({QStringLiteral("get"), QStringLiteral("namespaces"), QStringLiteral("-o"), QStringLiteral("name")});
    QVERIFY2(r.ok(), r.describe());
    QVERIFY(r.out.contains("namespace/default\n"));

    QSignalSpy finished(&process, &QProcess::finished);
    ::kill(pid_t(process.processId()), signalNumber);
    QVERIFY(finished.wait(10000) || !finished.isEmpty());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    out += process.readAllStandardOutput();
    QCOMPARE(out, QByteArray("ready " + url.toUtf8() + '\n'));    // nothing else ever went to stdout
}

void TestSandboxCommand::tlsIsVerifiedByKubectl()
{
    QTemporaryDir dir;
    const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
    QProcess process;
    QByteArray out;
    const QString url = startSandbox(process, {QStringLiteral("--tls"), QStringLiteral("--kubeconfig-out"), kubeconfig}, &out);
    QVERIFY2(url.startsWith(QLatin1String("https://127.0.0.1:")), out.constData());

    KubectlHarness kubectl(kubeconfig);
    auto r = kubectl.run({QStringLiteral("get"), QStringLiteral("ns"), QStringLiteral("kube-system"), QStringLiteral("-o"), QStringLiteral("name")});
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, QByteArray("namespace/kube-system\n"));
    // The viewer context is a different user over TLS.
    r = kubectl.run({QStringLiteral("get"), QStringLiteral("secrets")}, QStringLiteral("sandbox-viewer"));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("User \"viewer\" cannot list resource \"secrets\""), r.err.constData());

    // Without the CA, Go's verification refuses the certificate.
    KubectlHarness noCa(nullptr);
    QFile file(noCa.kubeconfigPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    QFile original(kubeconfig);
    QVERIFY(original.open(QIODevice::ReadOnly));
    QByteArray text = original.readAll();
    text.replace(QRegularExpression(QStringLiteral("    certificate-authority-data: [^\n]*\n")).match(QString::fromUtf8(text)).captured(0).toUtf8(), "");
    QVERIFY(!text.contains("certificate-authority-data"));
    file.write(text);
    file.close();
    r = noCa.run({QStringLiteral("get"), QStringLiteral("ns")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("x509: certificate signed by unknown authority"), r.err.constData());

    process.terminate();
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
}

void TestSandboxCommand::loadsFiles()
{
    QTemporaryDir dir;
    const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
    QProcess process;
    QByteArray out;
    const QString url = startSandbox(process, {QStringLiteral("--load"), pd::test::fixturePath(QStringLiteral("staging-shop.yaml")),
                                               QStringLiteral("--kubeconfig-out"), kubeconfig}, &out);
    QVERIFY2(!url.isEmpty(), out.constData());
    KubectlHarness kubectl(kubeconfig);
    const auto r = kubectl.run({QStringLiteral("get"), QStringLiteral("ns"), QStringLiteral("staging"), QStringLiteral("-o"),
                                QStringLiteral("jsonpath={.metadata.labels.previewdesk\\.io/role}")});
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out, QByteArray("source"));
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
}

void TestSandboxCommand::seedsDemoAndScale()
{
    QTemporaryDir dir;
    const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
    QProcess process;
    QByteArray out;
    const QString url = startSandbox(process, {QStringLiteral("--demo"), QStringLiteral("--scale"), QStringLiteral("3"),
                                               QStringLiteral("--snapshot-ready-delay"), QStringLiteral("0"),
                                               QStringLiteral("--kubeconfig-out"), kubeconfig}, &out);
    QVERIFY2(!url.isEmpty(), out.constData());
    KubectlHarness kubectl(kubeconfig);
    auto r = kubectl.run({QStringLiteral("get"), QStringLiteral("ns"), QStringLiteral("-l"), QStringLiteral("previewdesk.io/role=source"),
                          QStringLiteral("-o"), QStringLiteral("name")});
    QVERIFY2(r.ok(), r.describe());
    QVERIFY2(r.out.contains("namespace/staging\n"), r.out.constData());
    r = kubectl.run({QStringLiteral("get"), QStringLiteral("ns"), QStringLiteral("-o"), QStringLiteral("name")});
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(r.out.count("namespace/scale-pr-"), 3);
    // The demo's golden snapshot of staging's database.
    r = kubectl.run({QStringLiteral("get"), QStringLiteral("volumesnapshot"), QStringLiteral("postgres-golden"), QStringLiteral("-n"),
                     QStringLiteral("staging"), QStringLiteral("-o"), QStringLiteral("jsonpath={.status.readyToUse}")});
    QVERIFY2(r.ok() && r.out == "true", r.describe());
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
}

void TestSandboxCommand::rejectsBadArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("bad listen") << QStringList{QStringLiteral("--listen"), QStringLiteral("nowhere")};
    QTest::newRow("bad scale") << QStringList{QStringLiteral("--scale"), QStringLiteral("many")};
    QTest::newRow("missing file") << QStringList{QStringLiteral("--load"), QStringLiteral("/nonexistent.yaml")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")};
    QTest::newRow("bad snapshot delay") << QStringList{QStringLiteral("--snapshot-ready-delay"), QStringLiteral("soon")};
    QTest::newRow("negative snapshot delay") << QStringList{QStringLiteral("--snapshot-ready-delay"), QStringLiteral("-5")};
}

void TestSandboxCommand::rejectsBadArguments()
{
    QFETCH(QStringList, args);
    QProcess process;
    process.start(m_previewctl, QStringList{QStringLiteral("sandbox")} + args);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardOutput().isEmpty());
    QVERIFY(process.readAllStandardError().startsWith("previewctl sandbox: "));
}

QTEST_GUILESS_MAIN(TestSandboxCommand)
#include "tst_sandboxcommand.moc"
