// The details pane's Problems and Recent events sections, fed by NamespaceInsight.

#include "environmentdetailspane.h"

#include "core/environment/environmentmodel.h"
#include "core/environment/namespaceinsight.h"
#include "environmentdelegate.h"

#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

namespace pd::gui {

using pd::core::EnvironmentModel;

namespace {

// Red for errors, amber for warnings: the Degraded and Expired colours of the palette,
// which keep 4.5:1 against its backgrounds in light and dark.
QColor severityColor(bool error, const QPalette &palette)
{
    using pd::core::EnvironmentState;
    return EnvironmentDelegate::stateColor(int(error ? EnvironmentState::Degraded : EnvironmentState::Expired), palette);
}

// A filled circle for an error, a triangle for a warning: the shape tells them apart
// without the colour.
QIcon severityIcon(bool error, const QPalette &palette)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(severityColor(error, palette));
    if (error) {
        painter.drawEllipse(QRectF(2, 2, 12, 12));
    } else {
        QPainterPath triangle;
        triangle.moveTo(8, 1.5);
        triangle.lineTo(15, 14.5);
        triangle.lineTo(1, 14.5);
        triangle.closeSubpath();
        painter.drawPath(triangle);
    }
    return QIcon(pixmap);
}

} // namespace

void EnvironmentDetailsPane::fillInsight()
{
    if (!m_insight)
        return;
    if (!m_insight->errorText().isEmpty())
        m_insightStatus->setText(m_insight->errorText());
    else if (!m_insight->isSynced())
        m_insightStatus->setText(tr("Looking at the pods\u2026"));
    else if (m_insight->problems().isEmpty())
        m_insightStatus->setText(tr("No pod problems."));
    else
        m_insightStatus->clear();
    m_insightStatus->setVisible(!m_insightStatus->text().isEmpty());
    fillProblems();
    fillEvents();
}

void EnvironmentDetailsPane::fillProblems()
{
    m_problems->clear();
    // Replicas with the same problem make one line with their pods in the tooltip.
    QHash<QString, QTreeWidgetItem *> byText;
    for (const pd::core::PodProblem &problem : m_insight->problems()) {
        QTreeWidgetItem *item = byText.value(problem.text());
        if (!item) {
            item = new QTreeWidgetItem(m_problems);
            byText.insert(problem.text(), item);
            const bool error = problem.severity == pd::core::PodProblem::Severity::Error;
            item->setText(0, problem.subject());
            item->setIcon(1, severityIcon(error, palette()));
            item->setText(1, problem.reason);
            item->setForeground(1, severityColor(error, palette()));
            item->setText(2, problem.detail);
            item->setData(0, Qt::UserRole, problem.message);
            item->setData(3, Qt::UserRole, QStringList());
        }
        QStringList pods = item->data(3, Qt::UserRole).toStringList();
        if (!problem.pod.isEmpty())
            pods.append(problem.pod);
        item->setData(3, Qt::UserRole, pods);
        item->setText(3, QString::number(pods.size()));
        const QString tip = problem.detail % u"\n\n"_s % item->data(0, Qt::UserRole).toString() % u"\n\n"_s
                % pods.join(u'\n');
        for (int column = 0; column < m_problems->columnCount(); ++column)
            item->setToolTip(column, tip.trimmed());
    }
    // As tall as its lines (up to eight), so the sections below stay in view.
    const int lines = std::min(m_problems->topLevelItemCount(), 8);
    if (lines > 0) {
        const int rowHeight = std::max(m_problems->sizeHintForRow(0), m_problems->fontMetrics().height() + 4);
        m_problems->setFixedHeight(m_problems->header()->sizeHint().height() + lines * rowHeight
                                   + 2 * m_problems->frameWidth() + 2);
    }
    m_problems->setVisible(lines > 0);
}

void EnvironmentDetailsPane::fillEvents()
{
    if (!m_insight)
        return;
    const QList<pd::core::NamespaceEvent> events = m_insight->events();
    const QDateTime now = m_model ? m_model->now() : QDateTime::currentDateTimeUtc();
    m_events->clear();
    QFont bold = m_events->font();
    bold.setBold(true);
    for (const pd::core::NamespaceEvent &event : events) {
        auto *item = new QTreeWidgetItem(m_events);
        item->setText(0, event.reason);
        const QString object = event.object();
        item->setText(1, object.size() > 24 ? QString(object.left(11) % u'\u2026' % object.right(12)) : object);
        item->setToolTip(1, object);
        item->setText(2, event.message);
        item->setToolTip(2, event.message);
        item->setText(3, event.lastSeen.isValid()
                ? EnvironmentModel::durationText(std::max<qint64>(0, event.lastSeen.secsTo(now))) : QString());
        item->setToolTip(3, QLocale().toString(event.lastSeen.toLocalTime(), QLocale::ShortFormat));
        item->setText(4, QString::number(event.count));
        item->setTextAlignment(4, Qt::AlignRight | Qt::AlignVCenter);
        if (event.isWarning()) {
            item->setIcon(0, severityIcon(false, palette()));
            item->setForeground(0, severityColor(false, palette()));
            item->setFont(0, bold);
        }
    }
}

} // namespace pd::gui
