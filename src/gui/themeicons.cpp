#include "themeicons.h"

using namespace Qt::StringLiterals;

namespace pd::gui {

QString fallbackIconPath(const QString &name)
{
    return u":/icons/actions/"_s + name + u".svg"_s;
}

QIcon themeIcon(const QString &name)
{
    return QIcon::fromTheme(name, QIcon(fallbackIconPath(name)));
}

} // namespace pd::gui
