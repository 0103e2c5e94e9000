// The app in German: UiLanguages picks the language the desktop asks for (LANGUAGE first,
// then LC_ALL/LC_MESSAGES/LANG) and loads the embedded catalogue; the demo's main window,
// the clone wizard and the guardrail editor then speak German (offscreen platform).
#include "app/demosandbox.h"
#include "core/cost/costhistory.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "core/i18n/translationloader.h"
#include "core/session/session.h"
#include "gui/appcontroller.h"
#include "gui/clonewizard/clonewizard.h"
#include "gui/environmentactionsmenu.h"
#include "gui/guardrails/guardraileditor.h"
#include "gui/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

using namespace Qt::StringLiterals;
using pd::core::UiLanguages;

namespace {

QStringList texts(const QList<QAction *> &actions)
{
    QStringList out;
    for (const QAction *action : actions)
        out << action->text();
    return out;
}

template<typename W>
QStringList widgetTexts(const QWidget *parent)
{
    QStringList out;
    for (const W *widget : parent->findChildren<W *>())
        out << widget->text();
    return out;
}

} // namespace

class TestUiLanguages final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void preferred_data();
    void preferred();
    void englishFirstLoadsNothing();
    void demoInGerman();

private:
    QTemporaryDir m_dir;
};

void TestUiLanguages::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(u"PreviewDeskTests"_s);
    QStandardPaths::setTestModeEnabled(true);
    QFile::remove(pd::core::CostHistory::defaultPath(pd::gui::AppController::sandboxCluster()));
    qputenv("KUBECONFIG", QFile::encodeName(m_dir.filePath(u"no-kubeconfig"_s)));
    QVERIFY(UiLanguages::catalogueDirectories().startsWith(u":/i18n"_s));
    QVERIFY2(QFile::exists(u":/i18n/previewdesk_de.qm"_s), "the catalogue is not embedded in core");
}

void TestUiLanguages::preferred_data()
{
    QTest::addColumn<QString>("language");     // $LANGUAGE
    QTest::addColumn<QStringList>("system");   // LC_ALL/LC_MESSAGES/LANG, QLocale::system()
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("LANGUAGE wins, in order") << u"de_DE.UTF-8:fr"_s << QStringList{u"en_US"_s}
                                             << QStringList{u"de_DE"_s, u"fr"_s, u"en_US"_s};
    QTest::newRow("LANG only") << QString() << QStringList{u"de_AT.UTF-8@euro"_s, u"de-AT"_s}
                               << QStringList{u"de_AT"_s};
    QTest::newRow("C locale: nothing") << QString() << QStringList{u"C.UTF-8"_s, u"C"_s} << QStringList{};
    QTest::newRow("POSIX skipped, LANGUAGE kept") << u"de"_s << QStringList{u"POSIX"_s} << QStringList{u"de"_s};
}

void TestUiLanguages::preferred()
{
    QFETCH(QString, language);
    QFETCH(QStringList, system);
    QFETCH(QStringList, expected);
    QCOMPARE(UiLanguages::preferred(language, system), expected);
}

void TestUiLanguages::englishFirstLoadsNothing()
{
    // English is the source language: "en" before "de" keeps the UI English.
    QCOMPARE(UiLanguages::install(qApp, {u"en_GB"_s, u"de"_s}), QString());
    QCOMPARE(QCoreApplication::translate("pd::gui::MainWindow", "&Tools"), u"&Tools"_s);
    // A language without a catalogue is passed over for the next one.
    QCOMPARE(UiLanguages::install(qApp, {u"xx"_s}), QString());
}

void TestUiLanguages::demoInGerman()
{
    // What `LANGUAGE=de previewdesk --demo` does, with the C locale for everything else.
    qputenv("LANGUAGE", "de");
    QCOMPARE(UiLanguages::preferred().value(0), u"de"_s);
    QCOMPARE(UiLanguages::install(qApp), u"de"_s);

    QSettings settings(m_dir.filePath(u"demo.ini"_s), QSettings::IniFormat);
    pd::app::DemoSandbox demo;
    pd::gui::AppController controller(&settings);
    controller.setSandboxProvider(demo.provider());
    pd::gui::AppOptions options;
    options.demo = true;
    QString error;
    QVERIFY2(controller.start(options, &error), qPrintable(error));
    pd::gui::MainWindow *window = controller.window();
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));

    // Main window: menu, its actions, the toolbar and the table's headers.
    const QStringList menus = texts(window->menuBar()->actions());
    QVERIFY2(menus.contains(u"E&xtras"_s), qPrintable(menus.join(u", ")));
    QCOMPARE(window->guardrailsAction()->text(), u"&Schutzregeln …"_s);
    QCOMPARE(window->costAction()->text(), u"&Kosten …"_s);
    QCOMPARE(window->refreshAction()->text(), u"Aktualisieren"_s);
    const auto toolbars = window->findChildren<QToolBar *>();
    QVERIFY(!toolbars.isEmpty());
    QVERIFY2(texts(toolbars.first()->actions()).contains(u"URL kopieren"_s),
             qPrintable(texts(toolbars.first()->actions()).join(u", ")));
    QVERIFY2(widgetTexts<QLabel>(window).contains(u"Kontext: "_s), qPrintable(widgetTexts<QLabel>(window).join(u" | ")));
    QAbstractItemModel *table = window->table()->model();
    QCOMPARE(table->headerData(pd::core::EnvironmentModel::OwnerColumn, Qt::Horizontal).toString(), u"Eigentümer"_s);
    QCOMPARE(table->headerData(pd::core::EnvironmentModel::ExpiresInColumn, Qt::Horizontal).toString(),
             u"Läuft ab in"_s);

    pd::core::Session *session = controller.session();
    QVERIFY(session);
    QTRY_VERIFY_WITH_TIMEOUT(session->watcher()->isSynced(), 15000);
    QTRY_VERIFY(session->model()->rowCount() > 1);
    // German plural forms in the status line: "7 Umgebungen", never "environment(s)".
    const QString count = u"%1 Umgebungen"_s.arg(session->model()->rowCount());
    QTRY_VERIFY2(widgetTexts<QLabel>(window).contains(count), qPrintable(widgetTexts<QLabel>(window).join(u" | ")));

    // The clone wizard on staging.
    QVERIFY(window->selectEnvironment(u"staging"_s));
    pd::gui::EnvironmentActionsMenu *actions = window->environmentActions();
    QTRY_VERIFY_WITH_TIMEOUT(actions->cloneAction()->isEnabled(), 15000);
    QCOMPARE(actions->cloneAction()->text(), u"Klonen …"_s);
    actions->cloneAction()->trigger();
    pd::gui::CloneWizard *wizard = nullptr;
    QTRY_VERIFY((wizard = window->findChild<pd::gui::CloneWizard *>()));
    QCOMPARE(wizard->windowTitle(), u"staging klonen"_s);
    QCOMPARE(wizard->buttonText(QWizard::CommitButton), u"Erstellen"_s);
    QCOMPARE(wizard->buttonText(pd::gui::CloneWizard::RetryButton), u"&Wiederholen"_s);
    QTRY_VERIFY(wizard->currentPage());
    QCOMPARE(wizard->currentPage()->title(), u"staging klonen"_s);
    QVERIFY2(widgetTexts<QLabel>(wizard).contains(u"Pull-Request:"_s), qPrintable(widgetTexts<QLabel>(wizard).join(u" | ")));
    wizard->reject();

    // The guardrail editor: title, buttons, form labels with their accelerators.
    window->guardrailsAction()->trigger();
    pd::gui::GuardrailEditor *editor = nullptr;
    QTRY_VERIFY((editor = window->findChild<pd::gui::GuardrailEditor *>()));
    QVERIFY2(editor->windowTitle().startsWith(u"Schutzregeln — "_s), qPrintable(editor->windowTitle()));
    const QStringList buttons = widgetTexts<QPushButton>(editor);
    for (const QString &expected : {u"&Neu"_s, u"&Löschen"_s, u"&Aktualisieren"_s, u"Im Cluster &speichern"_s})
        QVERIFY2(buttons.contains(expected), qPrintable(expected + u" not in "_s + buttons.join(u", ")));
    const QStringList labels = widgetTexts<QLabel>(editor);
    for (const QString &expected : {u"Na&me:"_s, u"A&ktion:"_s, u"&Zeitzone:"_s})
        QVERIFY2(labels.contains(expected), qPrintable(expected + u" not in "_s + labels.join(u" | ")));
    editor->close();
}

QTEST_MAIN(TestUiLanguages)
#include "tst_uilanguages.moc"
