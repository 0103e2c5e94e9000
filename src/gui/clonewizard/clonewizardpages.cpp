#include "clonewizardpages.h"
#include "gui/palettecolors.h"

#include "clonewizard.h"
#include "core/cost/costformat.h"

#include "core/clone/cloneplanner.h"
#include "core/cost/costprojection.h"
#include "core/duration.h"

#include <QComboBox>
#include <QFormLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {

QLabel *errorLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    colors::applyTone(label, colors::Tone::Negative);
    label->setWordWrap(true);
    return label;
}

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

SourcePage::SourcePage(CloneWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_pullRequest(new QLineEdit(this))
    , m_name(new QLineEdit(this))
    , m_nameError(errorLabel(u"nameError"_s, this))
    , m_naming(new QLabel(this))
    , m_url(new QLabel(this))
    , m_branch(new QLineEdit(this))
    , m_branchNote(new QLabel(this))
    , m_owner(new QLineEdit(this))
    , m_status(new QLabel(this))
{
    setTitle(tr("Clone %1").arg(wizard->sourceNamespace()));
    setSubTitle(tr("Name the preview after its pull request."));
    m_pullRequest->setObjectName(u"pullRequest"_s);
    m_pullRequest->setValidator(new QIntValidator(1, 99999999, m_pullRequest));
    m_pullRequest->setPlaceholderText(tr("e.g. 1423"));
    m_name->setObjectName(u"previewName"_s);
    m_naming->setObjectName(u"namingNote"_s);
    m_naming->setWordWrap(true);
    m_naming->setTextFormat(Qt::PlainText);
    m_url->setObjectName(u"previewUrl"_s);
    m_url->setTextFormat(Qt::PlainText);
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_branch->setObjectName(u"branch"_s);
    m_branchNote->setObjectName(u"branchNote"_s);
    m_branchNote->setWordWrap(true);
    m_branchNote->setTextFormat(Qt::PlainText);
    m_branchNote->hide();
    m_owner->setObjectName(u"owner"_s);
    m_status->setObjectName(u"sourceStatus"_s);
    m_status->setWordWrap(true);
    m_status->setText(tr("Reading %1…").arg(wizard->sourceNamespace()));

    auto *form = new QFormLayout(this);
    form->addRow(tr("Pull request:"), m_pullRequest);
    form->addRow(tr("Name:"), m_name);
    // Why a name is refused and where it came from, under the name without empty rows between.
    auto *notes = new QVBoxLayout;
    notes->setContentsMargins(0, 0, 0, 0);
    notes->setSpacing(2);
    notes->addWidget(m_nameError);
    notes->addWidget(m_naming);
    form->addRow(QString(), notes);
    form->addRow(tr("URL:"), m_url);
    form->addRow(tr("Branch:"), m_branch);
    form->addRow(QString(), m_branchNote);
    form->addRow(tr("Owner:"), m_owner);
    form->addRow(m_status);

    connect(m_pullRequest, &QLineEdit::textEdited, this, [this](const QString &text) {
        const int number = text.toInt();
        if (m_branch->text().isEmpty() || m_branch->text().startsWith(u"pr-"_s))
            m_branch->setPlaceholderText(number > 0 ? tr("branch of PR %1").arg(number) : QString());
        applyInputs();
        askBranch();
    });
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString &text) {
        m_nameEdited = !text.isEmpty();   // clearing the name hands it back to the naming rule
        applyInputs();
    });
    connect(m_branch, &QLineEdit::textEdited, this, [this](const QString &text) {
        m_branchEdited = !text.isEmpty();   // clearing it hands it back to the pull request
        m_branchNote->hide();
        applyInputs();
    });
    // The PR's head branch, for the number typed now, unless the person wrote one.
    connect(wizard->cloneSession(), &pd::core::CloneSession::branchSuggested, this,
            [this](int number, const QString &branch, const QString &error) {
        if (number != m_pullRequest->text().toInt() || m_branchEdited)
            return;
        m_branchNote->setText(branch.isEmpty() ? tr("GitHub did not say the branch of #%1: %2").arg(number).arg(error)
                                               : tr("The head branch of pull request #%1 in %2")
                                                     .arg(number).arg(m_wizard->cloneSession()->repository()));
        m_branchNote->show();
        if (branch.isEmpty())
            return;
        m_branch->setText(branch);
        applyInputs();
    });
    connect(wizard, &CloneWizard::sourceChanged, this, &SourcePage::askBranch);   // the repository is known now
    connect(m_owner, &QLineEdit::textEdited, this, &SourcePage::applyInputs);
    connect(wizard, &CloneWizard::sourceChanged, this, &SourcePage::updateState);
    connect(wizard, &CloneWizard::sourceChanged, this, &SourcePage::showNaming);
    connect(wizard, &CloneWizard::planChanged, this, [this] {
        const QString name = m_name->text().trimmed();
        const bool valid = !name.isEmpty() && pd::core::validatePreviewName(name).isEmpty();
        const QString url = m_wizard->plan().url;
        m_url->setText(!valid ? tr("(from the name)") : url.isEmpty() ? tr("none (the source has no ingress)") : url);
    });
    connect(wizard, &CloneWizard::nameChecked, this, [this](const QString &name, const QString &takenReason) {
        if (name != m_name->text().trimmed())
            return;   // an answer for a name typed before
        m_checkedName = name;
        m_takenReason = takenReason;
        updateState();
    });
    // A create that failed (the name taken meanwhile, say): ask again when the person comes back.
    connect(wizard, &CloneWizard::cloneFinished, this, [this](const pd::core::CloneOutcome &outcome) {
        if (!outcome.ok) {
            m_checkedName.clear();
            m_wizard->checkName(m_name->text().trimmed());
        }
    });
    m_url->setText(tr("(from the name)"));
    updateState();
}

// Asks GitHub for the PR's branch (the session knows whether it can: token, repository).
void SourcePage::askBranch()
{
    const int number = m_pullRequest->text().toInt();
    if (m_branchEdited || number <= 0 || !m_wizard->cloneSession())
        return;
    if (m_wizard->cloneSession()->suggestBranch(number)) {
        m_branchNote->setText(tr("Asking GitHub for the branch of pull request #%1…").arg(number));
        m_branchNote->show();
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
    m_name->setPlaceholderText(naming.nameTemplate);
    if (naming.nameFrom == From::Profile)
        m_naming->setText(tr("Named by %1's clone profile: %2").arg(source, naming.nameTemplate));
    else if (naming.nameFrom == From::ExistingPreviews)
        m_naming->setText(tr("Named like %1's other previews (%2): %3").arg(source, naming.example, naming.nameTemplate));
    else
        m_naming->setText(tr("Named %1: %2 has no clone profile and no previews to follow.").arg(naming.nameTemplate, source));
}

void SourcePage::suggestName()
{
    if (m_nameEdited || !m_wizard->sourceLoaded())
        return;
    pd::core::CloneOptions options = m_wizard->options();
    options.pullRequest = m_pullRequest->text().toInt();
    options.branch = m_branch->text().trimmed();
    options.owner = m_owner->text().trimmed();
    m_name->setText(m_wizard->naming().suggestName(options));
}

void SourcePage::applyInputs()
{
    suggestName();
    m_wizard->changeOptions([this](pd::core::CloneOptions &options) {
        options.pullRequest = m_pullRequest->text().toInt();
        options.name = m_name->text().trimmed();
        options.branch = m_branch->text().trimmed();
        options.owner = m_owner->text().trimmed();
    });
    const QString name = m_name->text().trimmed();
    if (name != m_checkedName && pd::core::validatePreviewName(name).isEmpty())
        m_wizard->checkName(name);
    updateState();
}

void SourcePage::updateState()
{
    const QString name = m_name->text().trimmed();
    QString problem = name.isEmpty() ? QString() : pd::core::validatePreviewName(name);
    if (problem.isEmpty() && name == m_checkedName)
        problem = m_takenReason;
    m_nameError->setText(problem);
    m_nameError->setVisible(!problem.isEmpty());
    if (m_wizard->sourceLoaded())
        m_status->setText(tr("%1: %n object(s) read.", nullptr, int(m_wizard->snapshot().objects.size()))
                              .arg(m_wizard->sourceNamespace()));
    else if (!m_wizard->loadError().isEmpty())
        m_status->setText(tr("Cannot clone %1: %2").arg(m_wizard->sourceNamespace(), m_wizard->loadError()));
    Q_EMIT completeChanged();
}

// Next waits for the cluster's answer on the name: a taken name is refused here, not at Create.
bool SourcePage::isComplete() const
{
    const QString name = m_name->text().trimmed();
    return m_wizard->sourceLoaded() && !name.isEmpty() && pd::core::validatePreviewName(name).isEmpty()
        && name == m_checkedName && m_takenReason.isEmpty();
}

// ---- 5) TTL, mode, quota --------------------------------------------------------

SettingsPage::SettingsPage(CloneWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_ttl(new QLineEdit(ttlText(wizard->options().ttl), this))
    , m_ttlError(errorLabel(u"ttlError"_s, this))
    , m_mode(new QComboBox(this))
    , m_quota(new QLabel(this))
{
    setTitle(tr("Expiry, mode and quota"));
    m_ttl->setObjectName(u"ttl"_s);
    m_mode->setObjectName(u"mode"_s);
    m_mode->addItem(tr("CD only: the source's images"), u"cd-only"_s);
    m_mode->addItem(tr("CI+CD: images built from the pull request"), u"ci-cd"_s);
    m_quota->setObjectName(u"quota"_s);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Time to live:"), m_ttl);
    form->addRow(QString(), m_ttlError);
    form->addRow(tr("Mode:"), m_mode);
    form->addRow(tr("Quota:"), m_quota);
    connect(m_ttl, &QLineEdit::textEdited, this, &SettingsPage::apply);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &SettingsPage::apply);
}

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
    m_quota->setText(quota.join(u'\n'));
}

void SettingsPage::apply()
{
    QString error;
    const auto ttl = pd::core::parseDuration(m_ttl->text().trimmed(), &error);
    m_ttlError->setText(ttl ? QString() : error);
    m_wizard->changeOptions([&](pd::core::CloneOptions &options) {
        if (ttl)
            options.ttl = *ttl;
        options.mode = m_mode->currentData().toString() == u"ci-cd"_s ? pd::core::CloneMode::CiCd
                                                                      : pd::core::CloneMode::CdOnly;
    });
    Q_EMIT completeChanged();
}

bool SettingsPage::isComplete() const
{
    return pd::core::parseDuration(m_ttl->text().trimmed()).has_value();
}

// ---- 6) summary ---------------------------------------------------------------

SummaryPage::SummaryPage(CloneWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_summary(new QLabel(this))
{
    setTitle(tr("Summary"));
    setCommitPage(true);
    m_summary->setObjectName(u"summary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addStretch();
}

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
    m_summary->setText(lines.join(u'\n'));
}

bool SummaryPage::isComplete() const
{
    return m_wizard->plan().canProceed() && !m_wizard->plan().objects.isEmpty();
}

// ---- 7) progress ---------------------------------------------------------------

ProgressPage::ProgressPage(CloneWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_phase(new QLabel(this))
    , m_objects(new QListWidget(this))
    , m_result(new QLabel(this))
{
    setTitle(tr("Creating the preview"));
    m_finishText = wizard->buttonText(QWizard::FinishButton);   // the style's "&Finish"
    m_phase->setObjectName(u"phase"_s);
    m_objects->setObjectName(u"progressList"_s);
    m_result->setObjectName(u"result"_s);
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setOpenExternalLinks(true);
    m_result->setTextInteractionFlags(Qt::TextBrowserInteraction);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_phase);
    layout->addWidget(m_objects);
    layout->addWidget(m_result);
    connect(wizard, &CloneWizard::phaseChanged, m_phase, &QLabel::setText);
    connect(wizard, &CloneWizard::objectStateChanged, this, &ProgressPage::setObjectState);
    connect(wizard, &CloneWizard::cloneFinished, this, &ProgressPage::finish);
    connect(wizard, &CloneWizard::retryRequested, this, [this] {
        reset();
        run();
    });
}

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
    m_objects->clear();
    m_items.clear();
    m_states.clear();
    m_phase->clear();
    m_result->clear();
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
        m_result->setText(u"%1<br><a href=\"%2\">%2</a>"_s.arg(outcome.message.toHtmlEscaped(), outcome.url.toHtmlEscaped()));
    else
        m_result->setText(outcome.message.toHtmlEscaped());
    m_phase->setText(outcome.ok ? tr("Done.") : tr("Failed."));
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
        item = new QListWidgetItem(m_objects);
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
