#pragma once

#include <QJsonValue>

namespace pd::kube {

// RFC 7386 JSON Merge Patch. Objects merge recursively, null deletes a key, anything
// else (arrays included) replaces. A non-object patch replaces the target. Cannot fail.
QJsonValue applyMergePatch(const QJsonValue &target, const QJsonValue &patch);

// The merge patch that turns original into modified: changed keys, null for removed ones,
// whole arrays when they differ. `{}` when equal objects. A non-object side yields modified
// itself, even when equal (applying `{}` to a non-object would give `{}`).
QJsonValue createMergePatch(const QJsonValue &original, const QJsonValue &modified);

// Three-way JSON merge patch as kubectl apply uses for custom resources
// (jsonmergepatch.CreateThreeWayJSONMergePatch): deletions = keys in original (last
// applied) missing from modified; additions/changes = modified vs current.
QJsonValue createThreeWayMergePatch(const QJsonValue &original, const QJsonValue &modified,
                                    const QJsonValue &current);

} // namespace pd::kube
