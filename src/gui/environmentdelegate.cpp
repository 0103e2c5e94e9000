#include "environmentdelegate.h"

#include "core/environment/environment.h"
#include "core/environment/environmentmodel.h"

#include <QPainter>
#include <QPixmap>

namespace pd::gui {

using pd::core::EnvironmentModel;
using pd::core::EnvironmentState;

EnvironmentDelegate::~EnvironmentDelegate() = default;

bool EnvironmentDelegate::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QColor EnvironmentDelegate::stateColor(int state, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (EnvironmentState(state)) {
    case EnvironmentState::Healthy: return dark ? QColor(0x56, 0xd3, 0x64) : QColor(0x13, 0x6c, 0x2e);
    case EnvironmentState::Progressing: return dark ? QColor(0x79, 0xb8, 0xff) : QColor(0x0b, 0x5c, 0xad);
    case EnvironmentState::Degraded: return dark ? QColor(0xff, 0x9b, 0x94) : QColor(0xb4, 0x23, 0x18);
    case EnvironmentState::ScaledDown: return dark ? QColor(0xb1, 0xb7, 0xbf) : QColor(0x55, 0x59, 0x5f);
    case EnvironmentState::Terminating: return dark ? QColor(0xd2, 0xa8, 0xff) : QColor(0x6e, 0x40, 0xaa);
    case EnvironmentState::Expired: return dark ? QColor(0xff, 0xa6, 0x57) : QColor(0x85, 0x4d, 0x00);
    case EnvironmentState::Incomplete: return dark ? QColor(0xff, 0x9b, 0x94) : QColor(0xb4, 0x23, 0x18);
    }
    return palette.color(QPalette::Text);
}

void EnvironmentDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() != EnvironmentModel::StateColumn)
        return;
    const QColor color = stateColor(index.data(EnvironmentModel::StateRole).toInt(), option->palette);
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
    if (state == EnvironmentState::Degraded || state == EnvironmentState::Expired
        || state == EnvironmentState::Incomplete)
        option->font.setBold(true);
}

} // namespace pd::gui
