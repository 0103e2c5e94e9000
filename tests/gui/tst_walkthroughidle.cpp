// Walkthrough "Platform lead: act on idle previews" (../shared/WALKTHROUGHS.md) on the demo,
// as a person does it: Tools → Cost, the Idle tab lists the idle previews with
// owner and cost; select some, "Add to scale-down guardrail…" opens the guardrail editor with
// them in a scale-down guardrail, Save shows the next run. A screenshot per step. The demo
// has no week behind it: the test writes six hours of history first, as the app would have
// recorded it (three previews and staging idling at 1 % of their CPU requests).
#include "app/demosandbox.h"
#include "core/cost/costhistory.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "core/session/session.h"
#include "gui/appcontroller.h"
#include "gui/cost/costchartswidget.h"
#include "gui/cost/costwindow.h"
#include "gui/cost/idlepreviewmodel.h"
#include "gui/cost/idlepreviewspanel.h"
#include "gui/guardrails/guardraileditor.h"
#include "gui/guardrails/guardrailform.h"
#include "gui/guardrails/guardraillistmodel.h"
#include "gui/mainwindow.h"
#include "screenshot.h"

#include <QAction>
#include <QDateTime>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestWalkthroughIdle final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Its own place: tst_uilanguages uses the same context's history and may run alongside.
        QCoreApplication::setOrganizationName(u"PreviewDeskWalkthroughIdle"_s);
        QStandardPaths::setTestModeEnabled(true);
        const QString history = pd::core::CostHistory::defaultPath(pd::gui::AppController::sandboxCluster());
        for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s, u"-journal"_s})
            QFile::remove(history + suffix);
        qputenv("KUBECONFIG", QFile::encodeName(m_dir.filePath(u"no-kubeconfig"_s)));
    }

    void platformLeadActsOnIdlePreviews()
    {
        {
            pd::core::CostHistory history;
            QVERIFY2(history.open(pd::core::CostHistory::defaultPath(pd::gui::AppController::sandboxCluster())),
                     qPrintable(history.error()));
            const qint64 interval = 5 * 60 * 1000;
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            const QHash<QString, QString> owners{{u"shop-pr-1412"_s, u"alice"_s}, {u"shop-pr-1402"_s, u"alice"_s},
                                                 {u"shop-pr-1420"_s, u"dave"_s}, {u"staging"_s, QString()}};
            QHash<QString, QString> roles;
            for (auto it = owners.cbegin(); it != owners.cend(); ++it)
                roles.insert(it.key(), it.key() == u"staging"_s ? u"source"_s : u"preview"_s);
            // The demo's pods start after the app's first sample, which sees none of them running:
            // the seeded history reaches a little past it, so "running now" is read from it.
            for (qint64 t = now - 6 * 3600 * 1000LL; t < now + 3 * interval; t += interval) {
                QList<pd::core::UsageSample> samples;
                for (auto it = owners.cbegin(); it != owners.cend(); ++it)
                    samples << pd::core::UsageSample{t, it.key(), it.key() + u"-web-0"_s, u"web"_s, u"web"_s,
                                                     0.005, 64.0 * 1024 * 1024, 0.5, 256.0 * 1024 * 1024};
                QVERIFY2(history.record(t, samples, {}, owners, {}, interval, roles), qPrintable(history.error()));
            }
        }

        QSettings settings(m_dir.filePath(u"demo.ini"_s), QSettings::IniFormat);
        pd::app::DemoSandbox demo;
        pd::gui::AppController controller(&settings);
        controller.setSandboxProvider(demo.provider());
        pd::gui::AppOptions options;
        options.demo = true;
        QString error;
        QVERIFY2(controller.start(options, &error), qPrintable(error));
        pd::gui::MainWindow *window = controller.window();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        pd::core::Session *session = controller.session();
        QTRY_VERIFY_WITH_TIMEOUT(session->watcher()->isSynced(), 15000);

        // 1. Cost → Idle, after a sample: the idle previews with owner and cost.
        window->costAction()->trigger();
        pd::gui::CostWindow *cost = nullptr;
        QTRY_VERIFY((cost = window->findChild<pd::gui::CostWindow *>()));
        QVERIFY(QTest::qWaitForWindowExposed(cost));
        auto *tabs = cost->findChild<QTabWidget *>(u"costTabs"_s);
        QVERIFY(tabs);
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(pd::gui::CostChartsWidget::IdleTab).center());
        QCOMPARE(cost->charts()->currentTab(), pd::gui::CostChartsWidget::IdleTab);
        pd::gui::IdlePreviewsPanel *panel = cost->charts()->idlePanel();
        QTableView *table = panel->table();
        QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 0, 15000);
        pd::test::saveScreenshot(cost, u"walkthrough-idle-1-list.png"_s);
        // Sources and protected previews are never candidates.
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            const QString name = table->model()->index(row, 0).data(pd::gui::IdlePreviewModel::NamespaceRole).toString();
            const std::optional<pd::core::Environment> env = session->model()->find(name);
            QVERIFY2(env && env->role == pd::core::EnvironmentRole::Preview, qPrintable(name));
        }

        // 2. Select the first two (Shift+click) and add them to a nightly scale-down.
        const int picked = std::min(2, table->model()->rowCount());
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(table->model()->index(0, 0)).center());
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ShiftModifier,
                          table->visualRect(table->model()->index(picked - 1, 0)).center());
        const QStringList names = panel->selectedNamespaces();
        QCOMPARE(names.size(), picked);
        QTRY_VERIFY_WITH_TIMEOUT(panel->guardrailButton()->isEnabled(), 15000);
        QVERIFY(panel->destroyButton()->isEnabled());
        pd::test::saveScreenshot(cost, u"walkthrough-idle-2-selected.png"_s);
        QTest::mouseClick(panel->guardrailButton(), Qt::LeftButton);
        pd::gui::GuardrailEditor *editor = nullptr;
        QTRY_VERIFY((editor = window->findChild<pd::gui::GuardrailEditor *>()));
        QTRY_COMPARE_WITH_TIMEOUT(editor->form()->definition().guardrail.target.environments, names, 15000);
        QCOMPARE(editor->form()->definition().guardrail.action, pd::core::GuardrailAction::ScaleDown);
        QVERIFY2(editor->message().contains(u" every night at 20:00 ("_s + editor->form()->definition().guardrail.schedule.timeZone
                                            + u"). Save to apply it."_s),
                 qPrintable(editor->message()));
        QVERIFY(QTest::qWaitForWindowExposed(editor));
        pd::test::saveScreenshot(editor, u"walkthrough-idle-3-guardrail.png"_s);

        // 3. Save: the cluster has it, the list shows its next run.
        auto *save = editor->form()->findChild<QPushButton *>(u"save"_s);
        QTRY_VERIFY_WITH_TIMEOUT(save->isEnabled(), 15000);
        QSignalSpy saved(editor, &pd::gui::GuardrailEditor::operationFinished);
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY(saved.wait(20000));
        QVERIFY2(saved.first().first().toBool(), qPrintable(saved.first().at(1).toString()));
        QVERIFY2(editor->message().startsWith(u"Saved guardrail idle-scale-down"_s), qPrintable(editor->message()));
        QTRY_VERIFY_WITH_TIMEOUT(editor->listModel()->rowCount() > 0, 15000);
        QCOMPARE(editor->form()->upcomingRuns().size(), 5);
        pd::test::saveScreenshot(editor, u"walkthrough-idle-4-saved.png"_s);
        editor->close();
        cost->close();
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestWalkthroughIdle)
#include "tst_walkthroughidle.moc"
