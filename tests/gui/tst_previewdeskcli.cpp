// The built previewdesk's command line: --version and --help answer without a
// display (packaging checks, CI), bad options fail with a message.
#include "testpaths.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run previewdesk(const QStringList &arguments, bool withDisplay)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &variable : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        env.remove(variable);
    if (withDisplay)
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    process.setProcessEnvironment(env);
    process.start(pd::test::builtExecutable(u"previewdesk"_s), arguments);
    if (!process.waitForFinished(30000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromLocal8Bit(process.readAllStandardOutput()), QString::fromLocal8Bit(process.readAllStandardError())};
}

} // namespace

class TestPreviewdeskCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void versionWithoutDisplay_data();
    void versionWithoutDisplay();
    void helpListsOptionsWithoutDisplay();
    void unknownOptionFails();
};

void TestPreviewdeskCli::initTestCase()
{
    QVERIFY2(!pd::test::builtExecutable(u"previewdesk"_s).isEmpty(), "previewdesk is not built in PREVIEWDESK_BUILD_DIR");
}

void TestPreviewdeskCli::versionWithoutDisplay_data()
{
    QTest::addColumn<QString>("flag");
    QTest::newRow("--version") << u"--version"_s;
    QTest::newRow("-v") << u"-v"_s;
}

void TestPreviewdeskCli::versionWithoutDisplay()
{
    QFETCH(QString, flag);
    const Run run = previewdesk({flag}, false);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, u"previewdesk 0.1.0\n"_s);
}

void TestPreviewdeskCli::helpListsOptionsWithoutDisplay()
{
    const Run run = previewdesk({u"--help"_s}, false);
    QCOMPARE(run.exitCode, 0);
    for (const QString &option : {u"--demo "_s, u"--kubeconfig <file>"_s, u"--context <name>"_s, u"--log-file <file>"_s,
                                  u"--version"_s, u"--help"_s})
        QVERIFY2(run.out.contains(option), qPrintable(option + u" missing in:\n"_s + run.out));
}

void TestPreviewdeskCli::unknownOptionFails()
{
    const Run run = previewdesk({u"--bogus"_s}, true);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(u"Unknown option 'bogus'"_s), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestPreviewdeskCli)
#include "tst_previewdeskcli.moc"
