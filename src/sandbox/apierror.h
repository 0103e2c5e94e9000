#pragma once

#include "groupresource.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace pd::sandbox {

// A failed API call as kube-apiserver reports it: the HTTP code plus the fields of
// a metav1.Status (reason, message, details). code == 0 means "no error".
struct ApiError
{
    int code = 0;
    QString reason;              // NotFound, AlreadyExists, Conflict, Invalid, Forbidden, ...
    QString message;
    QString detailsName;
    QString detailsGroup;
    QString detailsKind;         // the plural resource for most errors, the Kind for Invalid
    QJsonArray causes;           // [{reason, message, field}]
    int retryAfterSeconds = 0;

    bool isError() const { return code != 0; }
    explicit operator bool() const { return isError(); }

    // {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",...}
    QJsonObject toStatus() const;
    QByteArray toJson() const;

    // Messages worded exactly as apimachinery's errors package words them.
    // `resource` is "deployments.apps" / "pods" (GroupResource::toString()).
    static ApiError notFound(const GroupResource &resource, const QString &name);
    static ApiError alreadyExists(const GroupResource &resource, const QString &name);
    static ApiError conflict(const GroupResource &resource, const QString &name, const QString &why);
    // "the object has been modified; please apply your changes to the latest version and try again"
    static ApiError conflictModified(const GroupResource &resource, const QString &name);
    // Kind "Deployment", causes [{reason:FieldValueInvalid, message, field}].
    static ApiError invalid(const QString &group, const QString &kind, const QString &name, const QJsonArray &causes);
    static ApiError forbidden(const QString &message, const GroupResource &resource = {}, const QString &name = {});
    static ApiError badRequest(const QString &message);
    static ApiError unauthorized(const QString &message = QStringLiteral("Unauthorized"));
    static ApiError methodNotAllowed(const QString &message = QStringLiteral("the server does not allow this method on the requested resource"));
    static ApiError unsupportedMediaType(const QString &contentType);
    static ApiError expired(const QString &message);     // 410 Expired
    // 504 Timeout "Too large resource version: N, current: M" (cause ResourceVersionTooLarge).
    static ApiError tooLargeResourceVersion(qint64 requested, qint64 current);
    static ApiError gone(const QString &message);        // 410 Gone
    static ApiError notAcceptable(const QString &message);
    static ApiError tooManyRequests(int retryAfterSeconds, const QString &message = QStringLiteral("Too many requests, please try again later."));
    static ApiError internalError(const QString &message);
    static ApiError serviceUnavailable(const QString &message = QStringLiteral("the server is currently unable to handle the request"));
    static ApiError unprocessable(const QString &message);  // 422 without causes
    static ApiError requestEntityTooLarge(const QString &message);
    // A cause entry for invalid().
    static QJsonObject cause(const QString &reason, const QString &message, const QString &field);
};

} // namespace pd::sandbox
