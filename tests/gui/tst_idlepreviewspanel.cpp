// The cost window's Idle tab as a list to act on: the idle previews with owner, PR, use
// and cost (the model under QAbstractItemModelTester), several selected with the mouse,
// Destroy… through the browser's typed confirmation (one per preview, PR and owner
// shown), "Add to scale-down guardrail…" opening the editor with them in a guardrail,
// sources and protected previews refused by core's rule, and a viewer told which
// permission is missing.
#include "core/cost/costreport.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "core/guardrail/guardrailstore.h"
#include "core/session/session.h"
#include "gui/cost/costchartswidget.h"
#include "gui/cost/idlepreviewmodel.h"
#include "gui/cost/idlepreviewspanel.h"
#include "gui/guardrails/guardraileditor.h"
#include "gui/guardrails/guardrailform.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"
#include "screenshot.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const char *const kNamespaces =
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-pr-11\n"
    "  labels: {previewdesk.io/role: preview, app.kubernetes.io/managed-by: previewdesk, previewdesk.io/pr: \"11\","
    " previewdesk.io/owner: a.rivera}\n"
    "  annotations: {previewdesk.io/parent: staging, previewdesk.io/expires-at: \"2031-01-01T00:00:00Z\"}\n"
    "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-pr-12\n"
    "  labels: {previewdesk.io/role: preview, app.kubernetes.io/managed-by: previewdesk, previewdesk.io/pr: \"12\","
    " previewdesk.io/owner: j.chen}\n"
    "  annotations: {previewdesk.io/parent: staging, previewdesk.io/expires-at: \"2031-01-01T00:00:00Z\"}\n"
    "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-pr-13\n"
    "  labels: {previewdesk.io/role: preview, app.kubernetes.io/managed-by: previewdesk, previewdesk.io/pr: \"13\","
    " previewdesk.io/owner: m.okafor}\n"
    "  annotations: {previewdesk.io/parent: staging, previewdesk.io/expires-at: \"2031-01-01T00:00:00Z\"}\n"
    "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: locked\n"
    "  labels: {previewdesk.io/role: preview, app.kubernetes.io/managed-by: previewdesk, previewdesk.io/protected: \"true\"}\n"
    "  annotations: {previewdesk.io/expires-at: \"2031-01-01T00:00:00Z\"}\n"
    "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: staging\n  labels: {previewdesk.io/role: source}\n";

pd::core::IdlePreview idle(const QString &name, double ratio, double cost)
{
    pd::core::IdlePreview preview;
    preview.namespaceName = name;
    preview.cpuUsageRatio = ratio;
    preview.cost.key = name;
    preview.cost.totalCost = cost;
    return preview;
}

QList<pd::core::IdlePreview> idleList()
{
    return {idle(u"shop-pr-11"_s, 0.012, 4.20), idle(u"shop-pr-12"_s, 0.031, 2.75), idle(u"shop-pr-13"_s, 0.004, 1.10),
            idle(u"locked"_s, 0.02, 0.80)};
}

// The view row showing `name` (-1 when none).
int viewRow(QTableView *table, const QString &name)
{
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data(pd::gui::IdlePreviewModel::NamespaceRole).toString() == name)
            return row;
    }
    return -1;
}

// A click on the row, as a person makes it (Ctrl adds to the selection).
void clickRow(QTableView *table, const QString &name, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    const int row = viewRow(table, name);
    QVERIFY2(row >= 0, qPrintable(name));
    const QRect rect = table->visualRect(table->model()->index(row, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, modifiers, rect.center());
}

} // namespace

class TestIdlePreviewsPanel final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        pd::sandbox::SandboxOptions options;
        options.tls = true;   // the viewer's token is checked by RBAC over TLS
        options.controllers = false;
        QString error;
        QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
        const QString file = m_dir.filePath(u"namespaces.yaml"_s);
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(kNamespaces);
        out.close();
        QVERIFY2(m_cluster.loadFile(file, &error), qPrintable(error));
    }

    void modelShowsOwnerPrUseAndCost()
    {
        pd::gui::IdlePreviewModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows({{idle(u"shop-pr-11"_s, 0.012, 4.2), u"a.rivera"_s, u"11"_s, {}},
                       {idle(u"locked"_s, 0.02, 0.8), {}, {}, u"locked: protected"_s}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(pd::gui::IdlePreviewModel::ColumnCount));
        const auto text = [&model](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(text(0, pd::gui::IdlePreviewModel::NamespaceColumn), u"shop-pr-11"_s);
        QCOMPARE(text(0, pd::gui::IdlePreviewModel::OwnerColumn), u"a.rivera"_s);
        QCOMPARE(text(0, pd::gui::IdlePreviewModel::PullRequestColumn), u"#11"_s);
        QCOMPARE(text(0, pd::gui::IdlePreviewModel::UsageColumn), u"1.2 %"_s);
        QCOMPARE(text(0, pd::gui::IdlePreviewModel::CostColumn), u"$4.20"_s);
        QCOMPARE(text(1, pd::gui::IdlePreviewModel::OwnerColumn), u"\u2014"_s);
        QVERIFY(!model.index(0, 0).data(Qt::ForegroundRole).isValid());
        QVERIFY(model.index(1, 0).data(Qt::ForegroundRole).isValid());   // refused: greyed
        QCOMPARE(model.index(1, 0).data(Qt::ToolTipRole).toString(), u"locked: protected"_s);
        QCOMPARE(model.index(0, pd::gui::IdlePreviewModel::CostColumn).data(pd::gui::IdlePreviewModel::SortRole).toDouble(), 4.2);
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }

    void selectDestroyAndRefuse()
    {
        pd::core::Session session(pd::sandbox::adminEndpoint(m_cluster), u"sandbox"_s);
        startAndWait(session);
        pd::gui::CostChartsWidget charts;
        pd::core::CostReport report;
        report.windowEndMs = QDateTime::currentMSecsSinceEpoch();
        report.windowStartMs = report.windowEndMs - 7 * 24 * 3600 * 1000LL;
        report.mostExpensive = {pd::core::CostRow{u"shop-pr-11"_s, 1, 0, 0, 0, 4.2}};
        report.idle = idleList();
        report.totalCost = 4.2 + 2.75 + 1.1 + 0.8;
        pd::gui::IdlePreviewsPanel *panel = charts.idlePanel();
        QStringList asked;   // "name pr owner" per confirmation
        panel->setDestroyConfirmation([&asked](const pd::core::Environment &env) {
            asked << env.name + u' ' + env.pr + u' ' + env.owner;
            return env.name == u"shop-pr-11"_s;   // the person types only this name
        });
        panel->setSession(&session);
        charts.setReport(report, u"history"_s);
        charts.setCurrentTab(pd::gui::CostChartsWidget::IdleTab);
        charts.resize(1000, 700);
        charts.show();
        QVERIFY(QTest::qWaitForWindowExposed(&charts));
        QTableView *table = panel->table();
        QCOMPARE(table->model()->rowCount(), 4);
        QCOMPARE(viewRow(table, u"shop-pr-11"_s), 0);   // costliest first
        QCOMPARE(table->model()->index(0, pd::gui::IdlePreviewModel::OwnerColumn).data().toString(), u"a.rivera"_s);

        // Nothing selected: nothing to act on, and the buttons say so.
        QVERIFY(!panel->destroyButton()->isEnabled());
        QVERIFY2(panel->destroyButton()->toolTip().startsWith(u"Select"_s), qPrintable(panel->destroyButton()->toolTip()));

        clickRow(table, u"shop-pr-11"_s);
        clickRow(table, u"shop-pr-12"_s, Qt::ControlModifier);
        QCOMPARE(panel->selectedNamespaces(), (QStringList{u"shop-pr-11"_s, u"shop-pr-12"_s}));
        QTRY_VERIFY_WITH_TIMEOUT(panel->destroyButton()->isEnabled(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(panel->guardrailButton()->isEnabled(), 10000);

        // A protected preview in the selection: core's rule refuses both, with the reason.
        clickRow(table, u"locked"_s, Qt::ControlModifier);
        QVERIFY(!panel->destroyButton()->isEnabled());
        QVERIFY2(panel->destroyButton()->toolTip().startsWith(u"locked: protected"_s), qPrintable(panel->destroyButton()->toolTip()));
        QVERIFY(!panel->guardrailButton()->isEnabled());
        QVERIFY2(panel->guardrailButton()->toolTip().startsWith(u"locked: protected"_s), qPrintable(panel->guardrailButton()->toolTip()));
        clickRow(table, u"locked"_s, Qt::ControlModifier);   // off again
        QVERIFY(panel->destroyButton()->isEnabled());
        pd::test::saveScreenshot(&charts, u"idle-tab-selected.png"_s);

        // A new report (a sample arrived) keeps exactly the chosen rows.
        charts.setReport(report, u"history"_s);
        QCOMPARE(panel->selectedNamespaces(), (QStringList{u"shop-pr-11"_s, u"shop-pr-12"_s}));

        // "Add to scale-down guardrail…" hands on the chosen names.
        QSignalSpy guardrail(panel, &pd::gui::IdlePreviewsPanel::scaleDownGuardrailRequested);
        QTest::mouseClick(panel->guardrailButton(), Qt::LeftButton);
        QCOMPARE(guardrail.size(), 1);
        QCOMPARE(guardrail.first().first().toStringList(), (QStringList{u"shop-pr-11"_s, u"shop-pr-12"_s}));

        // Destroy…: one typed confirmation per preview, naming PR and owner; only the confirmed one goes.
        QSignalSpy finished(panel, &pd::gui::IdlePreviewsPanel::destroyFinished);
        QTest::mouseClick(panel->destroyButton(), Qt::LeftButton);
        QCOMPARE(asked, (QStringList{u"shop-pr-11 11 a.rivera"_s, u"shop-pr-12 12 j.chen"_s}));
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().at(0).toString(), u"shop-pr-11"_s);
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
        QVERIFY2(panel->message().contains(u"shop-pr-11"_s), qPrintable(panel->message()));
        QCOMPARE(viewRow(table, u"shop-pr-11"_s), -1);
        QVERIFY(viewRow(table, u"shop-pr-12"_s) >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(session.model()->rowOf(u"shop-pr-11"_s), -1, 15000);
        QVERIFY(session.model()->rowOf(u"shop-pr-12"_s) >= 0);
        QCOMPARE(panel->selectedNamespaces(), QStringList{u"shop-pr-12"_s});
        QVERIFY(!charts.seriesData(pd::gui::CostChartsWidget::IdleTab).first().categories.contains(u"shop-pr-11"_s));
        pd::test::saveScreenshot(&charts, u"idle-tab-after-destroy.png"_s);
        session.watcher()->stop();
    }

    void guardrailEditorOpensWithThem()
    {
        pd::core::Session session(pd::sandbox::adminEndpoint(m_cluster), u"sandbox"_s);
        startAndWait(session);
        const QStringList first{u"shop-pr-12"_s, u"shop-pr-13"_s};
        {
            // No scale-down guardrail names previews yet: a new one for them, not saved.
            pd::gui::GuardrailEditor editor(session.client(), session.model());
            QSignalSpy refreshed(&editor, &pd::gui::GuardrailEditor::refreshed);
            editor.addToScaleDownGuardrail(first);
            QTRY_VERIFY_WITH_TIMEOUT(editor.form()->definition().guardrail.target.environments == first, 15000);
            const pd::core::Guardrail made = editor.form()->definition().guardrail;
            QCOMPARE(made.name, u"idle-scale-down"_s);
            QCOMPARE(made.action, pd::core::GuardrailAction::ScaleDown);
            QVERIFY(!editor.form()->isExisting());
            QVERIFY2(editor.form()->problems().isEmpty(), qPrintable(editor.form()->problems().join(u" | "_s)));
            QVERIFY2(editor.message().contains(u"Save to apply"_s), qPrintable(editor.message()));
            QCOMPARE(editor.form()->upcomingRuns().size(), 5);
            // Saving it: the person clicks Save.
            auto *save = editor.form()->findChild<QPushButton *>(u"save"_s);
            QVERIFY(save);
            QTRY_VERIFY_WITH_TIMEOUT(save->isEnabled(), 10000);
            QSignalSpy operation(&editor, &pd::gui::GuardrailEditor::operationFinished);
            editor.show();
            QVERIFY(QTest::qWaitForWindowExposed(&editor));
            QTest::mouseClick(save, Qt::LeftButton);
            QVERIFY(operation.wait(20000));
            QVERIFY2(operation.first().first().toBool(), qPrintable(operation.first().at(1).toString()));
        }
        // Now there is one: the names join it, none twice, and the form edits it.
        pd::gui::GuardrailEditor editor(session.client(), session.model());
        editor.addToScaleDownGuardrail({u"shop-pr-13"_s, u"shop-pr-12"_s, u"extra"_s});
        QTRY_VERIFY_WITH_TIMEOUT(editor.form()->isExisting(), 15000);
        QCOMPARE(editor.form()->definition().guardrail.name, u"idle-scale-down"_s);
        QCOMPARE(editor.form()->definition().guardrail.target.environments,
                 (QStringList{u"shop-pr-12"_s, u"shop-pr-13"_s, u"extra"_s}));
        QVERIFY2(editor.message().startsWith(u"Added shop-pr-13, shop-pr-12, extra to guardrail idle-scale-down"_s),
                 qPrintable(editor.message()));
        session.watcher()->stop();
    }

    void viewerIsToldWhatIsMissing()
    {
        pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(m_cluster);
        endpoint.contextName = u"sandbox-viewer"_s;
        endpoint.userName = u"viewer"_s;
        endpoint.token = m_cluster.viewerToken();
        pd::core::Session session(endpoint, u"sandbox-viewer"_s);
        startAndWait(session);
        pd::gui::IdlePreviewsPanel panel;
        panel.setSession(&session);
        panel.setPreviews(idleList());
        panel.resize(800, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        clickRow(panel.table(), u"shop-pr-13"_s);
        QTRY_VERIFY_WITH_TIMEOUT(panel.destroyButton()->toolTip().startsWith(u"needs: delete namespaces"_s), 10000);
        QVERIFY(!panel.destroyButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(panel.guardrailButton()->toolTip().startsWith(u"needs: patch "_s), 10000);
        QVERIFY(!panel.guardrailButton()->isEnabled());
        session.watcher()->stop();
    }

private:
    void startAndWait(pd::core::Session &session)
    {
        QSignalSpy synced(session.watcher(), &pd::core::EnvironmentWatcher::synced);
        session.start();
        QVERIFY(synced.wait(15000));
        QTRY_VERIFY_WITH_TIMEOUT(session.model()->rowOf(u"shop-pr-13"_s) >= 0, 15000);
    }

    QTemporaryDir m_dir;
    pd::sandbox::SandboxCluster m_cluster;
};

QTEST_MAIN(TestIdlePreviewsPanel)
#include "tst_idlepreviewspanel.moc"
