// NotificationCenter: which desktop notifications are due, from snapshots alone.
// Expiring previews once per expiry (a renewal re-arms), only the owner's previews,
// failed guardrail runs once per failed Job, finished actions only in the background,
// each kind turned off by its setting.
#include "gui/notifications/notificationcenter.h"

#include "core/environment/environment.h"
#include "core/guardrail/guardrailstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::core::Environment;
using pd::gui::Notification;
using pd::gui::NotificationCenter;
using pd::gui::NotificationSettings;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);

Environment preview(const QString &name, const QString &owner, qint64 secondsLeft)
{
    Environment env;
    env.name = name;
    env.environmentName = name;
    env.role = pd::core::EnvironmentRole::Preview;
    env.owner = owner;
    env.pr = u"42"_s;
    env.expiresAt = kNow.addSecs(secondsLeft);
    return env;
}

NotificationSettings settingsFor(const QString &owner)
{
    NotificationSettings settings;
    settings.owner = owner;
    settings.expiringWithinHours = 4;
    return settings;
}

pd::core::GuardrailStatus guardrail(const QString &name, const QString &job, pd::core::GuardrailJob::Result result,
                                    const QDateTime &finished = kNow.addSecs(-60))
{
    pd::core::GuardrailStatus status;
    status.definition.guardrail.name = name;
    status.lastJob.name = job;
    status.lastJob.cronJob = u"guardrail-"_s + name;
    status.lastJob.result = result;
    status.lastJob.started = finished.addSecs(-30);
    status.lastJob.finished = finished;
    status.lastJob.message = result == pd::core::GuardrailJob::Result::Failed ? u"BackoffLimitExceeded"_s : QString();
    return status;
}

QList<Notification> notifications(const QSignalSpy &spy)
{
    QList<Notification> list;
    for (const QList<QVariant> &arguments : spy)
        list.append(arguments.at(0).value<Notification>());
    return list;
}

} // namespace

Q_DECLARE_METATYPE(pd::core::Environment)

class TestNotificationCenter final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void expiringPreviewDue_data();
    void expiringPreviewDue();
    void expiringOncePerExpiry();
    void renewalRearms();
    void goneAndBackIsNew();
    void guardrailFailureOncePerFailedJob();
    void oldFailureAtFirstListingIsNoNews();
    void finishedActionsOnlyInBackground();
    void kindsTurnedOff();
    void resetForgets();
};

void TestNotificationCenter::expiringPreviewDue_data()
{
    QTest::addColumn<Environment>("environment");
    QTest::addColumn<bool>("due");
    QTest::newRow("mine, 3 h left") << preview(u"shop-pr-42"_s, u"alice"_s, 3 * 3600) << true;
    QTest::newRow("mine, exactly 4 h left") << preview(u"shop-pr-42"_s, u"alice"_s, 4 * 3600) << true;
    QTest::newRow("mine, 4 h 1 s left") << preview(u"shop-pr-42"_s, u"alice"_s, 4 * 3600 + 1) << false;
    QTest::newRow("mine, expired") << preview(u"shop-pr-42"_s, u"alice"_s, -10) << false;
    QTest::newRow("owner in other case") << preview(u"shop-pr-42"_s, u"Alice"_s, 3600) << true;
    QTest::newRow("someone else's") << preview(u"shop-pr-42"_s, u"bob"_s, 3600) << false;
    QTest::newRow("nobody's") << preview(u"shop-pr-42"_s, QString(), 3600) << false;
    Environment never = preview(u"shop-pr-42"_s, u"alice"_s, 0);
    never.expiresAt = {};
    QTest::newRow("never expires") << never << false;
    Environment source = preview(u"staging"_s, u"alice"_s, 3600);
    source.role = pd::core::EnvironmentRole::Source;
    QTest::newRow("a source") << source << false;
    Environment protectedOne = preview(u"shop-pr-42"_s, u"alice"_s, 3600);
    protectedOne.isProtected = true;
    QTest::newRow("protected: never swept") << protectedOne << false;
    Environment going = preview(u"shop-pr-42"_s, u"alice"_s, 3600);
    going.terminating = true;
    QTest::newRow("terminating") << going << false;
}

void TestNotificationCenter::expiringPreviewDue()
{
    QFETCH(Environment, environment);
    QFETCH(bool, due);
    NotificationCenter center;
    center.setSettings(settingsFor(u"alice"_s));
    QSignalSpy spy(&center, &NotificationCenter::notificationDue);
    center.updateEnvironments({environment, preview(u"other-pr-1"_s, u"bob"_s, 60)}, kNow);
    QCOMPARE(spy.size(), due ? 1 : 0);
    if (!due)
        return;
    const Notification notification = notifications(spy).first();
    QCOMPARE(notification.kind, Notification::Kind::ExpiringPreview);
    QCOMPARE(notification.environment, environment.name);   // its action opens this row
    QVERIFY2(notification.title.startsWith(environment.name + u" expires in "_s), qPrintable(notification.title));
    QVERIFY2(notification.body.contains(u"#42"_s), qPrintable(notification.body));
    QVERIFY(!notification.failed);
}

void TestNotificationCenter::expiringOncePerExpiry()
{
    NotificationCenter center;
    center.setSettings(settingsFor(u"alice"_s));
    QSignalSpy spy(&center, &NotificationCenter::notificationDue);
    const Environment env = preview(u"shop-pr-42"_s, u"alice"_s, 3 * 3600);
    center.updateEnvironments({env}, kNow);
    QCOMPARE(spy.size(), 1);
    // Every watch event and every refresh of the times brings the same preview again.
    center.updateEnvironments({env}, kNow.addSecs(60));
    center.updateEnvironments({env, preview(u"shop-pr-43"_s, u"bob"_s, 60)}, kNow.addSecs(3600));
    center.updateEnvironments({env}, kNow.addSecs(3 * 3600 - 1));
    QCOMPARE(spy.size(), 1);
}

void TestNotificationCenter::renewalRearms()
{
    NotificationCenter center;
    center.setSettings(settingsFor(u"alice"_s));
    QSignalSpy spy(&center, &NotificationCenter::notificationDue);
    Environment env = preview(u"shop-pr-42"_s, u"alice"_s, 2 * 3600);
    center.updateEnvironments({env}, kNow);
    QCOMPARE(spy.size(), 1);

    // Extended by a day: out of the window, nothing to say.
    env.expiresAt = env.expiresAt.addDays(1);
    center.updateEnvironments({env}, kNow.addSecs(60));
    QCOMPARE(spy.size(), 1);
    // A day later the new expiry comes near: told again, once.
    const QDateTime later = kNow.addDays(1);
    center.updateEnvironments({env}, later);
    QCOMPARE(spy.size(), 2);
    center.updateEnvironments({env}, later.addSecs(600));
    QCOMPARE(spy.size(), 2);
    // A renewal that stays within the window still moves the deadline: a new notice.
    env.expiresAt = env.expiresAt.addSecs(3600);
    center.updateEnvironments({env}, later.addSecs(900));
    QCOMPARE(spy.size(), 3);
    QCOMPARE(notifications(spy).last().environment, u"shop-pr-42"_s);
}

void TestNotificationCenter::goneAndBackIsNew()
{
    NotificationCenter center;
    center.setSettings(settingsFor(u"alice"_s));
    QSignalSpy spy(&center, &NotificationCenter::notificationDue);
    const Environment env = preview(u"shop-pr-42"_s, u"alice"_s, 3600);
    center.updateEnvironments({env}, kNow);
    center.updateEnvironments({}, kNow.addSecs(10));   // destroyed
    center.updateEnvironments({env}, kNow.addSecs(20)); // a new preview of the same name
    QCOMPARE(spy.size(), 2);
}

void TestNotificationCenter::guardrailFailureOncePerFailedJob()
{
    using Result = pd::core::GuardrailJob::Result;
    NotificationCenter center;
    center.setSettings(settingsFor(u"alice"_s));
    QSignalSpy spy(&center, &NotificationCenter::notificationDue);
    center.updateGuardrails({guardrail(u"nightly"_s, u"guardrail-nightly-down-1"_s, Result::Succeeded),
                             guardrail(u"sweep"_s, u"guardrail-sweep-1"_s, Result::Running)},
                            kNow);
    QCOMPARE(spy.size(), 0);

    center.updateGuardrails({guardrail(u"nightly"_s, u"guardrail-nightly-down-2"_s, Result::Failed),
                             guardrail(u"sweep"_s, u"guardrail-sweep-1"_s, Result::Running)},
                            kNow.addSecs(60));
    QCOMPARE(spy.size(), 1);
    const Notification failure = notifications(spy).first();
    QCOMPARE(failure.kind, Notification::Kind::GuardrailFailed);
    QCOMPARE(failure.guardrail, u"nightly"_s);
    QVERIFY(failure.failed);
    QVERIFY2(failure.title.contains(u"nightly"_s), qPrintable(failure.title));
    QVERIFY2(failure.body.contains(u"guardrail-nightly-down-2"_s) && failure.body.contains(u"BackoffLimitExceeded"_s),
             qPrintable(failure.body));

    // The same failed Job at every poll: once.
    for (int i = 2; i < 5; ++i)
        center.updateGuardrails({guardrail(u"nightly"_s, u"guardrail-nightly-down-2"_s, Result::Failed)},
                                kNow.addSecs(60 * i));
    QCOMPARE(spy.size(), 1);
    // The next run fails too: another Job, another notification.
    center.updateGuardrails({guardrail(u"nightly"_s, u"guardrail-nightly-down-3"_s, Result::Failed)},
                            kNow.addSecs(600));
    QCOMPARE(spy.size(), 2);
}

void TestNotificationCenter::oldFailureAtFirstListingIsNoNews()
{
    using Result = pd::core::GuardrailJob::Result;
    NotificationCenter center;
    center.setSettings(settingsFor(u"alice"_s));
    QSignalSpy spy(&center, &NotificationCenter::notificationDue);
    // Failed two days ago, before the app was started: the editor shows it, no pop-up.
    center.updateGuardrails({guardrail(u"nightly"_s, u"guardrail-nightly-down-1"_s, Result::Failed, kNow.addDays(-2)),
                             guardrail(u"sweep"_s, u"guardrail-sweep-7"_s, Result::Failed, kNow.addSecs(-3600))},
                            kNow);
    QCOMPARE(spy.size(), 1);   // the one of an hour ago is news
    QCOMPARE(notifications(spy).first().guardrail, u"sweep"_s);
}

void TestNotificationCenter::finishedActionsOnlyInBackground()
{
    NotificationCenter center;
    center.setSettings(settingsFor(u"alice"_s));
    QSignalSpy spy(&center, &NotificationCenter::notificationDue);
    // In front, the window and the wizard say it themselves.
    center.actionFinished(NotificationCenter::Action::Clone, u"shop-pr-42"_s, true, u"ready"_s, false);
    center.actionFinished(NotificationCenter::Action::Destroy, u"shop-pr-41"_s, true, u"gone"_s, false);
    QCOMPARE(spy.size(), 0);

    center.actionFinished(NotificationCenter::Action::Clone, u"shop-pr-42"_s, true,
                          u"shop-pr-42 answers on https://shop-pr-42.preview.example.com"_s, true);
    center.actionFinished(NotificationCenter::Action::Destroy, u"shop-pr-41"_s, false, u"forbidden"_s, true);
    const QList<Notification> list = notifications(spy);
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).kind, Notification::Kind::ActionFinished);
    QCOMPARE(list.at(0).environment, u"shop-pr-42"_s);
    QCOMPARE(list.at(0).title, u"shop-pr-42 is ready"_s);
    QCOMPARE(list.at(0).body, u"shop-pr-42 answers on https://shop-pr-42.preview.example.com"_s);
    QVERIFY(!list.at(0).failed);
    QCOMPARE(list.at(1).environment, u"shop-pr-41"_s);
    QCOMPARE(list.at(1).title, u"Destroying shop-pr-41 failed"_s);
    QVERIFY(list.at(1).failed);
}

void TestNotificationCenter::kindsTurnedOff()
{
    using Result = pd::core::GuardrailJob::Result;
    NotificationCenter center;
    NotificationSettings settings = settingsFor(u"alice"_s);
    settings.expiringPreviews = false;
    settings.guardrailFailures = false;
    settings.finishedActions = false;
    center.setSettings(settings);
    QSignalSpy spy(&center, &NotificationCenter::notificationDue);
    center.updateEnvironments({preview(u"shop-pr-42"_s, u"alice"_s, 3600)}, kNow);
    center.updateGuardrails({guardrail(u"nightly"_s, u"guardrail-nightly-down-2"_s, Result::Failed)}, kNow);
    center.actionFinished(NotificationCenter::Action::Clone, u"shop-pr-42"_s, true, u"ready"_s, true);
    QCOMPARE(spy.size(), 0);

    // Turned on again, each kind speaks for itself; a failure seen while off stays old news.
    settings.expiringPreviews = true;
    center.setSettings(settings);
    center.updateEnvironments({preview(u"shop-pr-42"_s, u"alice"_s, 3600)}, kNow.addSecs(60));
    QCOMPARE(spy.size(), 1);
    settings.guardrailFailures = true;
    center.setSettings(settings);
    center.updateGuardrails({guardrail(u"nightly"_s, u"guardrail-nightly-down-2"_s, Result::Failed)}, kNow.addSecs(60));
    QCOMPARE(spy.size(), 1);
    center.updateGuardrails({guardrail(u"nightly"_s, u"guardrail-nightly-down-3"_s, Result::Failed)}, kNow.addSecs(120));
    QCOMPARE(spy.size(), 2);
    settings.finishedActions = true;
    center.setSettings(settings);
    center.actionFinished(NotificationCenter::Action::Clone, u"shop-pr-42"_s, true, u"ready"_s, true);
    QCOMPARE(spy.size(), 3);
    // A wider window makes a preview further out due.
    settings.expiringWithinHours = 30;
    center.setSettings(settings);
    center.updateEnvironments({preview(u"shop-pr-42"_s, u"alice"_s, 3600), preview(u"shop-pr-50"_s, u"alice"_s, 24 * 3600)},
                              kNow.addSecs(60));
    QCOMPARE(spy.size(), 4);
    QCOMPARE(notifications(spy).last().environment, u"shop-pr-50"_s);
}

void TestNotificationCenter::resetForgets()
{
    NotificationCenter center;
    center.setSettings(settingsFor(u"alice"_s));
    QSignalSpy spy(&center, &NotificationCenter::notificationDue);
    const Environment env = preview(u"shop-pr-42"_s, u"alice"_s, 3600);
    center.updateEnvironments({env}, kNow);
    center.reset();   // another context: its shop-pr-42 is another preview
    center.updateEnvironments({env}, kNow);
    QCOMPARE(spy.size(), 2);
}

QTEST_GUILESS_MAIN(TestNotificationCenter)
#include "tst_notificationcenter.moc"
