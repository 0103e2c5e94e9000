// The browser's dialogs and refusals on the sandbox, as a person meets them: Destroy and
// Scale down name the namespace with its PR and owner and close with Esc; Scale up is
// off on a running preview and Scale down on a scaled-down one, each saying why; a
// read-only viewer finds every action (Extend included) disabled with the missing
// permission named; Open URL without a browser shows the URL with Copy; a context switch
// clears the details at once; the Cost window closes with Esc.
#include "core/contextsettings.h"
#include "core/credentialstore.h"
#include "core/environment/environmentmodel.h"
#include "core/keychainstore.h"
#include "core/environment/environmentwatcher.h"
#include "gui/contextsettingsdialog.h"
#include "gui/cost/costwindow.h"
#include "gui/environmentactionsmenu.h"
#include "gui/environmentdetailspane.h"
#include "gui/githubtokendialog.h"
#include "gui/mainwindow.h"
#include "core/session/session.h"
#include "sandbox/sandboxendpoint.h"
#include "gui/urldialog.h"
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"
#include "layoutcheck.h"
#include "screenshot.h"
#include "testpaths.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;
using pd::core::EnvironmentModel;

namespace {

const char *const kPreviews =
    "apiVersion: v1\n"
    "kind: Namespace\n"
    "metadata:\n"
    "  name: pr-10\n"
    "  labels: {previewdesk.io/role: preview, app.kubernetes.io/managed-by: previewdesk, previewdesk.io/pr: \"10\",\n"
    "           previewdesk.io/branch: checkout-redesign, previewdesk.io/owner: a.rivera}\n"
    "  annotations: {previewdesk.io/parent: staging, previewdesk.io/expires-at: \"2031-01-01T00:00:00Z\", previewdesk.io/url: \"https://pr-10.shop.example.com\"}\n"
    "---\n"
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata: {name: web, namespace: pr-10}\n"
    "spec:\n"
    "  replicas: 1\n"
    "  selector: {matchLabels: {app: web}}\n"
    "  template:\n"
    "    metadata: {labels: {app: web}}\n"
    "    spec: {containers: [{name: web, image: \"registry.example.com/shop/web:1.8.2\"}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Namespace\n"
    "metadata:\n"
    "  name: pr-11\n"
    "  labels: {previewdesk.io/role: preview, app.kubernetes.io/managed-by: previewdesk, previewdesk.io/pr: \"11\",\n"
    "           previewdesk.io/owner: j.chen}\n"
    "  annotations: {previewdesk.io/parent: staging, previewdesk.io/expires-at: \"2031-01-01T00:00:00Z\"}\n"
    "---\n"
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata: {name: web, namespace: pr-11, annotations: {downscaler/original-replicas: \"1\"}}\n"
    "spec:\n"
    "  replicas: 0\n"
    "  selector: {matchLabels: {app: web}}\n"
    "  template:\n"
    "    metadata: {labels: {app: web}}\n"
    "    spec: {containers: [{name: web, image: \"registry.example.com/shop/web:1.8.2\"}]}\n";


// Clicks the row of `name` in the table, as a person would.
bool clickRow(pd::gui::MainWindow &window, const QString &name)
{
    QTableView *table = window.table();
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QModelIndex index = table->model()->index(row, EnvironmentModel::NameColumn);
        if (index.data().toString() == name) {
            table->scrollTo(index);
            QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
            return window.selectedEnvironment() == name;
        }
    }
    return false;
}

// Runs `inspect` on the modal dialog the next action opens, then lets it go on.
void whenModal(std::function<void(QWidget *)> inspect)
{
    QTimer::singleShot(0, qApp, [inspect = std::move(inspect)] {
        QWidget *modal = nullptr;
        if (!QTest::qWaitFor([&modal] { return (modal = QApplication::activeModalWidget()) != nullptr; }, 5000))
            qWarning("no modal dialog appeared");
        inspect(modal);
        if (modal && modal->isVisible())
            modal->close();   // a failed check must not leave the test waiting in exec()
    });
}

} // namespace

class TestBrowserDialogs final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void confirmationsAndScaleStates();
    void viewerSeesEveryActionDisabled();
    void settingsDialogsCloseWithEsc();

private:
    QTemporaryDir m_dir;
    pd::sandbox::SandboxCluster m_cluster;
};

void TestBrowserDialogs::initTestCase()
{
    QVERIFY(m_dir.isValid());
    pd::sandbox::SandboxOptions options;
    options.tls = true;   // the viewer's token is checked by RBAC over TLS
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    const QString file = m_dir.filePath(u"previews.yaml"_s);
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(kPreviews);
    out.close();
    QVERIFY2(m_cluster.loadFile(file, &error), qPrintable(error));
}

void TestBrowserDialogs::confirmationsAndScaleStates()
{
    pd::core::Session session(pd::sandbox::adminEndpoint(m_cluster), u"sandbox"_s);
    pd::gui::MainWindow window;
    QList<QUrl> tried;
    window.setUrlOpener([&tried](const QUrl &url) {
        tried.append(url);
        return false;   // no browser on this desktop
    });
    window.setContexts({u"sandbox"_s, u"other"_s}, u"sandbox"_s);
    window.setSession(&session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    session.start();
    QTRY_VERIFY_WITH_TIMEOUT(session.model()->rowOf(u"pr-11"_s) >= 0 && session.model()->rowOf(u"pr-10"_s) >= 0, 15000);
    pd::gui::EnvironmentActionsMenu *actions = window.environmentActions();

    // A running preview: Scale up is off and says why; Scale down is on.
    QVERIFY(clickRow(window, u"pr-10"_s));
    QTRY_VERIFY_WITH_TIMEOUT(actions->scaleDownAction()->isEnabled(), 10000);
    QVERIFY(!actions->scaleUpAction()->isEnabled());
    QCOMPARE(actions->scaleUpAction()->toolTip(), u"pr-10 is running: no workload is scaled down, nothing to scale up"_s);
    // A scaled-down one: the other way round.
    QVERIFY(clickRow(window, u"pr-11"_s));
    QTRY_VERIFY_WITH_TIMEOUT(actions->scaleUpAction()->isEnabled(), 10000);
    QVERIFY(!actions->scaleDownAction()->isEnabled());
    QCOMPARE(actions->scaleDownAction()->toolTip(), u"pr-11 is already scaled down"_s);

    // Destroy names the namespace, its PR and owner; Destroy stays off until the name is
    // typed; Esc cancels and nothing is deleted.
    QVERIFY(clickRow(window, u"pr-10"_s));
    QTRY_VERIFY_WITH_TIMEOUT(actions->destroyAction()->isEnabled(), 10000);
    QString destroyText;
    bool confirmOffForWrongName = false;
    whenModal([&](QWidget *dialog) {
        QVERIFY(dialog);
        QCOMPARE(dialog->objectName(), u"destroyDialog"_s);
        destroyText = dialog->findChild<QLabel *>(u"destroyText"_s)->text();
        auto *name = dialog->findChild<QLineEdit *>(u"destroyName"_s);
        QTest::keyClicks(name, u"pr-1"_s);
        confirmOffForWrongName = !dialog->findChild<QPushButton *>(u"destroyConfirm"_s)->isEnabled();
        pd::test::verifyNothingCut(dialog);
        pd::test::saveScreenshot(dialog, u"destroy-dialog.png"_s);
        QTest::keyClick(name, Qt::Key_Escape);
    });
    QSignalSpy finished(actions, &pd::gui::EnvironmentActionsMenu::actionFinished);
    actions->destroyAction()->trigger();
    QVERIFY2(destroyText.contains(u"<b>pr-10</b>"_s), qPrintable(destroyText));
    QVERIFY2(destroyText.contains(u"Pull request #10 (checkout-redesign) \u00b7 owner a.rivera"_s), qPrintable(destroyText));
    QVERIFY(confirmOffForWrongName);
    QVERIFY(!actions->isRunning(u"pr-10"_s));
    QCOMPARE(finished.size(), 0);

    // Scale down asks the same way.
    QString scaleText;
    whenModal([&](QWidget *dialog) {
        QVERIFY(dialog);
        QCOMPARE(dialog->objectName(), u"scaleDownDialog"_s);
        scaleText = static_cast<QMessageBox *>(dialog)->text();
        pd::test::saveScreenshot(dialog, u"scale-down-dialog.png"_s);
        QTest::keyClick(dialog, Qt::Key_Escape);
    });
    actions->scaleDownAction()->trigger();
    QVERIFY2(scaleText.contains(u"<b>pr-10</b>"_s) && scaleText.contains(u"owner a.rivera"_s), qPrintable(scaleText));
    QVERIFY(!actions->isRunning(u"pr-10"_s));

    // Open URL with no browser: the URL, with Copy; Esc closes it.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(window.table(), Qt::Key_O, Qt::ControlModifier);
    QCOMPARE(tried, QList<QUrl>{QUrl(u"https://pr-10.shop.example.com"_s)});
    auto *urlDialog = window.findChild<pd::gui::UrlDialog *>(u"urlDialog"_s);
    QVERIFY(urlDialog);
    QTRY_VERIFY(urlDialog->isVisible());
    QCOMPARE(urlDialog->urlEdit()->text(), u"https://pr-10.shop.example.com"_s);
    pd::test::saveScreenshot(urlDialog, u"url-dialog.png"_s);
    QTest::mouseClick(urlDialog->copyButton(), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), u"https://pr-10.shop.example.com"_s);
    QPointer<pd::gui::UrlDialog> gone = urlDialog;
    QTest::keyClick(urlDialog->urlEdit(), Qt::Key_Escape);
    QTRY_VERIFY(!gone);

    // The Cost window has Close and goes with Esc.
    auto *cost = new pd::gui::CostWindow(&session);
    cost->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<pd::gui::CostWindow> costGuard = cost;
    cost->show();
    QVERIFY(QTest::qWaitForWindowExposed(cost));
    auto *closeButtons = cost->findChild<QDialogButtonBox *>(u"closeButtons"_s);
    QVERIFY(closeButtons && closeButtons->button(QDialogButtonBox::Close)->isVisible());
    cost->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(cost));
    QTest::keyClick(cost, Qt::Key_Escape);
    QTRY_VERIFY(!costGuard);

    // Another context chosen in the switcher: the details go at once, before it connects.
    QVERIFY(clickRow(window, u"pr-10"_s));
    QCOMPARE(window.detailsPane()->environmentName(), u"pr-10"_s);
    QSignalSpy requested(&window, &pd::gui::MainWindow::contextRequested);
    window.contextCombo()->setFocus();
    QTest::keyClick(window.contextCombo(), Qt::Key_Down);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().first().toString(), u"other"_s);
    QVERIFY(window.detailsPane()->environmentName().isEmpty());
    QCOMPARE(window.selectedEnvironment(), QString());
    QVERIFY(!window.table()->selectionModel()->hasSelection());
    QVERIFY(!actions->destroyAction()->isEnabled());
    pd::test::saveScreenshot(&window, u"context-switch-cleared.png"_s);
    session.watcher()->stop();
}

void TestBrowserDialogs::viewerSeesEveryActionDisabled()
{
    pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(m_cluster);
    endpoint.contextName = u"sandbox-viewer"_s;
    endpoint.userName = u"viewer"_s;
    endpoint.token = m_cluster.viewerToken();
    pd::core::Session session(endpoint, u"sandbox-viewer"_s);
    pd::gui::MainWindow window;
    window.setSession(&session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    session.start();
    QTRY_VERIFY_WITH_TIMEOUT(session.model()->rowOf(u"pr-10"_s) >= 0, 15000);
    QVERIFY(clickRow(window, u"pr-10"_s));
    pd::gui::EnvironmentActionsMenu *actions = window.environmentActions();
    auto *extendButton = window.findChild<QToolButton *>(u"extendExpiryButton"_s);
    QVERIFY(extendButton);
    QTRY_COMPARE_WITH_TIMEOUT(extendButton->toolTip(), u"needs: patch namespaces"_s, 10000);
    QVERIFY(!extendButton->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(actions->destroyAction()->toolTip(), u"needs: delete namespaces"_s, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(actions->scaleDownAction()->toolTip(), u"needs: patch deployments in pr-10"_s, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(actions->cloneAction()->toolTip(), u"needs: create namespaces"_s, 10000);
    for (QAction *action : {actions->extendDayAction(), actions->extendTwoDaysAction(), actions->scaleDownAction(),
                            actions->destroyAction(), actions->cloneAction()})
        QVERIFY2(!action->isEnabled(), qPrintable(action->objectName()));
    // Scale up on a running preview: the state's reason comes first (nothing to scale up).
    QVERIFY(!actions->scaleUpAction()->isEnabled());
    pd::test::saveScreenshot(&window, u"viewer-actions-disabled.png"_s);
    session.watcher()->stop();
}

void TestBrowserDialogs::settingsDialogsCloseWithEsc()
{
    // The GitHub token dialog: Close, Esc, and whatever the keychain says is a sentence.
    pd::core::KeychainStore keychain(u"PreviewDeskTests-dialogs"_s);
    pd::core::CredentialStore credentials(&keychain);
    pd::gui::GitHubTokenDialog token(&credentials, u"github.com"_s, pd::core::KeychainStore::forgeTokenKey(u"github.com"_s));
    token.show();
    QVERIFY(QTest::qWaitForWindowExposed(&token));
    QTRY_VERIFY_WITH_TIMEOUT(token.status() != pd::gui::GitHubTokenDialog::Status::Checking, 30000);
    for (const QString &raw : {u"org.freedesktop"_s, u"GDBus"_s, u"QDBus"_s})
        QVERIFY2(!token.noticeText().contains(raw) && !token.statusText().contains(raw), qPrintable(token.noticeText()));
    auto *tokenButtons = token.findChild<QDialogButtonBox *>();
    QVERIFY(tokenButtons && tokenButtons->button(QDialogButtonBox::Close)->isVisible());
    // No wrapped line is cut off (the dialog follows the notice that came with the answer).
    QTRY_VERIFY(token.isVisible());
    for (QLabel *label : token.findChildren<QLabel *>()) {
        if (label->isVisible() && label->wordWrap())
            QTRY_VERIFY2(label->height() >= label->heightForWidth(label->width()), qPrintable(label->text()));
    }
    pd::test::verifyNothingCut(&token);
    pd::test::saveScreenshot(&token, u"github-token-dialog.png"_s);
    token.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&token));
    QTest::keyClick(token.tokenEdit(), Qt::Key_Escape);
    QVERIFY(!token.isVisible());
    QCOMPARE(token.result(), int(QDialog::Rejected));

    // Context settings: Cancel, and Esc leaves without saving.
    pd::gui::ContextSettingsDialog settings(u"sandbox"_s, pd::core::ContextSettings());
    settings.show();
    QVERIFY(QTest::qWaitForWindowExposed(&settings));
    auto *settingsButtons = settings.findChild<QDialogButtonBox *>();
    QVERIFY(settingsButtons && settingsButtons->button(QDialogButtonBox::Cancel)->isVisible());
    pd::test::verifyNothingCut(&settings);
    pd::test::saveScreenshot(&settings, u"context-settings-dialog.png"_s);
    settings.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&settings));
    QTest::keyClick(&settings, Qt::Key_Escape);
    QVERIFY(!settings.isVisible());
    QCOMPARE(settings.result(), int(QDialog::Rejected));
}

QTEST_MAIN(TestBrowserDialogs)
#include "tst_browserdialogs.moc"
