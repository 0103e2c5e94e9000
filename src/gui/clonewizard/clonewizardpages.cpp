#include "clonewizardpages.h"
#include "ui_settingspage.h"
#include "ui_sourcepage.h"
#include "ui_progresspage.h"
#include "ui_summarypage.h"
#include "gui/palettecolors.h"

#include "clonewizard.h"
#include "core/cost/costformat.h"

#include "core/clone/cloneplanner.h"
#include "core/cost/costprojection.h"
#include "core/duration.h"

#include <QComboBox>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {

QString objectKey(const QJsonObject &object)
{
    return object.value(u"kind"_s).toString() + u'/' + object.value(u"metadata"_s).toObject().value(u"name"_s).toString();
}

// Hours read better than days in a TTL field ("72h", as previewctl's --ttl).
QString ttlText(std::chrono::seconds ttl)
{
    if (ttl.count() > 0 && ttl.count() % 3600 == 0)
        return u"%1h"_s.arg(ttl.count() / 3600);
    return pd::core::formatDuration(ttl);
}

// From the plan's requests at the context's prices; the scale-down saving assumes the
// default working-hours window.
QString projectedCostLine(const pd::core::ClonePlan &plan, const pd::core::Prices &prices)
{
    QList<QJsonObject> objects;
    for (const pd::core::PlannedObject &planned : plan.objects)
        objects << planned.object;
    const pd::core::ProjectedCost cost = pd::core::projectCost(objects, prices);
    return SummaryPage::tr("Projected cost: %1 / day (%2 / month); a nightly scale-down (Mon–Fri 07:30–20:30) "
                           "would save %3 / month")
        .arg(pd::core::moneyText(cost.perDay(), 2), pd::core::moneyText(cost.perMonth(), 2),
             pd::core::moneyText(cost.savingPerMonth(), 2));
}

} // namespace

// ---- 1) source and name -------------------------------------------------------

// The layout is ui/sourcepage.ui; the title names the source, the notes follow the inputs.
SourcePage::SourcePage(CloneWizard *wizard)
    : QWizardPage(wizard)
    , m_ui(std::make_unique<Ui::SourcePage>())
    , m_wizard(wizard)
{
    m_ui->setupUi(this);
    setTitle(tr("Clone %1").arg(wizard->sourceNamespace()));
    m_ui->pullRequest->setValidator(new QIntValidator(1, 99999999, m_ui->pullRequest));
    colors::applyTone(m_ui->nameError, colors::Tone::Negative);
    m_ui->sourceStatus->setText(tr("Reading %1…").arg(wizard->sourceNamespace()));

    connect(m_ui->pullRequest, &QLineEdit::textEdited, this, [this](const QString &text) {
        const int number = text.toInt();
        if (m_ui->branch->text().isEmpty() || m_ui->branch->text().startsWith(u"pr-"_s))
            m_ui->branch->setPlaceholderText(number > 0 ? tr("branch of PR %1").arg(number) : QString());
        applyInputs();
        askBranch();
    });
    connect(m_ui->previewName, &QLineEdit::textEdited, this, [this](const QString &text) {
        m_nameEdited = !text.isEmpty();   // clearing the name hands it back to the naming rule
        applyInputs();
    });
    connect(m_ui->branch, &QLineEdit::textEdited, this, [this](const QString &text) {
        m_branchEdited = !text.isEmpty();   // clearing it hands it back to the pull request
        m_ui->branchNote->hide();
        applyInputs();
    });
    // The PR's head branch, for the number typed now, unless the person wrote one.
    connect(wizard->cloneSession(), &pd::core::CloneSession::branchSuggested, this,
            [this](int number, const QString &branch, const QString &error) {
        if (number != m_ui->pullRequest->text().toInt() || m_branchEdited)
            return;
        m_ui->branchNote->setText(branch.isEmpty() ? tr("GitHub did not say the branch of #%1: %2").arg(number).arg(error)
                                                   : tr("The head branch of pull request #%1 in %2")
                                                         .arg(number).arg(m_wizard->cloneSession()->repository()));
        m_ui->branchNote->show();
        if (branch.isEmpty())
            return;
        m_ui->branch->setText(branch);
        applyInputs();
    });
    connect(wizard, &CloneWizard::sourceChanged, this, &SourcePage::askBranch);   // the repository is known now
    connect(m_ui->owner, &QLineEdit::textEdited, this, &SourcePage::applyInputs);
    connect(wizard, &CloneWizard::sourceChanged, this, &SourcePage::updateState);
    connect(wizard, &CloneWizard::sourceChanged, this, &SourcePage::showNaming);
    connect(wizard, &CloneWizard::planChanged, this, [this] {
        const QString name = m_ui->previewName->text().trimmed();
        const bool valid = !name.isEmpty() && pd::core::validatePreviewName(name).isEmpty();
        const QString url = m_wizard->plan().url;
        m_ui->previewUrl->setText(!valid ? tr("(from the name)") : url.isEmpty() ? tr("none (the source has no ingress)") : url);
    });
    connect(wizard, &CloneWizard::nameChecked, this, [this](const QString &name, const QString &takenReason) {
        if (name != m_ui->previewName->text().trimmed())
            return;   // an answer for a name typed before
        m_checkedName = name;
        m_takenReason = takenReason;
        updateState();
    });
    // A create that failed (the name taken meanwhile, say): ask again when the person comes back.
    connect(wizard, &CloneWizard::cloneFinished, this, [this](const pd::core::CloneOutcome &outcome) {
        if (!outcome.ok) {
            m_checkedName.clear();
            m_wizard->checkName(m_ui->previewName->text().trimmed());
        }
    });
    m_ui->previewUrl->setText(tr("(from the name)"));
    updateState();
}

SourcePage::~SourcePage() = default;

// Asks GitHub for the PR's branch (the session knows whether it can: token, repository).
void SourcePage::askBranch()
{
    const int number = m_ui->pullRequest->text().toInt();
    if (m_branchEdited || number <= 0 || !m_wizard->cloneSession())
        return;
    if (m_wizard->cloneSession()->suggestBranch(number)) {
        m_ui->branchNote->setText(tr("Asking GitHub for the branch of pull request #%1…").arg(number));
        m_ui->branchNote->show();
    }
}

// Where the suggested name comes from, in words; the placeholder shows the pattern.
void SourcePage::showNaming()
{
    if (!m_wizard->sourceLoaded())
        return;
    using From = pd::core::PreviewNaming::From;
    const pd::core::PreviewNaming &naming = m_wizard->naming();
    const QString source = m_wizard->sourceNamespace();
    m_ui->previewName->setPlaceholderText(naming.nameTemplate);
    if (naming.nameFrom == From::Profile)
        m_ui->namingNote->setText(tr("Named by %1's clone profile: %2").arg(source, naming.nameTemplate));
    else if (naming.nameFrom == From::ExistingPreviews)
        m_ui->namingNote->setText(tr("Named like %1's other previews (%2): %3").arg(source, naming.example, naming.nameTemplate));
    else
        m_ui->namingNote->setText(tr("Named %1: %2 has no clone profile and no previews to follow.").arg(naming.nameTemplate, source));
}

void SourcePage::suggestName()
{
    if (m_nameEdited || !m_wizard->sourceLoaded())
        return;
    pd::core::CloneOptions options = m_wizard->options();
    options.pullRequest = m_ui->pullRequest->text().toInt();
    options.branch = m_ui->branch->text().trimmed();
    options.owner = m_ui->owner->text().trimmed();
    m_ui->previewName->setText(m_wizard->naming().suggestName(options));
}

void SourcePage::applyInputs()
{
    suggestName();
    m_wizard->changeOptions([this](pd::core::CloneOptions &options) {
        options.pullRequest = m_ui->pullRequest->text().toInt();
        options.name = m_ui->previewName->text().trimmed();
        options.branch = m_ui->branch->text().trimmed();
        options.owner = m_ui->owner->text().trimmed();
    });
    const QString name = m_ui->previewName->text().trimmed();
    if (name != m_checkedName && pd::core::validatePreviewName(name).isEmpty())
        m_wizard->checkName(name);
    updateState();
}

void SourcePage::updateState()
{
    const QString name = m_ui->previewName->text().trimmed();
    QString problem = name.isEmpty() ? QString() : pd::core::validatePreviewName(name);
    if (problem.isEmpty() && name == m_checkedName)
        problem = m_takenReason;
    m_ui->nameError->setText(problem);
    m_ui->nameError->setVisible(!problem.isEmpty());
    if (m_wizard->sourceLoaded())
        m_ui->sourceStatus->setText(tr("%1: %n object(s) read.", nullptr, int(m_wizard->snapshot().objects.size()))
                              .arg(m_wizard->sourceNamespace()));
    else if (!m_wizard->loadError().isEmpty())
        m_ui->sourceStatus->setText(tr("Cannot clone %1: %2").arg(m_wizard->sourceNamespace(), m_wizard->loadError()));
    Q_EMIT completeChanged();
}

// Next waits for the cluster's answer on the name: a taken name is refused here, not at Create.
bool SourcePage::isComplete() const
{
    const QString name = m_ui->previewName->text().trimmed();
    return m_wizard->sourceLoaded() && !name.isEmpty() && pd::core::validatePreviewName(name).isEmpty()
        && name == m_checkedName && m_takenReason.isEmpty();
}

// ---- 5) TTL, mode, quota --------------------------------------------------------

// The layout is ui/settingspage.ui; the mode's items carry their key, which Designer's cannot.
SettingsPage::SettingsPage(CloneWizard *wizard)
    : QWizardPage(wizard)
    , m_ui(std::make_unique<Ui::SettingsPage>())
    , m_wizard(wizard)
{
    m_ui->setupUi(this);
    m_ui->ttl->setText(ttlText(wizard->options().ttl));
    colors::applyTone(m_ui->ttlError, colors::Tone::Negative);
    m_ui->mode->addItem(tr("CD only: the source's images"), u"cd-only"_s);
    m_ui->mode->addItem(tr("CI+CD: images built from the pull request"), u"ci-cd"_s);
    connect(m_ui->ttl, &QLineEdit::textEdited, this, &SettingsPage::apply);
    connect(m_ui->mode, &QComboBox::currentIndexChanged, this, &SettingsPage::apply);
}

SettingsPage::~SettingsPage() = default;

void SettingsPage::initializePage()
{
    showQuota();
}

// The quota the preview gets: the plan's ResourceQuota, sized to the environment, with
// the context's cap beside a value held below it (the caps alone would promise more).
void SettingsPage::showQuota()
{
    const QJsonObject caps = m_wizard->options().guards.quotaHard;
    QJsonObject sized;
    for (const pd::core::PlannedObject &planned : m_wizard->plan().objects)
        if (planned.object.value(u"kind"_s).toString() == u"ResourceQuota"_s)
            sized = planned.object.value(u"spec"_s).toObject().value(u"hard"_s).toObject();
    const QJsonObject &shown = sized.isEmpty() ? caps : sized;
    QStringList quota;
    for (auto it = shown.begin(); it != shown.end(); ++it) {
        const QString cap = caps.value(it.key()).toString();
        quota << (sized.isEmpty() || cap.isEmpty() || cap == it.value().toString()
                      ? u"%1: %2"_s.arg(it.key(), it.value().toString())
                      : tr("%1: %2 (cap %3)").arg(it.key(), it.value().toString(), cap));
    }
    m_ui->quota->setText(quota.join(u'\n'));
}

void SettingsPage::apply()
{
    QString error;
    const auto ttl = pd::core::parseDuration(m_ui->ttl->text().trimmed(), &error);
    m_ui->ttlError->setText(ttl ? QString() : error);
    m_wizard->changeOptions([&](pd::core::CloneOptions &options) {
        if (ttl)
            options.ttl = *ttl;
        options.mode = m_ui->mode->currentData().toString() == u"ci-cd"_s ? pd::core::CloneMode::CiCd
                                                                          : pd::core::CloneMode::CdOnly;
    });
    Q_EMIT completeChanged();
}

bool SettingsPage::isComplete() const
{
    return pd::core::parseDuration(m_ui->ttl->text().trimmed()).has_value();
}

// ---- 6) summary ---------------------------------------------------------------

// The layout is ui/summarypage.ui; the lines are the plan's.
SummaryPage::SummaryPage(CloneWizard *wizard)
    : QWizardPage(wizard)
    , m_ui(std::make_unique<Ui::SummaryPage>())
    , m_wizard(wizard)
{
    m_ui->setupUi(this);
    setCommitPage(true);
}

SummaryPage::~SummaryPage() = default;

void SummaryPage::initializePage()
{
    const pd::core::ClonePlan &plan = m_wizard->plan();
    const pd::core::CloneOptions &options = m_wizard->options();
    QStringList lines;
    lines << tr("Clone %1 into %2 (%3).").arg(plan.sourceNamespace, plan.targetNamespace, pd::core::cloneModeName(plan.mode));
    lines << tr("Objects to create: %1").arg(plan.objects.size());
    lines << tr("URL: %1").arg(plan.url.isEmpty() ? tr("none (the source has no ingress)") : plan.url);
    lines << tr("Expires after: %1").arg(pd::core::formatDuration(options.ttl));
    lines << projectedCostLine(plan, m_wizard->prices());
    for (const QString &warning : plan.warnings)
        lines << tr("Warning: %1").arg(warning);
    m_ui->summary->setText(lines.join(u'\n'));
}

bool SummaryPage::isComplete() const
{
    return m_wizard->plan().canProceed() && !m_wizard->plan().objects.isEmpty();
}

// ---- 7) progress ---------------------------------------------------------------

// The layout is ui/progresspage.ui; the rows are the plan's objects.
ProgressPage::ProgressPage(CloneWizard *wizard)
    : QWizardPage(wizard)
    , m_ui(std::make_unique<Ui::ProgressPage>())
    , m_wizard(wizard)
{
    m_ui->setupUi(this);
    m_finishText = wizard->buttonText(QWizard::FinishButton);   // the style's "&Finish"
    connect(wizard, &CloneWizard::phaseChanged, m_ui->phase, &QLabel::setText);
    connect(wizard, &CloneWizard::objectStateChanged, this, &ProgressPage::setObjectState);
    connect(wizard, &CloneWizard::cloneFinished, this, &ProgressPage::finish);
    connect(wizard, &CloneWizard::retryRequested, this, [this] {
        reset();
        run();
    });
}

ProgressPage::~ProgressPage() = default;

void ProgressPage::initializePage()
{
    run();
}

// Back from a failed create: the next Create starts afresh.
void ProgressPage::cleanupPage()
{
    reset();
}

void ProgressPage::reset()
{
    m_wizard->setOption(QWizard::HaveCustomButton1, false);
    m_wizard->setOption(QWizard::HaveCustomButton2, false);
    m_wizard->setButtonText(QWizard::FinishButton, m_finishText);
    m_ui->progressList->clear();
    m_items.clear();
    m_states.clear();
    m_ui->phase->clear();
    m_ui->result->clear();
    m_done = false;
    Q_EMIT completeChanged();
}

void ProgressPage::run()
{
    for (const pd::core::PlannedObject &planned : m_wizard->plan().objects)
        setObjectState(objectKey(planned.object), pd::core::CloneObjectState::Pending, {});
    m_wizard->startClone();
}

void ProgressPage::finish(const pd::core::CloneOutcome &outcome)
{
    m_done = true;
    if (outcome.ok && !outcome.url.isEmpty())
        m_ui->result->setText(u"%1<br><a href=\"%2\">%2</a>"_s.arg(outcome.message.toHtmlEscaped(), outcome.url.toHtmlEscaped()));
    else
        m_ui->result->setText(outcome.message.toHtmlEscaped());
    m_ui->phase->setText(outcome.ok ? tr("Done.") : tr("Failed."));
    if (!outcome.ok) {
        // What never got to the cluster says so, instead of "pending" for good.
        for (auto it = m_states.cbegin(); it != m_states.cend(); ++it) {
            if (it.value() == pd::core::CloneObjectState::Pending || it.value() == pd::core::CloneObjectState::Checked) {
                QListWidgetItem *item = m_items.value(it.key());
                item->setText(u"%1 — %2"_s.arg(it.key(), tr("not created")));
                item->setForeground(colors::toneText(colors::Tone::Muted));
            }
        }
        m_wizard->setOption(QWizard::HaveCustomButton1, true);
        m_wizard->setOption(QWizard::HaveCustomButton2, true);
        // Nothing was made: closing finishes nothing.
        m_wizard->setButtonText(QWizard::FinishButton, tr("Close"));
    }
    Q_EMIT completeChanged();
}

void ProgressPage::setObjectState(const QString &object, pd::core::CloneObjectState state, const QString &detail)
{
    using S = pd::core::CloneObjectState;
    const bool good = state == S::Ready || state == S::Created || state == S::AlreadyThere;
    const bool bad = state == S::Failed || state == S::NotReady || state == S::RolledBack;
    QListWidgetItem *item = m_items.value(object);
    if (!item) {
        item = new QListWidgetItem(m_ui->progressList);
        m_items.insert(object, item);
    }
    m_states.insert(object, state);
    const QString name = pd::core::cloneObjectStateName(state);
    item->setText(detail.isEmpty() ? u"%1 — %2"_s.arg(object, name) : u"%1 — %2: %3"_s.arg(object, name, detail));
    item->setForeground(colors::toneText(good ? colors::Tone::Positive : bad ? colors::Tone::Negative : colors::Tone::Muted));
}

bool ProgressPage::isComplete() const
{
    return m_done;
}

} // namespace pd::gui
