// Per-context settings: namespace names checked as RFC 1123 labels with a specific
// reason, prices with OpenCost defaults, stored under contexts/<name>/ in QSettings.
#include "core/contextsettings.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using pd::core::ContextSettings;

class TestContextSettings final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void namespaceNameError_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("errorPart");   // empty: valid
        QTest::newRow("simple") << u"pr-42"_s << QString();
        QTest::newRow("digits first") << u"42-shop"_s << QString();
        QTest::newRow("one char") << u"a"_s << QString();
        QTest::newRow("63 chars") << QString(63, u'a') << QString();
        QTest::newRow("empty") << QString() << u"cannot be empty"_s;
        QTest::newRow("64 chars") << QString(64, u'a') << u"64 characters long; a namespace name has at most 63"_s;
        QTest::newRow("upper case") << u"PR-42"_s << u"upper-case letters; namespace names are lower case (pr-42)"_s;
        QTest::newRow("underscore") << u"pr_42"_s << u"contains '_'"_s;
        QTest::newRow("dot") << u"shop.staging"_s << u"contains '.'"_s;
        QTest::newRow("space inside") << u"pr 42"_s << u"contains ' '"_s;
        QTest::newRow("leading dash") << u"-pr"_s << u"starts with '-'"_s;
        QTest::newRow("trailing dash") << u"pr-"_s << u"ends with '-'"_s;
        QTest::newRow("non-ascii") << u"prü"_s << u"contains 'ü'"_s;
    }

    void namespaceNameError()
    {
        QFETCH(QString, name);
        QFETCH(QString, errorPart);
        const QString error = ContextSettings::namespaceNameError(name);
        if (errorPart.isEmpty())
            QVERIFY2(error.isEmpty(), qPrintable(error));
        else
            QVERIFY2(error.contains(errorPart), qPrintable(error));
    }

    void parseNamespaces()
    {
        QStringList errors;
        const QStringList names = ContextSettings::parseNamespaces(u"  pr-42 \n\nstaging\nBad_Name\npr-42\n-x\n"_s, &errors);
        QCOMPARE(names, (QStringList{u"pr-42"_s, u"staging"_s}));
        QCOMPARE(errors.size(), 2);
        QVERIFY2(errors.at(0).startsWith(u"Line 4: "_s), qPrintable(errors.at(0)));
        QVERIFY2(errors.at(1).startsWith(u"Line 6: "_s) && errors.at(1).contains(u"starts with '-'"_s), qPrintable(errors.at(1)));
    }

    void defaultsWhenNothingStored()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
        const ContextSettings loaded = ContextSettings::load(&settings, u"prod"_s);
        QVERIFY(loaded.namespaces.isEmpty());
        QCOMPARE(loaded.prices, pd::core::Prices::openCostDefaults());
        QCOMPARE(ContextSettings::load(nullptr, u"prod"_s), ContextSettings());
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("group");
        QTest::newRow("plain") << u"sandbox-admin"_s << u"contexts/sandbox-admin"_s;
        // EKS context names hold '/' and ':'; '/' must not split the key into groups.
        QTest::newRow("eks arn") << u"arn:aws:eks:eu-west-1:123456789012:cluster/shop"_s
                                 << u"contexts/arn:aws:eks:eu-west-1:123456789012:cluster%2Fshop"_s;
        QTest::newRow("backslash and percent") << u"a\\b%c"_s << u"contexts/a%5Cb%25c"_s;
    }

    void roundTrip()
    {
        QFETCH(QString, context);
        QFETCH(QString, group);
        QCOMPARE(ContextSettings::groupOf(context), group);
        QTemporaryDir dir;
        const QString file = dir.filePath(u"s.ini"_s);
        ContextSettings wanted;
        wanted.namespaces = {u"pr-42"_s, u"staging"_s};
        wanted.prices.cpuPerCoreHour = 0.05;
        wanted.prices.storagePerGiBHour = 0.00012345678901;
        wanted.gitHubApiBase = QUrl(u"https://github.example.com/api/v3"_s);
        {
            QSettings settings(file, QSettings::IniFormat);
            wanted.save(&settings, context);
            ContextSettings other;
            other.namespaces = {u"elsewhere"_s};
            other.save(&settings, u"other"_s);
        }
        QSettings settings(file, QSettings::IniFormat);
        QCOMPARE(ContextSettings::load(&settings, context), wanted);
        QCOMPARE(settings.value(group + u"/namespaces"_s).toStringList(), wanted.namespaces);
        QCOMPARE(settings.value(group + u"/prices/cpuPerCoreHour"_s).toDouble(), 0.05);
        QCOMPARE(ContextSettings::load(&settings, context).effectiveGitHubApiBase(), QUrl(u"https://github.example.com/api/v3"_s));
        QCOMPARE(ContextSettings::load(&settings, u"other"_s).effectiveGitHubApiBase(), QUrl(u"https://api.github.com"_s));
        QCOMPARE(ContextSettings::load(&settings, u"other"_s).namespaces, QStringList{u"elsewhere"_s});

        // Clearing the names removes the key; remove() drops the whole group.
        ContextSettings cleared = wanted;
        cleared.namespaces.clear();
        cleared.save(&settings, context);
        QVERIFY(!settings.contains(group + u"/namespaces"_s));
        ContextSettings::remove(&settings, context);
        QVERIFY(!settings.contains(group + u"/prices/cpuPerCoreHour"_s));
        QCOMPARE(ContextSettings::load(&settings, u"other"_s).namespaces, QStringList{u"elsewhere"_s});
    }

    void loadDropsInvalidStoredValues()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
        settings.setValue(u"contexts/prod/namespaces"_s, QStringList{u"ok-1"_s, u"NOT OK"_s, u"ok-1"_s});
        settings.setValue(u"contexts/prod/prices/cpuPerCoreHour"_s, u"cheap"_s);
        settings.setValue(u"contexts/prod/prices/memoryPerGiBHour"_s, -1.0);
        settings.setValue(u"contexts/prod/prices/storagePerGiBHour"_s, 0.5);
        settings.setValue(u"contexts/prod/gitHubApiBase"_s, u"github.example.com"_s);   // no scheme: not a URL
        const ContextSettings loaded = ContextSettings::load(&settings, u"prod"_s);
        QVERIFY(loaded.gitHubApiBase.isEmpty());
        QCOMPARE(loaded.effectiveGitHubApiBase(), QUrl(u"https://api.github.com"_s));
        QCOMPARE(loaded.namespaces, QStringList{u"ok-1"_s});
        QCOMPARE(loaded.prices.cpuPerCoreHour, pd::core::Prices().cpuPerCoreHour);
        QCOMPARE(loaded.prices.memoryPerGiBHour, pd::core::Prices().memoryPerGiBHour);
        QCOMPARE(loaded.prices.storagePerGiBHour, 0.5);
    }
};

QTEST_GUILESS_MAIN(TestContextSettings)
#include "tst_contextsettings.moc"
