#pragma once

#include <QString>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace pd::gui {

// Which desktop notifications the person wants (Edit > Preferences), kept in QSettings
// under "notifications/". Nothing secret lives here.
struct NotificationSettings
{
    bool expiringPreviews = true;     // one of my previews expires within `expiringWithinHours`
    int expiringWithinHours = 4;
    bool guardrailFailures = true;    // a guardrail's Job failed in the cluster
    bool finishedActions = true;      // a clone or destroy finished while PreviewDesk was in the background
    QString owner;                    // whose previews are "mine" (previewdesk.io/owner); default: $USER

    static NotificationSettings load(const QSettings *settings);   // nullptr: the defaults
    void save(QSettings *settings) const;
    // The login name: $USER, else $USERNAME, else $LOGNAME.
    static QString defaultOwner();

    bool operator==(const NotificationSettings &other) const = default;
};

} // namespace pd::gui
