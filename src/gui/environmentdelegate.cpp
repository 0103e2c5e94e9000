#include "environmentdelegate.h"

#include "core/environment/environment.h"
#include "core/environment/environmentmodel.h"

#include <QPainter>
#include <QPixmap>

namespace pd::gui {

using pd::core::EnvironmentModel;
using pd::core::EnvironmentState;

EnvironmentDelegate::~EnvironmentDelegate() = default;

QColor EnvironmentDelegate::stateColor(int state)
{
    switch (EnvironmentState(state)) {
    case EnvironmentState::Healthy: return QColor(0x2e, 0x9e, 0x4f);
    case EnvironmentState::Progressing: return QColor(0x1f, 0x6f, 0xd0);
    case EnvironmentState::Degraded: return QColor(0xd0, 0x34, 0x2c);
    case EnvironmentState::ScaledDown: return QColor(0x8a, 0x8f, 0x98);
    case EnvironmentState::Terminating: return QColor(0x6e, 0x40, 0xaa);
    case EnvironmentState::Expired: return QColor(0xd9, 0x7a, 0x00);
    }
    return QColor(Qt::gray);
}

void EnvironmentDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() != EnvironmentModel::StateColumn)
        return;
    const QColor color = stateColor(index.data(EnvironmentModel::StateRole).toInt());
    const int size = option->fontMetrics.height() - 4;
    QPixmap dot(size, size);
    dot.fill(Qt::transparent);
    {
        QPainter painter(&dot);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        painter.drawEllipse(0, 0, size, size);
    }
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->icon = QIcon(dot);
    option->decorationSize = QSize(size, size);
    const auto state = EnvironmentState(index.data(EnvironmentModel::StateRole).toInt());
    if (state == EnvironmentState::Degraded || state == EnvironmentState::Expired)
        option->font.setBold(true);
}

} // namespace pd::gui
