#include "environmentactionsmenu.h"

#include "kube/bindto.h"
#include "core/environment/mutationguard.h"
#include "core/environment/environmentfilterproxy.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/permissioncache.h"
#include "core/forge/previewreporting.h"
#include "kube/logging.h"
#include "mainwindow.h"
#include "core/session/session.h"
#include "themeicons.h"
#include "ui_destroyconfirmation.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>

#include <algorithm>

using namespace Qt::StringLiterals;
using pd::core::EnvironmentAction;

namespace pd::gui {

namespace {

// The core rule's reason as a tooltip: "staging: source environment; PreviewDesk never ...".
QString refusalOf(const std::optional<pd::core::Environment> &env, pd::core::Mutation mutation)
{
    if (!env)
        return {};
    const QString reason = pd::core::mutationRefusal(*env, mutation);
    return reason.isEmpty() ? QString() : env->name + u": "_s + reason;
}

// Scale only what can move: up needs a workload at zero, down one that is not.
QString stateRefusalOf(const std::optional<pd::core::Environment> &env, pd::core::Mutation mutation)
{
    if (!env)
        return {};
    const bool anyAtZero = std::any_of(env->workloads.cbegin(), env->workloads.cend(),
                                       [](const pd::core::WorkloadInfo &w) { return w.desired == 0; });
    if (mutation == pd::core::Mutation::ScaleUp && !anyAtZero && env->state != pd::core::EnvironmentState::ScaledDown)
        return EnvironmentActionsMenu::tr("%1 is running: no workload is scaled down, nothing to scale up").arg(env->name);
    if (mutation == pd::core::Mutation::ScaleDown && env->state == pd::core::EnvironmentState::ScaledDown)
        return EnvironmentActionsMenu::tr("%1 is already scaled down").arg(env->name);
    return {};
}

// Core's rule first (sources, protected), then what the state allows.
QString scaleRefusalOf(const std::optional<pd::core::Environment> &env, pd::core::Mutation mutation)
{
    const QString refusal = refusalOf(env, mutation);
    return refusal.isEmpty() ? stateRefusalOf(env, mutation) : refusal;
}

// "Pull request #1423 (checkout-redesign) · owner a.rivera", for the confirmations.
QString identityOf(const pd::core::Environment &env)
{
    QString pr = env.pr.isEmpty() ? EnvironmentActionsMenu::tr("No pull request")
                                  : EnvironmentActionsMenu::tr("Pull request #%1").arg(env.pr);
    if (!env.branch.isEmpty())
        pr += u" ("_s + env.branch + u')';
    const QString owner = env.owner.isEmpty() ? EnvironmentActionsMenu::tr("no owner")
                                              : EnvironmentActionsMenu::tr("owner %1").arg(env.owner);
    return pr + u" \u00b7 "_s + owner;
}

} // namespace

EnvironmentActionsMenu::EnvironmentActionsMenu(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_confirm([this](const QString &name) { return confirmByTyping(m_window, environmentNamed(name)); })
    , m_confirmScaleDown([this](const QString &name) { return confirmScaleDown(m_window, environmentNamed(name)); })
    , m_extendMenu(new QMenu(tr("Extend expiry"), window))
    , m_extendDay(new QAction(tr("+24 h"), this))
    , m_extendTwoDays(new QAction(tr("+2 days"), this))
    , m_scaleDown(new QAction(tr("Scale down now"), this))
    , m_scaleUp(new QAction(tr("Scale up now"), this))
    , m_destroy(new QAction(tr("Destroy…"), this))
    , m_clone(new QAction(tr("Clone…"), this))
    , m_report(new QAction(tr("Post to pull request"), this))
{
    m_extendMenu->setObjectName(u"extendExpiryMenu"_s);
    m_extendMenu->setToolTipsVisible(true);
    m_extendMenu->addAction(m_extendDay);
    m_extendMenu->addAction(m_extendTwoDays);
    m_extendDay->setObjectName(u"extendDayAction"_s);
    m_extendTwoDays->setObjectName(u"extendTwoDaysAction"_s);
    m_scaleDown->setObjectName(u"scaleDownAction"_s);
    m_scaleUp->setObjectName(u"scaleUpAction"_s);
    m_destroy->setObjectName(u"destroyAction"_s);
    m_clone->setObjectName(u"cloneAction"_s);
    m_report->setObjectName(u"reportAction"_s);
    // Keyboard-driven use: clone the selected environment without the mouse.
    m_clone->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_destroy->setShortcut(QKeySequence::Delete);
    m_extendMenu->setIcon(themeIcon(u"appointment-new"_s));
    m_scaleDown->setIcon(themeIcon(u"media-playback-pause"_s));
    m_scaleUp->setIcon(themeIcon(u"media-playback-start"_s));
    m_destroy->setIcon(themeIcon(u"edit-delete"_s));
    m_clone->setIcon(themeIcon(u"list-add"_s));

    connect(m_extendDay, &QAction::triggered, this, [this] { extend(std::chrono::hours(24)); });
    connect(m_extendTwoDays, &QAction::triggered, this, [this] { extend(std::chrono::hours(48)); });
    connect(m_scaleDown, &QAction::triggered, this, [this] {
        const auto env = selected();
        if (!env || !m_actions || !scaleRefusalOf(env, pd::core::Mutation::ScaleDown).isEmpty())
            return;
        // One click must not stop a shared environment: always ask first.
        if (!m_confirmScaleDown || !m_confirmScaleDown(env->name))
            return;
        run(env->name, tr("Scaling down %1…").arg(env->name), m_actions->scaleDown(env->name), true);
    });
    connect(m_scaleUp, &QAction::triggered, this, [this] {
        if (const auto env = selected(); env && m_actions && scaleRefusalOf(env, pd::core::Mutation::ScaleUp).isEmpty())
            run(env->name, tr("Scaling up %1…").arg(env->name), m_actions->scaleUp(env->name), true);
    });
    connect(m_destroy, &QAction::triggered, this, &EnvironmentActionsMenu::destroySelected);
    connect(m_report, &QAction::triggered, this, &EnvironmentActionsMenu::reportSelected);
    connect(m_clone, &QAction::triggered, this, [this] {
        if (const auto env = selected())
            Q_EMIT cloneRequested(cloneSourceOf(*env));
    });
    update();
}

EnvironmentActionsMenu::~EnvironmentActionsMenu() = default;

pd::core::PermissionCache *EnvironmentActionsMenu::permissions() const
{
    return m_permissions.data();
}

void EnvironmentActionsMenu::setSession(Session *session)
{
    // Both live as long as the session: Qt 6.4's QFuture::then(context) asserts when a
    // context dies before its future finishes, and the client's futures finish (cancelled)
    // when the session deletes the client, before its children go.
    if (session == m_session && (m_actions || !session))
        return update();
    m_actions = nullptr;
    m_permissions = nullptr;
    m_reporting = nullptr;
    m_session = session;
    if (session && session->client()) {
        m_actions = new pd::core::EnvironmentActions(session->client(), {}, session);
        m_reporting = new pd::core::PreviewReporting(session->client(), session->gitHub(), session);
        m_permissions = session->permissions();
        connect(m_actions, &pd::core::EnvironmentActions::progressed, this, &EnvironmentActionsMenu::onProgressed);
        connect(m_permissions, &pd::core::PermissionCache::answersChanged, this, &EnvironmentActionsMenu::update);
    }
    update();
}

void EnvironmentActionsMenu::setDestroyConfirmation(DestroyConfirmation confirmation)
{
    m_confirm = std::move(confirmation);
}

void EnvironmentActionsMenu::setScaleDownConfirmation(DestroyConfirmation confirmation)
{
    m_confirmScaleDown = std::move(confirmation);
}

void EnvironmentActionsMenu::setUrlActions(QAction *openUrl, QAction *copyUrl)
{
    m_openUrl = openUrl;
    m_copyUrl = copyUrl;
}

void EnvironmentActionsMenu::addToToolBar(QToolBar *toolbar)
{
    auto *extendButton = new QToolButton(toolbar);
    m_extendButton = extendButton;
    extendButton->setObjectName(u"extendExpiryButton"_s);
    extendButton->setText(tr("Extend"));
    extendButton->setIcon(m_extendMenu->icon());
    extendButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    extendButton->setToolTip(tr("Extend the selected environment's expiry"));
    extendButton->setMenu(m_extendMenu);
    extendButton->setPopupMode(QToolButton::InstantPopup);
    toolbar->addWidget(extendButton);
    toolbar->addAction(m_scaleDown);
    toolbar->addAction(m_scaleUp);
    toolbar->addAction(m_destroy);
    toolbar->addAction(m_clone);
}

QMenu *EnvironmentActionsMenu::createContextMenu(QWidget *parent)
{
    auto *menu = new QMenu(parent);
    fillMenu(menu);
    return menu;
}

void EnvironmentActionsMenu::fillMenu(QMenu *menu)
{
    menu->setToolTipsVisible(true);   // a disabled action's tooltip says why
    if (m_openUrl)
        menu->addAction(m_openUrl);
    if (m_copyUrl)
        menu->addAction(m_copyUrl);
    menu->addSeparator();
    menu->addMenu(m_extendMenu);
    menu->addAction(m_scaleDown);
    menu->addAction(m_scaleUp);
    menu->addAction(m_report);
    menu->addSeparator();
    menu->addAction(m_clone);
    menu->addAction(m_destroy);
}

void EnvironmentActionsMenu::showContextMenu(const QPoint &globalPosition)
{
    if (!selected())
        return;
    update();
    QMenu *menu = createContextMenu(m_window);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(globalPosition);
}

// A preview's lineage parent when it is still there, else the environment itself.
QString EnvironmentActionsMenu::cloneSourceOf(const pd::core::Environment &env) const
{
    const auto *model = qobject_cast<const pd::core::EnvironmentModel *>(m_window->proxy()->sourceModel());
    if (env.role == pd::core::EnvironmentRole::Preview && !env.parent.isEmpty() && model && model->find(env.parent))
        return env.parent;
    return env.name;
}

std::optional<pd::core::Environment> EnvironmentActionsMenu::selected() const
{
    const QString name = m_window->selectedEnvironment();
    const auto *model = qobject_cast<const pd::core::EnvironmentModel *>(m_window->proxy()->sourceModel());
    if (name.isEmpty() || !model)
        return std::nullopt;
    return model->find(name);
}

void EnvironmentActionsMenu::update()
{
    const std::optional<pd::core::Environment> env = selected();
    const bool connected = m_actions != nullptr;
    const bool terminating = env && env->state == pd::core::EnvironmentState::Terminating;
    const auto apply = [&](QAction *action, EnvironmentAction kind, const QString &help, const QString &refusal = {}) {
        QString reason = refusal;
        if (reason.isEmpty() && env && m_permissions) {
            m_permissions->prefetch(kind, env->name);
            reason = m_permissions->missing(kind, env->name);
        }
        action->setEnabled(env && connected && !terminating && reason.isEmpty());
        action->setToolTip(reason.isEmpty() ? help : reason);
    };
    using pd::core::Mutation;
    apply(m_extendDay, EnvironmentAction::ExtendExpiry, tr("Extend the expiry by 24 hours"), refusalOf(env, Mutation::Extend));
    apply(m_extendTwoDays, EnvironmentAction::ExtendExpiry, tr("Extend the expiry by two days"), refusalOf(env, Mutation::Extend));
    m_extendMenu->setEnabled(m_extendDay->isEnabled());
    m_extendMenu->setToolTip(m_extendDay->toolTip());
    if (m_extendButton) {
        // A source or a namespace without an expiry: the button says why instead of opening nothing.
        m_extendButton->setEnabled(m_extendDay->isEnabled());
        m_extendButton->setToolTip(m_extendDay->isEnabled() ? tr("Extend the selected environment's expiry")
                                                            : m_extendDay->toolTip());
    }
    apply(m_scaleDown, EnvironmentAction::ScaleDown, tr("Scale every workload to zero, recording its replicas (asks first)"),
          scaleRefusalOf(env, Mutation::ScaleDown));
    apply(m_scaleUp, EnvironmentAction::ScaleUp, tr("Restore the replicas recorded by a scale-down"),
          scaleRefusalOf(env, Mutation::ScaleUp));
    apply(m_destroy, EnvironmentAction::Destroy, tr("Delete this preview and everything in it"),
          refusalOf(env, Mutation::Destroy));
    // The PR's comment: posted once, refreshed after; needs a PR, its repository and a token.
    const bool posted = env && pd::core::PreviewCommentRecord::of(*env).has_value();
    m_report->setText(posted ? tr("Refresh pull-request comment") : tr("Post to pull request"));
    const QString reportRefusal = env && m_reporting ? m_reporting->refusal(*env) : QString();
    m_report->setEnabled(env && connected && m_reporting && reportRefusal.isEmpty());
    m_report->setToolTip(!reportRefusal.isEmpty() ? reportRefusal
                         : posted ? tr("Update the preview's comment and deployment status on its pull request")
                                  : tr("Post the preview's URL, state and cost to its pull request (one comment, kept up to date)"));
    // A preview is cloned from its source (a new PR's preview starts where the others did).
    const QString cloneSource = env ? cloneSourceOf(*env) : QString();
    QString cloneRefusal;
    if (env && m_permissions) {
        m_permissions->prefetch(EnvironmentAction::Clone, cloneSource);
        cloneRefusal = m_permissions->missing(EnvironmentAction::Clone, cloneSource);
    }
    m_clone->setEnabled(env && connected && cloneRefusal.isEmpty());
    m_clone->setToolTip(!cloneRefusal.isEmpty() ? cloneRefusal
                        : env && cloneSource != env->name
                            ? tr("Clone %1 (the source of %2) into a new preview (Ctrl+N)").arg(cloneSource, env->name)
                            : tr("Clone this environment into a new preview (Ctrl+N)"));
}

void EnvironmentActionsMenu::extend(std::chrono::seconds by)
{
    if (const auto env = selected(); env && m_actions && refusalOf(env, pd::core::Mutation::Extend).isEmpty())
        run(env->name, tr("Extending %1…").arg(env->name), m_actions->extendExpiry(env->name, by));
}

void EnvironmentActionsMenu::run(const QString &name, const QString &startText, QFuture<pd::core::ActionResult> future,
                                 bool withProgressDialog)
{
    ++m_running;
    m_window->statusBar()->showMessage(startText);
    if (withProgressDialog && future.isRunning() && !m_dialogs.value(name)) {
        auto *dialog = new QProgressDialog(startText, tr("Cancel"), 0, 0, m_window);
        dialog->setObjectName(u"actionProgress"_s);
        dialog->setWindowTitle(tr("PreviewDesk: %1").arg(name));
        dialog->setWindowModality(Qt::NonModal);   // the browser stays usable meanwhile
        dialog->setAutoClose(false);
        dialog->setAutoReset(false);
        dialog->setMinimumDuration(400);           // quick operations never flash a dialog
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QProgressDialog::canceled, this, [this, name] { cancel(name); });
        m_dialogs.insert(name, dialog);
    }
    // Bound to the menu: a window gone first never sees the answer.
    pd::bindTo(this, future, [this, name](const pd::core::ActionResult &result) {
        EnvironmentActionsMenu *const that = this;
        --that->m_running;
        if (QPointer<QProgressDialog> dialog = that->m_dialogs.take(name)) {
            // Close before the result: a cancelled dialog hid itself already.
            dialog->blockSignals(true);
            dialog->close();
        }
        if (!result.ok)
            pd::log::gui()->warn("{}", result.message.toStdString());
        that->m_window->statusBar()->showMessage(result.message, result.ok ? 8000 : 20000);
        Q_EMIT that->actionFinished(name, result.ok, result.message);
        if (that->m_destroying.remove(name))
            Q_EMIT that->destroyFinished(name, result.ok, result.message);
    });
}

void EnvironmentActionsMenu::onProgressed(const QString &name, int done, int total, const QString &message)
{
    m_window->statusBar()->showMessage(message);
    QProgressDialog *dialog = m_dialogs.value(name);
    // A cancelled dialog hid itself; touching its value would show it again.
    if (!dialog || dialog->wasCanceled())
        return;
    dialog->setLabelText(message);
    if (total <= 0) {
        dialog->setRange(0, 0);   // busy: listing, waiting for the namespace to go
    } else {
        dialog->setRange(0, total);
        dialog->setValue(std::min(done, total));
    }
}

QProgressDialog *EnvironmentActionsMenu::progressDialog(const QString &name) const
{
    return m_dialogs.value(name);
}

bool EnvironmentActionsMenu::cancel(const QString &name)
{
    if (!m_actions || !m_actions->cancel(name))
        return false;
    m_window->statusBar()->showMessage(tr("Cancelling the operation on %1…").arg(name));
    return true;
}

bool EnvironmentActionsMenu::isRunning(const QString &name) const
{
    return m_actions && m_actions->isRunning(name);
}

void EnvironmentActionsMenu::destroySelected()
{
    const auto env = selected();
    if (!env || !m_actions)
        return;
    if (const QString refusal = refusalOf(env, pd::core::Mutation::Destroy); !refusal.isEmpty()) {
        m_window->statusBar()->showMessage(refusal, 20000);
        return;
    }
    if (!m_confirm || !m_confirm(env->name))
        return;
    m_destroying.insert(env->name);
    run(env->name, tr("Destroying %1…").arg(env->name), m_actions->destroy(env->name), true);
}

void EnvironmentActionsMenu::reportSelected()
{
    const auto env = selected();
    if (!env || !m_reporting)
        return;
    if (const QString refusal = m_reporting->refusal(*env); !refusal.isEmpty()) {
        m_window->statusBar()->showMessage(refusal, 20000);
        return;
    }
    const auto *model = qobject_cast<const pd::core::EnvironmentModel *>(m_window->proxy()->sourceModel());
    const int row = model ? model->rowOf(env->name) : -1;
    const pd::core::EnvironmentExtras extras = row >= 0 ? model->extras(row) : pd::core::EnvironmentExtras{};
    const QString name = env->name;
    const QString pr = env->pr;
    QFuture<pd::core::ActionResult> done = pd::bindTo(this, m_reporting->report(*env, extras),
                                                       [name, pr](const pd::core::ReportOutcome &outcome) {
        // "shop-pr-42 reported to pull request #42 (deployment 1001 success; comment 1003 updated)"
        return pd::core::ActionResult{outcome.ok, outcome.ok
            ? tr("%1 reported to pull request #%2 (%3)").arg(name, pr, outcome.message)
            : tr("%1 not reported to pull request #%2: %3").arg(name, pr, outcome.message)};
    });
    run(env->name, tr("Reporting %1 to pull request #%2…").arg(env->name, env->pr), done);
}

pd::core::Environment EnvironmentActionsMenu::environmentNamed(const QString &name) const
{
    const auto *model = qobject_cast<const pd::core::EnvironmentModel *>(m_window->proxy()->sourceModel());
    std::optional<pd::core::Environment> env = model ? model->find(name) : std::nullopt;
    if (env)
        return *env;
    pd::core::Environment unknown;
    unknown.name = name;
    return unknown;
}

bool EnvironmentActionsMenu::confirmScaleDown(QWidget *parent, const pd::core::Environment &env)
{
    const QString name = env.name;
    QMessageBox box(QMessageBox::Warning, tr("Scale down %1").arg(name),
                    tr("Scale every workload of the namespace <b>%1</b> to zero and suspend its CronJobs? "
                       "Scale up restores them.<br>%2").arg(name.toHtmlEscaped(), identityOf(env).toHtmlEscaped()),
                    QMessageBox::Cancel, parent);
    box.setObjectName(u"scaleDownDialog"_s);
    QPushButton *scale = box.addButton(tr("Scale down"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == scale;
}

bool EnvironmentActionsMenu::confirmByTyping(QWidget *parent, const pd::core::Environment &env)
{
    const QString name = env.name;
    // The layout is ui/destroyconfirmation.ui; every text names the namespace, so it comes from here.
    QDialog dialog(parent);
    Ui::DestroyConfirmation ui;
    ui.setupUi(&dialog);
    dialog.setWindowTitle(tr("Destroy %1").arg(name));
    ui.destroyText->setText(tr("This deletes the namespace <b>%1</b> and everything in it.<br>%2<br>"
                               "Type its name to confirm.").arg(name.toHtmlEscaped(), identityOf(env).toHtmlEscaped()));
    ui.destroyName->setPlaceholderText(name);
    // Designer's button box holds standard buttons only; Destroy has the destructive role.
    QPushButton *destroyButton = ui.buttons->addButton(tr("Destroy"), QDialogButtonBox::DestructiveRole);
    destroyButton->setObjectName(u"destroyConfirm"_s);
    destroyButton->setEnabled(false);
    connect(ui.destroyName, &QLineEdit::textChanged, destroyButton, [destroyButton, name](const QString &text) {
        destroyButton->setEnabled(text == name);
    });
    connect(destroyButton, &QPushButton::clicked, &dialog, &QDialog::accept);
    connect(ui.buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    return dialog.exec() == QDialog::Accepted && ui.destroyName->text() == name;
}

} // namespace pd::gui
