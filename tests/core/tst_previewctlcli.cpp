// The built previewctl: version, help, usage errors, and that it stays headless
// (no QtWidgets or QtGui linked).
#include "testpaths.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run previewctl(const QStringList &arguments)
{
    QProcess process;
    process.start(pd::test::builtExecutable(u"previewctl"_s), arguments);
    if (!process.waitForFinished(30000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromLocal8Bit(process.readAllStandardOutput()), QString::fromLocal8Bit(process.readAllStandardError())};
}

} // namespace

class TestPreviewctlCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void version_data();
    void version();
    void help_data();
    void help();
    void helpForCommand();
    void usageErrors_data();
    void usageErrors();
    void linksNoWidgets();
};

void TestPreviewctlCli::initTestCase()
{
    QVERIFY2(!pd::test::builtExecutable(u"previewctl"_s).isEmpty(), "previewctl is not built in PREVIEWDESK_BUILD_DIR");
}

void TestPreviewctlCli::version_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("--version") << QStringList{u"--version"_s};
    QTest::newRow("-v") << QStringList{u"-v"_s};
    QTest::newRow("version command") << QStringList{u"version"_s};
}

void TestPreviewctlCli::version()
{
    QFETCH(QStringList, arguments);
    const Run run = previewctl(arguments);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, u"previewctl 0.1.0\n"_s);
    QCOMPARE(run.err, QString());
}

void TestPreviewctlCli::help_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("--help") << QStringList{u"--help"_s};
    QTest::newRow("-h") << QStringList{u"-h"_s};
    QTest::newRow("help command") << QStringList{u"help"_s};
}

void TestPreviewctlCli::help()
{
    QFETCH(QStringList, arguments);
    const Run run = previewctl(arguments);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(u"Usage: previewctl <command> [arguments]\n"_s), qPrintable(run.out));
    // Every command is listed with its summary (other commands come and go), and the global options.
    for (const QString &line : {u"\n  help +Show this help"_s, u"\n  sandbox +Serve an embedded Kubernetes API server"_s,
                                u"\n  version +Print the version"_s, u"\n  -h, --help +Show this help"_s,
                                u"\n  -v, --version +Print the version"_s})
        QVERIFY2(run.out.contains(QRegularExpression(line)), qPrintable(line + u" missing in:\n"_s + run.out));
}

void TestPreviewctlCli::helpForCommand()
{
    const Run run = previewctl({u"help"_s, u"sandbox"_s});
    QCOMPARE(run.exitCode, 0);
    const QString text = run.out + run.err;
    QVERIFY2(text.contains(u"--listen"_s), qPrintable(text));
    QVERIFY2(text.contains(u"--kubeconfig-out"_s), qPrintable(text));
}

void TestPreviewctlCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("firstLine");
    QTest::newRow("unknown command") << QStringList{u"frobnicate"_s, u"--now"_s}
                                     << u"previewctl: unknown command 'frobnicate'"_s;
    QTest::newRow("unknown option") << QStringList{u"--frob"_s} << u"previewctl: unknown option '--frob' (options go after the command)"_s;
    QTest::newRow("help for unknown command") << QStringList{u"help"_s, u"nope"_s}
                                              << u"previewctl: no help for unknown command 'nope'"_s;
    QTest::newRow("version with arguments") << QStringList{u"version"_s, u"extra"_s}
                                            << u"previewctl: 'version' takes no arguments, got extra"_s;
    QTest::newRow("no command") << QStringList() << u"previewctl: no command given"_s;
}

void TestPreviewctlCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, firstLine);
    const Run run = previewctl(arguments);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.out, QString());
    const QStringList lines = run.err.split(u'\n');
    QCOMPARE(lines.first(), firstLine);
    // The user learns what exists: the list of commands (or the whole help).
    static const QRegularExpression list(u"\nCommands: (?:[a-z-]+, )*help, (?:[a-z-]+, )*sandbox, (?:[a-z-]+, )*version\n"_s);
    QVERIFY2(run.err.contains(list) || run.err.contains(u"\nCommands:\n  "_s), qPrintable(run.err));
}

void TestPreviewctlCli::linksNoWidgets()
{
    const QString ldd = QStandardPaths::findExecutable(u"ldd"_s);
    QVERIFY2(!ldd.isEmpty(), "ldd is needed to inspect previewctl's libraries");
    QProcess process;
    process.start(ldd, {pd::test::builtExecutable(u"previewctl"_s)});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    const QString libraries = QString::fromLocal8Bit(process.readAllStandardOutput());
    QVERIFY2(libraries.contains(u"libQt6Core.so"_s), qPrintable(libraries)); // ldd really listed Qt
    for (const QString &forbidden : {u"libQt6Widgets"_s, u"libQt6Gui"_s, u"libQt6Charts"_s})
        QVERIFY2(!libraries.contains(forbidden), qPrintable(forbidden + u" linked:\n"_s + libraries));
}

QTEST_GUILESS_MAIN(TestPreviewctlCli)
#include "tst_previewctlcli.moc"
