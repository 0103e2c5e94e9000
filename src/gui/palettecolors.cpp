#include "palettecolors.h"

#include <QApplication>
#include <QEvent>
#include <QPointer>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace pd::gui::colors {

namespace {

// The hue (degrees) and saturation a tone starts from; lightness comes from the palette.
QColor hueOf(Tone tone)
{
    switch (tone) {
    case Tone::Positive: return QColor::fromHslF(135.0 / 360.0, 0.70, 0.42);
    case Tone::Negative: return QColor::fromHslF(4.0 / 360.0, 0.78, 0.52);
    case Tone::Warning: return QColor::fromHslF(30.0 / 360.0, 0.90, 0.48);
    case Tone::Info: return QColor::fromHslF(212.0 / 360.0, 0.80, 0.52);
    case Tone::Special: return QColor::fromHslF(270.0 / 360.0, 0.60, 0.58);
    case Tone::Muted: return QColor::fromHslF(0.0, 0.0, 0.5);
    }
    return QColor::fromHslF(0.0, 0.0, 0.5);
}

// Keeps the tone of one widget when the application's palette changes.
class ToneKeeper final : public QObject
{
public:
    ToneKeeper(QWidget *widget, Tone tone, bool filled)
        : QObject(widget)
        , m_widget(widget)
        , m_tone(tone)
        , m_filled(filled)
    {
        setObjectName(name());
        widget->installEventFilter(this);
    }

    static QString name() { return QStringLiteral("pd-tone-keeper"); }

    void set(Tone tone, bool filled)
    {
        m_tone = tone;
        m_filled = filled;
        apply();
    }

    void apply()
    {
        if (!m_widget || m_applying)
            return;
        m_applying = true;
        // Qt hands a new application palette down the tree: the parent has it first.
        const QWidget *parent = m_widget->parentWidget();
        const QPalette base = parent ? parent->palette() : QApplication::palette(m_widget);
        // Only the tone's roles are set, so the others keep following the parent (and a
        // palette change of the parent reaches this widget at all).
        const QPalette full = tonePalette(m_tone, base, m_filled);
        QPalette tone;
        for (const QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::Window, QPalette::Base}) {
            if (m_filled || role == QPalette::WindowText || role == QPalette::Text)
                tone.setColor(role, full.color(role));
        }
        m_widget->setPalette(tone);
        m_widget->setAutoFillBackground(m_filled);
        m_applying = false;
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_widget
            && (event->type() == QEvent::ApplicationPaletteChange || event->type() == QEvent::PaletteChange
                || event->type() == QEvent::ParentChange))
            apply();
        return false;
    }

private:
    QPointer<QWidget> m_widget;
    Tone m_tone;
    bool m_filled;
    bool m_applying = false;
};

double channel(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

} // namespace

double luminance(const QColor &color)
{
    const QColor rgb = color.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) + 0.0722 * channel(rgb.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor mix(const QColor &a, const QColor &b, double share)
{
    const QColor x = a.toRgb();
    const QColor y = b.toRgb();
    const auto blend = [share](float p, float q) { return float(p + (q - p) * share); };
    return QColor::fromRgbF(blend(x.redF(), y.redF()), blend(x.greenF(), y.greenF()), blend(x.blueF(), y.blueF()));
}

bool isDark(const QPalette &palette)
{
    return luminance(palette.color(QPalette::Base)) < luminance(palette.color(QPalette::Text));
}

QColor toneOn(Tone tone, const QColor &anchor, const QList<QColor> &backgrounds, double minimum)
{
    const QColor start = hueOf(tone);
    constexpr int steps = 40;
    for (int step = 0; step <= steps; ++step) {
        const QColor candidate = mix(start, anchor, double(step) / steps);
        const bool readable = std::all_of(backgrounds.cbegin(), backgrounds.cend(), [&](const QColor &background) {
            return contrast(candidate, background) >= minimum;
        });
        if (readable)
            return candidate;
    }
    return anchor;
}

QColor toneText(Tone tone, const QPalette &palette)
{
    return toneOn(tone, palette.color(QPalette::Text),
                  {palette.color(QPalette::Base), palette.color(QPalette::AlternateBase), palette.color(QPalette::Window)});
}

QColor toneBackground(Tone tone, const QPalette &palette)
{
    return mix(palette.color(QPalette::Base), hueOf(tone), isDark(palette) ? 0.20 : 0.12);
}

QPalette tonePalette(Tone tone, const QPalette &base, bool filled)
{
    QPalette palette = base;
    const QColor background = filled ? toneBackground(tone, base) : base.color(QPalette::Window);
    const QColor text = toneOn(tone, base.color(QPalette::WindowText),
                               filled ? QList<QColor>{background}
                                      : QList<QColor>{background, base.color(QPalette::Base)});
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Text, text);
    if (filled) {
        palette.setColor(QPalette::Window, background);
        palette.setColor(QPalette::Base, background);
    }
    return palette;
}

void applyTone(QWidget *widget, Tone tone, bool filled)
{
    // Not a Q_OBJECT: found by name (findChild<ToneKeeper *> would take any QObject).
    auto *keeper = static_cast<ToneKeeper *>(widget->findChild<QObject *>(ToneKeeper::name(), Qt::FindDirectChildrenOnly));
    if (!keeper)
        keeper = new ToneKeeper(widget, tone, filled);
    keeper->set(tone, filled);
}

QPalette readable(QPalette palette)
{
    // Placeholder text as faint as it can be while it still reads on Base.
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    QColor placeholder = text;
    for (double share = 0.6; share > 0.0; share -= 0.05) {
        const QColor candidate = mix(text, base, share);
        if (contrast(candidate, base) >= 4.6) {
            placeholder = candidate;
            break;
        }
    }
    palette.setColor(QPalette::PlaceholderText, placeholder);
    // Highlighted text on the highlight, and on the lighter top of Fusion's progress bars.
    const QColor highlighted = palette.color(QPalette::HighlightedText);
    QColor highlight = palette.color(QPalette::Highlight);
    const QColor away = luminance(highlighted) > 0.5 ? QColor::fromRgbF(0, 0, 0) : QColor::fromRgbF(1, 1, 1);
    for (int step = 0; step < 20 && (contrast(highlighted, highlight) < 4.6
                                     || contrast(highlighted, highlight.lighter(120)) < 4.6); ++step)
        highlight = mix(highlight, away, 0.06);
    palette.setColor(QPalette::Highlight, highlight);
    for (const QPalette::ColorRole role : {QPalette::Link, QPalette::LinkVisited}) {
        QColor link = palette.color(role);
        for (int step = 0; step < 20 && contrast(link, base) < 4.6; ++step)
            link = mix(link, text, 0.1);
        palette.setColor(role, link);
    }
    return palette;
}

namespace {

struct Roles
{
    QRgb window, windowText, base, alternateBase, toolTipBase, text, button, light, midlight, mid, dark, shadow,
            highlight, highlightedText, link, linkVisited, disabledText;
};

QPalette paletteOf(const Roles &r)
{
    QPalette p;
    const auto set = [&p](QPalette::ColorRole role, QRgb rgb) { p.setColor(role, QColor::fromRgb(rgb)); };
    set(QPalette::Window, r.window);
    set(QPalette::WindowText, r.windowText);
    set(QPalette::Base, r.base);
    set(QPalette::AlternateBase, r.alternateBase);
    set(QPalette::ToolTipBase, r.toolTipBase);
    set(QPalette::ToolTipText, r.text);
    set(QPalette::Text, r.text);
    set(QPalette::Button, r.button);
    set(QPalette::ButtonText, r.text);
    set(QPalette::BrightText, r.highlightedText);
    set(QPalette::Light, r.light);
    set(QPalette::Midlight, r.midlight);
    set(QPalette::Mid, r.mid);
    set(QPalette::Dark, r.dark);
    set(QPalette::Shadow, r.shadow);
    set(QPalette::Highlight, r.highlight);
    set(QPalette::HighlightedText, r.highlightedText);
    set(QPalette::Link, r.link);
    set(QPalette::LinkVisited, r.linkVisited);
    for (const QPalette::ColorRole role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor::fromRgb(r.disabledText));
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor::fromRgb(r.mid));
    return readable(p);
}

} // namespace

QPalette lightPalette()
{
    return paletteOf({0xeff0f1, 0x1d1f21, 0xffffff, 0xf4f5f6, 0xf7f7f7, 0x1d1f21, 0xe6e7e8, 0xffffff, 0xdcdde0,
                      0xb9bbbe, 0x9a9c9f, 0x767779, 0x2a6bb0, 0xffffff, 0x1a5fb4, 0x6d3aa8, 0x8a8c8e});
}

QPalette darkPalette()
{
    return paletteOf({0x2b2d30, 0xe8e9ea, 0x1f2023, 0x27292c, 0x3a3d41, 0xe8e9ea, 0x36393d, 0x4a4d52, 0x3f4247,
                      0x2f3236, 0x191a1c, 0x0b0b0c, 0x2f65a8, 0xffffff, 0x7cb8ff, 0xc6a6ff, 0x7f8287});
}

} // namespace pd::gui::colors
