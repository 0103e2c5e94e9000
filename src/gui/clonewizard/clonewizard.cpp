#include "clonewizard.h"

#include "clonewizardpages.h"
#include "configurationpage.h"
#include "datapage.h"
#include "decisionspage.h"
#include "fieldspage.h"

using namespace Qt::StringLiterals;

namespace pd::gui {

CloneWizard::CloneWizard(pd::core::CloneSession *clone, QWidget *parent)
    : QWizard(parent)
    , m_clone(clone)
{
    m_clone->setParent(this);
    connect(m_clone, &pd::core::CloneSession::sourceChanged, this, &CloneWizard::sourceChanged);
    connect(m_clone, &pd::core::CloneSession::planChanged, this, &CloneWizard::planChanged);
    connect(m_clone, &pd::core::CloneSession::finished, this, &CloneWizard::cloneFinished);
    connect(m_clone, &pd::core::CloneSession::phaseChanged, this, &CloneWizard::phaseChanged);
    connect(m_clone, &pd::core::CloneSession::objectStateChanged, this, &CloneWizard::objectStateChanged);
    connect(m_clone, &pd::core::CloneSession::nameChecked, this, &CloneWizard::nameChecked);
    setWindowTitle(tr("Clone %1").arg(m_clone->sourceNamespace()));
    setOption(QWizard::NoBackButtonOnLastPage, true);
    setOption(QWizard::NoCancelButtonOnLastPage, true);
    setButtonText(QWizard::CommitButton, tr("Create"));
    // After a failed create the commit is undone (rolled back): Back and Retry, not a dead end.
    setButtonText(BackAfterFailureButton, buttonText(QWizard::BackButton));
    setButtonText(RetryButton, tr("&Retry"));
    connect(this, &QWizard::customButtonClicked, this, [this](int which) {
        if (which == BackAfterFailureButton)
            back();
        else if (which == RetryButton)
            Q_EMIT retryRequested();
    });
    setPage(SourcePageId, new SourcePage(this));
    setPage(FieldsPageId, new FieldsPage(this));
    setPage(ConfigurationPageId, new ConfigurationPage(this));
    setPage(DecisionsPageId, new DecisionsPage(this));
    setPage(DataPageId, new DataPage(this));
    setPage(SettingsPageId, new SettingsPage(this));
    setPage(SummaryPageId, new SummaryPage(this));
    setPage(ProgressPageId, new ProgressPage(this));
    resize(900, 620);
    // A user who may not export the namespace still sees its configuration.
    connect(m_clone, &pd::core::CloneSession::loaded, this, [this] {
        if (!m_clone->sourceLoaded())
            m_clone->readConfiguration();
        else if (const QString host = m_clone->naming().hostTemplate; !host.isEmpty())
            m_clone->changeOptions([host](pd::core::CloneOptions &options) { options.hostTemplate = host; });
    });
    m_clone->reviewAccess();
    m_clone->load();
}

// The clone session, a child, rolls a running clone back when it goes.
CloneWizard::~CloneWizard() = default;

CloneWizard *CloneWizard::openClone(pd::core::CloneSession *clone, QWidget *parent)
{
    auto *wizard = new CloneWizard(clone, parent);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->show();
    return wizard;
}

void CloneWizard::startClone()
{
    m_clone->start(m_executorOptions);
}

} // namespace pd::gui
