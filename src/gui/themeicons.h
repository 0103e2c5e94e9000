#pragma once

#include <QIcon>
#include <QString>

namespace pd::gui {

// An icon of the desktop's freedesktop icon theme ("document-open", "edit-copy", ...),
// or PreviewDesk's own SVG of that name (resources/icons/actions) where the theme
// has none.
QIcon themeIcon(const QString &name);
// The resource path of the bundled fallback (":/icons/actions/NAME.svg").
QString fallbackIconPath(const QString &name);

} // namespace pd::gui
