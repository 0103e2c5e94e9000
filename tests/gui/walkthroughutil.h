#pragma once
// Shared by the walkthrough tests (../shared/WALKTHROUGHS.md as GUI tests): the app as
// `previewdesk --demo` starts it, a person's clicks on table rows and dialog buttons,
// and one screenshot per step under build/walkthroughs/<person>/<step>.png.
#include "app/demosandbox.h"
#include "core/cost/costhistory.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "core/session/session.h"
#include "gui/appcontroller.h"
#include "gui/mainwindow.h"
#include "screenshot.h"
#include "testpaths.h"

#include <QAbstractButton>
#include <QApplication>
#include <QContextMenuEvent>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

namespace pd::test {

// Where a person's screenshots go: build/walkthroughs/<person>/.
class Walkthrough
{
public:
    explicit Walkthrough(const QString &person)
        : m_person(person)
    {
        QDir(buildDir()).mkpath(QStringLiteral("walkthroughs/") + person);
    }
    // Saves what `widget` shows as <step>.png.
    void shot(QWidget *widget, const QString &step) const
    {
        saveScreenshot(widget, QStringLiteral("walkthroughs/%1/%2.png").arg(m_person, step));
    }

private:
    QString m_person;
};

// Nothing of the developer's own machine leaks in: settings, cost history and the
// kubeconfig live in `dir`. Call from initTestCase().
inline void isolate(const QTemporaryDir &dir)
{
    QCoreApplication::setOrganizationName(QStringLiteral("PreviewDeskWalkthroughs"));
    QStandardPaths::setTestModeEnabled(true);
    QFile::remove(pd::core::CostHistory::defaultPath(pd::gui::AppController::sandboxCluster()));
    qputenv("KUBECONFIG", QFile::encodeName(dir.filePath(QStringLiteral("no-kubeconfig"))));
}

// What `previewdesk --demo` (or any command line) sets up: the demo sandbox provider,
// the controller and its window. Destroyed in the right order (controller, then sandbox).
struct DemoApp
{
    explicit DemoApp(const QString &settingsFile)
        : settings(settingsFile, QSettings::IniFormat)
    {
    }
    ~DemoApp() { controller.reset(); }

    bool start(pd::gui::AppOptions options, QString *error)
    {
        controller = std::make_unique<pd::gui::AppController>(&settings);
        controller->setSandboxProvider(demo.provider());
        return controller->start(options, error);
    }
    pd::gui::MainWindow *window() const { return controller ? controller->window() : nullptr; }
    pd::core::Session *session() const { return controller ? controller->session() : nullptr; }
    const pd::core::EnvironmentModel *model() const { return session() ? session()->model() : nullptr; }

    QSettings settings;
    pd::app::DemoSandbox demo;
    std::unique_ptr<pd::gui::AppController> controller;
};

// The names the table shows, top to bottom.
inline QStringList visibleNames(const QTableView *table)
{
    QStringList names;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        names.append(table->model()->index(row, pd::core::EnvironmentModel::NameColumn).data().toString());
    return names;
}

// The cell of `name`'s row in `column`, as the table shows it; invalid when not shown.
inline QModelIndex cellOf(const QTableView *table, const QString &name, int column)
{
    const int row = int(visibleNames(table).indexOf(name));
    return row < 0 ? QModelIndex() : table->model()->index(row, column);
}

inline QString cellText(const QTableView *table, const QString &name, int column)
{
    return cellOf(table, name, column).data().toString();
}

// Clicks (or double-clicks) `name`'s row in `column` where it is on screen.
inline bool clickRow(QTableView *table, const QString &name, int column = pd::core::EnvironmentModel::NameColumn,
                     bool twice = false)
{
    const QModelIndex index = cellOf(table, name, column);
    if (!index.isValid())
        return false;
    table->scrollTo(index);
    const QPoint at = table->visualRect(index).center();
    // A double-click is a click, then the second press (QTest sends only the latter).
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
    if (twice)
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
    return true;
}

// Right-clicks `name`'s row (the context menu event a right click makes) and clicks
// `entry` in the menu that opens; false when the row, the menu or an enabled entry is missing.
inline bool contextMenuEntry(QTableView *table, const QString &name, const QString &entry)
{
    if (!clickRow(table, name))
        return false;
    const QPoint at = table->visualRect(cellOf(table, name, pd::core::EnvironmentModel::NameColumn)).center();
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, table->viewport()->mapToGlobal(at));
    QCoreApplication::sendEvent(table->viewport(), &event);
    QMenu *menu = nullptr;
    if (!QTest::qWaitFor([&menu] { return (menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) != nullptr; }, 5000))
        return false;
    for (QAction *action : menu->actions()) {
        if (action->text() == entry && action->isEnabled()) {
            QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
            return true;
        }
    }
    menu->close();
    return false;
}

// The button under `root` whose text (without '&') is `text`; nullptr when none.
template<typename T = QAbstractButton>
T *buttonWithText(const QWidget *root, const QString &text)
{
    for (T *button : root->findChildren<T *>()) {
        if (button->text().remove(QLatin1Char('&')) == text && button->isVisible())
            return button;
    }
    return nullptr;
}

// Runs `inspect` on the modal dialog the next action opens (it runs inside that
// dialog's exec()); closes the dialog afterwards if `inspect` left it open.
inline void whenModal(std::function<void(QWidget *)> inspect)
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

} // namespace pd::test
