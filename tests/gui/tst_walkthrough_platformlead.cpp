// Walkthrough "Platform lead, end of month" (../shared/WALKTHROUGHS.md) on the demo
// cluster: Cost (Ctrl+K), last 30 days stacked by namespace; the Idle tab; the
// rightsizing table with checkout-api's monthly saving, exported as CSV. The demo has no
// month behind it: the test writes 30 days of hourly history first, as the app would have
// recorded it, so nothing depends on when the app's own samples arrive: staging's
// checkout-api requests 1 core and uses 250m, three previews idle at 1 % of their CPU
// requests, others work, six previews of earlier in the month are gone.
#include "walkthroughutil.h"

#include "gui/cost/costchartswidget.h"
#include "gui/cost/costwindow.h"
#include "gui/cost/idlepreviewmodel.h"
#include "gui/cost/idlepreviewspanel.h"

#include <QComboBox>
#include <QDateTime>
#include <QAbstractItemView>
#include <QCompleter>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTabBar>
#include <QTabWidget>

using namespace Qt::StringLiterals;
using pd::gui::CostChartsWidget;

namespace {

// Clicks the tab titled `title` in the cost window's tab bar.
bool clickTab(QTabWidget *tabs, int index)
{
    QTabBar *bar = tabs->tabBar();
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(index).center());
    return tabs->currentIndex() == index;
}

const QStringList kIdle{u"shop-pr-1412"_s, u"shop-pr-1402"_s, u"shop-pr-1420"_s};
const QStringList kBusy{u"shop-pr-1418"_s, u"shop-pr-1385"_s};
// Previews of earlier this month, destroyed two days ago.
const QStringList kGone{u"shop-pr-1301"_s, u"shop-pr-1302"_s, u"shop-pr-1303"_s,
                        u"shop-pr-1304"_s, u"shop-pr-1305"_s, u"shop-pr-1306"_s};

// 30 days of hourly samples, as the app records them, reaching a little past now (the
// app's own first sample sees no pod running yet; "running now" is read from these).
bool seedMonth(QString *error)
{
    pd::core::CostHistory history;
    if (!history.open(pd::core::CostHistory::defaultPath(pd::gui::AppController::sandboxCluster()))) {
        *error = history.error();
        return false;
    }
    constexpr qint64 hour = 3600 * 1000LL;
    constexpr double mib = 1024.0 * 1024;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QHash<QString, QString> owners{{u"staging"_s, QString()}}, roles{{u"staging"_s, u"source"_s}};
    for (const QString &ns : kIdle + kBusy + kGone) {
        owners.insert(ns, ns == u"shop-pr-1420"_s ? u"dave"_s : u"alice"_s);
        roles.insert(ns, u"preview"_s);
    }
    const auto sample = [](qint64 t, const QString &ns, const QString &workload, double cpuUse, double cpuRequest) {
        return pd::core::UsageSample{t, ns, workload + u"-0"_s, workload, workload,
                                     cpuUse, 200 * 1024.0 * 1024, cpuRequest, 256 * 1024.0 * 1024};
    };
    for (qint64 t = now - 30 * 24 * hour + hour; t < now + 2 * hour; t += hour) {
        QList<pd::core::UsageSample> samples;
        // The source: checkout-api asks for 4x what it uses; web is about right.
        samples << sample(t, u"staging"_s, u"checkout-api"_s, 0.25, 1.0) << sample(t, u"staging"_s, u"web"_s, 0.4, 0.5);
        for (const QString &ns : kIdle)
            samples << sample(t, ns, u"web"_s, 0.005, 0.5);
        for (const QString &ns : kBusy)
            samples << sample(t, ns, u"web"_s, 0.45, 0.5);
        if (t < now - 48 * hour) {
            for (const QString &ns : kGone)
                samples << sample(t, ns, u"web"_s, 0.45, 0.5);
        }
        if (!history.record(t, samples, {}, owners, {}, hour, roles)) {
            *error = history.error();
            return false;
        }
    }
    Q_UNUSED(mib);
    return true;
}

} // namespace

class TestWalkthroughPlatformLead final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        pd::test::isolate(m_dir);
        // Its own history: the other walkthroughs use the same context's and may run alongside.
        QCoreApplication::setOrganizationName(u"PreviewDeskWalkthroughPlatformLead"_s);
        const QString history = pd::core::CostHistory::defaultPath(pd::gui::AppController::sandboxCluster());
        for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s, u"-journal"_s})
            QFile::remove(history + suffix);
    }
    void endOfMonth();

private:
    QTemporaryDir m_dir;
};

void TestWalkthroughPlatformLead::endOfMonth()
{
    QString error;
    QVERIFY2(seedMonth(&error), qPrintable(error));
    const pd::test::Walkthrough walk(u"platformlead"_s);
    pd::test::DemoApp app(m_dir.filePath(u"settings.ini"_s));
    pd::gui::AppOptions options;
    options.demo = true;
    QVERIFY2(app.start(options, &error), qPrintable(error));
    pd::gui::MainWindow *window = app.window();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    QTRY_VERIFY_WITH_TIMEOUT(window->connectionText().startsWith(u"Live"_s), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(app.session()->watcher()->isSynced(), 15000);

    // 1) Cost (Ctrl+K), "Last 30 days": stacked by namespace, the top ones and "other".
    QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : window, Qt::Key_K, Qt::ControlModifier);
    pd::gui::CostWindow *cost = nullptr;
    QTRY_VERIFY((cost = window->findChild<pd::gui::CostWindow *>()) && cost->isVisible());
    QVERIFY(QTest::qWaitForWindowExposed(cost));
    cost->resize(1200, 760);
    CostChartsWidget *charts = cost->charts();
    QComboBox *span = nullptr;
    for (QComboBox *combo : cost->findChildren<QComboBox *>())
        span = combo->findText(u"Last 30 days"_s) >= 0 ? combo : span;
    QVERIFY(span);
    span->setFocus(Qt::TabFocusReason);
    while (span->currentText() != u"Last 30 days"_s && span->currentIndex() < span->count() - 1)
        QTest::keyClick(span, Qt::Key_Down);
    QCOMPARE(span->currentText(), u"Last 30 days"_s);
    QTRY_VERIFY(!charts->showsPlaceholder());
    QVERIFY2(charts->headerText().contains(u"history"_s) && charts->headerText().contains(u"of 30d"_s),
             qPrintable(charts->headerText()));
    auto *tabs = charts->findChild<QTabWidget *>(u"costTabs"_s);
    QVERIFY(tabs);
    QCOMPARE(charts->currentTab(), CostChartsWidget::ByDayTab);
    QStringList stacked;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        stacked.clear();
        for (const CostChartsWidget::SeriesData &series : charts->seriesData(CostChartsWidget::ByDayTab))
            stacked << series.name;
        return stacked.contains(u"other"_s);
    }()), 5000);
    // Twelve namespaces cost money this month: the dearest by name, the rest as "other" (last).
    QCOMPARE(stacked.last(), u"other"_s);
    QVERIFY2(stacked.size() - 1 <= 10 && stacked.size() - 1 >= 8, qPrintable(stacked.join(u", "_s)));
    QVERIFY2(stacked.contains(u"staging"_s) && stacked.contains(u"shop-pr-1418"_s), qPrintable(stacked.join(u", "_s)));
    QVERIFY2(!stacked.contains(u"shop-pr-1397"_s), "a scaled-down preview costs nothing this month");
    // One bar per calendar day the window touches: 30 days from now back reach into a 31st.
    const qsizetype days = charts->seriesData(CostChartsWidget::ByDayTab).first().categories.size();
    QVERIFY2(days == 30 || days == 31, qPrintable(QString::number(days)));
    walk.shot(cost, u"1-cost-30-days"_s);

    // 2) The idle list: the three previews under 5 % of their requests, with what they cost.
    QVERIFY(clickTab(tabs, CostChartsWidget::IdleTab));
    QCOMPARE(charts->currentTab(), CostChartsWidget::IdleTab);
    QTableView *idle = charts->idlePanel()->table();
    QTRY_COMPARE(idle->model()->rowCount(), 3);
    QStringList idleNames;
    for (int row = 0; row < idle->model()->rowCount(); ++row) {
        const QModelIndex index = idle->model()->index(row, 0);
        idleNames << index.data(pd::gui::IdlePreviewModel::NamespaceRole).toString();
        QString rowText;
        for (int column = 0; column < idle->model()->columnCount(); ++column)
            rowText += idle->model()->index(row, column).data().toString() + u" | "_s;
        QVERIFY2(rowText.contains(u'$') && !rowText.contains(u"$0.00 "_s), qPrintable(rowText));
    }
    idleNames.sort();
    QStringList expectedIdle = kIdle;
    expectedIdle.sort();
    QCOMPARE(idleNames, expectedIdle);
    walk.shot(cost, u"2-idle"_s);

    // 3) Rightsizing: checkout-api requests 4x its p95, with the monthly saving of 300m.
    QVERIFY(clickTab(tabs, CostChartsWidget::RightsizingTab));
    const QStandardItemModel *rightsizing = charts->rightsizingModel();
    QVERIFY(rightsizing->rowCount() > 0);
    QStringList headers;
    for (int column = 0; column < rightsizing->columnCount(); ++column)
        headers << rightsizing->headerData(column, Qt::Horizontal).toString();
    const auto column = [&headers](const QString &title) { return int(headers.indexOf(title)); };
    QVERIFY2(column(u"Monthly saving"_s) >= 0 && column(u"CPU p95"_s) >= 0, qPrintable(headers.join(u" | "_s)));
    // Sorted by saving: checkout-api first.
    QCOMPARE(rightsizing->index(0, column(u"Namespace"_s)).data().toString(), u"staging"_s);
    QCOMPARE(rightsizing->index(0, column(u"Workload"_s)).data().toString(), u"checkout-api"_s);
    QCOMPARE(rightsizing->index(0, column(u"CPU request"_s)).data().toString(), u"1000m"_s);
    QCOMPARE(rightsizing->index(0, column(u"CPU p95"_s)).data().toString(), u"250m"_s);
    QCOMPARE(rightsizing->index(0, column(u"CPU suggestion"_s)).data().toString(), u"300m"_s);
    const QString savingText = rightsizing->index(0, column(u"Monthly saving"_s)).data().toString();
    const double saving = rightsizing->index(0, column(u"Monthly saving"_s)).data(Qt::UserRole).toDouble();
    QVERIFY2(savingText.startsWith(u'$') && saving >= 1.0, qPrintable(savingText));
    walk.shot(cost, u"3-rightsizing"_s);

    // Exports the table as CSV: the save dialog opens in the working directory with a
    // name for the tab; the person keeps it and presses Enter.
    const QString csvPath = m_dir.filePath(u"cost-rightsizing.csv"_s);
    const QString workingDirectory = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_dir.path()));
    pd::test::whenModal([&](QWidget *dialog) {
        auto *files = qobject_cast<QFileDialog *>(dialog);
        QVERIFY(files);
        QCOMPARE(files->acceptMode(), QFileDialog::AcceptSave);
        auto *nameEdit = files->findChild<QLineEdit *>(u"fileNameEdit"_s);
        QVERIFY(nameEdit);
        QCOMPARE(nameEdit->text(), u"cost-rightsizing.csv"_s);
        QTRY_COMPARE(QDir(files->directory()).canonicalPath(), QDir(m_dir.path()).canonicalPath());
        walk.shot(files, u"4-save-dialog"_s);
        QTest::keyClick(nameEdit, Qt::Key_Return);
    });
    auto *exportCsv = charts->findChild<QPushButton *>(u"exportCsv"_s);
    QVERIFY(exportCsv && exportCsv->isEnabled());
    QTest::mouseClick(exportCsv, Qt::LeftButton);
    QDir::setCurrent(workingDirectory);
    QTRY_VERIFY(QFile::exists(csvPath));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), rightsizing->rowCount() + 1);
    QCOMPARE(lines.first().trimmed(), u"namespace,workload,container,cpu_request_cores,cpu_p95_cores,cpu_suggested_cores,"
                                      "memory_request_bytes,memory_p95_bytes,memory_suggested_bytes,average_replicas,"
                                      "monthly_saving"_s);
    const QStringList first = lines.at(1).trimmed().split(u',');
    QCOMPARE(first.size(), 11);
    QCOMPARE(first.mid(0, 6), (QStringList{u"staging"_s, u"checkout-api"_s, u"checkout-api"_s, u"1"_s, u"0.25"_s, u"0.3"_s}));
    QCOMPARE(first.at(10), QString::number(saving, 'f', 6));
    walk.shot(cost, u"5-exported"_s);
}

QTEST_MAIN(TestWalkthroughPlatformLead)
#include "tst_walkthrough_platformlead.moc"
