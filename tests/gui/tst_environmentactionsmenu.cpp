// Destroy from the browser: typed confirmation, a progress dialog that waits for the
// namespace to terminate, and Cancel that stops the waiting and says what happened.
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "gui/environmentactionsmenu.h"
#include "gui/mainwindow.h"
#include "gui/session.h"
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"

#include <QAction>
#include <QJsonArray>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

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
    void destroyWaitsWithProgressAndCancels()
    {
        pd::sandbox::SandboxCluster cluster;
        QString error;
        QVERIFY2(cluster.start({}, &error), qPrintable(error));
        pd::gui::Session session(pd::gui::Session::sandboxEndpoint(cluster), u"sandbox"_s);
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
