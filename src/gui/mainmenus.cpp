// MainWindow's toolbar and menu bar (File, Edit, View, Environment, Tools, Help) and
// what only they do: recent kubeconfigs, the columns chooser, palettes, help dialogs.
#include "mainwindow.h"

#include "aboutdialog.h"
#include "appearance.h"
#include "core/environment/environmentfilterproxy.h"
#include "core/environment/environmentmodel.h"
#include "core/session/session.h"
#include "environmentactionsmenu.h"
#include "environmentdetailspane.h"
#include "environmentfilterbar.h"
#include "namespaceaccesshint.h"
#include "pullrequestbanner.h"
#include "shortcutsdialog.h"
#include "themeicons.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {
const QString kRecentKey = u"kubeconfig/recent"_s;
constexpr int kRecentCount = 5;
const QUrl kDocumentation(u"https://previewdesk.io"_s);   // the handbook (no path: the site opens on it)
} // namespace

void MainWindow::createActions()
{
    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolBar"_s);
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addWidget(new QLabel(tr("Context: "), toolbar));
    toolbar->addWidget(m_contexts);
    toolbar->addSeparator();

    m_refresh = toolbar->addAction(themeIcon(u"view-refresh"_s), tr("Refresh"));
    m_refresh->setObjectName(u"refreshAction"_s);
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setToolTip(tr("List every environment again (F5)"));
    connect(m_refresh, &QAction::triggered, this, [this] {
        if (m_session)
            m_session->refresh();
        Q_EMIT refreshRequested();
    });

    m_openUrlAction = toolbar->addAction(themeIcon(u"internet-web-browser"_s), tr("Open URL"));
    m_openUrlAction->setObjectName(u"openUrlAction"_s);
    m_openUrlAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_O));
    m_openUrlAction->setToolTip(tr("Open the selected environment in the browser (Ctrl+O, double-click)"));
    connect(m_openUrlAction, &QAction::triggered, this, &MainWindow::openSelectedUrl);

    m_copyUrlAction = toolbar->addAction(themeIcon(u"edit-copy"_s), tr("Copy URL"));
    m_copyUrlAction->setObjectName(u"copyUrlAction"_s);
    m_copyUrlAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyUrlAction->setToolTip(tr("Copy the selected environment's URL (Ctrl+Shift+C)"));
    connect(m_copyUrlAction, &QAction::triggered, this, &MainWindow::copySelectedUrl);

    toolbar->addSeparator();
    m_environmentActions = new EnvironmentActionsMenu(this);
    m_environmentActions->setUrlActions(m_openUrlAction, m_copyUrlAction);
    m_environmentActions->addToToolBar(toolbar);
    connect(m_environmentActions, &EnvironmentActionsMenu::cloneRequested, this, &MainWindow::cloneRequested);

    m_findAction = new QAction(themeIcon(u"edit-find"_s), tr("&Find…"), this);
    m_findAction->setObjectName(u"findAction"_s);
    m_findAction->setShortcut(QKeySequence::Find);
    m_findAction->setToolTip(tr("Filter the environments by name, PR, branch, owner or URL (Ctrl+F)"));
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_filterBar->textEdit()->setFocus(Qt::ShortcutFocusReason);
        m_filterBar->textEdit()->selectAll();
    });

    createMenus();
    connect(m_namespaceHint, &NamespaceAccessHint::settingsRequested, this, &MainWindow::contextSettingsRequested);
    // Tearing down a preview whose pull request is finished: the usual typed confirmation.
    connect(m_pullRequestBanner, &PullRequestBanner::destroyRequested, this, [this](const QString &name) {
        if (selectEnvironment(name) && m_environmentActions->destroyAction()->isEnabled())
            m_environmentActions->destroyAction()->trigger();
    });
}

void MainWindow::createMenus()
{
    const auto addMenu = [this](const QString &key, const QString &title) {
        QMenu *menu = menuBar()->addMenu(title);
        menu->setObjectName(key + u"Menu"_s);
        menu->setToolTipsVisible(true);   // a disabled action's tooltip says why
        m_menus.insert(key, menu);
        return menu;
    };
    const auto add = [this](QMenu *menu, const QString &name, const QString &icon, const QString &text,
                            const QKeySequence &shortcut = {}) {
        QAction *action = menu->addAction(text);
        action->setObjectName(name);
        if (!icon.isEmpty())
            action->setIcon(themeIcon(icon));
        action->setShortcut(shortcut);
        return action;
    };

    // File
    QMenu *file = addMenu(u"file"_s, tr("&File"));
    QAction *open = add(file, u"openKubeconfigAction"_s, u"document-open"_s, tr("&Open Kubeconfig…"),
                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    open->setToolTip(tr("Read the contexts of another kubeconfig file"));
    connect(open, &QAction::triggered, this, &MainWindow::openKubeconfigRequested);
    m_recentMenu = file->addMenu(themeIcon(u"document-open-recent"_s), tr("Open &Recent"));
    m_recentMenu->setObjectName(u"recentMenu"_s);
    fillRecentMenu();
    file->addSeparator();
    QAction *quit = add(file, u"quitAction"_s, u"application-exit"_s, tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    // Every window of the app closes (tool windows too), and with the last one it ends.
    connect(quit, &QAction::triggered, this, [this] {
        if (close())
            QApplication::closeAllWindows();
    });

    // Edit
    QMenu *edit = addMenu(u"edit"_s, tr("&Edit"));
    edit->addAction(m_copyUrlAction);
    edit->addSeparator();
    edit->addAction(m_findAction);
    edit->addSeparator();
    m_preferencesAction = add(edit, u"preferencesAction"_s, u"preferences-other"_s, tr("&Preferences…"),
                              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Comma));
    m_preferencesAction->setMenuRole(QAction::PreferencesRole);
    m_preferencesAction->setToolTip(tr("Which desktop notifications PreviewDesk shows"));
    connect(m_preferencesAction, &QAction::triggered, this, &MainWindow::preferencesRequested);

    // View
    QMenu *view = addMenu(u"view"_s, tr("&View"));
    m_columnsMenu = view->addMenu(tr("&Columns"));
    m_columnsMenu->setObjectName(u"columnsMenu"_s);
    connect(m_columnsMenu, &QMenu::aboutToShow, this, &MainWindow::fillColumnsMenu);
    fillColumnsMenu();
    QAction *reset = add(view, u"resetColumnsAction"_s, {}, tr("Reset Column &Widths"));
    reset->setToolTip(tr("Size every column to its content, so that all fit the table"));
    connect(reset, &QAction::triggered, this, &MainWindow::resetColumnWidths);
    m_detailsAction = add(view, u"detailsPaneAction"_s, {}, tr("&Details Pane"), QKeySequence(Qt::Key_F9));
    m_detailsAction->setCheckable(true);
    m_detailsAction->setChecked(isDetailsPaneVisible());
    connect(m_detailsAction, &QAction::toggled, this, &MainWindow::setDetailsPaneVisible);
    view->addSeparator();
    QMenu *palette = view->addMenu(tr("&Palette"));
    palette->setObjectName(u"paletteMenu"_s);
    auto *schemes = new QActionGroup(this);
    const QList<std::pair<Appearance::Scheme, QString>> choices{{Appearance::Scheme::System, tr("Follow the &System")},
                                                                 {Appearance::Scheme::Light, tr("&Light")},
                                                                 {Appearance::Scheme::Dark, tr("&Dark")}};
    for (const auto &[scheme, text] : choices) {
        QAction *action = add(palette, Appearance::key(scheme) + u"PaletteAction"_s, {}, text);
        action->setCheckable(true);
        action->setChecked(Appearance::current() == scheme);
        schemes->addAction(action);
        connect(action, &QAction::triggered, this, [this, scheme] {
            Appearance::apply(scheme);
            Appearance::save(m_settings.data(), scheme);
        });
    }
    view->addSeparator();
    view->addAction(m_refresh);

    // Environment: the same actions as the table's context menu.
    m_environmentActions->fillMenu(addMenu(u"environment"_s, tr("E&nvironment")));

    // Tools
    QMenu *tools = addMenu(u"tools"_s, tr("&Tools"));
    const auto tool = [this, tools, add](const QString &name, const QString &icon, const QString &text,
                                         const QKeySequence &shortcut, const QString &tip, void (MainWindow::*signal)()) {
        QAction *action = add(tools, name, icon, text, shortcut);
        action->setToolTip(tip);
        connect(action, &QAction::triggered, this, signal);
        return action;
    };
    m_guardrailsAction = tool(u"guardrailsAction"_s, {}, tr("&Guardrails…"), QKeySequence(Qt::CTRL | Qt::Key_G),
                              tr("Schedules that scale down, scale up, destroy and sweep previews in the cluster"),
                              &MainWindow::guardrailsRequested);
    m_costAction = tool(u"costAction"_s, {}, tr("C&ost…"), QKeySequence(Qt::CTRL | Qt::Key_K),
                        tr("What each preview costs, where money idles, and what to shrink"), &MainWindow::costRequested);
    tools->addSeparator();
    m_contextSettingsAction = tool(u"contextSettingsAction"_s, u"preferences-system"_s, tr("Context &settings…"),
                                   QKeySequence(Qt::CTRL | Qt::Key_Comma),
                                   tr("Namespaces you can reach and cost prices for this context"),
                                   &MainWindow::contextSettingsRequested);
    m_gitHubTokenAction = tool(u"gitHubTokenAction"_s, u"dialog-password"_s, tr("GitHub &token…"), {},
                               tr("The token used to read pull-request states"), &MainWindow::gitHubTokenRequested);

    // Help
    QMenu *help = addMenu(u"help"_s, tr("&Help"));
    QAction *docs = add(help, u"documentationAction"_s, u"help-contents"_s, tr("PreviewDesk &Handbook"),
                        QKeySequence::HelpContents);
    docs->setToolTip(kDocumentation.toString());
    connect(docs, &QAction::triggered, this, [this] { openUrl(kDocumentation); });
    QAction *keys = add(help, u"shortcutsAction"_s, u"preferences-desktop-keyboard"_s, tr("&Keyboard Shortcuts"));
    connect(keys, &QAction::triggered, this, &MainWindow::showShortcuts);
    help->addSeparator();
    QAction *about = add(help, u"aboutAction"_s, u"help-about"_s, tr("&About PreviewDesk"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQt = add(help, u"aboutQtAction"_s, {}, tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

QMenu *MainWindow::menu(const QString &name) const
{
    return m_menus.value(name);
}

QStringList MainWindow::recentKubeconfigs() const
{
    return m_settings ? m_settings->value(kRecentKey).toStringList() : QStringList();
}

void MainWindow::addRecentKubeconfig(const QString &path)
{
    if (!m_settings || path.isEmpty())
        return;
    QStringList recent = recentKubeconfigs();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    m_settings->setValue(kRecentKey, recent.mid(0, kRecentCount));
    fillRecentMenu();
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentKubeconfigs();
    for (const QString &path : recent) {
        QAction *action = m_recentMenu->addAction(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { Q_EMIT kubeconfigRequested(path); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::fillColumnsMenu()
{
    m_columnsMenu->clear();
    QHeaderView *header = m_table->horizontalHeader();
    for (int column = 0; column < m_proxy->columnCount(); ++column) {
        QAction *action = m_columnsMenu->addAction(m_proxy->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        action->setEnabled(column != pd::core::EnvironmentModel::NameColumn);   // a row needs its name
        connect(action, &QAction::toggled, this, [this, column](bool shown) {
            m_table->horizontalHeader()->setSectionHidden(column, !shown);
            fitColumns();   // a new layout: the widths follow
        });
    }
}

QString MainWindow::columnsSignature() const
{
    QStringList titles;
    for (int column = 0; column < m_proxy->columnCount(); ++column)
        titles.append(m_proxy->headerData(column, Qt::Horizontal).toString());
    return titles.join(u'|');
}

void MainWindow::setDetailsPaneVisible(bool visible)
{
    m_splitter->widget(1)->setVisible(visible);
    if (m_detailsAction)
        m_detailsAction->setChecked(visible);
}

bool MainWindow::isDetailsPaneVisible() const
{
    return !m_splitter->widget(1)->isHidden();
}

QDialog *MainWindow::showShortcuts()
{
    auto *dialog = new ShortcutsDialog(this, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

QDialog *MainWindow::showAbout()
{
    auto *dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void MainWindow::resetColumnWidths()
{
    m_headerState.clear();
    fitColumns();
}

void MainWindow::fitColumnsOnce()
{
    // Without a saved column layout, size the columns to the first rows that arrive.
    if (m_columnsFitted || !m_model || m_model->rowCount() == 0)
        return;
    // Thirteen columns do not fit beside the details pane: what the state, the parent
    // and the expiry already tell starts hidden (View > Columns shows it).
    for (const int column : {pd::core::EnvironmentModel::RoleColumn, pd::core::EnvironmentModel::AgeColumn,
                             pd::core::EnvironmentModel::QuotaColumn})
        m_table->horizontalHeader()->setSectionHidden(column, true);
    fitColumns();
}

void MainWindow::fitColumns()
{
    m_columnsFitted = true;
    QHeaderView *header = m_table->horizontalHeader();
    QList<int> columns;
    QList<int> wanted;
    for (int column = 0; column < header->count(); ++column) {
        if (header->isSectionHidden(column))
            continue;
        m_table->resizeColumnToContents(column);
        columns.append(column);
        wanted.append(header->sectionSize(column) + 12);
    }
    if (columns.isEmpty())
        return;
    // All shown columns fit the table: the widest give way first, down to a floor.
    const int available = m_table->viewport()->width() - 8;   // a little room for rounding and frames
    int cap = *std::max_element(wanted.cbegin(), wanted.cend());
    const auto total = [&wanted](int limit) {
        int sum = 0;
        for (const int width : wanted)
            sum += std::min(width, limit);
        return sum;
    };
    if (available > 200) {
        while (cap > 96 && total(cap) > available)
            cap -= 4;
    }
    for (int i = 0; i < columns.size(); ++i)
        header->resizeSection(columns.at(i), std::min(wanted.at(i), cap));
}

} // namespace pd::gui
