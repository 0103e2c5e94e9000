#pragma once
// Small helpers shared by the patch tests: JSON text <-> QJsonValue for table rows.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QString>

namespace pd::kube::testutil {

// Any JSON value (scalars included), or undefined when the text is not JSON.
inline QJsonValue js(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QString(u'[' + text + u']').toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        return QJsonValue(QJsonValue::Undefined);
    return doc.array().at(0);
}

// Compact text of any value, keys sorted (QJsonObject keeps them sorted).
inline QString text(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

} // namespace pd::kube::testutil
