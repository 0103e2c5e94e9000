#include "closebuttons.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QShortcut>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace pd::gui {

QDialogButtonBox *makeCloseButtons(QWidget *window)
{
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, window);
    buttons->setObjectName(u"closeButtons"_s);
    setUpCloseButtons(buttons, window);
    return buttons;
}

void setUpCloseButtons(QDialogButtonBox *buttons, QWidget *window)
{
    // Enter in a field of the window must not close it.
    buttons->button(QDialogButtonBox::Close)->setAutoDefault(false);
    QObject::connect(buttons, &QDialogButtonBox::rejected, window, &QWidget::close);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), window);
    escape->setContext(Qt::WindowShortcut);
    QObject::connect(escape, &QShortcut::activated, window, &QWidget::close);
}

} // namespace pd::gui
