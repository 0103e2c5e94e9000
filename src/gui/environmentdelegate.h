#pragma once

#include <QStyledItemDelegate>

namespace pd::gui {

// Paints the state column with a coloured dot, so Degraded and Expired stand out.
class EnvironmentDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentDelegate)
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    ~EnvironmentDelegate() override;

    static QColor stateColor(int state);   // int(pd::core::EnvironmentState)

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace pd::gui
