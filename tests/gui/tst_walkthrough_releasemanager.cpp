// Walkthrough "Release manager, Monday 09:00" (../shared/WALKTHROUGHS.md) on the demo
// cluster: the environments come back sorted by state, "expiring within 24 h" is
// extended and an expired preview destroyed with the typed confirmation, the nightly
// scale-down's last and next run are read in the guardrails, and the Degraded preview
// explains itself in the details pane.
#include "walkthroughutil.h"

#include "core/guardrail/guardrail.h"
#include "core/guardrail/guardrailrenderer.h"
#include "gui/emptystate.h"
#include "gui/environmentactionsmenu.h"
#include "gui/environmentdetailspane.h"
#include "gui/environmentfilterbar.h"
#include "gui/guardrails/guardraileditor.h"
#include "gui/guardrails/guardraillistmodel.h"
#include "sandbox/objectstore.h"
#include "sandbox/sandboxcluster.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QStatusBar>
#include <QTimeZone>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using pd::core::EnvironmentModel;
using pd::test::buttonWithText;
using pd::test::cellOf;
using pd::test::cellText;
using pd::test::clickRow;
using pd::test::visibleNames;

namespace {

const QString kBerlin = u"Europe/Berlin"_s;

// The nightly scale-down as the guardrail editor writes it, with the history the
// cluster keeps of last night's 20:30 run (the demo seeds no guardrail: see the report).
QDateTime lastNight2030()
{
    const QTimeZone berlin(kBerlin.toUtf8());
    const QDateTime now = QDateTime::currentDateTime().toTimeZone(berlin);
    QDateTime run(now.date(), QTime(20, 30), berlin);
    if (run > now)
        run = run.addDays(-1);
    return run.toUTC();
}

bool seedNightlyScaleDown(pd::sandbox::SandboxCluster *cluster, const QString &dir, QString *error)
{
    pd::core::Guardrail nightly;
    nightly.name = u"nightly-scale-down"_s;
    nightly.action = pd::core::GuardrailAction::ScaleDown;
    nightly.schedule.cron = u"30 20 * * *"_s;
    nightly.schedule.timeZone = kBerlin;
    const pd::core::GuardrailRenderer renderer;
    const QDateTime ran = lastNight2030();
    QList<QJsonObject> objects{QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                                           {u"metadata"_s, QJsonObject{{u"name"_s, renderer.systemNamespace()}}}}};
    for (QJsonObject object : renderer.render(nightly)) {
        if (object.value(u"kind"_s).toString() == u"CronJob"_s)
            object.insert(u"status"_s, QJsonObject{{u"lastScheduleTime"_s, ran.toString(Qt::ISODate)},
                                                   {u"lastSuccessfulTime"_s, ran.addSecs(42).toString(Qt::ISODate)}});
        objects << object;
    }
    const auto write = [&dir](const QString &name, const QList<QJsonObject> &list) {
        QJsonArray items;
        for (const QJsonObject &o : list)
            items.append(o);
        const QString path = QDir(dir).filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(QJsonDocument(QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"List"_s}, {u"items"_s, items}}).toJson());
        return path;
    };
    if (!cluster->loadFile(write(u"guardrail.json"_s, objects), error))
        return false;
    // The Job that run made, owned by the CronJob the store gave a uid.
    const QString cronJobName = pd::core::GuardrailRenderer::cronJobNames(nightly).first();
    const auto cronJob = cluster->store()->get({u"batch"_s, u"cronjobs"_s}, renderer.systemNamespace(), cronJobName);
    if (!cronJob) {
        *error = u"the CronJob was not imported"_s;
        return false;
    }
    const QJsonObject meta = cronJob->value(u"metadata"_s).toObject();
    const QJsonObject owner{{u"apiVersion"_s, u"batch/v1"_s}, {u"kind"_s, u"CronJob"_s}, {u"name"_s, cronJobName},
                            {u"uid"_s, QJsonValue(meta.value(u"uid"_s))}, {u"controller"_s, true}};
    const QString at = ran.toString(Qt::ISODate);
    const QString done = ran.addSecs(42).toString(Qt::ISODate);
    QJsonObject container;
    container.insert(u"name"_s, u"run"_s);
    container.insert(u"image"_s, QString::fromLatin1(pd::core::GuardrailRenderer::DefaultImage));
    QJsonObject podSpec;
    podSpec.insert(u"restartPolicy"_s, u"Never"_s);
    podSpec.insert(u"containers"_s, QJsonArray{container});
    QJsonObject complete;
    complete.insert(u"type"_s, u"Complete"_s);
    complete.insert(u"status"_s, u"True"_s);
    complete.insert(u"lastTransitionTime"_s, done);
    QJsonObject status;
    status.insert(u"startTime"_s, at);
    status.insert(u"completionTime"_s, done);
    status.insert(u"succeeded"_s, 1);
    status.insert(u"conditions"_s, QJsonArray{complete});
    QJsonObject jobMeta;
    jobMeta.insert(u"name"_s, QString(cronJobName + u"-29012345"_s));
    jobMeta.insert(u"namespace"_s, renderer.systemNamespace());
    jobMeta.insert(u"ownerReferences"_s, QJsonArray{owner});
    QJsonObject job;
    job.insert(u"apiVersion"_s, u"batch/v1"_s);
    job.insert(u"kind"_s, u"Job"_s);
    job.insert(u"metadata"_s, jobMeta);
    job.insert(u"spec"_s, QJsonObject{{u"template"_s, QJsonObject{{u"spec"_s, podSpec}}}});
    job.insert(u"status"_s, status);
    return cluster->loadFile(write(u"job.json"_s, {job}), error);
}

// Opens `button`'s instant popup menu and clicks `action` in it, as a person would.
void clickMenuEntry(QToolButton *button, QAction *action)
{
    QTimer::singleShot(0, qApp, [action] {
        QMenu *menu = nullptr;
        if (!QTest::qWaitFor([&menu] { return (menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) != nullptr; }, 5000)) {
            qWarning("no menu opened");
            return;
        }
        QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
        if (menu->isVisible())
            menu->close();
    });
    QTest::mouseClick(button, Qt::LeftButton);
}

} // namespace

class TestWalkthroughReleaseManager final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); pd::test::isolate(m_dir); }
    void mondayMorning();

private:
    QTemporaryDir m_dir;
};

void TestWalkthroughReleaseManager::mondayMorning()
{
    const pd::test::Walkthrough walk(u"releasemanager"_s);
    pd::test::DemoApp app(m_dir.filePath(u"settings.ini"_s));
    pd::gui::AppOptions options;
    options.demo = true;
    QString error;
    QVERIFY2(app.start(options, &error), qPrintable(error));
    pd::gui::MainWindow *window = app.window();
    QVERIFY(window);
    window->resize(1440, 860);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY2(seedNightlyScaleDown(app.demo.cluster(), m_dir.path(), &error), qPrintable(error));
    QTableView *table = window->table();

    // 1) The environments appear within a second, attention first: Degraded and Expired on top.
    QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 0, 1000);
    QCOMPARE(window->currentContext(), pd::gui::AppController::sandboxContextName());
    QTRY_VERIFY_WITH_TIMEOUT(window->connectionText().startsWith(u"Live"_s), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(cellText(table, u"shop-pr-1418"_s, EnvironmentModel::StateColumn), u"Degraded"_s, 20000);
    QCOMPARE(cellText(table, u"shop-pr-1385"_s, EnvironmentModel::StateColumn), u"Expired"_s);
    const auto topTwo = [table] {
        const QStringList names = visibleNames(table).mid(0, 2);
        return QSet<QString>(names.cbegin(), names.cend());
    };
    QTRY_COMPARE(topTwo(), (QSet<QString>{u"shop-pr-1418"_s, u"shop-pr-1385"_s}));
    const int everything = table->model()->rowCount();
    auto *counts = window->findChild<QLabel *>(u"environmentCounts"_s);
    QVERIFY(counts);
    QTRY_VERIFY2(counts->text().contains(QString::number(everything)), qPrintable(counts->text()));
    walk.shot(window, u"1-opened"_s);

    // 2) "Expiring within 24 h", chosen with the keyboard in the expiry filter.
    QComboBox *expiry = window->filterBar()->expiryCombo();
    const int within24h = expiry->findText(u"Expiring within 24 h"_s);
    QVERIFY(within24h > 0);
    expiry->setFocus(Qt::TabFocusReason);
    while (expiry->currentIndex() < within24h)
        QTest::keyClick(expiry, Qt::Key_Down);
    QTRY_COMPARE(visibleNames(table), QStringList{u"shop-pr-1420"_s});
    QTRY_VERIFY2(counts->text().contains(u'1'), qPrintable(counts->text()));
    const QString expiresBefore = cellText(table, u"shop-pr-1420"_s, EnvironmentModel::ExpiresInColumn);
    QVERIFY2(expiresBefore.endsWith(u" min"_s) || expiresBefore.endsWith(u" h"_s), qPrintable(expiresBefore));
    walk.shot(window, u"2-expiring-within-24h"_s);

    // Its PR is still in review: Extend → +2 days, in one action; the expiry moves live.
    QVERIFY(clickRow(table, u"shop-pr-1420"_s));
    QCOMPARE(window->selectedEnvironment(), u"shop-pr-1420"_s);
    pd::gui::EnvironmentActionsMenu *actions = window->environmentActions();
    auto *extend = window->findChild<QToolButton *>(u"extendExpiryButton"_s);
    QVERIFY(extend);
    QTRY_VERIFY_WITH_TIMEOUT(extend->isEnabled() && actions->extendTwoDaysAction()->isEnabled(), 10000);
    const QDateTime expiryBefore = app.model()->find(u"shop-pr-1420"_s)->expiresAt;
    clickMenuEntry(extend, actions->extendTwoDaysAction());
    QTRY_VERIFY_WITH_TIMEOUT(app.model()->find(u"shop-pr-1420"_s)->expiresAt >= expiryBefore.addSecs(47 * 3600), 10000);
    // Now past 24 h, it leaves the filter and nothing else is selected in its place.
    QTRY_VERIFY(visibleNames(table).isEmpty());
    QCOMPARE(window->selectedEnvironment(), QString());
    QVERIFY(window->emptyState()->isVisible());
    walk.shot(window, u"3-extended-left-the-filter"_s);
    QTest::mouseClick(buttonWithText(window, u"Clear filter"_s) ? buttonWithText(window, u"Clear filter"_s)
                                                                  : window->findChild<QAbstractButton *>(u"emptyStateAction"_s),
                      Qt::LeftButton);
    QTRY_COMPARE(table->model()->rowCount(), everything);
    const QString expiresAfter = cellText(table, u"shop-pr-1420"_s, EnvironmentModel::ExpiresInColumn);
    QVERIFY2(expiresAfter != expiresBefore && expiresAfter.contains(u'2'), qPrintable(expiresAfter));
    // The preview the user chose is selected again once it is shown.
    QTRY_COMPARE(window->selectedEnvironment(), u"shop-pr-1420"_s);
    walk.shot(window, u"4-expiry-updated"_s);

    // The expired one's PR was merged: Destroy…, type its name to confirm.
    QVERIFY(clickRow(table, u"shop-pr-1385"_s));
    QTRY_VERIFY_WITH_TIMEOUT(actions->destroyAction()->isEnabled(), 10000);
    bool confirmed = false;
    pd::test::whenModal([&](QWidget *dialog) {
        QVERIFY(dialog);
        QCOMPARE(dialog->objectName(), u"destroyDialog"_s);
        const QString text = dialog->findChild<QLabel *>(u"destroyText"_s)->text();
        QVERIFY2(text.contains(u"shop-pr-1385"_s) && text.contains(u"1385"_s) && text.contains(u"erin"_s), qPrintable(text));
        auto *destroy = dialog->findChild<QPushButton *>(u"destroyConfirm"_s);
        QVERIFY(!destroy->isEnabled());
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"destroyName"_s), u"shop-pr-138"_s);
        QVERIFY(!destroy->isEnabled());
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"destroyName"_s), u"5"_s);
        QVERIFY(destroy->isEnabled());
        walk.shot(dialog, u"5-destroy-confirmation"_s);
        QTest::mouseClick(destroy, Qt::LeftButton);
        confirmed = true;
    });
    QTest::mouseClick(window->findChild<QToolBar *>(u"mainToolBar"_s)->widgetForAction(actions->destroyAction()),
                      Qt::LeftButton);
    QVERIFY(confirmed);
    QTRY_VERIFY_WITH_TIMEOUT(!visibleNames(table).contains(u"shop-pr-1385"_s), 30000);
    QTRY_COMPARE(table->model()->rowCount(), everything - 1);
    walk.shot(window, u"6-destroyed"_s);

    // 3) Guardrails (Ctrl+G): the nightly scale-down ran at 20:30 last night and succeeded;
    // the next run is in her zone, the schedule's beside it when they differ.
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : window, Qt::Key_G, Qt::ControlModifier);
    pd::gui::GuardrailEditor *guardrails = nullptr;
    QTRY_VERIFY((guardrails = window->findChild<pd::gui::GuardrailEditor *>()) && guardrails->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(guardrails->table()->model()->rowCount(), 1, 10000);
    const QAbstractItemModel *rails = guardrails->table()->model();
    const auto railText = [rails](int column) { return rails->index(0, column).data().toString(); };
    QCOMPARE(railText(pd::gui::GuardrailListModel::NameColumn), u"nightly-scale-down"_s);
    const QDateTime ran = lastNight2030().toTimeZone(QTimeZone::systemTimeZone());
    QTRY_VERIFY2(railText(pd::gui::GuardrailListModel::LastRunColumn).contains(ran.toString(u"HH:mm"_s)),
                 qPrintable(railText(pd::gui::GuardrailListModel::LastRunColumn)));
    QVERIFY2(railText(pd::gui::GuardrailListModel::LastRunColumn).contains(u"20:30"_s),
             qPrintable(railText(pd::gui::GuardrailListModel::LastRunColumn)));
    QCOMPARE(railText(pd::gui::GuardrailListModel::ResultColumn), u"succeeded"_s);
    const QDateTime next = lastNight2030().addDays(1).toTimeZone(QTimeZone::systemTimeZone());
    const QString nextText = railText(pd::gui::GuardrailListModel::NextRunColumn);
    QVERIFY2(nextText.contains(next.toString(u"HH:mm"_s)) && nextText.contains(u"20:30"_s), qPrintable(nextText));
    guardrails->resize(1100, 600);
    walk.shot(guardrails, u"7-guardrails"_s);
    QTest::keyClick(guardrails, Qt::Key_Escape);
    QTRY_VERIFY(!window->findChild<pd::gui::GuardrailEditor *>() || !guardrails->isVisible());

    // 4) The Degraded preview: which workload is not ready, and the events say why.
    QVERIFY(clickRow(table, u"shop-pr-1418"_s));
    QTRY_COMPARE(window->detailsPane()->environmentName(), u"shop-pr-1418"_s);
    const QString tip = cellOf(table, u"shop-pr-1418"_s, EnvironmentModel::StateColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(u"ImagePullBackOff"_s), qPrintable(tip));
    auto *state = window->detailsPane()->findChild<QLabel *>(u"stateLabel"_s);
    QTRY_VERIFY2(state->text().contains(u"checkout-api"_s) && state->text().contains(u"ImagePullBackOff"_s),
                 qPrintable(state->text()));
    auto *events = window->detailsPane()->findChild<QTreeWidget *>(u"events"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!events->findItems(u"pull"_s, Qt::MatchContains | Qt::MatchRecursive, 2).isEmpty()
                                 || !events->findItems(u"BackOff"_s, Qt::MatchContains | Qt::MatchRecursive, 0).isEmpty(),
                             15000);
    walk.shot(window, u"8-degraded-explained"_s);
}

QTEST_MAIN(TestWalkthroughReleaseManager)
#include "tst_walkthrough_releasemanager.moc"
