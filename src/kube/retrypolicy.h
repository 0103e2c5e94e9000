#pragma once

#include <chrono>
#include <functional>
#include <optional>

namespace pd::kube {

struct ApiRequest;
struct ApiResult;

// When and how long to wait before resending a request. The one place for retry rules.
//
// - 429 TooManyRequests: retried for every verb (the server refused before doing
//   anything), waiting Retry-After (or Status.details.retryAfterSeconds) when given.
// - 5xx and dropped/reset connections: retried for idempotent requests only
//   (GET, LIST, PUT, DELETE); POST and PATCH are not resent. A Retry-After on a 5xx
//   is honoured. client-go resends 5xx only with Retry-After and resets only for GET.
// - Other 4xx, timeouts, TLS and DNS errors: never retried.
// Backoff without Retry-After: base * 2^(attempt-1), capped, with jitter.
class RetryPolicy final
{
public:
    struct Settings
    {
        int maxAttempts = 5;                                   // total sends, first included
        std::chrono::milliseconds baseDelay{250};
        std::chrono::milliseconds maxDelay{16000};
        double jitter = 0.5;                                   // delay *= 1 + jitter * random[0,1)
        // What one second of Retry-After means here; tests shrink it to a millisecond.
        std::chrono::milliseconds retryAfterUnit{1000};
        std::chrono::milliseconds maxRetryAfter{60000};
    };
    using RandomSource = std::function<double()>;             // uniform in [0, 1)

    RetryPolicy();                                             // defaults, QRandomGenerator::global()
    explicit RetryPolicy(Settings settings, RandomSource random = {});

    const Settings &settings() const { return m_settings; }

    // attempt: how many sends so far (1 after the first). retryAfterHeaderSeconds: the
    // Retry-After header (-1 when absent). Returns the delay before the next send, or
    // nullopt when the result is final.
    std::optional<std::chrono::milliseconds> nextDelay(const ApiRequest &request, const ApiResult &result,
                                                       int attempt, int retryAfterHeaderSeconds = -1) const;

    // Whether a result is of a retryable kind at all for the request (ignores attempts).
    static bool isRetryable(const ApiRequest &request, const ApiResult &result);
    // Backoff for the n-th retry (1-based) without Retry-After.
    std::chrono::milliseconds backoff(int retry) const;

private:
    Settings m_settings;
    RandomSource m_random;
};

} // namespace pd::kube
