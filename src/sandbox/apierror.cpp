#include "apierror.h"

#include "resourceregistry.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {
ApiError make(int code, const QString &reason, const QString &message)
{
    ApiError e;
    e.code = code;
    e.reason = reason;
    e.message = message;
    return e;
}
} // namespace

QJsonObject ApiError::toStatus() const
{
    QJsonObject status{{u"kind"_s, u"Status"_s},
                       {u"apiVersion"_s, u"v1"_s},
                       {u"metadata"_s, QJsonObject{}},
                       {u"status"_s, u"Failure"_s},
                       {u"message"_s, message},
                       {u"code"_s, code}};
    if (!reason.isEmpty())
        status.insert(u"reason"_s, reason);
    QJsonObject details;
    if (!detailsName.isEmpty())
        details.insert(u"name"_s, detailsName);
    if (!detailsGroup.isEmpty())
        details.insert(u"group"_s, detailsGroup);
    if (!detailsKind.isEmpty())
        details.insert(u"kind"_s, detailsKind);
    if (!causes.isEmpty())
        details.insert(u"causes"_s, causes);
    if (retryAfterSeconds > 0)
        details.insert(u"retryAfterSeconds"_s, retryAfterSeconds);
    if (!details.isEmpty())
        status.insert(u"details"_s, details);
    return status;
}

QByteArray ApiError::toJson() const
{
    return QJsonDocument(toStatus()).toJson(QJsonDocument::Compact);
}

ApiError ApiError::notFound(const GroupResource &resource, const QString &name)
{
    ApiError e = make(404, u"NotFound"_s, u"%1 \"%2\" not found"_s.arg(resource.toString(), name));
    e.detailsName = name;
    e.detailsGroup = resource.group;
    e.detailsKind = resource.resource;
    return e;
}

ApiError ApiError::alreadyExists(const GroupResource &resource, const QString &name)
{
    ApiError e = make(409, u"AlreadyExists"_s, u"%1 \"%2\" already exists"_s.arg(resource.toString(), name));
    e.detailsName = name;
    e.detailsGroup = resource.group;
    e.detailsKind = resource.resource;
    return e;
}

ApiError ApiError::conflict(const GroupResource &resource, const QString &name, const QString &why)
{
    ApiError e = make(409, u"Conflict"_s,
                      u"Operation cannot be fulfilled on %1 \"%2\": %3"_s.arg(resource.toString(), name, why));
    e.detailsName = name;
    e.detailsGroup = resource.group;
    e.detailsKind = resource.resource;
    return e;
}

ApiError ApiError::conflictModified(const GroupResource &resource, const QString &name)
{
    return conflict(resource, name,
                    u"the object has been modified; please apply your changes to the latest version and try again"_s);
}

ApiError ApiError::invalid(const QString &group, const QString &kind, const QString &name, const QJsonArray &causes)
{
    QStringList parts;
    for (const auto &c : causes) {
        const QJsonObject o = c.toObject();
        const QString field = o.value(u"field"_s).toString();
        parts << (field.isEmpty() ? o.value(u"message"_s).toString()
                                  : field + u": "_s + o.value(u"message"_s).toString());
    }
    QString list = parts.join(u", "_s);
    if (parts.size() > 1)
        list = u'[' + list + u']';
    const QString gk = group.isEmpty() ? kind : kind + u'.' + group;
    ApiError e = make(422, u"Invalid"_s, u"%1 \"%2\" is invalid: %3"_s.arg(gk, name, list));
    e.detailsName = name;
    e.detailsGroup = group;
    e.detailsKind = kind;
    e.causes = causes;
    return e;
}

ApiError ApiError::forbidden(const QString &message, const GroupResource &resource, const QString &name)
{
    ApiError e = make(403, u"Forbidden"_s, message);
    e.detailsName = name;
    e.detailsGroup = resource.group;
    e.detailsKind = resource.resource;
    return e;
}

ApiError ApiError::badRequest(const QString &message) { return make(400, u"BadRequest"_s, message); }
ApiError ApiError::unauthorized(const QString &message) { return make(401, u"Unauthorized"_s, message); }
ApiError ApiError::methodNotAllowed(const QString &message) { return make(405, u"MethodNotAllowed"_s, message); }

ApiError ApiError::unsupportedMediaType(const QString &contentType)
{
    return make(415, u"UnsupportedMediaType"_s, u"the body of the request was in an unknown format - accepted media types include: "
                                                u"application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
                                                u"application/strategic-merge-patch+json (got \"%1\")"_s.arg(contentType));
}

ApiError ApiError::expired(const QString &message) { return make(410, u"Expired"_s, message); }
ApiError ApiError::tooLargeResourceVersion(qint64 requested, qint64 current)
{
    ApiError e = make(504, u"Timeout"_s, u"Timeout: Too large resource version: %1, current: %2"_s.arg(requested).arg(current));
    e.causes = QJsonArray{QJsonObject{{u"reason"_s, u"ResourceVersionTooLarge"_s}, {u"message"_s, u"Too large resource version"_s}}};
    e.retryAfterSeconds = 1;
    return e;
}

ApiError ApiError::gone(const QString &message) { return make(410, u"Gone"_s, message); }
ApiError ApiError::notAcceptable(const QString &message) { return make(406, u"NotAcceptable"_s, message); }

ApiError ApiError::tooManyRequests(int retryAfterSeconds, const QString &message)
{
    ApiError e = make(429, u"TooManyRequests"_s, message);
    e.retryAfterSeconds = retryAfterSeconds;
    return e;
}

ApiError ApiError::internalError(const QString &message)
{
    ApiError e = make(500, u"InternalError"_s, u"Internal error occurred: "_s + message);
    e.causes = QJsonArray{QJsonObject{{u"message"_s, message}}};
    return e;
}

ApiError ApiError::serviceUnavailable(const QString &message) { return make(503, u"ServiceUnavailable"_s, message); }
ApiError ApiError::unprocessable(const QString &message) { return make(422, u"Invalid"_s, message); }
ApiError ApiError::requestEntityTooLarge(const QString &message) { return make(413, u"RequestEntityTooLarge"_s, message); }

QJsonObject ApiError::cause(const QString &reason, const QString &message, const QString &field)
{
    return QJsonObject{{u"reason"_s, reason}, {u"message"_s, message}, {u"field"_s, field}};
}

} // namespace pd::sandbox
