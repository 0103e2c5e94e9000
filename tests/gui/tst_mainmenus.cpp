// The main window as KDE and GNOME users expect it (mainmenus.cpp): File, Edit, View,
// Environment, Tools and Help with their actions, shortcuts and theme icons (bundled
// SVG fallbacks), Ctrl+F into the filter, Quit, the shortcuts and About dialogs,
// recent kubeconfigs, the columns chooser, the details pane toggle, column widths
// that fit the content (also after a layout change and on Reset), and the title.
#include "app/demosandbox.h"
#include "core/cost/costhistory.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "core/session/session.h"
#include "gui/aboutdialog.h"
#include "gui/appcontroller.h"
#include "gui/environmentactionsmenu.h"
#include "gui/environmentdetailspane.h"
#include "gui/environmentfilterbar.h"
#include "gui/mainwindow.h"
#include "gui/shortcutsdialog.h"
#include "gui/themeicons.h"
#include "layoutcheck.h"
#include "screenshot.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using pd::core::EnvironmentModel;

namespace {

QList<pd::core::Environment> previews()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<pd::core::Environment> list;
    for (int i = 0; i < 6; ++i) {
        pd::core::Environment env;
        env.name = u"pr-%1"_s.arg(1400 + i);
        env.environmentName = env.name;
        env.pr = QString::number(1400 + i);
        env.branch = i == 2 ? u"feature/checkout-redesign-with-a-rather-long-branch-name"_s : u"fix-%1"_s.arg(i);
        env.owner = u"a.rivera"_s;
        env.role = pd::core::EnvironmentRole::Preview;
        env.state = pd::core::EnvironmentState::Healthy;
        env.created = now.addDays(-1);
        env.expiresAt = now.addDays(2);
        env.url = QUrl(u"https://%1.shop.example.com"_s.arg(env.name));
        env.parent = u"staging"_s;
        list.append(env);
    }
    return list;
}

QString plain(QString text)
{
    return text.remove(u'&');
}

QStringList actionNames(const QMenu *menu)
{
    QStringList names;
    for (const QAction *action : menu->actions())
        names << (action->menu() ? action->menu()->objectName() : action->objectName());
    names.removeAll(QString());   // separators
    return names;
}

} // namespace

class TestMainMenus final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void menusActionsAndShortcuts();
    void iconsFromThemeWithFallbacks();
    void findFocusesTheFilterAndQuitCloses();
    void helpDialogs();
    void recentKubeconfigs();
    void columnsFitAndReset();
    void columnsChooserAndDetailsPane();
    void titleAndOpenKubeconfig();

private:
    QTemporaryDir m_dir;
};

void TestMainMenus::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(u"PreviewDeskTests"_s);
    QCoreApplication::setApplicationVersion(u"9.8.7"_s);
    // A cost history of our own: other tests running beside this one use the shared test location.
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir.filePath(u"data"_s)));
    QVERIFY(pd::core::CostHistory::defaultPath(pd::gui::AppController::sandboxCluster()).startsWith(m_dir.path()));
    qputenv("KUBECONFIG", QFile::encodeName(m_dir.filePath(u"no-kubeconfig"_s)));
}

void TestMainMenus::menusActionsAndShortcuts()
{
    pd::gui::MainWindow window;
    QStringList titles;
    for (const QAction *action : window.menuBar()->actions())
        titles << plain(action->text());
    QCOMPARE(titles, (QStringList{u"File"_s, u"Edit"_s, u"View"_s, u"Environment"_s, u"Tools"_s, u"Help"_s}));

    QCOMPARE(actionNames(window.menu(u"file"_s)), (QStringList{u"openKubeconfigAction"_s, u"recentMenu"_s, u"quitAction"_s}));
    QCOMPARE(actionNames(window.menu(u"edit"_s)), (QStringList{u"copyUrlAction"_s, u"findAction"_s, u"preferencesAction"_s}));
    QCOMPARE(window.preferencesAction()->menuRole(), QAction::PreferencesRole);
    QCOMPARE(actionNames(window.menu(u"view"_s)),
             (QStringList{u"columnsMenu"_s, u"resetColumnsAction"_s, u"detailsPaneAction"_s, u"paletteMenu"_s, u"refreshAction"_s}));
    QCOMPARE(actionNames(window.findChild<QMenu *>(u"paletteMenu"_s)),
             (QStringList{u"systemPaletteAction"_s, u"lightPaletteAction"_s, u"darkPaletteAction"_s}));
    QCOMPARE(window.menu(u"tools"_s)->actions().contains(window.guardrailsAction()), true);
    for (QAction *tool : {window.guardrailsAction(), window.costAction(), window.contextSettingsAction(), window.gitHubTokenAction()})
        QVERIFY2(window.menu(u"tools"_s)->actions().contains(tool), qPrintable(tool->text()));
    QCOMPARE(actionNames(window.menu(u"help"_s)),
             (QStringList{u"documentationAction"_s, u"shortcutsAction"_s, u"aboutAction"_s, u"aboutQtAction"_s}));
    QVERIFY(!window.menu(u"nonsense"_s));

    // The Environment menu holds the very QActions of the table's context menu.
    std::unique_ptr<QMenu> context(window.environmentActions()->createContextMenu(&window));
    const auto withoutSeparators = [](QList<QAction *> actions) {
        actions.removeIf([](const QAction *action) { return action->isSeparator(); });
        return actions;
    };
    QCOMPARE(withoutSeparators(window.menu(u"environment"_s)->actions()), withoutSeparators(context->actions()));
    QVERIFY(withoutSeparators(context->actions()).size() >= 6);
    QVERIFY(window.menu(u"environment"_s)->actions().contains(window.environmentActions()->destroyAction()));
    QVERIFY(window.menu(u"environment"_s)->actions().contains(window.environmentActions()->cloneAction()));

    const QList<std::pair<QString, QKeySequence>> shortcuts{
            {u"quitAction"_s, QKeySequence(Qt::CTRL | Qt::Key_Q)},
            {u"openKubeconfigAction"_s, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)},
            {u"findAction"_s, QKeySequence(Qt::CTRL | Qt::Key_F)},
            {u"copyUrlAction"_s, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)},
            {u"refreshAction"_s, QKeySequence(Qt::Key_F5)},
            {u"detailsPaneAction"_s, QKeySequence(Qt::Key_F9)},
            {u"documentationAction"_s, QKeySequence(Qt::Key_F1)},
            {u"destroyAction"_s, QKeySequence(Qt::Key_Delete)},
            {u"cloneAction"_s, QKeySequence(Qt::CTRL | Qt::Key_N)},
            {u"guardrailsAction"_s, QKeySequence(Qt::CTRL | Qt::Key_G)},
            {u"preferencesAction"_s, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Comma)},
    };
    for (const auto &[name, keys] : shortcuts) {
        auto *action = window.findChild<QAction *>(name);
        QVERIFY2(action, qPrintable(name));
        QVERIFY2(action->shortcuts().contains(keys), qPrintable(name + u": "_s + action->shortcut().toString()));
    }
    // No key does two things.
    QHash<QKeySequence, QString> owners;
    for (const QAction *action : window.findChildren<QAction *>()) {
        for (const QKeySequence &keys : action->shortcuts()) {
            QVERIFY2(!owners.contains(keys) || owners.value(keys) == action->objectName(),
                     qPrintable(keys.toString() + u": "_s + owners.value(keys) + u" and "_s + action->objectName()));
            owners.insert(keys, action->objectName());
        }
    }
}

void TestMainMenus::iconsFromThemeWithFallbacks()
{
    pd::gui::MainWindow window;
    const QList<std::pair<QString, QString>> icons{
            {u"openKubeconfigAction"_s, u"document-open"_s}, {u"quitAction"_s, u"application-exit"_s},
            {u"copyUrlAction"_s, u"edit-copy"_s},           {u"findAction"_s, u"edit-find"_s},
            {u"refreshAction"_s, u"view-refresh"_s},        {u"destroyAction"_s, u"edit-delete"_s},
            {u"cloneAction"_s, u"list-add"_s},              {u"aboutAction"_s, u"help-about"_s},
            {u"documentationAction"_s, u"help-contents"_s}, {u"openUrlAction"_s, u"internet-web-browser"_s},
            {u"scaleDownAction"_s, u"media-playback-pause"_s}, {u"scaleUpAction"_s, u"media-playback-start"_s},
            {u"preferencesAction"_s, u"preferences-other"_s},
    };
    for (const auto &[name, icon] : icons) {
        auto *action = window.findChild<QAction *>(name);
        QVERIFY2(action && !action->icon().isNull(), qPrintable(name));
        // Named after the freedesktop icon, and the bundled SVG renders where the theme has none.
        QCOMPARE(action->icon().name().isEmpty() ? icon : action->icon().name(), icon);
        const QString fallback = pd::gui::fallbackIconPath(icon);
        QVERIFY2(QFile::exists(fallback), qPrintable(fallback));
        const QImage image = QIcon(fallback).pixmap(22, 22).toImage();
        QVERIFY2(!image.isNull(), qPrintable(fallback + u" does not render (Qt SVG icon engine missing?)"_s));
        int painted = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                painted += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
        QVERIFY2(painted > 20, qPrintable(fallback));
    }
    // Without a theme, the icon is the bundled one.
    QIcon::setThemeName(u"no-such-theme"_s);
    QVERIFY(!pd::gui::themeIcon(u"edit-delete"_s).pixmap(16, 16).isNull());
    // The toolbar shows icons beside the text.
    auto *toolbar = window.findChild<QToolBar *>(u"mainToolBar"_s);
    QVERIFY(toolbar);
    QCOMPARE(toolbar->toolButtonStyle(), Qt::ToolButtonTextBesideIcon);
}

void TestMainMenus::findFocusesTheFilterAndQuitCloses()
{
    EnvironmentModel model;
    model.upsertAll(previews());
    pd::gui::MainWindow window;
    window.setEnvironmentModel(&model);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.table()->setFocus();
    QVERIFY(!window.filterBar()->textEdit()->hasFocus());
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(window.filterBar()->textEdit()->hasFocus());

    // Help > Handbook goes through the window's URL opener.
    QList<QUrl> opened;
    window.setUrlOpener([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    });
    window.findChild<QAction *>(u"documentationAction"_s)->trigger();
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first().scheme(), u"https"_s);

    QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
    QTRY_VERIFY(!window.isVisible());
}

void TestMainMenus::helpDialogs()
{
    pd::gui::MainWindow window;
    QDialog *keys = window.showShortcuts();
    auto *shortcuts = qobject_cast<pd::gui::ShortcutsDialog *>(keys);
    QVERIFY(shortcuts && shortcuts->isVisible());
    // Every action with a key is listed, with its keys.
    QSet<QAction *> withKeys;
    for (QAction *action : window.findChildren<QAction *>())
        if (!action->shortcuts().isEmpty())
            withKeys.insert(action);
    QVERIFY(withKeys.size() >= 12);
    QCOMPARE(shortcuts->list()->topLevelItemCount(), int(withKeys.size()));
    QStringList rows;
    for (int i = 0; i < shortcuts->list()->topLevelItemCount(); ++i)
        rows << shortcuts->list()->topLevelItem(i)->text(0) + u" = "_s + shortcuts->list()->topLevelItem(i)->text(1);
    for (const QString &expected : {u"Quit = Ctrl+Q"_s, u"Find… = Ctrl+F"_s, u"Refresh = F5"_s, u"Clone… = Ctrl+N"_s})
        QVERIFY2(rows.contains(expected), qPrintable(rows.join(u" | ")));
    pd::test::saveScreenshot(keys, u"shortcuts-dialog.png"_s);
    keys->close();

    auto *about = qobject_cast<pd::gui::AboutDialog *>(window.showAbout());
    QVERIFY(about && about->isVisible());
    const QString text = about->text();
    for (const QString &expected : {u"PreviewDesk 9.8.7"_s, QString::fromLatin1(qVersion()), u"Apache-2.0"_s, u"LGPL-3.0"_s,
                                    u"yaml-cpp: MIT"_s, u"spdlog: MIT"_s, u"fmt: MIT"_s, u"QtKeychain: BSD 3-Clause"_s,
                                    u"BSD-3-Clause"_s})
        QVERIFY2(text.contains(expected), qPrintable(expected + u" not in "_s + text));
    pd::test::verifyNothingCut(about);
    pd::test::saveScreenshot(about, u"about-dialog.png"_s);
    about->close();
}

void TestMainMenus::recentKubeconfigs()
{
    QSettings settings(m_dir.filePath(u"recent.ini"_s), QSettings::IniFormat);
    pd::gui::MainWindow window(&settings);
    auto *recent = window.findChild<QMenu *>(u"recentMenu"_s);
    QVERIFY(recent);
    QVERIFY(!recent->isEnabled());   // nothing yet
    for (int i = 0; i < 7; ++i)
        window.addRecentKubeconfig(m_dir.filePath(u"config-%1"_s.arg(i)));
    window.addRecentKubeconfig(m_dir.filePath(u"config-3"_s));
    const QStringList expected{m_dir.filePath(u"config-3"_s), m_dir.filePath(u"config-6"_s), m_dir.filePath(u"config-5"_s),
                               m_dir.filePath(u"config-4"_s), m_dir.filePath(u"config-2"_s)};
    QCOMPARE(window.recentKubeconfigs(), expected);
    QVERIFY(recent->isEnabled());
    QCOMPARE(recent->actions().size(), 5);
    QSignalSpy requested(&window, &pd::gui::MainWindow::kubeconfigRequested);
    recent->actions().at(1)->trigger();
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().first().toString(), m_dir.filePath(u"config-6"_s));
    // Kept for the next start.
    pd::gui::MainWindow again(&settings);
    QCOMPARE(again.findChild<QMenu *>(u"recentMenu"_s)->actions().size(), 5);
    QSignalSpy open(&window, &pd::gui::MainWindow::openKubeconfigRequested);
    window.findChild<QAction *>(u"openKubeconfigAction"_s)->trigger();
    QCOMPARE(open.count(), 1);
}

void TestMainMenus::columnsFitAndReset()
{
    QSettings settings(m_dir.filePath(u"columns.ini"_s), QSettings::IniFormat);
    EnvironmentModel model;
    model.upsertAll(previews());
    const int branch = EnvironmentModel::BranchColumn;
    {
        pd::gui::MainWindow window(&settings);
        window.resize(1280, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setEnvironmentModel(&model);
        QHeaderView *header = window.table()->horizontalHeader();
        // First start: sized to the content, all of it in view: the long branch name gives
        // way, short columns keep their content's width; Role, Age and Quota start hidden.
        QTRY_VERIFY(header->isSectionHidden(EnvironmentModel::RoleColumn));
        QVERIFY(header->isSectionHidden(EnvironmentModel::AgeColumn) && header->isSectionHidden(EnvironmentModel::QuotaColumn));
        QTRY_COMPARE(window.table()->horizontalScrollBar()->maximum(), 0);
        const int narrow = header->sectionSize(branch);
        const int owner = header->sectionSize(EnvironmentModel::OwnerColumn);
        QVERIFY2(narrow >= 90 && narrow > owner, qPrintable(u"%1 %2"_s.arg(narrow).arg(owner)));
        // More room and Reset: the branch shows in full.
        window.resize(2200, 760);
        QTRY_COMPARE(window.width(), 2200);
        window.findChild<QAction *>(u"resetColumnsAction"_s)->trigger();
        const int fitted = header->sectionSize(branch);
        QVERIFY2(fitted > narrow + 100, qPrintable(u"%1 %2"_s.arg(fitted).arg(narrow)));
        QCOMPARE(header->sectionSize(EnvironmentModel::OwnerColumn), owner);
        QCOMPARE(window.table()->horizontalScrollBar()->maximum(), 0);
        // A person narrows it; Reset brings the content width back.
        header->resizeSection(branch, 40);
        window.findChild<QAction *>(u"resetColumnsAction"_s)->trigger();
        QCOMPARE(header->sectionSize(branch), fitted);
        header->resizeSection(branch, 77);
        window.saveSettings();
    }
    {
        // The same columns: the person's widths come back.
        pd::gui::MainWindow window(&settings);
        window.setEnvironmentModel(&model);
        QCOMPARE(window.table()->horizontalHeader()->sectionSize(branch), 77);
    }
    {
        // Saved for another layout of columns (an older version): fitted to the content instead.
        settings.setValue(u"mainWindow/tableColumns"_s, u"Name|State"_s);
        pd::gui::MainWindow window(&settings);
        window.resize(1280, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setEnvironmentModel(&model);
        QTRY_VERIFY(window.table()->horizontalHeader()->isSectionHidden(EnvironmentModel::RoleColumn));
        QVERIFY(window.table()->horizontalHeader()->sectionSize(branch) != 77);
    }
}

void TestMainMenus::columnsChooserAndDetailsPane()
{
    QSettings settings(m_dir.filePath(u"chooser.ini"_s), QSettings::IniFormat);
    EnvironmentModel model;
    model.upsertAll(previews());
    {
        pd::gui::MainWindow window(&settings);
        window.setEnvironmentModel(&model);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *columns = window.findChild<QMenu *>(u"columnsMenu"_s);
        QVERIFY(columns);
        QMetaObject::invokeMethod(columns, "aboutToShow");
        QCOMPARE(columns->actions().size(), model.columnCount());
        QAction *name = columns->actions().at(EnvironmentModel::NameColumn);
        QVERIFY(!name->isEnabled() && name->isChecked());
        QAction *owner = columns->actions().at(EnvironmentModel::OwnerColumn);
        QCOMPARE(owner->text(), model.headerData(EnvironmentModel::OwnerColumn, Qt::Horizontal).toString());
        owner->trigger();
        QVERIFY(window.table()->horizontalHeader()->isSectionHidden(EnvironmentModel::OwnerColumn));
        QMetaObject::invokeMethod(columns, "aboutToShow");
        QVERIFY(!columns->actions().at(EnvironmentModel::OwnerColumn)->isChecked());

        QAction *details = window.findChild<QAction *>(u"detailsPaneAction"_s);
        QVERIFY(details->isCheckable() && details->isChecked());
        QVERIFY(window.isDetailsPaneVisible());
        details->trigger();
        QVERIFY(!window.isDetailsPaneVisible());
        QVERIFY(!window.detailsPane()->isVisible());
        window.saveSettings();
    }
    pd::gui::MainWindow again(&settings);
    again.setEnvironmentModel(&model);
    QVERIFY(!again.isDetailsPaneVisible());
    QVERIFY(!again.findChild<QAction *>(u"detailsPaneAction"_s)->isChecked());
    QVERIFY(again.table()->horizontalHeader()->isSectionHidden(EnvironmentModel::OwnerColumn));
}

void TestMainMenus::titleAndOpenKubeconfig()
{
    QApplication::setApplicationDisplayName(u"PreviewDesk"_s);
    pd::gui::MainWindow window;
    window.setContexts({u"Sandbox (demo)"_s, u"prod"_s}, u"prod"_s);
    // Qt adds " — PreviewDesk" itself: the title is the context alone.
    QCOMPARE(window.windowTitle(), u"prod"_s);

    // The demo, then File > Open Kubeconfig… on a file with two contexts.
    QSettings settings(m_dir.filePath(u"open.ini"_s), QSettings::IniFormat);
    pd::app::DemoSandbox demo;
    pd::gui::AppController controller(&settings);
    controller.setSandboxProvider(demo.provider());
    pd::gui::AppOptions options;
    options.demo = true;
    QString error;
    QVERIFY2(controller.start(options, &error), qPrintable(error));
    QCOMPARE(controller.window()->windowTitle(), pd::gui::AppController::sandboxContextName());
    QVERIFY(!controller.window()->windowTitle().contains(u"PreviewDesk"_s));
    const QString path = m_dir.filePath(u"team.yaml"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("apiVersion: v1\nkind: Config\ncurrent-context: dev\n"
                   "clusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\n"
                   "users:\n- name: u\n  user: {token: t}\n"
                   "contexts:\n- name: dev\n  context: {cluster: c, user: u}\n- name: prod\n  context: {cluster: c, user: u}\n");
    }
    controller.setFileChooser([path](QWidget *) { return path; });
    controller.window()->findChild<QAction *>(u"openKubeconfigAction"_s)->trigger();
    QComboBox *contexts = controller.window()->contextCombo();
    QTRY_COMPARE(contexts->currentText(), u"dev"_s);
    QVERIFY(contexts->findText(u"prod"_s) >= 0);
    QCOMPARE(controller.window()->windowTitle(), u"dev"_s);
    QCOMPARE(controller.window()->recentKubeconfigs().value(0), path);
    // An unreadable one says so and changes nothing.
    QVERIFY(!controller.openKubeconfig(m_dir.filePath(u"missing.yaml"_s)));
    QCOMPARE(contexts->currentText(), u"dev"_s);
    QVERIFY(!controller.window()->connectionText().isEmpty());
}

QTEST_MAIN(TestMainMenus)
#include "tst_mainmenus.moc"
