#pragma once

#include "kubestatus.h"
#include "status.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QMetaType>
#include <QNetworkReply>
#include <QString>
#include <QUrl>

namespace pd::kube {

// What every API call resolves to: the object on success, otherwise the decoded
// Status, or a network error described in plain language.
struct ApiResult
{
    int httpCode = 0;                  // 0: no HTTP answer (network error, timeout, no credentials)
    QJsonObject object;                // the decoded JSON body on success (object, list, Table, Scale ...)
    KubeStatus status;                 // the Status of a failed answer (synthesised for non-Status bodies)
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString errorText;                 // plain-language text for network/credential errors; empty otherwise
    QByteArray body;                   // the raw body (non-JSON answers, e.g. pod logs; HTML from a proxy)
    QByteArray contentType;
    QString method;                    // GET, POST ... as sent (for messages)
    QUrl url;                          // as sent
    int attempts = 0;                  // how many times the request went out (retries + 1)
    bool timedOut = false;             // the per-request timeout fired

    // 2xx with no network error.
    bool ok() const;
    // The call in the one status vocabulary: Success, Cancelled (aborted through its
    // ApiCall), or the error kind with message() and httpCode.
    Status outcome() const;
    // Aborted through its ApiCall before an answer came.
    bool aborted() const { return networkError == QNetworkReply::OperationCanceledError; }
    // The best one-line text for a user: the Status message (with causes), the network
    // text, or "HTTP 502 from https://..": ... for odd bodies. Empty when ok().
    QString message() const;

    // Convenience on the decoded object.
    QString resourceVersion() const;   // metadata.resourceVersion
    QString continueToken() const;     // metadata.continue (lists)
    QJsonArray items() const;          // items (lists)

    // Builders used by the client and by tests.
    static ApiResult fromNetworkError(QNetworkReply::NetworkError error, const QUrl &url,
                                      const QString &qtText = {});
    static ApiResult fromHttp(int httpCode, const QByteArray &body, const QByteArray &contentType);
    static ApiResult fromLocalError(const QString &text);   // e.g. credentials could not be had
    static ApiResult fromAbort(const QUrl &url);             // ApiCall::abort()
};

// The one place that turns a QNetworkReply::NetworkError into text a user can act
// on, e.g. ConnectionRefusedError -> "cannot reach https://host:6443: connection refused".
// qtText (QNetworkReply::errorString()) is appended for the TLS and unknown cases.
QString describeNetworkError(QNetworkReply::NetworkError error, const QUrl &url, const QString &qtText = {});

} // namespace pd::kube

Q_DECLARE_METATYPE(pd::kube::ApiResult)
