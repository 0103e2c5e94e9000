#pragma once

#include <QLocale>
#include <QString>

namespace pd::core {

// Money as people read it: "$1234" from $100 up, "$12.34" from a cent up, two significant
// digits below ("$0.0042"), "$0.00" for nothing; negative amounts with a leading "-".
// Written the way `locale` writes US dollars ("1.234 $" in German); the C locale (scripts,
// tests, CI logs) keeps the plain "$1234".
QString moneyText(double dollars, const QLocale &locale = QLocale());

// The one place money becomes text: exactly `decimals` digits after the separator.
QString moneyText(double dollars, int decimals, const QLocale &locale = QLocale());

// A value axis with "nice" ticks (steps of 1, 2 or 5 x 10^n) whose labels all differ:
// min..max in `ticks` steps of `step`, labels with `decimals` digits after the point.
struct NiceAxis
{
    double min = 0;
    double max = 1;
    double step = 1;
    int ticks = 2;               // including both ends
    int decimals = 0;
    QString label(double value) const;   // "$0.25", "-$1.0"
};

// The axis for values from low to high (low <= 0 <= high is not required), at most
// maxTicks ticks.
NiceAxis niceAxis(double low, double high, int maxTicks = 6);

} // namespace pd::core
