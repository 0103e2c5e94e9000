#include "costformat.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace pd::core {

QString moneyText(double dollars, int decimals, const QLocale &locale)
{
    const double amount = std::abs(dollars);
    const double smallest = 0.5 * std::pow(10.0, -decimals);
    const QString sign = dollars < 0 && amount >= smallest ? u"-"_s : QString();
    if (locale.language() == QLocale::C)
        return sign % u'$' % QString::number(amount, 'f', decimals);
    return sign % locale.toCurrencyString(amount, u"$"_s, decimals);
}

QString moneyText(double dollars, const QLocale &locale)
{
    const double amount = std::abs(dollars);
    if (amount >= 100)
        return moneyText(std::round(dollars), 0, locale);
    if (amount >= 0.01 || amount < 0.00005)
        return moneyText(dollars, 2, locale);
    // Two significant digits: 0.0042, not 0.00.
    return moneyText(dollars, std::clamp(1 - int(std::floor(std::log10(amount))), 2, 6), locale);
}

QString NiceAxis::label(double value) const
{
    if (std::abs(value) < step * 1e-6)
        value = 0;   // no "-$0.00"
    return moneyText(value, decimals);
}

NiceAxis niceAxis(double low, double high, int maxTicks)
{
    NiceAxis axis;
    maxTicks = std::max(2, maxTicks);
    low = std::min(low, 0.0);
    high = std::max(high, 0.0);
    if (!(high > low))   // nothing (or NaN): one unit
        high = low + 1;
    const double raw = (high - low) / (maxTicks - 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude * 10;
    for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (magnitude * factor >= raw * (1 - 1e-9)) {
            step = magnitude * factor;
            break;
        }
    }
    axis.step = step;
    axis.min = std::floor(low / step + 1e-9) * step;
    axis.max = std::ceil(high / step - 1e-9) * step;
    if (axis.max <= axis.min)
        axis.max = axis.min + step;
    axis.ticks = int(std::lround((axis.max - axis.min) / step)) + 1;
    // Enough digits for the step: 0.05 -> 2, 0.5 -> 1, 5 -> 0.
    axis.decimals = std::max(0, -int(std::floor(std::log10(step) + 1e-9)));
    return axis;
}

} // namespace pd::core
