// Building strategic merge patches: a port of apimachinery's diffMaps / diffLists and
// CreateThreeWayMergePatch (what `kubectl apply` sends for built-in kinds).
#include "strategicmergepatch.h"

#include "jsonpatch.h"
#include "strategicmergeschema.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>

namespace pd::kube {

using namespace smp;

namespace {

struct DiffOptions
{
    bool setElementOrder = true;
    bool ignoreChangesAndAdditions = false;
    bool ignoreDeletions = false;
    bool buildRetainKeys = false;
};

// fmt's %v for JSON scalars, which the Go code sorts and compares by.
QString goString(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == double(qint64(d)))
            return QString::number(qint64(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::Null:
        return QStringLiteral("<nil>");
    default:
        return describe(v);
    }
}

QJsonArray sortedByString(const QJsonArray &list, const QString &mergeKey)
{
    QList<QJsonValue> items(list.begin(), list.end());
    std::stable_sort(items.begin(), items.end(), [&mergeKey](const QJsonValue &a, const QJsonValue &b) {
        return mergeKey.isEmpty() ? goString(a) < goString(b)
                                  : goString(a.toObject().value(mergeKey)) < goString(b.toObject().value(mergeKey));
    });
    QJsonArray out;
    for (const QJsonValue &v : std::as_const(items))
        out.append(v);
    return out;
}

std::optional<QJsonObject> diffMaps(const QJsonObject &original, const QJsonObject &modified, const QString &type,
                                    const DiffOptions &options, QString *error);

// diffListsOfMaps: changed/added items and `$patch: delete` items for removed ones.
bool diffListsOfMaps(const QJsonArray &original, const QJsonArray &modified, const FieldMeta &meta,
                     const DiffOptions &options, QJsonArray *patch, QJsonArray *deletions, QString *error)
{
    const QString &key = meta.mergeKey;
    for (const QJsonArray &list : {original, modified}) {
        for (const QJsonValue &v : list) {
            if (!v.toObject().contains(key)) {
                *error = QStringLiteral("map: %1 does not contain declared merge key: %2").arg(describe(v), key);
                return false;
            }
        }
    }
    const QJsonArray o = sortedByString(original, key);
    const QJsonArray m = sortedByString(modified, key);
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < o.size() || j < m.size()) {
        const QString os = i < o.size() ? goString(o.at(i).toObject().value(key)) : QString();
        const QString ms = j < m.size() ? goString(m.at(j).toObject().value(key)) : QString();
        if (i < o.size() && j < m.size() && os == ms) {
            const auto nested = diffMaps(o.at(i).toObject(), m.at(j).toObject(), meta.type, options, error);
            if (!nested)
                return false;
            if (!nested->isEmpty()) {
                QJsonObject item = *nested;
                item.insert(key, m.at(j).toObject().value(key));
                patch->append(item);
            }
            ++i;
            ++j;
        } else if (i >= o.size() || (j < m.size() && os > ms)) {
            if (!options.ignoreChangesAndAdditions)
                patch->append(m.at(j));
            ++j;
        } else {
            if (!options.ignoreDeletions)
                deletions->append(QJsonObject{{key, o.at(i).toObject().value(key)}, {kDirective.toString(), QStringLiteral("delete")}});
            ++i;
        }
    }
    return true;
}

void diffListsOfScalars(const QJsonArray &original, const QJsonArray &modified, const DiffOptions &options,
                        QJsonArray *additions, QJsonArray *deletions)
{
    const QJsonArray o = sortedByString(original, {});
    const QJsonArray m = sortedByString(modified, {});
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < o.size() || j < m.size()) {
        const QString os = i < o.size() ? goString(o.at(i)) : QString();
        const QString ms = j < m.size() ? goString(m.at(j)) : QString();
        if (i < o.size() && j < m.size() && os == ms) {
            ++i;
            ++j;
        } else if (i >= o.size() || (j < m.size() && os > ms)) {
            if (!options.ignoreChangesAndAdditions)
                additions->append(m.at(j));
            ++j;
        } else {
            if (!options.ignoreDeletions && !std::any_of(deletions->begin(), deletions->end(),
                                                         [&](const QJsonValue &d) { return jsonEquals(d, o.at(i)); }))
                deletions->append(o.at(i));
            ++i;
        }
    }
}

// handleSliceDiff for merge lists: writes key, $deleteFromPrimitiveList/key, $setElementOrder/key.
bool diffMergeList(const QString &field, const QJsonArray &original, const QJsonArray &modified, const FieldMeta &meta,
                   DiffOptions options, QJsonObject *patch, QString *error)
{
    options.buildRetainKeys = meta.retainKeys;
    if (original.isEmpty()) {
        if (!modified.isEmpty() && !options.ignoreChangesAndAdditions)
            patch->insert(field, modified);
        return true;
    }
    const std::optional<ItemKind> kind = sliceItemKind({original, modified}, error);
    if (!kind)
        return false;
    QJsonArray patchList;
    QJsonArray deleteList;
    QJsonArray orderList;
    if (*kind == ItemKind::Object) {
        if (!diffListsOfMaps(original, modified, meta, options, &patchList, &deleteList, error))
            return false;
        const auto sorted = normalizeSliceOrder(patchList, modified, meta.mergeKey, *kind, error);
        if (!sorted)
            return false;
        patchList = *sorted;
        bool orderSame = original.size() == modified.size();
        for (qsizetype i = 0; orderSame && i < modified.size(); ++i)
            orderSame = jsonEquals(original.at(i).toObject().value(meta.mergeKey),
                                   modified.at(i).toObject().value(meta.mergeKey));
        for (const QJsonValue &d : std::as_const(deleteList))
            patchList.append(d);
        deleteList = QJsonArray();
        if (options.setElementOrder
            && ((!options.ignoreChangesAndAdditions && (!patchList.isEmpty() || !orderSame))
                || (!options.ignoreDeletions && !patchList.isEmpty()))) {
            for (const QJsonValue &v : modified)
                orderList.append(QJsonObject{{meta.mergeKey, v.toObject().value(meta.mergeKey)}});
        }
    } else {
        diffListsOfScalars(original, modified, options, &patchList, &deleteList);
        const auto sorted = normalizeSliceOrder(patchList, modified, {}, *kind, error);
        if (!sorted)
            return false;
        patchList = *sorted;
        if (options.setElementOrder && ((!options.ignoreDeletions && !deleteList.isEmpty())
                                        || (!options.ignoreChangesAndAdditions && !jsonEquals(original, modified))))
            orderList = modified;
    }
    if (!patchList.isEmpty())
        patch->insert(field, patchList);
    if (!deleteList.isEmpty())
        patch->insert(kDeletePrefix + u'/' + field, deleteList);
    if (!orderList.isEmpty())
        patch->insert(kOrderPrefix + u'/' + field, orderList);
    return true;
}

std::optional<QJsonObject> diffMaps(const QJsonObject &original, const QJsonObject &modified, const QString &type,
                                    const DiffOptions &options, QString *error)
{
    QJsonObject patch;
    QStringList retainKeys;
    for (auto it = modified.begin(); it != modified.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue m = it.value();
        if (options.buildRetainKeys && !m.isNull())
            retainKeys.append(key);
        if (!original.contains(key)) {
            if (!options.ignoreChangesAndAdditions)
                patch.insert(key, m);
            continue;
        }
        const QJsonValue o = original.value(key);
        if (key == kDirective) {
            if (!o.isString() || !m.isString()) {
                *error = QStringLiteral("invalid value for special key: $patch");
                return std::nullopt;
            }
            if (o != m)
                patch.insert(key, m);
            continue;
        }
        if (o.type() != m.type()) {
            if (!options.ignoreChangesAndAdditions)
                patch.insert(key, m);
            continue;
        }
        const FieldMeta meta = lookup(type, key);
        if (o.isObject()) {
            if (meta.strategy == u"replace") {
                if (!options.ignoreChangesAndAdditions)
                    patch.insert(key, m);
                continue;
            }
            DiffOptions nestedOptions = options;
            nestedOptions.buildRetainKeys = meta.retainKeys;
            const auto nested = diffMaps(o.toObject(), m.toObject(), meta.type, nestedOptions, error);
            if (!nested)
                return std::nullopt;
            if (!nested->isEmpty())
                patch.insert(key, *nested);
        } else if (o.isArray() && meta.strategy == u"merge") {
            if (!diffMergeList(key, o.toArray(), m.toArray(), meta, options, &patch, error))
                return std::nullopt;
        } else if (!options.ignoreChangesAndAdditions && !jsonEquals(o, m)) {
            patch.insert(key, m);
        }
    }
    if (!options.ignoreDeletions) {
        for (auto it = original.begin(); it != original.end(); ++it) {
            if (!modified.contains(it.key()))
                patch.insert(it.key(), QJsonValue::Null);
        }
    }
    if (!retainKeys.isEmpty()) {
        bool additional = false; // hasAdditionalNewField
        for (auto it = original.begin(); it != original.end() && !additional; ++it)
            additional = !it.value().isNull() && !modified.contains(it.key());
        if (!patch.isEmpty() || additional) {
            retainKeys.sort();
            patch.insert(kRetainKeys, QJsonArray::fromStringList(retainKeys));
        }
    }
    return patch;
}

QJsonObject asObject(const QJsonValue &v) { return v.isObject() ? v.toObject() : QJsonObject(); }

bool checkObjects(std::initializer_list<QJsonValue> values, QString *error)
{
    for (const QJsonValue &v : values) {
        if (!v.isObject() && !v.isNull() && !v.isUndefined()) {
            if (error)
                *error = QStringLiteral("invalid JSON document");
            return false;
        }
    }
    return true;
}

} // namespace

QJsonValue createStrategicMergePatch(const QJsonValue &original, const QJsonValue &modified, const QString &kind,
                                     QString *error)
{
    if (!checkObjects({original, modified}, error))
        return QJsonValue(QJsonValue::Undefined);
    QString message;
    const auto patch = diffMaps(asObject(original), asObject(modified), rootType(kind), DiffOptions{}, &message);
    if (!patch) {
        if (error)
            *error = message;
        return QJsonValue(QJsonValue::Undefined);
    }
    return *patch;
}

QJsonValue createThreeWayStrategicMergePatch(const QJsonValue &original, const QJsonValue &modified,
                                             const QJsonValue &current, const QString &kind, QString *error)
{
    if (!checkObjects({original, modified, current}, error))
        return QJsonValue(QJsonValue::Undefined);
    const QString type = rootType(kind);
    QString message;
    DiffOptions deltaOptions;
    deltaOptions.ignoreDeletions = true;
    const auto delta = diffMaps(asObject(current), asObject(modified), type, deltaOptions, &message);
    DiffOptions deletionOptions;
    deletionOptions.ignoreChangesAndAdditions = true;
    const auto deletions = delta ? diffMaps(asObject(original), asObject(modified), type, deletionOptions, &message)
                                 : std::nullopt;
    std::optional<QJsonObject> patch;
    if (deletions) {
        MergeOptions options;
        options.mergeParallelList = false;
        options.ignoreUnmatchedNulls = false;
        patch = mergeMap(*deletions, *delta, type, options);
        message = options.error;
    }
    if (!patch) {
        if (error)
            *error = message;
        return QJsonValue(QJsonValue::Undefined);
    }
    return *patch;
}

} // namespace pd::kube
