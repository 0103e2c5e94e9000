#include "fieldselector.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>

namespace pd::kube {

namespace {

using Op = FieldRequirement::Operator;

// Splits on commas that are not escaped with a backslash (apimachinery's splitTerms).
QStringList splitTerms(QStringView text)
{
    QStringList terms;
    if (text.isEmpty())
        return terms;
    QString current;
    bool escaped = false;
    for (QChar c : text) {
        if (escaped) {
            current += u'\\';
            current += c;
            escaped = false;
        } else if (c == u'\\') {
            escaped = true;
        } else if (c == u',') {
            terms.append(current);
            current.clear();
        } else {
            current += c;
        }
    }
    if (escaped)
        current += u'\\';
    terms.append(current);
    return terms;
}

QString valueText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toInteger());
    return {};
}

QJsonValue at(const QJsonObject &object, QStringView path)
{
    QJsonValue current = object;
    for (QStringView part : path.split(u'.'))
        current = current.toObject().value(part);
    return current;
}

// kind -> fields beyond metadata.name / metadata.namespace (the registries' selectable fields).
const QHash<QString, QStringList> &kindFields()
{
    static const QHash<QString, QStringList> fields = {
        {QStringLiteral("Namespace"), {QStringLiteral("status.phase")}},
        {QStringLiteral("Secret"), {QStringLiteral("type")}},
        {QStringLiteral("Pod"),
         {QStringLiteral("spec.nodeName"), QStringLiteral("spec.restartPolicy"), QStringLiteral("spec.schedulerName"),
          QStringLiteral("spec.serviceAccountName"), QStringLiteral("spec.hostNetwork"), QStringLiteral("status.phase"),
          QStringLiteral("status.podIP"), QStringLiteral("status.nominatedNodeName")}},
        {QStringLiteral("Event"),
         {QStringLiteral("involvedObject.kind"), QStringLiteral("involvedObject.namespace"),
          QStringLiteral("involvedObject.name"), QStringLiteral("involvedObject.uid"),
          QStringLiteral("involvedObject.apiVersion"), QStringLiteral("involvedObject.resourceVersion"),
          QStringLiteral("involvedObject.fieldPath"), QStringLiteral("reason"), QStringLiteral("reportingComponent"),
          QStringLiteral("source"), QStringLiteral("type")}},
        {QStringLiteral("ReplicaSet"), {QStringLiteral("status.replicas")}},
        {QStringLiteral("ReplicationController"), {QStringLiteral("status.replicas")}},
        {QStringLiteral("Node"), {QStringLiteral("spec.unschedulable")}},
        {QStringLiteral("Job"), {QStringLiteral("status.successful")}},
    };
    return fields;
}

} // namespace

QString FieldRequirement::toString() const
{
    // apimachinery prints "==" terms as "=".
    return field + (op == Operator::NotEquals ? QStringLiteral("!=") : QStringLiteral("="))
        + FieldSelector::escapeValue(value);
}

std::optional<FieldSelector> FieldSelector::parse(QStringView text, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<FieldSelector> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    QStringList terms = splitTerms(text);
    terms.sort(); // apimachinery sorts the raw terms
    FieldSelector selector;
    for (const QString &term : std::as_const(terms)) {
        if (term.isEmpty())
            continue;
        // The first operator found, left to right, "!=" and "==" before "=".
        qsizetype index = -1;
        Op op = Op::Equals;
        qsizetype opLength = 0;
        for (qsizetype i = 0; i < term.size() && index < 0; ++i) {
            const QStringView rest = QStringView(term).mid(i);
            if (rest.startsWith(u"!=")) {
                index = i, op = Op::NotEquals, opLength = 2;
            } else if (rest.startsWith(u"==")) {
                index = i, op = Op::DoubleEquals, opLength = 2;
            } else if (rest.startsWith(u'=')) {
                index = i, op = Op::Equals, opLength = 1;
            }
        }
        if (index < 0)
            return fail(QStringLiteral("invalid selector: '%1'; can't understand '%2'").arg(text, term));
        QString unescapeError;
        const std::optional<QString> value = unescapeValue(QStringView(term).mid(index + opLength), &unescapeError);
        if (!value)
            return fail(unescapeError);
        selector.m_requirements.append({term.left(index), op, *value});
    }
    return selector;
}

std::optional<bool> FieldSelector::matches(const FieldGetter &getter, QString *unsupportedField) const
{
    bool result = true;
    for (const FieldRequirement &r : m_requirements) {
        const std::optional<QString> value = getter(r.field);
        if (!value) {
            if (unsupportedField)
                *unsupportedField = r.field;
            return std::nullopt;
        }
        const bool equal = *value == r.value;
        if (equal == (r.op == Op::NotEquals))
            result = false; // keep going: an unsupported field later still wins
    }
    return result;
}

std::optional<bool> FieldSelector::matches(const QJsonObject &object, const QString &kind,
                                           QString *unsupportedField) const
{
    return matches(getterFor(object, kind), unsupportedField);
}

QString FieldSelector::unsupportedFieldFor(const QString &kind) const
{
    for (const FieldRequirement &r : m_requirements) {
        if (!isSupportedField(kind, r.field))
            return r.field;
    }
    return {};
}

QString FieldSelector::toString() const
{
    QStringList parts;
    for (const FieldRequirement &r : m_requirements)
        parts.append(r.toString());
    return parts.join(u',');
}

bool FieldSelector::isSupportedField(const QString &kind, const QString &field)
{
    if (field == u"metadata.name" || field == u"metadata.namespace")
        return true;
    return kindFields().value(kind).contains(field);
}

QStringList FieldSelector::supportedFields(const QString &kind)
{
    return QStringList{QStringLiteral("metadata.name"), QStringLiteral("metadata.namespace")} + kindFields().value(kind);
}

std::optional<QString> FieldSelector::fieldValue(const QJsonObject &object, const QString &kind, const QString &field)
{
    if (!isSupportedField(kind, field))
        return std::nullopt;
    if (kind == u"Event" && field == u"source")
        return valueText(at(object, u"source.component"));
    if (kind == u"Pod" && field == u"spec.hostNetwork")
        return at(object, field).toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (kind == u"Node" && field == u"spec.unschedulable")
        return at(object, field).toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if ((kind == u"ReplicaSet" || kind == u"ReplicationController") && field == u"status.replicas")
        return QString::number(at(object, field).toInteger());
    if (kind == u"Job" && field == u"status.successful")
        return QString::number(at(object, field).toInteger());
    return valueText(at(object, field));
}

FieldGetter FieldSelector::getterFor(const QJsonObject &object, const QString &kind)
{
    return [object, kind](const QString &field) { return fieldValue(object, kind, field); };
}

QString FieldSelector::escapeValue(QStringView value)
{
    QString out;
    out.reserve(value.size());
    for (QChar c : value) {
        if (c == u'\\' || c == u',' || c == u'=')
            out += u'\\';
        out += c;
    }
    return out;
}

std::optional<QString> FieldSelector::unescapeValue(QStringView value, QString *error)
{
    QString out;
    out.reserve(value.size());
    bool inSlash = false;
    for (QChar c : value) {
        if (inSlash) {
            if (c != u'\\' && c != u',' && c != u'=') {
                if (error)
                    *error = u"invalid field selector: invalid escape sequence: \\" + QString(c);
                return std::nullopt;
            }
            out += c;
            inSlash = false;
            continue;
        }
        if (c == u'\\') {
            inSlash = true;
        } else if (c == u',' || c == u'=') {
            if (error)
                *error = u"invalid field selector: unescaped character in value: " + QString(c);
            return std::nullopt;
        } else {
            out += c;
        }
    }
    if (inSlash) {
        if (error)
            *error = QStringLiteral("invalid field selector: invalid escape sequence: \\");
        return std::nullopt;
    }
    return out;
}

} // namespace pd::kube
