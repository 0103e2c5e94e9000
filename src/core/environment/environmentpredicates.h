#pragma once
// Questions about one environment that several places ask (the browser's filters,
// the desktop notifications), answered in one place.
#include "environment.h"

#include <QDateTime>
#include <QString>

#include <chrono>

namespace pd::core {

// Whether `owner` is the environment's owner (previewdesk.io/owner): exact, ignoring
// case and surrounding blanks. An empty `owner` owns nothing.
bool isOwnedBy(const Environment &environment, const QString &owner);

// Whether the environment expires after `now` and no later than `now + window`
// (one that never expires, or already expired, does not).
bool expiresWithin(const Environment &environment, const QDateTime &now, std::chrono::seconds window);

} // namespace pd::core
