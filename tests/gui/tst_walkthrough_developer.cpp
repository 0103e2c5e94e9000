// Walkthrough "Developer at the desk: clone by hand" (../shared/WALKTHROUGHS.md) on the
// demo cluster: right-click staging, "Clone…", type the PR number, review the regenerated
// fields and the configuration, leave mail-relay out, read quota and projected cost,
// create, watch each object turn ready and click the URL.
#include "walkthroughutil.h"
#include "clonewizardtestutil.h"

#include "gui/clonewizard/clonewizard.h"
#include "gui/clonewizard/configurationpage.h"
#include "gui/clonewizard/planrowmodel.h"

#include <QComboBox>
#include <QContextMenuEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QTreeView>
#include <QTreeWidget>

#include <functional>

using namespace Qt::StringLiterals;
using pd::core::EnvironmentModel;
using pd::gui::CloneWizard;
using pd::test::child;

namespace {

// Every row of the review tree that a plan row backs, with its rule title.
QList<QModelIndex> planRows(const QAbstractItemModel *model)
{
    QList<QModelIndex> rows;
    const std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int row = 0; row < model->rowCount(parent); ++row) {
            const QModelIndex index = model->index(row, 0, parent);
            if (index.data(pd::gui::PlanRowModel::PlanRowRole).toInt() >= 0)
                rows << index;
            walk(index);
        }
    };
    walk({});
    return rows;
}

} // namespace

class TestWalkthroughDeveloper final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); pd::test::isolate(m_dir); }
    void clonesByHand();

private:
    QTemporaryDir m_dir;
};

void TestWalkthroughDeveloper::clonesByHand()
{
    const pd::test::Walkthrough walk(u"developer"_s);
    pd::test::DemoApp app(m_dir.filePath(u"settings.ini"_s));
    pd::gui::AppOptions options;
    options.demo = true;
    QString error;
    QVERIFY2(app.start(options, &error), qPrintable(error));
    pd::gui::MainWindow *window = app.window();
    window->resize(1280, 800);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTableView *table = window->table();
    QTRY_VERIFY_WITH_TIMEOUT(pd::test::cellOf(table, u"staging"_s, 0).isValid(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(window->environmentActions() && window->connectionText().startsWith(u"Live"_s), 10000);

    // 1) Right-click staging, "Clone…"; 1423 as the PR fills the name in the source's pattern.
    QTRY_VERIFY_WITH_TIMEOUT(pd::test::contextMenuEntry(table, u"staging"_s, u"Clone…"_s), 10000);
    CloneWizard *wizard = nullptr;
    QTRY_VERIFY((wizard = window->findChild<CloneWizard *>()) && wizard->isVisible());
    const pd::test::ClientIdleGuard idle{app.session()->client()};
    wizard->setExecutorOptions(pd::test::quickCloneRun());
    wizard->resize(1100, 760);
    walk.shot(wizard, u"0-opened"_s);
    // The source loads although the browser's session shares the discovery run with the
    // wizard (it once stayed at "Reading staging…": a QFuture resumed only one caller).
    QTRY_VERIFY_WITH_TIMEOUT(wizard->sourceLoaded() || !wizard->loadError().isEmpty(), 20000);
    QVERIFY2(wizard->sourceLoaded(), qPrintable(wizard->loadError()));
    QAbstractButton *next = wizard->button(QWizard::NextButton);
    auto *pullRequest = child<QLineEdit>(*wizard, u"pullRequest"_s);
    auto *name = child<QLineEdit>(*wizard, u"previewName"_s);
    QVERIFY(pullRequest && name);
    QTest::keyClicks(pullRequest, u"1423"_s);
    QCOMPARE(name->text(), u"shop-pr-1423"_s);   // like shop-pr-1418 beside it
    auto *url = child<QLabel>(*wizard, u"previewUrl"_s);
    QTRY_VERIFY2(url->text().contains(u"shop-pr-1423"_s), qPrintable(url->text()));
    QTest::keyClicks(child<QLineEdit>(*wizard, u"owner"_s), u"a.rivera"_s);
    // The branch is suggested from the PR only with a forge token; the demo has none, and
    // the field says where a suggestion would come from.
    auto *branch = child<QLineEdit>(*wizard, u"branch"_s);
    QVERIFY(!branch->text().isEmpty() || !branch->placeholderText().isEmpty());
    QTest::keyClicks(branch, u"checkout-redesign"_s);
    QTRY_VERIFY(next->isEnabled());
    walk.shot(wizard, u"1-name-from-pr"_s);

    // 2) Regenerated fields: old beside new with the rule; the database password "regenerated".
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(CloneWizard::FieldsPageId));
    auto *tree = child<QTreeView>(*wizard, u"planTree"_s);
    QTRY_VERIFY(tree->model()->rowCount() > 0);
    QModelIndex password;
    for (const QModelIndex &row : planRows(tree->model())) {
        const QString path = row.data().toString() + row.data(Qt::ToolTipRole).toString();
        if (path.contains(u"password"_s, Qt::CaseInsensitive) && row.siblingAtColumn(2).data().toString().contains(u"regenerated"_s, Qt::CaseInsensitive))
            password = row;
    }
    QVERIFY2(password.isValid(), "no password row marked regenerated");
    tree->scrollTo(password);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(password).center());
    auto *rule = child<QLabel>(*wizard, u"ruleExplanation"_s);
    QTRY_VERIFY(!rule->text().isEmpty());
    walk.shot(wizard, u"2-regenerated-fields"_s);

    // 3) Configuration of checkout-api: plain values shown, secret-backed ones masked.
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(CloneWizard::ConfigurationPageId));
    auto *configuration = child<QTreeWidget>(*wizard, u"configurationTree"_s);
    const QList<QTreeWidgetItem *> passwordRows = configuration->findItems(u"DB_PASSWORD"_s, Qt::MatchExactly | Qt::MatchRecursive);
    QVERIFY(!passwordRows.isEmpty());
    QCOMPARE(passwordRows.first()->text(2), pd::gui::ConfigurationPage::mask());
    auto *reveal = child<QPushButton>(*wizard, u"reveal:Deployment/checkout-api/DB_PASSWORD"_s);
    QVERIFY(reveal);
    // The demo's user is the cluster admin: reveal is allowed (the walkthrough's developer
    // without the permission is tst_clonewizard's viewer case).
    QTRY_VERIFY(wizard->canReadSecrets().has_value());
    QCOMPARE(reveal->isEnabled(), *wizard->canReadSecrets());
    QVERIFY(reveal->isVisible() && !reveal->visibleRegion().isEmpty());
    walk.shot(wizard, u"3-configuration"_s);

    // 4) mail-relay: picks "leave out" with the keyboard; Next waits for it.
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(CloneWizard::DecisionsPageId));
    QVERIFY(!next->isEnabled());
    auto *decision = child<QComboBox>(*wizard, u"decision:mail-relay"_s);
    QVERIFY(decision);
    const int omit = decision->findData(u"omit"_s);
    QVERIFY(omit >= 0);
    decision->setFocus(Qt::TabFocusReason);
    while (decision->currentIndex() < omit)
        QTest::keyClick(decision, Qt::Key_Down);
    while (decision->currentIndex() > omit)
        QTest::keyClick(decision, Qt::Key_Up);
    QTRY_VERIFY(next->isEnabled());
    walk.shot(wizard, u"4-decision-leave-out"_s);

    // Data: postgres starts empty (the default); the page says what else it could start with.
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(CloneWizard::DataPageId));
    auto *data = child<QComboBox>(*wizard, u"data:postgres"_s);
    QVERIFY(data);
    QCOMPARE(data->currentData().toString(), u"empty"_s);
    walk.shot(wizard, u"4b-data"_s);

    // Quota and the projected cost per day.
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(CloneWizard::SettingsPageId));
    QVERIFY2(child<QLabel>(*wizard, u"quota"_s)->text().contains(u"requests.cpu"_s), qPrintable(child<QLabel>(*wizard, u"quota"_s)->text()));
    walk.shot(wizard, u"5-quota"_s);
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(CloneWizard::SummaryPageId));
    const QString summary = child<QLabel>(*wizard, u"summary"_s)->text();
    QVERIFY2(summary.contains(u"Projected cost: $"_s) && summary.contains(u"/ day"_s), qPrintable(summary));
    QVERIFY2(summary.contains(u"shop-pr-1423"_s), qPrintable(summary));
    walk.shot(wizard, u"6-summary"_s);

    // Creates; watches each object turn ready; the URL is a link.
    QAbstractButton *create = wizard->button(QWizard::CommitButton);
    QVERIFY(create->isVisible() && create->isEnabled());
    QTest::mouseClick(create, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(CloneWizard::ProgressPageId));
    auto *progress = child<QListWidget>(*wizard, u"progressList"_s);
    QVERIFY(progress->count() > 5);
    auto *result = child<QLabel>(*wizard, u"result"_s);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(u"href=\"https://"_s), 45000);
    QVERIFY(!progress->findItems(u"Deployment/checkout-api — ready"_s, Qt::MatchStartsWith).isEmpty());
    QVERIFY(result->openExternalLinks());
    walk.shot(wizard, u"7-created"_s);
    // The new preview appears in the browser.
    QTRY_VERIFY_WITH_TIMEOUT(pd::test::cellOf(table, u"shop-pr-1423"_s, 0).isValid(), 10000);
    QTest::mouseClick(wizard->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_VERIFY(!window->findChild<CloneWizard *>() || !wizard->isVisible());
    QVERIFY(pd::test::clickRow(table, u"shop-pr-1423"_s));
    walk.shot(window, u"8-preview-in-browser"_s);
}

QTEST_MAIN(TestWalkthroughDeveloper)
#include "tst_walkthrough_developer.moc"
