#pragma once

#include "core/guardrail/guardrailstore.h"

#include <QPointer>
#include <QWidget>

#include <chrono>

QT_BEGIN_NAMESPACE
class QLabel;
class QTimeZone;
class QPushButton;
class QTableView;
class QTimer;
QT_END_NAMESPACE

namespace pd::core {
class EnvironmentModel;
class PermissionCache;
}
namespace pd::kube {
class ApiClient;
}

namespace pd::gui {

class EmptyState;
class GuardrailForm;
class GuardrailListModel;

// The guardrails of a cluster: the list (enabled toggle, next and last run, last
// result) beside the form that edits the selected one or a new one. Save, Delete
// and the toggle go through GuardrailStore; what fails (a 403 names the missing
// permission) shows in the message line above the list. The list reloads after
// each change and every refreshInterval(). A user who may not write the guardrail
// objects is told so up front (the missing permission named) and gets a read-only
// form. An empty list says so and offers "New guardrail…"; Close and Esc close it.
class GuardrailEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardrailEditor)
public:
    // environments: what "would act on now" is computed over (may be null).
    GuardrailEditor(pd::kube::ApiClient *client, pd::core::EnvironmentModel *environments, QWidget *parent = nullptr);
    ~GuardrailEditor() override;

    pd::core::GuardrailStore *store() const { return m_store; }
    GuardrailListModel *listModel() const { return m_model; }
    GuardrailForm *form() const { return m_form; }
    QTableView *table() const { return m_table; }
    // The last message shown (error or confirmation); empty when none.
    QString message() const;
    bool messageIsError() const { return m_messageIsError; }

    // Why Save is not possible ("needs: patch namespaces previewdesk-system"); empty when it is.
    QString readOnlyReason() const { return m_readOnlyReason; }
    // The list's empty-state text while it shows; empty otherwise.
    QString emptyStateText() const;
    EmptyState *emptyState() const { return m_emptyState; }
    // The zone times are shown in (default: the system's).
    void setDisplayTimeZone(const QTimeZone &zone);

    void setRefreshInterval(std::chrono::milliseconds interval);
    // How long ago "now" is for next runs and expiry (tests pass a fixed clock).
    void setClock(std::function<QDateTime()> clock);

public Q_SLOTS:
    void refresh();
    // An empty form for a new guardrail.
    void newGuardrail();
    // Opens the guardrail of that name from the list in the form.
    void edit(const QString &name);
    void deleteGuardrail(const QString &name);
    // Opens the scale-down guardrail that names previews one by one with `namespaces`
    // added, or a new one for them (core's addToScaleDownGuardrail), once the list is
    // read. Nothing is saved: the form shows it, Save applies it.
    void addToScaleDownGuardrail(const QStringList &namespaces);

Q_SIGNALS:
    // After each reload of the list (ok: it could be read).
    void refreshed(bool ok);
    // After Save / Delete / a toggle finished (ok: the cluster took it).
    void operationFinished(bool ok, const QString &message);
    // The permission check found something missing (readOnlyReason() says what).
    void permissionsChecked();

private:
    void save(const pd::core::GuardrailDefinition &definition);
    void setEnabled(const QString &name, bool enabled);
    void confirmDelete();
    void showMessage(const QString &text, bool error);
    void finishOperation(const pd::core::GuardrailResult &result, const QString &success);
    void selectionChanged();
    void checkPermissions();
    void setReadOnly(const QString &reason);
    void applyPendingAddition();

    pd::core::GuardrailStore *m_store = nullptr;
    GuardrailListModel *m_model = nullptr;
    GuardrailForm *m_form = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_new = nullptr;
    QLabel *m_permissionNote = nullptr;
    EmptyState *m_emptyState = nullptr;
    QTimer *m_refreshTimer = nullptr;
    pd::core::PermissionCache *m_permissions = nullptr;
    QString m_readOnlyReason;
    QString m_pendingSelection;
    QStringList m_pendingAddition;   // namespaces to add once the list is read
    bool m_listRead = false;
    quint64 m_listGeneration = 0;
    bool m_messageIsError = false;
    bool m_keepForm = false; // reselecting a row after a reload: leave the form's edits alone
};

} // namespace pd::gui
