// Destroy from the browser: typed confirmation, a progress dialog that waits for the
// namespace to terminate, and Cancel that stops the waiting and says what happened.
// Sources and protected previews: every changing action is disabled, with the reason
// as its tooltip; PreviewDesk's own system namespace is no row at all.
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "gui/environmentactionsmenu.h"
#include "gui/mainwindow.h"
#include "core/session/session.h"
#include "sandbox/sandboxendpoint.h"
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"

#include <QAction>
#include <QJsonArray>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using pd::kube::ApiResult;
using pd::kube::ResourceRef;

namespace {

ApiResult waitFor(QFuture<ApiResult> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 30000) || future.resultCount() == 0)
        qFatal("a request did not finish within 30 s");
    return future.result();
}

ResourceRef namespaces()
{
    return ResourceRef{QString(), u"v1"_s, u"namespaces"_s, QString(), QString(), {}};
}

} // namespace

class TestEnvironmentActionsMenu final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sourcesAndProtectedAreRefusedWithTheReason()
    {
        pd::sandbox::SandboxCluster cluster;
        pd::sandbox::SandboxOptions options;
        options.controllers = false;
        QString error;
        QVERIFY2(cluster.start(options, &error), qPrintable(error));
        pd::core::Session session(pd::sandbox::adminEndpoint(cluster), u"sandbox"_s);
        const auto create = [&](const QString &name, const QJsonObject &labels, const QJsonObject &annotations) {
            const QJsonObject object{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                                     {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"labels"_s, labels}, {u"annotations"_s, annotations}}}};
            const ApiResult created = waitFor(session.client()->create(namespaces(), object));
            QVERIFY2(created.ok(), qPrintable(created.message()));
        };
        const QJsonObject expiring{{u"previewdesk.io/expires-at"_s, u"2030-01-01T00:00:00Z"_s}};
        const QJsonObject preview{{u"previewdesk.io/role"_s, u"preview"_s}, {u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s}};
        QJsonObject locked = preview;
        locked.insert(u"previewdesk.io/protected"_s, u"true"_s);
        create(u"staging"_s, QJsonObject{{u"previewdesk.io/role"_s, u"source"_s}}, {});
        create(u"locked"_s, locked, expiring);
        create(u"pr-5"_s, preview, expiring);
        // As GuardrailStore makes it once a guardrail is saved.
        create(u"previewdesk-system"_s, QJsonObject{{u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s}}, {});

        pd::gui::MainWindow window;
        window.setSession(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy synced(session.watcher(), &pd::core::EnvironmentWatcher::synced);
        session.start();
        QVERIFY(synced.wait(15000));
        QTRY_VERIFY_WITH_TIMEOUT(session.model()->rowOf(u"pr-5"_s) >= 0, 15000);
        QCOMPARE(session.model()->rowOf(u"previewdesk-system"_s), -1);
        QCOMPARE(window.selectEnvironment(u"previewdesk-system"_s), false);

        pd::gui::EnvironmentActionsMenu *actions = window.environmentActions();
        const QList<QAction *> changing{actions->scaleDownAction(), actions->scaleUpAction(), actions->extendDayAction(),
                                        actions->extendTwoDaysAction(), actions->destroyAction()};
        const QList<std::pair<QString, QString>> refused{{u"staging"_s, u"staging: source environment; PreviewDesk never "_s},
                                                         {u"locked"_s, u"locked: protected (previewdesk.io/protected=true)"_s}};
        for (const auto &[name, reason] : refused) {
            QVERIFY(window.selectEnvironment(name));
            actions->update();
            for (QAction *action : changing) {
                QVERIFY2(!action->isEnabled(), qPrintable(name + u": "_s + action->objectName()));
                QVERIFY2(action->toolTip().startsWith(reason), qPrintable(action->toolTip()));
            }
            // The toolbar's Extend button (a menu button) is refused the same way, with the reason.
            const auto *extendButton = window.findChild<QToolButton *>(u"extendExpiryButton"_s);
            QVERIFY(extendButton);
            QVERIFY(!extendButton->isEnabled());
            QVERIFY2(extendButton->toolTip().startsWith(reason), qPrintable(extendButton->toolTip()));
            // Triggered anyway (a shortcut, a stale menu): nothing is asked, nothing runs.
            QStringList asked;
            actions->setScaleDownConfirmation([&asked](const QString &n) { asked << n; return true; });
            actions->scaleDownAction()->setEnabled(true);
            actions->scaleDownAction()->trigger();
            QVERIFY(asked.isEmpty());
            QVERIFY(!actions->isRunning(name));
            QVERIFY(actions->cloneAction()->toolTip().startsWith(u"Clone"_s));
        }

        // A preview: enabled, and scale down asks before it does anything.
        QVERIFY(window.selectEnvironment(u"pr-5"_s));
        QTRY_VERIFY_WITH_TIMEOUT(actions->scaleDownAction()->isEnabled(), 10000);
        QVERIFY(actions->extendDayAction()->isEnabled());
        QVERIFY(actions->destroyAction()->isEnabled());
        QVERIFY(window.findChild<QToolButton *>(u"extendExpiryButton"_s)->isEnabled());
        QStringList asked;
        actions->setScaleDownConfirmation([&asked](const QString &n) { asked << n; return false; });
        actions->scaleDownAction()->trigger();
        QCOMPARE(asked, QStringList{u"pr-5"_s});
        QVERIFY(!actions->isRunning(u"pr-5"_s));
        session.watcher()->stop();
    }


    void destroyWaitsWithProgressAndCancels()
    {
        pd::sandbox::SandboxCluster cluster;
        QString error;
        QVERIFY2(cluster.start({}, &error), qPrintable(error));
        pd::core::Session session(pd::sandbox::adminEndpoint(cluster), u"sandbox"_s);
        const QString ns = u"pr-42"_s;
        const QJsonObject object{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                                 {u"metadata"_s, QJsonObject{{u"name"_s, ns},
                                                            {u"labels"_s, QJsonObject{{u"previewdesk.io/role"_s, u"preview"_s},
                                                                                      {u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s}}}}}};
        QVERIFY(waitFor(session.client()->create(namespaces(), object)).ok());
        // A finalizer nobody removes keeps the namespace Terminating.
        const ResourceRef configMaps{QString(), u"v1"_s, u"configmaps"_s, ns, QString(), {}};
        const QJsonObject held{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s},
                               {u"metadata"_s, QJsonObject{{u"name"_s, u"held"_s}, {u"namespace"_s, ns},
                                                          {u"finalizers"_s, QJsonArray{u"previewdesk.test/hold"_s}}}}};
        QVERIFY(waitFor(session.client()->create(configMaps, held)).ok());

        pd::gui::MainWindow window;
        window.setSession(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(session.model()->rowOf(ns) >= 0, 15000);
        QVERIFY(window.selectEnvironment(ns));
        pd::gui::EnvironmentActionsMenu *actions = window.environmentActions();
        QTRY_VERIFY_WITH_TIMEOUT(actions->destroyAction()->isEnabled(), 10000);

        QStringList confirmed;
        actions->setDestroyConfirmation([&confirmed](const QString &name) {
            confirmed.append(name);
            return true;
        });
        QSignalSpy finished(actions, &pd::gui::EnvironmentActionsMenu::actionFinished);
        QSignalSpy destroyed(actions, &pd::gui::EnvironmentActionsMenu::destroyFinished);
        actions->destroyAction()->trigger();
        QCOMPARE(confirmed, QStringList{ns});
        QPointer<QProgressDialog> dialog = actions->progressDialog(ns);
        QVERIFY(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->labelText(), u"Waiting for namespace pr-42 to terminate…"_s, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 10000);
        QCOMPARE(dialog->maximum(), 0);   // busy: how long is unknown
        // The row turns Terminating meanwhile.
        QTRY_COMPARE_WITH_TIMEOUT(session.model()->find(ns)->state, pd::core::EnvironmentState::Terminating, 10000);

        QPushButton *cancel = dialog->findChild<QPushButton *>();
        QVERIFY(cancel);
        cancel->click();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(1).toBool(), false);
        const QString message = finished.first().at(2).toString();
        QVERIFY2(message.startsWith(u"Stopped waiting: the deletion of pr-42 was requested and goes on in the cluster"_s),
                 qPrintable(message));
        QCOMPARE(window.statusBar()->currentMessage(), message);
        // The same end, as a destroy (what a desktop notification follows).
        QCOMPARE(destroyed.size(), 1);
        QCOMPARE(destroyed.first(), finished.first());
        QTRY_VERIFY(!dialog);
        QVERIFY(!actions->isRunning(ns));

        // When the finalizer goes, the row goes too.
        QVERIFY(waitFor(session.client()->patch(configMaps.named(u"held"_s), pd::kube::PatchType::Merge,
                                                R"({"metadata":{"finalizers":null}})")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(session.model()->rowOf(ns), -1, 20000);
        session.watcher()->stop();
    }
};

QTEST_MAIN(TestEnvironmentActionsMenu)
#include "tst_environmentactionsmenu.moc"
