#pragma once

#include <QtGlobal>

QT_BEGIN_NAMESPACE
class QDialogButtonBox;
class QWidget;
QT_END_NAMESPACE

namespace pd::gui {

// A tool window that is a plain QWidget (guardrails, cost) closes like a dialog: a
// Close button and Esc. Returns the button box to put at the bottom of its layout
// (objectName "closeButtons"); the Esc shortcut is installed on `window`.
QDialogButtonBox *makeCloseButtons(QWidget *window);
// The same for a Close button box a Designer form made.
void setUpCloseButtons(QDialogButtonBox *buttons, QWidget *window);

} // namespace pd::gui
