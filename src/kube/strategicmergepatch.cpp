#include "strategicmergepatch.h"

#include "jsonpatch.h"
#include "strategicmergeschema.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

// A port of apimachinery's strategicpatch apply path (mergeMap and friends); the
// comments name the Go functions so behaviour can be compared line by line.

namespace pd::kube {

using namespace smp;

namespace {
std::optional<QJsonArray> mergeSlice(QJsonArray original, QJsonArray patch, const FieldMeta &meta,
                                     bool isDeleteList, MergeOptions &options)
{
    if (original.isEmpty() && patch.isEmpty())
        return original;
    const std::optional<ItemKind> kind = sliceItemKind({original, patch}, &options.error);
    if (!kind)
        return std::nullopt;
    const QString &mergeKey = meta.mergeKey;
    QJsonArray merged;
    if (*kind == ItemKind::Scalar) {
        if (options.mergeParallelList && isDeleteList) {
            QJsonArray kept; // deleteFromSlice
            for (const QJsonValue &v : std::as_const(original)) {
                if (indexIn(patch, v, {}, ItemKind::Scalar) < 0)
                    kept.append(v);
            }
            return kept;
        }
        QJsonArray both = original;
        for (const QJsonValue &v : std::as_const(patch))
            both.append(v);
        merged = deduplicateScalars(both);
    } else {
        if (mergeKey.isEmpty()) {
            fail(options, QStringLiteral("cannot merge lists without merge key for type map"));
            return std::nullopt;
        }
        // mergeSliceWithSpecialElements
        QJsonArray plain;
        bool replace = false;
        for (const QJsonValue &v : std::as_const(patch)) {
            const QJsonObject item = v.toObject();
            if (!item.contains(kDirective)) {
                plain.append(v);
                continue;
            }
            const QJsonValue directive = item.value(kDirective);
            if (directive == QJsonValue(QStringLiteral("delete"))) {
                if (!item.contains(mergeKey)) {
                    fail(options, noMergeKeyError(v, mergeKey));
                    return std::nullopt;
                }
                while (true) {
                    const auto index = findByKey(original, mergeKey, item.value(mergeKey), options);
                    if (!index)
                        return std::nullopt;
                    if (*index < 0)
                        break;
                    original.removeAt(*index);
                }
            } else if (directive == QJsonValue(QStringLiteral("replace"))) {
                replace = true;
            } else if (directive == QJsonValue(QStringLiteral("merge"))) {
                fail(options, QStringLiteral("merging lists cannot yet be specified in the patch"));
                return std::nullopt;
            } else {
                fail(options, QStringLiteral("unknown patch type: %1 in map: %2").arg(directive.toVariant().toString(), describe(v)));
                return std::nullopt;
            }
        }
        if (replace) {
            original = plain;
            patch = QJsonArray();
        } else {
            patch = plain;
        }
        // mergeSliceWithoutSpecialElements; `original` stays the live order for sorting below
        merged = original;
        for (const QJsonValue &v : std::as_const(patch)) {
            const QJsonObject item = v.toObject();
            if (!item.contains(mergeKey)) {
                fail(options, noMergeKeyError(v, mergeKey));
                return std::nullopt;
            }
            const auto index = findByKey(merged, mergeKey, item.value(mergeKey), options);
            if (!index)
                return std::nullopt;
            if (*index >= 0) {
                const auto mergedItem = mergeMap(merged.at(*index).toObject(), item, meta.type, options);
                if (!mergedItem)
                    return std::nullopt;
                merged.replace(*index, *mergedItem);
            } else {
                merged.append(v);
            }
        }
    }
    QJsonArray patchItems;
    QJsonArray serverOnly;
    if (!partition(merged, patch, mergeKey, *kind, &patchItems, &serverOnly, options))
        return std::nullopt;
    return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, *kind, options);
}

// discardNullValuesFromPatch: drops null members at any depth.
QJsonValue discardNulls(const QJsonValue &v)
{
    if (v.isObject()) {
        QJsonObject out;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!it.value().isNull())
                out.insert(it.key(), discardNulls(it.value()));
        }
        return out;
    }
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : v.toArray())
            out.append(discardNulls(item));
        return out;
    }
    return v;
}

// removeDirectives: objects carrying `$patch` vanish (nullopt), at any depth.
std::optional<QJsonValue> removeDirectives(const QJsonValue &v)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        if (o.contains(kDirective))
            return std::nullopt;
        QJsonObject out;
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (const auto kept = removeDirectives(it.value()))
                out.insert(it.key(), *kept);
        }
        return out;
    }
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : v.toArray()) {
            if (const auto kept = removeDirectives(item))
                out.append(*kept);
        }
        return out;
    }
    return v;
}

// How mergeMap stores a patch value it does not merge (newer apimachinery).
void takePatchValue(QJsonObject &original, const QString &key, const QJsonValue &patchValue,
                    const MergeOptions &options)
{
    const QJsonValue cleaned = options.ignoreUnmatchedNulls ? discardNulls(patchValue) : patchValue;
    if (const auto kept = removeDirectives(cleaned))
        original.insert(key, *kept);
    else
        original.remove(key);
}

// applyRetainKeysDirective
bool applyRetainKeys(QJsonObject &original, QJsonObject &patch, MergeOptions &options)
{
    if (!patch.contains(kRetainKeys))
        return true;
    const QJsonValue retain = patch.take(kRetainKeys);
    if (!options.mergeParallelList) {
        if (original.contains(kRetainKeys)) {
            if (!jsonEquals(original.value(kRetainKeys), retain))
                return fail(options, QStringLiteral("%1 and %2 are not deep equal: this may happen when calculating the 3-way diff patch")
                                         .arg(describe(original.value(kRetainKeys)), describe(retain)));
        } else {
            original.insert(kRetainKeys, retain);
        }
        return true;
    }
    if (!retain.isArray())
        return fail(options, QStringLiteral("invalid patch format of retainKeys"));
    QSet<QString> keep;
    for (const QJsonValue &v : retain.toArray())
        keep.insert(v.toString());
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.value().isNull() || it.key().startsWith(kDeletePrefix) || it.key().startsWith(kOrderPrefix))
            continue;
        if (!keep.contains(it.key()))
            return fail(options, QStringLiteral("invalid patch format of retainKeys"));
    }
    for (const QString &key : original.keys()) {
        if (!keep.contains(key))
            original.remove(key);
    }
    return true;
}

// extractKey: "$prefix/field" -> "field".
std::optional<QString> extractKey(const QString &key, QStringView prefix, MergeOptions &options)
{
    const qsizetype slash = key.indexOf(u'/');
    if (slash < 0 || QStringView(key).left(slash) != prefix) {
        fail(options, prefix == kDeletePrefix ? QStringLiteral("invalid patch format of primitive list")
                                              : QStringLiteral("invalid patch format of setElementOrder list"));
        return std::nullopt;
    }
    return key.mid(slash + 1);
}

// validatePatchWithSetOrderList: patch items must appear in the order list, in order.
bool validateWithOrder(const QJsonArray &patchList, const QJsonArray &order, const QString &mergeKey,
                       MergeOptions &options)
{
    if (order.isEmpty() || patchList.isEmpty())
        return true;
    QJsonArray nonDelete;
    for (const QJsonValue &v : patchList) {
        if (!mergeKey.isEmpty() && !v.isObject())
            return fail(options, QStringLiteral("invalid patch format of setElementOrder list"));
        if (mergeKey.isEmpty() || v.toObject().value(kDirective) != QJsonValue(QStringLiteral("delete")))
            nonDelete.append(v);
    }
    qsizetype p = 0;
    qsizetype o = 0;
    while (p < nonDelete.size() && o < order.size()) {
        if (nonDelete.at(p).isObject() && nonDelete.at(p).toObject().contains(kDirective)) {
            ++p;
            continue;
        }
        bool equal = false;
        if (mergeKey.isEmpty()) {
            equal = jsonEquals(nonDelete.at(p), order.at(o));
        } else {
            const QJsonObject left = nonDelete.at(p).toObject();
            const QJsonObject right = order.at(o).toObject();
            if (!left.contains(mergeKey))
                return fail(options, noMergeKeyError(left, mergeKey));
            if (!right.contains(mergeKey))
                return fail(options, noMergeKeyError(right, mergeKey));
            equal = jsonEquals(left.value(mergeKey), right.value(mergeKey));
        }
        if (equal)
            ++p;
        ++o;
    }
    if (p < nonDelete.size() && o >= order.size())
        return fail(options, QStringLiteral("the order in patch list:\n%1\n doesn't match $setElementOrder list:\n%2")
                                 .arg(describe(patchList), describe(order)));
    return true;
}

// mergePatchIntoOriginal: the $setElementOrder lists and the lists they order.
bool mergeOrderedLists(QJsonObject &original, QJsonObject &patch, const QString &type, MergeOptions &options)
{
    for (const QString &key : patch.keys()) {
        if (!key.startsWith(kOrderPrefix))
            continue;
        const QJsonValue order = patch.take(key);
        if (!options.mergeParallelList) {
            if (original.contains(key)) {
                if (!jsonEquals(original.value(key), order))
                    return fail(options, QStringLiteral("invalid patch format of setElementOrder list"));
            } else {
                original.insert(key, order);
            }
        }
        if (!order.isArray())
            return fail(options, QStringLiteral("invalid patch format of setElementOrder list"));
        const auto field = extractKey(key, kOrderPrefix, options);
        if (!field)
            return false;
        const bool foundOriginal = original.contains(*field);
        const bool foundPatch = patch.contains(*field);
        if ((foundOriginal && !original.value(*field).isArray()) || (foundPatch && !patch.value(*field).isArray()))
            return fail(options, QStringLiteral("expected a []interface {}, but received a %1")
                                     .arg(describe(foundPatch ? patch.value(*field) : original.value(*field))));
        const QJsonArray originalList = original.value(*field).toArray();
        const QJsonArray patchList = patch.value(*field).toArray();
        const FieldMeta meta = lookup(type, *field);
        if (!validateWithOrder(patchList, order.toArray(), meta.mergeKey, options))
            return false;
        QJsonArray merged;
        if (foundOriginal && !foundPatch) {
            merged = originalList;
        } else if (!foundOriginal && foundPatch) {
            merged = removeDirectives(patchList)->toArray();
        } else if (foundOriginal && foundPatch) {
            if (meta.strategy == u"merge") {
                const auto result = mergeSlice(originalList, patchList, meta, false, options);
                if (!result)
                    return false;
                merged = *result;
            } else {
                merged = patchList;
            }
        } else {
            continue;
        }
        const std::optional<ItemKind> kind = sliceItemKind({originalList, patchList}, &options.error);
        if (!kind)
            return false;
        const QString mergeKey = *kind == ItemKind::Object ? meta.mergeKey : QString();
        QJsonArray patchItems;
        QJsonArray serverOnly;
        if (!partition(merged, order.toArray(), mergeKey, *kind, &patchItems, &serverOnly, options))
            return false;
        const auto both = normalizeElementOrder(patchItems, serverOnly, order.toArray(), originalList, mergeKey,
                                                *kind, options);
        if (!both)
            return false;
        original.insert(*field, *both);
        patch.remove(*field);
    }
    return true;
}

} // namespace

namespace smp {

std::optional<QJsonObject> mergeMap(QJsonObject original, QJsonObject patch, const QString &type,
                                    MergeOptions &options)
{
    if (patch.contains(kDirective)) { // handleDirectiveInMergeMap
        const QJsonValue directive = patch.value(kDirective);
        if (directive == QJsonValue(QStringLiteral("replace"))) {
            patch.remove(kDirective);
            return patch;
        }
        if (directive == QJsonValue(QStringLiteral("delete")))
            return QJsonObject();
        fail(options, QStringLiteral("unknown patch type: %1 in map: %2")
                          .arg(directive.toVariant().toString(), describe(patch)));
        return std::nullopt;
    }
    if (!applyRetainKeys(original, patch, options))
        return std::nullopt;
    if (!mergeOrderedLists(original, patch, type, options))
        return std::nullopt;

    for (auto it = patch.begin(); it != patch.end(); ++it) {
        QString key = it.key();
        const QJsonValue patchValue = it.value();
        bool isDeleteList = false;
        if (key.startsWith(kDeletePrefix)) { // preprocessDeletionListForMerging
            if (!options.mergeParallelList) {
                original.insert(key, patchValue);
                continue;
            }
            const auto field = extractKey(key, kDeletePrefix, options);
            if (!field)
                return std::nullopt;
            key = *field;
            isDeleteList = true;
        }
        if (patchValue.isNull()) {
            original.remove(key);
            if (options.ignoreUnmatchedNulls)
                continue;
        }
        const QJsonValue current = original.value(key);
        if (!original.contains(key) || current.type() != patchValue.type()) {
            if (!isDeleteList)
                takePatchValue(original, key, patchValue, options);
            continue;
        }
        const FieldMeta meta = lookup(type, key);
        if (current.isObject()) {
            if (meta.strategy == u"replace") {
                original.insert(key, patchValue);
                continue;
            }
            const auto merged = mergeMap(current.toObject(), patchValue.toObject(), meta.type, options);
            if (!merged)
                return std::nullopt;
            original.insert(key, *merged);
        } else if (current.isArray()) {
            if (meta.strategy != u"merge") {
                original.insert(key, patchValue);
                continue;
            }
            const auto merged = mergeSlice(current.toArray(), patchValue.toArray(), meta, isDeleteList, options);
            if (!merged)
                return std::nullopt;
            original.insert(key, *merged);
        } else {
            takePatchValue(original, key, patchValue, options);
        }
    }
    return original;
}

} // namespace smp

QJsonValue applyStrategicMergePatch(const QJsonValue &original, const QJsonValue &patch, const QString &kind,
                                    QString *error)
{
    if ((!original.isObject() && !original.isNull() && !original.isUndefined()) || !patch.isObject()) {
        if (error)
            *error = QStringLiteral("invalid JSON document");
        return QJsonValue(QJsonValue::Undefined);
    }
    MergeOptions options;
    const auto merged = mergeMap(original.toObject(), patch.toObject(), rootType(kind), options);
    if (!merged) {
        if (error)
            *error = options.error;
        return QJsonValue(QJsonValue::Undefined);
    }
    return *merged;
}

bool isStrategicMergePatchSupported(QStringView apiVersion, QStringView kind)
{
    Q_UNUSED(kind);
    const qsizetype slash = apiVersion.indexOf(u'/');
    const QString group = slash < 0 ? QString() : apiVersion.left(slash).toString();
    static const QSet<QString> builtIn = {
        QString(), QStringLiteral("apps"), QStringLiteral("batch"), QStringLiteral("autoscaling"),
        QStringLiteral("policy"), QStringLiteral("networking.k8s.io"), QStringLiteral("rbac.authorization.k8s.io"),
        QStringLiteral("storage.k8s.io"), QStringLiteral("scheduling.k8s.io"), QStringLiteral("coordination.k8s.io"),
        QStringLiteral("discovery.k8s.io"), QStringLiteral("events.k8s.io"), QStringLiteral("node.k8s.io"),
        QStringLiteral("certificates.k8s.io"), QStringLiteral("admissionregistration.k8s.io"),
        QStringLiteral("apiextensions.k8s.io"), QStringLiteral("apiregistration.k8s.io"),
        QStringLiteral("flowcontrol.apiserver.k8s.io"), QStringLiteral("resource.k8s.io"),
        QStringLiteral("internal.apiserver.k8s.io"), QStringLiteral("storagemigration.k8s.io"),
    };
    return builtIn.contains(group);
}

} // namespace pd::kube
