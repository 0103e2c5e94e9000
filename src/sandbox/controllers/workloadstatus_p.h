#pragma once

// Status arithmetic the workload controller's files share (not installed API).

#include <QJsonObject>
#include <QString>

namespace pd::sandbox::controllers::workloadstatus {

// Kubernetes omits zero counters (omitempty).
void putCount(QJsonObject &status, const QString &key, int value);
// `next` keeping lastTransitionTime (and lastUpdateTime) of an unchanged condition of
// the same type in `previousStatus`.
QJsonObject mergeCondition(const QJsonObject &previousStatus, QJsonObject next);
// The condition of this type in a status, or {}.
QJsonObject conditionOf(const QJsonObject &status, const QString &type);

inline constexpr int kDefaultProgressDeadlineSeconds = 600;
inline constexpr int kNoProgressDeadline = 2147483647;   // math.MaxInt32: never times out

} // namespace pd::sandbox::controllers::workloadstatus
