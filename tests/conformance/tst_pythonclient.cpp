// The official Kubernetes Python client (python3-kubernetes) as a judge of the sandbox:
// runs each test of python/sandbox_client_conformance.py as one data row against a
// sandbox over TLS (admin and viewer contexts), its controllers on.
// A machine without python3-kubernetes fails here, naming what to install.
#include "sandbox/sandboxcluster.h"

#include <QDebug>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace {

struct ProcessResult
{
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs without blocking the event loop: the sandbox answering the client lives in this process.
ProcessResult runProcess(const QString &program, const QStringList &args, const QProcessEnvironment &env, int timeoutMs)
{
    QProcess process;
    process.setProgram(program);
    process.setArguments(args);
    process.setProcessEnvironment(env);
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, [&loop](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            loop.quit();
    });
    process.start();
    timeout.start(timeoutMs);
    if (process.state() != QProcess::NotRunning)
        loop.exec();
    ProcessResult result;
    result.finished = process.state() == QProcess::NotRunning && process.exitStatus() == QProcess::NormalExit;
    if (!result.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.exitCode = result.finished ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace

class TestPythonClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void clientConforms_data();
    void clientConforms();
    void cleanupTestCase();

private:
    QString m_python;
    QString m_script;
    QStringList m_tests;
    QTemporaryDir m_dir;
    std::unique_ptr<pd::sandbox::SandboxCluster> m_cluster;
    QProcessEnvironment m_env;
};

void TestPythonClient::initTestCase()
{
    m_script = qEnvironmentVariable("PREVIEWDESK_SOURCE_DIR") + u"/tests/conformance/python/sandbox_client_conformance.py"_s;
    QVERIFY2(QFile::exists(m_script), qPrintable(u"missing "_s + m_script));

    // Debian's python3-kubernetes lives in the system interpreter, which a pyenv or venv
    // python3 earlier on the PATH does not see: take the first that imports it.
    QStringList candidates;
    if (qEnvironmentVariableIsSet("PREVIEWDESK_PYTHON"))
        candidates << qEnvironmentVariable("PREVIEWDESK_PYTHON");
    candidates << QStandardPaths::findExecutable(u"python3"_s) << u"/usr/bin/python3"_s;
    QStringList tried;
    for (const QString &python : std::as_const(candidates)) {
        if (python.isEmpty() || tried.contains(python))
            continue;
        tried << python;
        const ProcessResult probe = runProcess(python, {u"-c"_s, u"import kubernetes"_s},
                                               QProcessEnvironment::systemEnvironment(), 30000);
        if (probe.finished && probe.exitCode == 0) {
            m_python = python;
            break;
        }
    }
    QVERIFY2(!m_python.isEmpty(),
             qPrintable(u"python3-kubernetes is missing: no interpreter of %1 can import kubernetes. "
                        "Install it (packaging/install-deps-debian.sh, or apt-get install python3-kubernetes), "
                        "or point PREVIEWDESK_PYTHON at a python3 that has it."_s.arg(tried.join(u", "_s))));

    const ProcessResult list = runProcess(m_python, {m_script, u"--list"_s}, QProcessEnvironment::systemEnvironment(), 30000);
    QVERIFY2(list.finished && list.exitCode == 0, list.err.constData());
    m_tests = QString::fromUtf8(list.out).split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(m_tests.size() >= 10, list.out.constData());

    m_cluster = std::make_unique<pd::sandbox::SandboxCluster>();
    pd::sandbox::SandboxOptions options;
    options.tls = true;
    options.podReadyDelay = std::chrono::milliseconds(50);
    QString error;
    QVERIFY2(m_cluster->start(options, &error), qPrintable(error));
    const QString kubeconfig = m_dir.filePath(u"kubeconfig"_s);
    QVERIFY(m_cluster->writeKubeconfig(kubeconfig, &error));
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(u"KUBECONFIG"_s, kubeconfig);
    m_env.insert(u"PYTHONDONTWRITEBYTECODE"_s, u"1"_s);
}

void TestPythonClient::clientConforms_data()
{
    QTest::addColumn<QString>("test");
    for (const QString &test : std::as_const(m_tests))
        QTest::newRow(qPrintable(test)) << test;
}

void TestPythonClient::clientConforms()
{
    QFETCH(QString, test);
    const ProcessResult r = runProcess(m_python, {m_script, test}, m_env, 120000);
    const QByteArray report = "exit " + QByteArray::number(r.exitCode) + (r.finished ? "" : " (timed out)") + "\n" + r.out
                              + r.err;
    const bool passed = r.finished && r.exitCode == 0 && r.err.contains("\nOK");   // unittest's verdict line
    if (!passed)
        qWarning().noquote() << QString::fromUtf8(report);   // whole, where QVERIFY2 would cut it short
    QVERIFY2(passed, qPrintable(u"%1 failed: see its output above"_s.arg(test)));
}

void TestPythonClient::cleanupTestCase()
{
    if (m_cluster)
        m_cluster->stop();
}

QTEST_GUILESS_MAIN(TestPythonClient)
#include "tst_pythonclient.moc"
