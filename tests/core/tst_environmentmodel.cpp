// EnvironmentModel under QAbstractItemModelTester: rows come and go one at a time,
// changes touch only the cells that changed, and nothing ever resets the model.
#include "core/environment/environmentmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using pd::core::Environment;
using pd::core::EnvironmentModel;
using pd::core::EnvironmentRole;
using pd::core::EnvironmentState;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

Environment env(const QString &name, EnvironmentState state = EnvironmentState::Healthy)
{
    Environment e;
    e.name = name;
    e.role = name == u"staging"_s ? EnvironmentRole::Source : EnvironmentRole::Preview;
    e.state = state;
    e.created = kNow.addDays(-3);
    e.servicesReady = 3;
    e.servicesTotal = 4;
    return e;
}

} // namespace

class TestEnvironmentModel final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void insertsRowsOneByOne();
    void updatesOnlyChangedCells();
    void unchangedUpsertIsSilent();
    void removesRows();
    void retainOnly();
    void displayTexts_data();
    void displayTexts();
    void stateSortsAttentionFirst();
    void refreshTimes();
    void upsertAllInsertsOnce();
    void extrasSurviveUpsertsAndDieWithTheRow();
    void extrasShowInColumns();

private:
    EnvironmentModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
    QSignalSpy *m_resets = nullptr;
};

void TestEnvironmentModel::init()
{
    m_model = new EnvironmentModel([] { return kNow; }, this);
    m_tester = new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    m_resets = new QSignalSpy(m_model, &QAbstractItemModel::modelReset);
}

void TestEnvironmentModel::cleanup()
{
    QCOMPARE(m_resets->count(), 0);   // incremental, always
    delete m_resets;
    delete m_tester;
    delete m_model;
}

void TestEnvironmentModel::insertsRowsOneByOne()
{
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    m_model->upsert(env(u"staging"_s));
    m_model->upsert(env(u"pr-1"_s));
    m_model->upsert(env(u"pr-2"_s));
    QCOMPARE(inserted.count(), 3);
    QCOMPARE(inserted.at(2).at(1).toInt(), 2);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->columnCount(), int(EnvironmentModel::ColumnCount));
    QCOMPARE(m_model->rowOf(u"pr-2"_s), 2);
    QCOMPARE(m_model->names(), (QStringList{u"staging"_s, u"pr-1"_s, u"pr-2"_s}));
}

void TestEnvironmentModel::updatesOnlyChangedCells()
{
    m_model->upsert(env(u"staging"_s));
    m_model->upsert(env(u"pr-1"_s));
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);

    Environment degraded = env(u"pr-1"_s, EnvironmentState::Degraded);
    degraded.stateReason = u"web: ImagePullBackOff"_s;
    m_model->upsert(degraded);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(changed.count(), 1);
    const QModelIndex topLeft = changed.at(0).at(0).value<QModelIndex>();
    const QModelIndex bottomRight = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 1);
    QCOMPARE(bottomRight.row(), 1);
    QCOMPARE(topLeft.column(), int(EnvironmentModel::StateColumn));
    QCOMPARE(bottomRight.column(), int(EnvironmentModel::StateColumn));
    QCOMPARE(m_model->index(1, EnvironmentModel::StateColumn).data().toString(), u"Degraded"_s);
    QCOMPARE(m_model->index(1, EnvironmentModel::StateColumn).data(Qt::ToolTipRole).toString(),
             u"web: ImagePullBackOff"_s);

    // A change no column shows (a label) still tells the views about the row.
    Environment labelled = degraded;
    labelled.labels.insert(u"team"_s, u"checkout"_s);
    m_model->upsert(labelled);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(1).at(0).value<QModelIndex>().row(), 1);
    QCOMPARE(m_model->environment(1).labels.value(u"team"_s), u"checkout"_s);
}

void TestEnvironmentModel::unchangedUpsertIsSilent()
{
    m_model->upsert(env(u"pr-1"_s));
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->upsert(env(u"pr-1"_s));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(m_model->rowCount(), 1);
}

void TestEnvironmentModel::removesRows()
{
    for (const auto &name : {u"a"_s, u"b"_s, u"c"_s})
        m_model->upsert(env(name));
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    QVERIFY(m_model->remove(u"b"_s));
    QVERIFY(!m_model->remove(u"b"_s));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 1);
    QCOMPARE(m_model->rowOf(u"c"_s), 1);
    QCOMPARE(m_model->rowOf(u"b"_s), -1);
    QCOMPARE(m_model->find(u"c"_s)->name, u"c"_s);
    QVERIFY(!m_model->find(u"b"_s));
    // The index still maps names to the right rows after a removal.
    Environment c = env(u"c"_s, EnvironmentState::Expired);
    m_model->upsert(c);
    QCOMPARE(m_model->index(1, EnvironmentModel::StateColumn).data().toString(), u"Expired"_s);
}

void TestEnvironmentModel::retainOnly()
{
    for (const auto &name : {u"a"_s, u"b"_s, u"c"_s, u"d"_s})
        m_model->upsert(env(name));
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    m_model->retainOnly({u"b"_s, u"d"_s, u"zzz"_s});
    QCOMPARE(removed.count(), 2);
    QCOMPARE(m_model->names(), (QStringList{u"b"_s, u"d"_s}));

    // Neighbouring rows go in one removal; names still find their (moved) rows.
    for (const auto &name : {u"e"_s, u"f"_s, u"g"_s, u"h"_s})
        m_model->upsert(env(name));
    removed.clear();
    m_model->retainOnly({u"b"_s, u"g"_s});
    QCOMPARE(removed.count(), 2);   // [h], then [d, e, f]
    QCOMPARE(m_model->names(), (QStringList{u"b"_s, u"g"_s}));
    QCOMPARE(m_model->rowOf(u"g"_s), 1);
    QCOMPARE(m_model->rowOf(u"e"_s), -1);
}

void TestEnvironmentModel::displayTexts_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");

    QTest::newRow("name") << int(EnvironmentModel::NameColumn) << u"pr-1423"_s;
    QTest::newRow("role") << int(EnvironmentModel::RoleColumn) << u"preview"_s;
    QTest::newRow("pr") << int(EnvironmentModel::PrColumn) << u"#1423"_s;
    QTest::newRow("branch") << int(EnvironmentModel::BranchColumn) << u"checkout-redesign"_s;
    QTest::newRow("owner") << int(EnvironmentModel::OwnerColumn) << u"a.rivera"_s;
    QTest::newRow("state") << int(EnvironmentModel::StateColumn) << u"Scaled down"_s;
    QTest::newRow("services") << int(EnvironmentModel::ServicesColumn) << u"3/4"_s;
    QTest::newRow("age") << int(EnvironmentModel::AgeColumn) << u"3 d"_s;
    QTest::newRow("expires in") << int(EnvironmentModel::ExpiresInColumn) << u"20 h"_s;
    QTest::newRow("url") << int(EnvironmentModel::UrlColumn) << u"https://pr-1423.shop.example.com"_s;
    QTest::newRow("parent") << int(EnvironmentModel::ParentColumn) << u"staging"_s;
    QTest::newRow("quota") << int(EnvironmentModel::QuotaColumn) << u"75%"_s;
    QTest::newRow("cost is not invented") << int(EnvironmentModel::CostColumn) << QString();
}

void TestEnvironmentModel::displayTexts()
{
    QFETCH(int, column);
    QFETCH(QString, text);

    Environment e = env(u"pr-1423"_s, EnvironmentState::ScaledDown);
    e.pr = u"1423"_s;
    e.branch = u"checkout-redesign"_s;
    e.owner = u"a.rivera"_s;
    e.expiresAt = kNow.addSecs(20 * 3600 + 59);
    e.url = QUrl(u"https://pr-1423.shop.example.com"_s);
    e.parent = u"staging"_s;
    pd::core::QuotaItem quota;
    quota.resource = u"requests.memory"_s;
    quota.hard = pd::kube::Quantity::fromString(u"4Gi");
    quota.used = pd::kube::Quantity::fromString(u"3Gi");
    e.quotas = {quota};
    m_model->upsert(e);
    QCOMPARE(m_model->index(0, column).data().toString(), text);
    QVERIFY(!m_model->headerData(column, Qt::Horizontal).toString().isEmpty());
}

void TestEnvironmentModel::stateSortsAttentionFirst()
{
    const QList<EnvironmentState> states{EnvironmentState::Healthy, EnvironmentState::ScaledDown,
                                         EnvironmentState::Expired, EnvironmentState::Progressing,
                                         EnvironmentState::Degraded, EnvironmentState::Terminating};
    for (int i = 0; i < states.size(); ++i)
        m_model->upsert(env(u"env-"_s + QString::number(i), states.at(i)));
    const auto order = [this](int row) {
        return m_model->index(row, EnvironmentModel::StateColumn).data(EnvironmentModel::SortRole).toInt();
    };
    const int degraded = order(4);
    const int expired = order(2);
    for (int row : {0, 1, 3, 5}) {
        QVERIFY(degraded < order(row));
        QVERIFY(expired < order(row));
    }
    QVERIFY(degraded < expired);
}

void TestEnvironmentModel::refreshTimes()
{
    QDateTime now = kNow;
    EnvironmentModel model([&now] { return now; });
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Environment e = env(u"pr-1"_s);
    e.expiresAt = kNow.addSecs(90 * 60);
    model.upsert(e);
    QCOMPARE(model.index(0, EnvironmentModel::ExpiresInColumn).data().toString(), u"1 h 30 min"_s);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    now = kNow.addSecs(2 * 3600);
    model.refreshTimes();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0, EnvironmentModel::ExpiresInColumn).data().toString(), u"expired 30 min ago"_s);
}

void TestEnvironmentModel::upsertAllInsertsOnce()
{
    m_model->upsert(env(u"staging"_s));
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    // One new name twice: the last one wins, as two upserts would have it.
    m_model->upsertAll({env(u"pr-1"_s), env(u"staging"_s, EnvironmentState::Degraded), env(u"pr-2"_s),
                        env(u"pr-1"_s, EnvironmentState::Expired)});
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_model->names(), (QStringList{u"staging"_s, u"pr-1"_s, u"pr-2"_s}));
    QCOMPARE(m_model->find(u"pr-1"_s)->state, EnvironmentState::Expired);
    QCOMPARE(m_model->rowOf(u"pr-2"_s), 2);
}

void TestEnvironmentModel::extrasSurviveUpsertsAndDieWithTheRow()
{
    m_model->upsert(env(u"pr-1"_s, EnvironmentState::Degraded));
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->setProblem(u"pr-1"_s, u"api: ImagePullBackOff"_s);
    QCOMPARE(changed.count(), 1);
    m_model->setProblem(u"pr-1"_s, u"api: ImagePullBackOff"_s);   // unchanged: silent
    QCOMPARE(changed.count(), 1);
    m_model->setProblem(u"unknown"_s, u"x"_s);                    // no such row: ignored
    QCOMPARE(changed.count(), 1);

    Environment rebuilt = env(u"pr-1"_s, EnvironmentState::Degraded);
    rebuilt.servicesReady = 1;
    m_model->upsert(rebuilt);
    QCOMPARE(m_model->extras(0).problem, u"api: ImagePullBackOff"_s);
    QCOMPARE(m_model->index(0, 0).data(EnvironmentModel::ProblemRole).toString(), u"api: ImagePullBackOff"_s);

    m_model->remove(u"pr-1"_s);
    m_model->upsert(env(u"pr-1"_s));
    QVERIFY(m_model->extras(0).problem.isEmpty());
}

void TestEnvironmentModel::extrasShowInColumns()
{
    Environment e = env(u"pr-7"_s);
    e.pr = u"7"_s;
    m_model->upsert(e);
    const auto cell = [this](int column, int role = Qt::DisplayRole) { return m_model->index(0, column).data(role); };
    QCOMPARE(cell(EnvironmentModel::CostColumn).toString(), QString());   // never an invented number
    QCOMPARE(cell(EnvironmentModel::PrColumn).toString(), u"#7"_s);

    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->setCostPerDay(u"pr-7"_s, 1.2345);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().column(), int(EnvironmentModel::CostColumn));
    QCOMPARE(cell(EnvironmentModel::CostColumn).toString(), u"$1.23"_s);
    QCOMPARE(cell(EnvironmentModel::CostColumn, EnvironmentModel::SortRole).toDouble(), 1.2345);

    m_model->setPullRequest(u"pr-7"_s, pd::core::PullRequestInfo{u"merged"_s, u"Add gift cards"_s, {}, kNow});
    QCOMPARE(cell(EnvironmentModel::PrColumn).toString(), u"#7 (merged)"_s);
    QCOMPARE(cell(EnvironmentModel::PrColumn, EnvironmentModel::PullRequestStateRole).toString(), u"merged"_s);
    QVERIFY(m_model->extras(0).pullRequest.isFinished());

    m_model->setProblem(u"pr-7"_s, u"db: CrashLoopBackOff"_s);
    QVERIFY(cell(EnvironmentModel::StateColumn, Qt::ToolTipRole).toString().contains(u"db: CrashLoopBackOff"_s));
}

QTEST_GUILESS_MAIN(TestEnvironmentModel)
#include "tst_environmentmodel.moc"
