#pragma once

#include "sandbox/httprequestparser.h"
#include "sandbox/httpserver.h"
#include "sandbox/serverexchange.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

namespace pd::sandbox {

// One accepted socket: reads requests (HttpRequestParser), answers them in order.
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)
public:
    HttpConnection(QTcpSocket *socket, HttpServer *server, const HttpLimits &limits);
    ~HttpConnection() override;

    bool isStreaming() const;
    // Closes at once, without ending the response in flight.
    void abortConnection();
    // Stops after the response in flight (used by HttpServer::close()).
    void closeGracefully();

    // Used by ServerExchange.
    void writeBytes(const QByteArray &bytes);
    void exchangeFinished(ServerExchange *exchange, bool keepAlive);

Q_SIGNALS:
    void closed();

private:
    void onReadyRead();
    void onDisconnected();
    void pump();
    void dispatchAvailable();
    void maybeSendContinue();
    void writeError(int code, const QByteArray &message);
    void teardown(bool deferSignal);
    void updateIdleTimer();

    QTcpSocket *m_socket = nullptr;
    QPointer<HttpServer> m_server;
    HttpLimits m_limits;
    HttpRequestParser m_parser;
    QPointer<ServerExchange> m_current;
    QTimer m_idleTimer;
    bool m_pumping = false;
    bool m_pumpAgain = false;
    bool m_closeAfterCurrent = false;
    bool m_dead = false;
};

} // namespace pd::sandbox
