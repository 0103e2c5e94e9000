// The row's "Post to pull request" / "Refresh pull-request comment" against the forge double
// (GitHub's wire format) and the sandbox: disabled with the reason without a PR, a repository
// or a token; posting makes one comment, refreshing updates it in place; the details pane shows
// the PR's state, whether the comment is current, and when the preview was renewed.
#include "core/contract.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "core/forge/githubclient.h"
#include "core/forge/previewreporting.h"
#include "core/session/session.h"
#include "forgedouble.h"
#include "gui/environmentactionsmenu.h"
#include "gui/environmentdetailspane.h"
#include "gui/mainwindow.h"
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"
#include "screenshot.h"

#include <QAction>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::kube::ApiResult;

namespace {

const QString kToken = u"ghs_rowActionToken"_s;

ApiResult waitFor(QFuture<ApiResult> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 30000) || future.resultCount() == 0)
        qFatal("a request did not finish within 30 s");
    return future.result();
}

pd::kube::ResourceRef namespaces()
{
    return pd::kube::ResourceRef{QString(), u"v1"_s, u"namespaces"_s, QString(), QString(), {}};
}

// The value beside `label` in the details pane's overview (empty when no such row).
QString overview(pd::gui::EnvironmentDetailsPane *pane, const QString &label)
{
    for (QFormLayout *form : pane->findChildren<QFormLayout *>()) {
        for (int row = 0; row < form->rowCount(); ++row) {
            QLayoutItem *labelItem = form->itemAt(row, QFormLayout::LabelRole);
            QLayoutItem *fieldItem = form->itemAt(row, QFormLayout::FieldRole);
            auto *name = labelItem ? qobject_cast<QLabel *>(labelItem->widget()) : nullptr;
            auto *value = fieldItem ? qobject_cast<QLabel *>(fieldItem->widget()) : nullptr;
            if (name && value && name->text().remove(u'&').remove(u':') == label)
                return value->text();
        }
    }
    return {};
}

} // namespace

class TestPullRequestReport final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_forge.listen());
        m_forge.setToken(kToken);
        m_forge.addPullRequest(42);
        pd::sandbox::SandboxOptions options;
        options.controllers = false;
        QString error;
        QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    }

    void postRefreshAndFreshness()
    {
        pd::core::ContextSettings settings;
        settings.gitHubApiBase = m_forge.apiBase();
        pd::core::Session session(pd::sandbox::adminEndpoint(m_cluster), u"sandbox"_s, settings);
        session.gitHub()->setToken(kToken);
        const QDateTime renewed = QDateTime::currentDateTimeUtc().addSecs(-2 * 3600 - 60);
        const QJsonObject preview{{u"previewdesk.io/role"_s, u"preview"_s}, {u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s}};
        QJsonObject withPr = preview;
        withPr.insert(u"previewdesk.io/pr"_s, u"42"_s);
        create(session, u"shop-pr-42"_s, withPr,
               {{u"previewdesk.io/repository"_s, u"octo-org/shop"_s},
                {u"previewdesk.io/url"_s, u"https://shop-pr-42.preview.example.com"_s},
                {u"previewdesk.io/expires-at"_s, u"2031-01-01T00:00:00Z"_s},
                {u"previewdesk.io/renewed-at"_s, renewed.toString(Qt::ISODate)}});
        create(session, u"shop-pr-7"_s, QJsonObject{{u"previewdesk.io/role"_s, u"preview"_s},
                                                  {u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s},
                                                  {u"previewdesk.io/pr"_s, u"7"_s}}, {});
        create(session, u"shop-main"_s, preview, {});

        pd::gui::MainWindow window;
        window.setSession(&session);
        window.resize(1300, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy synced(session.watcher(), &pd::core::EnvironmentWatcher::synced);
        session.start();
        QVERIFY(synced.wait(15000));
        QTRY_VERIFY_WITH_TIMEOUT(session.model()->rowOf(u"shop-main"_s) >= 0, 15000);
        pd::gui::EnvironmentActionsMenu *actions = window.environmentActions();
        QAction *report = actions->reportAction();

        // Without a PR, without a repository: disabled, the reason named.
        QVERIFY(window.selectEnvironment(u"shop-main"_s));
        actions->update();
        QVERIFY(!report->isEnabled());
        QVERIFY2(report->toolTip().contains(u"names no pull request"_s), qPrintable(report->toolTip()));
        QVERIFY(window.selectEnvironment(u"shop-pr-7"_s));
        actions->update();
        QVERIFY(!report->isEnabled());
        QVERIFY2(report->toolTip().contains(u"names no repository"_s), qPrintable(report->toolTip()));

        // The preview of PR 42: the pane shows its state, the renewal and that nothing was posted.
        QVERIFY(window.selectEnvironment(u"shop-pr-42"_s));
        actions->update();
        QVERIFY(report->isEnabled());
        QCOMPARE(report->text(), u"Post to pull request"_s);
        pd::gui::EnvironmentDetailsPane *pane = window.detailsPane();
        QTRY_COMPARE_WITH_TIMEOUT(overview(pane, u"Pull request"_s), u"#42 \u00b7 open"_s, 15000);
        QCOMPARE(overview(pane, u"Renewed"_s).left(8), u"2 h ago "_s);
        QVERIFY2(overview(pane, u"PR comment"_s).startsWith(u"not posted"_s), qPrintable(overview(pane, u"PR comment"_s)));

        // Post: one comment with the marker, the outcome in the status bar, recorded on the namespace.
        QSignalSpy finished(actions, &pd::gui::EnvironmentActionsMenu::actionFinished);
        report->trigger();
        QVERIFY(finished.wait(20000));
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
        QCOMPARE(m_forge.comments(42).size(), 1);
        const qint64 commentId = m_forge.comments(42).first().value(u"id"_s).toInteger();
        QVERIFY(m_forge.comments(42).first().value(u"body"_s).toString().startsWith(u"<!-- previewdesk:shop-pr-42 -->"_s));
        QCOMPARE(window.statusBar()->currentMessage(), finished.first().at(2).toString());
        QVERIFY2(window.statusBar()->currentMessage().startsWith(u"shop-pr-42 reported to pull request #42 ("_s),
                 qPrintable(window.statusBar()->currentMessage()));
        QTRY_VERIFY_WITH_TIMEOUT(overview(pane, u"PR comment"_s).startsWith(u"current, posted just now"_s), 15000);
        const auto record = pd::core::PreviewCommentRecord::of(*session.model()->find(u"shop-pr-42"_s));
        QVERIFY(record);
        QCOMPARE(record->commentId, commentId);
        actions->update();
        QCOMPARE(report->text(), u"Refresh pull-request comment"_s);
        pd::test::saveScreenshot(&window, u"details-pr-comment-current.png"_s);

        // The preview changes (a new URL): the comment is out of date; Refresh updates it in place.
        const QJsonObject patch{{u"metadata"_s, QJsonObject{{u"annotations"_s,
            QJsonObject{{u"previewdesk.io/url"_s, u"https://shop-pr-42.new.example.com"_s}}}}}};
        QVERIFY(waitFor(session.client()->patch(namespaces().named(u"shop-pr-42"_s), pd::kube::PatchType::Merge,
                                                QJsonDocument(patch).toJson())).ok());
        QTRY_VERIFY_WITH_TIMEOUT(overview(pane, u"PR comment"_s).startsWith(u"out of date"_s), 15000);
        pd::test::saveScreenshot(&window, u"details-pr-comment-stale.png"_s);
        report->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
        QVERIFY2(finished.at(1).at(1).toBool(), qPrintable(finished.at(1).at(2).toString()));
        QCOMPARE(m_forge.comments(42).size(), 1);
        QCOMPARE(m_forge.comments(42).first().value(u"id"_s).toInteger(), commentId);
        QVERIFY(m_forge.comments(42).first().value(u"body"_s).toString().contains(u"shop-pr-42.new.example.com"_s));
        QTRY_VERIFY_WITH_TIMEOUT(overview(pane, u"PR comment"_s).startsWith(u"current"_s), 15000);
        session.watcher()->stop();
    }

    void withoutATokenItSaysWhere()
    {
        pd::core::ContextSettings settings;
        settings.gitHubApiBase = m_forge.apiBase();
        pd::core::Session session(pd::sandbox::adminEndpoint(m_cluster), u"sandbox"_s, settings);
        pd::gui::MainWindow window;
        window.setSession(&session);
        QSignalSpy synced(session.watcher(), &pd::core::EnvironmentWatcher::synced);
        session.start();
        QVERIFY(synced.wait(15000));
        QTRY_VERIFY_WITH_TIMEOUT(session.model()->rowOf(u"shop-pr-42"_s) >= 0, 15000);
        QVERIFY(window.selectEnvironment(u"shop-pr-42"_s));
        pd::gui::EnvironmentActionsMenu *actions = window.environmentActions();
        actions->update();
        QVERIFY(!actions->reportAction()->isEnabled());
        QVERIFY2(actions->reportAction()->toolTip().startsWith(u"No GitHub token for 127.0.0.1"_s),
                 qPrintable(actions->reportAction()->toolTip()));
        session.watcher()->stop();
    }

    // A renewal after the post makes the comment stale even when it says the same.
    void renewalAfterThePostIsAChange()
    {
        pd::core::Environment env;
        env.name = u"shop-pr-42"_s;
        env.pr = u"42"_s;
        env.created = QDateTime::fromString(u"2026-12-01T08:00:00Z"_s, Qt::ISODate);
        env.url = QUrl(u"https://shop-pr-42.example.com"_s);
        env.annotations.insert(u"previewdesk.io/url"_s, env.url.toString());
        const pd::core::EnvironmentExtras extras;
        QCOMPARE(pd::core::commentFreshness(env, extras), pd::core::CommentFreshness::NotPosted);
        const pd::core::PreviewCommentRecord record{
            1003, QDateTime::fromString(u"2026-12-01T09:00:00Z"_s, Qt::ISODate),
            pd::core::previewCommentFingerprint(pd::core::PreviewReport::fromEnvironment(env, extras))};
        env.annotations.insert(QString(pd::core::contract::PrCommentAnnotation), record.toAnnotation());
        QCOMPARE(pd::core::PreviewCommentRecord::of(env)->commentId, 1003);
        QCOMPARE(pd::core::commentFreshness(env, extras), pd::core::CommentFreshness::Current);
        env.renewedAt = QDateTime::fromString(u"2026-12-01T10:00:00Z"_s, Qt::ISODate);
        QCOMPARE(pd::core::commentFreshness(env, extras), pd::core::CommentFreshness::Stale);
    }

    void agoText_data()
    {
        QTest::addColumn<qint64>("secondsAgo");
        QTest::addColumn<QString>("text");
        QTest::newRow("seconds") << qint64(20) << u"just now"_s;
        QTest::newRow("clock ahead") << qint64(-30) << u"just now"_s;
        QTest::newRow("minutes") << qint64(5 * 60) << u"5 min ago"_s;
        QTest::newRow("hours") << qint64(2 * 3600 + 59) << u"2 h ago"_s;
        QTest::newRow("days") << qint64(3 * 86400) << u"3 d ago"_s;
    }

    void agoText()
    {
        QFETCH(qint64, secondsAgo);
        QFETCH(QString, text);
        const QDateTime now = QDateTime::fromString(u"2026-12-02T12:00:00Z"_s, Qt::ISODate);
        QCOMPARE(pd::core::EnvironmentModel::agoText(now.addSecs(-secondsAgo), now), text);
        QCOMPARE(pd::core::EnvironmentModel::agoText(QDateTime(), now), QString());
    }

private:
    void create(pd::core::Session &session, const QString &name, const QJsonObject &labels, const QJsonObject &annotations)
    {
        const QJsonObject object{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                                 {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"labels"_s, labels}, {u"annotations"_s, annotations}}}};
        const ApiResult created = waitFor(session.client()->create(namespaces(), object));
        QVERIFY2(created.ok(), qPrintable(created.message()));
    }

    pd::test::ForgeDouble m_forge;
    pd::sandbox::SandboxCluster m_cluster;
};

QTEST_MAIN(TestPullRequestReport)
#include "tst_pullrequestreport.moc"
