#pragma once

// Drives an ApiServer through in-memory exchanges: one call = one request.

#include "testexchange.h"

#include <sandbox/apiserver.h>
#include <sandbox/objectstore.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include <memory>

namespace pd::sandbox::test {

struct Reply
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QJsonObject json;
    QList<QPair<QByteArray, QByteArray>> headers;

    QString message() const { return json.value(QStringLiteral("message")).toString(); }
    QString reason() const { return json.value(QStringLiteral("reason")).toString(); }
    QJsonObject metadata() const { return json.value(QStringLiteral("metadata")).toObject(); }
    QJsonArray items() const { return json.value(QStringLiteral("items")).toArray(); }
    QStringList itemNames() const
    {
        QStringList names;
        for (const auto &i : items())
            names << i.toObject().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
        return names;
    }
};

inline HttpRequest makeRequest(const QByteArray &method, const QString &target, const QByteArray &body = {},
                               const QByteArray &contentType = QByteArrayLiteral("application/json"),
                               const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    HttpRequest r;
    r.method = method;
    const QUrl url(QStringLiteral("http://sandbox") + target);
    r.path = url.path(QUrl::FullyDecoded);
    r.query = QUrlQuery(url.query(QUrl::FullyEncoded));
    r.body = body;
    r.headers = headers;
    if (!body.isEmpty())
        r.headers.append({QByteArrayLiteral("content-type"), contentType});
    r.headers.append({QByteArrayLiteral("host"), QByteArrayLiteral("127.0.0.1:6443")});
    return r;
}

inline Reply call(ApiServer &api, const QByteArray &method, const QString &target, const QJsonObject &body = {},
                  const QByteArray &contentType = QByteArrayLiteral("application/json"),
                  const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    const QByteArray raw = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    TestExchange ex(makeRequest(method, target, raw, contentType, headers));
    api.handle(&ex);
    Reply r{ex.status, ex.body, ex.contentType, ex.json(), ex.headers};
    return r;
}

inline Reply callRaw(ApiServer &api, const QByteArray &method, const QString &target, const QByteArray &body,
                     const QByteArray &contentType, const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    TestExchange ex(makeRequest(method, target, body, contentType, headers));
    api.handle(&ex);
    return Reply{ex.status, ex.body, ex.contentType, ex.json(), ex.headers};
}

inline QJsonObject object(const QString &apiVersion, const QString &kind, const QString &name,
                          const QJsonObject &extra = {}, const QJsonObject &labels = {})
{
    QJsonObject meta{{QStringLiteral("name"), name}};
    if (!labels.isEmpty())
        meta.insert(QStringLiteral("labels"), labels);
    QJsonObject o{{QStringLiteral("apiVersion"), apiVersion}, {QStringLiteral("kind"), kind}, {QStringLiteral("metadata"), meta}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

inline QJsonObject namespaceObject(const QString &name, const QJsonObject &labels = {})
{
    return object(QStringLiteral("v1"), QStringLiteral("Namespace"), name, {}, labels);
}

inline QJsonObject podObject(const QString &name, const QJsonObject &labels = {}, const QString &phase = QStringLiteral("Running"))
{
    return object(QStringLiteral("v1"), QStringLiteral("Pod"), name,
                  QJsonObject{{QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"),
                      QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("app")}, {QStringLiteral("image"), QStringLiteral("nginx:1.27")}}}}}},
                              {QStringLiteral("status"), QJsonObject{{QStringLiteral("phase"), phase}}}},
                  labels);
}

inline QJsonObject deploymentObject(const QString &name, int replicas, const QJsonObject &labels = {})
{
    const QJsonObject match{{QStringLiteral("app"), name}};
    return object(QStringLiteral("apps/v1"), QStringLiteral("Deployment"), name,
                  QJsonObject{{QStringLiteral("spec"), QJsonObject{
                      {QStringLiteral("replicas"), replicas},
                      {QStringLiteral("selector"), QJsonObject{{QStringLiteral("matchLabels"), match}}},
                      {QStringLiteral("template"), QJsonObject{
                          {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("labels"), match}}},
                          {QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"), QJsonArray{
                              QJsonObject{{QStringLiteral("name"), QStringLiteral("web")}, {QStringLiteral("image"), QStringLiteral("shop/web:1.0")}}}}}}}}}}},
                  labels);
}

} // namespace pd::sandbox::test
