// Ordering and matching of list items for the strategic merge patch: ports of
// apimachinery's index, findMapInSliceBasedOnKeyValue, mergeSortedSlice,
// normalizeElementOrder, partition*ByPresentInList, deduplicateScalars.
#include "jsonpatch.h"
#include "strategicmergeschema.h"

namespace pd::kube::smp {

QString noMergeKeyError(const QJsonValue &item, const QString &key)
{
    return QStringLiteral("map: %1 does not contain declared merge key: %2").arg(describe(item), key);
}

bool fail(MergeOptions &options, const QString &message)
{
    if (options.error.isEmpty())
        options.error = message;
    return false;
}

// Identity of an item for ordering: its merge key value, or the item itself (Go's index()).
static QJsonValue identity(const QJsonValue &item, const QString &mergeKey, ItemKind kind)
{
    return kind == ItemKind::Object ? item.toObject().value(mergeKey) : item;
}

qsizetype indexIn(const QJsonArray &list, const QJsonValue &item, const QString &mergeKey, ItemKind kind)
{
    const QJsonValue wanted = identity(item, mergeKey, kind);
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (jsonEquals(identity(list.at(i), mergeKey, kind), wanted))
            return i;
    }
    return -1;
}

// findMapInSliceBasedOnKeyValue: index of the first object whose key equals value.
std::optional<qsizetype> findByKey(const QJsonArray &list, const QString &key, const QJsonValue &value,
                                   MergeOptions &options)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list.at(i).isObject()) {
            fail(options, QStringLiteral("value for key %1 is not a map.").arg(i));
            return std::nullopt;
        }
        const QJsonObject object = list.at(i).toObject();
        if (object.contains(key) && jsonEquals(object.value(key), value))
            return i;
    }
    return -1;
}

// mergeSortedSlice: insert server-only items (left) among patch items (right) by live order.
static QJsonArray mergeSortedSlice(const QJsonArray &left, const QJsonArray &right, const QJsonArray &serverOrder,
                                   const QString &mergeKey, ItemKind kind)
{
    QJsonArray out;
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < left.size() || j < right.size()) {
        if (i >= left.size()) {
            out.append(right.at(j++));
        } else if (j >= right.size()) {
            out.append(left.at(i++));
        } else {
            const qsizetype li = indexIn(serverOrder, left.at(i), mergeKey, kind);
            const qsizetype ri = indexIn(serverOrder, right.at(j), mergeKey, kind);
            if (li >= 0 && ri >= 0 && li < ri)
                out.append(left.at(i++));
            else
                out.append(right.at(j++));
        }
    }
    return out;
}

std::optional<QJsonArray> normalizeElementOrder(const QJsonArray &patch, const QJsonArray &serverOnly,
                                                const QJsonArray &patchOrder, const QJsonArray &serverOrder,
                                                const QString &mergeKey, ItemKind kind, MergeOptions &options)
{
    const auto sortedPatch = normalizeSliceOrder(patch, patchOrder, mergeKey, kind, &options.error);
    if (!sortedPatch)
        return std::nullopt;
    const auto sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind, &options.error);
    if (!sortedServer)
        return std::nullopt;
    return mergeSortedSlice(*sortedServer, *sortedPatch, serverOrder, mergeKey, kind);
}

// partition*ByPresentInList: items of `merged` present in `by`, and the rest.
bool partition(const QJsonArray &merged, const QJsonArray &by, const QString &mergeKey, ItemKind kind,
               QJsonArray *present, QJsonArray *rest, MergeOptions &options)
{
    for (const QJsonValue &item : merged) {
        bool found = false;
        if (kind == ItemKind::Object && !mergeKey.isEmpty()) {
            if (!item.isObject() || !item.toObject().contains(mergeKey))
                return fail(options, noMergeKeyError(item, mergeKey));
            const auto index = findByKey(by, mergeKey, item.toObject().value(mergeKey), options);
            if (!index)
                return false;
            found = *index >= 0;
        } else {
            found = indexIn(by, item, {}, ItemKind::Scalar) >= 0;
        }
        (found ? present : rest)->append(item);
    }
    return true;
}

// deduplicateScalars, including its order-changing swap (the order is fixed later).
QJsonArray deduplicateScalars(QJsonArray s)
{
    qsizetype length = s.size() - 1;
    for (qsizetype i = 0; i < length; ++i) {
        for (qsizetype j = i + 1; j <= length; ++j) {
            if (jsonEquals(s.at(i), s.at(j))) {
                s.replace(j, s.at(length));
                s.removeAt(length);
                --length;
                --j;
            }
        }
    }
    return s;
}

std::optional<ItemKind> sliceItemKind(const QList<QJsonArray> &lists, QString *error)
{
    std::optional<QJsonValue::Type> seen;
    for (const QJsonArray &list : lists) {
        for (const QJsonValue &v : list) {
            if (v.isArray()) {
                *error = QStringLiteral("lists of lists are not supported");
                return std::nullopt;
            }
            if (seen && *seen != v.type()) {
                *error = QStringLiteral("list element types are not identical");
                return std::nullopt;
            }
            seen = v.type();
        }
    }
    if (!seen) {
        *error = QStringLiteral("no elements in any of the given slices");
        return std::nullopt;
    }
    return *seen == QJsonValue::Object ? ItemKind::Object : ItemKind::Scalar;
}

std::optional<QJsonArray> normalizeSliceOrder(const QJsonArray &toSort, const QJsonArray &order,
                                              const QString &mergeKey, ItemKind kind, QString *error)
{
    QList<QJsonValue> items;
    QJsonArray deletions;
    if (kind == ItemKind::Object) {
        for (const QJsonArray &list : {toSort, order}) {
            for (const QJsonValue &v : list) {
                if (!v.isObject() || !v.toObject().contains(mergeKey)) {
                    *error = noMergeKeyError(v, mergeKey);
                    return std::nullopt;
                }
            }
        }
    }
    for (const QJsonValue &v : toSort) {
        if (kind == ItemKind::Object && v.toObject().value(kDirective) == QJsonValue(QStringLiteral("delete")))
            deletions.append(v);
        else
            items.append(v);
    }
    // Go's sort.SliceStable (insertion sort) with its less(): unknown items compare "less".
    auto less = [&](const QJsonValue &a, const QJsonValue &b) {
        const qsizetype ia = indexIn(order, a, mergeKey, kind);
        const qsizetype ib = indexIn(order, b, mergeKey, kind);
        return ia >= 0 && ib >= 0 ? ia < ib : true;
    };
    for (qsizetype i = 1; i < items.size(); ++i) {
        for (qsizetype j = i; j > 0 && less(items.at(j), items.at(j - 1)); --j)
            items.swapItemsAt(j, j - 1);
    }
    QJsonArray out;
    for (const QJsonValue &v : std::as_const(items))
        out.append(v);
    for (const QJsonValue &v : std::as_const(deletions))
        out.append(v);
    return out;
}

} // namespace pd::kube::smp
