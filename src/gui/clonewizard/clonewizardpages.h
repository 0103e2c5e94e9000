#pragma once

#include "core/clone/clonedecision.h"
#include "core/clone/cloneexecutor.h"

#include <QHash>
#include <QWizardPage>

#include <memory>

class QListWidgetItem;

namespace pd::gui {

class CloneWizard;
namespace Ui {
class SourcePage;
class SettingsPage;
class SummaryPage;
class ProgressPage;
}

// 1) PR number, name (named as the source's previews are, validated as typed, refused
// when taken), branch (the PR's head branch, asked of GitHub when a token is set),
// owner; the URL the name gives.
class SourcePage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SourcePage)
public:
    explicit SourcePage(CloneWizard *wizard);
    ~SourcePage() override;
    bool isComplete() const override;

private:
    void updateState();
    void applyInputs();
    void suggestName();
    void showNaming();
    void askBranch();

    std::unique_ptr<Ui::SourcePage> m_ui;   // ui/sourcepage.ui
    CloneWizard *m_wizard;
    bool m_nameEdited = false;
    bool m_branchEdited = false;
    QString m_checkedName;   // the name the cluster last answered for
    QString m_takenReason;   // its answer: empty when free
};

// 5) TTL, mode, and the quota the preview will get.
class SettingsPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsPage)
public:
    explicit SettingsPage(CloneWizard *wizard);
    ~SettingsPage() override;
    void initializePage() override;
    bool isComplete() const override;

private:
    void apply();
    void showQuota();

    std::unique_ptr<Ui::SettingsPage> m_ui;   // ui/settingspage.ui
    CloneWizard *m_wizard;
};

// 6) What will be created; the commit point ("Create").
class SummaryPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SummaryPage)
public:
    explicit SummaryPage(CloneWizard *wizard);
    ~SummaryPage() override;
    void initializePage() override;
    bool isComplete() const override;

private:
    std::unique_ptr<Ui::SummaryPage> m_ui;   // ui/summarypage.ui
    CloneWizard *m_wizard;
};

// 7) Each object's state while the executor runs, then the URL.
class ProgressPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProgressPage)
public:
    explicit ProgressPage(CloneWizard *wizard);
    ~ProgressPage() override;
    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;

private:
    void run();
    void reset();
    void finish(const pd::core::CloneOutcome &outcome);
    void setObjectState(const QString &object, pd::core::CloneObjectState state, const QString &detail);

    std::unique_ptr<Ui::ProgressPage> m_ui;   // ui/progresspage.ui
    CloneWizard *m_wizard;
    QHash<QString, QListWidgetItem *> m_items;
    QHash<QString, pd::core::CloneObjectState> m_states;
    QString m_finishText;
    bool m_done = false;
};

} // namespace pd::gui
