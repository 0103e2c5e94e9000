// The notifications wired by AppController on the demo cluster: the session's model feeds
// the NotificationCenter, one of "my" previews near its expiry is announced (once each), and the
// notification's action brings the window forward on its row.
#include "walkthroughutil.h"

#include "gui/notifications/notificationcenter.h"
#include "gui/notifications/notificationcontroller.h"

#include <QSignalSpy>

using namespace Qt::StringLiterals;
using pd::gui::Notification;

class TestNotificationsDemo final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(u"PreviewDeskNotificationsDemo"_s);
        QStandardPaths::setTestModeEnabled(true);
        qputenv("KUBECONFIG", QFile::encodeName(m_dir.filePath(u"no-kubeconfig"_s)));
    }

    void myExpiringPreviewIsAnnouncedOnceAndOpensItsRow()
    {
        pd::test::DemoApp app(m_dir.filePath(u"demo.ini"_s));
        pd::gui::AppOptions options;
        options.demo = true;
        QString error;
        QVERIFY2(app.start(options, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(app.session()->watcher()->isSynced() && app.model()->rowCount() > 0, 30000);

        // One of the demo's owned previews that expires: its owner is "me" from now on.
        const pd::core::EnvironmentModel *model = app.model();
        std::optional<pd::core::Environment> mine;
        for (int row = 0; row < model->rowCount() && !mine; ++row) {
            const pd::core::Environment &env = model->environment(row);
            if (env.role == pd::core::EnvironmentRole::Preview && !env.owner.isEmpty() && !env.isProtected
                && !env.terminating && env.expiresAt.isValid() && env.expiresAt > model->now())
                mine = env;
        }
        QVERIFY2(mine, "the demo has no owned preview that expires");
        pd::gui::NotificationController *notifications = app.controller->notifications();
        QVERIFY(notifications);
        QSignalSpy due(notifications->center(), &pd::gui::NotificationCenter::notificationDue);

        pd::gui::NotificationSettings settings = notifications->center()->settings();
        settings.owner = mine->owner;
        settings.expiringWithinHours = int(model->now().secsTo(mine->expiresAt) / 3600) + 1;
        notifications->applySettings(settings);
        QCOMPARE(pd::gui::NotificationSettings::load(&app.settings).owner, mine->owner);   // kept

        const auto announced = [&due, &mine] {
            for (const QList<QVariant> &arguments : due) {
                const Notification notification = arguments.at(0).value<Notification>();
                if (notification.kind == Notification::Kind::ExpiringPreview && notification.environment == mine->name)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(announced(), 10000);
        // Every due notification is of one of mine, and each preview once.
        QStringList names;
        for (const QList<QVariant> &arguments : std::as_const(due)) {
            const Notification notification = arguments.at(0).value<Notification>();
            QCOMPARE(notification.kind, Notification::Kind::ExpiringPreview);
            QVERIFY2(model->find(notification.environment)->owner.compare(mine->owner, Qt::CaseInsensitive) == 0,
                     qPrintable(notification.environment));
            QVERIFY2(!names.contains(notification.environment), qPrintable(notification.environment));
            names << notification.environment;
        }
        // Its action: the window forward on that row.
        app.window()->table()->clearSelection();
        notifications->open(due.first().at(0).value<Notification>());
        QCOMPARE(app.window()->selectedEnvironment(), due.first().at(0).value<Notification>().environment);
        QVERIFY(app.window()->isVisible());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestNotificationsDemo)
#include "tst_notificationsdemo.moc"
