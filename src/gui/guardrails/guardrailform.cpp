#include "guardrailform.h"
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
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimeZone>
#include <QVBoxLayout>

#include <algorithm>

namespace pd::gui {

using pd::core::Guardrail;
using pd::core::GuardrailAction;
using pd::core::GuardrailDefinition;

namespace {

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

// rows: how many lines it shows without scrolling.
QListWidget *makeList(const QString &objectName, int rows = 3)
{
    auto *list = new QListWidget;
    list->setObjectName(objectName);
    list->setSelectionMode(QAbstractItemView::NoSelection);
    list->setMinimumHeight(rows * (list->fontMetrics().height() + 4) + 2 * list->frameWidth() + 4);
    return list;
}

QWidget *grouped(const QString &title, QWidget *content)
{
    auto *box = new QGroupBox(title);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(content);
    return box;
}

} // namespace

GuardrailForm::GuardrailForm(QWidget *parent)
    : QWidget(parent)
    , m_systemNamespace(QString::fromLatin1(pd::core::GuardrailRenderer::SystemNamespace))
    , m_local(QTimeZone::systemTimeZone())
{
    build();
    setDefinition(GuardrailDefinition{}, false);
}

GuardrailForm::~GuardrailForm() = default;

void GuardrailForm::build()
{
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setPlaceholderText(QStringLiteral("office-hours"));
    m_enabled = new QCheckBox(tr("Enabled"));
    m_enabled->setObjectName(QStringLiteral("enabled"));
    m_action = new QComboBox;
    m_action->setObjectName(QStringLiteral("action"));
    m_action->addItem(tr("Scale down (workloads to zero, CronJobs suspended)"));
    m_action->addItem(tr("Scale up (restore what scale-down recorded)"));
    m_action->addItem(tr("Destroy (delete the target previews)"));
    m_action->addItem(tr("Expiry sweep (delete previews whose expiry has passed)"));

    m_targetKind = new QComboBox;
    m_targetKind->setObjectName(QStringLiteral("targetKind"));
    m_targetKind->addItems({tr("Every preview"), tr("Label selector"), tr("Named environments")});
    m_target = new QLineEdit;
    m_target->setObjectName(QStringLiteral("target"));
    auto *targetRow = new QHBoxLayout;
    targetRow->addWidget(m_targetKind);
    targetRow->addWidget(m_target, 1);

    m_scheduleKind = new QComboBox;
    m_scheduleKind->setObjectName(QStringLiteral("scheduleKind"));
    m_scheduleKind->addItems({tr("Cron"), tr("Working hours")});
    m_schedule = new QLineEdit;
    m_schedule->setObjectName(QStringLiteral("schedule"));
    auto *scheduleRow = new QHBoxLayout;
    scheduleRow->addWidget(m_scheduleKind);
    scheduleRow->addWidget(m_schedule, 1);

    m_timeZone = new QComboBox;
    m_timeZone->setObjectName(QStringLiteral("timeZone"));
    m_timeZone->setEditable(true);
    m_timeZone->setInsertPolicy(QComboBox::NoInsert);
    m_timeZone->addItems(timeZoneIds());
    auto *completer = new QCompleter(m_timeZone->model(), m_timeZone);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    m_timeZone->setCompleter(completer);

    m_notice = new QLineEdit;
    m_notice->setObjectName(QStringLiteral("notice"));
    m_notice->setPlaceholderText(tr("none, or e.g. 24h (a Warning Event before deletion)"));
    m_image = new QLineEdit;
    m_image->setObjectName(QStringLiteral("image"));
    m_dryRun = new QCheckBox(tr("Dry run (the script only prints what it would change)"));
    m_dryRun->setObjectName(QStringLiteral("dryRun"));

    // Rows holding a layout get a label with an explicit buddy (mnemonics need one).
    const auto label = [](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text);
        l->setBuddy(buddy);
        return l;
    };
    auto *fields = new QFormLayout;
    fields->addRow(tr("&Name:"), m_name);
    fields->addRow(QString(), m_enabled);
    fields->addRow(tr("&Action:"), m_action);
    fields->addRow(label(tr("&Target:"), m_targetKind), targetRow);
    fields->addRow(label(tr("&Schedule:"), m_scheduleKind), scheduleRow);
    fields->addRow(tr("Time &zone:"), m_timeZone);
    fields->addRow(tr("N&otice period:"), m_notice);
    fields->addRow(tr("&Image:"), m_image);
    fields->addRow(QString(), m_dryRun);

    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setMargin(4);
    colors::applyTone(m_error, colors::Tone::Negative, true);

    m_nextRuns = makeList(QStringLiteral("nextRuns"), 5);
    m_nextRuns->setMaximumHeight(m_nextRuns->minimumHeight()); // five runs, no more, none cut
    m_touched = makeList(QStringLiteral("touched"));
    m_excluded = makeList(QStringLiteral("excluded"));
    m_excluded->setWordWrap(true); // the reasons are sentences
    m_excluded->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_yaml = new QPlainTextEdit;
    m_yaml->setObjectName(QStringLiteral("yaml"));
    m_yaml->setReadOnly(true);
    m_yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_save = new QPushButton(tr("&Save to cluster"));
    m_save->setObjectName(QStringLiteral("save"));
    m_save->setDefault(true);

    // The runs get the full width: two zones beside each other are long.
    auto *review = new QHBoxLayout;
    review->addWidget(grouped(tr("Would act on now"), m_touched), 2);
    review->addWidget(grouped(tr("Left alone"), m_excluded), 3);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_save);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(fields);
    layout->addWidget(m_error);
    layout->addWidget(grouped(tr("Next five runs"), m_nextRuns));
    layout->addLayout(review, 1);
    layout->addWidget(grouped(tr("Objects saved into the cluster"), m_yaml), 2);
    layout->addLayout(buttons);

    // Problems show after the first edit, not on an empty form just opened.
    const auto edited = [this] {
        if (!m_loading)
            m_edited = true;
        revalidate();
    };
    for (QLineEdit *edit : {m_name, m_target, m_schedule, m_notice, m_image})
        connect(edit, &QLineEdit::textChanged, this, edited);
    for (QComboBox *combo : {m_action, m_targetKind, m_scheduleKind})
        connect(combo, &QComboBox::currentIndexChanged, this, [this, edited] {
            updateEnabledFields();
            edited();
        });
    connect(m_timeZone, &QComboBox::currentTextChanged, this, edited);
    for (QCheckBox *box : {m_enabled, m_dryRun})
        connect(box, &QCheckBox::toggled, this, edited);
    connect(m_save, &QPushButton::clicked, this, [this] {
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
    m_enabled->setEnabled(reason.isEmpty());
    m_action->setEnabled(reason.isEmpty());
    m_targetKind->setEnabled(reason.isEmpty());
    m_scheduleKind->setEnabled(reason.isEmpty());
    m_dryRun->setEnabled(reason.isEmpty());
    for (QLineEdit *edit : {m_name, m_target, m_schedule, m_notice, m_image})
        edit->setReadOnly(!reason.isEmpty() || (edit == m_name && m_existing));
    updateEnabledFields();
    revalidate();
}

void GuardrailForm::updateSaveButton()
{
    m_save->setEnabled(m_problems.isEmpty() && !m_busy && m_readOnlyReason.isEmpty());
    if (!m_readOnlyReason.isEmpty())
        m_save->setToolTip(m_readOnlyReason);
    else if (!m_problems.isEmpty())
        m_save->setToolTip(tr("Not yet: ") + m_problems.join(QStringLiteral("; ")));
    else
        m_save->setToolTip(tr("Apply the objects below in %1").arg(m_systemNamespace));
}

void GuardrailForm::setDefinition(const GuardrailDefinition &definition, bool existing)
{
    m_loading = true;
    m_existing = existing;
    m_edited = existing; // what the cluster holds is checked at once; a new form after the first edit
    const Guardrail &g = definition.guardrail;
    m_name->setText(g.name);
    m_name->setReadOnly(existing || !m_readOnlyReason.isEmpty());
    m_enabled->setChecked(g.enabled);
    m_action->setCurrentIndex(int(Actions.indexOf(g.action)));
    if (!g.target.environments.isEmpty()) {
        m_targetKind->setCurrentIndex(int(TargetKind::Environments));
        m_target->setText(g.target.environments.join(QStringLiteral(", ")));
    } else if (!g.target.selector.isEmpty()) {
        m_targetKind->setCurrentIndex(int(TargetKind::Selector));
        m_target->setText(g.target.selector);
    } else {
        m_targetKind->setCurrentIndex(int(TargetKind::AllPreviews));
        m_target->clear();
    }
    if (g.schedule.isWorkingHours()) {
        m_scheduleKind->setCurrentIndex(int(ScheduleKind::WorkingHours));
        m_schedule->setText(g.schedule.workingHours);
        const auto hours = pd::core::WorkingHours::parse(g.schedule.workingHours);
        m_timeZone->setCurrentText(hours ? hours->timeZone() : QString());
    } else {
        m_scheduleKind->setCurrentIndex(int(ScheduleKind::Cron));
        m_schedule->setText(g.schedule.cron);
        m_timeZone->setCurrentText(g.schedule.timeZone.isEmpty() && g.name.isEmpty() ? QStringLiteral("UTC") : g.schedule.timeZone);
    }
    m_notice->setText(g.notice);
    m_image->setText(definition.image);
    m_dryRun->setChecked(definition.dryRun);
    m_loading = false;
    updateEnabledFields();
    revalidate();
}

GuardrailDefinition GuardrailForm::definition() const
{
    GuardrailDefinition d;
    Guardrail &g = d.guardrail;
    g.name = m_name->text().trimmed();
    g.enabled = m_enabled->isChecked();
    g.action = Actions.value(m_action->currentIndex(), GuardrailAction::ScaleDown);
    const QString target = m_target->text().trimmed();
    switch (TargetKind(m_targetKind->currentIndex())) {
    case TargetKind::AllPreviews:
        break;
    case TargetKind::Selector:
        g.target.selector = target;
        break;
    case TargetKind::Environments:
        g.target.environments = target.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
        break;
    }
    const QString schedule = m_schedule->text().trimmed();
    if (ScheduleKind(m_scheduleKind->currentIndex()) == ScheduleKind::WorkingHours) {
        g.schedule.workingHours = schedule;
    } else {
        g.schedule.cron = schedule;
        g.schedule.timeZone = m_timeZone->currentText().trimmed();
    }
    if (g.isDestructive())
        g.notice = m_notice->text().trimmed();
    d.image = m_image->text().trimmed();
    d.dryRun = m_dryRun->isChecked();
    return d;
}

void GuardrailForm::updateEnabledFields()
{
    const bool destructive = Actions.value(m_action->currentIndex()) == GuardrailAction::Destroy
                          || Actions.value(m_action->currentIndex()) == GuardrailAction::Sweep;
    m_notice->setEnabled(destructive && m_readOnlyReason.isEmpty());
    const auto targetKind = TargetKind(m_targetKind->currentIndex());
    m_target->setEnabled(targetKind != TargetKind::AllPreviews && m_readOnlyReason.isEmpty());
    m_target->setPlaceholderText(targetKind == TargetKind::Selector ? QStringLiteral("%1=alice").arg(pd::core::contract::OwnerLabel)
                                 : targetKind == TargetKind::Environments ? QStringLiteral("pr-1423, pr-1401")
                                                                          : tr("every managed preview"));
    const bool workingHours = ScheduleKind(m_scheduleKind->currentIndex()) == ScheduleKind::WorkingHours;
    // A working-hours window names its own time zone.
    m_timeZone->setEnabled(!workingHours && m_readOnlyReason.isEmpty());
    m_schedule->setPlaceholderText(workingHours ? QStringLiteral("Mon-Fri 07:30-20:30 Europe/Berlin")
                                                : QStringLiteral("0 20 * * 1-5"));
}

void GuardrailForm::setBusy(bool busy)
{
    m_busy = busy;
    updateSaveButton();
}

QString GuardrailForm::yaml() const
{
    return m_yaml->toPlainText();
}

void GuardrailForm::revalidate()
{
    if (m_loading)
        return;
    const GuardrailDefinition d = definition();
    m_problems = d.validate();
    m_error->setText(m_problems.join(u'\n'));
    m_error->setVisible(!m_problems.isEmpty() && m_edited);
    updateSaveButton();

    m_runs = pd::core::guardrailUpcomingRuns(d.guardrail, now(), 5);
    m_nextRuns->clear();
    for (const pd::core::GuardrailRun &run : std::as_const(m_runs)) {
        QString text = guardrailTimeText(run.time, guardrailZone(d.guardrail), m_local, TimeTextForm::Full);
        if (d.guardrail.schedule.isWorkingHours())
            text += QStringLiteral("  ") + pd::core::guardrailActionName(run.action);
        m_nextRuns->addItem(text);
    }
    if (m_runs.isEmpty())
        m_nextRuns->addItem(d.guardrail.schedule.cron.isEmpty() && !d.guardrail.schedule.isWorkingHours()
                                ? tr("(enter a schedule to see when it runs)")
                                : tr("(no valid schedule)"));
    updateReach(d);

    if (m_problems.isEmpty())
        m_yaml->setPlainText(QString::fromUtf8(pd::kube::toYamlStream(d.render(m_systemNamespace))));
    else if (!m_readOnlyReason.isEmpty())
        m_yaml->setPlainText(tr("# Select a guardrail in the list to see the objects it is saved as."));
    else
        m_yaml->setPlainText(tr("# Fix the problems above to see the objects this guardrail becomes."));
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
    m_touched->clear();
    m_touched->addItems(m_reach.touched);
    if (m_reach.touched.isEmpty())
        m_touched->addItem(tr("(none)"));
    m_excluded->clear();
    for (const pd::core::GuardrailExclusion &exclusion : std::as_const(m_reach.excluded)) {
        auto *item = new QListWidgetItem(exclusion.name + QStringLiteral(": ") + exclusion.reason, m_excluded);
        item->setToolTip(exclusion.reason);
    }
}

} // namespace pd::gui
