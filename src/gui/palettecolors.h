#pragma once

#include <QColor>
#include <QGuiApplication>
#include <QList>
#include <QPalette>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

// Every colour the GUI paints beyond the palette's own roles comes from here: tones
// (positive, negative, warning, ...) mixed from a hue and the palette's text colour
// until they keep 4.5:1 (WCAG AA) against the backgrounds they sit on, and tinted
// boxes mixed from Base. The only colour literals of src/gui are the two palettes
// PreviewDesk offers besides the system's (lightPalette(), darkPalette()).
namespace pd::gui::colors {

enum class Tone {
    Positive,   // done, healthy, regenerated
    Negative,   // failed, degraded, errors
    Warning,    // expired, about to go
    Info,       // progressing, notes
    Special,    // terminating
    Muted,      // never ran, not created, scaled down
};

// WCAG 2.x relative luminance (0..1) and contrast ratio (1..21).
double luminance(const QColor &color);
double contrast(const QColor &a, const QColor &b);
// `share` of b mixed into a (0: a, 1: b).
QColor mix(const QColor &a, const QColor &b, double share);
bool isDark(const QPalette &palette);

// The tone as text on every one of `backgrounds`: the tone's hue mixed toward
// `anchor` (a text role of the palette) until it reads at `minimum`:1 on all of them.
QColor toneOn(Tone tone, const QColor &anchor, const QList<QColor> &backgrounds, double minimum = 4.5);
// The tone as text on Base, AlternateBase and Window of `palette`.
QColor toneText(Tone tone, const QPalette &palette = QGuiApplication::palette());
// A tint of Base for a box of that tone ("validation failed", "saved").
QColor toneBackground(Tone tone, const QPalette &palette = QGuiApplication::palette());
// The palette a box (filled: true) or a line of text of that tone uses on `base`.
QPalette tonePalette(Tone tone, const QPalette &base, bool filled);

// Gives `widget` the tone, now and whenever the application's palette changes
// (light, dark, system): text in the tone; filled, a tinted background too.
void applyTone(QWidget *widget, Tone tone, bool filled = false);

// The palettes of View > Palette (Fusion style): text, placeholder, links, and
// highlighted text on the highlight (also on the lighter fill Fusion draws progress
// bars with) all at 4.5:1 or more.
QPalette lightPalette();
QPalette darkPalette();
// `palette` with its placeholder text and highlight made readable (the system's own).
QPalette readable(QPalette palette);

} // namespace pd::gui::colors
