#include "environmentdelegate.h"

#include "core/environment/environment.h"
#include "core/environment/environmentmodel.h"

#include "palettecolors.h"

#include <QPainter>
#include <QPixmap>

namespace pd::gui {

using pd::core::EnvironmentModel;
using pd::core::EnvironmentState;

EnvironmentDelegate::~EnvironmentDelegate() = default;

bool EnvironmentDelegate::isDark(const QPalette &palette)
{
    return colors::isDark(palette);
}

namespace {
colors::Tone toneOf(int state)
{
    using colors::Tone;
    switch (EnvironmentState(state)) {
    case EnvironmentState::Healthy: return Tone::Positive;
    case EnvironmentState::Progressing: return Tone::Info;
    case EnvironmentState::Degraded: return Tone::Negative;
    case EnvironmentState::ScaledDown: return Tone::Muted;
    case EnvironmentState::Terminating: return Tone::Special;
    case EnvironmentState::Expired: return Tone::Warning;
    case EnvironmentState::Incomplete: return Tone::Negative;
    }
    return Tone::Muted;
}
} // namespace

QColor EnvironmentDelegate::stateColor(int state, const QPalette &palette)
{
    return colors::toneText(toneOf(state), palette);
}

QColor EnvironmentDelegate::selectedStateColor(int state, const QPalette &palette)
{
    // On the selection highlight the dot is mixed toward the highlighted text, so it
    // stays visible (3:1, as WCAG asks of graphics) instead of melting into the row.
    return colors::toneOn(toneOf(state), palette.color(QPalette::HighlightedText), {palette.color(QPalette::Highlight)}, 3.0);
}

void EnvironmentDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() != EnvironmentModel::StateColumn)
        return;
    const int state = index.data(EnvironmentModel::StateRole).toInt();
    const bool selected = option->state.testFlag(QStyle::State_Selected);
    const QColor color = selected ? selectedStateColor(state, option->palette) : stateColor(state, option->palette);
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
    // The same dot in every mode: the style's "selected" tint would wash it into the highlight.
    QIcon icon;
    for (const QIcon::Mode mode : {QIcon::Normal, QIcon::Selected, QIcon::Active})
        icon.addPixmap(dot, mode);
    option->icon = icon;
    option->decorationSize = QSize(size, size);
    if (const auto kind = EnvironmentState(state); kind == EnvironmentState::Degraded
        || kind == EnvironmentState::Expired || kind == EnvironmentState::Incomplete)
        option->font.setBold(true);
}

} // namespace pd::gui
