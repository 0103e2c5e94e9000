#pragma once

// Internal to previewdesk_kube: the yaml-cpp node -> JSON conversion shared by
// yamljson.cpp and kubeconfig.cpp (which needs node marks for its own messages).

#include <yaml-cpp/yaml.h>

#include <QJsonValue>
#include <QString>

#include <string>

namespace pd::kube::detail {

// A conversion failure at a node (duplicate key, nesting too deep, ...).
struct YamlConversionError
{
    YAML::Mark mark;
    QString message;
};

// A plain (unquoted, untagged) scalar typed the way kubectl's YAML library
// (go-yaml v2, YAML 1.1 flavoured) types it: ints, floats, bools, null, else string.
QJsonValue resolvePlainScalar(const std::string &text);

// Whether a string has to be quoted to come back as the same string.
bool needsQuoting(const QString &text);

// One node as JSON: plain scalars typed, quoted and block scalars stay strings,
// aliases resolved, `<<` merge keys applied. Throws YamlConversionError.
QJsonValue yamlNodeToJson(const YAML::Node &node);

inline QString fromStd(const std::string &s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

} // namespace pd::kube::detail
