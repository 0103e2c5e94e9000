#include "watchstream.h"

#include "bindto.h"
#include "apiclient.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QRandomGenerator>

namespace pd::kube {

using namespace Qt::StringLiterals;

WatchStream::WatchStream(ApiClient *client, const ResourceRef &collection, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_collection(collection)
{
    qRegisterMetaType<pd::kube::WatchEvent>();
    qRegisterMetaType<pd::kube::ApiResult>();
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (m_needRelist)
            relist();
        else
            watch();
    });
}

WatchStream::~WatchStream()
{
    ++m_generation;
    closeReply();
}

void WatchStream::setBackoff(std::chrono::milliseconds min, std::chrono::milliseconds max)
{
    m_minBackoff = min;
    m_maxBackoff = std::max(min, max);
}

QString WatchStream::stateText(State state)
{
    switch (state) {
    case State::Stopped: return u"stopped"_s;
    case State::Connecting: return u"connecting"_s;
    case State::Live: return u"live"_s;
    case State::Reconnecting: return u"reconnecting"_s;
    }
    return {};
}

void WatchStream::start()
{
    ++m_generation;
    closeReply();
    m_retryTimer.stop();
    m_resourceVersion.clear();
    m_currentBackoff = std::chrono::milliseconds(0);
    setState(State::Connecting);
    relist();
}

void WatchStream::stop()
{
    ++m_generation;
    closeReply();
    m_retryTimer.stop();
    m_pending.clear();
    setState(State::Stopped);
}

void WatchStream::setState(State state, const QString &reason)
{
    if (m_state == state && m_stateReason == reason)
        return;
    m_state = state;
    m_stateReason = reason;
    Q_EMIT stateChanged(state, reason);
}

void WatchStream::relist()
{
    m_needRelist = false;
    m_pending.clear();
    listPage({});
}

void WatchStream::listPage(const QString &continueToken)
{
    if (!m_client)
        return;
    ApiRequest request = ApiRequest::list(m_collection, m_labelSelector, m_pageSize);
    request.fieldSelector = m_fieldSelector;
    request.continueToken = continueToken;
    if (m_metadataOnly)
        request.accept = AcceptAs::PartialMetadataList;
    const quint64 generation = m_generation;
    pd::bindTo(this, m_client->send(request), [this, generation, continueToken](const ApiResult &result) {
        if (generation != m_generation)
            return;
        if (!result.ok()) {
            if (!continueToken.isEmpty() && result.status.isGone()) {
                relist();   // the paged snapshot expired: start the list over
                return;
            }
            Q_EMIT requestFailed(result);
            scheduleRetry(true, result.message(), true);
            return;
        }
        // List items carry no kind/apiVersion on a real server; add them for the consumer.
        QString kind = result.object.value("kind"_L1).toString();
        if (kind.endsWith("List"_L1))
            kind.chop(4);
        const QString apiVersion = result.object.value("apiVersion"_L1).toString();
        const QJsonArray items = result.items();
        for (const QJsonValue &value : items) {
            QJsonObject item = value.toObject();
            if (!item.contains("kind"_L1) && !kind.isEmpty() && !m_metadataOnly)
                item.insert("kind"_L1, kind);
            if (!item.contains("apiVersion"_L1) && !apiVersion.isEmpty() && !m_metadataOnly)
                item.insert("apiVersion"_L1, apiVersion);
            m_pending.append(m_projection ? m_projection(item) : item);
        }
        const QString next = result.continueToken();
        if (!next.isEmpty()) {
            listPage(next);
            return;
        }
        m_resourceVersion = result.resourceVersion();
        const QList<QJsonObject> full = std::exchange(m_pending, {});
        Q_EMIT resynced(full, m_resourceVersion);
        if (generation == m_generation)
            watch();
    });
}

void WatchStream::watch()
{
    if (!m_client)
        return;
    int timeout = m_watchTimeoutSeconds;
    if (timeout > 0)   // spread re-watches of many streams, as the reflector does
        timeout += int(QRandomGenerator::global()->bounded(timeout / 4 + 1));
    ApiRequest request = ApiRequest::watch(m_collection, m_resourceVersion, timeout);
    request.labelSelector = m_labelSelector;
    request.fieldSelector = m_fieldSelector;
    if (m_metadataOnly)
        request.accept = AcceptAs::PartialMetadataList;
    const quint64 generation = m_generation;
    pd::bindTo(this, m_client->openStream(request), [this, generation](const OpenedStream &opened) {
        if (generation != m_generation) {
            if (opened.reply) {
                opened.reply->abort();
                opened.reply->deleteLater();
            }
            return;
        }
        if (!opened.reply) {
            Q_EMIT requestFailed(opened.failure);
            scheduleRetry(false, opened.failure.message(), true);
            return;
        }
        m_reply = opened.reply;
        m_decoder.clear();
        m_eventsThisStream = 0;
        m_liveClock.invalidate();
        connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
            if (m_reply && m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
                if (!m_liveClock.isValid())
                    m_liveClock.start();
                setState(State::Live);
            }
        });
        connect(m_reply, &QNetworkReply::readyRead, this, &WatchStream::onReadyRead);
        connect(m_reply, &QNetworkReply::finished, this, &WatchStream::onWatchFinished);
    });
}

void WatchStream::onReadyRead()
{
    if (!m_reply || m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return;   // an error body stays in the reply for onWatchFinished to decode
    m_decoder.append(m_reply->readAll());
    while (m_reply) {
        std::optional<WatchEvent> event = m_decoder.next();
        if (!event)
            break;
        handleEvent(*event);
    }
}

void WatchStream::handleEvent(const WatchEvent &event)
{
    if (event.type == WatchEvent::Type::Error) {
        const KubeStatus status = KubeStatus::fromJson(event.object).value_or(KubeStatus{});
        ++m_generation;   // nothing more from this stream
        closeReply();
        if (status.isGone()) {
            scheduleRetry(true, u"resource version %1 expired; listing again"_s.arg(m_resourceVersion), false);
        } else {
            ApiResult failure = ApiResult::fromHttp(status.code ? status.code : 500,
                                                    QJsonDocument(event.object).toJson(QJsonDocument::Compact),
                                                    "application/json");
            Q_EMIT requestFailed(failure);
            scheduleRetry(false, failure.message(), true);
        }
        return;
    }
    const QString version = event.object.value("metadata"_L1).toObject().value("resourceVersion"_L1).toString();
    if (!version.isEmpty())
        m_resourceVersion = version;
    ++m_eventsThisStream;
    m_currentBackoff = std::chrono::milliseconds(0);
    Q_EMIT eventReceived(event);
}

void WatchStream::onWatchFinished()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    // A last event may lack its newline when the server closes right after it.
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
        m_decoder.append(reply->readAll());
        while (m_reply == reply) {
            std::optional<WatchEvent> event = m_decoder.finish();
            if (!event)
                break;
            handleEvent(*event);
        }
        if (m_reply != reply)
            return;   // an ERROR event (or the consumer) already took over
    }
    const ApiResult result = ApiClient::resultOf(reply);
    // A watch that worked (it delivered, or stayed open past the threshold) is no failure,
    // however it ended: a quiet kind whose connections drop now and then must not climb to
    // the maximum backoff and spend its time reconnecting while its objects change.
    const bool worked = m_liveClock.isValid()
            && (m_eventsThisStream > 0 || m_liveClock.elapsed() >= m_shortWatch.count());
    if (worked)
        m_currentBackoff = std::chrono::milliseconds(0);
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();
    const quint64 generation = ++m_generation;
    Q_UNUSED(generation);

    if (result.status.isGone()) {
        scheduleRetry(true, u"resource version %1 expired; listing again"_s.arg(m_resourceVersion), false);
    } else if (result.ok()) {
        // The server ended the watch (timeoutSeconds): pick up where we left off. A very short
        // watch gets a backoff so a misbehaving proxy cannot spin us.
        scheduleRetry(false, u"watch closed by the server"_s, !worked);
    } else if (worked && result.httpCode == 0) {
        // Dropped after it worked: re-watch at once from the last version, as the reflector does.
        scheduleRetry(false, u"connection dropped: "_s + result.message(), false);
    } else {
        if (result.httpCode == 401 && m_client)
            m_client->invalidateCredentials();   // an expired token: fetch a new one before re-watching
        if (result.httpCode != 0)
            Q_EMIT requestFailed(result);
        scheduleRetry(false, result.httpCode == 0 ? u"connection dropped: "_s + result.message() : result.message(),
                      true);
    }
}

void WatchStream::scheduleRetry(bool relistNeeded, const QString &reason, bool failure)
{
    m_needRelist = m_needRelist || relistNeeded;
    if (relistNeeded && !failure)
        ++m_relists;   // a 410, not a failed first list
    std::chrono::milliseconds delay{0};
    if (failure) {
        m_currentBackoff = m_currentBackoff.count() == 0 ? m_minBackoff : std::min(m_currentBackoff * 2, m_maxBackoff);
        delay = m_currentBackoff;
    }
    setState(m_state == State::Connecting && relistNeeded ? State::Connecting : State::Reconnecting, reason);
    m_retryTimer.start(delay);
}

void WatchStream::closeReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
    m_decoder.clear();
}

} // namespace pd::kube
