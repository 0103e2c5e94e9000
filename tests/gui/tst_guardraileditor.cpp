// The guardrail editor on the offscreen platform against the embedded sandbox:
// validation as the user types, the next runs, the previews it would touch, save,
// the enabled toggle, last results from Jobs, and a read-back that opens unchanged.
// A new editor opens without red errors and with an empty state that offers the first
// guardrail; times are in the user's zone with the schedule's beside; Esc and Close
// close it; a read-only viewer is told up front and cannot save.
#include "core/environment/environmentmodel.h"
#include "kube/cronexpression.h"
#include "core/guardrail/workinghours.h"
#include "gui/emptystate.h"
#include "gui/guardrails/guardraileditor.h"
#include "gui/guardrails/guardrailform.h"
#include "gui/guardrails/guardraillistmodel.h"
#include "kube/apiclient.h"
#include "sandbox/groupresource.h"
#include "sandbox/objectstore.h"
#include "sandbox/sandboxcluster.h"
#include "layoutcheck.h"
#include "screenshot.h"
#include "testpaths.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using pd::core::Environment;
using pd::core::EnvironmentRole;
using pd::gui::GuardrailEditor;
using pd::gui::GuardrailForm;
using pd::gui::GuardrailListModel;
using pd::sandbox::GroupResource;

namespace {

const GroupResource kCronJobs{u"batch"_s, u"cronjobs"_s};
const GroupResource kJobs{u"batch"_s, u"jobs"_s};
const QString kSystem = u"previewdesk-system"_s;
// A Friday before the spring-forward Sunday in Europe (2026-03-29).
const QDateTime kNow = QDateTime::fromString(u"2026-03-27T12:00:00Z"_s, Qt::ISODate);

Environment environment(const QString &name, EnvironmentRole role, const QString &owner, bool isProtected)
{
    Environment e;
    e.name = name;
    e.environmentName = name;
    e.role = role;
    e.owner = owner;
    e.isProtected = isProtected;
    e.created = kNow.addDays(-2);
    e.labels.insert(u"previewdesk.io/role"_s, role == EnvironmentRole::Source ? u"source"_s : u"preview"_s);
    e.labels.insert(u"previewdesk.io/owner"_s, owner);
    e.labels.insert(u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s);
    if (isProtected)
        e.labels.insert(u"previewdesk.io/protected"_s, u"true"_s);
    return e;
}

template<typename T>
T *child(const QWidget &parent, const QString &name)
{
    return parent.findChild<T *>(name);
}

void setText(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

QJsonObject failedJob(const QString &name, const QJsonObject &cronJob)
{
    const QJsonObject owner{{u"apiVersion"_s, u"batch/v1"_s}, {u"kind"_s, u"CronJob"_s},
                            {u"name"_s, cronJob[u"metadata"_s][u"name"_s]}, {u"uid"_s, cronJob[u"metadata"_s][u"uid"_s]},
                            {u"controller"_s, true}};
    const QString started = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    return QJsonObject{
        {u"apiVersion"_s, u"batch/v1"_s}, {u"kind"_s, u"Job"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, kSystem}, {u"ownerReferences"_s, QJsonArray{owner}}}},
        {u"spec"_s, QJsonObject{{u"template"_s, QJsonObject{{u"spec"_s, QJsonObject{
                        {u"restartPolicy"_s, u"Never"_s},
                        {u"containers"_s, QJsonArray{QJsonObject{{u"name"_s, u"x"_s}, {u"image"_s, u"x"_s}}}}}}}}}},
        {u"status"_s, QJsonObject{{u"startTime"_s, started}, {u"failed"_s, 1},
                                  {u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, u"Failed"_s}, {u"status"_s, u"True"_s},
                                                                           {u"lastTransitionTime"_s, started},
                                                                           {u"message"_s, u"Job has reached the specified backoff limit"_s}}}}}}};
}

} // namespace

class TestGuardrailEditor final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensCleanWithAnEmptyState();
    void editSaveToggleAndResults();
    void forbiddenSaveNamesThePermission();

private:
    std::unique_ptr<pd::kube::ApiClient> client(const QString &token);

    pd::sandbox::SandboxCluster m_cluster;
    pd::core::EnvironmentModel m_environments{[] { return kNow; }};
};

void TestGuardrailEditor::initTestCase()
{
    QString error;
    QVERIFY2(m_cluster.start({}, &error), qPrintable(error));
    m_environments.upsertAll({environment(u"staging"_s, EnvironmentRole::Source, u"alice"_s, false),
                              environment(u"pr-1"_s, EnvironmentRole::Preview, u"alice"_s, false),
                              environment(u"pr-2"_s, EnvironmentRole::Preview, u"alice"_s, true),
                              environment(u"pr-3"_s, EnvironmentRole::Preview, u"bob"_s, false)});
}

std::unique_ptr<pd::kube::ApiClient> TestGuardrailEditor::client(const QString &token)
{
    pd::kube::ClusterEndpoint endpoint;
    endpoint.contextName = u"sandbox"_s;
    endpoint.server = m_cluster.url();
    endpoint.certificateAuthorityPem = m_cluster.caPem();
    endpoint.token = token;
    return std::make_unique<pd::kube::ApiClient>(endpoint);
}

void TestGuardrailEditor::editSaveToggleAndResults()
{
    const auto admin = client(m_cluster.adminToken());
    GuardrailEditor editor(admin.get(), &m_environments);
    QAbstractItemModelTester tester(editor.listModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    editor.setClock([] { return kNow; });
    editor.setDisplayTimeZone(QTimeZone("Europe/Berlin"));   // the schedules' zone: times without a second zone
    editor.setRefreshInterval(200ms);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    GuardrailForm *form = editor.form();
    auto *name = child<QLineEdit>(*form, u"name"_s);
    auto *schedule = child<QLineEdit>(*form, u"schedule"_s);
    auto *scheduleKind = child<QComboBox>(*form, u"scheduleKind"_s);
    auto *action = child<QComboBox>(*form, u"action"_s);
    auto *targetKind = child<QComboBox>(*form, u"targetKind"_s);
    auto *target = child<QLineEdit>(*form, u"target"_s);
    auto *timeZone = child<QComboBox>(*form, u"timeZone"_s);
    auto *error = child<QLabel>(*form, u"error"_s);
    auto *save = child<QPushButton>(*form, u"save"_s);
    auto *nextRuns = child<QListWidget>(*form, u"nextRuns"_s);
    auto *excluded = child<QListWidget>(*form, u"excluded"_s);
    auto *yaml = child<QPlainTextEdit>(*form, u"yaml"_s);
    QVERIFY(name && schedule && scheduleKind && action && targetKind && target && timeZone && error && save && nextRuns
            && excluded && yaml);
    QVERIFY(yaml->isReadOnly());

    // 1) An invalid cron expression: the problem is named inline and Save is off.
    QTest::keyClicks(name, u"office-hours"_s);
    QTest::keyClicks(schedule, u"61 * * * *"_s);
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(u"cron schedule '61 * * * *'"_s), qPrintable(error->text()));
    QVERIFY(!save->isEnabled());
    QVERIFY(yaml->toPlainText().startsWith(u"# Fix the problems"_s));

    // 2) Working hours in Europe/Berlin: valid, and the next five runs are the window's edges.
    scheduleKind->setCurrentIndex(int(GuardrailForm::ScheduleKind::WorkingHours));
    QVERIFY(!timeZone->isEnabled());
    setText(schedule, u"Mon-Fri 07:30-20:30 Europe/Berlin"_s);
    targetKind->setCurrentIndex(int(GuardrailForm::TargetKind::Selector));
    QTest::keyClicks(target, u"previewdesk.io/owner=alice"_s);
    QVERIFY2(form->problems().isEmpty(), qPrintable(form->problems().join(u'\n')));
    QVERIFY(!error->isVisible());
    QVERIFY(save->isEnabled());
    const auto hours = pd::core::WorkingHours::parse(u"Mon-Fri 07:30-20:30 Europe/Berlin"_s);
    const QTimeZone berlin("Europe/Berlin");
    QList<QDateTime> expected = pd::kube::CronExpression::parse(hours->scaleUpSchedule())->nextRuns(kNow, 5, berlin)
                              + pd::kube::CronExpression::parse(hours->scaleDownSchedule())->nextRuns(kNow, 5, berlin);
    std::sort(expected.begin(), expected.end());
    expected.resize(5);
    QCOMPARE(form->upcomingRuns().size(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(form->upcomingRuns().at(i).time, expected.at(i));
        QVERIFY2(nextRuns->item(i)->text().startsWith(expected.at(i).toString(u"ddd yyyy-MM-dd HH:mm t"_s)),
                 qPrintable(nextRuns->item(i)->text()));
    }
    // Across the change to summer time: 20:30 CET on Friday, 07:30 CEST on Monday.
    QCOMPARE(expected.at(0).toUTC(), QDateTime::fromString(u"2026-03-27T19:30:00Z"_s, Qt::ISODate));
    QCOMPARE(expected.at(1).toUTC(), QDateTime::fromString(u"2026-03-30T05:30:00Z"_s, Qt::ISODate));
    // Scale-down leaves sources and protected previews alone (issue 12).
    QCOMPARE(form->reach().touched, (QStringList{u"pr-1"_s}));
    QVERIFY2(yaml->toPlainText().contains(u"name: guardrail-office-hours-down"_s), qPrintable(yaml->toPlainText()));

    // 3) Destroy: sources and protected previews are excluded, and the list says why.
    const pd::core::GuardrailDefinition officeHours = form->definition();
    action->setCurrentIndex(2);
    QVERIFY(form->problems().join(u' ').contains(u"needs a cron schedule"_s));
    scheduleKind->setCurrentIndex(int(GuardrailForm::ScheduleKind::Cron));
    setText(schedule, u"0 3 * * *"_s);
    timeZone->setCurrentText(u"Europe/Berlin"_s);
    QVERIFY2(form->problems().isEmpty(), qPrintable(form->problems().join(u'\n')));
    QCOMPARE(form->reach().touched, QStringList{u"pr-1"_s});
    QStringList excludedTexts;
    for (int i = 0; i < excluded->count(); ++i)
        excludedTexts << excluded->item(i)->text();
    excludedTexts.sort();
    QCOMPARE(excludedTexts.size(), 2);
    QVERIFY2(excludedTexts.at(0).startsWith(u"pr-2: protected"_s), qPrintable(excludedTexts.join(u'\n')));
    QVERIFY2(excludedTexts.at(1).startsWith(u"staging: source environment"_s), qPrintable(excludedTexts.join(u'\n')));

    // 4) Save the working-hours guardrail: its CronJobs appear in previewdesk-system and
    //    the row read back opens in the form unchanged.
    form->setDefinition(officeHours, false);
    QVERIFY(save->isEnabled());
    QSignalSpy finished(&editor, &GuardrailEditor::operationFinished);
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QVERIFY(m_cluster.store()->get(kCronJobs, kSystem, u"guardrail-office-hours-up"_s));
    QVERIFY(m_cluster.store()->get(kCronJobs, kSystem, u"guardrail-office-hours-down"_s));
    QTRY_COMPARE_WITH_TIMEOUT(editor.listModel()->rowOf(u"office-hours"_s), 0, 10000);
    QVERIFY(editor.listModel()->status(0).definition == officeHours);
    QTRY_VERIFY(form->isExisting());
    QVERIFY(form->definition() == officeHours);
    QVERIFY(name->isReadOnly());
    QCOMPARE(editor.listModel()->index(0, GuardrailListModel::ActionColumn).data().toString(), u"scale-up / scale-down"_s);
    QCOMPARE(editor.listModel()->index(0, GuardrailListModel::NextRunColumn).data().toString(),
             expected.at(0).toString(u"ddd d MMM HH:mm t"_s));
    // Reopening from the list (another row selected and back) gives the same.
    editor.newGuardrail();
    QVERIFY(!form->isExisting());
    editor.table()->selectRow(0);
    QVERIFY(form->definition() == officeHours);

    // 5) Toggle off in the list: spec.suspend on both CronJobs.
    const QModelIndex enabled = editor.listModel()->index(0, GuardrailListModel::EnabledColumn);
    QCOMPARE(enabled.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QVERIFY(editor.listModel()->setData(enabled, Qt::Unchecked, Qt::CheckStateRole));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
    QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(finished.at(1).at(1).toString()));
    for (const QString &cronJob : {u"guardrail-office-hours-up"_s, u"guardrail-office-hours-down"_s})
        QCOMPARE(m_cluster.store()->get(kCronJobs, kSystem, cronJob)->value(u"spec"_s).toObject().value(u"suspend"_s).toBool(), true);
    QTRY_COMPARE(editor.listModel()->index(0, GuardrailListModel::NextRunColumn).data().toString(), u"suspended"_s);
    QVERIFY(editor.listModel()->setData(enabled, Qt::Checked, Qt::CheckStateRole));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 20000);
    QCOMPARE(m_cluster.store()->get(kCronJobs, kSystem, u"guardrail-office-hours-up"_s)->value(u"spec"_s).toObject().value(u"suspend"_s).toBool(), false);

    // 6) A Job of the CronJob failed: the list shows when and which.
    const QJsonObject down = *m_cluster.store()->get(kCronJobs, kSystem, u"guardrail-office-hours-down"_s);
    QVERIFY(m_cluster.store()->create(kJobs, failedJob(u"guardrail-office-hours-down-29571210"_s, down)).ok());
    QTRY_COMPARE_WITH_TIMEOUT(editor.listModel()->index(0, GuardrailListModel::ResultColumn).data().toString(),
                              u"failed: guardrail-office-hours-down-29571210"_s, 10000);
    QVERIFY(!editor.listModel()->index(0, GuardrailListModel::LastRunColumn).data().toString().isEmpty());
    QVERIFY(editor.listModel()->index(0, GuardrailListModel::ResultColumn).data(Qt::ToolTipRole).toString()
                .contains(u"backoff limit"_s));
    QVERIFY(editor.message().startsWith(u"Guardrail office-hours enabled."_s));
    QVERIFY(!editor.messageIsError());

    // The form as the screenshot shows it: the destroy guardrail being written.
    editor.newGuardrail();
    QTest::keyClicks(name, u"nightly-destroy"_s);
    action->setCurrentIndex(2);
    targetKind->setCurrentIndex(int(GuardrailForm::TargetKind::Selector));
    QTest::keyClicks(target, u"previewdesk.io/owner=alice"_s);
    setText(schedule, u"0 3 * * *"_s);
    timeZone->setCurrentText(u"Europe/Berlin"_s);
    QTest::keyClicks(child<QLineEdit>(*form, u"notice"_s), u"24h"_s);
    QVERIFY2(form->problems().isEmpty(), qPrintable(form->problems().join(u'\n')));
    pd::test::verifyNothingCut(form);
    pd::test::saveScreenshot(&editor, u"guardrail-editor.png"_s);
}

void TestGuardrailEditor::forbiddenSaveNamesThePermission()
{
    // A read-only viewer: told up front which permission is missing; nothing to type into, no Save.
    const auto viewer = client(m_cluster.viewerToken());
    GuardrailEditor editor(viewer.get(), &m_environments);
    QSignalSpy checked(&editor, &GuardrailEditor::permissionsChecked);
    QSignalSpy refreshed(&editor, &GuardrailEditor::refreshed);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 10000);
    QVERIFY(refreshed.first().first().toBool()); // viewers may read guardrails
    QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 10000);
    QCOMPARE(editor.readOnlyReason(), u"needs: patch namespaces"_s);
    auto *note = child<QLabel>(editor, u"permissionNote"_s);
    QVERIFY(note && note->isVisible());
    QVERIFY2(note->text().contains(u"not change them (needs: patch namespaces)"_s), qPrintable(note->text()));
    auto *save = child<QPushButton>(*editor.form(), u"save"_s);
    QVERIFY(!save->isEnabled());
    QCOMPARE(save->toolTip(), u"needs: patch namespaces"_s);
    QVERIFY(child<QLineEdit>(*editor.form(), u"name"_s)->isReadOnly());
    QVERIFY(!child<QComboBox>(*editor.form(), u"action"_s)->isEnabled());
    QVERIFY(!child<QPushButton>(editor, u"newGuardrail"_s)->isEnabled());
    QVERIFY(!child<QPushButton>(editor, u"deleteGuardrail"_s)->isEnabled());
    // The list's checkbox cannot be ticked either.
    QTRY_VERIFY_WITH_TIMEOUT(editor.listModel()->rowCount() > 0, 10000);
    QVERIFY(!(editor.listModel()->flags(editor.listModel()->index(0, GuardrailListModel::EnabledColumn)) & Qt::ItemIsUserCheckable));
    // With nothing to write, the reader sees the first guardrail as the cluster has it.
    QTRY_VERIFY(editor.form()->isExisting());
    QCOMPARE(child<QLineEdit>(*editor.form(), u"name"_s)->text(), editor.listModel()->status(0).name());
    QVERIFY(child<QLineEdit>(*editor.form(), u"name"_s)->isReadOnly());
    QVERIFY(!save->isEnabled());
    pd::test::saveScreenshot(&editor, u"guardrail-editor-viewer.png"_s);
    QVERIFY(!m_cluster.store()->get(kCronJobs, kSystem, u"guardrail-sweeper"_s));
}

void TestGuardrailEditor::opensCleanWithAnEmptyState()
{
    const auto admin = client(m_cluster.adminToken());
    GuardrailEditor editor(admin.get(), &m_environments);
    editor.setClock([] { return kNow; });
    editor.setDisplayTimeZone(QTimeZone("America/New_York"));   // the person is not where the schedule is
    QSignalSpy refreshed(&editor, &GuardrailEditor::refreshed);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 10000);
    GuardrailForm *form = editor.form();
    auto *error = child<QLabel>(*form, u"error"_s);
    auto *save = child<QPushButton>(*form, u"save"_s);
    auto *name = child<QLineEdit>(*form, u"name"_s);

    // Nothing in the cluster yet: the list says so and offers the first one; the form is not red.
    QCOMPARE(editor.emptyStateText(), u"No guardrails yet."_s);
    QPushButton *first = editor.emptyState()->button();
    QVERIFY(first->isVisible());
    QCOMPARE(first->text(), u"New guardrail…"_s);
    QVERIFY(!error->isVisible());
    QVERIFY(!save->isEnabled());
    QVERIFY2(save->toolTip().startsWith(u"Not yet: "_s), qPrintable(save->toolTip()));
    QVERIFY(editor.readOnlyReason().isEmpty());
    auto *closeButtons = child<QDialogButtonBox>(editor, u"closeButtons"_s);
    QVERIFY(closeButtons && closeButtons->button(QDialogButtonBox::Close)->isVisible());
    pd::test::saveScreenshot(&editor, u"guardrail-editor-empty.png"_s);

    // "New guardrail…" puts the cursor in the name; the first edit shows what is missing.
    QTest::mouseClick(first, Qt::LeftButton);
    QTRY_VERIFY(name->hasFocus());
    QTest::keyClicks(name, u"nightly"_s);
    QTest::keyClicks(child<QLineEdit>(*form, u"schedule"_s), u"61"_s);
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(u"cron schedule '61'"_s), qPrintable(error->text()));

    // 20:30 in Berlin, read in New York: both clocks, the person's first; all five runs visible.
    setText(child<QLineEdit>(*form, u"schedule"_s), u"30 20 * * 1-5"_s);
    child<QComboBox>(*form, u"timeZone"_s)->setCurrentText(u"Europe/Berlin"_s);
    QVERIFY2(form->problems().isEmpty(), qPrintable(form->problems().join(u'\n')));
    QVERIFY(!error->isVisible());
    auto *nextRuns = child<QListWidget>(*form, u"nextRuns"_s);
    QCOMPARE(nextRuns->count(), 5);
    // Fri 2026-03-27 20:30 CET is 15:30 EDT in New York.
    QCOMPARE(nextRuns->item(0)->text(), u"Fri 2026-03-27 15:30 EDT (20:30 CET Europe/Berlin)"_s);
    for (int i = 0; i < nextRuns->count(); ++i) {
        const QRect item = nextRuns->visualItemRect(nextRuns->item(i));
        QVERIFY2(nextRuns->viewport()->rect().contains(item), qPrintable(u"run %1 is cut"_s.arg(i)));
    }
    QSignalSpy finished(&editor, &GuardrailEditor::operationFinished);
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(editor.listModel()->rowOf(u"nightly"_s), 0, 10000);
    QVERIFY(editor.emptyStateText().isEmpty());
    QCOMPARE(editor.listModel()->index(0, GuardrailListModel::NextRunColumn).data().toString(),
             u"Fri 27 Mar 15:30 EDT (20:30 CET)"_s);
    QCOMPARE(editor.listModel()->index(0, GuardrailListModel::LastRunColumn).data().toString(), u"not yet"_s);
    QCOMPARE(editor.listModel()->index(0, GuardrailListModel::ResultColumn).data().toString(), u"no run yet"_s);
    pd::test::saveScreenshot(&editor, u"guardrail-editor-zones.png"_s);

    // Esc closes the window.
    editor.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    QTest::keyClick(editor.table(), Qt::Key_Escape);
    QVERIFY(!editor.isVisible());
    // Leave the cluster as the next test expects it.
    QSignalSpy removed(&editor, &GuardrailEditor::operationFinished);
    editor.deleteGuardrail(u"nightly"_s);
    QTRY_COMPARE_WITH_TIMEOUT(removed.size(), 1, 20000);
}

QTEST_MAIN(TestGuardrailEditor)
#include "tst_guardraileditor.moc"
