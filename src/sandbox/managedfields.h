#pragma once

#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

namespace pd::sandbox {

// A simplified structured-merge-diff: field ownership as sets of leaf paths, each a
// list of fieldsV1 segments ("f:spec", "k:{\"name\":\"web\"}", "v:\"a\"", "i:0")
// joined by '\n'. Lists of objects with a merge key (name, containerPort, port,
// mountPath, type, uid, ip) are keyed, lists of scalars are sets, other lists atomic.
using FieldSet = QSet<QString>;

// The leaf paths `object` sets (metadata: labels, annotations, finalizers and
// ownerReferences only; status excluded unless `includeStatus`).
FieldSet fieldSetOf(const QJsonObject &object, bool includeStatus = false);
// Leaf paths whose value differs between `before` and `after` (added or changed).
FieldSet changedFields(const QJsonObject &before, const QJsonObject &after);

QJsonObject fieldSetToFieldsV1(const FieldSet &set);
FieldSet fieldsV1ToFieldSet(const QJsonObject &fieldsV1);

// The value at a path (undefined when absent).
QJsonValue valueAtPath(const QJsonObject &object, const QString &path);
// Removes what a path names (a key, a keyed/set list element); false when absent.
bool removePath(QJsonObject &object, const QString &path);
// ".spec.template.spec.containers[name=\"web\"].image" as conflict messages print it.
QString pathToString(const QString &path);

// Records a write by `manager` (operation "Update" or "Apply") in object's
// metadata.managedFields: the changed fields (Update) or `owned` (Apply) become the
// manager's and are taken from every other manager.
void recordUpdateManager(QJsonObject &object, const QJsonObject &previous, const QString &manager,
                         const QString &time, const QString &operation);
// The same with the sets given: `owned` becomes the manager's (replacing its previous
// Apply set; added to its previous Update set), `takeFrom` is removed from every other
// manager (server-side apply: only forced conflicts; shared equal fields stay co-owned).
void recordManager(QJsonObject &object, const FieldSet &owned, const FieldSet &takeFrom, const QString &manager,
                   const QString &time, const QString &operation);

} // namespace pd::sandbox
