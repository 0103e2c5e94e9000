#pragma once

#include "apicall.h"
#include "apirequest.h"
#include "apiresult.h"
#include "clusterendpoint.h"
#include "retrypolicy.h"

#include <QFuture>
#include <QHash>
#include <QObject>

#include <chrono>
#include <memory>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
QT_END_NAMESPACE

namespace pd::kube {

class CredentialProvider;
struct Credentials;

// A long-lived streamed reply as ApiClient::openStream hands it over.
struct OpenedStream
{
    QNetworkReply *reply = nullptr;    // owned by the receiver (deleteLater it); nullptr on failure
    ApiResult failure;                 // why no reply could be opened (no credentials)
};

// The asynchronous Kubernetes API client. Every call resolves to one ApiResult; continue
// with pd::bindTo(context, ...) (kube/bindto.h) so a closed window never sees a late answer,
// and abort() the returned ApiCall to stop a request that is no longer wanted.
//
//   pd::bindTo(this, client.get(ResourceRef{u"apps"_s, u"v1"_s, u"deployments"_s, u"shop"_s, u"web"_s, {}}),
//              [this](const ApiResult &r) { if (!r.ok()) showError(r.message()); ... });
//
// Retries follow RetryPolicy; a 401 invalidates the credentials and resends once.
// At most maxInFlight() requests are on the wire; the rest wait in order. Streams
// (watch, follow logs) do not count against that bound and use managers of their own,
// so open watches never starve ordinary requests. Use from the thread it lives in.
// A dropped connection before the first answer byte is resent by Qt's HTTP layer
// itself (up to twice, any method); RetryPolicy decides after that.
class ApiClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiClient)
public:
    // nam: shared manager (not owned) or nullptr to own one. Credentials come from
    // CredentialProvider::create(endpoint) unless a provider is passed in.
    explicit ApiClient(const ClusterEndpoint &endpoint, QNetworkAccessManager *nam = nullptr,
                       QObject *parent = nullptr);
    ApiClient(const ClusterEndpoint &endpoint, std::unique_ptr<CredentialProvider> credentials,
              QNetworkAccessManager *nam = nullptr, QObject *parent = nullptr);
    ~ApiClient() override;

    const ClusterEndpoint &endpoint() const { return m_endpoint; }
    QString defaultNamespace() const { return m_endpoint.namespaceName; }
    QUrl server() const { return m_endpoint.server; }

    void setRetryPolicy(const RetryPolicy &policy) { m_retry = policy; }
    const RetryPolicy &retryPolicy() const { return m_retry; }
    void setMaxInFlight(int count);                       // default 32
    int maxInFlight() const { return m_maxInFlight; }
    void setDefaultTimeout(std::chrono::milliseconds timeout) { m_defaultTimeout = timeout; }  // default 30 s
    std::chrono::milliseconds defaultTimeout() const { return m_defaultTimeout; }
    void setUserAgent(const QString &userAgent) { m_userAgent = userAgent; }

    int inFlight() const { return m_inFlight; }
    int queued() const;

    // The one entry point; everything below wraps it. The ApiCall is the result's future
    // and aborts the request (see ApiCall); ignoring it is fine.
    ApiCall send(const ApiRequest &request);

    ApiCall get(const ResourceRef &ref, AcceptAs accept = AcceptAs::Json);
    ApiCall list(const ResourceRef &collection, const QString &labelSelector = {},
                            AcceptAs accept = AcceptAs::Json);
    ApiCall create(const ResourceRef &collection, const QJsonObject &object, bool dryRun = false);
    ApiCall update(const ResourceRef &ref, const QJsonObject &object, bool dryRun = false);
    ApiCall patch(const ResourceRef &ref, PatchType type, const QByteArray &body, bool dryRun = false);
    ApiCall apply(const ResourceRef &ref, const QJsonObject &object, const QString &fieldManager,
                             bool force = false, bool dryRun = false);
    ApiCall remove(const ResourceRef &ref, PropagationPolicy policy = PropagationPolicy::Background,
                              bool dryRun = false);
    // The scale subresource of a deployment/statefulset/replicaset.
    ApiCall getScale(const ResourceRef &ref);
    ApiCall setScale(const ResourceRef &ref, int replicas);

    // Follows continue tokens page by page (request.limit, default 500) and resolves
    // to one list object {kind, apiVersion, metadata{resourceVersion}, items[all]}.
    // A 410 on a stale continue token restarts the list from the beginning (up to 3 times).
    QFuture<ApiResult> listAll(const ApiRequest &listRequest);

    // Opens a long-lived streamed GET (watch, logs?follow=true) with credentials and TLS
    // applied. No transfer timeout, except that a watch silent for timeoutSeconds + 30 s
    // is aborted (a dead connection). Resolves once the request is sent. The receiver
    // owns the reply and reads readyRead/finished itself. (send() with Verb::Watch would
    // wait for the whole stream: use this or WatchStream.)
    QFuture<OpenedStream> openStream(const ApiRequest &request);
    // The result of a finished stream reply (status decoded), for the stream's owner.
    static ApiResult resultOf(QNetworkReply *reply);
    // A stream's owner got a 401: make the next request fetch credentials anew.
    void invalidateCredentials();

Q_SIGNALS:
    // Every final result, for a status bar or a log view (never carries credentials).
    void requestFinished(const QString &description, const pd::kube::ApiResult &result);
    void inFlightChanged(int inFlight, int queued);

private:
    struct Job;
    void init(QNetworkAccessManager *nam);
    void pump();
    void startJob(const std::shared_ptr<Job> &job);
    void issue(const std::shared_ptr<Job> &job);
    void handleReply(const std::shared_ptr<Job> &job, QNetworkReply *reply);
    void finishJob(const std::shared_ptr<Job> &job, ApiResult result);
    void abortJob(const std::shared_ptr<Job> &job);
    QNetworkRequest buildRequest(const ApiRequest &request, const Credentials &credentials,
                                 bool stream) const;
    QNetworkReply *dispatch(const ApiRequest &request, const QNetworkRequest &networkRequest,
                            QNetworkAccessManager *nam = nullptr);
    QNetworkAccessManager *streamManager();
    void releaseStream(QNetworkReply *reply);

    ClusterEndpoint m_endpoint;
    std::unique_ptr<CredentialProvider> m_credentials;
    QNetworkAccessManager *m_nam = nullptr;
    RetryPolicy m_retry;
    int m_maxInFlight = 32;
    int m_inFlight = 0;
    std::chrono::milliseconds m_defaultTimeout{30000};
    QString m_userAgent;
    QList<std::shared_ptr<Job>> m_queue;
    QList<QNetworkReply *> m_replies;
    // Qt opens at most 6 HTTP/1.1 connections per host and manager, and every open watch
    // holds one: streams get managers of their own, a few streams each.
    QList<QNetworkAccessManager *> m_streamManagers;
    QHash<QNetworkAccessManager *, int> m_openStreams;
    QHash<QNetworkReply *, QNetworkAccessManager *> m_streamOwner;
};

} // namespace pd::kube

