#pragma once

#include <QGuiApplication>
#include <QPalette>
#include <QStyledItemDelegate>

namespace pd::gui {

// Paints the state column with a coloured dot, so Degraded and Expired stand out.
// The state colours are tones of the palette (palettecolors.h), each with a contrast
// of at least 4.5:1 (WCAG AA for text) against the backgrounds of its palette.
class EnvironmentDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentDelegate)
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    ~EnvironmentDelegate() override;

    // int(pd::core::EnvironmentState), readable on `palette`'s Base, AlternateBase and Window.
    static QColor stateColor(int state, const QPalette &palette = QGuiApplication::palette());
    // The dot's colour on a selected row (on the palette's Highlight).
    static QColor selectedStateColor(int state, const QPalette &palette = QGuiApplication::palette());
    // Whether a palette is dark (light text on dark backgrounds).
    static bool isDark(const QPalette &palette);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace pd::gui
