#pragma once

#include "notificationcenter.h"

#include <QDBusConnection>
#include <QHash>
#include <QObject>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QMenu;
class QSystemTrayIcon;
QT_END_NAMESPACE

namespace pd::gui {

// Shows notifications on the desktop: through the freedesktop notification service
// (org.freedesktop.Notifications on the session bus: Notify with a default "Open"
// action, ActionInvoked and NotificationClosed followed), or, when no such service
// answers, as a message of the tray icon. The tray icon exists where the desktop
// offers a system tray, with Show PreviewDesk and Quit.
class DesktopNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopNotifier)
public:
    static constexpr const char *Service = "org.freedesktop.Notifications";
    static constexpr const char *Path = "/org/freedesktop/Notifications";
    static constexpr const char *Interface = "org.freedesktop.Notifications";

    enum class Delivery { Bus, Tray, Dropped };
    Q_ENUM(Delivery)

    // bus: where the notification service is looked for (the session bus; tests pass a private one).
    explicit DesktopNotifier(const QDBusConnection &bus = QDBusConnection::sessionBus(), QObject *parent = nullptr);
    ~DesktopNotifier() override;

    void show(const pd::gui::Notification &notification);

    // nullptr where the desktop has no system tray.
    QSystemTrayIcon *trayIcon() const { return m_tray; }
    // Notifications the service showed and has not closed yet, by its id.
    int openCount() const { return int(m_open.size()); }

Q_SIGNALS:
    // The notification's action was invoked (or its tray message clicked).
    void activated(const pd::gui::Notification &notification);
    // How a notification went out: on the bus (with the service's id), as a tray message, or not at all.
    void delivered(const pd::gui::Notification &notification, pd::gui::DesktopNotifier::Delivery how, uint id);
    // The tray menu's entries.
    void showWindowRequested();
    void quitRequested();

private Q_SLOTS:
    // The service's signals (connected by name: QtDBus matches them by signature).
    void onActionInvoked(uint id, const QString &actionKey);
    void onNotificationClosed(uint id, uint reason);

private:
    void showInTray(const pd::gui::Notification &notification);
    void createTrayIcon();

    QDBusConnection m_bus;
    QHash<uint, pd::gui::Notification> m_open;   // shown by the service, by its id
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_trayMenu = nullptr;
    pd::gui::Notification m_lastTrayMessage;
};

} // namespace pd::gui
