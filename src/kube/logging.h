#pragma once

#include <spdlog/fmt/fmt.h>
#include <spdlog/logger.h>

#include <QByteArray>
#include <QString>

#include <memory>
#include <string>

namespace pd::log {

// The named loggers, one per area. Every logger writes through the redacting sink,
// and so does spdlog's default logger (spdlog::info(...)), which follows the default level.
std::shared_ptr<spdlog::logger> kube();       // API client, kubeconfig, credentials
std::shared_ptr<spdlog::logger> sandbox();    // the embedded API server
std::shared_ptr<spdlog::logger> core();       // environments, clone, guardrails, cost
std::shared_ptr<spdlog::logger> gui();
std::shared_ptr<spdlog::logger> cli();

// Configures all loggers once: level from PREVIEWDESK_LOG (trace..off, default info),
// output to stderr and optionally a file. Safe to call more than once.
// The loggers above work before setup() too (stderr, level from PREVIEWDESK_LOG).
// A non-empty logFile adds a rotating file sink (replacing an earlier one).
void setup(const QString &logFile = {});

// Applies a level spec such as "debug" or "info,kube=trace,sandbox=off" (the syntax of
// PREVIEWDESK_LOG). Returns false (and changes nothing) when the spec does not parse.
bool setLevels(const QString &spec);

// Credentials (tokens, keys, passwords entered or fetched for authentication): the sink
// replaces each occurrence with "***" from now on, wherever it appears in a message (also
// in base64, JSON-escaped and percent-encoded form, and line by line for multi-line values).
// Values shorter than 4 characters are ignored (they would mask ordinary words).
void registerSecretValue(const QString &value);
inline void registerSecretValue(const QByteArray &value) { registerSecretValue(QString::fromUtf8(value)); }
// Values read from a Secret's data, which may be ordinary words (a database user named
// like the application): masked only as whole tokens that look like secrets, so a
// namespace that shares the word stays readable (SecretRedactor::registerDataValue).
void registerSecretDataValue(const QString &value);

// The same redaction the sink applies, for text that leaves the process another way
// (error dialogs, exported reports).
QString redacted(const QString &text);

// Extra outputs (a log view in the GUI, a test's capture); they receive redacted
// messages only. Formatting is the sink's own.
void addSink(const spdlog::sink_ptr &sink);
void removeSink(const spdlog::sink_ptr &sink);

// Sends qDebug/qInfo/qWarning/qCritical/qFatal (Qt's own messages included) through
// `target`, so they are redacted and leveled like everything else. For main() of an
// application. nullptr puts back the handler that was installed before.
void routeQtMessages(const std::shared_ptr<spdlog::logger> &target);

// For spdlog's fmt: log QStrings as UTF-8.
inline std::string str(const QString &s) { return s.toStdString(); }

} // namespace pd::log

// QStrings can be passed to the loggers directly: pd::log::kube()->info("context {}", name).
template <>
struct fmt::formatter<QString> : fmt::formatter<fmt::string_view>
{
    template <typename FormatContext>
    auto format(const QString &s, FormatContext &ctx) const
    {
        const QByteArray utf8 = s.toUtf8();
        return fmt::formatter<fmt::string_view>::format(fmt::string_view(utf8.constData(), size_t(utf8.size())), ctx);
    }
};
