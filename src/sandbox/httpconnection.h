#pragma once

#include "sandbox/httpserver.h"
#include "sandbox/serverexchange.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>

class QTcpSocket;

namespace pd::sandbox {

// One accepted socket: parses requests, answers them in order.
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
    struct Pending
    {
        HttpRequest request;
        bool http10 = false;
        bool keepAlive = true;
        int errorCode = 0;           // a parse error answered in order, then the connection closes
        QByteArray errorMessage;
    };
    enum class ParseState { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailer, Failed };

    void onReadyRead();
    void onDisconnected();
    void pump();
    void parseAvailable();
    bool parseHead(const QByteArray &head);
    void completeRequest();
    void fail(int code, const QByteArray &message);
    void dispatchAvailable();
    void maybeSendContinue();
    void writeError(int code, const QByteArray &message);
    void teardown(bool deferSignal);
    void updateIdleTimer();

    QTcpSocket *m_socket = nullptr;
    QPointer<HttpServer> m_server;
    HttpLimits m_limits;
    QByteArray m_in;
    ParseState m_parseState = ParseState::Head;
    Pending m_partial;
    qsizetype m_remaining = 0;       // body or chunk bytes still to read
    bool m_expectContinue = false;
    std::deque<Pending> m_queue;
    QPointer<ServerExchange> m_current;
    QTimer m_idleTimer;
    bool m_pumping = false;
    bool m_pumpAgain = false;
    bool m_closeAfterCurrent = false;
    bool m_dead = false;
};

} // namespace pd::sandbox
