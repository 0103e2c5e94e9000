#pragma once

#include <spdlog/logger.h>

#include <QString>

#include <memory>
#include <string>

namespace pd::log {

// The named loggers, one per area. Every logger writes through the redacting sink.
std::shared_ptr<spdlog::logger> kube();       // API client, kubeconfig, credentials
std::shared_ptr<spdlog::logger> sandbox();    // the embedded API server
std::shared_ptr<spdlog::logger> core();       // environments, clone, guardrails, cost
std::shared_ptr<spdlog::logger> gui();
std::shared_ptr<spdlog::logger> cli();

// Configures all loggers once: level from PREVIEWDESK_LOG (trace..off, default info),
// output to stderr and optionally a file. Safe to call more than once.
void setup(const QString &logFile = {});

// Values read from a Secret or entered as credentials: the sink replaces each
// occurrence with "***" from now on, wherever it appears in a message.
void registerSecretValue(const QString &value);

// For spdlog's fmt: log QStrings as UTF-8.
inline std::string str(const QString &s) { return s.toStdString(); }

} // namespace pd::log
