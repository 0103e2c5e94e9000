#include "apiclient.h"

#include "credentialprovider.h"
#include "logging.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QPromise>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTimer>

namespace pd::kube {

using namespace Qt::StringLiterals;

struct ApiClient::Job
{
    ApiRequest request;
    QPromise<ApiResult> promise;
    int attempts = 0;
    bool reauthenticated = false;
    bool counted = false;              // counts against maxInFlight (not while queued or waiting to retry)
    bool finished = false;             // resolved: later answers, credentials and retry timers do nothing
    QNetworkReply *reply = nullptr;    // on the wire
};

namespace {

// Errors QNetworkReply derives from an HTTP status: the answer itself is what counts then.
bool isHttpDerivedError(QNetworkReply::NetworkError error)
{
    const int e = int(error);
    return (e >= 201 && e < 300) || (e >= 401 && e < 500) || error == QNetworkReply::ProtocolInvalidOperationError;
}

QSslKey parseKey(const QByteArray &pem)
{
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

QNetworkProxy proxyFor(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    const auto type = scheme.startsWith("socks"_L1) ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy;
    const int defaultPort = type == QNetworkProxy::Socks5Proxy ? 1080 : (scheme == "https"_L1 ? 443 : 80);
    return QNetworkProxy(type, url.host(), quint16(url.port(defaultPort)), url.userName(), url.password());
}

} // namespace

ApiClient::ApiClient(const ClusterEndpoint &endpoint, QNetworkAccessManager *nam, QObject *parent)
    : ApiClient(endpoint, CredentialProvider::create(endpoint), nam, parent)
{
}

ApiClient::ApiClient(const ClusterEndpoint &endpoint, std::unique_ptr<CredentialProvider> credentials,
                     QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_endpoint(endpoint)
    , m_credentials(std::move(credentials))
    , m_userAgent(u"previewdesk/" PREVIEWDESK_VERSION ""_s)
{
    init(nam);
}

ApiClient::~ApiClient()
{
    // Late replies must not call back into a dead client; pending promises cancel themselves.
    const auto replies = m_replies;
    for (QNetworkReply *reply : replies) {
        if (reply) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
}

void ApiClient::init(QNetworkAccessManager *nam)
{
    qRegisterMetaType<pd::kube::ApiResult>();
    m_nam = nam ? nam : new QNetworkAccessManager(this);
    if (m_endpoint.impersonateGroups.size() > 1)
        pd::log::kube()->warn("context {}: QNetworkRequest sends one value per header; impersonating group {} only",
                              pd::log::str(m_endpoint.contextName), pd::log::str(m_endpoint.impersonateGroups.constFirst()));
    // Note: a proxy is per manager in Qt; a shared manager takes this endpoint's proxy too.
    if (m_endpoint.proxyUrl.isValid() && !m_endpoint.proxyUrl.isEmpty())
        m_nam->setProxy(proxyFor(m_endpoint.proxyUrl));
}

void ApiClient::setMaxInFlight(int count)
{
    m_maxInFlight = std::max(1, count);
    pump();
}

int ApiClient::queued() const
{
    return int(m_queue.size());
}

ApiCall ApiClient::send(const ApiRequest &request)
{
    auto job = std::make_shared<Job>();
    job->request = request;
    job->promise.start();
    QFuture<ApiResult> future = job->promise.future();
    m_queue.append(job);
    pump();
    return ApiCall(future, [client = QPointer<ApiClient>(this), weak = std::weak_ptr<Job>(job)] {
        if (const auto alive = weak.lock(); alive && client)
            client->abortJob(alive);
    });
}

void ApiClient::abortJob(const std::shared_ptr<Job> &job)
{
    if (job->finished)
        return;
    m_queue.removeOne(job);
    if (QNetworkReply *reply = std::exchange(job->reply, nullptr)) {
        m_replies.removeOne(reply);
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    pd::log::kube()->debug("{} aborted", pd::log::str(job->request.describe()));
    finishJob(job, ApiResult::fromAbort(job->request.url(m_endpoint.server)));
}

void ApiClient::pump()
{
    bool changed = false;
    while (m_inFlight < m_maxInFlight && !m_queue.isEmpty()) {
        startJob(m_queue.takeFirst());
        changed = true;
    }
    if (changed || !m_queue.isEmpty())
        Q_EMIT inFlightChanged(m_inFlight, queued());
}

void ApiClient::startJob(const std::shared_ptr<Job> &job)
{
    ++m_inFlight;
    job->counted = true;
    issue(job);
}

void ApiClient::issue(const std::shared_ptr<Job> &job)
{
    if (!m_credentials) {
        finishJob(job, ApiResult::fromLocalError(u"no credentials configured for %1"_s.arg(m_endpoint.server.toString())));
        return;
    }
    m_credentials->credentials()
        .then(this,
              [this, job](const Credentials &credentials) {
                  if (job->finished)
                      return;   // aborted while the credentials were on their way
                  if (!credentials.ok()) {
                      finishJob(job, ApiResult::fromLocalError(credentials.error));
                      return;
                  }
                  ++job->attempts;
                  const QNetworkRequest networkRequest = buildRequest(job->request, credentials, false);
                  QNetworkReply *reply = dispatch(job->request, networkRequest);
                  job->reply = reply;
                  connect(reply, &QNetworkReply::finished, this, [this, job, reply] { handleReply(job, reply); });
              })
        .onCanceled(this, [this, job] {
            if (!job->finished)
                finishJob(job, ApiResult::fromLocalError(u"credentials for %1 could not be had"_s.arg(m_endpoint.server.toString())));
        });
}

QNetworkRequest ApiClient::buildRequest(const ApiRequest &request, const Credentials &credentials, bool stream) const
{
    QNetworkRequest nr(request.url(m_endpoint.server));
    nr.setRawHeader("Accept", stream && request.verb != Verb::Watch ? QByteArray("*/*") : request.acceptHeader());
    const QByteArray contentType = request.contentType();
    if (!contentType.isEmpty())
        nr.setRawHeader("Content-Type", contentType);
    nr.setRawHeader("User-Agent", m_userAgent.toUtf8());
    if (!credentials.bearerToken.isEmpty()) {
        nr.setRawHeader("Authorization", "Bearer " + credentials.bearerToken.toUtf8());
    } else if (!m_endpoint.basicUsername.isEmpty()) {
        const QByteArray pair = m_endpoint.basicUsername.toUtf8() + ':' + m_endpoint.basicPassword.toUtf8();
        nr.setRawHeader("Authorization", "Basic " + pair.toBase64());
    }
    if (!m_endpoint.impersonateUser.isEmpty())
        nr.setRawHeader("Impersonate-User", m_endpoint.impersonateUser.toUtf8());
    // QNetworkRequest keeps one value per header name: only the first group can be sent.
    if (!m_endpoint.impersonateGroups.isEmpty())
        nr.setRawHeader("Impersonate-Group", m_endpoint.impersonateGroups.constFirst().toUtf8());

    if (nr.url().scheme() == "https"_L1) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!m_endpoint.certificateAuthorityPem.isEmpty())
            ssl.setCaCertificates(QSslCertificate::fromData(m_endpoint.certificateAuthorityPem, QSsl::Pem));
        if (m_endpoint.insecureSkipTlsVerify)
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        const QByteArray certPem = credentials.clientCertificatePem.isEmpty() ? m_endpoint.clientCertificatePem
                                                                              : credentials.clientCertificatePem;
        const QByteArray keyPem = credentials.clientKeyPem.isEmpty() ? m_endpoint.clientKeyPem : credentials.clientKeyPem;
        if (!certPem.isEmpty() && !keyPem.isEmpty()) {
            const QList<QSslCertificate> chain = QSslCertificate::fromData(certPem, QSsl::Pem);
            if (!chain.isEmpty()) {
                ssl.setLocalCertificateChain(chain);
                ssl.setPrivateKey(parseKey(keyPem));
            }
        }
        nr.setSslConfiguration(ssl);
        if (!m_endpoint.tlsServerName.isEmpty())
            nr.setPeerVerifyName(m_endpoint.tlsServerName);
    }
    if (!stream) {
        const auto timeout = request.timeout.count() > 0 ? request.timeout : m_defaultTimeout;
        nr.setTransferTimeout(int(timeout.count()));
    } else if (request.timeoutSeconds > 0) {
        // The server ends the watch after timeoutSeconds; silence well past that is a dead connection.
        nr.setTransferTimeout((request.timeoutSeconds + 30) * 1000);
    }
    return nr;
}

QNetworkReply *ApiClient::dispatch(const ApiRequest &request, const QNetworkRequest &networkRequest,
                                   QNetworkAccessManager *nam)
{
    if (!nam)
        nam = m_nam;
    const QByteArray method = request.method();
    QNetworkReply *reply = method == "GET" ? nam->get(networkRequest)
                                           : nam->sendCustomRequest(networkRequest, method, request.wireBody());
    m_replies.append(reply);
    return reply;
}

ApiResult ApiClient::resultOf(QNetworkReply *reply)
{
    const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    ApiResult result;
    if (code == 0 || (error != QNetworkReply::NoError && !isHttpDerivedError(error))) {
        QNetworkReply::NetworkError effective = error;
        // setTransferTimeout() aborts the reply: that is a timeout, not a user's cancel.
        if (error == QNetworkReply::OperationCanceledError)
            effective = QNetworkReply::TimeoutError;
        result = ApiResult::fromNetworkError(effective, reply->url(), reply->errorString());
    } else {
        result = ApiResult::fromHttp(code, reply->readAll(), reply->header(QNetworkRequest::ContentTypeHeader).toByteArray());
    }
    result.url = reply->url();
    result.method = QString::fromLatin1(reply->request().attribute(QNetworkRequest::CustomVerbAttribute).toByteArray());
    if (result.method.isEmpty())
        result.method = reply->operation() == QNetworkAccessManager::GetOperation ? u"GET"_s : QString();
    return result;
}

void ApiClient::handleReply(const std::shared_ptr<Job> &job, QNetworkReply *reply)
{
    job->reply = nullptr;
    m_replies.removeOne(reply);
    reply->deleteLater();
    ApiResult result = resultOf(reply);
    result.method = QString::fromLatin1(job->request.method());
    result.attempts = job->attempts;

    if (result.httpCode == 401 && !job->reauthenticated) {
        // Expired token or rotated certificate: fetch credentials anew and resend once.
        job->reauthenticated = true;
        m_credentials->invalidate();
        issue(job);
        return;
    }
    bool hasRetryAfter = false;
    const int retryAfter = reply->rawHeader("Retry-After").trimmed().toInt(&hasRetryAfter);
    if (const auto delay = m_retry.nextDelay(job->request, result, job->attempts, hasRetryAfter ? retryAfter : -1)) {
        pd::log::kube()->debug("{} failed (attempt {}): {}; retrying in {} ms", pd::log::str(job->request.describe()),
                               job->attempts, pd::log::str(result.message()), qint64(delay->count()));
        --m_inFlight;
        job->counted = false;
        QTimer::singleShot(*delay, this, [this, job] {
            if (job->finished)
                return;   // aborted while waiting
            m_queue.prepend(job);
            pump();
        });
        pump();
        return;
    }
    finishJob(job, std::move(result));
}

void ApiClient::finishJob(const std::shared_ptr<Job> &job, ApiResult result)
{
    if (job->finished)
        return;
    job->finished = true;
    if (std::exchange(job->counted, false))
        --m_inFlight;
    if (result.method.isEmpty())
        result.method = QString::fromLatin1(job->request.method());
    if (result.url.isEmpty())
        result.url = job->request.url(m_endpoint.server);
    const QString description = job->request.describe();
    if (result.ok())
        pd::log::kube()->trace("{} -> {}", pd::log::str(description), result.httpCode);
    else
        pd::log::kube()->debug("{} -> {}: {}", pd::log::str(description), result.httpCode, pd::log::str(result.message()));
    Q_EMIT requestFinished(description, result);
    job->promise.addResult(result);
    job->promise.finish();
    pump();
    Q_EMIT inFlightChanged(m_inFlight, queued());
}

ApiCall ApiClient::get(const ResourceRef &ref, AcceptAs accept)
{
    ApiRequest r = ApiRequest::get(ref);
    r.accept = accept;
    return send(r);
}

ApiCall ApiClient::list(const ResourceRef &collection, const QString &labelSelector, AcceptAs accept)
{
    ApiRequest r = ApiRequest::list(collection, labelSelector);
    r.accept = accept;
    return send(r);
}

ApiCall ApiClient::create(const ResourceRef &collection, const QJsonObject &object, bool dryRun)
{
    ApiRequest r = ApiRequest::create(collection, object);
    r.dryRun = dryRun;
    return send(r);
}

ApiCall ApiClient::update(const ResourceRef &ref, const QJsonObject &object, bool dryRun)
{
    ApiRequest r = ApiRequest::update(ref, object);
    r.dryRun = dryRun;
    return send(r);
}

ApiCall ApiClient::patch(const ResourceRef &ref, PatchType type, const QByteArray &body, bool dryRun)
{
    ApiRequest r = ApiRequest::patch(ref, type, body);
    r.dryRun = dryRun;
    return send(r);
}

ApiCall ApiClient::apply(const ResourceRef &ref, const QJsonObject &object, const QString &fieldManager,
                                    bool force, bool dryRun)
{
    ApiRequest r = ApiRequest::apply(ref, object, fieldManager, force);
    r.dryRun = dryRun;
    return send(r);
}

ApiCall ApiClient::remove(const ResourceRef &ref, PropagationPolicy policy, bool dryRun)
{
    ApiRequest r = ApiRequest::remove(ref, policy);
    r.dryRun = dryRun;
    return send(r);
}

ApiCall ApiClient::getScale(const ResourceRef &ref)
{
    return send(ApiRequest::get(ref.sub(u"scale"_s)));
}

ApiCall ApiClient::setScale(const ResourceRef &ref, int replicas)
{
    const QJsonObject body{{"spec"_L1, QJsonObject{{"replicas"_L1, replicas}}}};
    return send(ApiRequest::patch(ref.sub(u"scale"_s), PatchType::Merge, body));
}

QNetworkAccessManager *ApiClient::streamManager()
{
    constexpr int streamsPerManager = 5;
    for (QNetworkAccessManager *nam : std::as_const(m_streamManagers)) {
        if (m_openStreams.value(nam) < streamsPerManager)
            return nam;
    }
    auto *nam = new QNetworkAccessManager(this);
    if (m_endpoint.proxyUrl.isValid() && !m_endpoint.proxyUrl.isEmpty())
        nam->setProxy(proxyFor(m_endpoint.proxyUrl));
    m_streamManagers.append(nam);
    return nam;
}

void ApiClient::releaseStream(QNetworkReply *reply)
{
    m_replies.removeOne(reply);
    if (QNetworkAccessManager *nam = m_streamOwner.take(reply))
        --m_openStreams[nam];
}

void ApiClient::invalidateCredentials()
{
    if (m_credentials)
        m_credentials->invalidate();
}

QFuture<OpenedStream> ApiClient::openStream(const ApiRequest &request)
{
    auto promise = std::make_shared<QPromise<OpenedStream>>();
    promise->start();
    QFuture<OpenedStream> future = promise->future();
    if (!m_credentials) {
        promise->addResult(OpenedStream{nullptr, ApiResult::fromLocalError(u"no credentials configured"_s)});
        promise->finish();
        return future;
    }
    m_credentials->credentials()
        .then(this,
              [this, promise, request](const Credentials &credentials) {
                  OpenedStream opened;
                  if (!credentials.ok()) {
                      opened.failure = ApiResult::fromLocalError(credentials.error);
                  } else {
                      QNetworkAccessManager *nam = streamManager();
                      QNetworkReply *reply = dispatch(request, buildRequest(request, credentials, true), nam);
                      m_streamOwner.insert(reply, nam);
                      ++m_openStreams[nam];
                      // The receiver owns it now; only track it until it finishes.
                      connect(reply, &QNetworkReply::finished, this, [this, reply] { releaseStream(reply); });
                      connect(reply, &QObject::destroyed, this, [this, reply] { releaseStream(reply); });
                      opened.reply = reply;
                  }
                  promise->addResult(opened);
                  promise->finish();
              })
        .onCanceled(this, [promise] {
            promise->addResult(OpenedStream{nullptr, ApiResult::fromLocalError(u"credentials could not be had"_s)});
            promise->finish();
        });
    return future;
}

} // namespace pd::kube
