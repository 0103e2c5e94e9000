#include "managedfields.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

const QChar kSep = u'\n';

QString mergeKeyOf(const QJsonArray &list)
{
    static const QStringList candidates{u"name"_s, u"containerPort"_s, u"port"_s, u"mountPath"_s,
                                        u"type"_s, u"uid"_s, u"ip"_s, u"devicePath"_s, u"topologyKey"_s};
    if (list.isEmpty() || !list.first().isObject())
        return {};
    for (const QString &key : candidates) {
        bool all = true;
        for (const auto &v : list)
            if (!v.isObject() || !v.toObject().contains(key)) {
                all = false;
                break;
            }
        if (all)
            return key;
    }
    return {};
}

QString keySegment(const QString &key, const QJsonValue &value)
{
    QJsonObject k{{key, value}};
    return u"k:"_s + QString::fromUtf8(QJsonDocument(k).toJson(QJsonDocument::Compact));
}

QString scalarJson(const QJsonValue &v)
{
    const QByteArray doc = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(doc.mid(1, doc.size() - 2));
}

void walk(const QJsonValue &value, const QString &prefix, FieldSet *out)
{
    auto join = [&](const QString &seg) { return prefix.isEmpty() ? seg : prefix + kSep + seg; };
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        if (o.isEmpty() && !prefix.isEmpty()) {
            out->insert(prefix);
            return;
        }
        for (auto it = o.begin(); it != o.end(); ++it)
            walk(it.value(), join(u"f:"_s + it.key()), out);
        return;
    }
    if (value.isArray()) {
        const QJsonArray a = value.toArray();
        const QString key = mergeKeyOf(a);
        if (!key.isEmpty()) {
            for (const auto &item : a) {
                const QString seg = join(keySegment(key, item.toObject().value(key)));
                out->insert(seg + kSep + u"."_s);
                walk(item, seg, out);
            }
            return;
        }
        bool scalars = !a.isEmpty();
        for (const auto &item : a)
            scalars = scalars && !item.isObject() && !item.isArray();
        if (scalars) {
            for (const auto &item : a)
                out->insert(join(u"v:"_s + scalarJson(item)));
            return;
        }
    }
    if (!prefix.isEmpty())
        out->insert(prefix);
}

QJsonObject relevant(const QJsonObject &object, bool includeStatus)
{
    QJsonObject o = object;
    o.remove(u"apiVersion"_s);
    o.remove(u"kind"_s);
    if (!includeStatus)
        o.remove(u"status"_s);
    const QJsonObject meta = object.value(u"metadata"_s).toObject();
    QJsonObject kept;
    for (const QString &key : {u"labels"_s, u"annotations"_s, u"finalizers"_s, u"ownerReferences"_s})
        if (meta.contains(key))
            kept.insert(key, meta.value(key));
    if (kept.isEmpty())
        o.remove(u"metadata"_s);
    else
        o.insert(u"metadata"_s, kept);
    return o;
}

// Locates a list element for a "k:" or "v:" segment.
qsizetype findElement(const QJsonArray &list, const QString &segment)
{
    if (segment.startsWith(u"k:"_s)) {
        const QJsonObject key = QJsonDocument::fromJson(segment.mid(2).toUtf8()).object();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonObject item = list.at(i).toObject();
            bool match = true;
            for (auto it = key.begin(); it != key.end(); ++it)
                match = match && item.value(it.key()) == it.value();
            if (match)
                return i;
        }
    } else if (segment.startsWith(u"v:"_s)) {
        const QJsonValue wanted = QJsonDocument::fromJson(u"["_s.append(segment.mid(2)).append(u']').toUtf8()).array().first();
        for (qsizetype i = 0; i < list.size(); ++i)
            if (list.at(i) == wanted)
                return i;
    } else if (segment.startsWith(u"i:"_s)) {
        const qsizetype i = segment.mid(2).toLongLong();
        return i < list.size() ? i : -1;
    }
    return -1;
}

bool removeIn(QJsonValue &node, const QStringList &segments, qsizetype at)
{
    const QString &seg = segments.at(at);
    const bool last = at + 1 == segments.size() || (at + 2 == segments.size() && segments.at(at + 1) == u"."_s);
    if (seg.startsWith(u"f:"_s) && node.isObject()) {
        QJsonObject o = node.toObject();
        const QString key = seg.mid(2);
        if (!o.contains(key))
            return false;
        if (last) {
            o.remove(key);
        } else {
            QJsonValue child = o.value(key);
            if (!removeIn(child, segments, at + 1))
                return false;
            o.insert(key, child);
        }
        node = o;
        return true;
    }
    if (node.isArray()) {
        QJsonArray a = node.toArray();
        const qsizetype i = findElement(a, seg);
        if (i < 0)
            return false;
        if (last) {
            a.removeAt(i);
        } else {
            QJsonValue child = a.at(i);
            if (!removeIn(child, segments, at + 1))
                return false;
            a.replace(i, child);
        }
        node = a;
        return true;
    }
    return false;
}

} // namespace

FieldSet fieldSetOf(const QJsonObject &object, bool includeStatus)
{
    FieldSet set;
    walk(relevant(object, includeStatus), QString(), &set);
    return set;
}

FieldSet changedFields(const QJsonObject &before, const QJsonObject &after)
{
    const FieldSet a = fieldSetOf(after);
    FieldSet changed;
    for (const QString &path : a)
        if (valueAtPath(before, path) != valueAtPath(after, path))
            changed.insert(path);
    return changed;
}

QJsonObject fieldSetToFieldsV1(const FieldSet &set)
{
    // Build nested maps: every path segment is an object key, leaves are {}.
    QJsonObject root;
    QStringList sorted(set.begin(), set.end());
    sorted.sort();
    for (const QString &path : sorted) {
        const QStringList segments = path.split(kSep);
        std::function<void(QJsonObject &, qsizetype)> insert = [&](QJsonObject &node, qsizetype at) {
            if (at == segments.size())
                return;
            QJsonObject child = node.value(segments.at(at)).toObject();
            insert(child, at + 1);
            node.insert(segments.at(at), child);
        };
        insert(root, 0);
    }
    return root;
}

FieldSet fieldsV1ToFieldSet(const QJsonObject &fieldsV1)
{
    FieldSet set;
    std::function<void(const QJsonObject &, const QString &)> walkV1 = [&](const QJsonObject &node, const QString &prefix) {
        if (node.isEmpty()) {
            if (!prefix.isEmpty())
                set.insert(prefix);
            return;
        }
        for (auto it = node.begin(); it != node.end(); ++it)
            walkV1(it.value().toObject(), prefix.isEmpty() ? it.key() : prefix + kSep + it.key());
    };
    walkV1(fieldsV1, QString());
    return set;
}

QJsonValue valueAtPath(const QJsonObject &object, const QString &path)
{
    QJsonValue node = object;
    for (const QString &seg : path.split(kSep)) {
        if (seg == u"."_s)
            break;
        if (seg.startsWith(u"f:"_s)) {
            if (!node.isObject() || !node.toObject().contains(seg.mid(2)))
                return QJsonValue(QJsonValue::Undefined);
            node = node.toObject().value(seg.mid(2));
            continue;
        }
        if (!node.isArray())
            return QJsonValue(QJsonValue::Undefined);
        const QJsonArray a = node.toArray();
        const qsizetype i = findElement(a, seg);
        if (i < 0)
            return QJsonValue(QJsonValue::Undefined);
        node = a.at(i);
    }
    return node;
}

bool removePath(QJsonObject &object, const QString &path)
{
    QJsonValue root = object;
    const QStringList segments = path.split(kSep);
    if (!removeIn(root, segments, 0))
        return false;
    object = root.toObject();
    return true;
}

QString pathToString(const QString &path)
{
    QString out;
    for (const QString &seg : path.split(kSep)) {
        if (seg.startsWith(u"f:"_s)) {
            out += u'.' + seg.mid(2);
        } else if (seg.startsWith(u"k:"_s)) {
            const QJsonObject key = QJsonDocument::fromJson(seg.mid(2).toUtf8()).object();
            QStringList parts;
            for (auto it = key.begin(); it != key.end(); ++it)
                parts << it.key() + u'=' + scalarJson(it.value());
            out += u'[' + parts.join(u',') + u']';
        } else if (seg.startsWith(u"v:"_s)) {
            out += u'[' + seg.mid(2) + u']';
        } else if (seg.startsWith(u"i:"_s)) {
            out += u'[' + seg.mid(2) + u']';
        }
    }
    return out;
}

void recordUpdateManager(QJsonObject &object, const QJsonObject &previous, const QString &manager,
                         const QString &time, const QString &operation)
{
    const FieldSet owned = operation == u"Apply"_s ? fieldSetOf(object) : changedFields(previous, object);
    recordManager(object, owned, owned, manager, time, operation);
}

void recordManager(QJsonObject &object, const FieldSet &owned, const FieldSet &takeFrom, const QString &manager,
                   const QString &time, const QString &operation)
{
    QJsonObject meta = object.value(u"metadata"_s).toObject();
    const QJsonArray entries = meta.value(u"managedFields"_s).toArray();
    QJsonArray updated;
    FieldSet mine;
    for (const auto &v : entries) {
        QJsonObject entry = v.toObject();
        FieldSet set = fieldsV1ToFieldSet(entry.value(u"fieldsV1"_s).toObject());
        if (entry.value(u"manager"_s).toString() == manager && entry.value(u"operation"_s).toString() == operation) {
            if (operation == u"Update"_s)
                mine.unite(set);
            continue;
        }
        set.subtract(takeFrom);
        if (set.isEmpty())
            continue;
        entry.insert(u"fieldsV1"_s, fieldSetToFieldsV1(set));
        updated.append(entry);
    }
    mine.unite(owned);
    if (!mine.isEmpty() || operation == u"Apply"_s)
        updated.append(QJsonObject{{u"manager"_s, manager},
                                   {u"operation"_s, operation},
                                   {u"apiVersion"_s, object.value(u"apiVersion"_s)},
                                   {u"time"_s, time},
                                   {u"fieldsType"_s, u"FieldsV1"_s},
                                   {u"fieldsV1"_s, fieldSetToFieldsV1(mine)}});
    if (updated.isEmpty())
        meta.remove(u"managedFields"_s);
    else
        meta.insert(u"managedFields"_s, updated);
    object.insert(u"metadata"_s, meta);
}

} // namespace pd::sandbox
