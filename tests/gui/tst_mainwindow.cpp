// The environment browser end to end: the real client and watcher against an
// in-process sandbox cluster, shown in the MainWindow on the offscreen platform.
#include "app/demosandbox.h"
#include "core/cost/costhistory.h"
#include "core/environment/environmentfilterproxy.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "gui/appcontroller.h"
#include "gui/cost/costchartswidget.h"
#include "gui/cost/costwindow.h"
#include "gui/guardrails/guardraileditor.h"
#include "gui/environmentactionsmenu.h"
#include "gui/environmentdetailspane.h"
#include "gui/environmentfilterbar.h"
#include "gui/mainwindow.h"
#include "core/session/session.h"
#include "sandbox/sandboxendpoint.h"
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"
#include "layoutcheck.h"
#include "screenshot.h"
#include "testpaths.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using pd::core::EnvironmentModel;

namespace {

// Previews in every state the browser must tell apart, beside the exported staging.
QByteArray previewManifests()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString later = now.addSecs(20 * 3600).toString(Qt::ISODate);
    const QString past = now.addSecs(-2 * 3600).toString(Qt::ISODate);
    QString yaml = uR"(apiVersion: v1
kind: Namespace
metadata:
  name: pr-1423
  labels: {previewdesk.io/role: preview, app.kubernetes.io/managed-by: previewdesk, previewdesk.io/pr: "1423",
           previewdesk.io/branch: checkout-redesign, previewdesk.io/owner: a.rivera}
  annotations: {previewdesk.io/parent: staging, previewdesk.io/expires-at: "LATER"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: pr-1423}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "registry.example.com/shop/web:1.8.2"}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: pr-1423}
spec:
  tls: [{hosts: [pr-1423.shop.example.com], secretName: shop-tls}]
  rules: [{host: pr-1423.shop.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
---
apiVersion: v1
kind: Namespace
metadata:
  name: pr-1401
  labels: {previewdesk.io/role: preview, app.kubernetes.io/managed-by: previewdesk, previewdesk.io/pr: "1401",
           previewdesk.io/branch: payments-retry, previewdesk.io/owner: j.chen}
  annotations: {previewdesk.io/parent: staging}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: checkout-api, namespace: pr-1401}
spec:
  replicas: 1
  progressDeadlineSeconds: 1
  selector: {matchLabels: {app: checkout-api}}
  template:
    metadata: {labels: {app: checkout-api}}
    spec: {containers: [{name: api, image: "registry.example.com/shop/checkout-api:does-not-exist"}]}
---
apiVersion: v1
kind: Namespace
metadata:
  name: pr-1388
  labels: {previewdesk.io/role: preview, app.kubernetes.io/managed-by: previewdesk, previewdesk.io/pr: "1388",
           previewdesk.io/owner: m.okafor}
  annotations: {previewdesk.io/parent: staging, previewdesk.io/expires-at: "PAST"}
---
apiVersion: v1
kind: Namespace
metadata:
  name: pr-1410
  labels: {previewdesk.io/role: preview, app.kubernetes.io/managed-by: previewdesk, previewdesk.io/pr: "1410",
           previewdesk.io/owner: a.rivera}
  annotations: {previewdesk.io/parent: staging, downscaler/original-replicas: "1"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: pr-1410}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "registry.example.com/shop/web:1.8.2"}]}
)"_s;
    yaml.replace(u"LATER"_s, later).replace(u"PAST"_s, past);
    return yaml.toUtf8();
}

QString stateOf(const EnvironmentModel &model, const QString &name)
{
    const int row = model.rowOf(name);
    return row < 0 ? QString() : model.index(row, EnvironmentModel::StateColumn).data().toString();
}

QString firstHealthyPreview(const EnvironmentModel &model)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        const pd::core::Environment &env = model.environment(row);
        if (env.role == pd::core::EnvironmentRole::Preview && env.state == pd::core::EnvironmentState::Healthy)
            return env.name;
    }
    return {};
}

QStringList visibleNames(const QTableView *table)
{
    QStringList names;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        names.append(table->model()->index(row, EnvironmentModel::NameColumn).data().toString());
    return names;
}


} // namespace

class TestMainWindow final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void liveSandbox();
    void demoMode();

private:
    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(u"PreviewDeskTests"_s);
    // The cost history the app records per context goes to a location of this run's own
    // (QStandardPaths' test mode shares one with every other test running at the same time).
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir.filePath(u"data"_s)));
    QVERIFY(pd::core::CostHistory::defaultPath(pd::gui::AppController::sandboxCluster()).startsWith(m_dir.path()));
    // Nothing from the developer's own kubeconfig leaks into the tests.
    qputenv("KUBECONFIG", QFile::encodeName(m_dir.filePath(u"no-kubeconfig"_s)));
}

void TestMainWindow::liveSandbox()
{
    pd::sandbox::SandboxCluster cluster;
    QString error;
    QVERIFY2(cluster.start({}, &error), qPrintable(error));
    QVERIFY2(cluster.loadFile(pd::test::fixturePath(u"staging-shop.yaml"_s), &error), qPrintable(error));
    const QString previews = m_dir.filePath(u"previews.yaml"_s);
    {
        QFile file(previews);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(previewManifests());
    }
    QVERIFY2(cluster.loadFile(previews, &error), qPrintable(error));

    pd::core::Session session(pd::sandbox::adminEndpoint(cluster), u"sandbox"_s);
    session.watcher()->setReevaluateInterval(300ms);
    QSettings settings(m_dir.filePath(u"live.ini"_s), QSettings::IniFormat);
    pd::gui::MainWindow window(&settings);
    QList<QUrl> opened;
    window.setUrlOpener([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    });
    window.setContexts({u"sandbox"_s}, u"sandbox"_s);
    window.setSession(&session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy synced(session.watcher(), &pd::core::EnvironmentWatcher::synced);
    session.start();

    // Every source and preview, each in its state; kube-system and default are not environments.
    const EnvironmentModel &model = *session.model();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 5, 15000);
    QTRY_COMPARE(synced.count(), 1);   // rows may show before the last kind has synced
    QCOMPARE(model.rowOf(u"default"_s), -1);
    QCOMPARE(model.find(u"staging"_s)->role, pd::core::EnvironmentRole::Source);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, u"pr-1423"_s), u"Healthy"_s, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, u"pr-1401"_s), u"Degraded"_s, 15000);
    QCOMPARE(stateOf(model, u"pr-1388"_s), u"Expired"_s);
    QCOMPARE(stateOf(model, u"pr-1410"_s), u"Scaled down"_s);
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().startsWith(u"Live"_s), 10000);

    // Sorted by state: Degraded and Expired on top.
    QTRY_COMPARE(visibleNames(window.table()).mid(0, 2), (QStringList{u"pr-1401"_s, u"pr-1388"_s}));

    // QA reviewer: types 1423, one row; double-click opens the URL; copy takes one click.
    QTest::keyClicks(window.filterBar()->textEdit(), u"1423"_s);
    QTRY_COMPARE(visibleNames(window.table()), QStringList{u"pr-1423"_s});
    const QModelIndex urlCell = window.table()->model()->index(0, EnvironmentModel::UrlColumn);
    QCOMPARE(urlCell.data().toString(), u"https://pr-1423.shop.example.com"_s);
    window.table()->setCurrentIndex(urlCell);
    QVERIFY(window.openSelectedUrl());
    QCOMPARE(opened, QList<QUrl>{QUrl(u"https://pr-1423.shop.example.com"_s)});
    QVERIFY(window.copySelectedUrl());
    QCOMPARE(QGuiApplication::clipboard()->text(), u"https://pr-1423.shop.example.com"_s);

    // The details pane: lineage, workloads with images and readiness.
    QCOMPARE(window.detailsPane()->environmentName(), u"pr-1423"_s);
    QTreeWidget *workloads = window.detailsPane()->workloadTree();
    QCOMPARE(workloads->topLevelItemCount(), 1);
    QCOMPARE(workloads->topLevelItem(0)->text(0), u"web"_s);
    QCOMPARE(workloads->topLevelItem(0)->text(1), u"1/1"_s);
    QCOMPARE(workloads->topLevelItem(0)->text(2), u"registry.example.com/shop/web:1.8.2"_s);

    // Live: a preview deleted in the cluster turns Terminating, then its row goes.
    window.filterBar()->clear();
    QTRY_COMPARE(window.table()->model()->rowCount(), 5);
    pd::kube::ResourceRef ns;
    ns.version = u"v1"_s;
    ns.resource = u"namespaces"_s;
    ns.name = u"pr-1410"_s;
    auto deleted = session.client()->remove(ns);
    QTRY_VERIFY(deleted.isFinished());
    QVERIFY2(deleted.result().ok(), qPrintable(deleted.result().message()));
    QTRY_VERIFY_WITH_TIMEOUT(model.rowOf(u"pr-1410"_s) < 0 || stateOf(model, u"pr-1410"_s) == u"Terminating"_s,
                             10000);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowOf(u"pr-1410"_s), -1, 20000);

    // F5 lists everything again; the rows stay (no reset) and the selection holds.
    window.selectEnvironment(u"pr-1423"_s);
    QSignalSpy resets(session.model(), &QAbstractItemModel::modelReset);
    QSignalSpy refreshed(window.refreshAction(), &QAction::triggered);
    window.refreshAction()->trigger();
    QCOMPARE(refreshed.count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 2, 10000);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(window.selectedEnvironment(), u"pr-1423"_s);

    window.selectEnvironment(u"staging"_s);
    QTRY_COMPARE(window.detailsPane()->environmentName(), u"staging"_s);
    pd::test::saveScreenshot(&window, u"main-window-live.png"_s);

    // Environment actions: destroy is refused for the source (the reason as tooltip);
    // "Clone…" asks for the wizard; release manager extends a preview by two days and
    // the expiry updates live.
    pd::gui::EnvironmentActionsMenu *actions = window.environmentActions();
    QVERIFY(!actions->destroyAction()->isEnabled());
    QVERIFY2(actions->destroyAction()->toolTip().contains(u"source environment"_s),
             qPrintable(actions->destroyAction()->toolTip()));
    QSignalSpy cloneRequests(&window, &pd::gui::MainWindow::cloneRequested);
    QTRY_VERIFY_WITH_TIMEOUT(actions->cloneAction()->isEnabled(), 10000);
    actions->cloneAction()->trigger();
    QCOMPARE(cloneRequests.count(), 1);
    QCOMPARE(cloneRequests.first().first().toString(), u"staging"_s);
    QVERIFY(window.selectEnvironment(u"pr-1423"_s));
    QTRY_VERIFY_WITH_TIMEOUT(actions->destroyAction()->isEnabled(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(actions->extendTwoDaysAction()->isEnabled(), 10000);
    const QDateTime expiryBefore = model.find(u"pr-1423"_s)->expiresAt;
    QVERIFY(expiryBefore.isValid());
    QSignalSpy finished(actions, &pd::gui::EnvironmentActionsMenu::actionFinished);
    actions->extendTwoDaysAction()->trigger();
    QVERIFY(finished.wait(10000));
    QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
    const QDateTime atLeast = std::max(expiryBefore, QDateTime::currentDateTimeUtc()).addSecs(47 * 3600);
    QTRY_VERIFY_WITH_TIMEOUT(model.find(u"pr-1423"_s)->expiresAt >= atLeast, 10000);

    // Column state survives a restart of the window.
    window.table()->horizontalHeader()->resizeSection(EnvironmentModel::BranchColumn, 211);
    window.saveSettings();
    pd::gui::MainWindow again(&settings);
    again.setEnvironmentModel(session.model());
    QCOMPARE(again.table()->horizontalHeader()->sectionSize(EnvironmentModel::BranchColumn), 211);
    settings.sync();
    QFile saved(settings.fileName());
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray savedText = saved.readAll();
    QVERIFY(savedText.contains("tableHeader"));
    QVERIFY(!savedText.contains(cluster.adminToken().toUtf8()));
}

void TestMainWindow::demoMode()
{
    // What `previewdesk --demo` does: the controller starts the sandbox with the demo seed.
    QSettings settings(m_dir.filePath(u"demo.ini"_s), QSettings::IniFormat);
    pd::app::DemoSandbox demo;   // what main() hands the controller
    pd::gui::AppController controller(&settings);
    controller.setSandboxProvider(demo.provider());
    pd::gui::AppOptions options;
    options.demo = true;
    QString error;
    QVERIFY2(controller.start(options, &error), qPrintable(error));
    pd::gui::MainWindow *window = controller.window();
    QVERIFY(window);
    QVERIFY(demo.cluster() && demo.cluster()->isRunning());
    QCOMPARE(window->currentContext(), pd::gui::AppController::sandboxContextName());
    QCOMPARE(settings.value(u"session/lastContext"_s).toString(), pd::gui::AppController::sandboxContextName());
    QVERIFY(QTest::qWaitForWindowExposed(window));

    pd::core::Session *session = controller.session();
    QVERIFY(session);
    QTRY_VERIFY_WITH_TIMEOUT(session->watcher()->isSynced(), 15000);
    const EnvironmentModel &model = *session->model();
    QTRY_VERIFY(model.rowCount() > 0);

    // A source (staging) and several previews of it; once the simulated pods are up,
    // staging is Healthy and the previews show more than one state.
    QVERIFY(model.rowOf(u"staging"_s) >= 0);
    QCOMPARE(model.find(u"staging"_s)->role, pd::core::EnvironmentRole::Source);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, u"staging"_s), u"Healthy"_s, 20000);
    int previews = 0;
    QSet<int> states;
    for (int row = 0; row < model.rowCount(); ++row) {
        const pd::core::Environment &env = model.environment(row);
        if (env.role == pd::core::EnvironmentRole::Preview) {
            ++previews;
        }
        states.insert(int(env.state));
    }
    qInfo("demo: %d previews, %d distinct states", previews, int(states.size()));
    QVERIFY(previews >= 2);
    QVERIFY(states.size() >= 3);
    QVERIFY(states.contains(int(pd::core::EnvironmentState::Expired)));
    QVERIFY(states.contains(int(pd::core::EnvironmentState::ScaledDown)));
    QTRY_VERIFY_WITH_TIMEOUT(window->connectionText().startsWith(u"Live"_s), 10000);
    QCOMPARE(window->table()->model()->rowCount(), model.rowCount());
    // Attention first: the top row is Degraded or Expired.
    const QString topState = window->table()->model()->index(0, EnvironmentModel::StateColumn).data().toString();
    QVERIFY2(topState == u"Expired"_s || topState == u"Degraded"_s, qPrintable(topState));

    // Show a healthy preview's details for the picture.
    window->resize(1440, 820);
    QTRY_VERIFY_WITH_TIMEOUT(!firstHealthyPreview(model).isEmpty(), 20000);
    const QString healthyPreview = firstHealthyPreview(model);
    QVERIFY(window->selectEnvironment(healthyPreview));
    QTRY_COMPARE(window->detailsPane()->environmentName(), healthyPreview);
    // Usage is sampled into the history as soon as the session starts: the cost column
    // fills from it (a number per namespace with running pods, never an invented one).
    QTRY_VERIFY_WITH_TIMEOUT(session->costStore() && model.find(u"staging"_s)
                                     && model.extras(model.rowOf(u"staging"_s)).costPerDay.has_value(), 20000);
    const int stagingRow = model.rowOf(u"staging"_s);
    QVERIFY(*model.extras(stagingRow).costPerDay > 0);
    QVERIFY(model.index(stagingRow, EnvironmentModel::CostColumn).data().toString().startsWith(u'$'));
    pd::test::saveScreenshot(window, u"main-window-demo.png"_s);

    // The demo's Degraded preview explains itself: the reason in full in the row's tooltip
    // and the details pane, beside a Services count that agrees, and the real event history.
    const QString degraded = u"shop-pr-1418"_s;
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, degraded), u"Degraded"_s, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(model.find(degraded)->stateReason.contains(u"ImagePullBackOff"_s), 20000);
    const QString reason = model.find(degraded)->stateReason;
    QVERIFY2(reason.contains(u"registry.example.com/shop/checkout-api:pr-1418-does-not-exist not found) for 2"_s), qPrintable(reason));
    QVERIFY(window->selectEnvironment(degraded));
    QTRY_COMPARE(window->detailsPane()->environmentName(), degraded);
    auto *stateLabel = window->detailsPane()->findChild<QLabel *>(u"stateLabel"_s);
    QVERIFY(stateLabel);
    QTRY_VERIFY(stateLabel->text().contains(reason.toHtmlEscaped()));
    auto *events = window->detailsPane()->findChild<QTreeWidget *>(u"events"_s);
    QVERIFY(events);
    QTRY_VERIFY_WITH_TIMEOUT(events->topLevelItemCount() > 3, 15000);
    pd::test::saveScreenshot(window, u"main-window-demo-degraded.png"_s);
    auto *eventsSection = window->detailsPane()->findChild<QWidget *>(u"eventsSection"_s);
    QVERIFY(eventsSection);
    pd::test::saveScreenshot(eventsSection, u"details-events-demo-degraded.png"_s);

    // Tools: the cost window shows the history's report and says where it comes from.
    window->costAction()->trigger();
    auto *cost = window->findChild<pd::gui::CostWindow *>();
    QVERIFY(cost);
    QTRY_VERIFY(!cost->charts()->showsPlaceholder());
    QVERIFY2(cost->charts()->headerText().contains(u"history"_s), qPrintable(cost->charts()->headerText()));
    cost->resize(1100, 700);
    // The first sample may precede the pods' metrics: take another, as a person would.
    QPushButton *sampleNow = nullptr;
    for (QPushButton *button : cost->findChildren<QPushButton *>())
        sampleNow = button->text() == u"Sample now"_s ? button : sampleNow;
    QVERIFY(sampleNow);
    QTRY_VERIFY_WITH_TIMEOUT(sampleNow->isEnabled(), 10000);
    QTest::mouseClick(sampleNow, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!cost->charts()->report().rightsizing.isEmpty(), 20000);
    pd::test::verifyNothingCut(cost);
    pd::test::saveScreenshot(cost, u"cost-window-demo.png"_s);
    cost->charts()->setCurrentTab(pd::gui::CostChartsWidget::RightsizingTab);
    pd::test::saveScreenshot(cost, u"cost-window-demo-rightsizing.png"_s);
    // The guardrail editor opens on the same session; a second trigger raises the same window.
    window->guardrailsAction()->trigger();
    auto *guardrails = window->findChild<pd::gui::GuardrailEditor *>();
    QVERIFY(guardrails);
    QVERIFY(guardrails->isVisible());
    window->guardrailsAction()->trigger();
    QCOMPARE(window->findChildren<pd::gui::GuardrailEditor *>().size(), 1);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
