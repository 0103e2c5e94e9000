#include "mergepatch.h"

#include "jsonpatch.h"

#include <QJsonObject>

namespace pd::kube {

namespace {

// Keeps only the deletions (keepNull) or only the additions/changes of a merge patch,
// as kubectl's keepOrDeleteNullInObj.
QJsonObject filterNulls(const QJsonObject &patch, bool keepNull)
{
    QJsonObject out;
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        const QJsonValue v = it.value();
        if (v.isNull()) {
            if (keepNull)
                out.insert(it.key(), v);
        } else if (v.isObject()) {
            const QJsonObject nested = filterNulls(v.toObject(), keepNull);
            // An empty object only survives when the patch really sets {}.
            if (!nested.isEmpty() || (!keepNull && v.toObject().isEmpty()))
                out.insert(it.key(), nested);
        } else if (!keepNull) {
            out.insert(it.key(), v);
        }
    }
    return out;
}

QJsonObject mergeObjects(QJsonObject base, const QJsonObject &over)
{
    for (auto it = over.begin(); it != over.end(); ++it) {
        const auto existing = base.constFind(it.key());
        if (existing != base.constEnd() && existing->isObject() && it.value().isObject())
            base.insert(it.key(), mergeObjects(existing->toObject(), it.value().toObject()));
        else
            base.insert(it.key(), it.value());
    }
    return base;
}

} // namespace

QJsonValue applyMergePatch(const QJsonValue &target, const QJsonValue &patch)
{
    if (!patch.isObject())
        return patch;
    QJsonObject result = target.isObject() ? target.toObject() : QJsonObject();
    const QJsonObject p = patch.toObject();
    for (auto it = p.begin(); it != p.end(); ++it) {
        if (it.value().isNull())
            result.remove(it.key());
        else
            result.insert(it.key(), applyMergePatch(result.value(it.key()), it.value()));
    }
    return result;
}

QJsonValue createMergePatch(const QJsonValue &original, const QJsonValue &modified)
{
    // A non-object patch replaces the target, and {} would turn a non-object into {}:
    // so modified itself, even when nothing changed.
    if (!original.isObject() || !modified.isObject())
        return modified;
    const QJsonObject o = original.toObject();
    const QJsonObject m = modified.toObject();
    QJsonObject patch;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!m.contains(it.key()))
            patch.insert(it.key(), QJsonValue::Null);
    }
    for (auto it = m.begin(); it != m.end(); ++it) {
        const auto before = o.constFind(it.key());
        if (before == o.constEnd()) {
            patch.insert(it.key(), it.value());
        } else if (before->isObject() && it.value().isObject()) {
            const QJsonObject nested = createMergePatch(*before, it.value()).toObject();
            if (!nested.isEmpty())
                patch.insert(it.key(), nested);
        } else if (!jsonEquals(*before, it.value())) {
            patch.insert(it.key(), it.value());
        }
    }
    return patch;
}

QJsonValue createThreeWayMergePatch(const QJsonValue &original, const QJsonValue &modified,
                                    const QJsonValue &current)
{
    if (!modified.isObject())
        return modified;
    const QJsonObject additions =
        filterNulls(createMergePatch(current.isObject() ? current : QJsonValue(QJsonObject()), modified).toObject(),
                    false);
    const QJsonObject deletions =
        filterNulls(createMergePatch(original.isObject() ? original : QJsonValue(QJsonObject()), modified).toObject(),
                    true);
    return mergeObjects(deletions, additions);
}

} // namespace pd::kube
