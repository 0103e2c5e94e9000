#pragma once

#include "core/cost/costprices.h"
#include "core/session/clonesession.h"

#include <QPointer>
#include <QWizard>

#include <functional>
#include <optional>

namespace pd::gui {

// The "Clone…" wizard: pages over one core CloneSession, which reads the source,
// re-plans whenever an input changes and runs the plan. Pages read and change the
// shared state through this class only.
class CloneWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloneWizard)
public:
    // Shown on the progress page after a failure.
    static constexpr QWizard::WizardButton BackAfterFailureButton = QWizard::CustomButton1;
    static constexpr QWizard::WizardButton RetryButton = QWizard::CustomButton2;

    enum PageId { SourcePageId, FieldsPageId, ConfigurationPageId, DecisionsPageId, DataPageId, SettingsPageId,
                  SummaryPageId, ProgressPageId };

    // Takes `clone` over (it becomes the wizard's child) and starts reading its source.
    explicit CloneWizard(pd::core::CloneSession *clone, QWidget *parent = nullptr);
    ~CloneWizard() override;

    // For MainWindow: opens a non-modal wizard that deletes itself when closed.
    static CloneWizard *openClone(pd::core::CloneSession *clone, QWidget *parent);

    pd::core::CloneSession *cloneSession() const { return m_clone; }
    QString sourceNamespace() const { return m_clone->sourceNamespace(); }
    bool sourceLoaded() const { return m_clone->sourceLoaded(); }
    QString loadError() const { return m_clone->loadError(); }
    const pd::core::SourceSnapshot &snapshot() const { return m_clone->snapshot(); }
    // Deployments, StatefulSets and ConfigMaps of the source: from the snapshot, or read
    // on their own when the full export was refused (a viewer cannot list Secrets).
    const QList<QJsonObject> &configurationObjects() const { return m_clone->configurationObjects(); }
    // nullopt while the access review is running.
    std::optional<bool> canReadSecrets() const { return m_clone->canReadSecrets(); }
    QString missingSecretPermission() const { return m_clone->missingSecretPermission(); }

    const pd::core::CloneOptions &options() const { return m_clone->options(); }
    const pd::core::ClonePlan &plan() const { return m_clone->plan(); }
    // The context's prices: the summary's projection prices the plan with them, as the
    // Cost/day column does the running preview (default: OpenCost's list prices).
    void setPrices(const pd::core::Prices &prices) { m_prices = prices; }
    const pd::core::Prices &prices() const { return m_prices; }
    // Every decision the source needs, decided or not (the plan only lists open ones).
    const QList<pd::core::PendingDecision> &decisionSubjects() const { return m_clone->decisionSubjects(); }
    void changeOptions(const std::function<void(pd::core::CloneOptions &)> &change) { m_clone->changeOptions(change); }
    // How the source's previews are named (its clone profile, else its previews' pattern).
    const pd::core::PreviewNaming &naming() const { return m_clone->naming(); }
    // Asks the cluster whether `name` is free: nameChecked().
    void checkName(const QString &name) { m_clone->checkName(name); }

    void setExecutorOptions(const pd::core::CloneExecutor::Options &options) { m_executorOptions = options; }
    // Runs the plan; again after a failure (Retry).
    void startClone();
    bool cloneRunning() const { return m_clone->isRunning(); }
    pd::core::CloneExecutor *executor() const { return m_clone->executor(); }

Q_SIGNALS:
    void sourceChanged();
    void planChanged();
    void phaseChanged(const QString &phase);
    void objectStateChanged(const QString &object, pd::core::CloneObjectState state, const QString &detail);
    void cloneFinished(const pd::core::CloneOutcome &outcome);
    void nameChecked(const QString &name, const QString &takenReason);
    // Retry on the failure page.
    void retryRequested();

private:
    pd::core::CloneSession *m_clone;
    pd::core::Prices m_prices;
    pd::core::CloneExecutor::Options m_executorOptions;
};

} // namespace pd::gui
