// Walkthrough "QA reviewer" (../shared/WALKTHROUGHS.md) on the demo cluster: types a PR
// number into the filter and gets one row, double-clicks its URL (the browser opens it)
// and copies the URL with one click.
#include "walkthroughutil.h"

#include "gui/environmentdetailspane.h"
#include "gui/environmentfilterbar.h"
#include "pagefetch.h"
#include "sandbox/sandboxcluster.h"

#include <QTextBrowser>

#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QToolBar>

using namespace Qt::StringLiterals;
using pd::core::EnvironmentModel;
using pd::test::cellText;
using pd::test::clickRow;
using pd::test::visibleNames;

class TestWalkthroughQaReviewer final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); pd::test::isolate(m_dir); }
    void findsThePreviewOfAPullRequest();

private:
    QTemporaryDir m_dir;
};

void TestWalkthroughQaReviewer::findsThePreviewOfAPullRequest()
{
    const pd::test::Walkthrough walk(u"qareviewer"_s);
    pd::test::DemoApp app(m_dir.filePath(u"settings.ini"_s));
    pd::gui::AppOptions options;
    options.demo = true;
    QString error;
    QVERIFY2(app.start(options, &error), qPrintable(error));
    pd::gui::MainWindow *window = app.window();
    QList<QUrl> opened;   // the browser
    window->setUrlOpener([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    });
    window->resize(1280, 800);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    QTableView *table = window->table();
    QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 5, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(window->connectionText().startsWith(u"Live"_s), 10000);
    walk.shot(window, u"1-opened"_s);

    // 1) Ctrl+F, types the PR number: one row (the demo's PRs are 13xx/14xx; 1412 stands for 1423).
    QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : window, Qt::Key_F, Qt::ControlModifier);
    QLineEdit *filter = window->filterBar()->textEdit();
    QTRY_VERIFY(filter->hasFocus());
    QTest::keyClicks(filter, u"1412"_s);
    QTRY_COMPARE(visibleNames(table), QStringList{u"shop-pr-1412"_s});
    QCOMPARE(cellText(table, u"shop-pr-1412"_s, EnvironmentModel::PrColumn), u"#1412"_s);
    auto *counts = window->findChild<QLabel *>(u"environmentCounts"_s);
    QTRY_VERIFY2(counts->text().startsWith(u"1 of "_s), qPrintable(counts->text()));
    // The demo's ingress controller listens on loopback, so the URL opens a real page.
    QVERIFY(app.demo.cluster() && app.demo.cluster()->ingressPort() > 0);
    const QString url = u"https://shop-pr-1412.preview.shop.localhost:%1"_s.arg(app.demo.cluster()->ingressPort());
    QCOMPARE(cellText(table, u"shop-pr-1412"_s, EnvironmentModel::UrlColumn), url);
    walk.shot(window, u"2-filtered-one-row"_s);

    // 2) Double-clicks the URL: the browser opens the preview.
    QVERIFY(clickRow(table, u"shop-pr-1412"_s, EnvironmentModel::UrlColumn, true));
    QTRY_COMPARE(opened, QList<QUrl>{QUrl(url)});
    QCOMPARE(window->selectedEnvironment(), u"shop-pr-1412"_s);
    QTRY_COMPARE(window->detailsPane()->environmentName(), u"shop-pr-1412"_s);
    walk.shot(window, u"3-opened-in-browser"_s);
    // What the browser shows there: the preview's namespace, the workload and its state.
    QNetworkAccessManager network;
    pd::test::FetchedPage page;
    QVERIFY(QTest::qWaitFor([&] { return (page = pd::test::fetchThroughLoopback(&network, opened.first())).status == 200; }, 15000));
    QVERIFY2(page.body.contains(u"<code>shop-pr-1412</code>"_s) && page.body.contains(u"Deployment/web"_s), qPrintable(page.body));
    QTextBrowser browser;
    browser.setHtml(page.body);
    browser.resize(800, 420);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    walk.shot(&browser, u"3b-the-preview-page"_s);
    browser.hide();

    // Copies the URL with one click (the toolbar's Copy URL, its shortcut in the tooltip).
    QGuiApplication::clipboard()->clear();
    auto *toolbar = window->findChild<QToolBar *>(u"mainToolBar"_s);
    QAction *copy = nullptr;
    for (QAction *action : toolbar->actions())
        copy = action->text() == u"Copy URL"_s ? action : copy;
    QVERIFY(copy);
    QTRY_VERIFY(copy->isEnabled());
    QVERIFY2(copy->toolTip().contains(u"Ctrl+Shift+C"_s), qPrintable(copy->toolTip()));
    QTest::mouseClick(toolbar->widgetForAction(copy), Qt::LeftButton);
    QTRY_COMPARE(QGuiApplication::clipboard()->text(), url);
    // The details pane's Copy beside the URL does the same.
    QGuiApplication::clipboard()->clear();
    auto *paneCopy = window->detailsPane()->findChild<QAbstractButton *>(u"copyUrl"_s);
    QVERIFY(paneCopy);
    QTest::mouseClick(paneCopy, Qt::LeftButton);
    QTRY_COMPARE(QGuiApplication::clipboard()->text(), url);
    walk.shot(window, u"4-copied"_s);
}

QTEST_MAIN(TestWalkthroughQaReviewer)
#include "tst_walkthrough_qareviewer.moc"
