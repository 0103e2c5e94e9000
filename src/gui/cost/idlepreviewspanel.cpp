#include "idlepreviewspanel.h"

#include "idlepreviewmodel.h"

#include "core/environment/environmentactions.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/mutationguard.h"
#include "core/environment/permissioncache.h"
#include "core/guardrail/guardrailstore.h"
#include "core/session/session.h"
#include "gui/emptystate.h"
#include "gui/environmentactionsmenu.h"
#include "kube/bindto.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::gui {

IdlePreviewsPanel::IdlePreviewsPanel(QWidget *parent)
    : QWidget(parent)
    , m_confirm([this](const pd::core::Environment &env) { return EnvironmentActionsMenu::confirmByTyping(window(), env); })
    , m_model(new IdlePreviewModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_destroy(new QPushButton(tr("Destroy…"), this))
    , m_guardrail(new QPushButton(tr("Add to scale-down guardrail…"), this))
    , m_message(new QLabel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(IdlePreviewModel::SortRole);
    m_table->setObjectName(u"idleTable"_s);
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(IdlePreviewModel::CostColumn, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_empty = new EmptyState(m_table);
    m_empty->setContent(tr("No idle previews in this window: every running preview used at least 5 % of its CPU requests."));
    m_destroy->setObjectName(u"idleDestroy"_s);
    m_guardrail->setObjectName(u"idleAddToGuardrail"_s);
    m_message->setObjectName(u"idleMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);   // never widens the window
    m_message->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(new QLabel(tr("Selected previews:"), this));
    buttons->addWidget(m_destroy);
    buttons->addWidget(m_guardrail);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &IdlePreviewsPanel::updateActions);
    connect(m_destroy, &QPushButton::clicked, this, &IdlePreviewsPanel::destroySelected);
    connect(m_guardrail, &QPushButton::clicked, this, &IdlePreviewsPanel::requestGuardrail);
    updateActions();
}

IdlePreviewsPanel::~IdlePreviewsPanel() = default;

void IdlePreviewsPanel::setSession(pd::core::Session *session)
{
    if (session == m_session)
        return;
    m_session = session;
    m_actions = nullptr;
    m_permissions = nullptr;
    delete m_store;
    m_store = nullptr;
    m_asked.clear();
    if (session && session->client()) {
        // Children of the session, as the browser's: their futures finish before it goes.
        m_actions = new pd::core::EnvironmentActions(session->client(), {}, session);
        m_permissions = session->permissions();
        m_store = new pd::core::GuardrailStore(session->client(), this);
        connect(m_permissions, &pd::core::PermissionCache::answersChanged, this, &IdlePreviewsPanel::updateActions);
    }
    setPreviews(m_previews);
}

void IdlePreviewsPanel::setPreviews(const QList<pd::core::IdlePreview> &previews)
{
    m_previews = previews;
    const QStringList chosen = selectedNamespaces();
    const pd::core::EnvironmentModel *environments = m_session ? m_session->model() : nullptr;
    QList<IdlePreviewModel::Row> rows;
    for (const pd::core::IdlePreview &preview : previews) {
        IdlePreviewModel::Row row{preview, {}, {}, {}};
        const std::optional<pd::core::Environment> env =
            environments ? environments->find(preview.namespaceName) : std::nullopt;
        if (env) {
            row.owner = env->owner;
            row.pullRequest = env->pr;
            const QString refusal = pd::core::mutationRefusal(*env, pd::core::Mutation::Destroy);
            if (!refusal.isEmpty())
                row.refusal = env->name + u": "_s + refusal;
        }
        rows << row;
    }
    m_model->setRows(rows);
    // The rows the user had chosen, and only those, stay selected.
    QItemSelection selection;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex index = m_proxy->index(r, 0);
        if (chosen.contains(index.data(IdlePreviewModel::NamespaceRole).toString()))
            selection.select(index, m_proxy->index(r, IdlePreviewModel::ColumnCount - 1));
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    updateActions();
}

QStringList IdlePreviewsPanel::selectedNamespaces() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList names;
    for (const QModelIndex &index : std::as_const(rows))
        names << index.data(IdlePreviewModel::NamespaceRole).toString();
    return names;
}

QString IdlePreviewsPanel::message() const
{
    return m_message->isVisibleTo(this) ? m_message->text() : QString();
}

void IdlePreviewsPanel::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

// Core's rule for each name (sources, protected, unmanaged), then the namespace being gone.
QString IdlePreviewsPanel::refusalFor(const QStringList &names, int mutation) const
{
    const pd::core::EnvironmentModel *environments = m_session ? m_session->model() : nullptr;
    for (const QString &name : names) {
        const std::optional<pd::core::Environment> env = environments ? environments->find(name) : std::nullopt;
        if (!env)
            return tr("%1 is not in the cluster any more").arg(name);
        const QString refusal = pd::core::mutationRefusal(*env, pd::core::Mutation(mutation));
        if (!refusal.isEmpty())
            return name + u": "_s + refusal;
    }
    return {};
}

// The first permission saving a guardrail needs that is known to be denied; asks what is not known yet.
QString IdlePreviewsPanel::guardrailPermissionMissing()
{
    if (!m_store || !m_permissions)
        return {};
    for (const pd::kube::ResourceAttributes &needed : m_store->saveRequirements()) {
        const std::optional<bool> allowed = m_permissions->cached(needed);
        if (!allowed) {
            // Once: a review that fails is not cached, and asking again on every answer would never end.
            const QString key = pd::core::PermissionCache::describe(needed);
            if (!m_asked.contains(key)) {
                m_asked.insert(key);
                pd::bindTo(this, m_permissions->check(needed), [this](const std::optional<bool> &) { updateActions(); });
            }
            continue;
        }
        if (!*allowed)
            return tr("needs: %1").arg(pd::core::PermissionCache::describe(needed));
    }
    return {};
}

void IdlePreviewsPanel::updateActions()
{
    const QStringList names = selectedNamespaces();
    const bool connected = m_actions != nullptr;
    QString destroyReason;
    QString guardrailReason;
    if (!connected) {
        destroyReason = guardrailReason = tr("Not connected to a cluster");
    } else if (names.isEmpty()) {
        destroyReason = tr("Select one or more idle previews to destroy (Ctrl+click, Shift+click)");
        guardrailReason = tr("Select one or more idle previews to scale down on a schedule");
    } else {
        destroyReason = refusalFor(names, int(pd::core::Mutation::Destroy));
        for (const QString &name : names) {
            if (!destroyReason.isEmpty())
                break;
            if (m_running.contains(name))
                destroyReason = tr("%1 is being destroyed").arg(name);
            m_permissions->prefetch(pd::core::EnvironmentAction::Destroy, name);
            if (destroyReason.isEmpty())
                destroyReason = m_permissions->missing(pd::core::EnvironmentAction::Destroy, name);
        }
        guardrailReason = refusalFor(names, int(pd::core::Mutation::ScaleDown));
        if (guardrailReason.isEmpty())
            guardrailReason = guardrailPermissionMissing();
    }
    m_destroy->setEnabled(destroyReason.isEmpty());
    m_destroy->setToolTip(destroyReason.isEmpty() ? tr("Delete the selected previews and everything in them (asks for each)")
                                                  : destroyReason);
    m_guardrail->setEnabled(guardrailReason.isEmpty());
    m_guardrail->setToolTip(guardrailReason.isEmpty()
                                ? tr("Open the guardrail editor with the selected previews in a scale-down guardrail")
                                : guardrailReason);
}

void IdlePreviewsPanel::destroySelected()
{
    const QStringList names = selectedNamespaces();
    if (!m_actions || names.isEmpty() || !refusalFor(names, int(pd::core::Mutation::Destroy)).isEmpty())
        return;
    QStringList confirmed;
    for (const QString &name : names) {
        const std::optional<pd::core::Environment> env = m_session->model()->find(name);
        if (env && m_confirm && m_confirm(*env))
            confirmed << name;
    }
    if (confirmed.isEmpty()) {
        showMessage(tr("Nothing destroyed."));
        return;
    }
    m_running << confirmed;
    m_outcomes.clear();
    showMessage(tr("Destroying %1…").arg(confirmed.join(u", "_s)));
    updateActions();
    for (const QString &name : std::as_const(confirmed)) {
        pd::bindTo(this, m_actions->destroy(name), [this, name](const pd::core::ActionResult &result) {
            m_running.removeAll(name);
            m_outcomes << result.message;
            showMessage(m_outcomes.join(u'\n'));
            if (result.ok) {   // gone: no longer a row until the next report says otherwise
                m_previews.erase(std::remove_if(m_previews.begin(), m_previews.end(),
                                                [&name](const pd::core::IdlePreview &p) { return p.namespaceName == name; }),
                                 m_previews.end());
                setPreviews(m_previews);
            }
            updateActions();
            Q_EMIT destroyFinished(name, result.ok, result.message);
        });
    }
}

void IdlePreviewsPanel::requestGuardrail()
{
    const QStringList names = selectedNamespaces();
    if (names.isEmpty() || !m_guardrail->isEnabled())
        return;
    Q_EMIT scaleDownGuardrailRequested(names);
}

} // namespace pd::gui
