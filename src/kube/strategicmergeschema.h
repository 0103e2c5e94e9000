#pragma once
// Internal to the strategic merge patch: the patchStrategy / patchMergeKey tags of the
// k8s.io/api types, keyed by (type name, JSON field name).

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringView>

#include <optional>

namespace pd::kube::smp {

struct FieldMeta
{
    QString strategy;  // "" (replace lists, merge maps), "merge" or "replace"
    bool retainKeys = false;
    QString mergeKey;  // for lists of objects with strategy "merge"
    QString type;      // type of the value (or of list items); "" = no metadata below
};

// The type name describing a kind's top-level object ("Pod", "Deployment", "Object"...).
QString rootType(QStringView kind);
// Metadata of `field` inside `type`; an empty FieldMeta for unknown types and fields.
FieldMeta lookup(const QString &type, const QString &field);

// Directive names.
inline constexpr QStringView kDirective = u"$patch";
inline constexpr QStringView kRetainKeys = u"$retainKeys";
inline constexpr QStringView kDeletePrefix = u"$deleteFromPrimitiveList";
inline constexpr QStringView kOrderPrefix = u"$setElementOrder";

// Compact JSON for error messages.
QString describe(const QJsonValue &value);

// --- shared by apply (strategicmergepatch.cpp) and diff (strategicmergediff.cpp) ---

struct MergeOptions
{
    bool mergeParallelList = true;    // server-side apply of a patch: true; 3-way building: false
    bool ignoreUnmatchedNulls = true;
    QString error;                    // first error, set when a function returns nullopt
};

// What the items of one or more lists are (all must agree).
enum class ItemKind { Object, Scalar };
std::optional<ItemKind> sliceItemKind(const QList<QJsonArray> &lists, QString *error);

// apimachinery's mergeMap: patch merged into original per the schema of `type`.
std::optional<QJsonObject> mergeMap(QJsonObject original, QJsonObject patch, const QString &type,
                                    MergeOptions &options);

// Stable order of `toSort` by the position of each item in `order` (by merge key for
// objects); `$patch: delete` items go last. nullopt + *error when a merge key is missing.
std::optional<QJsonArray> normalizeSliceOrder(const QJsonArray &toSort, const QJsonArray &order,
                                              const QString &mergeKey, ItemKind kind, QString *error);

// --- list helpers (strategicmergelists.cpp) ---
QString noMergeKeyError(const QJsonValue &item, const QString &key);
// Records the first error; always false.
bool fail(MergeOptions &options, const QString &message);
// Position of item in list, matched by merge key (objects) or value; -1 when absent.
qsizetype indexIn(const QJsonArray &list, const QJsonValue &item, const QString &mergeKey, ItemKind kind);
// First object whose `key` equals value (-1 when none); nullopt + error on a non-object.
std::optional<qsizetype> findByKey(const QJsonArray &list, const QString &key, const QJsonValue &value,
                                   MergeOptions &options);
// Patch items in patchOrder, server-only items in serverOrder, interleaved by live order.
std::optional<QJsonArray> normalizeElementOrder(const QJsonArray &patch, const QJsonArray &serverOnly,
                                                const QJsonArray &patchOrder, const QJsonArray &serverOrder,
                                                const QString &mergeKey, ItemKind kind, MergeOptions &options);
// Splits merged into items present in `by` and the rest.
bool partition(const QJsonArray &merged, const QJsonArray &by, const QString &mergeKey, ItemKind kind,
               QJsonArray *present, QJsonArray *rest, MergeOptions &options);
QJsonArray deduplicateScalars(QJsonArray s);

} // namespace pd::kube::smp
