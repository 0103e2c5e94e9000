#pragma once

#include "core/cost/idleandrightsizing.h"
#include "core/environment/environment.h"

#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QWidget>

#include <functional>

QT_BEGIN_NAMESPACE
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
QT_END_NAMESPACE

namespace pd::core {
class EnvironmentActions;
class GuardrailStore;
class PermissionCache;
class Session;
} // namespace pd::core

namespace pd::gui {

class EmptyState;
class IdlePreviewModel;

// The Idle tab's list: the idle previews with owner, pull request, CPU use and cost,
// several selectable at once, and what to do about them. "Destroy…" asks for each
// preview with the browser's typed confirmation (namespace, PR, owner) and then deletes
// it through core; "Add to scale-down guardrail…" hands the names on (the cost window's
// owner opens the guardrail editor with them). Both are disabled, the reason as tooltip,
// while a selected namespace is refused by core's mutationRefusal (sources, protected)
// or the user lacks a permission ("needs: delete namespaces"). Live updates keep the
// chosen rows selected and never select one the user did not choose.
class IdlePreviewsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IdlePreviewsPanel)
public:
    using Confirmation = std::function<bool(const pd::core::Environment &environment)>;

    explicit IdlePreviewsPanel(QWidget *parent = nullptr);
    ~IdlePreviewsPanel() override;

    // Where owners, PRs, permissions and the destroy come from (nullptr: actions disabled).
    void setSession(pd::core::Session *session);
    void setPreviews(const QList<pd::core::IdlePreview> &previews);
    // Replaces the typed confirmation (tests).
    void setDestroyConfirmation(Confirmation confirmation) { m_confirm = std::move(confirmation); }

    QTableView *table() const { return m_table; }
    IdlePreviewModel *model() const { return m_model; }
    QPushButton *destroyButton() const { return m_destroy; }
    QPushButton *guardrailButton() const { return m_guardrail; }
    QString message() const;
    // Selected namespaces in the order the list shows them.
    QStringList selectedNamespaces() const;

Q_SIGNALS:
    void scaleDownGuardrailRequested(const QStringList &namespaces);
    // One destroy finished (ok or not), after the message line shows it.
    void destroyFinished(const QString &name, bool ok, const QString &message);

private:
    void updateActions();
    void destroySelected();
    void requestGuardrail();
    QString refusalFor(const QStringList &names, int mutation) const;
    QString guardrailPermissionMissing();
    void showMessage(const QString &text);

    QPointer<pd::core::Session> m_session;
    QPointer<pd::core::EnvironmentActions> m_actions;   // a child of the session
    QPointer<pd::core::PermissionCache> m_permissions;
    pd::core::GuardrailStore *m_store = nullptr;         // for what saving a guardrail needs
    QList<pd::core::IdlePreview> m_previews;
    Confirmation m_confirm;
    IdlePreviewModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    EmptyState *m_empty;
    QPushButton *m_destroy;
    QPushButton *m_guardrail;
    QLabel *m_message;
    QStringList m_running;
    QStringList m_outcomes;
    QSet<QString> m_asked;    // guardrail permissions asked once (a failed review is not cached)   // of the destroys started last, one sentence each
};

} // namespace pd::gui
