#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <functional>
#include <optional>

namespace pd::kube {

struct FieldRequirement
{
    enum class Operator { Equals, DoubleEquals, NotEquals };
    QString field;
    Operator op = Operator::Equals;
    QString value; // unescaped

    QString toString() const; // value escaped again
    friend bool operator==(const FieldRequirement &, const FieldRequirement &) = default;
};

// Gives the value of a field of one object; nullopt = the field is not supported.
using FieldGetter = std::function<std::optional<QString>(const QString &field)>;

// A field selector (`metadata.name=web,status.phase!=Running`), as apimachinery's
// fields.ParseSelector: `\,` `\=` `\\` escapes in values. Empty = everything.
class FieldSelector final
{
public:
    FieldSelector() = default;

    static std::optional<FieldSelector> parse(QStringView text, QString *error = nullptr);

    // true/false, or nullopt when the getter does not support a field; then
    // *unsupportedField names it (answer 400 "field label not supported: <field>").
    std::optional<bool> matches(const FieldGetter &getter, QString *unsupportedField = nullptr) const;
    // Convenience for the standard fields of `kind` (see fieldValue()).
    std::optional<bool> matches(const QJsonObject &object, const QString &kind,
                                QString *unsupportedField = nullptr) const;

    // The first field `kind` does not support ("" when all are): check before listing.
    QString unsupportedFieldFor(const QString &kind) const;

    QString toString() const; // terms sorted (apimachinery sorts the raw terms), joined by ","
    bool isEmpty() const { return m_requirements.isEmpty(); }
    const QList<FieldRequirement> &requirements() const { return m_requirements; }

    // `kind` is the object Kind ("Pod", "Namespace", "Secret", "Event", ...).
    // Every kind: metadata.name, metadata.namespace. Namespace: status.phase. Secret: type.
    // Pod: spec.nodeName, spec.restartPolicy, spec.schedulerName, spec.serviceAccountName,
    // spec.hostNetwork, status.phase, status.podIP, status.nominatedNodeName.
    // Event: involvedObject.{kind,namespace,name,uid,apiVersion,resourceVersion,fieldPath},
    // reason, reportingComponent, source, type. ReplicaSet/ReplicationController: status.replicas.
    // Node: spec.unschedulable. Job: status.successful.
    static bool isSupportedField(const QString &kind, const QString &field);
    static QStringList supportedFields(const QString &kind);
    // The field's value as the API server compares it (absent -> ""); nullopt if unsupported.
    static std::optional<QString> fieldValue(const QJsonObject &object, const QString &kind,
                                             const QString &field);
    static FieldGetter getterFor(const QJsonObject &object, const QString &kind);

    static QString escapeValue(QStringView value);
    static std::optional<QString> unescapeValue(QStringView value, QString *error = nullptr);

private:
    QList<FieldRequirement> m_requirements;
};

} // namespace pd::kube
