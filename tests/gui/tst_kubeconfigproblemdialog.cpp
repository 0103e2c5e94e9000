// The first start with a broken kubeconfig (WALKTHROUGHS.md), offscreen: the app shows a
// dialog that names the file, the line and kubectl's words instead of quitting, and each
// of its ways on works; a --kubeconfig FILE opens that file's context whatever was used
// last time.
#include "app/demosandbox.h"
#include "gui/appcontroller.h"
#include "gui/kubeconfigproblemdialog.h"
#include "gui/mainwindow.h"
#include "sandbox/sandboxcluster.h"

#include "brokenkubeconfig.h"
#include "layoutcheck.h"

#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::gui::AppController;
using pd::gui::KubeConfigProblemDialog;

namespace {

const QByteArray kTypo = pd::test::brokenKubeconfig();

} // namespace

class TestKubeConfigProblemDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void namesFileLineAndKubectlsWords();
    void chooseAnotherFile();
    void cancelledChoiceAsksAgain();
    void openTheDemo();
    void quit_data();
    void quit();
    void kubeconfigWinsOverTheRememberedDemo();

private:
    // A controller started on the broken file; its dialog is up and no window yet.
    KubeConfigProblemDialog *startBroken(AppController &controller);

    QTemporaryDir m_dir;
    QString m_typo;
    QString m_sandboxKubeconfig;
    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<QSettings> m_settings;
};

void TestKubeConfigProblemDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(u"PreviewDeskTests"_s);
    QStandardPaths::setTestModeEnabled(true);
    qputenv("KUBECONFIG", QFile::encodeName(m_dir.filePath(u"no-kubeconfig"_s)));
    m_typo = m_dir.filePath(u"config"_s);
    QFile typo(m_typo);
    QVERIFY(typo.open(QIODevice::WriteOnly));
    typo.write(kTypo);
    typo.close();
    pd::sandbox::SandboxOptions options;
    options.controllers = false;
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    m_sandboxKubeconfig = m_dir.filePath(u"sandbox.yaml"_s);
    QVERIFY2(m_cluster.writeKubeconfig(m_sandboxKubeconfig, &error), qPrintable(error));
}

void TestKubeConfigProblemDialog::init()
{
    m_settings.reset();   // its destructor writes: before the file goes
    QFile::remove(m_dir.filePath(u"app.ini"_s));
    m_settings = std::make_unique<QSettings>(m_dir.filePath(u"app.ini"_s), QSettings::IniFormat);
}

KubeConfigProblemDialog *TestKubeConfigProblemDialog::startBroken(AppController &controller)
{
    controller.setCostRecordingEnabled(false);
    pd::gui::AppOptions options;
    options.kubeconfigPath = m_typo;
    QString error;
    if (!controller.start(options, &error))
        qFatal("start failed: %s", qPrintable(error));
    return controller.kubeconfigProblemDialog();
}

void TestKubeConfigProblemDialog::namesFileLineAndKubectlsWords()
{
    AppController controller(m_settings.get());
    KubeConfigProblemDialog *dialog = startBroken(controller);
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(!controller.window());
    const QString text = dialog->text();
    QVERIFY2(text.contains(u"File: %1, line 5"_s.arg(m_typo)), qPrintable(text));
    QVERIFY2(text.contains(u"What is wrong: "_s), qPrintable(text));
    QVERIFY2(text.contains(u"error: error loading config file \"%1\": yaml: line 5: "_s.arg(m_typo)), qPrintable(text));
    QCOMPARE(dialog->chooseFileButton()->text(), u"Choose another file…"_s);
    QCOMPARE(dialog->openDemoButton()->text(), u"Open the demo"_s);
    QCOMPARE(dialog->quitButton()->text(), u"Quit"_s);
    QVERIFY(dialog->chooseFileButton()->isVisible() && dialog->openDemoButton()->isVisible()
            && dialog->quitButton()->isVisible());
    pd::test::verifyNothingCut(dialog);
    dialog->grab().save(QDir(QStringLiteral(QT_TESTCASE_BUILDDIR)).filePath(u"kubeconfig-problem.png"_s));
    // Nothing is lost: the file is untouched.
    QFile typo(m_typo);
    QVERIFY(typo.open(QIODevice::ReadOnly));
    QCOMPARE(typo.readAll(), kTypo);
}

void TestKubeConfigProblemDialog::chooseAnotherFile()
{
    AppController controller(m_settings.get());
    int asked = 0;
    controller.setFileChooser([&](QWidget *parent) {
        ++asked;
        return parent ? m_sandboxKubeconfig : QString();
    });
    KubeConfigProblemDialog *dialog = startBroken(controller);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QTest::mouseClick(dialog->chooseFileButton(), Qt::LeftButton);
    QCOMPARE(asked, 1);
    QVERIFY(controller.window());
    QCOMPARE(controller.window()->currentContext(), u"sandbox-admin"_s);
    QVERIFY(controller.session());
    QTRY_VERIFY(!controller.kubeconfigProblemDialog());
    QTRY_VERIFY_WITH_TIMEOUT(controller.window()->connectionText().startsWith(u"Live"_s), 15000);
}

void TestKubeConfigProblemDialog::cancelledChoiceAsksAgain()
{
    AppController controller(m_settings.get());
    QStringList answers{QString(), m_typo};   // cancelled, then the same broken file
    controller.setFileChooser([&](QWidget *) { return answers.takeFirst(); });
    KubeConfigProblemDialog *dialog = startBroken(controller);
    QTest::mouseClick(dialog->chooseFileButton(), Qt::LeftButton);
    QCOMPARE(controller.kubeconfigProblemDialog(), dialog);
    QVERIFY(dialog->isVisible());
    QTest::mouseClick(dialog->chooseFileButton(), Qt::LeftButton);
    QVERIFY(answers.isEmpty());
    QVERIFY(dialog->isVisible());
    QVERIFY(!controller.window());
    QVERIFY(dialog->text().contains(u"line 5"_s));
}

void TestKubeConfigProblemDialog::openTheDemo()
{
    pd::app::DemoSandbox demo;
    AppController controller(m_settings.get());
    controller.setSandboxProvider(demo.provider());
    KubeConfigProblemDialog *dialog = startBroken(controller);
    QVERIFY(!demo.cluster());
    QTest::mouseClick(dialog->openDemoButton(), Qt::LeftButton);
    QVERIFY(demo.cluster() && demo.cluster()->isRunning());
    QVERIFY(controller.window());
    QCOMPARE(controller.window()->currentContext(), AppController::sandboxContextName());
    QCOMPARE(m_settings->value(u"session/lastContext"_s).toString(), AppController::sandboxContextName());
    QTRY_VERIFY_WITH_TIMEOUT(controller.window()->connectionText().startsWith(u"Live"_s), 15000);
}

void TestKubeConfigProblemDialog::quit_data()
{
    QTest::addColumn<bool>("escape");
    QTest::newRow("Quit") << false;
    QTest::newRow("Esc") << true;
}

void TestKubeConfigProblemDialog::quit()
{
    QFETCH(bool, escape);
    AppController controller(m_settings.get());
    QSignalSpy quitRequested(&controller, &AppController::quitRequested);
    KubeConfigProblemDialog *dialog = startBroken(controller);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    if (escape)
        QTest::keyClick(dialog, Qt::Key_Escape);
    else
        QTest::mouseClick(dialog->quitButton(), Qt::LeftButton);
    QCOMPARE(quitRequested.count(), 1);
    QVERIFY(!controller.window());
    QVERIFY(!dialog->isVisible());
}

void TestKubeConfigProblemDialog::kubeconfigWinsOverTheRememberedDemo()
{
    // The last session used the demo; this time a file is named on the command line.
    m_settings->setValue(u"session/lastContext"_s, AppController::sandboxContextName());
    pd::app::DemoSandbox demo;
    AppController controller(m_settings.get());
    controller.setSandboxProvider(demo.provider());
    controller.setCostRecordingEnabled(false);
    pd::gui::AppOptions options;
    options.kubeconfigPath = m_sandboxKubeconfig;
    QString error;
    QVERIFY2(controller.start(options, &error), qPrintable(error));
    QVERIFY(!controller.kubeconfigProblemDialog());
    QVERIFY(controller.window());
    QCOMPARE(controller.window()->currentContext(), u"sandbox-admin"_s);
    QVERIFY(!demo.cluster());   // the demo was not even started
    QTRY_VERIFY_WITH_TIMEOUT(controller.window()->connectionText().startsWith(u"Live"_s), 15000);

    // And --context picks among the file's contexts.
    AppController second(m_settings.get());
    second.setSandboxProvider(demo.provider());
    second.setCostRecordingEnabled(false);
    options.context = u"sandbox-viewer"_s;
    QVERIFY2(second.start(options, &error), qPrintable(error));
    QCOMPARE(second.window()->currentContext(), u"sandbox-viewer"_s);
    QVERIFY(!demo.cluster());
    QTRY_VERIFY_WITH_TIMEOUT(second.window()->connectionText().startsWith(u"Live"_s), 15000);
}

QTEST_MAIN(TestKubeConfigProblemDialog)
#include "tst_kubeconfigproblemdialog.moc"
