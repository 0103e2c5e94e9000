#pragma once

#include <QCoreApplication>
#include <QString>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace pd::gui {

// View > Palette: the system's style and palette, or Fusion with PreviewDesk's light
// or dark palette (colors::lightPalette(), colors::darkPalette()). Kept in QSettings.
class Appearance final
{
    Q_DECLARE_TR_FUNCTIONS(Appearance)
public:
    enum class Scheme { System, Light, Dark };

    // Switches the whole application (every open window follows).
    static void apply(Scheme scheme);
    static Scheme current() { return s_current; }
    // The scheme saved in `settings` (System when none or unknown).
    static Scheme load(const QSettings *settings);
    static void save(QSettings *settings, Scheme scheme);
    // "system", "light", "dark": how QSettings spells them.
    static QString key(Scheme scheme);
    static QString settingsKey();

private:
    static inline Scheme s_current = Scheme::System;
};

} // namespace pd::gui
