// Desktop notifications over a real D-Bus session bus: ctest runs this through
// tests/support/with-keyring.sh --no-secret-service, a private bus on which this test
// registers a small org.freedesktop.Notifications of its own (on a connection of its
// own), speaking the specification's wire interface. The DesktopNotifier's Notify call
// is checked argument by argument, and the service's ActionInvoked brings the window
// forward on the notification's row; NotificationClosed forgets it; without the
// service the notification goes to the tray, or nowhere where there is none.
#include "gui/environmentfilterbar.h"
#include "gui/mainwindow.h"
#include "gui/notifications/desktopnotifier.h"
#include "gui/notifications/notificationcontroller.h"

#include "core/environment/environmentfilterproxy.h"
#include "core/environment/environmentmodel.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMetaType>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::gui::DesktopNotifier;
using pd::gui::Notification;
using pd::gui::NotificationCenter;

namespace {

const QString kConnectionName = u"fake-notification-service"_s;

// What a notification daemon does on the bus, reduced to recording the calls.
class FakeNotifications final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call
    {
        QString appName;
        uint replacesId;
        QString appIcon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int expireTimeout;
    };
    QList<Call> calls;

public Q_SLOTS:
    // Notify(susssasa{sv}i) -> u
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int expireTimeout)
    {
        calls.append(Call{appName, replacesId, appIcon, summary, body, actions, hints, expireTimeout});
        return uint(100 + calls.size());
    }
    QStringList GetCapabilities() { return {u"actions"_s, u"body"_s}; }
    void CloseNotification(uint id) { Q_EMIT NotificationClosed(id, 3); }

Q_SIGNALS:
    void ActionInvoked(uint id, const QString &actionKey);
    void NotificationClosed(uint id, uint reason);
};

pd::core::Environment preview(const QString &name)
{
    pd::core::Environment env;
    env.name = name;
    env.environmentName = name;
    env.role = pd::core::EnvironmentRole::Preview;
    env.owner = u"alice"_s;
    return env;
}

} // namespace

class TestDesktopNotifications final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void notifyArgumentsAndActionOpensTheRow();
    void actionOfAHiddenRowClearsTheFilter();
    void closedAndForeignNotificationsAreIgnored();
    void withoutTheServiceTheTraySpeaks();

private:
    QDBusConnection serviceBus() const { return QDBusConnection(kConnectionName); }
    // The notifier's delivery, once it has the service's answer.
    static QList<QVariant> waitForDelivery(QSignalSpy &spy);

    FakeNotifications m_service;
    QTemporaryDir m_dir;
};

void TestDesktopNotifications::initTestCase()
{
    // Never the person's own desktop: only the private bus of with-keyring.sh.
    QVERIFY2(qEnvironmentVariable("PREVIEWDESK_TEST_BUS") == u"no-secret-service"_s,
             "run through tests/support/with-keyring.sh --no-secret-service (ctest does), not on a desktop's own bus");
    QVERIFY2(QDBusConnection::sessionBus().isConnected(), qPrintable(QDBusConnection::sessionBus().lastError().message()));
    QVERIFY(m_dir.isValid());
    const QDBusConnection bus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, kConnectionName);
    QVERIFY2(bus.isConnected(), qPrintable(bus.lastError().message()));
    QVERIFY(serviceBus().registerObject(QString::fromLatin1(DesktopNotifier::Path), &m_service,
                                        QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals));
}

void TestDesktopNotifications::init()
{
    m_service.calls.clear();
    QVERIFY2(serviceBus().registerService(QString::fromLatin1(DesktopNotifier::Service)),
             qPrintable(serviceBus().lastError().message()));
    QTRY_VERIFY(QDBusConnection::sessionBus().interface()->isServiceRegistered(QString::fromLatin1(DesktopNotifier::Service)));
}

void TestDesktopNotifications::cleanup()
{
    serviceBus().unregisterService(QString::fromLatin1(DesktopNotifier::Service));
}

QList<QVariant> TestDesktopNotifications::waitForDelivery(QSignalSpy &spy)
{
    if (spy.isEmpty() && !spy.wait(10000))
        return {};
    return spy.takeFirst();
}

void TestDesktopNotifications::notifyArgumentsAndActionOpensTheRow()
{
    pd::core::EnvironmentModel model;
    model.upsertAll({preview(u"shop-pr-41"_s), preview(u"shop-pr-42"_s), preview(u"shop-pr-43"_s)});
    pd::gui::MainWindow window;
    window.setEnvironmentModel(&model);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.selectEnvironment(u"shop-pr-41"_s));

    QSettings settings(m_dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    pd::gui::NotificationController controller(&settings, new DesktopNotifier(QDBusConnection::sessionBus()));
    controller.setWindow(&window);
    QSignalSpy delivered(controller.notifier(), &DesktopNotifier::delivered);
    // A clone finished while PreviewDesk was in the background.
    controller.center()->actionFinished(NotificationCenter::Action::Clone, u"shop-pr-42"_s, true,
                                        u"shop-pr-42 answers on https://shop-pr-42.preview.example.com"_s, true);

    const QList<QVariant> delivery = waitForDelivery(delivered);
    QVERIFY2(!delivery.isEmpty(), "the notifier never heard back from the service");
    QCOMPARE(delivery.at(1).value<DesktopNotifier::Delivery>(), DesktopNotifier::Delivery::Bus);
    QCOMPARE(delivery.at(2).toUInt(), 101u);   // the id the service gave
    QCOMPARE(m_service.calls.size(), 1);
    const FakeNotifications::Call call = m_service.calls.first();
    QCOMPARE(call.appName, u"PreviewDesk"_s);
    QCOMPARE(call.replacesId, 0u);
    QCOMPARE(call.appIcon, u"io.previewdesk.PreviewDesk"_s);
    QCOMPARE(call.summary, u"shop-pr-42 is ready"_s);
    QCOMPARE(call.body, u"shop-pr-42 answers on https://shop-pr-42.preview.example.com"_s);
    QCOMPARE(call.actions, (QStringList{u"default"_s, u"Open"_s}));
    QCOMPARE(call.hints.value(u"desktop-entry"_s).toString(), u"io.previewdesk.PreviewDesk"_s);
    QCOMPARE(call.hints.value(u"urgency"_s).toInt(), 1);   // normal: it went well
    QCOMPARE(call.expireTimeout, -1);
    QCOMPARE(controller.notifier()->openCount(), 1);

    // The person clicks it: the window comes forward on shop-pr-42.
    QSignalSpy activated(controller.notifier(), &DesktopNotifier::activated);
    Q_EMIT m_service.ActionInvoked(101, u"default"_s);
    QVERIFY(activated.wait(10000));
    QCOMPARE(activated.first().at(0).value<Notification>().environment, u"shop-pr-42"_s);
    QCOMPARE(window.selectedEnvironment(), u"shop-pr-42"_s);
    QVERIFY(window.isVisible());

    // A failure is urgent.
    controller.center()->actionFinished(NotificationCenter::Action::Destroy, u"shop-pr-43"_s, false, u"forbidden"_s, true);
    QVERIFY(!waitForDelivery(delivered).isEmpty());
    QCOMPARE(m_service.calls.size(), 2);
    QCOMPARE(m_service.calls.at(1).summary, u"Destroying shop-pr-43 failed"_s);
    QCOMPARE(m_service.calls.at(1).hints.value(u"urgency"_s).toInt(), 2);
}

void TestDesktopNotifications::actionOfAHiddenRowClearsTheFilter()
{
    pd::core::EnvironmentModel model;
    model.upsertAll({preview(u"shop-pr-41"_s), preview(u"shop-pr-42"_s)});
    pd::gui::MainWindow window;
    window.setEnvironmentModel(&model);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // The filter shows only shop-pr-41.
    window.filterBar()->textEdit()->setText(u"pr-41"_s);
    QTRY_COMPARE(window.proxy()->rowCount(), 1);

    pd::gui::NotificationController controller(nullptr, new DesktopNotifier(QDBusConnection::sessionBus()));
    controller.setWindow(&window);
    QSignalSpy delivered(controller.notifier(), &DesktopNotifier::delivered);
    controller.center()->actionFinished(NotificationCenter::Action::Clone, u"shop-pr-42"_s, true, u"ready"_s, true);
    const QList<QVariant> delivery = waitForDelivery(delivered);
    QVERIFY(!delivery.isEmpty());
    QCOMPARE(delivery.at(1).value<DesktopNotifier::Delivery>(), DesktopNotifier::Delivery::Bus);

    QSignalSpy activated(controller.notifier(), &DesktopNotifier::activated);
    Q_EMIT m_service.ActionInvoked(delivery.at(2).toUInt(), u"default"_s);
    QVERIFY(activated.wait(10000));
    QCOMPARE(window.selectedEnvironment(), u"shop-pr-42"_s);
    QCOMPARE(window.proxy()->rowCount(), 2);
    QVERIFY(window.filterBar()->textEdit()->text().isEmpty());
}

void TestDesktopNotifications::closedAndForeignNotificationsAreIgnored()
{
    pd::core::EnvironmentModel model;
    model.upsertAll({preview(u"shop-pr-41"_s), preview(u"shop-pr-42"_s), preview(u"shop-pr-43"_s)});
    pd::gui::MainWindow window;
    window.setEnvironmentModel(&model);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.selectEnvironment(u"shop-pr-41"_s));

    pd::gui::NotificationController controller(nullptr, new DesktopNotifier(QDBusConnection::sessionBus()));
    controller.setWindow(&window);
    QSignalSpy delivered(controller.notifier(), &DesktopNotifier::delivered);
    const auto notify = [&](const QString &name) -> uint {
        controller.center()->actionFinished(NotificationCenter::Action::Clone, name, true, u"ready"_s, true);
        const QList<QVariant> delivery = waitForDelivery(delivered);
        return delivery.isEmpty() ? 0 : delivery.at(2).toUInt();
    };
    const uint closed = notify(u"shop-pr-42"_s);
    QVERIFY(closed);
    QCOMPARE(controller.notifier()->openCount(), 1);

    // Dismissed by the person: gone from the notifier too.
    Q_EMIT m_service.NotificationClosed(closed, 2);
    QTRY_COMPARE(controller.notifier()->openCount(), 0);
    // An action of it, of another application's notification, or an action key never
    // offered opens nothing. Signals arrive in the order sent: when the last one has
    // opened its row, every one before it was seen, and it is the only activation.
    QSignalSpy activated(controller.notifier(), &DesktopNotifier::activated);
    Q_EMIT m_service.ActionInvoked(closed, u"default"_s);
    Q_EMIT m_service.ActionInvoked(9999, u"default"_s);
    const uint other = notify(u"shop-pr-42"_s);
    QVERIFY(other);
    Q_EMIT m_service.ActionInvoked(other, u"snooze"_s);
    const uint last = notify(u"shop-pr-43"_s);
    QVERIFY(last);
    Q_EMIT m_service.ActionInvoked(last, u"default"_s);
    QVERIFY(activated.wait(10000));
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().at(0).value<Notification>().environment, u"shop-pr-43"_s);
    QCOMPARE(window.selectedEnvironment(), u"shop-pr-43"_s);
}

void TestDesktopNotifications::withoutTheServiceTheTraySpeaks()
{
    serviceBus().unregisterService(QString::fromLatin1(DesktopNotifier::Service));
    QTRY_VERIFY(!QDBusConnection::sessionBus().interface()->isServiceRegistered(QString::fromLatin1(DesktopNotifier::Service)));
    DesktopNotifier notifier(QDBusConnection::sessionBus());
    // The offscreen platform offers no system tray: then there is no icon and nothing to show it in.
    QCOMPARE(notifier.trayIcon() != nullptr, QSystemTrayIcon::isSystemTrayAvailable());
    QSignalSpy delivered(&notifier, &DesktopNotifier::delivered);
    Notification notification;
    notification.title = u"shop-pr-42 expires in 2 h"_s;
    notification.environment = u"shop-pr-42"_s;
    notifier.show(notification);
    const QList<QVariant> delivery = waitForDelivery(delivered);
    QVERIFY2(!delivery.isEmpty(), "no answer from the bus (an error is one)");
    QCOMPARE(delivery.at(1).value<DesktopNotifier::Delivery>(),
             QSystemTrayIcon::isSystemTrayAvailable() ? DesktopNotifier::Delivery::Tray : DesktopNotifier::Delivery::Dropped);
    QVERIFY(m_service.calls.isEmpty());
    QCOMPARE(notifier.openCount(), 0);
}

QTEST_MAIN(TestDesktopNotifications)
#include "tst_desktopnotifications.moc"
