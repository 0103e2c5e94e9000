// Walkthrough "Anyone, first start with a broken kubeconfig" (../shared/WALKTHROUGHS.md):
// the dialog names the file, the line and what is wrong in kubectl's words, offers
// "Choose another file…", "Open the demo" and "Quit" and leaves the file alone; the demo
// opens from it; `--kubeconfig other.yaml` then opens that file's context, whatever was
// used last time.
#include "walkthroughutil.h"

#include "brokenkubeconfig.h"
#include "gui/kubeconfigproblemdialog.h"
#include "sandbox/sandboxcluster.h"

#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

class TestWalkthroughBrokenKubeconfig final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void firstStart();

private:
    QTemporaryDir m_dir;
    QString m_config;
};

void TestWalkthroughBrokenKubeconfig::initTestCase()
{
    QVERIFY(m_dir.isValid());
    pd::test::isolate(m_dir);
    // ~/.kube/config with a typo.
    m_config = m_dir.filePath(u"config"_s);
    QFile file(m_config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(pd::test::brokenKubeconfig());
    file.close();
    qputenv("KUBECONFIG", QFile::encodeName(m_config));
}

void TestWalkthroughBrokenKubeconfig::firstStart()
{
    const pd::test::Walkthrough walk(u"brokenkubeconfig"_s);
    pd::test::DemoApp app(m_dir.filePath(u"settings.ini"_s));
    QString error;
    // 1) Started from the application menu: no option at all.
    QVERIFY2(app.start({}, &error), qPrintable(error));
    QVERIFY(!app.window());

    // 2) The dialog: which file, which line, what is wrong; three ways on.
    pd::gui::KubeConfigProblemDialog *dialog = app.controller->kubeconfigProblemDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    const QString text = dialog->text();
    QVERIFY2(text.contains(m_config), qPrintable(text));
    QVERIFY2(text.contains(u"line 5"_s), qPrintable(text));
    auto *kubectl = dialog->findChild<QLabel *>(u"kubectlMessage"_s);
    QVERIFY(kubectl);
    QVERIFY2(kubectl->text().contains(u"yaml"_s, Qt::CaseInsensitive), qPrintable(kubectl->text()));
    auto *choose = dialog->findChild<QPushButton *>(u"chooseFile"_s);
    auto *demo = dialog->findChild<QPushButton *>(u"openDemo"_s);
    auto *quit = dialog->findChild<QPushButton *>(u"quit"_s);
    QVERIFY(choose && demo && quit);
    QCOMPARE(choose->text(), u"Choose another file…"_s);
    QCOMPARE(demo->text(), u"Open the demo"_s);
    QCOMPARE(quit->text(), u"Quit"_s);
    QVERIFY(choose->isVisible() && demo->isVisible() && quit->isVisible());
    walk.shot(dialog, u"1-problem-dialog"_s);
    // Nothing is lost: the file is as it was.
    {
        QFile file(m_config);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), pd::test::brokenKubeconfig());
    }

    // "Open the demo": the window comes up on the sandbox.
    QTest::mouseClick(demo, Qt::LeftButton);
    QTRY_VERIFY(app.window());
    pd::gui::MainWindow *window = app.window();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QCOMPARE(window->currentContext(), pd::gui::AppController::sandboxContextName());
    QTRY_VERIFY_WITH_TIMEOUT(window->table()->model()->rowCount() > 5, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window->connectionText().startsWith(u"Live"_s), 10000);
    walk.shot(window, u"2-demo-opened"_s);
    {
        QFile file(m_config);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), pd::test::brokenKubeconfig());
    }

    // 3) `previewdesk --kubeconfig other.yaml`: that file's context, not the demo used last.
    const QString other = m_dir.filePath(u"other.yaml"_s);
    QVERIFY2(app.demo.cluster()->writeKubeconfig(other, &error), qPrintable(error));
    app.controller.reset();
    app.settings.sync();
    QCOMPARE(app.settings.value(u"session/lastContext"_s).toString(), pd::gui::AppController::sandboxContextName());
    pd::gui::AppOptions options;
    options.kubeconfigPath = other;
    QVERIFY2(app.start(options, &error), qPrintable(error));
    QVERIFY(!app.controller->kubeconfigProblemDialog());
    window = app.window();
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QCOMPARE(window->currentContext(), u"sandbox-admin"_s);
    QVERIFY2(window->windowTitle().contains(u"sandbox-admin"_s), qPrintable(window->windowTitle()));
    QTRY_VERIFY_WITH_TIMEOUT(window->connectionText().startsWith(u"Live"_s), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window->table()->model()->rowCount() > 5, 10000);
    walk.shot(window, u"3-other-kubeconfig"_s);
}

QTEST_MAIN(TestWalkthroughBrokenKubeconfig)
#include "tst_walkthrough_brokenkubeconfig.moc"
