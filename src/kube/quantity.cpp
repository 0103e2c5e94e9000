#include "quantity.h"

#include <QLocale>
#include <QtGlobal>

#include <array>
#include <cmath>
#include <limits>

namespace pd::kube {

namespace {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

constexpr Int128 kNanoPerUnit = 1'000'000'000;
constexpr Int128 kInt128Max = static_cast<Int128>(~static_cast<UInt128>(0) >> 1);

QString formatWrongError()
{
    return QStringLiteral("quantities must match the regular expression "
                          "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
}
QString suffixError() { return QStringLiteral("unable to parse quantity's suffix"); }
QString tooLargeError() { return QStringLiteral("quantity is too large"); }

bool isDigit(QChar c) { return c >= u'0' && c <= u'9'; }

Int128 pow10(int n)
{
    Int128 r = 1;
    for (int i = 0; i < n; ++i)
        r *= 10;
    return r;
}

// Divides the magnitude rounding away from zero (the quantity rounding).
Int128 divideAwayFromZero(Int128 value, Int128 divisor)
{
    Int128 q = value / divisor;
    if (value % divisor != 0)
        q += value < 0 ? -1 : 1;
    return q;
}

QString int128ToString(Int128 v)
{
    if (v == 0)
        return QStringLiteral("0");
    const bool negative = v < 0;
    UInt128 u = negative ? static_cast<UInt128>(-(v + 1)) + 1
                                   : static_cast<UInt128>(v);
    std::array<char16_t, 48> buffer{};
    int pos = int(buffer.size());
    while (u != 0) {
        buffer[--pos] = char16_t(u'0' + int(u % 10));
        u /= 10;
    }
    if (negative)
        buffer[--pos] = u'-';
    return QString(reinterpret_cast<const QChar *>(buffer.data() + pos), int(buffer.size()) - pos);
}

qint64 saturate(Int128 v)
{
    if (v > std::numeric_limits<qint64>::max())
        return std::numeric_limits<qint64>::max();
    if (v < std::numeric_limits<qint64>::min())
        return std::numeric_limits<qint64>::min();
    return qint64(v);
}

struct Suffix
{
    int base = 10; // 10 or 2
    int exponent = 0;
    Quantity::Format format = Quantity::Format::DecimalSI;
};

std::optional<Suffix> interpretSuffix(QStringView s)
{
    static const struct { const char16_t *text; int base; int exponent; } table[] = {
        {u"", 10, 0},   {u"n", 10, -9}, {u"u", 10, -6}, {u"m", 10, -3},
        {u"k", 10, 3},  {u"M", 10, 6},  {u"G", 10, 9},  {u"T", 10, 12},
        {u"P", 10, 15}, {u"E", 10, 18}, {u"Ki", 2, 10}, {u"Mi", 2, 20},
        {u"Gi", 2, 30}, {u"Ti", 2, 40}, {u"Pi", 2, 50}, {u"Ei", 2, 60},
    };
    for (const auto &entry : table) {
        if (s == QStringView(entry.text)) {
            return Suffix{entry.base, entry.exponent,
                          entry.base == 2 ? Quantity::Format::BinarySI : Quantity::Format::DecimalSI};
        }
    }
    if (s.size() > 1 && (s.front() == u'e' || s.front() == u'E')) {
        bool ok = false;
        const int exponent = s.mid(1).toInt(&ok);
        if (!ok)
            return std::nullopt;
        return Suffix{10, exponent, Quantity::Format::DecimalExponent};
    }
    return std::nullopt;
}

// Nano amount of digits "num.denom" * 10^exponent, rounded up in magnitude.
std::optional<Int128> decimalNanos(QStringView num, QStringView denom, qint64 exponent)
{
    const QString digits = num.toString() + denom.toString();
    const qint64 lowest = exponent - denom.size() + 9; // nano weight of the last digit
    Int128 acc = 0;
    bool sticky = false;
    qint64 lastWeight = 0;
    bool any = false;
    for (qsizetype i = 0; i < digits.size(); ++i) {
        const int d = digits.at(i).unicode() - u'0';
        const qint64 weight = lowest + (digits.size() - 1 - i);
        if (weight < 0) {
            sticky = sticky || d != 0;
            continue;
        }
        if (__builtin_mul_overflow(acc, Int128(10), &acc) || __builtin_add_overflow(acc, Int128(d), &acc))
            return std::nullopt;
        lastWeight = weight;
        any = true;
    }
    if (any && acc != 0) {
        if (lastWeight > 38)
            return std::nullopt;
        if (__builtin_mul_overflow(acc, pow10(int(lastWeight)), &acc))
            return std::nullopt;
    }
    if (sticky && __builtin_add_overflow(acc, Int128(1), &acc))
        return std::nullopt;
    return acc;
}

std::optional<Int128> binaryNanos(QStringView num, QStringView denom, int exponent)
{
    while (!denom.isEmpty() && denom.back() == u'0')
        denom.chop(1);
    Int128 acc = 0;
    const QString digits = num.toString() + denom.toString();
    for (QChar c : digits) {
        if (__builtin_mul_overflow(acc, Int128(10), &acc)
            || __builtin_add_overflow(acc, Int128(c.unicode() - u'0'), &acc))
            return std::nullopt;
    }
    if (acc == 0)
        return Int128(0);
    if (exponent > 100 || __builtin_mul_overflow(acc, Int128(1) << exponent, &acc)
        || __builtin_mul_overflow(acc, kNanoPerUnit, &acc))
        return std::nullopt;
    if (denom.size() > 38) {
        return Int128(1); // far below a nano: rounds up to the smallest amount
    }
    return divideAwayFromZero(acc, pow10(int(denom.size())));
}

// apimachinery's int64 fast path keeps the input string when it looks canonical; this
// decides whether it would (num has its leading zeros stripped, "0" when empty).
bool keepsInputText(QStringView num, QStringView denom, const Suffix &suffix)
{
    const QString goNum = num.isEmpty() ? QStringLiteral("0") : num.toString();
    if (suffix.base == 2) {
        if (suffix.exponent < 0 || !denom.isEmpty())
            return false;
        const int precision = 15 - int(goNum.size()) - int(float(suffix.exponent) * 3 / 10) - 1;
        if (precision < 0)
            return false;
        bool ok = false;
        const qint64 value = goNum.toLongLong(&ok);
        qint64 product = 0;
        if (!ok || __builtin_mul_overflow(value, qint64(1) << suffix.exponent, &product))
            return false;
        return suffix.exponent % 10 == 0 && (value & 0x07) != 0;
    }
    if (18 - (goNum.size() + denom.size()) < 0)
        return false;
    const qint64 scale = qint64(suffix.exponent) - denom.size();
    if (scale < -9)
        return false;
    const QString shifted = goNum + denom.toString();
    return scale % 3 == 0 && !shifted.endsWith(u"000") && shifted.front() != u'0';
}

} // namespace

std::optional<Quantity> Quantity::parse(QStringView str, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<Quantity> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (str.isEmpty())
        return fail(formatWrongError());

    // The scanner mirrors apimachinery's parseQuantityString.
    bool positive = true;
    qsizetype pos = 0;
    const qsizetype end = str.size();
    if (str[0] == u'-') {
        positive = false;
        ++pos;
    } else if (str[0] == u'+') {
        ++pos;
    }
    while (pos < end && str[pos] == u'0')
        ++pos;
    const qsizetype numStart = pos;
    while (pos < end && isDigit(str[pos]))
        ++pos;
    QStringView num = str.mid(numStart, pos - numStart);
    QStringView denom;
    if (pos < end && str[pos] == u'.') {
        ++pos;
        const qsizetype denomStart = pos;
        while (pos < end && isDigit(str[pos]))
            ++pos;
        denom = str.mid(denomStart, pos - denomStart);
    }
    const qsizetype suffixStart = pos;
    static const QString suffixChars = QStringLiteral("eEinumkKMGTP");
    while (pos < end && suffixChars.contains(str[pos]))
        ++pos;
    if (pos < end && (str[pos] == u'-' || str[pos] == u'+'))
        ++pos;
    while (pos < end && isDigit(str[pos]))
        ++pos;
    if (pos != end)
        return fail(formatWrongError());
    const QStringView suffixText = str.mid(suffixStart);

    const std::optional<Suffix> suffix = interpretSuffix(suffixText);
    if (!suffix)
        return fail(suffixError());

    std::optional<Int128> nanos = suffix->base == 10 ? decimalNanos(num, denom, suffix->exponent)
                                                     : binaryNanos(num, denom, suffix->exponent);
    if (!nanos)
        return fail(tooLargeError());
    Format format = suffix->format;
    if (format == Format::BinarySI) {
        const Int128 cap = Int128(std::numeric_limits<qint64>::max()) * kNanoPerUnit;
        if (*nanos > cap)
            *nanos = cap;
        if (*nanos > 0 && *nanos < kNanoPerUnit)
            format = Format::DecimalSI;
    }
    if (!positive)
        *nanos = -*nanos;
    Quantity q(*nanos, format);
    if (keepsInputText(num, denom, *suffix))
        q.m_text = str.toString();
    return q;
}

std::optional<Quantity> Quantity::fromJson(const QJsonValue &value, QString *error)
{
    if (value.isString())
        return parse(value.toString().trimmed(), error);
    if (value.isDouble()) {
        const double d = value.toDouble();
        const qint64 i = value.toInteger(std::numeric_limits<qint64>::min());
        if (i != std::numeric_limits<qint64>::min() || d == double(i))
            return parse(QString::number(i), error);
        return parse(QString::number(d, 'g', QLocale::FloatingPointShortest), error);
    }
    if (error)
        *error = QStringLiteral("quantity must be a string or a number");
    return std::nullopt;
}

Quantity Quantity::fromString(QStringView text)
{
    return parse(text).value_or(Quantity());
}

Quantity Quantity::fromValue(qint64 value, Format format)
{
    return Quantity(Int128(value) * kNanoPerUnit, format);
}

Quantity Quantity::fromMilli(qint64 milli, Format format)
{
    return Quantity(Int128(milli) * 1'000'000, format);
}

Quantity Quantity::fromNano(qint64 nano, Format format)
{
    return Quantity(Int128(nano), format);
}

QString Quantity::toString() const
{
    return m_text.isEmpty() ? canonicalString() : m_text;
}

QString Quantity::canonicalString() const
{
    if (m_nanos == 0)
        return QStringLiteral("0");

    Format format = m_format;
    if (format == Format::BinarySI) {
        if ((m_nanos > -1024 * kNanoPerUnit && m_nanos < 1024 * kNanoPerUnit) || m_nanos % kNanoPerUnit != 0)
            format = Format::DecimalSI; // avoids rounding, as apimachinery
    }
    if (format == Format::BinarySI) {
        Int128 amount = m_nanos / kNanoPerUnit;
        int exponent = 0;
        while (exponent < 6 && amount % 1024 == 0) {
            amount /= 1024;
            ++exponent;
        }
        static const char16_t *const binary[] = {u"", u"Ki", u"Mi", u"Gi", u"Ti", u"Pi", u"Ei"};
        return int128ToString(amount) + QStringView(binary[exponent]);
    }

    // Decimal: drop factors of ten, then bring the exponent down to a multiple of 3.
    Int128 mantissa = m_nanos;
    int exponent = -9;
    while (mantissa % 10 == 0) {
        mantissa /= 10;
        ++exponent;
    }
    const int rest = ((exponent % 3) + 3) % 3;
    for (int i = 0; i < rest; ++i)
        mantissa *= 10; // cannot overflow: we just divided by at least as much
    exponent -= rest;

    QString suffixText;
    if (format == Format::DecimalSI && exponent >= -9 && exponent <= 18) {
        static const char16_t *const decimal[] = {u"n", u"u", u"m", u"", u"k", u"M", u"G", u"T", u"P", u"E"};
        suffixText = QString::fromUtf16(decimal[(exponent + 9) / 3]);
    } else if (exponent != 0) {
        suffixText = u'e' + QString::number(exponent);
    }
    return int128ToString(mantissa) + suffixText;
}

bool Quantity::isZero() const { return m_nanos == 0; }

int Quantity::sign() const { return m_nanos < 0 ? -1 : (m_nanos > 0 ? 1 : 0); }

qint64 Quantity::scaledValue(int scale) const
{
    const int shift = scale + 9; // nano -> 10^scale
    if (shift >= 0) {
        if (shift > 38)
            return m_nanos == 0 ? 0 : (m_nanos < 0 ? -1 : 1);
        return saturate(divideAwayFromZero(m_nanos, pow10(shift)));
    }
    Int128 result = 0;
    if (-shift > 38 || __builtin_mul_overflow(m_nanos, pow10(-shift), &result))
        return m_nanos < 0 ? std::numeric_limits<qint64>::min() : std::numeric_limits<qint64>::max();
    return saturate(result);
}

qint64 Quantity::value() const { return scaledValue(0); }
qint64 Quantity::milliValue() const { return scaledValue(-3); }
qint64 Quantity::nanoValue() const { return saturate(m_nanos); }

double Quantity::toDouble() const
{
    return double(static_cast<long double>(m_nanos) / 1e9L);
}

int Quantity::compare(const Quantity &other) const
{
    return m_nanos < other.m_nanos ? -1 : (m_nanos > other.m_nanos ? 1 : 0);
}

Quantity Quantity::added(const Quantity &other) const
{
    Int128 sum = 0;
    if (__builtin_add_overflow(m_nanos, other.m_nanos, &sum))
        sum = other.m_nanos < 0 ? -kInt128Max : kInt128Max;
    return Quantity(sum, m_nanos == 0 ? other.m_format : m_format);
}

Quantity Quantity::subtracted(const Quantity &other) const
{
    Int128 diff = 0;
    if (__builtin_sub_overflow(m_nanos, other.m_nanos, &diff))
        diff = other.m_nanos > 0 ? -kInt128Max : kInt128Max;
    return Quantity(diff, m_nanos == 0 ? other.m_format : m_format);
}

Quantity Quantity::negated() const
{
    return Quantity(m_nanos == -kInt128Max - 1 ? kInt128Max : -m_nanos, m_format);
}

std::optional<Quantity> Quantity::multiplied(double factor) const
{
    if (!std::isfinite(factor))
        return std::nullopt;
    const long double product = static_cast<long double>(m_nanos) * static_cast<long double>(factor);
    // Round up away from zero, but do not let float noise (1.5000000001n) add a nano.
    const long double nearest = std::round(product);
    const long double rounded = std::fabs(product - nearest) < 1e-3L
        ? nearest
        : (product < 0 ? std::floor(product) : std::ceil(product));
    if (std::fabs(rounded) >= 1.0e38L)
        return std::nullopt;
    return Quantity(static_cast<Int128>(rounded), m_format);
}

} // namespace pd::kube
