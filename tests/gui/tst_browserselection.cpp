// Selection that never moves by itself, with 10,000 rows as a person drives them: a
// row clicked, hidden by a typed filter (nothing selected, actions off, the status
// says where it went), brought back by "Clear filter" from the empty state (selected
// again and scrolled into sight), kept through sorting and live updates, and never
// handed to a row nobody clicked.
#include "core/environment/environmentmodel.h"
#include "gui/emptystate.h"
#include "gui/environmentactionsmenu.h"
#include "gui/environmentdetailspane.h"
#include "gui/environmentfilterbar.h"
#include "gui/mainwindow.h"
#include "screenshot.h"
#include "testpaths.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using pd::core::Environment;
using pd::core::EnvironmentModel;

namespace {

QList<Environment> manyPreviews(int count)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<Environment> list;
    list.reserve(count);
    for (int i = 0; i < count; ++i) {
        Environment env;
        env.name = u"pr-%1"_s.arg(i, 5, 10, QChar(u'0'));
        env.environmentName = env.name;
        env.pr = QString::number(i);
        env.owner = i % 2 ? u"a.rivera"_s : u"j.chen"_s;
        env.created = now.addDays(-1);
        env.expiresAt = now.addDays(2);
        env.url = QUrl(u"https://%1.shop.example.com"_s.arg(env.name));
        env.parent = u"staging"_s;
        env.labels = {{u"previewdesk.io/role"_s, u"preview"_s}, {u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s}};
        list.append(env);
    }
    return list;
}


void setFilterText(pd::gui::MainWindow &window, const QString &text)
{
    QLineEdit *edit = window.filterBar()->textEdit();
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

// Whether the row of `name` is on screen in the table.
bool inSight(const pd::gui::MainWindow &window, const QString &name)
{
    QTableView *table = window.table();
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QModelIndex index = table->model()->index(row, EnvironmentModel::NameColumn);
        if (index.data().toString() == name)
            return table->viewport()->rect().contains(table->visualRect(index));
    }
    return false;
}

} // namespace

class TestBrowserSelection final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hiddenSelectionStaysHidden();
};

void TestBrowserSelection::hiddenSelectionStaysHidden()
{
    EnvironmentModel model;
    model.upsertAll(manyPreviews(10000));
    pd::gui::MainWindow window;
    window.setContexts({u"sandbox"_s}, u"sandbox"_s);
    window.setEnvironmentModel(&model);
    window.resize(1280, 760);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTableView *table = window.table();
    QCOMPARE(table->model()->rowCount(), 10000);
    pd::gui::EnvironmentActionsMenu *actions = window.environmentActions();

    // Nothing is selected until someone clicks: not even after the table takes focus.
    table->setFocus(Qt::TabFocusReason);
    QCOMPARE(window.selectedEnvironment(), QString());
    QVERIFY(window.detailsPane()->environmentName().isEmpty());

    // Scroll down a long way and click the third visible row.
    table->verticalScrollBar()->setValue(table->verticalScrollBar()->maximum() / 2);
    const QModelIndex top = table->indexAt(QPoint(4, 4));
    QVERIFY(top.isValid());
    const QModelIndex third = table->model()->index(top.row() + 2, EnvironmentModel::NameColumn);
    const QString chosen = third.data().toString();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(third).center());
    QCOMPARE(window.selectedEnvironment(), chosen);
    QCOMPARE(window.detailsPane()->environmentName(), chosen);
    QAction *openUrl = nullptr;
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->text() == u"Open URL"_s)
            openUrl = action;
    }
    QVERIFY(openUrl);
    QVERIFY(openUrl->isEnabled());

    // A filter that hides it: no selection at all, no actions, and the status line says so.
    const QString other = chosen.startsWith(u"pr-07"_s) ? u"pr-08"_s : u"pr-07"_s;
    setFilterText(window, other);
    QCOMPARE(table->model()->rowCount(), 1000);
    QCOMPARE(window.selectedEnvironment(), QString());
    QVERIFY(!table->selectionModel()->hasSelection());
    QVERIFY(!table->selectionModel()->currentIndex().isValid());
    QVERIFY(window.detailsPane()->environmentName().isEmpty());
    QVERIFY(!openUrl->isEnabled());
    QVERIFY(!actions->destroyAction()->isEnabled());
    QVERIFY(!actions->cloneAction()->isEnabled());
    auto *counts = window.findChild<QLabel *>(u"environmentCounts"_s);
    QVERIFY(counts);
    QVERIFY2(counts->text().contains(chosen + u" is hidden by the filter"_s), qPrintable(counts->text()));
    QCOMPARE(window.chosenEnvironment(), chosen);
    pd::test::saveScreenshot(&window, u"selection-hidden-by-filter.png"_s);

    // Typing on does not hand the selection to a filtered row either.
    QTest::keyClicks(window.filterBar()->textEdit(), u"1"_s);
    QCOMPARE(window.selectedEnvironment(), QString());

    // No match at all: the list says so and offers to clear the filter.
    setFilterText(window, u"no-such-preview"_s);
    QCOMPARE(table->model()->rowCount(), 0);
    pd::gui::EmptyState *empty = window.emptyState();
    QTRY_VERIFY(empty->isShown());
    QCOMPARE(empty->label()->text(), u"No environment matches the filter."_s);
    QCOMPARE(empty->button()->text(), u"Clear filter"_s);
    QVERIFY(empty->button()->isVisible());
    pd::test::saveScreenshot(&window, u"selection-empty-filter.png"_s);

    // Clear filter: the chosen row is selected again and scrolled into sight.
    QTest::mouseClick(empty->button(), Qt::LeftButton);
    QCOMPARE(window.filterBar()->textEdit()->text(), QString());
    QCOMPARE(table->model()->rowCount(), 10000);
    QVERIFY(!empty->isShown());
    QCOMPARE(window.selectedEnvironment(), chosen);
    QCOMPARE(window.detailsPane()->environmentName(), chosen);
    QTRY_VERIFY(inSight(window, chosen));
    QVERIFY(openUrl->isEnabled());
    pd::test::saveScreenshot(&window, u"selection-back-after-clear.png"_s);

    // A filter that keeps it keeps it selected, and in sight.
    table->scrollToTop();
    setFilterText(window, chosen.left(6));
    QCOMPARE(window.selectedEnvironment(), chosen);
    QTRY_VERIFY(inSight(window, chosen));

    // The filter bar's own Clear button does the same as the empty state's.
    auto *clear = window.filterBar()->findChild<QToolButton *>();
    QVERIFY(clear);
    QTest::mouseClick(clear, Qt::LeftButton);
    QCOMPARE(table->model()->rowCount(), 10000);
    QCOMPARE(window.selectedEnvironment(), chosen);

    // Sorting by another column keeps the choice.
    QHeaderView *header = table->horizontalHeader();
    const int ownerX = header->sectionViewportPosition(EnvironmentModel::OwnerColumn) + header->sectionSize(EnvironmentModel::OwnerColumn) / 2;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(ownerX, header->height() / 2));
    QCOMPARE(header->sortIndicatorSection(), int(EnvironmentModel::OwnerColumn));
    QCOMPARE(window.selectedEnvironment(), chosen);
    QVERIFY(table->selectionModel()->isRowSelected(table->selectionModel()->currentIndex().row(), {}));
    QCOMPARE(table->selectionModel()->currentIndex().data(EnvironmentModel::NameRole).toString(), chosen);

    // Live updates: rows arriving and going elsewhere leave it; its own removal selects nothing else.
    Environment arrived = manyPreviews(1).first();
    arrived.name = u"pr-new"_s;
    model.upsert(arrived);
    QVERIFY(model.remove(u"pr-00000"_s));
    QCOMPARE(window.selectedEnvironment(), chosen);
    QVERIFY(model.remove(chosen));
    QCOMPARE(window.selectedEnvironment(), QString());
    QVERIFY(!table->selectionModel()->hasSelection());
    QVERIFY(window.detailsPane()->environmentName().isEmpty());
    QVERIFY(!openUrl->isEnabled());
    // A namespace of the same name created again later is not selected on its own.
    Environment again = manyPreviews(1).first();
    again.name = chosen;
    model.upsert(again);
    QCOMPARE(window.selectedEnvironment(), QString());
    QVERIFY(!table->selectionModel()->hasSelection());
}

QTEST_MAIN(TestBrowserSelection)
#include "tst_browserselection.moc"
