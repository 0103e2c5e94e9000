#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace pd::kube {

// Kubernetes applies JSON patches with evanphx/json-patch v4, which is laxer than the RFC:
// `replace` and `copy` treat a missing object member as null (replace then adds it),
// a missing "value" means null, `test` sees a missing member as null, array indexes
// may have leading zeros or be negative (counted from the end). Error texts follow it,
// e.g. `error in remove for path: '/x': Unable to remove nonexistent key: x: missing value`.
enum class JsonPatchMode { Kubernetes, Rfc6902 };

// RFC 6902 JSON Patch: add, remove, replace, move, copy, test. Operations apply in
// order to a copy; the first failure aborts with nullopt and *error set
// (`testing value /a failed: test failed`, `Unexpected kind: merge`, ...).
std::optional<QJsonValue> applyJsonPatch(const QJsonValue &document, const QJsonArray &patch,
                                         QString *error = nullptr,
                                         JsonPatchMode mode = JsonPatchMode::Kubernetes);
// The patch as raw request body (must be a JSON array).
std::optional<QJsonValue> applyJsonPatch(const QJsonValue &document, const QByteArray &patch,
                                         QString *error = nullptr,
                                         JsonPatchMode mode = JsonPatchMode::Kubernetes);

// RFC 6901 JSON Pointer: "" = whole document, "/a/0/b~1c" -> ["a","0","b/c"].
std::optional<QStringList> parseJsonPointer(QStringView pointer, QString *error = nullptr);
QString jsonPointer(const QStringList &tokens); // escapes ~ and /
// The value at pointer, nullopt when absent.
std::optional<QJsonValue> resolveJsonPointer(const QJsonValue &document, QStringView pointer);

// Deep equality with numbers compared by value (1 == 1.0), as RFC 6902 "test" wants.
bool jsonEquals(const QJsonValue &a, const QJsonValue &b);

} // namespace pd::kube
