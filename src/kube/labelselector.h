#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace pd::kube {

// One term of a label selector, as labels.Requirement in apimachinery.
struct LabelRequirement
{
    enum class Operator {
        Equals,       // k=v
        DoubleEquals, // k==v
        NotEquals,    // k!=v   (matches objects lacking k)
        In,           // k in (a,b)
        NotIn,        // k notin (a,b)  (matches objects lacking k)
        Exists,       // k
        DoesNotExist, // !k
        GreaterThan,  // k>5 (integer values)
        LessThan,     // k<5
    };

    QString key;
    Operator op = Operator::Exists;
    QStringList values; // sorted, deduplicated

    bool matches(const QJsonObject &labels) const;
    QString toString() const; // "k=v", "k in (a,b)", "!k"
    friend bool operator==(const LabelRequirement &, const LabelRequirement &) = default;
};

// A label selector: an AND of requirements, kept sorted by key as apimachinery does.
// The default-constructed selector is empty and matches everything.
class LabelSelector final
{
public:
    LabelSelector() = default;

    // The string syntax (`k=v,k!=v,k in (a,b),!k`, whitespace tolerant). Keys and values
    // are validated; *error carries apimachinery-style text, e.g.
    // `unable to parse requirement: values[0][app]: Invalid value: "-x": a valid label must ...`.
    static std::optional<LabelSelector> parse(QStringView text, QString *error = nullptr);
    // A metav1.LabelSelector object ({matchLabels, matchExpressions:[{key,operator,values}]},
    // operators In/NotIn/Exists/DoesNotExist). An empty object matches everything; the caller
    // decides what a missing selector means (apimachinery: nothing).
    static std::optional<LabelSelector> fromJson(const QJsonObject &selector, QString *error = nullptr);
    // Equality on each entry of a plain map (a Service's spec.selector), not validated.
    static LabelSelector fromMap(const QJsonObject &matchLabels);
    // A selector that matches no object (labels.Nothing()).
    static LabelSelector nothing();

    bool matches(const QJsonObject &labels) const;
    // Canonical string: requirements sorted by key, joined by ",". "" for the empty selector.
    QString toString() const;
    // Back to a metav1.LabelSelector object (= / == -> matchLabels, rest -> matchExpressions;
    // != and >/< have no JSON form and become NotIn / are dropped).
    QJsonObject toJson() const;

    bool isEmpty() const { return m_requirements.isEmpty() && !m_nothing; }
    bool matchesEverything() const { return isEmpty(); }
    bool matchesNothing() const { return m_nothing; }
    const QList<LabelRequirement> &requirements() const { return m_requirements; }
    // Adds one requirement (validated); false and *error when invalid.
    bool add(const LabelRequirement &requirement, QString *error = nullptr);

    // Validation as apimachinery's IsQualifiedName / IsValidLabelValue; empty list = valid.
    static QStringList validateLabelKey(QStringView key);
    static QStringList validateLabelValue(QStringView value);
    // Any text (a branch name, a user name) as a valid label VALUE: characters outside
    // [A-Za-z0-9-_.] become '-', cut to 63, then non-alphanumerics stripped from both ends.
    // Case is kept. May return "" (a valid, empty value).
    static QString sanitizeLabelValue(QStringView text);

    friend bool operator==(const LabelSelector &, const LabelSelector &) = default;

private:
    QList<LabelRequirement> m_requirements;
    bool m_nothing = false;
};

} // namespace pd::kube
