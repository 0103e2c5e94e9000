#include "apiresult.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace pd::kube {

using namespace Qt::StringLiterals;

namespace {

QString hostOf(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return QCoreApplication::translate("pd::kube::ApiResult", "the server");
    return url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
        .toString();
}

// A proxy's or load balancer's HTML error page: keep its <title> or first text, short.
QString summariseBody(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(4096));
    static const QRegularExpression title(u"<title[^>]*>(.*?)</title>"_s,
                                          QRegularExpression::CaseInsensitiveOption
                                              | QRegularExpression::DotMatchesEverythingOption);
    const auto match = title.match(text);
    if (match.hasMatch()) {
        text = match.captured(1);
    } else {
        static const QRegularExpression tags(u"<[^>]*>"_s);
        text.remove(tags);
    }
    text = text.simplified();
    if (text.size() > 200)
        text = text.left(197) + u"..."_s;
    return text;
}

} // namespace

bool ApiResult::ok() const
{
    return networkError == QNetworkReply::NoError && errorText.isEmpty() && httpCode >= 200 && httpCode < 300;
}

QString ApiResult::message() const
{
    if (ok())
        return {};
    if (!errorText.isEmpty())
        return errorText;
    if (!status.message.isEmpty())
        return status.toDisplayString();
    QString text = QCoreApplication::translate("pd::kube::ApiResult", "HTTP %1 from %2").arg(httpCode).arg(hostOf(url));
    const QString summary = summariseBody(body);
    if (!summary.isEmpty())
        text += u": "_s + summary;
    else if (!status.reason.isEmpty())
        text += u": "_s + status.reason;
    return text;
}

int Status::codeForHttp(int httpCode)
{
    if (httpCode >= 200 && httpCode < 300)
        return Success;
    switch (httpCode) {
    case 400: case 422: return Invalid;
    case 401: return Unauthorized;
    case 403: return Forbidden;
    case 404: return NotFound;
    case 409: return Conflict;
    case 429: return TooManyRequests;
    default: return httpCode >= 500 && httpCode < 600 ? ServerError : HttpError;
    }
}

Status ApiResult::outcome() const
{
    if (ok())
        return Status{Status::Success, {}, httpCode};
    if (aborted())
        return Status{Status::Cancelled, message(), 0};
    if (timedOut || networkError == QNetworkReply::TimeoutError)
        return Status{Status::Timeout, message(), httpCode};
    if (networkError != QNetworkReply::NoError && httpCode == 0)
        return Status{Status::NetworkError, message(), 0};
    if (httpCode == 0)
        return Status{Status::LocalError, message(), 0};
    return Status{Status::codeForHttp(httpCode), message(), httpCode};
}

QString ApiResult::resourceVersion() const
{
    return object.value("metadata"_L1).toObject().value("resourceVersion"_L1).toString();
}

QString ApiResult::continueToken() const
{
    return object.value("metadata"_L1).toObject().value("continue"_L1).toString();
}

QJsonArray ApiResult::items() const
{
    return object.value("items"_L1).toArray();
}

ApiResult ApiResult::fromNetworkError(QNetworkReply::NetworkError error, const QUrl &url, const QString &qtText)
{
    ApiResult r;
    r.networkError = error;
    r.url = url;
    r.errorText = describeNetworkError(error, url, qtText);
    r.timedOut = error == QNetworkReply::TimeoutError;
    return r;
}

ApiResult ApiResult::fromHttp(int httpCode, const QByteArray &body, const QByteArray &contentType)
{
    ApiResult r;
    r.httpCode = httpCode;
    r.body = body;
    r.contentType = contentType;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const bool isJson = parseError.error == QJsonParseError::NoError && doc.isObject();
    if (httpCode >= 200 && httpCode < 300) {
        if (isJson)
            r.object = doc.object();
        return r;
    }
    if (isJson) {
        if (auto status = KubeStatus::fromJson(doc.object())) {
            r.status = *status;
            if (r.status.code == 0)
                r.status.code = httpCode;
            return r;
        }
        r.object = doc.object();
    }
    // No Status in the body (a proxy in between, or an old server): synthesise one as
    // client-go does, so callers can still test reasons.
    r.status = KubeStatus::failure(httpCode, KubeStatus::reasonForHttpCode(httpCode), {});
    if (httpCode == 404 && body.isEmpty())
        r.status.message = u"the server could not find the requested resource"_s;
    return r;
}

ApiResult ApiResult::fromAbort(const QUrl &url)
{
    return fromNetworkError(QNetworkReply::OperationCanceledError, url);
}

ApiResult ApiResult::fromLocalError(const QString &text)
{
    ApiResult r;
    r.errorText = text;
    return r;
}

QString describeNetworkError(QNetworkReply::NetworkError error, const QUrl &url, const QString &qtText)
{
    const QString where = hostOf(url);
    const QString cannotReach = QCoreApplication::translate("pd::kube::ApiResult", "cannot reach %1: ").arg(where);
    auto withDetail = [&](const QString &text) {
        return qtText.isEmpty() ? text : text + u" ("_s + qtText + u')';
    };
    switch (error) {
    case QNetworkReply::NoError:
        return {};
    case QNetworkReply::ConnectionRefusedError:
        return cannotReach + QCoreApplication::translate("pd::kube::ApiResult", "connection refused (is the cluster running and the address right?)");
    case QNetworkReply::RemoteHostClosedError:
        return QCoreApplication::translate("pd::kube::ApiResult", "%1 closed the connection unexpectedly").arg(where);
    case QNetworkReply::HostNotFoundError:
        return cannotReach + QCoreApplication::translate("pd::kube::ApiResult", "host name \"%1\" not found (check the server address or your DNS/VPN)").arg(url.host());
    case QNetworkReply::TimeoutError:
        return QCoreApplication::translate("pd::kube::ApiResult", "%1 did not answer in time (timed out)").arg(where);
    case QNetworkReply::OperationCanceledError:
        return QCoreApplication::translate("pd::kube::ApiResult", "the request to %1 was cancelled").arg(where);
    case QNetworkReply::SslHandshakeFailedError:
        return withDetail(QCoreApplication::translate("pd::kube::ApiResult", "TLS handshake with %1 failed: the server certificate is not trusted "
                          "(check certificate-authority in the kubeconfig)").arg(where));
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return cannotReach + QCoreApplication::translate("pd::kube::ApiResult", "the network is down or changed");
    case QNetworkReply::BackgroundRequestNotAllowedError:
        return cannotReach + QCoreApplication::translate("pd::kube::ApiResult", "background requests are not allowed");
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return withDetail(QCoreApplication::translate("pd::kube::ApiResult", "%1 redirected too often or to an insecure address").arg(where));
    case QNetworkReply::ProxyConnectionRefusedError:
        return QCoreApplication::translate("pd::kube::ApiResult", "cannot reach the proxy: connection refused");
    case QNetworkReply::ProxyConnectionClosedError:
        return QCoreApplication::translate("pd::kube::ApiResult", "the proxy closed the connection unexpectedly");
    case QNetworkReply::ProxyNotFoundError:
        return QCoreApplication::translate("pd::kube::ApiResult", "the proxy host was not found (check proxy-url in the kubeconfig)");
    case QNetworkReply::ProxyTimeoutError:
        return QCoreApplication::translate("pd::kube::ApiResult", "the proxy did not answer in time");
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return QCoreApplication::translate("pd::kube::ApiResult", "the proxy asks for credentials");
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::UnknownProxyError:
        return withDetail(cannotReach + QCoreApplication::translate("pd::kube::ApiResult", "network error"));
    case QNetworkReply::ProtocolUnknownError:
        return QCoreApplication::translate("pd::kube::ApiResult", "unsupported address %1 (use https:// or http://)").arg(url.toString());
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::UnknownServerError:
        return withDetail(QCoreApplication::translate("pd::kube::ApiResult", "%1 sent an answer that is not valid HTTP").arg(where));
    default:
        return withDetail(QCoreApplication::translate("pd::kube::ApiResult", "request to %1 failed").arg(where));
    }
}

} // namespace pd::kube
