#pragma once

#include "notificationcenter.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace pd::core {
class GuardrailStore;
class Session;
} // namespace pd::core

namespace pd::gui {

class CloneWizard;
class DesktopNotifier;
class MainWindow;

// Wires the notifications (AppController owns one): the session's environments and
// guardrails go into the NotificationCenter, what it finds due goes out through the
// DesktopNotifier, and a notification's action brings the window forward on its row
// (a guardrail's opens the guardrail editor on it: guardrailRequested()).
class NotificationController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationController)
public:
    // settings: where the preferences live (not owned; nullptr: the defaults, not kept).
    // notifier: taken over; nullptr: one on the session bus.
    explicit NotificationController(QSettings *settings, DesktopNotifier *notifier = nullptr,
                                    QObject *parent = nullptr);
    ~NotificationController() override;

    void setWindow(MainWindow *window);
    // Follows the session's model and polls its guardrails (nullptr: nothing followed).
    void setSession(pd::core::Session *session);
    // A clone wizard's end is an action that may finish in the background.
    void watchClone(CloneWizard *wizard);

    // Whether the app is in the background now (default: none of its windows is active).
    void setBackgroundProbe(std::function<bool()> probe) { m_inBackground = std::move(probe); }
    // How often the guardrails' Jobs are read (default one minute; the first read after one interval).
    void setGuardrailInterval(std::chrono::milliseconds interval);

    // Edit > Preferences: the dialog; what is accepted is saved and applies at once.
    void editPreferences();
    void applySettings(const NotificationSettings &settings);

    NotificationCenter *center() const { return m_center; }
    DesktopNotifier *notifier() const { return m_notifier; }

    // What a notification's action does: the window forward, on the notification's row.
    void open(const pd::gui::Notification &notification);

Q_SIGNALS:
    void guardrailRequested(const QString &name);
    // The tray's Quit.
    void quitRequested();

private:
    void scheduleEnvironments();
    void feedEnvironments();
    void pollGuardrails();
    void raiseWindow();

    QPointer<QSettings> m_settings;
    NotificationCenter *m_center;
    DesktopNotifier *m_notifier;
    QPointer<MainWindow> m_window;
    QPointer<pd::core::Session> m_session;
    pd::core::GuardrailStore *m_guardrails = nullptr;   // a child, for the current session
    QTimer m_environmentsTimer;   // coalesces the model's bursts of changes
    QTimer m_guardrailTimer;
    std::function<bool()> m_inBackground;
    QList<QMetaObject::Connection> m_sessionConnections;
};

} // namespace pd::gui
