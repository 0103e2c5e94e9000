// EnvironmentFilterProxy: each typed filter, alone and combined, on a fixed set of
// environments; and the default sort that puts Degraded and Expired on top.
#include "core/environment/environmentfilterproxy.h"
#include "core/environment/environmentmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using pd::core::Environment;
using pd::core::EnvironmentFilterProxy;
using pd::core::EnvironmentModel;
using pd::core::EnvironmentRole;
using pd::core::EnvironmentState;

using Role = std::optional<EnvironmentRole>;
using State = std::optional<EnvironmentState>;
using Window = std::optional<std::chrono::seconds>;
Q_DECLARE_METATYPE(Role)
Q_DECLARE_METATYPE(State)
Q_DECLARE_METATYPE(Window)

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

Environment env(const QString &name, EnvironmentRole role, const QString &pr, const QString &owner,
                EnvironmentState state, qint64 expiresInSeconds)
{
    Environment e;
    e.name = name;
    e.role = role;
    e.pr = pr;
    e.owner = owner;
    e.branch = pr.isEmpty() ? QString() : u"feature-"_s + pr;
    e.state = state;
    e.created = kNow.addDays(-2);
    if (expiresInSeconds != 0)
        e.expiresAt = kNow.addSecs(expiresInSeconds);
    if (role == EnvironmentRole::Preview)
        e.parent = u"staging"_s;
    e.url = QUrl(u"https://"_s + name + u".shop.example.com"_s);
    return e;
}

QStringList visibleNames(const QAbstractItemModel &proxy)
{
    QStringList names;
    for (int row = 0; row < proxy.rowCount(); ++row)
        names.append(proxy.index(row, EnvironmentModel::NameColumn).data().toString());
    return names;
}

} // namespace

class TestEnvironmentFilterProxy final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void filters_data();
    void filters();
    void sortsAttentionFirst();
    void followsLiveUpdates();
    void clearFilters();

private:
    EnvironmentModel *m_model = nullptr;
    EnvironmentFilterProxy *m_proxy = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void TestEnvironmentFilterProxy::init()
{
    m_model = new EnvironmentModel([] { return kNow; }, this);
    m_model->upsert(env(u"staging"_s, EnvironmentRole::Source, {}, {}, EnvironmentState::Healthy, 0));
    m_model->upsert(env(u"pr-1423"_s, EnvironmentRole::Preview, u"1423"_s, u"a.rivera"_s, EnvironmentState::Healthy, 20 * 3600));
    m_model->upsert(env(u"pr-1401"_s, EnvironmentRole::Preview, u"1401"_s, u"j.chen"_s, EnvironmentState::Degraded, 3 * 86400));
    m_model->upsert(env(u"pr-1388"_s, EnvironmentRole::Preview, u"1388"_s, u"A.Rivera"_s, EnvironmentState::Expired, -3600));
    m_model->upsert(env(u"pr-1410"_s, EnvironmentRole::Preview, u"1410"_s, u"m.okafor"_s, EnvironmentState::ScaledDown, 6 * 3600));
    m_model->upsert(env(u"pr-1399"_s, EnvironmentRole::Preview, u"1399"_s, u"j.chen"_s, EnvironmentState::Progressing, 30 * 3600));
    m_proxy = new EnvironmentFilterProxy(this);
    m_proxy->setSourceModel(m_model);
    m_tester = new QAbstractItemModelTester(m_proxy, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    m_proxy->sort(EnvironmentModel::NameColumn);
}

void TestEnvironmentFilterProxy::cleanup()
{
    delete m_tester;
    delete m_proxy;
    delete m_model;
}

void TestEnvironmentFilterProxy::filters_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<QString>("owner");
    QTest::addColumn<QString>("pr");
    QTest::addColumn<QString>("freeText");
    QTest::addColumn<Window>("expiringWithin");
    QTest::addColumn<State>("state");
    QTest::addColumn<QStringList>("expected");

    const QStringList all{u"pr-1388"_s, u"pr-1399"_s, u"pr-1401"_s, u"pr-1410"_s, u"pr-1423"_s, u"staging"_s};
    QTest::newRow("no filter") << Role() << QString() << QString() << QString() << Window() << State() << all;
    QTest::newRow("sources") << Role(EnvironmentRole::Source) << QString() << QString() << QString() << Window()
                             << State() << QStringList{u"staging"_s};
    QTest::newRow("previews") << Role(EnvironmentRole::Preview) << QString() << QString() << QString() << Window()
                              << State() << all.mid(0, 5);
    QTest::newRow("owner, any case") << Role() << u"a.rivera"_s << QString() << QString() << Window() << State()
                                     << QStringList{u"pr-1388"_s, u"pr-1423"_s};
    QTest::newRow("owner is exact") << Role() << u"rivera"_s << QString() << QString() << Window() << State()
                                    << QStringList{};
    QTest::newRow("pr") << Role() << QString() << u"1423"_s << QString() << Window() << State()
                        << QStringList{u"pr-1423"_s};
    QTest::newRow("pr with hash") << Role() << QString() << u"#1401"_s << QString() << Window() << State()
                                  << QStringList{u"pr-1401"_s};
    QTest::newRow("free text PR number") << Role() << QString() << QString() << u"1423"_s << Window() << State()
                                         << QStringList{u"pr-1423"_s};
    QTest::newRow("free text owner") << Role() << QString() << QString() << u"CHEN"_s << Window() << State()
                                     << QStringList{u"pr-1399"_s, u"pr-1401"_s};
    QTest::newRow("free text state") << Role() << QString() << QString() << u"degraded"_s << Window() << State()
                                     << QStringList{u"pr-1401"_s};
    QTest::newRow("free text parent") << Role() << QString() << QString() << u"staging"_s << Window() << State()
                                      << all;
    QTest::newRow("free text none") << Role() << QString() << QString() << u"nothing-like-this"_s << Window()
                                    << State() << QStringList{};
    QTest::newRow("expiring within 24 h") << Role() << QString() << QString() << QString() << Window(24h) << State()
                                          << QStringList{u"pr-1410"_s, u"pr-1423"_s};
    QTest::newRow("expiring within 2 d") << Role() << QString() << QString() << QString() << Window(48h) << State()
                                         << QStringList{u"pr-1399"_s, u"pr-1410"_s, u"pr-1423"_s};
    QTest::newRow("state") << Role() << QString() << QString() << QString() << Window()
                           << State(EnvironmentState::Expired) << QStringList{u"pr-1388"_s};
    QTest::newRow("combined") << Role(EnvironmentRole::Preview) << u"j.chen"_s << QString() << QString()
                              << Window(48h) << State() << QStringList{u"pr-1399"_s};
}

void TestEnvironmentFilterProxy::filters()
{
    QFETCH(Role, role);
    QFETCH(QString, owner);
    QFETCH(QString, pr);
    QFETCH(QString, freeText);
    QFETCH(Window, expiringWithin);
    QFETCH(State, state);
    QFETCH(QStringList, expected);

    m_proxy->setRole(role);
    m_proxy->setOwner(owner);
    m_proxy->setPr(pr);
    m_proxy->setFreeText(freeText);
    m_proxy->setExpiringWithin(expiringWithin);
    m_proxy->setState(state);
    QCOMPARE(visibleNames(*m_proxy), expected);
}

void TestEnvironmentFilterProxy::sortsAttentionFirst()
{
    m_proxy->sort(EnvironmentModel::StateColumn, Qt::AscendingOrder);
    const QStringList names = visibleNames(*m_proxy);
    QCOMPARE(names.mid(0, 2), (QStringList{u"pr-1401"_s, u"pr-1388"_s}));
    QCOMPARE(names.last(), u"staging"_s);

    // Numeric columns sort by value, not by text: "20 h" before "3 d".
    m_proxy->sort(EnvironmentModel::ExpiresInColumn, Qt::AscendingOrder);
    QCOMPARE(visibleNames(*m_proxy),
             (QStringList{u"pr-1388"_s, u"pr-1410"_s, u"pr-1423"_s, u"pr-1399"_s, u"pr-1401"_s, u"staging"_s}));
}

void TestEnvironmentFilterProxy::followsLiveUpdates()
{
    m_proxy->sort(EnvironmentModel::StateColumn, Qt::AscendingOrder);
    m_proxy->setRole(EnvironmentRole::Preview);
    Environment e = m_model->find(u"pr-1423"_s).value();
    e.state = EnvironmentState::Degraded;
    m_model->upsert(e);
    QCOMPARE(visibleNames(*m_proxy).mid(0, 2), (QStringList{u"pr-1401"_s, u"pr-1423"_s}));

    m_model->upsert(env(u"pr-1500"_s, EnvironmentRole::Preview, u"1500"_s, u"x"_s, EnvironmentState::Expired, -60));
    QCOMPARE(m_proxy->rowCount(), 6);
    QVERIFY(m_model->remove(u"pr-1401"_s));
    QCOMPARE(visibleNames(*m_proxy).first(), u"pr-1423"_s);
    QVERIFY(!visibleNames(*m_proxy).contains(u"staging"_s));
}

void TestEnvironmentFilterProxy::clearFilters()
{
    m_proxy->setOwner(u"j.chen"_s);
    m_proxy->setExpiringWithin(24h);
    QCOMPARE(m_proxy->rowCount(), 0);
    m_proxy->clearFilters();
    QCOMPARE(m_proxy->rowCount(), 6);
    QVERIFY(!m_proxy->expiringWithin());
}

QTEST_GUILESS_MAIN(TestEnvironmentFilterProxy)
#include "tst_environmentfilterproxy.moc"
