#include "openapivalidator.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include <cmath>

using namespace Qt::StringLiterals;

namespace pd::test {

namespace {

QString typeOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return u"null"_s;
    case QJsonValue::Bool: return u"boolean"_s;
    case QJsonValue::Double: return std::floor(value.toDouble()) == value.toDouble() ? u"integer"_s : u"number"_s;
    case QJsonValue::String: return u"string"_s;
    case QJsonValue::Array: return u"array"_s;
    case QJsonValue::Object: return u"object"_s;
    case QJsonValue::Undefined: break;
    }
    return u"undefined"_s;
}

bool typeMatches(const QString &type, const QJsonValue &value)
{
    const QString actual = typeOf(value);
    return type == actual || (type == u"number"_s && actual == u"integer"_s);
}

QJsonObject parametersByKey(const QJsonArray &parameters)
{
    QJsonObject byKey;
    for (const QJsonValue &parameter : parameters)
        byKey.insert(parameter.toObject().value("in"_L1).toString() + u':' + parameter.toObject().value("name"_L1).toString(), parameter);
    return byKey;
}

} // namespace

bool OpenApiValidator::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject() || !document.object().value("openapi"_L1).toString().startsWith(u"3.0"_s)) {
        *error = u"%1 is no OpenAPI 3.0 description (%2)"_s.arg(path, parseError.errorString());
        return false;
    }
    m_spec = document.object();
    return true;
}

QJsonObject OpenApiValidator::resolve(const QJsonObject &object) const
{
    QJsonObject current = object;
    for (int depth = 0; depth < 16 && current.contains("$ref"_L1); ++depth) {
        const QString ref = current.value("$ref"_L1).toString();
        if (!ref.startsWith(u"#/"_s))
            return {};
        QJsonValue node = m_spec;
        for (const QString &part : ref.mid(2).split(u'/'))
            node = node.toObject().value(QString(part).replace(u"~1"_s, u"/"_s).replace(u"~0"_s, u"~"_s));
        current = node.toObject();
    }
    return current;
}

QJsonObject OpenApiValidator::operation(const QByteArray &method, const QString &path, QString *templatePath,
                                        QHash<QString, QString> *pathValues) const
{
    const QStringList segments = path.split(u'/');
    const QJsonObject paths = m_spec.value("paths"_L1).toObject();
    int bestLiterals = -1;
    QJsonObject best;
    for (auto it = paths.begin(); it != paths.end(); ++it) {
        const QStringList pattern = it.key().split(u'/');
        if (pattern.size() != segments.size())
            continue;
        int literals = 0;
        QHash<QString, QString> values;
        bool match = true;
        for (qsizetype i = 0; i < pattern.size() && match; ++i) {
            if (pattern[i].startsWith(u'{') && pattern[i].endsWith(u'}')) {
                match = !segments[i].isEmpty();
                values.insert(pattern[i].mid(1, pattern[i].size() - 2), segments[i]);
            } else {
                match = pattern[i] == segments[i];
                ++literals;
            }
        }
        const QJsonObject item = it.value().toObject();
        const QJsonObject op = item.value(QString::fromLatin1(method.toLower())).toObject();
        if (!match || op.isEmpty() || literals <= bestLiterals)
            continue;
        bestLiterals = literals;
        best = op;
        // Path-level parameters apply to every operation under the path.
        QJsonArray parameters = item.value("parameters"_L1).toArray();
        for (const QJsonValue &parameter : op.value("parameters"_L1).toArray())
            parameters.append(parameter);
        best.insert(u"parameters"_s, parameters);
        *templatePath = it.key();
        *pathValues = values;
    }
    return best;
}

bool OpenApiValidator::checkScalar(const QString &text, const QJsonObject &schemaIn) const
{
    const QJsonObject schema = resolve(schemaIn);
    const QString type = schema.value("type"_L1).toString();
    bool ok = true;
    if (type == u"integer"_s)
        text.toLongLong(&ok);
    else if (type == u"number"_s)
        text.toDouble(&ok);
    else if (type == u"boolean"_s)
        ok = text == u"true"_s || text == u"false"_s;
    if (ok && schema.contains("enum"_L1))
        ok = schema.value("enum"_L1).toArray().contains(QJsonValue(text));
    return ok;
}

QStringList OpenApiValidator::validateRequest(const QByteArray &method, const QString &path, const QUrlQuery &query,
                                              const QByteArray &body, QString *operationId) const
{
    QString templatePath;
    QHash<QString, QString> pathValues;
    const QJsonObject op = operation(method, path, &templatePath, &pathValues);
    const QString where = QString::fromLatin1(method) + u' ' + path;
    if (op.isEmpty())
        return {where + u": no such operation in GitHub's OpenAPI description"_s};
    if (operationId)
        *operationId = op.value("operationId"_L1).toString();
    QStringList errors;
    QJsonArray parameters;
    for (const QJsonValue &parameter : op.value("parameters"_L1).toArray())
        parameters.append(resolve(parameter.toObject()));
    const QJsonObject declared = parametersByKey(parameters);
    for (auto it = pathValues.cbegin(); it != pathValues.cend(); ++it) {
        const QJsonObject parameter = declared.value(u"path:"_s + it.key()).toObject();
        if (parameter.isEmpty())
            errors << where + u": path parameter {%1} is not declared"_s.arg(it.key());
        else if (!checkScalar(it.value(), parameter.value("schema"_L1).toObject()))
            errors << where + u": path parameter {%1}=%2 does not match its schema"_s.arg(it.key(), it.value());
    }
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        const QJsonObject parameter = declared.value(u"query:"_s + key).toObject();
        if (parameter.isEmpty())
            errors << where + u": query parameter %1 is not declared"_s.arg(key);
        else if (!checkScalar(value, parameter.value("schema"_L1).toObject()))
            errors << where + u": query parameter %1=%2 does not match its schema"_s.arg(key, value);
    }
    for (const QJsonValue &parameter : std::as_const(parameters)) {
        const QJsonObject p = parameter.toObject();
        if (p.value("in"_L1).toString() == u"query"_s && p.value("required"_L1).toBool() && !query.hasQueryItem(p.value("name"_L1).toString()))
            errors << where + u": required query parameter %1 is missing"_s.arg(p.value("name"_L1).toString());
    }
    const QJsonObject requestBody = resolve(op.value("requestBody"_L1).toObject());
    if (requestBody.isEmpty()) {
        if (!body.trimmed().isEmpty())
            errors << where + u": sends a body, but the operation takes none"_s;
        return errors;
    }
    if (body.trimmed().isEmpty()) {
        if (requestBody.value("required"_L1).toBool())
            errors << where + u": the operation requires a body"_s;
        return errors;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return errors << where + u": the body is no JSON: "_s + parseError.errorString();
    const QJsonObject schema = requestBody.value("content"_L1).toObject().value("application/json"_L1).toObject().value("schema"_L1).toObject();
    const QJsonValue value = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    check(value, schema, where + u" request body"_s, &errors);
    return errors;
}

QStringList OpenApiValidator::validateResponse(const QByteArray &method, const QString &path, int status, const QByteArray &body) const
{
    QString templatePath;
    QHash<QString, QString> pathValues;
    const QJsonObject op = operation(method, path, &templatePath, &pathValues);
    const QString where = u"%1 %2 -> %3"_s.arg(QString::fromLatin1(method), path).arg(status);
    if (op.isEmpty())
        return {where + u": no such operation in GitHub's OpenAPI description"_s};
    const QJsonObject responses = op.value("responses"_L1).toObject();
    // Conditional GETs: GitHub answers 304 with no body to a matching If-None-Match on any GET.
    if (status == 304 && method == "GET")
        return body.isEmpty() ? QStringList() : QStringList{where + u": a 304 carries no body"_s};
    const QJsonObject response = resolve(responses.value(QString::number(status)).toObject());
    if (response.isEmpty())
        return {where + u": status %1 is not documented for %2"_s.arg(status).arg(op.value("operationId"_L1).toString())};
    const QJsonObject content = response.value("content"_L1).toObject();
    if (content.isEmpty())
        return body.trimmed().isEmpty() ? QStringList() : QStringList{where + u": a body where the description has none"_s};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return {where + u": the body is no JSON: "_s + parseError.errorString()};
    const QJsonObject schema = content.value("application/json"_L1).toObject().value("schema"_L1).toObject();
    QStringList errors;
    check(document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()), schema, where, &errors);
    return errors;
}

QStringList OpenApiValidator::validateValue(const QJsonValue &value, const QJsonObject &schema, const QString &where) const
{
    QStringList errors;
    check(value, schema, where, &errors);
    return errors;
}

void OpenApiValidator::check(const QJsonValue &value, const QJsonObject &schemaIn, const QString &where, QStringList *errors) const
{
    const QJsonObject schema = resolve(schemaIn);
    if (schema.isEmpty())
        return;   // {}: anything
    if (value.isNull() && schema.value("nullable"_L1).toBool())
        return;
    for (const QJsonValue &part : schema.value("allOf"_L1).toArray())
        check(value, part.toObject(), where, errors);
    const auto matching = [&](const QJsonArray &alternatives) {
        int count = 0;
        for (const QJsonValue &alternative : alternatives) {
            QStringList sub;
            check(value, alternative.toObject(), where, &sub);
            count += sub.isEmpty() ? 1 : 0;
        }
        return count;
    };
    if (schema.contains("anyOf"_L1) && matching(schema.value("anyOf"_L1).toArray()) == 0)
        *errors << where + u": matches none of anyOf"_s;
    if (schema.contains("oneOf"_L1) && matching(schema.value("oneOf"_L1).toArray()) != 1)
        *errors << where + u": does not match exactly one of oneOf"_s;

    QString type = schema.value("type"_L1).toString();
    if (type.isEmpty() && (schema.contains("properties"_L1) || schema.contains("required"_L1)))
        type = u"object"_s;
    if (type.isEmpty() && schema.contains("items"_L1))
        type = u"array"_s;
    if (type.isEmpty()) {
        if (schema.contains("enum"_L1) && !schema.value("enum"_L1).toArray().contains(value))
            *errors << where + u": %1 is not one of the enum"_s.arg(value.toVariant().toString());
        return;
    }
    if (!typeMatches(type, value)) {
        *errors << where + u": %1 where the description says %2"_s.arg(typeOf(value), type);
        return;
    }
    if (schema.contains("enum"_L1) && !schema.value("enum"_L1).toArray().contains(value))
        *errors << where + u": \"%1\" is not one of %2"_s.arg(value.toVariant().toString(),
                                                            QString::fromUtf8(QJsonDocument(schema.value("enum"_L1).toArray()).toJson(QJsonDocument::Compact)));
    if (type == u"string"_s) {
        const QString text = value.toString();
        const QString format = schema.value("format"_L1).toString();
        if (format == u"date-time"_s && !QDateTime::fromString(text, Qt::ISODate).isValid())
            *errors << where + u": \"%1\" is no date-time"_s.arg(text);
        if (format == u"uri"_s && !text.isEmpty() && (QUrl(text).scheme().isEmpty() || !QUrl(text).isValid()))
            *errors << where + u": \"%1\" is no URI"_s.arg(text);
        if (schema.contains("maxLength"_L1) && text.size() > schema.value("maxLength"_L1).toInt())
            *errors << where + u": longer than %1 characters"_s.arg(schema.value("maxLength"_L1).toInt());
        if (schema.contains("minLength"_L1) && text.size() < schema.value("minLength"_L1).toInt())
            *errors << where + u": shorter than %1 characters"_s.arg(schema.value("minLength"_L1).toInt());
    } else if (type == u"array"_s) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            check(array.at(i), schema.value("items"_L1).toObject(), where + u'[' + QString::number(i) + u']', errors);
    } else if (type == u"object"_s) {
        const QJsonObject object = value.toObject();
        for (const QJsonValue &name : schema.value("required"_L1).toArray())
            if (!object.contains(name.toString()))
                *errors << where + u": required property %1 is missing"_s.arg(name.toString());
        const QJsonObject properties = schema.value("properties"_L1).toObject();
        const QJsonValue additional = schema.value("additionalProperties"_L1);
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString at = where + u'.' + it.key();
            if (properties.contains(it.key()))
                check(it.value(), properties.value(it.key()).toObject(), at, errors);
            else if (additional.isBool() && !additional.toBool())
                *errors << at + u": not a property the description allows"_s;
            else if (additional.isObject())
                check(it.value(), additional.toObject(), at, errors);
        }
    }
}

} // namespace pd::test
