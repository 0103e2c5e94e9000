#include "retrypolicy.h"

#include "apirequest.h"
#include "apiresult.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace pd::kube {

using namespace std::chrono;

RetryPolicy::RetryPolicy()
    : RetryPolicy(Settings{})
{
}

RetryPolicy::RetryPolicy(Settings settings, RandomSource random)
    : m_settings(settings)
    , m_random(std::move(random))
{
    if (!m_random)
        m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

bool RetryPolicy::isRetryable(const ApiRequest &request, const ApiResult &result)
{
    if (result.httpCode == 429)
        return true;   // refused before anything happened: safe for every verb
    if (!request.isIdempotent())
        return false;
    if (result.httpCode >= 500 && result.httpCode != 501)
        return true;
    if (result.httpCode != 0)
        return false;
    switch (result.networkError) {
    case QNetworkReply::RemoteHostClosedError:       // connection reset / EOF
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::UnknownNetworkError:
        return true;
    default:
        return false;   // refused, DNS, TLS, timeouts: resending does not help quickly
    }
}

milliseconds RetryPolicy::backoff(int retry) const
{
    const double base = double(m_settings.baseDelay.count()) * std::pow(2.0, std::max(0, retry - 1));
    const double capped = std::min(base, double(m_settings.maxDelay.count()));
    const double jittered = capped * (1.0 + m_settings.jitter * m_random());
    return milliseconds(qint64(jittered));
}

std::optional<milliseconds> RetryPolicy::nextDelay(const ApiRequest &request, const ApiResult &result,
                                                   int attempt, int retryAfterHeaderSeconds) const
{
    if (attempt >= m_settings.maxAttempts || !isRetryable(request, result))
        return std::nullopt;
    int retryAfter = retryAfterHeaderSeconds;
    if (retryAfter < 0 && result.status.details.retryAfterSeconds > 0)
        retryAfter = result.status.details.retryAfterSeconds;
    if (retryAfter >= 0) {
        // Retry-After: 0 still gets a small backoff so a busy server is not hammered.
        const milliseconds wait = retryAfter == 0 ? backoff(1) : m_settings.retryAfterUnit * retryAfter;
        return std::min(wait, m_settings.maxRetryAfter);
    }
    return backoff(attempt);
}

} // namespace pd::kube
