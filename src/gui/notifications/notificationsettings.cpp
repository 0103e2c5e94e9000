#include "notificationsettings.h"

#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {
const QString kExpiring = u"notifications/expiringPreviews"_s;
const QString kHours = u"notifications/expiringWithinHours"_s;
const QString kGuardrails = u"notifications/guardrailFailures"_s;
const QString kFinished = u"notifications/finishedActions"_s;
const QString kOwner = u"notifications/owner"_s;
} // namespace

QString NotificationSettings::defaultOwner()
{
    for (const char *name : {"USER", "USERNAME", "LOGNAME"}) {
        if (const QString value = qEnvironmentVariable(name).trimmed(); !value.isEmpty())
            return value;
    }
    return {};
}

NotificationSettings NotificationSettings::load(const QSettings *settings)
{
    NotificationSettings result;
    result.owner = defaultOwner();
    if (!settings)
        return result;
    result.expiringPreviews = settings->value(kExpiring, result.expiringPreviews).toBool();
    result.expiringWithinHours = std::max(1, settings->value(kHours, result.expiringWithinHours).toInt());
    result.guardrailFailures = settings->value(kGuardrails, result.guardrailFailures).toBool();
    result.finishedActions = settings->value(kFinished, result.finishedActions).toBool();
    result.owner = settings->value(kOwner, result.owner).toString().trimmed();
    return result;
}

void NotificationSettings::save(QSettings *settings) const
{
    if (!settings)
        return;
    settings->setValue(kExpiring, expiringPreviews);
    settings->setValue(kHours, expiringWithinHours);
    settings->setValue(kGuardrails, guardrailFailures);
    settings->setValue(kFinished, finishedActions);
    settings->setValue(kOwner, owner.trimmed());
}

} // namespace pd::gui
