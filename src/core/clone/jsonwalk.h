#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <functional>

namespace pd::core::clone {

// Visits every string inside `value` with a readable field path
// ("spec.template.spec.containers[api].env[DATABASE_URL].value": list items
// that have a "name" are addressed by it) and lets the visitor change it.
// `skip` may prune subtrees (return true to leave a path alone).
using StringVisitor = std::function<void(QString &text, const QString &path)>;
using PathFilter = std::function<bool(const QString &path)>;

void rewriteStrings(QJsonObject &object, const StringVisitor &visit, const PathFilter &skip = {});

// Reads and writes a nested member by dotted path of object keys ("spec.replicas").
QJsonValue valueAt(const QJsonObject &object, const QString &dottedPath);
void setValueAt(QJsonObject &object, const QString &dottedPath, const QJsonValue &value);
void removeValueAt(QJsonObject &object, const QString &dottedPath);

// "Kind/name" as rows show objects.
QString objectRef(const QJsonObject &object);

} // namespace pd::core::clone
