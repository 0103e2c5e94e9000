#include "desktopnotifier.h"

#include "kube/logging.h"
#include "gui/themeicons.h"

#include <QApplication>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QMenu>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {
const QString kDefaultAction = u"default"_s;
const QString kApplicationName = u"PreviewDesk"_s;   // a name: never translated
const QString kDesktopEntry = u"io.previewdesk.PreviewDesk"_s;   // packaging/io.previewdesk.PreviewDesk.desktop
constexpr uchar kUrgencyNormal = 1;
constexpr uchar kUrgencyCritical = 2;
} // namespace

DesktopNotifier::DesktopNotifier(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{
    if (m_bus.isConnected()) {
        const QString service = QString::fromLatin1(Service);
        const QString path = QString::fromLatin1(Path);
        const QString interface = QString::fromLatin1(Interface);
        m_bus.connect(service, path, interface, u"ActionInvoked"_s, this, SLOT(onActionInvoked(uint,QString)));
        m_bus.connect(service, path, interface, u"NotificationClosed"_s, this, SLOT(onNotificationClosed(uint,uint)));
    }
    if (QSystemTrayIcon::isSystemTrayAvailable())
        createTrayIcon();
}

DesktopNotifier::~DesktopNotifier()
{
    delete m_trayMenu;   // a menu has no QObject parent to go with
}

void DesktopNotifier::createTrayIcon()
{
    m_tray = new QSystemTrayIcon(QIcon(u":/icons/previewdesk.svg"_s), this);
    m_tray->setObjectName(u"trayIcon"_s);
    m_tray->setToolTip(kApplicationName);
    m_trayMenu = new QMenu;
    QAction *show = m_trayMenu->addAction(tr("&Show PreviewDesk"));
    show->setObjectName(u"trayShowAction"_s);
    connect(show, &QAction::triggered, this, &DesktopNotifier::showWindowRequested);
    m_trayMenu->addSeparator();
    QAction *quit = m_trayMenu->addAction(themeIcon(u"application-exit"_s), tr("&Quit"));
    quit->setObjectName(u"trayQuitAction"_s);
    connect(quit, &QAction::triggered, this, &DesktopNotifier::quitRequested);
    m_tray->setContextMenu(m_trayMenu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT showWindowRequested();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] { Q_EMIT activated(m_lastTrayMessage); });
    m_tray->show();
}

void DesktopNotifier::show(const Notification &notification)
{
    if (!m_bus.isConnected()) {
        showInTray(notification);
        return;
    }
    // Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout) -> id
    QDBusMessage call = QDBusMessage::createMethodCall(QString::fromLatin1(Service), QString::fromLatin1(Path),
                                                       QString::fromLatin1(Interface), u"Notify"_s);
    const QVariantMap hints{
        {u"desktop-entry"_s, kDesktopEntry},
        {u"urgency"_s, QVariant::fromValue(notification.failed ? kUrgencyCritical : kUrgencyNormal)},
    };
    call.setArguments({kApplicationName, uint(0), kDesktopEntry, notification.title, notification.body,
                       QStringList{kDefaultAction, tr("Open")}, hints, int(-1)});
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, notification](QDBusPendingCallWatcher *self) {
        self->deleteLater();
        const QDBusPendingReply<uint> reply = *self;
        if (reply.isError()) {
            // No notification service on this desktop (or it refused): the tray, if any, says it.
            pd::log::gui()->info("desktop notification not shown by {}: {}", Service,
                                 pd::log::str(reply.error().message()));
            showInTray(notification);
            return;
        }
        m_open.insert(reply.value(), notification);
        Q_EMIT delivered(notification, Delivery::Bus, reply.value());
    });
}

void DesktopNotifier::showInTray(const Notification &notification)
{
    if (!m_tray || !QSystemTrayIcon::supportsMessages()) {
        Q_EMIT delivered(notification, Delivery::Dropped, 0);
        return;
    }
    m_lastTrayMessage = notification;
    m_tray->showMessage(notification.title, notification.body,
                        notification.failed ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
    Q_EMIT delivered(notification, Delivery::Tray, 0);
}

void DesktopNotifier::onActionInvoked(uint id, const QString &actionKey)
{
    const auto it = m_open.constFind(id);
    if (it == m_open.cend() || actionKey != kDefaultAction)
        return;   // another application's notification, or an action we never offered
    Q_EMIT activated(*it);
}

void DesktopNotifier::onNotificationClosed(uint id, uint reason)
{
    Q_UNUSED(reason)   // expired, dismissed, closed by a call: gone either way
    m_open.remove(id);
}

} // namespace pd::gui
