#include "kubestatus.h"

#include <QJsonArray>

namespace pd::kube {

using namespace Qt::StringLiterals;

bool KubeStatus::isNotFound() const { return reason == reason::NotFound || (reason.isEmpty() && code == 404); }
bool KubeStatus::isAlreadyExists() const { return reason == reason::AlreadyExists; }
bool KubeStatus::isConflict() const { return reason == reason::Conflict; }
bool KubeStatus::isInvalid() const { return reason == reason::Invalid || (reason.isEmpty() && code == 422); }
bool KubeStatus::isForbidden() const { return reason == reason::Forbidden || (reason.isEmpty() && code == 403); }
bool KubeStatus::isUnauthorized() const { return reason == reason::Unauthorized || (reason.isEmpty() && code == 401); }
bool KubeStatus::isBadRequest() const { return reason == reason::BadRequest || (reason.isEmpty() && code == 400); }
bool KubeStatus::isGone() const { return reason == reason::Expired || reason == reason::Gone || code == 410; }
bool KubeStatus::isTooManyRequests() const { return reason == reason::TooManyRequests || code == 429; }
bool KubeStatus::isServerError() const { return code >= 500; }

std::optional<KubeStatus> KubeStatus::fromJson(const QJsonObject &object)
{
    if (object.value("kind"_L1).toString() != "Status"_L1)
        return std::nullopt;
    KubeStatus s;
    s.code = object.value("code"_L1).toInt();
    s.status = object.value("status"_L1).toString();
    s.reason = object.value("reason"_L1).toString();
    s.message = object.value("message"_L1).toString();
    const QJsonObject details = object.value("details"_L1).toObject();
    s.details.name = details.value("name"_L1).toString();
    s.details.group = details.value("group"_L1).toString();
    s.details.kind = details.value("kind"_L1).toString();
    s.details.uid = details.value("uid"_L1).toString();
    s.details.retryAfterSeconds = details.value("retryAfterSeconds"_L1).toInt();
    const QJsonArray causes = details.value("causes"_L1).toArray();
    for (const QJsonValue &value : causes) {
        const QJsonObject c = value.toObject();
        s.details.causes.append({c.value("reason"_L1).toString(), c.value("message"_L1).toString(),
                                 c.value("field"_L1).toString()});
    }
    return s;
}

QJsonObject KubeStatus::toJson() const
{
    QJsonObject o{{"kind"_L1, "Status"_L1},
                  {"apiVersion"_L1, "v1"_L1},
                  {"metadata"_L1, QJsonObject{}},
                  {"status"_L1, status.isEmpty() ? u"Failure"_s : status}};
    if (!message.isEmpty())
        o.insert("message"_L1, message);
    if (!reason.isEmpty())
        o.insert("reason"_L1, reason);
    QJsonObject d;
    if (!details.name.isEmpty())
        d.insert("name"_L1, details.name);
    if (!details.group.isEmpty())
        d.insert("group"_L1, details.group);
    if (!details.kind.isEmpty())
        d.insert("kind"_L1, details.kind);
    if (!details.uid.isEmpty())
        d.insert("uid"_L1, details.uid);
    if (!details.causes.isEmpty()) {
        QJsonArray causes;
        for (const StatusCause &c : details.causes) {
            QJsonObject co;
            if (!c.reason.isEmpty())
                co.insert("reason"_L1, c.reason);
            if (!c.message.isEmpty())
                co.insert("message"_L1, c.message);
            if (!c.field.isEmpty())
                co.insert("field"_L1, c.field);
            causes.append(co);
        }
        d.insert("causes"_L1, causes);
    }
    if (details.retryAfterSeconds > 0)
        d.insert("retryAfterSeconds"_L1, details.retryAfterSeconds);
    if (!d.isEmpty())
        o.insert("details"_L1, d);
    o.insert("code"_L1, code);
    return o;
}

KubeStatus KubeStatus::failure(int code, const QString &reasonText, const QString &message,
                               const StatusDetails &details)
{
    KubeStatus s;
    s.code = code;
    s.status = u"Failure"_s;
    s.reason = reasonText;
    s.message = message;
    s.details = details;
    return s;
}

QString KubeStatus::reasonForHttpCode(int code)
{
    switch (code) {
    case 400: return reason::BadRequest;
    case 401: return reason::Unauthorized;
    case 403: return reason::Forbidden;
    case 404: return reason::NotFound;
    case 405: return reason::MethodNotAllowed;
    case 406: return reason::NotAcceptable;
    case 409: return reason::Conflict;
    case 410: return reason::Gone;
    case 413: return reason::RequestEntityTooLarge;
    case 415: return reason::UnsupportedMediaType;
    case 422: return reason::Invalid;
    case 429: return reason::TooManyRequests;
    case 500: return reason::InternalError;
    case 503: return reason::ServiceUnavailable;
    case 504: return reason::Timeout;
    default: return {};
    }
}

QString KubeStatus::toDisplayString() const
{
    QString text = message.isEmpty() ? reason : message;
    // An Invalid message already lists the causes ("...: spec.x: Required value"); others may not.
    QStringList missing;
    for (const StatusCause &c : details.causes) {
        const QString part = c.field.isEmpty() ? c.message : c.field + u": "_s + c.message;
        if (!part.isEmpty() && !text.contains(c.message))
            missing.append(part);
    }
    if (!missing.isEmpty())
        text += u" ("_s + missing.join(u"; "_s) + u')';
    return text;
}

} // namespace pd::kube
