// PullRequestBanner and GitHubTokenDialog, offscreen.
#include "core/credentialstore.h"
#include "core/keychainstore.h"
#include "gui/githubtokendialog.h"
#include "gui/pullrequestbanner.h"

#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::core::PullRequestInfo;
using pd::gui::GitHubTokenDialog;
using pd::gui::PullRequestBanner;

namespace {

const QDateTime fixedNow(QDate(2026, 11, 26), QTime(13, 0), Qt::UTC);

PullRequestInfo info(const QString &state, const QDateTime &when)
{
    PullRequestInfo pr;
    pr.state = state;
    pr.title = u"Checkout redesign"_s;
    pr.url = QUrl(u"https://github.com/octo-org/shop/pull/42"_s);
    pr.updatedAt = when;
    return pr;
}

// Every text a user could see in the dialog, to prove the token is not among it.
QString visibleTexts(const QWidget &widget)
{
    QStringList texts{widget.windowTitle()};
    for (const QLabel *label : widget.findChildren<QLabel *>())
        texts << label->text() << label->toolTip();
    for (const QLineEdit *edit : widget.findChildren<QLineEdit *>())
        texts << edit->displayText() << edit->placeholderText();
    return texts.join(u'\n');
}

} // namespace

class TestPullRequestBanner final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sentence_data();
    void sentence();
    void destroyButtonNamesThePreview();
    void linksToThePullRequest();
    void tokenDialogSetsAndClearsWithoutShowingTheToken();

private:
    QTemporaryDir m_dir;
};

void TestPullRequestBanner::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // No keychain for this test: a session bus address that leads nowhere, so the
    // credential store keeps tokens in memory and never touches a real keyring.
    qputenv("DBUS_SESSION_BUS_ADDRESS", (u"unix:path="_s + m_dir.filePath(u"no-such-bus"_s)).toUtf8());
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(u"config"_s).toUtf8());
    qputenv("HOME", m_dir.filePath(u"home"_s).toUtf8());
}

void TestPullRequestBanner::sentence_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QDateTime>("when");
    QTest::addColumn<QString>("expected");   // empty: hidden

    const QString tail = u" — this preview can be torn down"_s;
    QTest::newRow("merged 2 h ago") << u"merged"_s << fixedNow.addSecs(-2 * 3600)
                                    << u"Pull request #42 was merged 2 h ago"_s + tail;
    QTest::newRow("merged 25 min ago") << u"merged"_s << fixedNow.addSecs(-25 * 60)
                                       << u"Pull request #42 was merged 25 min ago"_s + tail;
    QTest::newRow("closed 3 d ago") << u"closed"_s << fixedNow.addDays(-3)
                                    << u"Pull request #42 was closed without merging 3 d ago"_s + tail;
    QTest::newRow("merged, time unknown") << u"merged"_s << QDateTime() << u"Pull request #42 was merged"_s + tail;
    QTest::newRow("open") << u"open"_s << fixedNow << QString();
    QTest::newRow("draft") << u"draft"_s << fixedNow << QString();
    QTest::newRow("unknown") << QString() << QDateTime() << QString();
}

void TestPullRequestBanner::sentence()
{
    QFETCH(QString, state);
    QFETCH(QDateTime, when);
    QFETCH(QString, expected);

    PullRequestBanner banner;
    banner.setClock([] { return fixedNow; });
    banner.setPullRequest(u"pr-42"_s, u"42"_s, info(state, when));
    QCOMPARE(banner.text(), expected);
    QCOMPARE(banner.isHidden(), expected.isEmpty());
    QCOMPARE(banner.environmentName(), expected.isEmpty() ? QString() : u"pr-42"_s);

    // Switching to an environment with an open pull request hides it again.
    banner.setPullRequest(u"pr-7"_s, u"7"_s, info(u"open"_s, fixedNow));
    QVERIFY(banner.isHidden());
    QVERIFY(banner.text().isEmpty());
}

void TestPullRequestBanner::destroyButtonNamesThePreview()
{
    QWidget pane;
    auto *banner = new PullRequestBanner(&pane);
    banner->setClock([] { return fixedNow; });
    pane.show();
    QSignalSpy destroyRequested(banner, &PullRequestBanner::destroyRequested);
    banner->setPullRequest(u"pr-42"_s, u"42"_s, info(u"merged"_s, fixedNow.addSecs(-7200)));
    QVERIFY(banner->isVisible());
    QVERIFY(banner->destroyButton()->isVisible());
    QTest::mouseClick(banner->destroyButton(), Qt::LeftButton);
    QCOMPARE(destroyRequested.size(), 1);
    QCOMPARE(destroyRequested.first().first().toString(), u"pr-42"_s);

    banner->clear();
    QVERIFY(!banner->isVisible());
    QVERIFY(banner->environmentName().isEmpty());
}

void TestPullRequestBanner::linksToThePullRequest()
{
    PullRequestBanner banner;
    banner.setClock([] { return fixedNow; });
    banner.setPullRequest(u"pr-42"_s, u"42"_s, info(u"closed"_s, fixedNow.addSecs(-60)));
    const auto *label = banner.findChild<QLabel *>(u"pullRequestBannerText"_s);
    QVERIFY(label);
    QVERIFY2(label->text().contains(u"<a href=\"https://github.com/octo-org/shop/pull/42\">#42</a>"_s), qPrintable(label->text()));
    QCOMPARE(label->toolTip(), u"Checkout redesign"_s);
    QVERIFY(label->openExternalLinks());
}

void TestPullRequestBanner::tokenDialogSetsAndClearsWithoutShowingTheToken()
{
    pd::core::KeychainStore keychain(u"PreviewDeskTest-banner"_s);
    pd::core::CredentialStore store(&keychain);
    GitHubTokenDialog dialog(&store, u"github.com"_s, pd::core::KeychainStore::forgeTokenKey(u"github.com"_s));
    dialog.show();
    QTRY_COMPARE_WITH_TIMEOUT(dialog.status(), GitHubTokenDialog::Status::NotSet, 30000);
    QVERIFY2(dialog.statusText().startsWith(u"No token is set for github.com"_s), qPrintable(dialog.statusText()));
    QVERIFY(!dialog.clearButton()->isEnabled());
    QVERIFY(!dialog.saveButton()->isEnabled());
    QCOMPARE(dialog.tokenEdit()->echoMode(), QLineEdit::Password);

    const QString token = u"github_pat_11ABCDEFG0123456789_secretvalue"_s;
    QSignalSpy changed(&dialog, &GitHubTokenDialog::tokenChanged);
    QTest::keyClicks(dialog.tokenEdit(), token);
    QVERIFY(dialog.saveButton()->isEnabled());
    QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 30000);
    QCOMPARE(dialog.status(), GitHubTokenDialog::Status::Set);
    QCOMPARE(dialog.statusText(), u"A token is set for github.com."_s);
    QVERIFY(dialog.tokenEdit()->text().isEmpty());
    // No keychain on this session: the store says the token lives for this session only.
    QVERIFY2(dialog.noticeText().contains(u"session only"_s), qPrintable(dialog.noticeText()));
    QVERIFY(!visibleTexts(dialog).contains(token));
    QVERIFY(dialog.clearButton()->isEnabled());

    // The value is where the client will read it.
    QFutureWatcher<pd::core::KeychainResult> watcher;
    QSignalSpy read(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(store.read(pd::core::KeychainStore::forgeTokenKey(u"github.com"_s)));
    QVERIFY(watcher.isFinished() || read.wait(30000));
    QCOMPARE(watcher.result().secret, token);

    QTest::mouseClick(dialog.clearButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, 30000);
    QCOMPARE(dialog.status(), GitHubTokenDialog::Status::NotSet);
    QVERIFY(!dialog.clearButton()->isEnabled());
}

QTEST_MAIN(TestPullRequestBanner)
#include "tst_pullrequestbanner.moc"
