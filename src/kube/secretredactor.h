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
class SecretRedactor final
{
public:
    static constexpr qsizetype MinimumValueLength = 4;

    SecretRedactor() = default;
    SecretRedactor(const SecretRedactor &) = delete;
    SecretRedactor &operator=(const SecretRedactor &) = delete;

    // Registers a value and its encoded forms (base64, JSON-escaped, percent-encoded,
    // and each line of a multi-line value). Shorter than MinimumValueLength: ignored.
    void registerValue(const QString &value);
    void clearValues();
    qsizetype registeredCount() const;

    QString redact(const QString &text) const;
    // UTF-8 in and out; returns the input unchanged (byte for byte) when nothing matched.
    std::string redact(std::string_view utf8) const;

    static QString mask() { return QStringLiteral("***"); }

private:
    QString redactValues(QString text) const;

    mutable std::shared_mutex m_mutex;
    QStringList m_values; // longest first, so a value containing another is masked whole
};

} // namespace pd::log
