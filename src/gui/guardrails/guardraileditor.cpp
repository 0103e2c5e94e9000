#include "guardraileditor.h"
#include "gui/palettecolors.h"

#include "kube/bindto.h"
#include "guardrailform.h"
#include "guardraillistmodel.h"

#include "core/environment/permissioncache.h"
#include "gui/closebuttons.h"
#include "gui/emptystate.h"

#include <QDialogButtonBox>
#include <memory>
#include <utility>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

namespace pd::gui {

using pd::core::GuardrailDefinition;
using pd::core::GuardrailList;
using pd::core::GuardrailResult;

namespace {

// Runs fn(value) when the future has its result, unless `context` is gone by then.
template<typename T, typename Fn>
void whenReady(QFuture<T> future, QObject *context, Fn fn)
{
    pd::bindTo(context, future, std::move(fn));
}

} // namespace

GuardrailEditor::GuardrailEditor(pd::kube::ApiClient *client, pd::core::EnvironmentModel *environments, QWidget *parent)
    : QWidget(parent)
    , m_store(new pd::core::GuardrailStore(client, this))
    , m_model(new GuardrailListModel(this))
    , m_form(new GuardrailForm)
    , m_table(new QTableView)
    , m_message(new QLabel)
    , m_permissionNote(new QLabel)
    , m_refreshTimer(new QTimer(this))
    , m_permissions(pd::core::PermissionCache::createForClient(client, this))
{
    setWindowTitle(tr("Guardrails"));
    m_form->setObjectName(QStringLiteral("guardrailForm"));
    m_form->setEnvironmentModel(environments);
    m_form->setSystemNamespace(m_store->systemNamespace());

    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();
    m_permissionNote->setObjectName(QStringLiteral("permissionNote"));
    m_permissionNote->setWordWrap(true);
    m_permissionNote->setTextFormat(Qt::PlainText);
    m_permissionNote->setMargin(6);
    colors::applyTone(m_permissionNote, colors::Tone::Info, true);
    m_permissionNote->hide();

    m_table->setObjectName(QStringLiteral("guardrailTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setWordWrap(false);

    m_emptyState = new EmptyState(m_table);
    m_emptyState->setContent(tr("No guardrails yet."), tr("New guardrail…"));

    auto *newButton = new QPushButton(tr("&New"));
    m_new = newButton;
    newButton->setObjectName(QStringLiteral("newGuardrail"));
    m_delete = new QPushButton(tr("&Delete"));
    m_delete->setObjectName(QStringLiteral("deleteGuardrail"));
    m_delete->setEnabled(false);
    auto *refreshButton = new QPushButton(tr("&Refresh"));
    refreshButton->setObjectName(QStringLiteral("refreshGuardrails"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(newButton);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    buttons->addWidget(refreshButton);

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_table, 1);

    auto *scroll = new QScrollArea;
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(left);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_permissionNote);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);
    layout->addWidget(makeCloseButtons(this));

    connect(newButton, &QPushButton::clicked, this, &GuardrailEditor::newGuardrail);
    connect(m_emptyState, &EmptyState::actionTriggered, this, [this] {
        newGuardrail();
        if (auto *name = m_form->findChild<QWidget *>(QStringLiteral("name")))
            name->setFocus(Qt::OtherFocusReason);
    });
    connect(refreshButton, &QPushButton::clicked, this, &GuardrailEditor::refresh);
    connect(m_delete, &QPushButton::clicked, this, &GuardrailEditor::confirmDelete);
    connect(m_form, &GuardrailForm::saveRequested, this, &GuardrailEditor::save);
    connect(m_model, &GuardrailListModel::enabledToggled, this, &GuardrailEditor::setEnabled);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &GuardrailEditor::selectionChanged);
    connect(m_refreshTimer, &QTimer::timeout, this, &GuardrailEditor::refresh);
    m_refreshTimer->start(std::chrono::seconds(30));

    resize(1440, 820);
    splitter->setSizes({780, 660});
    checkPermissions();
    refresh();
}

void GuardrailEditor::checkPermissions()
{
    // Asked up front: a read-only user sees why before typing anything. The first
    // missing one in apply()'s order is named, once every answer is in.
    const QList<pd::kube::ResourceAttributes> needs = m_store->saveRequirements();
    auto answers = std::make_shared<QList<std::optional<bool>>>(needs.size());
    auto pending = std::make_shared<qsizetype>(needs.size());
    for (qsizetype i = 0; i < needs.size(); ++i) {
        whenReady(m_permissions->check(needs.at(i)), this, [this, needs, answers, pending, i](const std::optional<bool> &allowed) {
            (*answers)[i] = allowed;
            if (--*pending > 0)
                return;
            for (qsizetype k = 0; k < needs.size(); ++k) {
                if (answers->at(k) == false)
                    return setReadOnly(tr("needs: %1").arg(pd::core::PermissionCache::describe(needs.at(k))));
            }
        });
    }
}

void GuardrailEditor::setReadOnly(const QString &reason)
{
    m_readOnlyReason = reason;
    m_permissionNote->setText(tr("You can read these guardrails but not change them (%1).").arg(reason));
    m_permissionNote->show();
    m_form->setReadOnlyReason(reason);
    m_model->setReadOnly(true);
    m_emptyState->setContent(tr("No guardrails yet."));
    if (!m_form->isExisting() && m_model->rowCount() > 0)
        edit(m_model->status(0).name());
    for (QPushButton *button : {m_new, m_delete}) {
        button->setEnabled(false);
        button->setToolTip(reason);
    }
    Q_EMIT permissionsChecked();
}

void GuardrailEditor::setDisplayTimeZone(const QTimeZone &zone)
{
    m_model->setDisplayTimeZone(zone);
    m_form->setDisplayTimeZone(zone);
}

GuardrailEditor::~GuardrailEditor() = default;

QString GuardrailEditor::message() const
{
    return m_message->isVisibleTo(this) ? m_message->text() : QString();
}

void GuardrailEditor::setRefreshInterval(std::chrono::milliseconds interval)
{
    m_refreshTimer->start(interval);
}

void GuardrailEditor::setClock(std::function<QDateTime()> clock)
{
    m_store->setClock(clock);
    m_form->setClock(std::move(clock));
}

void GuardrailEditor::showMessage(const QString &text, bool error)
{
    m_messageIsError = error;
    m_message->setText(text);
    m_message->setMargin(6);
    colors::applyTone(m_message, error ? colors::Tone::Negative : colors::Tone::Positive, true);
    m_message->setVisible(!text.isEmpty());
}

void GuardrailEditor::refresh()
{
    const quint64 generation = ++m_listGeneration;
    whenReady(m_store->list(), this, [this, generation](const GuardrailList &list) {
        if (generation != m_listGeneration)
            return; // a newer reload is on its way
        if (!list.ok) {
            showMessage(tr("Cannot read the guardrails: %1").arg(list.message()), true);
            Q_EMIT refreshed(false);
            return;
        }
        // Keep the row of the guardrail in the form selected; after a save, open what
        // the cluster now holds.
        const QString pending = m_pendingSelection;
        m_pendingSelection.clear();
        const QString shown = m_form->isExisting() ? m_form->definition().guardrail.name : QString();
        m_model->setGuardrails(list.guardrails);
        m_listRead = true;
        if (!list.warning.isEmpty() && !m_messageIsError)
            showMessage(list.warning, true);
        if (!pending.isEmpty()) {
            edit(pending);
        } else if (!shown.isEmpty() && m_model->rowOf(shown) >= 0) {
            m_keepForm = true;
            m_table->selectRow(m_model->rowOf(shown));
            m_keepForm = false;
        } else if (!m_readOnlyReason.isEmpty() && shown.isEmpty() && m_model->rowCount() > 0) {
            edit(m_model->status(0).name());   // a reader has nothing to write: show the first one
        }
        applyPendingAddition();
        Q_EMIT refreshed(true);
    });
}

void GuardrailEditor::addToScaleDownGuardrail(const QStringList &namespaces)
{
    m_pendingAddition = namespaces;
    if (m_listRead)
        applyPendingAddition();
    else
        refresh();
}

void GuardrailEditor::applyPendingAddition()
{
    if (m_pendingAddition.isEmpty())
        return;
    const QStringList names = std::exchange(m_pendingAddition, {});
    QList<pd::core::Guardrail> existing;
    for (int row = 0; row < m_model->rowCount(); ++row)
        existing << m_model->status(row).guardrail();
    const pd::core::ScaleDownAddition addition = pd::core::addToScaleDownGuardrail(
        existing, names, QString::fromUtf8(QTimeZone::systemTimeZoneId()));
    GuardrailDefinition definition;
    if (addition.existing) {
        edit(addition.guardrail.name);
        definition = m_form->definition();   // keeps its image and dry run
    } else {
        newGuardrail();
    }
    definition.guardrail = addition.guardrail;
    m_form->setDefinition(definition, addition.existing);
    showMessage(addition.existing
                    ? tr("Added %1 to guardrail %2. Save to apply it.").arg(names.join(QStringLiteral(", ")), addition.guardrail.name)
                    : tr("New guardrail %1 scales down %2 every night at 20:00 (%3). Save to apply it.")
                          .arg(addition.guardrail.name, names.join(QStringLiteral(", ")),
                               addition.guardrail.schedule.timeZone),
                false);
}

void GuardrailEditor::newGuardrail()
{
    m_table->clearSelection();
    m_form->setDefinition(GuardrailDefinition{}, false);
    m_delete->setEnabled(false);
}

QString GuardrailEditor::emptyStateText() const
{
    return m_emptyState->isShown() ? m_emptyState->label()->text() : QString();
}

void GuardrailEditor::edit(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row < 0)
        return;
    m_keepForm = true;
    m_table->selectRow(row);
    m_keepForm = false;
    m_delete->setEnabled(m_readOnlyReason.isEmpty());
    m_form->setDefinition(m_model->status(row).definition, true);
}

void GuardrailEditor::selectionChanged()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    m_delete->setEnabled(!rows.isEmpty() && m_readOnlyReason.isEmpty());
    if (rows.isEmpty() || m_keepForm)
        return;
    m_form->setDefinition(m_model->status(rows.first().row()).definition, true);
}

void GuardrailEditor::finishOperation(const GuardrailResult &result, const QString &success)
{
    if (result.ok)
        showMessage(success, false);
    else
        showMessage(result.message(), true);
    Q_EMIT operationFinished(result.ok, result.ok ? success : result.message());
    refresh();
}

void GuardrailEditor::save(const GuardrailDefinition &definition)
{
    m_form->setBusy(true);
    const QString name = definition.guardrail.name;
    const QStringList cronJobs = pd::core::GuardrailRenderer::cronJobNames(definition.guardrail);
    whenReady(m_store->apply(definition), this, [this, name, cronJobs](const GuardrailResult &result) {
        m_form->setBusy(false);
        if (result.ok)
            m_pendingSelection = name;
        finishOperation(result, tr("Saved guardrail %1 (CronJob %2 in %3).")
                                    .arg(name, cronJobs.join(QStringLiteral(", ")), m_store->systemNamespace()));
    });
}

void GuardrailEditor::setEnabled(const QString &name, bool enabled)
{
    whenReady(m_store->setEnabled(name, enabled), this, [this, name, enabled](const GuardrailResult &result) {
        // The form shows this guardrail: reopen it as the cluster now has it.
        if (result.ok && m_form->isExisting() && m_form->definition().guardrail.name == name)
            m_pendingSelection = name;
        finishOperation(result, enabled ? tr("Guardrail %1 enabled.").arg(name)
                                        : tr("Guardrail %1 suspended.").arg(name));
    });
}

void GuardrailEditor::confirmDelete()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const QString name = m_model->status(rows.first().row()).name();
    const auto answer = QMessageBox::question(
        this, tr("Delete guardrail"),
        tr("Delete guardrail %1, its CronJobs, ServiceAccount and RBAC from the cluster?").arg(name));
    if (answer == QMessageBox::Yes)
        deleteGuardrail(name);
}

void GuardrailEditor::deleteGuardrail(const QString &name)
{
    whenReady(m_store->remove(name), this, [this, name](const GuardrailResult &result) {
        if (result.ok && !result.found) {
            finishOperation(GuardrailResult{false, tr("No guardrail named %1 in the cluster.").arg(name), 404, false}, {});
            return;
        }
        if (result.ok)
            newGuardrail();
        finishOperation(result, tr("Deleted guardrail %1.").arg(name));
    });
}

} // namespace pd::gui
