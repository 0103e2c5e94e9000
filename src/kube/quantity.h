#pragma once

#include <QJsonValue>
#include <QMetaType>
#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace pd::kube {

// A Kubernetes resource quantity, as k8s.io/apimachinery resource.Quantity.
// Value type: an exact amount in nano units (1e-9) held in 128 bits, plus the suffix
// family it was written in, which the canonical string keeps ("1.5Gi" -> "1536Mi").
// Parsing rounds anything finer than a nano UP, away from zero ("0.9n" -> "1n",
// "-0.1n" -> "-1n"). BinarySI amounts are capped at 2^63-1 as apimachinery does; decimal
// amounts beyond ~1.7e29 are rejected (apimachinery keeps them as big decimals).
class Quantity final
{
public:
    enum class Format {
        DecimalExponent, // "12e6", "1E-3"
        BinarySI,        // "Ki" .. "Ei"
        DecimalSI,       // "n" "u" "m" "" "k" "M" "G" "T" "P" "E"
    };

    Quantity() = default; // zero, DecimalSI

    // "[+-]number[suffix]"; nullopt and *error set ("quantities must match the regular
    // expression ..." like apimachinery) on malformed input or overflow.
    static std::optional<Quantity> parse(QStringView text, QString *error = nullptr);
    // Accepts a JSON string or number (the API accepts both for quantities).
    static std::optional<Quantity> fromJson(const QJsonValue &value, QString *error = nullptr);
    // Never-failing convenience for literals in code and tests: zero on error.
    static Quantity fromString(QStringView text);

    static Quantity fromValue(qint64 value, Format format = Format::DecimalSI);
    static Quantity fromMilli(qint64 milli, Format format = Format::DecimalSI);
    static Quantity fromNano(qint64 nano, Format format = Format::DecimalSI);

    // What Quantity.String() in Go prints, so what an API server echoes: the canonical form
    // ("1500m", "1536Mi", "1k", "0"), except that a parsed text apimachinery already deems
    // canonical is kept as written ("5." stays "5.", "+1Ki" stays "+1Ki").
    QString toString() const;
    // Always the freshly computed canonical form ("5." -> "5").
    QString canonicalString() const;
    QJsonValue toJson() const { return QJsonValue(toString()); }

    Format format() const { return m_format; }
    void setFormat(Format format)
    {
        m_format = format;
        m_text.clear();
    }

    bool isZero() const;
    int sign() const; // -1, 0, 1

    // Rounded up (away from zero) to an integer, saturated to the qint64 range.
    qint64 value() const;
    // Rounded up (away from zero) to milli units, saturated.
    qint64 milliValue() const;
    // Exact nano units, saturated.
    qint64 nanoValue() const;
    // value rounded up to a multiple of 10^scale units; e.g. scaledValue(-3) == milliValue().
    qint64 scaledValue(int scale) const;
    double toDouble() const;

    int compare(const Quantity &other) const; // -1, 0, 1
    friend bool operator==(const Quantity &a, const Quantity &b) { return a.compare(b) == 0; }
    friend std::strong_ordering operator<=>(const Quantity &a, const Quantity &b)
    {
        return a.compare(b) <=> 0;
    }

    // Sum/difference; the result keeps this quantity's format, or the other's when this
    // one is zero (as apimachinery's Add). Saturates at the representable range.
    Quantity added(const Quantity &other) const;
    Quantity subtracted(const Quantity &other) const;
    void add(const Quantity &other) { *this = added(other); }
    void subtract(const Quantity &other) { *this = subtracted(other); }
    Quantity operator+(const Quantity &other) const { return added(other); }
    Quantity operator-(const Quantity &other) const { return subtracted(other); }
    Quantity &operator+=(const Quantity &other) { add(other); return *this; }
    Quantity &operator-=(const Quantity &other) { subtract(other); return *this; }
    Quantity negated() const;
    // Scaled by factor, rounded up to nano; nullopt on NaN/inf/overflow.
    std::optional<Quantity> multiplied(double factor) const;

private:
    __extension__ typedef __int128 Nanos;
    Quantity(Nanos nanos, Format format) : m_nanos(nanos), m_format(format) {}

    Nanos m_nanos = 0;
    Format m_format = Format::DecimalSI;
    QString m_text; // the parsed text when apimachinery would cache it as canonical
};

} // namespace pd::kube

Q_DECLARE_METATYPE(pd::kube::Quantity)
