#pragma once

#include "notificationsettings.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QString>

namespace pd::core {
struct Environment;
struct GuardrailStatus;
} // namespace pd::core

namespace pd::gui {

// One message for the desktop. Its action opens `environment`'s row in the browser
// (or, for a guardrail, the guardrail in its editor).
struct Notification
{
    enum class Kind { ExpiringPreview, GuardrailFailed, ActionFinished };
    Kind kind = Kind::ExpiringPreview;
    QString title;
    QString body;
    QString environment;   // the namespace whose row the action opens; may be empty
    QString guardrail;     // GuardrailFailed: the guardrail's name
    bool failed = false;   // something went wrong (the notifier marks it urgent)
};

// Decides which notifications are due, from what the app already knows: snapshots of
// the environments (the session's model), of the guardrails (GuardrailStore::list())
// and the end of long actions. No widgets, no clock of its own, no D-Bus: every fact
// and `now` come in as arguments, so it is tested on values alone.
//  - An expiring preview: one of the owner's previews whose time left falls within the
//    window. Once per preview and expiry value: a renewal that moves the expiry re-arms it.
//  - A failed guardrail run: once per failed Job (one seen at the first listing only
//    when it finished within the last day: older news is in the editor).
//  - A clone or destroy that finished while the app was in the background.
class NotificationCenter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationCenter)
public:
    enum class Action { Clone, Destroy };

    explicit NotificationCenter(QObject *parent = nullptr);
    ~NotificationCenter() override;

    void setSettings(const NotificationSettings &settings);
    const NotificationSettings &settings() const { return m_settings; }

    // Every environment of the cluster now (a complete snapshot: those missing are gone).
    void updateEnvironments(const QList<pd::core::Environment> &environments, const QDateTime &now);
    // Every guardrail with its newest Job.
    void updateGuardrails(const QList<pd::core::GuardrailStatus> &guardrails, const QDateTime &now);
    // A long action on `environment` ended; `inBackground`: no window of the app was active.
    void actionFinished(Action action, const QString &environment, bool ok, const QString &message,
                        bool inBackground);
    // Another cluster: what was learned about this one no longer applies.
    void reset();

Q_SIGNALS:
    void notificationDue(const pd::gui::Notification &notification);

private:
    NotificationSettings m_settings;
    QHash<QString, QDateTime> m_expiryNotified;   // namespace -> the expiry it was notified for
    QSet<QString> m_failedJobsSeen;               // "cronjob/job" of failed guardrail Jobs
    bool m_guardrailsListed = false;
};

} // namespace pd::gui

Q_DECLARE_METATYPE(pd::gui::Notification)
