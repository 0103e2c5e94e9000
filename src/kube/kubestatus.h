#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace pd::kube {

// One entry of Status.details.causes: which field was wrong and why.
struct StatusCause
{
    QString reason;     // e.g. FieldValueRequired, FieldValueInvalid, FieldValueDuplicate
    QString message;
    QString field;      // e.g. metadata.name, spec.template.spec.containers[0].image

    bool operator==(const StatusCause &other) const = default;
};

// Status.details: what the error is about.
struct StatusDetails
{
    QString name;
    QString group;
    QString kind;
    QString uid;
    QList<StatusCause> causes;
    int retryAfterSeconds = 0;

    bool operator==(const StatusDetails &other) const = default;
};

// The reason strings a kube-apiserver sends (metav1.StatusReason).
namespace reason {
inline constexpr QLatin1StringView NotFound{"NotFound"};
inline constexpr QLatin1StringView AlreadyExists{"AlreadyExists"};
inline constexpr QLatin1StringView Conflict{"Conflict"};
inline constexpr QLatin1StringView Invalid{"Invalid"};
inline constexpr QLatin1StringView Forbidden{"Forbidden"};
inline constexpr QLatin1StringView Unauthorized{"Unauthorized"};
inline constexpr QLatin1StringView BadRequest{"BadRequest"};
inline constexpr QLatin1StringView MethodNotAllowed{"MethodNotAllowed"};
inline constexpr QLatin1StringView UnsupportedMediaType{"UnsupportedMediaType"};
inline constexpr QLatin1StringView NotAcceptable{"NotAcceptable"};
inline constexpr QLatin1StringView Expired{"Expired"};
inline constexpr QLatin1StringView Gone{"Gone"};
inline constexpr QLatin1StringView TooManyRequests{"TooManyRequests"};
inline constexpr QLatin1StringView InternalError{"InternalError"};
inline constexpr QLatin1StringView ServiceUnavailable{"ServiceUnavailable"};
inline constexpr QLatin1StringView Timeout{"Timeout"};
inline constexpr QLatin1StringView ServerTimeout{"ServerTimeout"};
inline constexpr QLatin1StringView RequestEntityTooLarge{"RequestEntityTooLarge"};
} // namespace reason

// A decoded metav1.Status. Empty (code 0) when the answer was not a Status.
struct KubeStatus
{
    int code = 0;                 // HTTP code the Status names
    QString status;               // "Success" | "Failure"
    QString reason;               // see pd::kube::reason
    QString message;              // the server's text, e.g. deployments.apps "web" not found
    StatusDetails details;

    bool isEmpty() const { return code == 0 && reason.isEmpty() && message.isEmpty(); }
    bool isSuccess() const { return status == QLatin1StringView("Success"); }

    bool isNotFound() const;
    bool isAlreadyExists() const;
    bool isConflict() const;              // reason Conflict (stale resourceVersion, apply conflict)
    bool isInvalid() const;
    bool isForbidden() const;
    bool isUnauthorized() const;
    bool isBadRequest() const;
    bool isGone() const;                  // 410: Expired or Gone (stale resourceVersion/continue)
    bool isTooManyRequests() const;
    bool isServerError() const;           // code >= 500

    // Decodes `{"kind":"Status",...}`; nullopt when the object is not a Status.
    static std::optional<KubeStatus> fromJson(const QJsonObject &object);
    // The wire form, exactly as a kube-apiserver writes it (the sandbox uses this too).
    QJsonObject toJson() const;

    // A Failure Status as the apiserver would build it.
    static KubeStatus failure(int code, const QString &reason, const QString &message,
                              const StatusDetails &details = {});
    // The reason a server uses for a bare HTTP code when the body carries no Status
    // (mirrors apimachinery's NewGenericServerResponse): 404 -> NotFound, 429 -> TooManyRequests ...
    static QString reasonForHttpCode(int code);

    // One line for a user: the message plus causes ("...: spec.replicas: Invalid value").
    QString toDisplayString() const;

    bool operator==(const KubeStatus &other) const = default;
};

} // namespace pd::kube
