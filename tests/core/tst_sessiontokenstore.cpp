#include "core/sessiontokenstore.h"

#include <QTest>

#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using pd::core::SessionTokenStore;

class TestSessionTokenStore final : public QObject
{
    Q_OBJECT

private slots:
    void storeReadRemove_data();
    void storeReadRemove();
    void overwriteAndClear();
    void concurrentUse();
};

void TestSessionTokenStore::storeReadRemove_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("secret");
    QTest::newRow("cluster token") << u"cluster-token/dev"_s << u"eyJhbGciOi.x.y"_s;
    QTest::newRow("forge token") << u"forge-token/github.com"_s << u"ghp_abc"_s;
    QTest::newRow("empty value") << u"cluster-token/empty"_s << QString();
    QTest::newRow("unicode") << u"cluster-token/prëview"_s << u"🔑-pässwört"_s;
}

void TestSessionTokenStore::storeReadRemove()
{
    QFETCH(QString, key);
    QFETCH(QString, secret);
    SessionTokenStore store;
    QVERIFY(!store.read(key).has_value());
    QVERIFY(!store.remove(key));
    store.store(key, secret);
    QVERIFY(store.contains(key));
    QCOMPARE(store.read(key).value_or(u"<missing>"_s), secret);
    QCOMPARE(store.size(), qsizetype(1));
    QVERIFY(store.remove(key));
    QVERIFY(!store.contains(key));
    QVERIFY(!store.read(key).has_value());
}

void TestSessionTokenStore::overwriteAndClear()
{
    SessionTokenStore store;
    store.store(u"a"_s, u"one"_s);
    QString kept = u"two"_s;
    store.store(u"a"_s, kept);
    store.store(u"b"_s, u"three"_s);
    QCOMPARE(*store.read(u"a"_s), u"two"_s);
    QCOMPARE(store.size(), qsizetype(2));
    store.clear();
    QCOMPARE(store.size(), qsizetype(0));
    QVERIFY(!store.read(u"b"_s));
    QCOMPARE(kept, u"two"_s); // wiping the store's copy leaves the caller's string alone
}

void TestSessionTokenStore::concurrentUse()
{
    SessionTokenStore store;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&store, t] {
            for (int i = 0; i < 200; ++i) {
                const QString key = u"k%1-%2"_s.arg(t).arg(i);
                store.store(key, key + u"-v"_s);
                if (i % 2)
                    store.remove(key);
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(store.size(), qsizetype(4 * 100));
    QCOMPARE(*store.read(u"k3-198"_s), u"k3-198-v"_s);
    QVERIFY(!store.contains(u"k3-199"_s));
}

QTEST_GUILESS_MAIN(TestSessionTokenStore)
#include "tst_sessiontokenstore.moc"
