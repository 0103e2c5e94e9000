#include "sandbox/faultinjector.h"
#include "sandbox/queryoptions.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace pd::sandbox {

namespace {

QString reasonFor(int code)
{
    switch (code) {
    case 400: return QStringLiteral("BadRequest");
    case 401: return QStringLiteral("Unauthorized");
    case 403: return QStringLiteral("Forbidden");
    case 404: return QStringLiteral("NotFound");
    case 409: return QStringLiteral("Conflict");
    case 410: return QStringLiteral("Expired");
    case 422: return QStringLiteral("Invalid");
    case 429: return QStringLiteral("TooManyRequests");
    case 503: return QStringLiteral("ServiceUnavailable");
    case 504: return QStringLiteral("Timeout");
    default: return code >= 500 ? QStringLiteral("InternalError") : QStringLiteral("BadRequest");
    }
}

QByteArray statusJson(int code, const QString &message, int retryAfter = -1)
{
    QJsonObject status{
        {QStringLiteral("kind"), QStringLiteral("Status")},
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("metadata"), QJsonObject()},
        {QStringLiteral("status"), QStringLiteral("Failure")},
        {QStringLiteral("message"), message},
        {QStringLiteral("reason"), reasonFor(code)},
        {QStringLiteral("code"), code},
    };
    if (retryAfter >= 0)
        status.insert(QStringLiteral("details"), QJsonObject{{QStringLiteral("retryAfterSeconds"), retryAfter}});
    return QJsonDocument(status).toJson(QJsonDocument::Compact);
}

} // namespace

FaultInjector::FaultInjector(QObject *parent)
    : QObject(parent), m_random(0x5eed)
{
}

FaultInjector::~FaultInjector() = default;

QString FaultInjector::verbOf(const HttpRequest &request)
{
    QStringList segments = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (segments.isEmpty())
        return {};
    if (segments.first() == QLatin1String("api") && segments.size() >= 2)
        segments = segments.mid(2);
    else if (segments.first() == QLatin1String("apis") && segments.size() >= 3)
        segments = segments.mid(3);
    else
        return {};
    if (segments.isEmpty())
        return {};       // discovery of one group version
    // namespaces/NS/RES[/NAME[/SUB]]; namespaces[/NAME[/SUB]] is the namespace kind itself.
    if (segments.first() == QLatin1String("namespaces") && segments.size() >= 3)
        segments = segments.mid(2);
    const bool collection = segments.size() == 1;
    const QByteArray &m = request.method;
    if (m == "GET" || m == "HEAD") {
        if (QueryOptions::parse(request.query).watch)
            return QStringLiteral("watch");
        return collection ? QStringLiteral("list") : QStringLiteral("get");
    }
    if (m == "POST")
        return QStringLiteral("create");
    if (m == "PUT")
        return QStringLiteral("update");
    if (m == "PATCH")
        return QStringLiteral("patch");
    if (m == "DELETE")
        return collection ? QStringLiteral("deletecollection") : QStringLiteral("delete");
    return QString::fromLatin1(m).toLower();
}

RequestHandler FaultInjector::wrap(RequestHandler inner)
{
    QPointer<FaultInjector> self(this);
    return [self, inner = std::move(inner)](HttpExchange *exchange) {
        if (self)
            self->handle(inner, exchange);
        else
            inner(exchange);
    };
}

void FaultInjector::handle(const RequestHandler &inner, HttpExchange *exchange)
{
    const HttpRequest &request = exchange->request();
    const QString verb = verbOf(request);
    if (verb == QLatin1String("watch")) {
        m_watches.removeAll(nullptr);
        m_watches.append(exchange);
    }
    if (!isDiscovery(request) && injectError(exchange, verb))
        return;
    if (m_latency.count() > 0) {
        QPointer<HttpExchange> guard(exchange);
        QTimer::singleShot(m_latency, exchange, [guard, inner] {
            if (guard && guard->isOpen())
                inner(guard.data());
        });
        return;
    }
    inner(exchange);
}

bool FaultInjector::isDiscovery(const HttpRequest &request) const
{
    if (m_affectsDiscovery)
        return false;
    const QStringList segments = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (segments.isEmpty() || segments.first() == QLatin1String("version") || segments.first() == QLatin1String("openapi"))
        return true;
    if (segments.first() == QLatin1String("api"))
        return segments.size() <= 2;
    if (segments.first() == QLatin1String("apis"))
        return segments.size() <= 3;
    return true;     // healthz, metrics ...
}

bool FaultInjector::injectError(HttpExchange *exchange, const QString &verb)
{
    if (m_requestFault && m_requestFault(exchange->request())) {
        ++m_injected;
        Q_EMIT faultInjected(QString::number(m_requestFaultCode));
        exchange->respond(m_requestFaultCode, "application/json",
                          statusJson(m_requestFaultCode, QStringLiteral("injected fault: %1 %2").arg(m_requestFaultCode).arg(verb)));
        return true;
    }
    if (m_tooManyRate > 0 && roll(m_tooManyRate)) {
        ++m_injected;
        Q_EMIT faultInjected(QStringLiteral("429"));
        exchange->respond(429, "application/json",
                          statusJson(429, QStringLiteral("Too many requests, please try again later."), m_retryAfterSeconds),
                          {{"Retry-After", QByteArray::number(m_retryAfterSeconds)}});
        return true;
    }
    for (const QString &key : {verb, QStringLiteral("*")}) {
        const auto it = m_errors.constFind(key);
        if (it == m_errors.constEnd() || !roll(it->rate))
            continue;
        ++m_injected;
        Q_EMIT faultInjected(QString::number(it->code));
        exchange->respond(it->code, "application/json",
                          statusJson(it->code, QStringLiteral("injected fault: %1 %2").arg(it->code).arg(verb)));
        return true;
    }
    return false;
}

bool FaultInjector::roll(double rate)
{
    if (rate <= 0)
        return false;
    if (rate >= 1)
        return true;
    return m_random.generateDouble() < rate;
}

void FaultInjector::setSeed(quint32 seed)
{
    m_random.seed(seed);
}

void FaultInjector::setLatency(std::chrono::milliseconds latency)
{
    m_latency = latency;
}

void FaultInjector::setErrorRate(const QString &verb, double rate, int code)
{
    if (rate <= 0)
        m_errors.remove(verb);
    else
        m_errors.insert(verb, ErrorRule{rate, code});
}

void FaultInjector::setTooManyRequests(double rate, int retryAfterSeconds)
{
    m_tooManyRate = rate;
    m_retryAfterSeconds = retryAfterSeconds;
}

void FaultInjector::setAffectsDiscovery(bool on)
{
    m_affectsDiscovery = on;
}

void FaultInjector::setRequestFault(std::function<bool(const HttpRequest &)> predicate, int code)
{
    m_requestFault = std::move(predicate);
    m_requestFaultCode = code;
}

void FaultInjector::reset()
{
    m_requestFault = nullptr;
    m_latency = std::chrono::milliseconds(0);
    m_errors.clear();
    m_tooManyRate = 0;
    m_affectsDiscovery = false;
}

void FaultInjector::dropWatches()
{
    const auto watches = m_watches;
    m_watches.clear();
    for (const QPointer<HttpExchange> &w : watches) {
        if (w && w->isOpen()) {
            ++m_injected;
            w->abort();
        }
    }
    Q_EMIT faultInjected(QStringLiteral("drop-watches"));
}

int FaultInjector::openWatchCount() const
{
    int n = 0;
    for (const auto &w : m_watches)
        n += (w && w->isOpen()) ? 1 : 0;
    return n;
}

void FaultInjector::setExpireHandler(std::function<void()> handler)
{
    m_expireHandler = std::move(handler);
}

void FaultInjector::forceExpired()
{
    if (m_expireHandler)
        m_expireHandler();
    ++m_injected;
    Q_EMIT faultInjected(QStringLiteral("410"));
}

} // namespace pd::sandbox
