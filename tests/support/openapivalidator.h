#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

namespace pd::test {

// Checks HTTP exchanges against an OpenAPI 3.0 description (GitHub's, from the npm package
// @octokit/openapi): the operation must exist for METHOD and path, its path and query
// parameters must be declared and of their schema's type, a JSON body must match the
// requestBody schema, and a response's status must be documented and its body match
// that response's schema. Schemas: $ref, type with nullable, enum, properties, required,
// additionalProperties, items, allOf, anyOf, oneOf, date-time and uri formats, lengths.
class OpenApiValidator final
{
public:
    bool load(const QString &path, QString *error);
    bool isLoaded() const { return !m_spec.isEmpty(); }

    // path: relative to the API base ("/repos/o/r/deployments"). Each problem as one line.
    QStringList validateRequest(const QByteArray &method, const QString &path, const QUrlQuery &query,
                                const QByteArray &body, QString *operationId = nullptr) const;
    QStringList validateResponse(const QByteArray &method, const QString &path, int status, const QByteArray &body) const;
    QStringList validateValue(const QJsonValue &value, const QJsonObject &schema, const QString &where) const;

private:
    QJsonObject resolve(const QJsonObject &object) const;
    QJsonObject operation(const QByteArray &method, const QString &path, QString *templatePath, QHash<QString, QString> *pathValues) const;
    void check(const QJsonValue &value, const QJsonObject &schema, const QString &where, QStringList *errors) const;
    bool checkScalar(const QString &text, const QJsonObject &schema) const;

    QJsonObject m_spec;
};

} // namespace pd::test
