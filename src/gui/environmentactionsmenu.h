#pragma once

#include "core/environment/environmentactions.h"
#include "core/environment/environment.h"
#include "core/environment/permissioncache.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <QFuture>
#include <QHash>
#include <QSet>

#include <chrono>
#include <functional>
#include <optional>

QT_BEGIN_NAMESPACE
class QAction;
class QMenu;
class QPoint;
class QProgressDialog;
class QToolBar;
QT_END_NAMESPACE


class QToolButton;

namespace pd::core {
class PreviewReporting;
class Session;
}

namespace pd::gui {

class MainWindow;
using Session = pd::core::Session;   // the one core session of a context

// The actions on the selected environment, for the table's context menu and the
// toolbar: extend expiry (+24 h, +2 days), scale down/up, destroy (typed
// confirmation), clone, and posting the preview to its pull request (the comment and
// deployment status, refreshed once posted). Scale down asks first. Each is disabled, with the reason as
// tooltip, when the environment refuses it (core's mutationRefusal: sources, protected,
// unmanaged, no expiry to extend) or the user lacks a permission
// ("needs: delete namespaces"). Progress and results go to the window's status bar;
// scale and destroy also show a progress dialog ("Scaling down 3 of 7 workloads…",
// "Waiting for namespace pr-42 to terminate…") whose Cancel stops the operation, and
// the result then says what was and wasn't done.
class EnvironmentActionsMenu final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentActionsMenu)
public:
    // Confirms a destroy; default: a dialog where the name must be typed. Tests replace it.
    using DestroyConfirmation = std::function<bool(const QString &name)>;

    explicit EnvironmentActionsMenu(MainWindow *window);
    ~EnvironmentActionsMenu() override;

    // The cluster the actions go to (nullptr: every action disabled).
    void setSession(Session *session);
    void setDestroyConfirmation(DestroyConfirmation confirmation);
    // Confirms a scale-down; default: a Scale down / Cancel question. Tests replace it.
    void setScaleDownConfirmation(DestroyConfirmation confirmation);
    // The window's Open URL / Copy URL actions head the context menu.
    void setUrlActions(QAction *openUrl, QAction *copyUrl);

    void addToToolBar(QToolBar *toolbar);
    // Builds the context menu for the current selection (caller owns it).
    QMenu *createContextMenu(QWidget *parent);
    // Adds the context menu's actions to `menu` (the window's Environment menu).
    void fillMenu(QMenu *menu);
    void showContextMenu(const QPoint &globalPosition);

    // Re-evaluates enabled state and tooltips for the current selection.
    void update();

    QAction *extendDayAction() const { return m_extendDay; }
    QAction *extendTwoDaysAction() const { return m_extendTwoDays; }
    QAction *scaleDownAction() const { return m_scaleDown; }
    QAction *scaleUpAction() const { return m_scaleUp; }
    QAction *destroyAction() const { return m_destroy; }
    QAction *cloneAction() const { return m_clone; }
    // "Post to pull request", or "Refresh pull-request comment" once one was posted.
    QAction *reportAction() const { return m_report; }
    pd::core::PermissionCache *permissions() const;
    // The progress dialog of the running scale/destroy of `name` (nullptr when none).
    QProgressDialog *progressDialog(const QString &name) const;
    // Cancels the running scale/destroy of `name` (what the dialog's Cancel does).
    bool cancel(const QString &name);
    bool isRunning(const QString &name) const;
    // The destroy confirmation every view uses: names the namespace, shows its PR and
    // owner, and asks for the name to be typed.
    static bool confirmByTyping(QWidget *parent, const pd::core::Environment &env);

Q_SIGNALS:
    void cloneRequested(const QString &sourceNamespace);
    // An action finished (ok or not), after the status bar shows it.
    void actionFinished(const QString &name, bool ok, const QString &message);
    // A destroy finished (ok or not), right after its actionFinished().
    void destroyFinished(const QString &name, bool ok, const QString &message);

private:
    std::optional<pd::core::Environment> selected() const;
    QString cloneSourceOf(const pd::core::Environment &env) const;
    void extend(std::chrono::seconds by);
    void run(const QString &name, const QString &startText, QFuture<pd::core::ActionResult> future,
             bool withProgressDialog = false);
    void onProgressed(const QString &name, int done, int total, const QString &message);
    void destroySelected();
    void reportSelected();
    // The environment of that name for the confirmations (just the name when unknown).
    pd::core::Environment environmentNamed(const QString &name) const;
    static bool confirmScaleDown(QWidget *parent, const pd::core::Environment &env);

    MainWindow *m_window;
    QPointer<Session> m_session;
    QPointer<pd::core::EnvironmentActions> m_actions;     // children of the session
    QPointer<pd::core::PermissionCache> m_permissions;
    QPointer<pd::core::PreviewReporting> m_reporting;     // a child of the session
    DestroyConfirmation m_confirm;
    DestroyConfirmation m_confirmScaleDown;
    QPointer<QAction> m_openUrl;
    QPointer<QAction> m_copyUrl;
    QMenu *m_extendMenu;
    QToolButton *m_extendButton = nullptr;   // the toolbar's Extend: enabled and explained as the menu
    QAction *m_extendDay;
    QAction *m_extendTwoDays;
    QAction *m_scaleDown;
    QAction *m_scaleUp;
    QAction *m_destroy;
    QAction *m_clone;
    QAction *m_report;
    int m_running = 0;
    QHash<QString, QPointer<QProgressDialog>> m_dialogs;   // by environment name
    QSet<QString> m_destroying;   // names whose running action is a destroy
};

} // namespace pd::gui
