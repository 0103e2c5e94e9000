#pragma once
// The one status vocabulary of asynchronous work (after libQuotient's BaseJob::Status):
// a code whose range is its level, the message for a user, the HTTP code when an answer
// came. ApiResult::outcome() gives it for a request; core's results give it from status().
#include <QMetaType>
#include <QString>

namespace pd::kube {

struct Status
{
    // Codes below WarningLevel succeeded, below CancelledLevel succeeded with something
    // to say, CancelledLevel was stopped on purpose, from ErrorLevel on failed. Core's
    // results add their own codes from UserDefinedError on (keep them in the error range).
    enum Code : int {
        Success = 0,
        WarningLevel = 20,
        Warning = WarningLevel,         // done, with a notice the message carries
        Partial,                        // some of the work was done, the message says what
        CancelledLevel = 50,
        Cancelled = CancelledLevel,     // aborted or cancelled: nothing more runs for it
        ErrorLevel = 100,
        Failed = ErrorLevel,            // failed; nothing more specific is known
        NetworkError,                   // no answer: refused, DNS, TLS, proxy
        Timeout,                        // no answer in time
        LocalError,                     // no request went out (credentials, not connected, a rule refused)
        Unauthorized,                   // 401
        Forbidden,                      // 403
        NotFound,                       // 404
        Conflict,                       // 409 (AlreadyExists, a changed object)
        Invalid,                        // 400, 422: the request itself
        TooManyRequests,                // 429
        ServerError,                    // 5xx
        HttpError,                      // any other non-2xx answer
        UserDefinedError = 256,
    };
    enum class Level { Success, Warning, Cancelled, Error };

    int code = Success;
    QString message;    // one line for a user; empty on plain success
    int httpCode = 0;   // of the answer the status is about; 0 without one

    Level level() const
    {
        return code < WarningLevel ? Level::Success
             : code < CancelledLevel ? Level::Warning
             : code < ErrorLevel ? Level::Cancelled : Level::Error;
    }
    bool good() const { return code < CancelledLevel; }   // success, with or without a warning
    bool isCancelled() const { return level() == Level::Cancelled; }
    bool isError() const { return code >= ErrorLevel; }

    // The error code an HTTP failure maps to (Success for 2xx, HttpError for the rest).
    static int codeForHttp(int httpCode);
    static Status success(const QString &message = {}) { return Status{Success, message, 0}; }
    static Status cancelled(const QString &message) { return Status{Cancelled, message, 0}; }
    static Status failure(const QString &message, int code = Failed, int httpCode = 0)
    {
        return Status{code, message, httpCode};
    }
};

} // namespace pd::kube

Q_DECLARE_METATYPE(pd::kube::Status)
