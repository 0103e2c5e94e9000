#include "appearance.h"

#include "palettecolors.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {
const QString kSchemeKey = u"view/palette"_s;

// The style the platform chose, remembered before PreviewDesk first replaces it.
QString systemStyleName()
{
    static const QString name = QApplication::style() ? QApplication::style()->name() : u"fusion"_s;
    return name;
}
} // namespace

void Appearance::apply(Scheme scheme)
{
    const QString systemStyle = systemStyleName();
    const QString style = scheme == Scheme::System ? systemStyle : u"fusion"_s;
    if (QApplication::style()->name().compare(style, Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(style));
    switch (scheme) {
    case Scheme::System:
        // The platform's palette, with its placeholder and highlight made readable.
        QApplication::setPalette(QPalette());
        QApplication::setPalette(colors::readable(QApplication::palette()));
        break;
    case Scheme::Light: QApplication::setPalette(colors::lightPalette()); break;
    case Scheme::Dark: QApplication::setPalette(colors::darkPalette()); break;
    }
    s_current = scheme;
}

QString Appearance::settingsKey()
{
    return kSchemeKey;
}

QString Appearance::key(Scheme scheme)
{
    switch (scheme) {
    case Scheme::Light: return u"light"_s;
    case Scheme::Dark: return u"dark"_s;
    case Scheme::System: break;
    }
    return u"system"_s;
}

Appearance::Scheme Appearance::load(const QSettings *settings)
{
    const QString value = settings ? settings->value(kSchemeKey).toString() : QString();
    for (const Scheme scheme : {Scheme::Light, Scheme::Dark})
        if (value == key(scheme))
            return scheme;
    return Scheme::System;
}

void Appearance::save(QSettings *settings, Scheme scheme)
{
    if (settings)
        settings->setValue(kSchemeKey, key(scheme));
}

} // namespace pd::gui
