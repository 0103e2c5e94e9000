#pragma once

#include <QString>
#include <QStringList>

#include <shared_mutex>
#include <string>
#include <string_view>

namespace pd::log {

// Replaces secrets in text with "***": the well-known shapes (bearer and basic
// Authorization headers, token/password fields in JSON, YAML and query strings,
// PEM private keys also base64-encoded, kubeconfig client-key/certificate data,
// Secret data maps, passwords in URLs) and every registered value. Thread-safe:
// values can be registered while other threads redact.
//
// Two kinds of registered value: credentials (tokens, keys, passwords a person typed)
// are masked wherever they appear; values read from a Secret's data may be ordinary
// words (a database user named like the application), so they are masked only as whole
// tokens that look like secrets (long enough, not a plain word), never inside a name.
class SecretRedactor final
{
public:
    static constexpr qsizetype MinimumValueLength = 4;
    // A Secret data value shorter than this, or a plain word, is never masked as a token.
    static constexpr qsizetype MinimumDataTokenLength = 8;

    SecretRedactor() = default;
    SecretRedactor(const SecretRedactor &) = delete;
    SecretRedactor &operator=(const SecretRedactor &) = delete;

    // Registers a value and its encoded forms (base64, JSON-escaped, percent-encoded,
    // and each line of a multi-line value). Shorter than MinimumValueLength: ignored.
    void registerValue(const QString &value);
    // Registers a value read from a Secret's data (and its encoded forms): masked only as a
    // whole token, and only when looksLikeSecretToken() says so.
    void registerDataValue(const QString &value);
    // Long enough, not one repeated character, and either mixes character classes
    // (case, digits, symbols) or is long: "s3cr3t-Pass", not "shopuser" or "payments".
    static bool looksLikeSecretToken(QStringView value);
    void clearValues();
    qsizetype registeredCount() const;

    QString redact(const QString &text) const;
    // UTF-8 in and out; returns the input unchanged (byte for byte) when nothing matched.
    std::string redact(std::string_view utf8) const;

    static QString mask() { return QStringLiteral("***"); }

private:
    QString redactValues(QString text) const;
    static QStringList encodedForms(const QString &value);
    static void insertLongestFirst(QStringList &into, const QStringList &forms);

    mutable std::shared_mutex m_mutex;
    QStringList m_values; // longest first, so a value containing another is masked whole
    QStringList m_tokens; // Secret data values, masked only as whole tokens; longest first
};

} // namespace pd::log
