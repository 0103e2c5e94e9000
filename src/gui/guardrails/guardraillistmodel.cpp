#include "guardraillistmodel.h"

#include "guardrailtimes.h"

#include <QBrush>
#include "gui/palettecolors.h"

#include <QColor>
#include <QTimeZone>

namespace pd::gui {

using pd::core::GuardrailJob;
using pd::core::GuardrailStatus;

namespace {

bool neverRan(const GuardrailStatus &status)
{
    return status.lastJob.result == GuardrailJob::Result::None && !status.lastJob.started.isValid()
        && !status.lastScheduleTime.isValid() && status.active == 0;
}

} // namespace

GuardrailListModel::GuardrailListModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_local(QTimeZone::systemTimeZone())
{
}

void GuardrailListModel::setDisplayTimeZone(const QTimeZone &zone)
{
    m_local = zone;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int GuardrailListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int GuardrailListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString GuardrailListModel::scheduleText(const pd::core::Guardrail &guardrail)
{
    if (guardrail.schedule.isWorkingHours())
        return guardrail.schedule.workingHours;
    return guardrail.schedule.cron + QStringLiteral(" (") + guardrail.schedule.timeZone + u')';
}

QString GuardrailListModel::actionText(const pd::core::Guardrail &guardrail)
{
    if (guardrail.schedule.isWorkingHours())
        return tr("scale-up / scale-down");
    return pd::core::guardrailActionName(guardrail.action);
}

QString GuardrailListModel::resultText(const GuardrailStatus &status)
{
    QString text;
    switch (status.lastJob.result) {
    case GuardrailJob::Result::None:
        // The Job is gone (history limit, TTL): the CronJob's status still says how the
        // last scheduled run ended when it succeeded.
        if (status.lastSuccessfulTime.isValid() && status.lastSuccessfulTime >= status.lastScheduleTime)
            text = tr("succeeded");
        break;
    case GuardrailJob::Result::Running:
        text = tr("running");
        break;
    case GuardrailJob::Result::Succeeded:
        text = tr("succeeded");
        break;
    case GuardrailJob::Result::Failed:
        text = tr("failed: ") + status.lastJob.name;
        break;
    }
    if (status.active > 0 && status.lastJob.result != GuardrailJob::Result::Running)
        text += (text.isEmpty() ? QString() : QStringLiteral("; ")) + tr("%1 running").arg(status.active);
    else if (status.active > 0)
        text += tr(" (%1 active)").arg(status.active);
    return text;
}

QVariant GuardrailListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const GuardrailStatus &status = m_rows.at(index.row());
    const pd::core::Guardrail &g = status.guardrail();
    if (role == NameRole)
        return g.name;
    if (index.column() == EnabledColumn) {
        if (role == Qt::CheckStateRole)
            return g.enabled ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ToolTipRole)
            return g.enabled ? tr("Enabled: its CronJobs run on schedule")
                             : tr("Suspended: its CronJobs do not run");
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return QString(g.name + (status.definition.dryRun ? tr(" (dry run)") : QString()));
        case ActionColumn:
            return actionText(g);
        case ScheduleColumn:
            return scheduleText(g);
        case NextRunColumn: {
            if (!g.enabled)
                return tr("suspended");
            return guardrailTimeText(status.nextRun, guardrailZone(g), m_local);
        }
        case LastRunColumn: {
            if (neverRan(status))
                return tr("not yet");
            const QDateTime last = status.lastJob.started.isValid() ? status.lastJob.started : status.lastScheduleTime;
            return guardrailTimeText(last, guardrailZone(g), m_local);
        }
        case ResultColumn:
            return neverRan(status) ? tr("no run yet") : resultText(status);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == ResultColumn) {
        if (neverRan(status))
            return tr("No Job of this guardrail has run yet.");
        QStringList lines;
        if (!status.lastJob.name.isEmpty())
            lines << tr("Job %1 (CronJob %2)").arg(status.lastJob.name, status.lastJob.cronJob);
        if (!status.lastJob.message.isEmpty())
            lines << status.lastJob.message;
        if (status.lastSuccessfulTime.isValid())
            lines << tr("Last success: %1").arg(guardrailTimeText(status.lastSuccessfulTime, guardrailZone(g), m_local));
        return lines.join(u'\n');
    }
    if (role == Qt::ToolTipRole && index.column() == NameColumn)
        return tr("CronJobs: %1").arg(status.cronJobs.join(QStringLiteral(", ")));
    if (role == Qt::ForegroundRole && index.column() == ResultColumn && status.lastJob.result == GuardrailJob::Result::Failed)
        return QVariant::fromValue(QBrush(colors::toneText(colors::Tone::Negative)));
    if (role == Qt::ForegroundRole && (index.column() == ResultColumn || index.column() == LastRunColumn) && neverRan(status))
        return QVariant::fromValue(QBrush(colors::toneText(colors::Tone::Muted)));
    return {};
}

QVariant GuardrailListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EnabledColumn:
        return tr("On");
    case NameColumn:
        return tr("Name");
    case ActionColumn:
        return tr("Action");
    case ScheduleColumn:
        return tr("Schedule");
    case NextRunColumn:
        return tr("Next run");
    case LastRunColumn:
        return tr("Last run");
    case ResultColumn:
        return tr("Result");
    default:
        return {};
    }
}

Qt::ItemFlags GuardrailListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == EnabledColumn && !m_readOnly)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

bool GuardrailListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || index.column() != EnabledColumn || role != Qt::CheckStateRole || m_readOnly)
        return false;
    const bool enabled = value.toInt() == Qt::Checked;
    pd::core::Guardrail &g = m_rows[index.row()].definition.guardrail;
    if (g.enabled == enabled)
        return true;
    g.enabled = enabled;
    Q_EMIT dataChanged(index, this->index(index.row(), NextRunColumn));
    Q_EMIT enabledToggled(g.name, enabled);
    return true;
}

void GuardrailListModel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, EnabledColumn), index(int(m_rows.size()) - 1, EnabledColumn));
}

int GuardrailListModel::rowOf(const QString &name) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).name() == name)
            return row;
    }
    return -1;
}

void GuardrailListModel::setGuardrails(const QList<GuardrailStatus> &guardrails)
{
    // Same names in the same order (a refresh): update in place so selection and scroll stay.
    bool sameRows = guardrails.size() == m_rows.size();
    for (qsizetype i = 0; sameRows && i < guardrails.size(); ++i)
        sameRows = guardrails.at(i).name() == m_rows.at(i).name();
    if (sameRows) {
        m_rows = guardrails;
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = guardrails;
    endResetModel();
}

} // namespace pd::gui
