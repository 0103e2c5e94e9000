#include "guardrailform.h"
#include "ui_guardrailform.h"
#include "gui/palettecolors.h"

#include "core/contract.h"
#include "core/environment/environmentmodel.h"
#include "core/guardrail/workinghours.h"
#include "guardrailtimes.h"

#include "kube/yamljson.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFontDatabase>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

namespace pd::gui {

using pd::core::Guardrail;
using pd::core::GuardrailAction;
using pd::core::GuardrailDefinition;

namespace {

// In the order of the action combo's items (ui/guardrailform.ui), as TargetKind and
// ScheduleKind follow theirs.
const QList<GuardrailAction> Actions{GuardrailAction::ScaleDown, GuardrailAction::ScaleUp, GuardrailAction::Destroy,
                                     GuardrailAction::Sweep};

QStringList timeZoneIds()
{
    QStringList ids;
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        ids << QString::fromUtf8(id);
    ids.sort();
    return ids;
}

// A list as tall as `rows` lines, for the font it is shown in.
void fitRows(QListWidget *list, int rows)
{
    list->setMinimumHeight(rows * (list->fontMetrics().height() + 4) + 2 * list->frameWidth() + 4);
}

} // namespace

GuardrailForm::GuardrailForm(QWidget *parent)
    : QWidget(parent)
    , m_systemNamespace(QString::fromLatin1(pd::core::GuardrailRenderer::SystemNamespace))
    , m_local(QTimeZone::systemTimeZone())
    , m_ui(std::make_unique<Ui::GuardrailForm>())
{
    setUpFields();
    setDefinition(GuardrailDefinition{}, false);
}

GuardrailForm::~GuardrailForm() = default;

// The fields and their layout are ui/guardrailform.ui; what depends on the system (time
// zones, fonts) or on the palette is set here.
void GuardrailForm::setUpFields()
{
    m_ui->setupUi(this);
    m_ui->timeZone->addItems(timeZoneIds());
    auto *completer = new QCompleter(m_ui->timeZone->model(), m_ui->timeZone);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    m_ui->timeZone->setCompleter(completer);

    colors::applyTone(m_ui->error, colors::Tone::Negative, true);
    fitRows(m_ui->nextRuns, 5);
    m_ui->nextRuns->setMaximumHeight(m_ui->nextRuns->minimumHeight()); // five runs, no more, none cut
    fitRows(m_ui->touched, 3);
    fitRows(m_ui->excluded, 3);   // its reasons are sentences: wrapped, no horizontal scrolling
    m_ui->yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    // Problems show after the first edit, not on an empty form just opened.
    const auto edited = [this] {
        if (!m_loading)
            m_edited = true;
        revalidate();
    };
    for (QLineEdit *edit : {m_ui->name, m_ui->target, m_ui->schedule, m_ui->notice, m_ui->image})
        connect(edit, &QLineEdit::textChanged, this, edited);
    for (QComboBox *combo : {m_ui->action, m_ui->targetKind, m_ui->scheduleKind})
        connect(combo, &QComboBox::currentIndexChanged, this, [this, edited] {
            updateEnabledFields();
            edited();
        });
    connect(m_ui->timeZone, &QComboBox::currentTextChanged, this, edited);
    for (QCheckBox *box : {m_ui->enabled, m_ui->dryRun})
        connect(box, &QCheckBox::toggled, this, edited);
    connect(m_ui->save, &QPushButton::clicked, this, [this] {
        if (m_problems.isEmpty() && !m_busy)
            Q_EMIT saveRequested(definition());
    });
}

void GuardrailForm::setEnvironmentModel(pd::core::EnvironmentModel *model)
{
    if (m_environments)
        m_environments->disconnect(this);
    m_environments = model;
    if (model) {
        const auto refresh = [this] { updateReach(definition()); };
        connect(model, &QAbstractItemModel::rowsInserted, this, refresh);
        connect(model, &QAbstractItemModel::rowsRemoved, this, refresh);
        connect(model, &QAbstractItemModel::dataChanged, this, refresh);
        connect(model, &QAbstractItemModel::modelReset, this, refresh);
    }
    revalidate();
}

void GuardrailForm::setClock(Clock clock)
{
    m_clock = std::move(clock);
    revalidate();
}

void GuardrailForm::setSystemNamespace(const QString &name)
{
    m_systemNamespace = name;
    revalidate();
}

QDateTime GuardrailForm::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

void GuardrailForm::setDisplayTimeZone(const QTimeZone &zone)
{
    m_local = zone;
    revalidate();
}

void GuardrailForm::setReadOnlyReason(const QString &reason)
{
    m_readOnlyReason = reason;
    m_ui->enabled->setEnabled(reason.isEmpty());
    m_ui->action->setEnabled(reason.isEmpty());
    m_ui->targetKind->setEnabled(reason.isEmpty());
    m_ui->scheduleKind->setEnabled(reason.isEmpty());
    m_ui->dryRun->setEnabled(reason.isEmpty());
    for (QLineEdit *edit : {m_ui->name, m_ui->target, m_ui->schedule, m_ui->notice, m_ui->image})
        edit->setReadOnly(!reason.isEmpty() || (edit == m_ui->name && m_existing));
    updateEnabledFields();
    revalidate();
}

void GuardrailForm::updateSaveButton()
{
    m_ui->save->setEnabled(m_problems.isEmpty() && !m_busy && m_readOnlyReason.isEmpty());
    if (!m_readOnlyReason.isEmpty())
        m_ui->save->setToolTip(m_readOnlyReason);
    else if (!m_problems.isEmpty())
        m_ui->save->setToolTip(tr("Not yet: ") + m_problems.join(QStringLiteral("; ")));
    else
        m_ui->save->setToolTip(tr("Apply the objects below in %1").arg(m_systemNamespace));
}

void GuardrailForm::setDefinition(const GuardrailDefinition &definition, bool existing)
{
    m_loading = true;
    m_existing = existing;
    m_edited = existing; // what the cluster holds is checked at once; a new form after the first edit
    const Guardrail &g = definition.guardrail;
    m_ui->name->setText(g.name);
    m_ui->name->setReadOnly(existing || !m_readOnlyReason.isEmpty());
    m_ui->enabled->setChecked(g.enabled);
    m_ui->action->setCurrentIndex(int(Actions.indexOf(g.action)));
    if (!g.target.environments.isEmpty()) {
        m_ui->targetKind->setCurrentIndex(int(TargetKind::Environments));
        m_ui->target->setText(g.target.environments.join(QStringLiteral(", ")));
    } else if (!g.target.selector.isEmpty()) {
        m_ui->targetKind->setCurrentIndex(int(TargetKind::Selector));
        m_ui->target->setText(g.target.selector);
    } else {
        m_ui->targetKind->setCurrentIndex(int(TargetKind::AllPreviews));
        m_ui->target->clear();
    }
    if (g.schedule.isWorkingHours()) {
        m_ui->scheduleKind->setCurrentIndex(int(ScheduleKind::WorkingHours));
        m_ui->schedule->setText(g.schedule.workingHours);
        const auto hours = pd::core::WorkingHours::parse(g.schedule.workingHours);
        m_ui->timeZone->setCurrentText(hours ? hours->timeZone() : QString());
    } else {
        m_ui->scheduleKind->setCurrentIndex(int(ScheduleKind::Cron));
        m_ui->schedule->setText(g.schedule.cron);
        m_ui->timeZone->setCurrentText(g.schedule.timeZone.isEmpty() && g.name.isEmpty() ? QStringLiteral("UTC") : g.schedule.timeZone);
    }
    m_ui->notice->setText(g.notice);
    m_ui->image->setText(definition.image);
    m_ui->dryRun->setChecked(definition.dryRun);
    m_loading = false;
    updateEnabledFields();
    revalidate();
}

GuardrailDefinition GuardrailForm::definition() const
{
    GuardrailDefinition d;
    Guardrail &g = d.guardrail;
    g.name = m_ui->name->text().trimmed();
    g.enabled = m_ui->enabled->isChecked();
    g.action = Actions.value(m_ui->action->currentIndex(), GuardrailAction::ScaleDown);
    const QString target = m_ui->target->text().trimmed();
    switch (TargetKind(m_ui->targetKind->currentIndex())) {
    case TargetKind::AllPreviews:
        break;
    case TargetKind::Selector:
        g.target.selector = target;
        break;
    case TargetKind::Environments:
        g.target.environments = target.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
        break;
    }
    const QString schedule = m_ui->schedule->text().trimmed();
    if (ScheduleKind(m_ui->scheduleKind->currentIndex()) == ScheduleKind::WorkingHours) {
        g.schedule.workingHours = schedule;
    } else {
        g.schedule.cron = schedule;
        g.schedule.timeZone = m_ui->timeZone->currentText().trimmed();
    }
    if (g.isDestructive())
        g.notice = m_ui->notice->text().trimmed();
    d.image = m_ui->image->text().trimmed();
    d.dryRun = m_ui->dryRun->isChecked();
    return d;
}

void GuardrailForm::updateEnabledFields()
{
    const bool destructive = Actions.value(m_ui->action->currentIndex()) == GuardrailAction::Destroy
                          || Actions.value(m_ui->action->currentIndex()) == GuardrailAction::Sweep;
    m_ui->notice->setEnabled(destructive && m_readOnlyReason.isEmpty());
    const auto targetKind = TargetKind(m_ui->targetKind->currentIndex());
    m_ui->target->setEnabled(targetKind != TargetKind::AllPreviews && m_readOnlyReason.isEmpty());
    m_ui->target->setPlaceholderText(targetKind == TargetKind::Selector ? QStringLiteral("%1=alice").arg(pd::core::contract::OwnerLabel)
                                 : targetKind == TargetKind::Environments ? QStringLiteral("pr-1423, pr-1401")
                                                                          : tr("every managed preview"));
    const bool workingHours = ScheduleKind(m_ui->scheduleKind->currentIndex()) == ScheduleKind::WorkingHours;
    // A working-hours window names its own time zone.
    m_ui->timeZone->setEnabled(!workingHours && m_readOnlyReason.isEmpty());
    m_ui->schedule->setPlaceholderText(workingHours ? QStringLiteral("Mon-Fri 07:30-20:30 Europe/Berlin")
                                                : QStringLiteral("0 20 * * 1-5"));
}

void GuardrailForm::setBusy(bool busy)
{
    m_busy = busy;
    updateSaveButton();
}

QString GuardrailForm::yaml() const
{
    return m_ui->yaml->toPlainText();
}

void GuardrailForm::revalidate()
{
    if (m_loading)
        return;
    const GuardrailDefinition d = definition();
    m_problems = d.validate();
    m_ui->error->setText(m_problems.join(u'\n'));
    m_ui->error->setVisible(!m_problems.isEmpty() && m_edited);
    updateSaveButton();

    m_runs = pd::core::guardrailUpcomingRuns(d.guardrail, now(), 5);
    m_ui->nextRuns->clear();
    for (const pd::core::GuardrailRun &run : std::as_const(m_runs)) {
        QString text = guardrailTimeText(run.time, guardrailZone(d.guardrail), m_local, TimeTextForm::Full);
        if (d.guardrail.schedule.isWorkingHours())
            text += QStringLiteral("  ") + pd::core::guardrailActionName(run.action);
        m_ui->nextRuns->addItem(text);
    }
    if (m_runs.isEmpty())
        m_ui->nextRuns->addItem(d.guardrail.schedule.cron.isEmpty() && !d.guardrail.schedule.isWorkingHours()
                                ? tr("(enter a schedule to see when it runs)")
                                : tr("(no valid schedule)"));
    updateReach(d);

    if (m_problems.isEmpty())
        m_ui->yaml->setPlainText(QString::fromUtf8(pd::kube::toYamlStream(d.render(m_systemNamespace))));
    else if (!m_readOnlyReason.isEmpty())
        m_ui->yaml->setPlainText(tr("# Select a guardrail in the list to see the objects it is saved as."));
    else
        m_ui->yaml->setPlainText(tr("# Fix the problems above to see the objects this guardrail becomes."));
    Q_EMIT validated(m_problems.isEmpty());
}

void GuardrailForm::updateReach(const GuardrailDefinition &definition)
{
    QList<pd::core::Environment> environments;
    if (m_environments) {
        for (int row = 0; row < m_environments->rowCount(); ++row)
            environments.append(m_environments->environment(row));
    }
    m_reach = pd::core::guardrailReach(definition.guardrail, environments, now());
    m_ui->touched->clear();
    m_ui->touched->addItems(m_reach.touched);
    if (m_reach.touched.isEmpty())
        m_ui->touched->addItem(tr("(none)"));
    m_ui->excluded->clear();
    for (const pd::core::GuardrailExclusion &exclusion : std::as_const(m_reach.excluded)) {
        auto *item = new QListWidgetItem(exclusion.name + QStringLiteral(": ") + exclusion.reason, m_ui->excluded);
        item->setToolTip(exclusion.reason);
    }
}

} // namespace pd::gui
