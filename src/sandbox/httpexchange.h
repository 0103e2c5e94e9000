#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <functional>

namespace pd::sandbox {

// One parsed HTTP/1.1 request as the sandbox's HTTP layer hands it on.
struct HttpRequest
{
    QByteArray method;                  // GET, POST, PUT, PATCH, DELETE
    QString path;                       // percent-decoded path, no query
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;   // names lower-cased
    QByteArray body;
    QHostAddress peer;

    QByteArray header(const QByteArray &lowerCaseName) const
    {
        for (const auto &h : headers)
            if (h.first == lowerCaseName)
                return h.second;
        return {};
    }
};

// One request and its response. A handler answers at once with respond(), or
// keeps the exchange and streams (a watch): beginStream(), writeChunk() per
// event, endStream(). The exchange is deleted by the HTTP layer after the
// response ends or the peer disconnects (peerClosed() is emitted first), so
// anything holding it connects to destroyed() or peerClosed().
class HttpExchange : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpExchange)
public:
    using QObject::QObject;
    ~HttpExchange() override = default;

    virtual const HttpRequest &request() const = 0;

    virtual void respond(int statusCode, const QByteArray &contentType, const QByteArray &body,
                         const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {}) = 0;

    // Chunked transfer encoding; each chunk is flushed to the socket at once.
    virtual void beginStream(int statusCode, const QByteArray &contentType) = 0;
    virtual void writeChunk(const QByteArray &data) = 0;
    virtual void endStream() = 0;
    // Closes the connection without a proper end (fault injection: a dropped watch).
    virtual void abort() = 0;

    virtual bool isOpen() const = 0;

Q_SIGNALS:
    void peerClosed();
};

using RequestHandler = std::function<void(HttpExchange *exchange)>;

} // namespace pd::sandbox
