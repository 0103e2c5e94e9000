#pragma once

#include "core/cost/costprices.h"

#include "core/clone/cloneexecutor.h"
#include "core/clone/cloneoptions.h"
#include "core/clone/cloneplan.h"
#include "core/clone/sourceexporter.h"

#include <QJsonObject>
#include <QPointer>
#include <QWizard>

#include <optional>

#include <functional>

namespace pd::kube {
class ApiClient;
class Discovery;
}

namespace pd::gui {

// The "Clone…" wizard: reads the source namespace once, re-plans (planClone is
// pure and fast) whenever an input changes, and runs the plan with CloneExecutor.
// Pages read and change the shared state through this class only.
class CloneWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloneWizard)
public:
    enum PageId { SourcePageId, FieldsPageId, ConfigurationPageId, DecisionsPageId, SettingsPageId, SummaryPageId,
                  ProgressPageId };

    CloneWizard(pd::kube::ApiClient *client, pd::kube::Discovery *discovery, const QString &sourceNamespace,
                QWidget *parent = nullptr);
    ~CloneWizard() override;

    // For MainWindow: opens a non-modal wizard that deletes itself when closed.
    static CloneWizard *openClone(pd::kube::ApiClient *client, pd::kube::Discovery *discovery,
                                  const QString &sourceNamespace, QWidget *parent);

    QString sourceNamespace() const { return m_options.sourceNamespace; }
    bool sourceLoaded() const { return m_loaded; }
    QString loadError() const { return m_loadError; }
    const pd::core::SourceSnapshot &snapshot() const { return m_snapshot; }
    // Deployments, StatefulSets and ConfigMaps of the source: from the snapshot, or read
    // on their own when the full export was refused (a viewer cannot list Secrets).
    const QList<QJsonObject> &configurationObjects() const { return m_configuration; }
    // nullopt while the access review is running.
    std::optional<bool> canReadSecrets() const { return m_canReadSecrets; }
    QString missingSecretPermission() const;

    const pd::core::CloneOptions &options() const { return m_options; }
    // The context's prices: the summary's projection prices the plan with them, as the
    // Cost/day column does the running preview (default: OpenCost's list prices).
    void setPrices(const pd::core::Prices &prices) { m_prices = prices; }
    const pd::core::Prices &prices() const { return m_prices; }
    const pd::core::ClonePlan &plan() const { return m_plan; }
    // Every decision the source needs, decided or not (the plan only lists open ones).
    const QList<pd::core::PendingDecision> &decisionSubjects() const { return m_subjects; }
    void changeOptions(const std::function<void(pd::core::CloneOptions &)> &change);

    void setExecutorOptions(const pd::core::CloneExecutor::Options &options) { m_executorOptions = options; }
    void startClone();
    bool cloneRunning() const { return m_executor && m_executor->isRunning(); }
    pd::core::CloneExecutor *executor() const { return m_executor; }

Q_SIGNALS:
    void sourceChanged();
    void planChanged();
    void cloneFinished(const pd::core::CloneOutcome &outcome);

private:
    void loadSource();
    void loadConfigurationOnly();
    void replan();

    QPointer<pd::kube::ApiClient> m_client;
    QPointer<pd::kube::Discovery> m_discovery;
    pd::core::CloneOptions m_options;
    pd::core::Prices m_prices;
    pd::core::SourceSnapshot m_snapshot;
    QList<QJsonObject> m_configuration;
    bool m_loaded = false;
    QString m_loadError;
    std::optional<bool> m_canReadSecrets;
    pd::core::ClonePlan m_plan;
    QList<pd::core::PendingDecision> m_subjects;
    pd::core::CloneExecutor *m_executor = nullptr;
    pd::core::CloneExecutor::Options m_executorOptions;
};

} // namespace pd::gui
