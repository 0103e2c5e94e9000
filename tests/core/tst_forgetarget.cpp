// ForgeTarget: GitHub Actions' and gh's environment variables, and the flags that override them.
#include "core/forge/forgetarget.h"

#include <QTest>

using namespace Qt::StringLiterals;
using pd::core::ForgeTarget;

class TestForgeTarget final : public QObject
{
    Q_OBJECT

private slots:
    void defaultsOutsideActions();
    void readsWhatActionsSets();
    void ghTokenWinsOverGithubToken();
    void flagsOverrideTheEnvironment();
    void invalidFlagsAreRefused();
};

void TestForgeTarget::defaultsOutsideActions()
{
    const ForgeTarget target = ForgeTarget::fromEnvironment(QProcessEnvironment());
    QCOMPARE(target.apiBase, QUrl(u"https://api.github.com"_s));
    QCOMPARE(target.serverUrl, QUrl(u"https://github.com"_s));
    QVERIFY(target.repository.isEmpty());
    QVERIFY(target.runUrl().isEmpty());
    QVERIFY(target.missing().contains(u"GITHUB_REPOSITORY"_s));
}

void TestForgeTarget::readsWhatActionsSets()
{
    QProcessEnvironment environment;
    environment.insert(u"GITHUB_API_URL"_s, u"https://github.example.com/api/v3"_s);
    environment.insert(u"GITHUB_SERVER_URL"_s, u"https://github.example.com"_s);
    environment.insert(u"GITHUB_REPOSITORY"_s, u"octo-org/shop"_s);
    environment.insert(u"GITHUB_TOKEN"_s, u" ghs_abc "_s);
    environment.insert(u"GITHUB_SHA"_s, u"ffac537e6cbbf934b08745a378932722df287a53"_s);
    environment.insert(u"GITHUB_RUN_ID"_s, u"1658821493"_s);
    const ForgeTarget target = ForgeTarget::fromEnvironment(environment);
    QCOMPARE(target.apiBase, QUrl(u"https://github.example.com/api/v3"_s));
    QCOMPARE(target.repository, u"octo-org/shop"_s);
    QCOMPARE(target.token, u"ghs_abc"_s);
    QCOMPARE(target.sha, u"ffac537e6cbbf934b08745a378932722df287a53"_s);
    QCOMPARE(target.runUrl(), QUrl(u"https://github.example.com/octo-org/shop/actions/runs/1658821493"_s));
    QVERIFY(target.missing().isEmpty());

    environment.remove(u"GITHUB_TOKEN"_s);
    QVERIFY(ForgeTarget::fromEnvironment(environment).missing().contains(u"GITHUB_TOKEN or GH_TOKEN"_s));
    environment.insert(u"GITHUB_API_URL"_s, u"not a url"_s);   // unusable: the default, never a guess
    QCOMPARE(ForgeTarget::fromEnvironment(environment).apiBase, QUrl(u"https://api.github.com"_s));
}

void TestForgeTarget::ghTokenWinsOverGithubToken()
{
    QProcessEnvironment environment;
    environment.insert(u"GITHUB_TOKEN"_s, u"ghs_actions"_s);
    environment.insert(u"GH_TOKEN"_s, u"ghp_personal"_s);
    QCOMPARE(ForgeTarget::fromEnvironment(environment).token, u"ghp_personal"_s);   // gh's order
}

void TestForgeTarget::flagsOverrideTheEnvironment()
{
    QProcessEnvironment environment;
    environment.insert(u"GITHUB_REPOSITORY"_s, u"octo-org/shop"_s);
    ForgeTarget target = ForgeTarget::fromEnvironment(environment);
    QString error;
    QVERIFY(target.applyOverrides(u"git@github.com:other/app.git"_s, u"http://127.0.0.1:8080/api/v3"_s, &error));
    QCOMPARE(target.repository, u"other/app"_s);
    QCOMPARE(target.apiBase, QUrl(u"http://127.0.0.1:8080/api/v3"_s));
    QVERIFY(target.applyOverrides({}, {}, &error));   // empty flags keep what is there
    QCOMPARE(target.repository, u"other/app"_s);
}

void TestForgeTarget::invalidFlagsAreRefused()
{
    ForgeTarget target = ForgeTarget::fromEnvironment(QProcessEnvironment());
    QString error;
    QVERIFY(!target.applyOverrides(u"just-a-name"_s, {}, &error));
    QVERIFY2(error.contains(u"--repository takes owner/name"_s), qPrintable(error));
    QVERIFY(!target.applyOverrides({}, u"ftp://example.com"_s, &error));
    QVERIFY2(error.contains(u"--api-url"_s), qPrintable(error));
    QCOMPARE(target.apiBase, QUrl(u"https://api.github.com"_s));
}

QTEST_GUILESS_MAIN(TestForgeTarget)
#include "tst_forgetarget.moc"
