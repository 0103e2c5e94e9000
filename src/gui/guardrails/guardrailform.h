#pragma once

#include "core/guardrail/guardraildefinition.h"
#include "core/guardrail/guardrailreach.h"

#include <QDateTime>
#include <QPointer>
#include <QTimeZone>
#include <QWidget>

#include <functional>
#include <memory>

namespace pd::core {
class EnvironmentModel;
}

namespace pd::gui {

namespace Ui {
class GuardrailForm;
}

// Edits one guardrail. Every change re-validates at once: problems show in an
// inline label from the first edit on (Save stays disabled while there are any, its
// tooltip says why); the next five runs in the user's time zone with the schedule's
// beside, the previews the guardrail would act on right now (and the
// ones it leaves alone, with why) and the objects it becomes (YAML) follow the
// fields. A definition set with setDefinition() comes back from definition()
// unchanged.
class GuardrailForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardrailForm)
public:
    using Clock = std::function<QDateTime()>;
    enum class TargetKind { AllPreviews, Selector, Environments };
    enum class ScheduleKind { Cron, WorkingHours };

    explicit GuardrailForm(QWidget *parent = nullptr);
    ~GuardrailForm() override;

    // The environments "would touch now" is computed over (not owned; may be null).
    void setEnvironmentModel(pd::core::EnvironmentModel *model);
    void setClock(Clock clock);
    void setSystemNamespace(const QString &name);

    // existing: the name is fixed (renaming would leave the old guardrail behind).
    void setDefinition(const pd::core::GuardrailDefinition &definition, bool existing);
    pd::core::GuardrailDefinition definition() const;
    bool isExisting() const { return m_existing; }

    QStringList problems() const { return m_problems; }
    QList<pd::core::GuardrailRun> upcomingRuns() const { return m_runs; }
    pd::core::GuardrailReach reach() const { return m_reach; }
    QString yaml() const;

    // While a save is on its way: fields stay, Save is disabled.
    void setBusy(bool busy);
    // Non-empty ("needs: patch namespaces previewdesk-system"): the user may read but
    // not save; every field is read-only and Save is disabled with this as its tooltip.
    void setReadOnlyReason(const QString &reason);
    QString readOnlyReason() const { return m_readOnlyReason; }
    // The zone run times are shown in (default: the system's); the schedule's goes beside.
    void setDisplayTimeZone(const QTimeZone &zone);
    // Whether the problems are on show (after the first edit, or for a stored guardrail).
    bool showsProblems() const { return m_edited && !m_problems.isEmpty(); }

Q_SIGNALS:
    void saveRequested(const pd::core::GuardrailDefinition &definition);
    // After each re-validation.
    void validated(bool valid);

private:
    void setUpFields();
    void updateEnabledFields();
    void revalidate();
    void updateSaveButton();
    void updateReach(const pd::core::GuardrailDefinition &definition);
    QDateTime now() const;

    QPointer<pd::core::EnvironmentModel> m_environments;
    Clock m_clock;
    QString m_systemNamespace;
    bool m_existing = false;
    bool m_busy = false;
    bool m_loading = false;
    bool m_edited = false;
    QString m_readOnlyReason;
    QTimeZone m_local;
    QStringList m_problems;
    QList<pd::core::GuardrailRun> m_runs;
    pd::core::GuardrailReach m_reach;

    std::unique_ptr<Ui::GuardrailForm> m_ui;   // ui/guardrailform.ui
};

} // namespace pd::gui
