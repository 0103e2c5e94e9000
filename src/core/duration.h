#pragma once

#include <QString>

#include <chrono>
#include <optional>

namespace pd::core {

// Durations as people and kube-janitor write them: "72h", "3d", "90m", "1h30m",
// "45s", "2w". Returns nullopt and a specific *error for anything else.
std::optional<std::chrono::seconds> parseDuration(const QString &text, QString *error = nullptr);

// The short form back: 259200 s -> "3d", 5400 s -> "1h30m".
QString formatDuration(std::chrono::seconds duration);

} // namespace pd::core
