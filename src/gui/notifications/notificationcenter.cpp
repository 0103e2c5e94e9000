#include "notificationcenter.h"

#include "core/environment/environment.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentpredicates.h"
#include "core/guardrail/guardrailstore.h"

#include <chrono>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {
// A failed run already there when the guardrails are first listed is news only this long.
constexpr std::chrono::hours kFailureNewsAge{24};
} // namespace

NotificationCenter::NotificationCenter(QObject *parent)
    : QObject(parent)
{
}

NotificationCenter::~NotificationCenter() = default;

void NotificationCenter::setSettings(const NotificationSettings &settings)
{
    m_settings = settings;
}

void NotificationCenter::reset()
{
    m_expiryNotified.clear();
    m_failedJobsSeen.clear();
    m_guardrailsListed = false;
}

void NotificationCenter::updateEnvironments(const QList<pd::core::Environment> &environments, const QDateTime &now)
{
    QSet<QString> present;
    const std::chrono::seconds window = std::chrono::hours(m_settings.expiringWithinHours);
    for (const pd::core::Environment &env : environments) {
        present.insert(env.name);
        // Sources and protected previews are never swept: their expiry is no deadline.
        if (!m_settings.expiringPreviews || env.role != pd::core::EnvironmentRole::Preview || env.isProtected
            || env.terminating || !pd::core::isOwnedBy(env, m_settings.owner)
            || !pd::core::expiresWithin(env, now, window))
            continue;
        const auto notified = m_expiryNotified.constFind(env.name);
        if (notified != m_expiryNotified.cend() && *notified == env.expiresAt)
            continue;   // told already about this expiry
        m_expiryNotified.insert(env.name, env.expiresAt);
        Notification notification;
        notification.kind = Notification::Kind::ExpiringPreview;
        notification.environment = env.name;
        notification.title = tr("%1 expires in %2")
                                 .arg(env.name, pd::core::EnvironmentModel::timeLeftText(now.secsTo(env.expiresAt)));
        notification.body = env.pr.isEmpty()
            ? tr("Extend it from PreviewDesk to keep it.")
            : tr("The preview of pull request #%1. Extend it from PreviewDesk to keep it.").arg(env.pr);
        Q_EMIT notificationDue(notification);
    }
    // A preview that is gone and comes back (same name) is a new one.
    for (auto it = m_expiryNotified.begin(); it != m_expiryNotified.end();) {
        if (present.contains(it.key()))
            ++it;
        else
            it = m_expiryNotified.erase(it);
    }
}

void NotificationCenter::updateGuardrails(const QList<pd::core::GuardrailStatus> &guardrails, const QDateTime &now)
{
    const bool firstListing = !m_guardrailsListed;
    m_guardrailsListed = true;
    for (const pd::core::GuardrailStatus &status : guardrails) {
        const pd::core::GuardrailJob &job = status.lastJob;
        if (job.result != pd::core::GuardrailJob::Result::Failed || job.name.isEmpty())
            continue;
        const QString key = job.cronJob + u'/' + job.name;
        if (m_failedJobsSeen.contains(key))
            continue;
        m_failedJobsSeen.insert(key);   // seen even while this kind is off: no flood when it is turned on
        const QDateTime when = job.finished.isValid() ? job.finished : job.started;
        const bool oldNews = firstListing && when.isValid() && when.secsTo(now) > std::chrono::seconds(kFailureNewsAge).count();
        if (!m_settings.guardrailFailures || oldNews)
            continue;
        Notification notification;
        notification.kind = Notification::Kind::GuardrailFailed;
        notification.guardrail = status.name();
        notification.failed = true;
        notification.title = tr("Guardrail %1 failed").arg(status.name());
        notification.body = job.message.isEmpty() ? tr("Job %1 failed in the cluster.").arg(job.name)
                                                  : tr("Job %1: %2").arg(job.name, job.message);
        Q_EMIT notificationDue(notification);
    }
}

void NotificationCenter::actionFinished(Action action, const QString &environment, bool ok, const QString &message,
                                        bool inBackground)
{
    // In front, the window or the wizard says it already.
    if (!m_settings.finishedActions || !inBackground)
        return;
    Notification notification;
    notification.kind = Notification::Kind::ActionFinished;
    notification.environment = environment;
    notification.failed = !ok;
    notification.body = message;
    if (action == Action::Clone)
        notification.title = ok ? tr("%1 is ready").arg(environment) : tr("Cloning %1 failed").arg(environment);
    else
        notification.title = ok ? tr("%1 was destroyed").arg(environment) : tr("Destroying %1 failed").arg(environment);
    Q_EMIT notificationDue(notification);
}

} // namespace pd::gui
