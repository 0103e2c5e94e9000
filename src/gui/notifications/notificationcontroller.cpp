#include "notificationcontroller.h"

#include "gui/clonewizard/clonewizard.h"
#include "desktopnotifier.h"
#include "gui/environmentactionsmenu.h"
#include "gui/environmentfilterbar.h"
#include "gui/mainwindow.h"
#include "preferencesdialog.h"

#include "core/environment/environmentfilterproxy.h"
#include "core/environment/environmentmodel.h"
#include "core/guardrail/guardrailstore.h"
#include "core/session/session.h"
#include "kube/bindto.h"

#include <QApplication>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace pd::gui {

NotificationController::NotificationController(QSettings *settings, DesktopNotifier *notifier, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_center(new NotificationCenter(this))
    , m_notifier(notifier ? notifier : new DesktopNotifier(QDBusConnection::sessionBus()))
    , m_inBackground([] { return QApplication::activeWindow() == nullptr; })
{
    m_notifier->setParent(this);
    m_center->setSettings(NotificationSettings::load(settings));
    connect(m_center, &NotificationCenter::notificationDue, m_notifier, &DesktopNotifier::show);
    connect(m_notifier, &DesktopNotifier::activated, this, &NotificationController::open);
    connect(m_notifier, &DesktopNotifier::showWindowRequested, this, &NotificationController::raiseWindow);
    connect(m_notifier, &DesktopNotifier::quitRequested, this, &NotificationController::quitRequested);

    m_environmentsTimer.setSingleShot(true);
    m_environmentsTimer.setInterval(200);
    connect(&m_environmentsTimer, &QTimer::timeout, this, &NotificationController::feedEnvironments);
    m_guardrailTimer.setInterval(std::chrono::minutes(1));
    connect(&m_guardrailTimer, &QTimer::timeout, this, &NotificationController::pollGuardrails);
}

NotificationController::~NotificationController() = default;

void NotificationController::setWindow(MainWindow *window)
{
    if (m_window)
        disconnect(m_window->environmentActions(), nullptr, this, nullptr);
    m_window = window;
    if (!window)
        return;
    connect(window->environmentActions(), &EnvironmentActionsMenu::destroyFinished, this,
            [this](const QString &name, bool ok, const QString &message) {
                m_center->actionFinished(NotificationCenter::Action::Destroy, name, ok, message, m_inBackground());
            });
}

void NotificationController::setSession(pd::core::Session *session)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_sessionConnections))
        disconnect(connection);
    m_sessionConnections.clear();
    delete m_guardrails;
    m_guardrails = nullptr;
    m_guardrailTimer.stop();
    m_environmentsTimer.stop();
    m_center->reset();
    m_session = session;
    if (!session)
        return;
    pd::core::EnvironmentModel *model = session->model();
    // Upserts, removals and the watcher's periodic refreshTimes() (time left shrinks).
    const auto schedule = [this] { scheduleEnvironments(); };
    m_sessionConnections << connect(model, &QAbstractItemModel::rowsInserted, this, schedule)
                         << connect(model, &QAbstractItemModel::rowsRemoved, this, schedule)
                         << connect(model, &QAbstractItemModel::dataChanged, this, schedule)
                         << connect(model, &QAbstractItemModel::modelReset, this, schedule);
    if (model->rowCount() > 0)
        scheduleEnvironments();
    m_guardrails = new pd::core::GuardrailStore(session->client(), this);
    m_guardrailTimer.start();
}

void NotificationController::setGuardrailInterval(std::chrono::milliseconds interval)
{
    m_guardrailTimer.setInterval(interval);
}

void NotificationController::watchClone(CloneWizard *wizard)
{
    QPointer<CloneWizard> guard = wizard;
    connect(wizard, &CloneWizard::cloneFinished, this, [this, guard](const pd::core::CloneOutcome &outcome) {
        if (!guard || outcome.cancelled)
            return;   // a clone stopped by the person in front of it
        m_center->actionFinished(NotificationCenter::Action::Clone, guard->options().name, outcome.ok,
                                 outcome.message, m_inBackground());
    });
}

void NotificationController::scheduleEnvironments()
{
    if (!m_environmentsTimer.isActive())
        m_environmentsTimer.start();
}

void NotificationController::feedEnvironments()
{
    if (!m_session)
        return;
    const pd::core::EnvironmentModel *model = m_session->model();
    QList<pd::core::Environment> environments;
    environments.reserve(model->rowCount());
    for (int row = 0; row < model->rowCount(); ++row)
        environments.append(model->environment(row));
    m_center->updateEnvironments(environments, model->now());
}

void NotificationController::pollGuardrails()
{
    if (!m_guardrails || !m_center->settings().guardrailFailures)
        return;
    pd::bindTo(this, m_guardrails->list(), [this](const pd::core::GuardrailList &list) {
        if (list.ok && m_session)
            m_center->updateGuardrails(list.guardrails, m_session->model()->now());
    });
}

void NotificationController::applySettings(const NotificationSettings &settings)
{
    m_center->setSettings(settings);
    if (m_settings)
        settings.save(m_settings.data());
    scheduleEnvironments();   // a wider window or another owner may make some due now
}

void NotificationController::editPreferences()
{
    PreferencesDialog dialog(m_center->settings(), m_window.data());
    if (dialog.exec() == QDialog::Accepted)
        applySettings(dialog.notificationSettings());
}

void NotificationController::raiseWindow()
{
    if (!m_window)
        return;
    if (m_window->isMinimized())
        m_window->showNormal();
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

void NotificationController::open(const Notification &notification)
{
    raiseWindow();
    if (!notification.guardrail.isEmpty()) {
        Q_EMIT guardrailRequested(notification.guardrail);
        return;
    }
    if (!m_window || notification.environment.isEmpty())
        return;
    // A row the filter hides is shown by clearing the filter (a destroyed one is gone).
    if (!m_window->selectEnvironment(notification.environment)) {
        const auto *model = qobject_cast<const pd::core::EnvironmentModel *>(m_window->proxy()->sourceModel());
        if (model && model->rowOf(notification.environment) >= 0) {
            m_window->filterBar()->clear();
            m_window->selectEnvironment(notification.environment);
        }
    }
}

} // namespace pd::gui
