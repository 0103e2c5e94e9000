#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace pd::sandbox {

struct ResourceInfo;

// Name rules per kind, as apimachinery's validation wording has them.
enum class NameRule { Dns1123Subdomain, Dns1123Label, Dns1035Label, PathSegment };
NameRule nameRuleFor(const ResourceInfo &info);
// The problems with `name` under `rule` (empty = valid), e.g. "must be no more than 63 characters".
QStringList validateName(const QString &name, NameRule rule);

// Causes for metadata problems ([{reason, message, field}]): name, generateName,
// labels (keys and values) and annotation keys.
QJsonArray validateObjectMeta(const QJsonObject &metadata, const ResourceInfo &info, bool nameRequired);

// The 5 random characters a generateName gets (kube's alphabet, no vowels).
QString randomNameSuffix();

} // namespace pd::sandbox
