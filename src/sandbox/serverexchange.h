#pragma once

#include "sandbox/httpexchange.h"

#include <QByteArray>
#include <QPointer>

namespace pd::sandbox {

class HttpConnection;

// The exchange handed to the request handler (internal to the HTTP layer).
class ServerExchange final : public HttpExchange
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerExchange)
public:
    ServerExchange(HttpRequest request, bool http10, bool keepAlive, HttpConnection *connection);
    ~ServerExchange() override;

    const HttpRequest &request() const override { return m_request; }
    void respond(int statusCode, const QByteArray &contentType, const QByteArray &body,
                 const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {}) override;
    void beginStream(int statusCode, const QByteArray &contentType) override;
    void writeChunk(const QByteArray &data) override;
    void endStream() override;
    void abort() override;
    bool isOpen() const override;

    bool isStreaming() const { return m_state == State::Streaming; }
    // The connection went away: no further writes; emits peerClosed().
    void connectionLost(bool deferSignal);

private:
    enum class State { Pending, Streaming, Done, Lost };
    QByteArray statusHead(int statusCode) const;
    void finish();

    HttpRequest m_request;
    QPointer<HttpConnection> m_connection;
    State m_state = State::Pending;
    bool m_http10 = false;
    bool m_keepAlive = true;
};

// Reason phrase for a status code ("Not Found").
QByteArray httpReasonPhrase(int statusCode);

} // namespace pd::sandbox
