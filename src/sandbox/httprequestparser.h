#pragma once

#include "sandbox/httpexchange.h"
#include "sandbox/httpserver.h"

#include <QByteArray>

#include <deque>

namespace pd::sandbox {

// One request read off a connection, or the parse error to answer in its place
// (after which the connection closes).
struct ParsedRequest
{
    HttpRequest request;             // peer is left for the connection to fill in
    bool http10 = false;
    bool keepAlive = true;
    int errorCode = 0;
    QByteArray errorMessage;
};

// The request side of HTTP/1.1 without a socket, so it can be tested and fuzzed alone:
// bytes go in as they arrive, complete requests come out in order. Request line and
// header limits, Content-Length and chunked bodies (trailers ignored), Expect:
// 100-continue. After a malformed request it yields that error and reads no further.
class HttpRequestParser final
{
public:
    explicit HttpRequestParser(const HttpLimits &limits) : m_limits(limits) {}

    void append(const QByteArray &bytes) { m_in += bytes; }
    // Parses what is buffered while fewer than maxPipelinedRequests wait to be taken.
    void parse();

    bool hasRequest() const { return !m_queue.empty(); }
    ParsedRequest takeRequest();
    // Drops everything parsed or buffered (the connection is closing).
    void discardAll();
    bool failed() const { return m_state == State::Failed; }
    // Nothing buffered, half read or waiting: the connection may idle out.
    bool isIdle() const { return m_queue.empty() && m_in.isEmpty() && m_state == State::Head; }
    // True once for a request that asked for `Expect: 100-continue` when its body is due
    // (never for HTTP/1.0, which has no interim responses).
    bool takeContinueRequest();

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailer, Failed };

    bool parseHead(const QByteArray &head);
    void completeRequest();
    void fail(int code, const QByteArray &message);
    // Length of the line at the front of the buffer, complete or not (limits check it
    // before its CRLF arrives, so a too-long line cannot grow without bound).
    qsizetype lineSoFar() const;

    HttpLimits m_limits;
    QByteArray m_in;
    State m_state = State::Head;
    ParsedRequest m_partial;
    qsizetype m_remaining = 0;       // body or chunk bytes still to read
    bool m_expectContinue = false;
    std::deque<ParsedRequest> m_queue;
};

} // namespace pd::sandbox
