// The environment browser against the embedded sandbox, beyond the first picture:
// rows follow the cluster live, dropped watches and 410s are recovered with the
// status line saying so in plain words and never a model reset; scale-down shows
// progress and can be cancelled; the light and dark palettes are readable (WCAG
// contrast); the keyboard shortcuts exist.
#include "core/environment/environmentfilterproxy.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "gui/environmentactionsmenu.h"
#include "gui/environmentdelegate.h"
#include "gui/environmentdetailspane.h"
#include "gui/environmentfilterbar.h"
#include "gui/mainwindow.h"
#include "core/session/session.h"
#include "sandbox/sandboxendpoint.h"
#include "kube/apiclient.h"
#include "sandbox/faultinjector.h"
#include "sandbox/sandboxcluster.h"
#include "testpaths.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QStyle>
#include <QStyleFactory>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using pd::core::EnvironmentModel;
using pd::core::EnvironmentState;
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

ResourceRef deploymentsIn(const QString &ns)
{
    return ResourceRef{u"apps"_s, u"v1"_s, u"deployments"_s, ns, QString(), {}};
}

QJsonObject previewNamespace(const QString &name)
{
    return QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, name},
                                                  {u"labels"_s, QJsonObject{{u"previewdesk.io/role"_s, u"preview"_s},
                                                                            {u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s},
                                                                            {u"previewdesk.io/owner"_s, u"qa"_s}}},
                                                  {u"annotations"_s, QJsonObject{{u"previewdesk.io/parent"_s, u"staging"_s}}}}}};
}

QJsonObject deployment(const QString &name, const QString &ns, int replicas)
{
    const QJsonObject labels{{u"app"_s, name}};
    return QJsonObject{
        {u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"Deployment"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}}},
        {u"spec"_s, QJsonObject{{u"replicas"_s, replicas}, {u"selector"_s, QJsonObject{{u"matchLabels"_s, labels}}},
                               {u"template"_s, QJsonObject{{u"metadata"_s, QJsonObject{{u"labels"_s, labels}}},
                                                           {u"spec"_s, QJsonObject{{u"containers"_s, QJsonArray{QJsonObject{
                                                                {u"name"_s, u"main"_s}, {u"image"_s, u"busybox:1.36"_s}}}}}}}}}}};
}

void createPreview(pd::kube::ApiClient *client, const QString &name, int deployments = 1)
{
    const ApiResult created = waitFor(client->create(namespaces(), previewNamespace(name)));
    QVERIFY2(created.ok(), qPrintable(created.message()));
    for (int i = 0; i < deployments; ++i) {
        const ApiResult workload = waitFor(client->create(deploymentsIn(name), deployment(u"svc-%1"_s.arg(i), name, 1)));
        QVERIFY2(workload.ok(), qPrintable(workload.message()));
    }
}

QStringList visibleNames(const QTableView *table)
{
    QStringList names;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        names.append(table->model()->index(row, EnvironmentModel::NameColumn).data().toString());
    return names;
}

// WCAG 2.x relative luminance and contrast ratio.
double luminance(const QColor &color)
{
    const auto channel = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// A dark Fusion palette as dark desktop themes set it.
QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x35, 0x35, 0x35);
    const QColor base(0x2a, 0x2a, 0x2a);
    const QColor text(0xf0, 0xf0, 0xf0);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x42, 0x42, 0x42));
    p.setColor(QPalette::ToolTipBase, QColor(0x45, 0x45, 0x45));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xc0, 0x9b, 0xff));
    p.setColor(QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
    p.setColor(QPalette::HighlightedText, Qt::black);
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
}

// One environment in each state, for the palette checks (no cluster needed).
QList<pd::core::Environment> environmentsInEveryState()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<pd::core::Environment> list;
    const QList<std::pair<EnvironmentState, QString>> states{
            {EnvironmentState::Healthy, u"healthy"_s},         {EnvironmentState::Progressing, u"progressing"_s},
            {EnvironmentState::Degraded, u"degraded"_s},       {EnvironmentState::ScaledDown, u"scaled-down"_s},
            {EnvironmentState::Terminating, u"terminating"_s}, {EnvironmentState::Expired, u"expired"_s}};
    int pr = 600;
    for (const auto &[state, word] : states) {
        pd::core::Environment env;
        env.name = u"pr-%1-%2"_s.arg(++pr).arg(word);
        env.environmentName = env.name;
        env.pr = QString::number(pr);
        env.branch = u"feature-"_s + word;
        env.owner = u"qa"_s;
        env.state = state;
        env.stateReason = u"the %1 example"_s.arg(word);
        env.created = now.addDays(-1);
        env.expiresAt = state == EnvironmentState::Expired ? now.addSecs(-600) : now.addDays(1);
        env.expirySource = u"previewdesk.io/expires-at"_s;
        env.url = QUrl(u"https://%1.shop.example.com"_s.arg(env.name));
        env.parent = u"staging"_s;
        env.servicesTotal = 1;
        env.servicesReady = state == EnvironmentState::Healthy ? 1 : 0;
        pd::core::WorkloadInfo workload;
        workload.kind = u"Deployment"_s;
        workload.name = u"web"_s;
        workload.desired = 1;
        workload.images = {u"registry.example.com/shop/web:1.8.2"_s};
        workload.state = state == EnvironmentState::Expired || state == EnvironmentState::Terminating ? EnvironmentState::Healthy : state;
        env.workloads = {workload};
        env.labels = {{u"previewdesk.io/role"_s, u"preview"_s}};
        list.append(env);
    }
    return list;
}

QColor mostFrequentColor(const QImage &image, const QRect &rect)
{
    QHash<QRgb, int> counts;
    const QRect area = rect.intersected(image.rect());
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            ++counts[image.pixel(x, y)];
    QRgb best = 0;
    int bestCount = -1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() > bestCount) {
            best = it.key();
            bestCount = it.value();
        }
    }
    return QColor(best);
}

bool near(const QColor &a, const QColor &b, int tolerance)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
            && std::abs(a.blue() - b.blue()) <= tolerance;
}

} // namespace

class TestBrowserLive final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void liveThroughDropsAnd410();
    void scaleDownShowsProgressAndCancels();
    void keyboardShortcuts();
    void palettesReadable_data();
    void palettesReadable();

private:
    QTemporaryDir m_dir;
};

void TestBrowserLive::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(u"PreviewDeskTests"_s);
    qputenv("KUBECONFIG", QFile::encodeName(m_dir.filePath(u"no-kubeconfig"_s)));
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
}

void TestBrowserLive::liveThroughDropsAnd410()
{
    pd::sandbox::SandboxCluster cluster;
    QString error;
    QVERIFY2(cluster.start({}, &error), qPrintable(error));
    QVERIFY2(cluster.loadFile(pd::test::fixturePath(u"staging-shop.yaml"_s), &error), qPrintable(error));
    pd::sandbox::FaultInjector *faults = cluster.faults();
    QVERIFY(faults);

    pd::core::Session session(pd::sandbox::adminEndpoint(cluster), u"sandbox"_s);
    QSettings settings(m_dir.filePath(u"live.ini"_s), QSettings::IniFormat);
    pd::gui::MainWindow window(&settings);
    window.setContexts({u"sandbox"_s}, u"sandbox"_s);
    window.setSession(&session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const EnvironmentModel &model = *session.model();
    // Incremental or nothing: a reset would lose the selection and scroll position.
    QSignalSpy aboutToReset(session.model(), &QAbstractItemModel::modelAboutToBeReset);
    QStringList statusTexts;
    connect(session.watcher(), &pd::core::EnvironmentWatcher::connectionTextChanged, this,
            [&statusTexts](const QString &text) { statusTexts.append(text); });
    session.start();
    QTRY_VERIFY_WITH_TIMEOUT(session.watcher()->isSynced(), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().startsWith(u"Live"_s), 15000);
    QVERIFY(model.rowOf(u"staging"_s) >= 0);
    window.selectEnvironment(u"staging"_s);

    // A preview created through the API appears on its own.
    createPreview(session.client(), u"pr-501"_s);
    QTRY_VERIFY_WITH_TIMEOUT(visibleNames(window.table()).contains(u"pr-501"_s), 10000);

    // Dropped watch connections, and new watches refused for a while: the status line
    // says "Reconnecting" in plain words; what changes meanwhile arrives afterwards.
    faults->setErrorRate(u"watch"_s, 1.0, 503);
    faults->dropWatches();
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().startsWith(u"Reconnecting to "_s), 10000);
    const QString reconnecting = window.connectionText();
    QVERIFY2(reconnecting.contains(cluster.url().toDisplayString()), qPrintable(reconnecting));
    QVERIFY2(!reconnecting.contains(u"QNetworkReply"_s) && !reconnecting.contains(u"Error"_s), qPrintable(reconnecting));
    createPreview(session.client(), u"pr-502"_s);
    QVERIFY(window.connectionText().startsWith(u"Reconnecting"_s));
    faults->reset();
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().startsWith(u"Live"_s), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(visibleNames(window.table()).contains(u"pr-502"_s), 10000);
    QCOMPARE(window.selectedEnvironment(), u"staging"_s);
    QCOMPARE(aboutToReset.count(), 0);

    // 410 Expired on every watch, and the re-list refused for a while: a preview is
    // deleted and another created meanwhile; after recovery both changes show.
    const int textsBefore = int(statusTexts.size());
    faults->setErrorRate(u"list"_s, 1.0, 503);
    faults->forceExpired();
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().startsWith(u"Reconnecting to "_s), 10000);
    QVERIFY2(window.connectionText().contains(u"expired"_s) || window.connectionText().contains(u"503"_s)
                 || window.connectionText().contains(u"unavailable"_s, Qt::CaseInsensitive),
             qPrintable(window.connectionText()));
    const ApiResult deleted = waitFor(session.client()->remove(namespaces().named(u"pr-501"_s)));
    QVERIFY2(deleted.ok(), qPrintable(deleted.message()));
    createPreview(session.client(), u"pr-503"_s);
    faults->reset();
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().startsWith(u"Live"_s), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(visibleNames(window.table()).contains(u"pr-503"_s), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!visibleNames(window.table()).contains(u"pr-501"_s), 20000);
    QVERIFY(visibleNames(window.table()).contains(u"pr-502"_s));
    QCOMPARE(window.selectedEnvironment(), u"staging"_s);
    QCOMPARE(aboutToReset.count(), 0);
    QVERIFY(statusTexts.size() > textsBefore);
    qInfo("status line during the test: %s", qPrintable(statusTexts.join(u" | "_s)));

    // Ctrl+N clones the selected environment (the clone wizard listens).
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTRY_VERIFY_WITH_TIMEOUT(window.environmentActions()->cloneAction()->isEnabled(), 10000);
    QSignalSpy cloneRequests(&window, &pd::gui::MainWindow::cloneRequested);
    QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(cloneRequests.count(), 1);
    QCOMPARE(cloneRequests.first().first().toString(), u"staging"_s);
    session.watcher()->stop();
}

void TestBrowserLive::scaleDownShowsProgressAndCancels()
{
    pd::sandbox::SandboxCluster cluster;
    pd::sandbox::SandboxOptions options;
    options.controllers = false;   // replicas stay what the actions set
    QString error;
    QVERIFY2(cluster.start(options, &error), qPrintable(error));
    pd::core::Session session(pd::sandbox::adminEndpoint(cluster), u"sandbox"_s);
    createPreview(session.client(), u"pr-777"_s, 6);

    pd::gui::MainWindow window;
    window.setSession(&session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    session.start();
    QTRY_VERIFY_WITH_TIMEOUT(session.model()->rowOf(u"pr-777"_s) >= 0, 15000);
    QVERIFY(window.selectEnvironment(u"pr-777"_s));
    pd::gui::EnvironmentActionsMenu *actions = window.environmentActions();
    QTRY_VERIFY_WITH_TIMEOUT(actions->scaleDownAction()->isEnabled(), 10000);

    // Scale down asks first, even on a preview: declining changes nothing.
    QStringList asked;
    bool agree = false;
    actions->setScaleDownConfirmation([&](const QString &name) {
        asked.append(name);
        return agree;
    });
    actions->scaleDownAction()->trigger();
    QCOMPARE(asked, QStringList{u"pr-777"_s});
    QVERIFY(!actions->isRunning(u"pr-777"_s));
    agree = true;

    // Slow answers: the dialog appears and counts workloads; Cancel stops after the one in flight.
    cluster.faults()->setLatency(150ms);
    QSignalSpy finished(actions, &pd::gui::EnvironmentActionsMenu::actionFinished);
    actions->scaleDownAction()->trigger();
    QCOMPARE(asked.size(), 2);
    QVERIFY(actions->isRunning(u"pr-777"_s));
    QPointer<QProgressDialog> dialog = actions->progressDialog(u"pr-777"_s);
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 10000);
    const QRegularExpression counting(u"^Scaling down ([2-5]) of 6 workloads of pr-777: "_s);
    QTRY_VERIFY_WITH_TIMEOUT(counting.match(dialog->labelText()).hasMatch(), 20000);
    QCOMPARE(dialog->maximum(), 6);
    QVERIFY(window.statusBar()->currentMessage().startsWith(u"Scaling down"_s));
    QPushButton *cancel = dialog->findChild<QPushButton *>();
    QVERIFY(cancel);
    cancel->click();
    QVERIFY(finished.wait(20000));
    cluster.faults()->reset();
    QCOMPARE(finished.first().at(1).toBool(), false);
    const QString message = finished.first().at(2).toString();
    const QRegularExpression said(u"^Cancelled: scaled down ([1-5]) of 6 workloads of pr-777; the other ([1-5]) were left as they were\\.$"_s);
    const QRegularExpressionMatch match = said.match(message);
    QVERIFY2(match.hasMatch(), qPrintable(message));
    QCOMPARE(match.captured(1).toInt() + match.captured(2).toInt(), 6);
    QCOMPARE(window.statusBar()->currentMessage(), message);
    QTRY_VERIFY(!dialog);   // closed and deleted
    QVERIFY(!actions->progressDialog(u"pr-777"_s));
    QVERIFY(!actions->isRunning(u"pr-777"_s));

    // The cluster agrees with the message.
    int atZero = 0;
    for (const QJsonValue &item : waitFor(session.client()->list(deploymentsIn(u"pr-777"_s))).items())
        atZero += item[u"spec"_s][u"replicas"_s].toInt() == 0 ? 1 : 0;
    QCOMPARE(atZero, match.captured(1).toInt());
    session.watcher()->stop();
}

void TestBrowserLive::keyboardShortcuts()
{
    // Filter, refresh, open URL and clone each have a key.
    EnvironmentModel model;
    model.upsertAll(environmentsInEveryState());
    pd::gui::MainWindow window;
    QList<QUrl> opened;
    window.setUrlOpener([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    });
    window.setEnvironmentModel(&model);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    const auto actionFor = [&window](const QKeySequence &keys) -> QAction * {
        const QList<QAction *> all = window.findChildren<QAction *>();
        for (QAction *action : all) {
            if (action->shortcuts().contains(keys))
                return action;
        }
        return nullptr;
    };
    QAction *filter = actionFor(QKeySequence(QKeySequence::Find));
    QAction *refresh = actionFor(QKeySequence(QKeySequence::Refresh));
    QAction *openUrl = actionFor(QKeySequence(Qt::CTRL | Qt::Key_O));
    QAction *clone = actionFor(QKeySequence(Qt::CTRL | Qt::Key_N));
    QVERIFY2(filter, "no filter shortcut (Ctrl+F)");
    QVERIFY2(refresh, "no refresh shortcut (F5)");
    QCOMPARE(refresh, window.refreshAction());
    QVERIFY2(openUrl, "no open-URL shortcut (Ctrl+O)");
    QVERIFY2(clone, "no clone shortcut (Ctrl+N)");
    QCOMPARE(clone, window.environmentActions()->cloneAction());

    // And they work from the keyboard.
    window.table()->setFocus();
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(window.filterBar()->textEdit()->hasFocus());
    QSignalSpy refreshed(&window, &pd::gui::MainWindow::refreshRequested);
    QTest::keyClick(&window, Qt::Key_F5);
    QCOMPARE(refreshed.count(), 1);
    QVERIFY(window.selectEnvironment(u"pr-601-healthy"_s));
    window.table()->setFocus();
    QTest::keyClick(&window, Qt::Key_O, Qt::ControlModifier);
    QCOMPARE(opened, QList<QUrl>{QUrl(u"https://pr-601-healthy.shop.example.com"_s)});
}

void TestBrowserLive::palettesReadable_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestBrowserLive::palettesReadable()
{
    QFETCH(bool, dark);
    const QPalette palette = dark ? darkPalette() : QApplication::style()->standardPalette();
    QApplication::setPalette(palette);
    const auto restore = qScopeGuard([] { QApplication::setPalette(QApplication::style()->standardPalette()); });
    QCOMPARE(pd::gui::EnvironmentDelegate::isDark(QApplication::palette()), dark);

    // The state colours themselves, against every background a row or the pane has.
    for (int state = 0; state <= int(EnvironmentState::Expired); ++state) {
        const QColor color = pd::gui::EnvironmentDelegate::stateColor(state, palette);
        for (const QPalette::ColorRole role : {QPalette::Base, QPalette::AlternateBase, QPalette::Window}) {
            const double ratio = contrast(color, palette.color(role));
            QVERIFY2(ratio >= 4.5, qPrintable(u"state %1 (%2) on role %3: %4:1"_s.arg(state).arg(color.name()).arg(int(role)).arg(ratio)));
        }
    }

    EnvironmentModel model;
    model.upsertAll(environmentsInEveryState());
    pd::gui::MainWindow window;
    window.setContexts({u"sandbox (demo)"_s}, u"sandbox (demo)"_s);
    window.setEnvironmentModel(&model);
    window.resize(1440, 820);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.selectEnvironment(u"pr-603-degraded"_s));
    QTRY_COMPARE(window.detailsPane()->environmentName(), u"pr-603-degraded"_s);
    for (int pass = 0; pass < 3; ++pass)
        QCoreApplication::processEvents();

    // The rendered dots in the state column: the delegate's colour, readable on its row.
    QTableView *table = window.table();
    const QImage cells = table->viewport()->grab().toImage();
    const qreal scale = cells.devicePixelRatio();
    int checked = 0;
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QModelIndex index = table->model()->index(row, EnvironmentModel::StateColumn);
        if (table->selectionModel()->isRowSelected(row, {}))
            continue;   // the highlight is the style's, not ours
        const QRect rect = table->visualRect(index);
        const int y = int(rect.center().y() * scale);
        const QColor background(cells.pixel(int((rect.right() - 2) * scale), y));
        const QColor expected = pd::gui::EnvironmentDelegate::stateColor(index.data(EnvironmentModel::StateRole).toInt(), palette);
        bool found = false;
        for (int x = int(rect.left() * scale); x < int(rect.right() * scale) && !found; ++x)
            found = near(QColor(cells.pixel(x, y)), expected, 6);
        QVERIFY2(found, qPrintable(u"no %1 dot in row %2"_s.arg(expected.name()).arg(row)));
        const double ratio = contrast(expected, background);
        QVERIFY2(ratio >= 4.5, qPrintable(u"row %1: %2 on %3 is %4:1"_s.arg(row).arg(expected.name(), background.name()).arg(ratio)));
        // The state word itself is the palette's text colour.
        QVERIFY(contrast(palette.color(QPalette::Text), background) >= 4.5);
        ++checked;
    }
    QCOMPARE(checked, 5);

    // The details pane: every label's text (and any colour or link in its rich text)
    // against the background actually rendered behind it.
    const QImage shot = window.grab().toImage();
    const qreal shotScale = shot.devicePixelRatio();
    const QRegularExpression colorInHtml(u"color:\\s*(#[0-9a-fA-F]{6})"_s);
    int labels = 0;
    const QList<QLabel *> all = window.detailsPane()->findChildren<QLabel *>();
    for (QLabel *label : all) {
        // Only what is on screen (the pane scrolls).
        const QRect visible = label->visibleRegion().boundingRect();
        if (!label->isVisibleTo(&window) || label->text().isEmpty() || visible.isEmpty())
            continue;
        const QRect onWindow(label->mapTo(&window, visible.topLeft()), visible.size());
        const QRect pixels(int(onWindow.x() * shotScale), int(onWindow.y() * shotScale),
                           int(onWindow.width() * shotScale), int(onWindow.height() * shotScale));
        const QColor background = mostFrequentColor(shot, pixels);
        QList<QColor> colors{label->palette().color(label->foregroundRole())};
        for (const QRegularExpressionMatch &m : colorInHtml.globalMatch(label->text()))
            colors.append(QColor(m.captured(1)));
        if (label->text().contains(u"<a "_s))
            colors.append(label->palette().color(QPalette::Link));
        for (const QColor &color : std::as_const(colors)) {
            const double ratio = contrast(color, background);
            QVERIFY2(ratio >= 4.5, qPrintable(u"\"%1\": %2 on %3 is %4:1"_s.arg(label->text().left(60), color.name(),
                                                                             background.name()).arg(ratio)));
        }
        ++labels;
    }
    QVERIFY2(labels >= 8, qPrintable(QString::number(labels)));
    QTreeWidget *workloads = window.detailsPane()->workloadTree();
    QCOMPARE(workloads->topLevelItemCount(), 1);
    const QColor status = workloads->topLevelItem(0)->foreground(3).color();
    for (const QPalette::ColorRole role : {QPalette::Base, QPalette::AlternateBase})
        QVERIFY2(contrast(status, workloads->palette().color(role)) >= 4.5, qPrintable(status.name()));

    if (dark) {
        // Into the build tree: the copy in resources/screenshots is updated by hand.
        const QString path = QDir(pd::test::buildDir()).filePath(u"main-window-dark.png"_s);
        QVERIFY2(shot.save(path), qPrintable(path));
        qInfo("screenshot: %s", qPrintable(path));
    }
}

QTEST_MAIN(TestBrowserLive)
#include "tst_browserlive.moc"
