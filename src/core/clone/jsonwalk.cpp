#include "jsonwalk.h"

#include <QJsonArray>
#include <QStringList>

namespace pd::core::clone {

namespace {

QString childPath(const QString &parent, const QString &key)
{
    return parent.isEmpty() ? key : parent + QLatin1Char('.') + key;
}

QString itemPath(const QString &parent, const QJsonValue &item, qsizetype index)
{
    const QString name = item.toObject().value(QLatin1String("name")).toString();
    return parent + QLatin1Char('[') + (name.isEmpty() ? QString::number(index) : name) + QLatin1Char(']');
}

void rewriteObject(QJsonObject &object, const QString &prefix, const StringVisitor &visit, const PathFilter &skip);

// Rewrites one value in place; returns whether it changed.
bool rewriteValue(QJsonValue &value, const QString &path, const StringVisitor &visit, const PathFilter &skip)
{
    if (skip && skip(path))
        return false;
    if (value.isString()) {
        QString text = value.toString();
        visit(text, path);
        if (text == value.toString())
            return false;
        value = text;
        return true;
    }
    if (value.isObject()) {
        QJsonObject child = value.toObject();
        rewriteObject(child, path, visit, skip);
        if (child == value.toObject())
            return false;
        value = child;
        return true;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        bool changed = false;
        for (qsizetype i = 0; i < array.size(); ++i) {
            QJsonValue item = array.at(i);
            if (rewriteValue(item, itemPath(path, item, i), visit, skip)) {
                array[i] = item;
                changed = true;
            }
        }
        if (changed)
            value = array;
        return changed;
    }
    return false;
}

void rewriteObject(QJsonObject &object, const QString &prefix, const StringVisitor &visit, const PathFilter &skip)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        QJsonValue value = it.value();
        if (rewriteValue(value, childPath(prefix, it.key()), visit, skip))
            it.value() = value;
    }
}

} // namespace

void rewriteStrings(QJsonObject &object, const StringVisitor &visit, const PathFilter &skip)
{
    rewriteObject(object, QString(), visit, skip);
}

QJsonValue valueAt(const QJsonObject &object, const QString &dottedPath)
{
    const QStringList keys = dottedPath.split(QLatin1Char('.'));
    QJsonValue current = object;
    for (const QString &key : keys) {
        if (!current.isObject())
            return {};
        current = current.toObject().value(key);
    }
    return current;
}

namespace {

void setIn(QJsonObject &object, const QStringList &keys, qsizetype index, const QJsonValue &value, bool remove)
{
    const QString &key = keys.at(index);
    if (index == keys.size() - 1) {
        if (remove)
            object.remove(key);
        else
            object.insert(key, value);
        return;
    }
    if (remove && !object.contains(key))
        return;
    QJsonObject child = object.value(key).toObject();
    setIn(child, keys, index + 1, value, remove);
    object.insert(key, child);
}

} // namespace

void setValueAt(QJsonObject &object, const QString &dottedPath, const QJsonValue &value)
{
    setIn(object, dottedPath.split(QLatin1Char('.')), 0, value, false);
}

void removeValueAt(QJsonObject &object, const QString &dottedPath)
{
    setIn(object, dottedPath.split(QLatin1Char('.')), 0, QJsonValue(), true);
}

QString objectRef(const QJsonObject &object)
{
    return object.value(QLatin1String("kind")).toString() + QLatin1Char('/')
        + object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
}

} // namespace pd::core::clone
